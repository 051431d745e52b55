import type { Redis } from 'ioredis';
import { z } from 'zod';

import { diagnosisSchema, type Diagnosis } from '../triage/diagnosis.js';
import { mergedConfirmAsked } from '../triage/reply-policy.js';

/**
 * Our own tags as we last wrote them on a ticket, so the next read can tell an agent's hand-made
 * change (the ticket's tags differ from this) from our own write.
 */
export const writtenTagsSchema = z.object({
  /** The `signin_issue_*` tag we wrote; null when we wrote none (an agent removed it and we respect that). */
  issueTag: z.string().nullable(),
  /** The `signin_missing_*` tags we wrote. */
  missingTags: z.array(z.string()),
  /** Our tags an agent removed by hand: never written again until an agent adds them back. */
  suppressed: z.array(z.string()).default([]),
  /** The request whose note went with these tags (the ticket shows that note once the write landed). */
  requestKey: z.string(),
  /** ISO 8601 time of the write. */
  writtenAt: z.string(),
});
export type WrittenTags = z.infer<typeof writtenTagsSchema>;

/**
 * `confirmed`: our last write known to have landed. `pending`: a write we are about to make or
 * whose answer we lost; it counts once the ticket carries the note of its request key (tags and
 * note land in one update), so a lost answer never makes our own tags look like an agent's.
 */
export const tagLedgerSchema = z.object({ confirmed: writtenTagsSchema.nullable(), pending: writtenTagsSchema.nullable() });
export type TagLedger = z.infer<typeof tagLedgerSchema>;

/** Diagnoses kept per ticket besides the latest one (what a re-run is compared with). */
export const DIAGNOSIS_HISTORY_LENGTH = 10;
/** Diagnoses quote the customer's words, so they expire: by default 180 days after the last triage (DIAGNOSIS_RETENTION_DAYS). */
export const DIAGNOSIS_TTL_SECONDS = 180 * 24 * 3600;

export interface SaveOptions {
  /**
   * The job's request key. Saving again for the same key (a retried or re-run job) replaces the
   * latest diagnosis instead of pushing the first attempt's copy into the history.
   */
  requestKey?: string;
}

export interface DiagnosisStore {
  /**
   * Stores `d` as the ticket's latest diagnosis; the one it replaces goes to the capped history.
   * The confirm questions the replaced one records as sent are kept (they stay sent), and the
   * write is a compare-and-set on the latest as read: a recordConfirmAsked landing meanwhile is
   * read again, not overwritten. Throws DiagnosisStoreError after RECORD_ATTEMPTS changes.
   */
  save(d: Diagnosis, options?: SaveOptions): Promise<void>;
  get(ticketId: string): Promise<Diagnosis | null>;
  /** The diagnosis before the latest one, or null. */
  previous(ticketId: string): Promise<Diagnosis | null>;
  /**
   * What a request should compare its result with: the latest diagnosis, unless that one was
   * saved by this same request (an earlier attempt), then the one before it.
   */
  baseline(ticketId: string, requestKey: string): Promise<Diagnosis | null>;
  /** Records the tags we are about to write (before the update; see `tagLedgerSchema`). Same TTL as diagnoses. */
  planWrite(ticketId: string, written: WrittenTags): Promise<void>;
  /** Records that the planned write landed: it becomes the confirmed one. */
  confirmWrite(ticketId: string, written: WrittenTags): Promise<void>;
  /** Our confirmed and pending tag writes on the ticket, or null (never written, or expired). */
  lastWrite(ticketId: string): Promise<TagLedger | null>;
  /** Forgets a ticket (data-deletion requests). Resolves true when something was stored. */
  remove(ticketId: string): Promise<boolean>;
  /**
   * Adds confirm questions our team sent (issue ids, `Diagnosis.confirmAsked`) to the latest
   * diagnosis in place: a note on it, not a new diagnosis, so the history is untouched. Written
   * only if the latest is still the one read (another job may save a new diagnosis meanwhile;
   * then it is read again, up to RECORD_ATTEMPTS times). Resolves false when there is no
   * diagnosis, or nothing new to add.
   */
  recordConfirmAsked(ticketId: string, issues: readonly string[]): Promise<boolean>;
}

