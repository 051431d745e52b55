import { Queue } from 'bullmq';
import { containsNoteMarker } from '../../src/note/note-footer.js';
import { TRIAGE_QUEUE } from '../../src/queue/queue-names.js';
import { producerConnectionOptions } from '../../src/queue/redis-connection-options.js';
import { TRIAGE_TAG } from '../../src/triage/compute-tags.js';
import type { ZendeskSandbox } from '../../src/zendesk-sandbox/index.js';
import { signZendeskWebhook } from '../../src/zendesk/sign-webhook.js';
import { WEBHOOK_SECRET } from './service-process.js';
import { waitFor } from './wait-for.js';

/**
 * The ledger check of the fault tests: what got a 2xx is recorded as it is acknowledged, and in
 * the end every acknowledged request has exactly one internal note of ours on the stand-in.
 */

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

/** POSTs `raw` to the service's webhook route, signed as Zendesk signs it; rejects when no answer came. */
export function postSignedWebhook(url: string, raw: string): Promise<Response> {
  return fetch(`${url}/webhooks/zendesk`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signZendeskWebhook({ rawBody: raw, secret: WEBHOOK_SECRET }).headers },
    body: raw,
  });
}

/**
 * Sends one signed webhook (the body exactly as given) and, on a 2xx, records the acknowledged
 * request key (returned by the receiver as jobId) in the ledger.
 */
export async function sendWebhook(url: string, body: WebhookBody | string, ledger: Ledger): Promise<number> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const ticketId = Number((JSON.parse(raw) as WebhookBody).ticket_id);
  let response: Response;
  try {
    response = await postSignedWebhook(url, raw);
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
