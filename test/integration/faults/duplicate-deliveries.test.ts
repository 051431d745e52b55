import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { TRIAGE_QUEUE } from '../../../src/queue/queue-names.js';
import { producerConnectionOptions } from '../../../src/queue/redis-connection-options.js';
import { TRIAGE_TAG } from '../../../src/triage/compute-tags.js';
import type { TriageJobResult } from '../../../worker/process-triage-job.js';
import {
  acknowledgedCount,
  created,
  createTickets,
  notesFor,
  queueCounts,
  sendWebhook,
  waitForDrain,
  type Ledger,
  type WebhookBody,
} from '../../support/ledger.js';
import { useServiceFixture } from '../../support/service-fixture.js';

const TICKETS = 20;
const CANARY_PHRASE = 'CANARY-7f3a9c-phrase';
const CANARY_EMAIL = 'canary-7f3a9c@canary.example';

function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(Math.random() * (index + 1));
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

describe('the same webhook delivered 3 times, out of order with a rerun', () => {
  const fixture = useServiceFixture({ standIn: { latencyMs: 20 } });

  it('writes at most one note per request, and logs neither ticket text nor the requester email', { timeout: 120_000 }, async () => {
    const { sandbox, redis } = fixture();
    const prefix = fixture().newPrefix('dup');
    const service = await fixture().start('all', { prefix });
    const ticketIds = createTickets(sandbox, TICKETS, {
      subject: `Cannot log in ${CANARY_PHRASE}`,
      body: `Hello, since the migration my old password gives "Login failed" (${CANARY_PHRASE}). Write to ${CANARY_EMAIL}.`,
      requester: { name: 'Canary Person', email: CANARY_EMAIL },
    });
    const rerun = (id: number): WebhookBody => ({
      event: 'rerun',
      ticket_id: String(id),
      by: String(sandbox.agent.id),
      updated_at: `2026-11-27T01:00:${String(id % 60).padStart(2, '0')}Z`,
    });

    const ledger: Ledger = new Map();
    // Per ticket: created ×3 and rerun ×3 in a random order (so the rerun often arrives first).
    const statuses = (
      await Promise.all(
        ticketIds.map(async (id) => {
          const answers: number[] = [];
          for (const body of shuffled([created(id), created(id), created(id), rerun(id), rerun(id), rerun(id)]))
            answers.push(await sendWebhook(service.url, body, ledger));
          return answers;
        }),
      )
    ).flat();
    expect(statuses).toEqual(Array(TICKETS * 6).fill(202));
    expect(acknowledgedCount(ledger)).toBe(TICKETS * 2);
    await waitForDrain(
      sandbox,
      new Map([...ledger].map(([id, keys]) => [id, new Set([...keys].filter((key) => key.includes('-rerun-')))])),
      redis.url,
      prefix,
      60_000,
    );

    // Late re-deliveries of both requests after their jobs completed: still one job each.
    const late = await Promise.all(
      ticketIds.flatMap((id) => [sendWebhook(service.url, created(id), ledger), sendWebhook(service.url, rerun(id), ledger)]),
    );
    expect(late).toEqual(Array(TICKETS * 2).fill(202));
    await waitForDrain(sandbox, new Map(), redis.url, prefix, 30_000);

    const queue = new Queue(TRIAGE_QUEUE, { connection: producerConnectionOptions(redis.url), prefix });
    let createdSkipped = 0;
    try {
      for (const [id, keys] of ledger) {
        expect(keys.size).toBe(2);
        const createdKey = [...keys].find((key) => key.endsWith('-created'))!;
        const rerunKey = [...keys].find((key) => key.includes('-rerun-'))!;
        expect(notesFor(sandbox, id, rerunKey)).toBe(1);
        // A created request processed after the rerun wrote finds the ticket triaged and adds nothing.
        const createdResult = (await queue.getJob(createdKey))?.returnvalue as TriageJobResult | undefined;
        const expectedCreatedNotes = createdResult?.outcome === 'triaged' ? 1 : 0;
        if (createdResult?.outcome !== 'triaged') {
          expect(createdResult).toEqual({ outcome: 'skipped', skipped: 'already triaged' });
          createdSkipped += 1;
        }
        expect(notesFor(sandbox, id, createdKey)).toBe(expectedCreatedNotes);
        const ours = (sandbox.state.comments.get(id) ?? []).filter(
          (comment) => !comment.public && comment.author_id === sandbox.apiUser.id,
        );
        expect(ours).toHaveLength(1 + expectedCreatedNotes);
        expect(sandbox.state.tickets.get(id)!.tags).toContain(TRIAGE_TAG);
      }
    } finally {
      await queue.close();
    }
    const counts = await queueCounts(redis.url, prefix);
    expect(counts.completed).toBe(TICKETS * 2);
    expect(counts.failed).toBe(0);

    // Canary: the service read these tickets, yet its logs carry neither the text nor the email.
    const output = service.output();
    expect(output).toContain('"msg":"triage job done"');
    expect(output).not.toContain(CANARY_PHRASE);
    expect(output.toLowerCase()).not.toContain(CANARY_EMAIL);
    expect(output.toLowerCase()).not.toContain('canary-7f3a9c');
    // Nor does Redis (job data, stored diagnoses): its append-only files hold every write in clear.
    const persisted = readdirSync(redis.dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'latin1'))
      .join('');
    expect(persisted).toContain(prefix);
    expect(persisted.toLowerCase()).not.toContain('canary-7f3a9c');
    console.info(
      `[faults] duplicates: ${TICKETS} tickets × (3 created + 3 rerun + 2 late) deliveries → ${TICKETS * 2} jobs; created skipped after the rerun on ${createdSkipped} tickets; 0 double notes`,
    );
  });
});
