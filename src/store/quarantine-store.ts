import type { Redis } from 'ioredis';
import { z } from 'zod';

/**
 * Poison tickets: tickets whose triage killed the worker process each time they ran alone
 * (worker/poison-ticket-guard.ts, reason POISON_TICKET_REASON), or, the backstop, that BullMQ
 * failed after `maxStalledCount` recoveries ("job stalled more than allowable limit",
 * https://docs.bullmq.io/guide/workers/stalled-jobs). The catch-up sweep leaves them alone, so
 * a ticket that crashes the worker is not queued again every sweep; an agent's re-run still
 * reaches it. Ids only: no ticket text, no address.
 */
export const quarantineEntrySchema = z.object({
  ticketId: z.string().min(1),
  jobId: z.string().min(1),
  /** ISO 8601 time the job was failed. */
  at: z.string(),
  /** The job's failed reason: POISON_TICKET_REASON, or BullMQ's "job stalled more than allowable limit". */
  reason: z.string(),
});
export type QuarantineEntry = z.infer<typeof quarantineEntrySchema>;

/** An operator has this long to look at a poison ticket before the sweep may try it again. */
export const QUARANTINE_TTL_SECONDS = 90 * 24 * 3600;

export interface QuarantineStore {
  add(entry: QuarantineEntry): Promise<void>;
  /** The entry of a quarantined ticket, or null (also for an unreadable entry, which is dropped). */
  get(ticketId: string): Promise<QuarantineEntry | null>;
  /** Ends the quarantine (after a fix, to let the sweep queue it again). Resolves true when it was quarantined. */
  release(ticketId: string): Promise<boolean>;
}

export function createQuarantineStore(options: {
  redis: Pick<Redis, 'set' | 'get' | 'del'>;
  /** Key prefix, e.g. QUEUE_PREFIX. */
  prefix: string;
  /** @defaultValue QUARANTINE_TTL_SECONDS */
  ttlSeconds?: number;
}): QuarantineStore {
  const key = (ticketId: string) => `${options.prefix}:quarantine:v1:${ticketId}`;
  const ttl = options.ttlSeconds ?? QUARANTINE_TTL_SECONDS;
  return {
    async add(entry) {
      const valid = quarantineEntrySchema.parse(entry);
      await options.redis.set(key(valid.ticketId), JSON.stringify(valid), 'EX', ttl);
    },
    async get(ticketId) {
      const raw = await options.redis.get(key(ticketId));
      if (raw === null) return null;
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        json = null;
      }
      const parsed = quarantineEntrySchema.safeParse(json);
      return parsed.success ? parsed.data : null;
    },
    async release(ticketId) {
      return (await options.redis.del(key(ticketId))) > 0;
    },
  };
}

/** BullMQ's failed reason for a job recovered from dead workers more than `maxStalledCount` times. */
export const STALLED_TOO_OFTEN = 'job stalled more than allowable limit';
