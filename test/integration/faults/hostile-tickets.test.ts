import { spawn } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketInput } from '../../../src/triage/ticket.js';
import type { ZendeskSandbox } from '../../../src/zendesk-sandbox/index.js';
import { hostileTickets, manyFollowUpsTicket, slowestKnownTicket } from '../../support/hostile-tickets.js';
import { created, ledgerProblems, notesFor, queueCounts, sendWebhook, waitForDrain, type Ledger } from '../../support/ledger.js';
import { useServiceFixture } from '../../support/service-fixture.js';
import { waitFor } from '../../support/wait-for.js';

/**
 * "No ticket can stall the service", done when /healthz keeps answering in < 100 ms while the
 * report's tickets are triaged. The real service (one process, role all) gets the hostile
 * tickets through signed webhooks, a harmless ticket behind them, and is probed every 20 ms.
 *
 * The 2 cores are shared with whatever else runs (other test files, other sessions' builds). With a
 * load average of 7, a local HTTP call to a bare idle server (the reference server below, probed
 * at the same moments) took up to 117 ms, and the service's own event-loop monitor reported its
 * loop late by up to 150 ms while it only waited for CPU. So: every /healthz answer must come
 * within 1 s and the service's event loop may never be held 1 s (the report's stall was 35 s);
 * the issue's 100 ms is asserted on every answer when the machine is not oversubscribed (1-min
 * load average at most the number of cores), and always printed, with the reference's figure.
 */
const HEALTH_EVERY_MS = 20;
const HEALTH_BOUND_MS = 100;
const HEALTH_HARD_BOUND_MS = 1_000;
const NOT_ANALYSED = 'Not analysed: text too complex to analyse';
const HARMLESS: TicketInput = {
  id: 'harmless',
  subject: 'Cannot log in any more',
  description: 'Hello, since the migration my old username and password give "Login failed". What should I type now?',
};

interface HealthFigures {
  probes: number;
  /** Slowest raw answer of the service. */
  maxMs: number;
  p99Ms: number;
  /** Slowest answer of the reference server, probed at the same moments. */
  referenceMaxMs: number;
  failures: string[];
}

/** One GET, timed; rejects on an error or no answer within 5 s. */
function timedGet(url: string, agent: Agent): Promise<number> {
  const started = performance.now();
  return new Promise<number>((resolve, reject) => {
    const req = httpRequest(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`status ${res.statusCode}`))));
    });
    req.setTimeout(5_000, () => req.destroy(new Error('no answer in 5 s')));
    req.on('error', reject);
    req.end();
  });
}

/** GET /healthz of the service and of the reference every `everyMs`, on keep-alive connections, until stopped. */
function pollHealth(baseUrl: string, referenceUrl: string, everyMs: number): { stop(): Promise<HealthFigures> } {
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  const pairs: [number, number][] = [];
  const failures: string[] = [];
  const inFlight = new Set<Promise<void>>();
  const timer = setInterval(() => {
    const done = Promise.all([timedGet(`${baseUrl}/healthz`, agent), timedGet(referenceUrl, agent)]).then(
      (pair) => void pairs.push(pair),
      (error: Error) => void failures.push(error.message),
    );
    inFlight.add(done);
    void done.then(() => inFlight.delete(done));
  }, everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(inFlight);
      agent.destroy();
      const sorted = pairs.map(([service]) => service).sort((a, b) => a - b);
      return {
        probes: sorted.length,
        maxMs: sorted.at(-1) ?? 0,
        p99Ms: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0,
        referenceMaxMs: Math.max(0, ...pairs.map(([, reference]) => reference)),
        failures,
      };
    },
  };
}

