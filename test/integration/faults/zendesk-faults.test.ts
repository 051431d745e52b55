import { afterAll, describe, expect, it } from 'vitest';
import type { SandboxFault } from '../../../src/zendesk-sandbox/index.js';
import { created, createTickets, ledgerProblems, queueCounts, sendWebhook, waitForDrain, type Ledger } from '../../support/ledger.js';
import { startProxy } from '../../support/http-proxy.js';
import { useServiceFixture } from '../../support/service-fixture.js';
import { waitFor } from '../../support/wait-for.js';

const TICKETS = 40;
const TIMEOUT_MS = 1_000;
const CANARY = 'canary-51d0e2';
const KINDS = ['rate-limited', 'unavailable', 'slow', 'conflict', 'none'] as const;
type Kind = (typeof KINDS)[number];

/** mulberry32: a seeded draw, so a failing mix can be replayed with FAULTS_SEED. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('Zendesk faults mixed at random over a batch', () => {
  let proxy: Awaited<ReturnType<typeof startProxy>> | undefined;
  // Registered first, so it runs after the fixture stopped the service (after-hooks run in reverse).
  afterAll(async () => {
    await proxy?.close();
  });
  const fixture = useServiceFixture();

  it("triages every ticket once and keeps the agent's concurrent tags", { timeout: 120_000 }, async () => {
    const seed = Number(process.env.FAULTS_SEED ?? Date.now() % 1_000_000);
    console.info(`[faults] Zendesk mix: seed ${seed} (replay with FAULTS_SEED=${seed})`);
    const random = seededRandom(seed);
    const { sandbox, redis } = fixture();
    // Ticket text and requester email carry a canary: the error paths below must not log them.
    const ticketIds = createTickets(sandbox, TICKETS, {
      body: `Since the migration my old password gives "Login failed". ${CANARY}-phrase, reach me at ${CANARY}@canary.example`,
      requester: { name: 'Canary Person', email: `${CANARY}@canary.example` },
    });
    // Every kind at least once, then a random mix.
    const kinds = new Map<number, Kind>(
      ticketIds.map((id, index) => [id, index < KINDS.length ? KINDS[index]! : KINDS[Math.floor(random() * KINDS.length)]!]),
    );

    const faults: SandboxFault[] = [];
    for (const [id, kind] of kinds) {
      const ticket = new RegExp(`^/api/v2/tickets/${id}\\.json`);
      if (kind === 'rate-limited') faults.push({ method: 'GET', path: ticket, status: 429, retryAfterSec: 1 });
      if (kind === 'unavailable') faults.push({ method: 'PUT', path: ticket, status: 503 });
      // Applied, but answered after our client gave up: the retry must find the note.
      if (kind === 'slow') faults.push({ method: 'PUT', path: ticket, delayMs: TIMEOUT_MS + 700 });
    }
    sandbox.injectFaults(faults);
    const agentEdited = new Set<number>();
    proxy = await startProxy(sandbox.url, (method, path) => {
      const id = Number(/^\/api\/v2\/tickets\/(\d+)\.json/.exec(path)?.[1]);
      if (method !== 'PUT' || kinds.get(id) !== 'conflict' || agentEdited.has(id)) return;
      // An agent saves the ticket between our read and our write: Zendesk answers 409.
      agentEdited.add(id);
      sandbox.agentEdit(id, { addTags: [`agent_tag_${id}`] });
    });

    const prefix = fixture().newPrefix('zendesk');
    const service = await fixture().start('all', {
      prefix,
      zendeskUrl: proxy.url,
      extra: { ZENDESK_TIMEOUT_MS: String(TIMEOUT_MS) },
    });
    const ledger: Ledger = new Map();
    const statuses = await Promise.all(ticketIds.map((id) => sendWebhook(service.url, created(id), ledger)));
    expect(statuses.filter((status) => status === 202)).toHaveLength(TICKETS);

    await waitForDrain(sandbox, ledger, redis.url, prefix, 90_000);
    expect(ledgerProblems(sandbox, ledger)).toEqual([]);

    const writes = (id: number, status: number) =>
      sandbox.requests.filter(
        (request) => request.method === 'PUT' && request.path === `/api/v2/tickets/${id}.json` && request.status === status,
      ).length;
    // A slow update is applied at once but logged only when its late answer goes out, which can
    // be after the retry has already found the note and the queue has drained.
    const slowIds = [...kinds].filter(([, kind]) => kind === 'slow').map(([id]) => id);
    await waitFor(() => slowIds.every((id) => writes(id, 200) >= 1), 'the late answers of slow updates', 10_000);
    for (const [id, kind] of kinds) {
      expect({ id, kind, applied: writes(id, 200) }).toEqual({ id, kind, applied: 1 });
      if (kind === 'conflict') {
        expect(writes(id, 409)).toBe(1);
        expect(sandbox.state.tickets.get(id)!.tags).toContain(`agent_tag_${id}`);
      }
    }
    const injected = sandbox.requests.filter((request) => request.fault);
    const count = (kind: Kind) => [...kinds.values()].filter((value) => value === kind).length;
    expect(injected.filter((request) => request.status === 429)).toHaveLength(count('rate-limited'));
    expect(injected.filter((request) => request.status === 503)).toHaveLength(count('unavailable'));
    expect(injected.filter((request) => request.status === 200)).toHaveLength(count('slow'));
    expect(service.output()).toContain('did not answer within');
    expect(service.output()).toContain('"level":"warn"');
    expect(service.output().toLowerCase()).not.toContain(CANARY);
    const counts = await queueCounts(redis.url, prefix);
    expect(counts.failed).toBe(0);
    expect(counts.completed).toBe(TICKETS);
    console.info(
      `[faults] Zendesk mix (seed ${seed}): ${KINDS.map((kind) => `${kind} ${count(kind)}`).join(', ')}; ${TICKETS} notes, 0 duplicates`,
    );
  });
});