/** `diagnosis` with `asked` added to its confirmAsked (mergedConfirmAsked); the same object when nothing is new. */
function withQuestionsAsked(diagnosis: Diagnosis, asked: readonly string[]): Diagnosis {
  const merged = mergedConfirmAsked(diagnosis, { confirmAsked: [...asked] });
  return (merged?.length ?? 0) === (diagnosis.confirmAsked?.length ?? 0) ? diagnosis : { ...diagnosis, confirmAsked: merged };
}

/** Reads and compare-and-set writes save and recordConfirmAsked try before giving up (DiagnosisStoreError). */
export const RECORD_ATTEMPTS = 5;

export class DiagnosisStoreError extends Error {
  override name = 'DiagnosisStoreError';
}

export interface DiagnosisStoreOptions {
  redis: Pick<Redis, 'eval' | 'get' | 'set' | 'mget' | 'lindex' | 'del'>;
  /** Key prefix, e.g. QUEUE_PREFIX ("signin-triage"). */
  prefix: string;
  /** @defaultValue DIAGNOSIS_TTL_SECONDS */
  ttlSeconds?: number;
}

// One script, so two jobs finishing for the same ticket cannot both push the same "previous".
// KEYS: latest, history, request key of latest. ARGV: json, history length, ttl, request key ('' =
// none), the latest as read before ('' = none), whether one was read ('1' or '0'). Returns -1,
// writing nothing, when the latest changed since it was read.
const SAVE_SCRIPT = `
local old = redis.call('GET', KEYS[1])
if (ARGV[6] == '1' and old ~= ARGV[5]) or (ARGV[6] == '0' and old) then return -1 end
local sameRequest = ARGV[4] ~= '' and redis.call('GET', KEYS[3]) == ARGV[4]
if old and not sameRequest then
  redis.call('LPUSH', KEYS[2], old)
  redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[2]) - 1)
end
if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('EXPIRE', KEYS[2], ARGV[3]) end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3])
if ARGV[4] ~= '' then
  redis.call('SET', KEYS[3], ARGV[4], 'EX', ARGV[3])
else
  redis.call('DEL', KEYS[3])
end
return old and 1 or 0
`;