/** A bare HTTP server in a process of its own: what a local call costs on this machine right now. */
async function startReferenceServer(): Promise<{ url: string; stop(): void }> {
  const child = spawn(
    process.execPath,
    ['-e', "require('http').createServer((q, s) => s.end('{}')).listen(0, '127.0.0.1', function () { console.log(this.address().port) })"],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once('exit', (code) => reject(new Error(`reference server exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}/`, stop: () => void child.kill('SIGKILL') };
}

/** The ticket in the stand-in: the description as the requester's first comment, follow-ups after it. */
function createInStandIn(sandbox: ZendeskSandbox, ticket: TicketInput, index: number): number {
  const requester = { name: `Customer ${index}`, email: `customer-${index}@example.com` };
  const id = sandbox.createTicket({ subject: ticket.subject ?? '', body: ticket.description ?? '', requester }).id;
  for (const message of ticket.conversation ?? []) sandbox.addComment(id, { body: message.body, public: true });
  return id;
}

/** Our internal note's plain text on a ticket. */
function noteText(sandbox: ZendeskSandbox, ticketId: number): string {
  const notes = (sandbox.state.comments.get(ticketId) ?? []).filter(
    (comment) => !comment.public && comment.author_id === sandbox.apiUser.id,
  );
  return notes.map((note) => note.body).join('\n');
}

/** The service's /metrics: cut-offs (all reasons) and its longest event-loop delay since the last scrape. */
async function scrapeMetrics(url: string): Promise<{ cutOffs: number; eventLoopMaxMs: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  let cutOffs = 0;
  let eventLoopMaxMs = Number.NaN;
  for (const line of text.split('\n')) {
    const cut = /^signin_triage_classification_cutoffs_total\{[^}]*\} (\d+)$/.exec(line);
    if (cut) cutOffs += Number(cut[1]);
    const lag = /^signin_triage_nodejs_eventloop_lag_max_seconds (\S+)$/.exec(line);
    if (lag) eventLoopMaxMs = Number(lag[1]) * 1000;
  }
  return { cutOffs, eventLoopMaxMs };
}

interface RunFigures {
  health: HealthFigures;
  /** Ticket id in the stand-in → our note's text. */
  notes: Map<number, string>;
  harmlessId: number;
  cutOffs: number;
  /** Longest the service's event loop was held while the tickets were triaged. */
  eventLoopMaxMs: number;
  drainMs: number;
  harmlessMs: number;
}

describe('hostile tickets through the running service', () => {
  const fixture = useServiceFixture();
  let reference: { url: string; stop(): void };
  beforeAll(async () => {
    reference = await startReferenceServer();
  });
  afterAll(() => {
    reference?.stop();
  });

  /** Starts the service, sends the tickets' webhooks in order (the harmless one last), waits for every note. */
  async function run(name: string, tickets: TicketInput[], extra: NodeJS.ProcessEnv): Promise<RunFigures> {
    const { sandbox, redis } = fixture();
    const prefix = fixture().newPrefix(`hostile-${name}`);
    const service = await fixture().start('all', { prefix, extra });
    const ids = [...tickets, HARMLESS].map((ticket, index) => createInStandIn(sandbox, ticket, index));
    const harmlessId = ids.at(-1)!;
    const ledger: Ledger = new Map();

    await scrapeMetrics(service.url); // resets the event-loop monitor: from here on counts
    const health = pollHealth(service.url, reference.url, HEALTH_EVERY_MS);
    let figures: HealthFigures;
    const sent = performance.now();
    let harmlessMs = 0;
    let drainMs = 0;
    try {
      for (const id of ids) expect(await sendWebhook(service.url, created(id), ledger)).toBe(202);
      const harmlessSent = performance.now();
      await waitFor(() => notesFor(sandbox, harmlessId, `ticket-${harmlessId}-created`) > 0, "the harmless ticket's note", 90_000, 20);
      harmlessMs = performance.now() - harmlessSent;
      await waitForDrain(sandbox, ledger, redis.url, prefix, 90_000);
      drainMs = performance.now() - sent;
    } finally {
      figures = await health.stop();
    }

    expect(ledgerProblems(sandbox, ledger)).toEqual([]);
    expect((await queueCounts(redis.url, prefix)).failed).toBe(0);
    const { cutOffs, eventLoopMaxMs } = await scrapeMetrics(service.url);
    await service.kill();
    const notes = new Map(ids.map((id) => [id, noteText(sandbox, id)]));
    return { health: figures, notes, harmlessId, cutOffs, eventLoopMaxMs, drainMs, harmlessMs };
  }

  function report(name: string, tickets: number, run: RunFigures): void {
    const notAnalysed = [...run.notes.values()].filter((text) => text.includes(NOT_ANALYSED)).length;
    console.info(
      `[faults] hostile tickets, ${name}: ${tickets} + 1 harmless triaged in ${(run.drainMs / 1000).toFixed(1)} s ` +
        `(harmless note ${run.harmlessMs.toFixed(0)} ms after its webhook), ${notAnalysed} not analysed, ${run.cutOffs} cut-offs on /metrics; ` +
        `/healthz ${run.health.probes} probes every ${HEALTH_EVERY_MS} ms, max ${run.health.maxMs.toFixed(1)} ms, p99 ${run.health.p99Ms.toFixed(1)} ms, ` +
        `reference server max ${run.health.referenceMaxMs.toFixed(1)} ms; service event loop held at most ${run.eventLoopMaxMs.toFixed(1)} ms`,
    );
  }

  function expectHealthy(run: RunFigures): void {
    expect(run.health.failures).toEqual([]);
    expect(run.health.probes).toBeGreaterThan(10);
    expect(run.health.maxMs).toBeLessThan(HEALTH_HARD_BOUND_MS);
    expect(run.eventLoopMaxMs).toBeLessThan(HEALTH_HARD_BOUND_MS);
    const load = loadavg()[0]!;
    if (load <= cpus().length) expect(run.health.maxMs).toBeLessThan(HEALTH_BOUND_MS);
    else
      console.info(
        `[faults] machine oversubscribed (load ${load.toFixed(1)} on ${cpus().length} cores): the 100 ms bound is printed, not asserted`,
      );
  }

  it(
    'default time limit: every input of the report is triaged and /healthz answers in < 100 ms throughout',
    { timeout: 180_000 },
    async () => {
      const tickets = hostileTickets().map((input) => input.ticket);
      const result = await run('default', tickets, {});
      report('CLASSIFY_TIME_LIMIT_MS=2000 (default)', tickets.length, result);

      expectHealthy(result);
      const harmless = result.notes.get(result.harmlessId)!;
      expect(harmless).toContain('signin-triage: ');
      expect(harmless).not.toContain('Not analysed');
      // Each hostile ticket: a note, analysed (they classify in well under the limit) or, on a
      // machine slow enough to pass 2 s, "not analysed", and then counted on /metrics.
      const notAnalysed = [...result.notes.values()].filter((text) => text.includes(NOT_ANALYSED)).length;
      for (const text of result.notes.values()) expect(text).toContain('signin-triage: ');
      expect(result.cutOffs).toBe(notAnalysed);
    },
  );

  it(
    'CLASSIFY_TIME_LIMIT_MS=1: long tickets are cut off, noted "Not analysed", counted on /metrics; /healthz < 100 ms',
    { timeout: 180_000 },
    async () => {
      // Every input we know classifies in under 50 ms now, so the limit is 1 ms (allowed for
      // tests): a 40,000-character ticket takes several milliseconds and is always cut off.
      // Each cut-off restarts the thread (about 1.3 s).
      const tickets = [
        slowestKnownTicket('slow-1'),
        { id: 'follow-ups', ...manyFollowUpsTicket().ticket },
        slowestKnownTicket('slow-2'),
        slowestKnownTicket('slow-3'),
      ];
      const result = await run('limit-1', tickets, { CLASSIFY_TIME_LIMIT_MS: '1' });
      report('CLASSIFY_TIME_LIMIT_MS=1', tickets.length, result);

      expectHealthy(result);
      const notAnalysed = [...result.notes.entries()].filter(([, text]) => text.includes(NOT_ANALYSED));
      expect(notAnalysed.length, 'no ticket was cut off at 1 ms').toBeGreaterThan(0);
      expect(result.cutOffs).toBe(notAnalysed.length);
      for (const text of result.notes.values()) expect(text).toContain('signin-triage: ');
      // The harmless ticket has its note, analysed or (at 1 ms, likely) not.
      expect(result.notes.get(result.harmlessId)).toContain('signin-triage: ');
    },
  );
});
