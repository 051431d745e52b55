import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { containsNoteMarker } from '../../../src/note/note-footer.js';
import { TRIAGE_QUEUE } from '../../../src/queue/queue-names.js';
import { producerConnectionOptions } from '../../../src/queue/redis-connection-options.js';
import { TRIAGE_TAG } from '../../../src/triage/compute-tags.js';
import { startZendeskSandbox, type ZendeskSandbox, type ZendeskSandboxOptions } from '../../../src/zendesk/sandbox/index.js';
import { signZendeskWebhook } from '../../../src/zendesk/sign-webhook.js';
import { freePort } from '../../support/free-port.js';

/**
 * Fault tests run the real service (`node --import tsx src/main.ts`) as child processes against
 * a harness redis-server (append-only) and a Zendesk stand-in living in the test process, with
 * its webhook delivery off: the test signs and sends the webhooks itself and keeps the ledger of
 * what got a 2xx.
 */

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = `${ROOT}src/main.ts`;
export const WEBHOOK_SECRET = 'faults-test-webhook-secret-0123456789';

export type Role = 'all' | 'api' | 'worker';

export interface ServiceProcess {
  role: Role;
  url: string;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr. */
  output(): string;
  exit: Promise<number | null>;
  /** Sends SIGKILL and waits for the exit. */
  kill(): Promise<void>;
}

export interface ServiceEnv {
  redisUrl: string;
  sandbox: ZendeskSandbox;
  prefix: string;
  /** Zendesk base URL when it differs from the stand-in's (a test proxy). */
  zendeskUrl?: string;
  extra?: NodeJS.ProcessEnv;
}

export async function startService(role: Role, env: ServiceEnv): Promise<ServiceProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--role', role], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      DOTENV_CONFIG_QUIET: 'true',
      TZ: 'UTC',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      PORT: String(port),
      REDIS_URL: env.redisUrl,
      QUEUE_PREFIX: env.prefix,
      ZENDESK_URL: env.zendeskUrl ?? env.sandbox.url,
      ZENDESK_EMAIL: env.sandbox.credentials.email,
      ZENDESK_API_TOKEN: env.sandbox.credentials.apiToken,
      ZENDESK_WEBHOOK_SECRET: WEBHOOK_SECRET,
      SIDEBAR_SESSION_SECRET: 'faults-test-sidebar-secret-0123456789abcdef',
      SWEEP_INTERVAL_MINUTES: '0',
      ZENDESK_UPDATES_PER_MINUTE: '1000',
      SHUTDOWN_GRACE_MS: '3000',
      // The ledger counts notes: every ticket gets one, `other` included (by default those get tags only).
      NOTE_ON_OTHER: 'on',
      ...env.extra,
    },
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const service: ServiceProcess = {
    role,
    url,
    child,
    output: () => output,
    exit,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exit;
    },
  };
  const exitedEarly = exit.then((code) => {
    throw new Error(`service (${role}) exited with ${code} before it was ready:\n${output.slice(-2000)}`);
  });
  exitedEarly.catch(() => undefined);
  try {
    await Promise.race([
      waitFor(async () => (await fetch(`${url}/readyz`).catch(() => null))?.status === 200, `service (${role}) readiness`, 45_000),
      exitedEarly,
    ]);
  } catch (error) {
    await service.kill();
    throw error;
  }
  return service;
}

export async function startStandIn(options: ZendeskSandboxOptions = {}): Promise<ZendeskSandbox> {
  // Budgets far above what the tests send: faults are injected on purpose, not by the limits.
  return startZendeskSandbox({
    deliverWebhooks: false,
    updatesPerMinute: 100_000,
    updatesPerTicketPer10Min: 1_000,
    requestsPerMinute: 100_000,
    ...options,
  });
}

export async function waitFor(probe: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export interface TicketText {
  subject?: string;
  body?: string;
  requester?: { name: string; email: string };
}

/** Sign-in tickets as customers submit them (no triggers installed, nothing fires). */
export function createTickets(sandbox: ZendeskSandbox, count: number, text: TicketText = {}): number[] {
  return Array.from(
    { length: count },
    (_, index) =>
      sandbox.createTicket({
        subject: text.subject ?? 'Cannot log in any more',
        body: text.body ?? 'Hello, since the migration my old username and password give "Login failed". What should I type now?',
        requester: text.requester ?? { name: `Customer ${index}`, email: `customer-${index}@example.com` },
      }).id,
  );
}

export interface WebhookBody {
  event: 'created' | 'rerun';
  ticket_id: string;
  by?: string;
  updated_at?: string;
}

/** The request key the service derives from a body (see src/zendesk/webhook-payload.ts). */
export type Ledger = Map<number, Set<string>>;

/**
 * Sends one signed webhook (the body exactly as given) and, on a 2xx, records the acknowledged
 * request key (returned by the receiver as jobId) in the ledger.
 */
export async function sendWebhook(url: string, body: WebhookBody | string, ledger: Ledger): Promise<number> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const ticketId = Number((JSON.parse(raw) as WebhookBody).ticket_id);
  let response: Response;
  try {
    response = await fetch(`${url}/webhooks/zendesk`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signZendeskWebhook({ rawBody: raw, secret: WEBHOOK_SECRET }).headers },
      body: raw,
    });
  } catch {
    return 0;
  }
  const answer = (await response.json().catch(() => ({}))) as { jobId?: string };
  if (response.status >= 200 && response.status < 300) {
    if (typeof answer.jobId !== 'string') throw new Error(`2xx without a jobId for ticket ${ticketId}`);
    const keys = ledger.get(ticketId) ?? new Set<string>();
    keys.add(answer.jobId);
    ledger.set(ticketId, keys);
  }
  return response.status;
}