// KEYS: latest. ARGV: the JSON read, the JSON to write. Keeps the key's time to live.
const REPLACE_IF_UNCHANGED_SCRIPT = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
return 1
`;

/**
 * Latest diagnosis per ticket as a JSON string, previous ones in a capped list. Everything read
 * back is validated: a stored value from an older version fails loudly instead of leaking
 * `undefined` into the sidebar.
 */
export function createDiagnosisStore(options: DiagnosisStoreOptions): DiagnosisStore {
  const { redis, prefix } = options;
  const ttlSeconds = options.ttlSeconds ?? DIAGNOSIS_TTL_SECONDS;

  function keys(ticketId: string): { latest: string; history: string; request: string; written: string } {
    if (!/^\d+$/.test(ticketId)) throw new DiagnosisStoreError(`ticket id must be digits, got "${ticketId.slice(0, 40)}"`);
    const latest = `${prefix}:diagnosis:v1:${ticketId}`;
    return { latest, history: `${latest}:history`, request: `${latest}:request`, written: `${latest}:written` };
  }

  /** A stored JSON value checked against its schema; the error names the key and the field. */
  function parseStored<T>(key: string, raw: string, schema: z.ZodType<T>, what: string): T {
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch {
      throw new DiagnosisStoreError(`${key} does not hold JSON`);
    }
    const result = schema.safeParse(data);
    if (!result.success) {
      const first = result.error.issues[0];
      throw new DiagnosisStoreError(`${key} holds ${what} at ${first?.path.join('.') || '(root)'}: ${first?.message ?? 'unknown'}`);
    }
    return result.data;
  }

  function parse(key: string, raw: string | null): Diagnosis | null {
    return raw === null ? null : parseStored(key, raw, diagnosisSchema, 'an invalid diagnosis');
  }

  /**
   * The confirm questions the stored latest diagnosis records as sent: they stay sent whatever a
   * newer diagnosis read (an agent-reply job may record them while another job works). None when
   * the stored value cannot be read: the save replaces it.
   */
  function askedIn(key: string, raw: string | null): string[] {
    try {
      return parse(key, raw)?.confirmAsked ?? [];
    } catch {
      return [];
    }
  }

  async function readLedger(key: string): Promise<TagLedger | null> {
    const raw = await redis.get(key);
    return raw === null ? null : parseStored(key, raw, tagLedgerSchema, 'invalid written tags');
  }

  async function writeLedger(key: string, ledger: TagLedger): Promise<void> {
    await redis.set(key, JSON.stringify(ledger), 'EX', ttlSeconds);
  }

  return {
    async save(d, saveOptions = {}) {
      const diagnosis = diagnosisSchema.parse(d);
      const { latest, history, request } = keys(diagnosis.ticketId);
      for (let attempt = 1; attempt <= RECORD_ATTEMPTS; attempt += 1) {
        const raw = await redis.get(latest);
        const saved = await redis.eval(
          SAVE_SCRIPT,
          3,
          latest,
          history,
          request,
          JSON.stringify(withQuestionsAsked(diagnosis, askedIn(latest, raw))),
          DIAGNOSIS_HISTORY_LENGTH,
          ttlSeconds,
          saveOptions.requestKey ?? '',
          raw ?? '',
          raw === null ? '0' : '1',
        );
        if (saved !== -1) return;
      }
      throw new DiagnosisStoreError(`${latest} changed under ${RECORD_ATTEMPTS} attempts to save a diagnosis; the job is retried`);
    },
    async get(ticketId) {
      const { latest } = keys(ticketId);
      return parse(latest, await redis.get(latest));
    },
    async previous(ticketId) {
      const { history } = keys(ticketId);
      return parse(`${history}[0]`, await redis.lindex(history, 0));
    },
    async baseline(ticketId, requestKey) {
      const { latest, history, request } = keys(ticketId);
      const [raw, savedBy] = await redis.mget(latest, request);
      if (savedBy === requestKey) return parse(`${history}[0]`, await redis.lindex(history, 0));
      return parse(latest, raw ?? null);
    },
    async planWrite(ticketId, written) {
      const { written: key } = keys(ticketId);
      const ledger = await readLedger(key);
      await writeLedger(key, { confirmed: ledger?.confirmed ?? null, pending: writtenTagsSchema.parse(written) });
    },
    async confirmWrite(ticketId, written) {
      const { written: key } = keys(ticketId);
      await writeLedger(key, { confirmed: writtenTagsSchema.parse(written), pending: null });
    },
    async lastWrite(ticketId) {
      return readLedger(keys(ticketId).written);
    },
    async recordConfirmAsked(ticketId, issues) {
      const { latest } = keys(ticketId);
      for (let attempt = 1; attempt <= RECORD_ATTEMPTS; attempt += 1) {
        const raw = await redis.get(latest);
        const diagnosis = parse(latest, raw);
        if (raw === null || diagnosis === null) return false;
        const next = withQuestionsAsked(diagnosis, issues);
        if (next === diagnosis) return false;
        if ((await redis.eval(REPLACE_IF_UNCHANGED_SCRIPT, 1, latest, raw, JSON.stringify(diagnosisSchema.parse(next)))) === 1) return true;
      }
      throw new DiagnosisStoreError(
        `${latest} changed under ${RECORD_ATTEMPTS} attempts to record confirm questions; the next reply records them`,
      );
    },
    async remove(ticketId) {
      const { latest, history, request, written } = keys(ticketId);
      return (await redis.del(latest, history, request, written)) > 0;
    },
  };
}