export function created(ticketId: number): WebhookBody {
  return { event: 'created', ticket_id: String(ticketId) };
}

function internalNotes(sandbox: ZendeskSandbox, ticketId: number) {
  return (sandbox.state.comments.get(ticketId) ?? []).filter((comment) => !comment.public && comment.author_id === sandbox.apiUser.id);
}

/** Our notes on a ticket that carry the marker of `requestKey`. */
export function notesFor(sandbox: ZendeskSandbox, ticketId: number, requestKey: string): number {
  return internalNotes(sandbox, ticketId).filter(
    (comment) => containsNoteMarker(comment.html_body, requestKey) || containsNoteMarker(comment.body, requestKey),
  ).length;
}

/** Acknowledged request keys that have at least one note (for waiting). */
export function notedCount(sandbox: ZendeskSandbox, ledger: Ledger): number {
  let count = 0;
  for (const [ticketId, keys] of ledger) for (const key of keys) if (notesFor(sandbox, ticketId, key) > 0) count += 1;
  return count;
}

export function acknowledgedCount(ledger: Ledger): number {
  return [...ledger.values()].reduce((sum, keys) => sum + keys.size, 0);
}

export interface LedgerProblem {
  ticketId: number;
  problem: string;
}

/**
 * The ledger check: every acknowledged request has exactly one internal note with its marker,
 * the ticket has no other note of ours, and it carries the triage tag.
 */
export function ledgerProblems(sandbox: ZendeskSandbox, ledger: Ledger): LedgerProblem[] {
  const problems: LedgerProblem[] = [];
  for (const [ticketId, keys] of ledger) {
    for (const key of keys) {
      const count = notesFor(sandbox, ticketId, key);
      if (count !== 1) problems.push({ ticketId, problem: `${count} notes for ${key}` });
    }
    const total = internalNotes(sandbox, ticketId).length;
    if (total !== keys.size) problems.push({ ticketId, problem: `${total} notes of ours for ${keys.size} acknowledged requests` });
    if (!sandbox.state.tickets.get(ticketId)?.tags.includes(TRIAGE_TAG)) problems.push({ ticketId, problem: `no ${TRIAGE_TAG} tag` });
  }
  return problems;
}

/** Counts of the triage queue, read from Redis. */
export async function queueCounts(redisUrl: string, prefix: string): Promise<Record<string, number>> {
  const queue = new Queue(TRIAGE_QUEUE, { connection: producerConnectionOptions(redisUrl), prefix });
  try {
    return await queue.getJobCounts('active', 'waiting', 'delayed', 'prioritized', 'completed', 'failed', 'waiting-children');
  } finally {
    await queue.close();
  }
}

/** Waits until every acknowledged request has a note and the queue has nothing left to run. */
export async function waitForDrain(
  sandbox: ZendeskSandbox,
  ledger: Ledger,
  redisUrl: string,
  prefix: string,
  timeoutMs: number,
): Promise<void> {
  const expected = acknowledgedCount(ledger);
  await waitFor(() => notedCount(sandbox, ledger) >= expected, `${expected} notes`, timeoutMs);
  await waitFor(
    async () => {
      const counts = await queueCounts(redisUrl, prefix);
      return counts.active! + counts.waiting! + counts.delayed! + counts.prioritized! === 0;
    },
    'an empty queue',
    timeoutMs,
    250,
  );
}

/** Counts "triage job done" log lines with outcome `triaged` in a service's output. */
export function triagedInLog(output: string): number {
  return output.split('\n').filter((line) => line.includes('"msg":"triage job done"') && line.includes('"outcome":"triaged"')).length;
}

/**
 * A transparent HTTP proxy in front of the stand-in; `beforeForward` runs before a request is
 * passed on (used to make an agent edit the ticket just before our PUT arrives).
 */
export async function startProxy(
  target: string,
  beforeForward: (method: string, path: string) => void,
): Promise<{ url: string; close(): Promise<void> }> {
  const targetUrl = new URL(target);
  const server: Server = createServer((req, res) => {
    beforeForward(req.method ?? 'GET', req.url ?? '/');
    const upstream = httpRequest(
      { host: targetUrl.hostname, port: targetUrl.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    res.on('error', () => undefined);
    // Our client gave up (timeout): drop the upstream connection too, as a real one would be.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
