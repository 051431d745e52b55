import type { Logger } from '../observability/logger.js';
import { signZendeskWebhook, zendeskTimestamp } from '../zendesk/sign-webhook.js';
import type { PendingInvocation } from './sandbox-account.js';

export type AttemptOutcome = number | 'timeout' | 'network';

export interface WebhookDelivery {
  invocationId: string;
  webhookId: string;
  triggerId: number;
  ticketId: number;
  endpoint: string;
  method: string;
  /** Rendered body, exactly as sent (sandbox data only; never logged). */
  body: string;
  /** Placeholders the stand-in could not render (empty in Zendesk too). */
  unknownPlaceholders: string[];
  /** Headers of the last attempt. */
  headers: Record<string, string>;
  attempts: Array<{ outcome: AttemptOutcome; at: string }>;
  state: 'pending' | 'delivered' | 'failed' | 'skipped';
}

export interface WebhookDeliveryOptions {
  accountId: number;
  /** false: record invocations without sending them. @defaultValue true */
  enabled: boolean;
  /** Zendesk waits 12 s. @defaultValue 12_000 */
  timeoutMs?: number;
  /** Wait before retrying a 409 or a timeout (Zendesk's own delay is undocumented). @defaultValue 500 */
  retryDelayMs?: number;
  /** Set false to try each invocation once. @defaultValue true */
  retry?: boolean;
  log?: Logger;
}

/**
 * Zendesk's delivery of trigger webhooks: signed, asynchronous, retried like Zendesk does
 * (409 up to 3 times, 429/503 only when Retry-After < 60 s, timeouts up to 5 times; nothing else).
 */
export function createWebhookDelivery(options: WebhookDeliveryOptions) {
  const deliveries: WebhookDelivery[] = [];
  const inFlight = new Set<Promise<void>>();
  const controllers = new Set<AbortController>();
  const waiters = new Set<() => void>();
  const sleepers = new Set<() => void>();
  let invocationSequence = 8_350_205_500;
  let closed = false;

  function enqueue(invocations: PendingInvocation[]): void {
    for (const invocation of invocations) {
      invocationSequence += 1;
      const delivery: WebhookDelivery = {
        invocationId: String(invocationSequence),
        webhookId: invocation.webhook.id,
        triggerId: invocation.triggerId,
        ticketId: invocation.ticketId,
        endpoint: invocation.webhook.endpoint,
        method: invocation.webhook.http_method,
        body: invocation.body,
        unknownPlaceholders: invocation.unknownPlaceholders,
        headers: {},
        attempts: [],
        state: 'pending',
      };
      deliveries.push(delivery);
      if (!options.enabled || invocation.webhook.status !== 'active' || closed) {
        delivery.state = 'skipped';
        continue;
      }
      // Zendesk queues webhook jobs: the API answer never waits for the delivery.
      const task = new Promise<void>((resolve) => setImmediate(resolve)).then(() => send(delivery, invocation));
      inFlight.add(task);
      void task.finally(() => {
        inFlight.delete(task);
        notifyWaiters();
      });
    }
    notifyWaiters();
  }

  async function send(delivery: WebhookDelivery, invocation: PendingInvocation): Promise<void> {
    const counts = { conflict: 0, timeout: 0, throttled: 0 };
    for (;;) {
      if (closed) {
        delivery.state = 'failed';
        return;
      }
      const outcome = await attempt(delivery, invocation);
      delivery.attempts.push({ outcome: outcome.status, at: new Date().toISOString() });
      notifyWaiters();
      if (typeof outcome.status === 'number' && outcome.status >= 200 && outcome.status < 300) {
        delivery.state = 'delivered';
        return;
      }
      const wait = retryWait(outcome, counts);
      if (wait === null) {
        delivery.state = 'failed';
        options.log?.warn(
          { webhookId: delivery.webhookId, invocationId: delivery.invocationId, outcome: outcome.status },
          'sandbox webhook delivery failed',
        );
        return;
      }
      await sleep(wait);
    }
  }

  /** A retry wait that close() cuts short. */
  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      sleepers.add(wake);
    });
  }

  function retryWait(
    outcome: { status: AttemptOutcome; retryAfterSec: number | undefined },
    counts: { conflict: number; timeout: number; throttled: number },
  ): number | null {
    if (options.retry === false) return null;
    const delay = options.retryDelayMs ?? 500;
    if (outcome.status === 409 && counts.conflict < 3) {
      counts.conflict += 1;
      return delay;
    }
    if (outcome.status === 'timeout' && counts.timeout < 5) {
      counts.timeout += 1;
      return delay;
    }
    if (
      (outcome.status === 429 || outcome.status === 503) &&
      outcome.retryAfterSec !== undefined &&
      outcome.retryAfterSec < 60 &&
      counts.throttled < 10
    ) {
      counts.throttled += 1;
      return outcome.retryAfterSec * 1000;
    }
    return null;
  }

  async function attempt(
    delivery: WebhookDelivery,
    invocation: PendingInvocation,
  ): Promise<{ status: AttemptOutcome; retryAfterSec: number | undefined }> {
    const webhook = invocation.webhook;
    const hasBody = webhook.http_method !== 'GET' && webhook.http_method !== 'DELETE';
    const body = hasBody ? invocation.body : '';
    const signed = signZendeskWebhook({ rawBody: body, secret: webhook.signingSecret, timestamp: zendeskTimestamp(new Date()) });
    const headers: Record<string, string> = {
      'user-agent': 'Zendesk Webhook',
      'x-zendesk-account-id': String(options.accountId),
      'x-zendesk-webhook-id': webhook.id,
      'x-zendesk-webhook-invocation-id': delivery.invocationId,
      ...signed.headers,
    };
    if (hasBody) headers['content-type'] = contentType(webhook.request_format);
    const auth = webhook.authentication;
    if (auth?.type === 'bearer_token' && auth.data?.token) headers.authorization = `Bearer ${auth.data.token}`;
    if (auth?.type === 'basic_auth' && auth.data?.username !== undefined) {
      headers.authorization = `Basic ${Buffer.from(`${auth.data.username}:${auth.data.password ?? ''}`).toString('base64')}`;
    }
    if (auth?.type === 'api_key' && auth.data?.name && auth.data.value) headers[auth.data.name.toLowerCase()] = auth.data.value;
    delivery.headers = headers;

    const controller = new AbortController();
    controllers.add(controller);
    const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 12_000);
    try {
      const response = await fetch(webhook.endpoint, {
        method: webhook.http_method,
        headers,
        ...(hasBody ? { body } : {}),
        redirect: 'manual',
        signal: controller.signal,
      });
      await response.arrayBuffer().catch(() => undefined);
      const retryAfter = response.headers.get('retry-after');
      const retryAfterSec = retryAfter !== null && /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter) : undefined;
      return { status: response.status, retryAfterSec };
    } catch {
      return { status: controller.signal.aborted ? 'timeout' : 'network', retryAfterSec: undefined };
    } finally {
      clearTimeout(timer);
      controllers.delete(controller);
    }
  }

  function notifyWaiters(): void {
    for (const waiter of [...waiters]) waiter();
  }

  /** Resolves when `predicate(deliveries)` holds (checked after every change), or rejects after `timeoutMs`. */
  function waitFor(predicate: (all: readonly WebhookDelivery[]) => boolean, timeoutMs = 10_000): Promise<WebhookDelivery[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!predicate(deliveries)) return;
        cleanup();
        resolve([...deliveries]);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(`sandbox webhook deliveries did not reach the expected state within ${timeoutMs} ms (${deliveries.length} recorded)`),
        );
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });
  }

  return {
    deliveries,
    enqueue,
    waitFor,
    /** Resolves once no delivery is in flight. */
    async idle(): Promise<void> {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    async close(): Promise<void> {
      closed = true;
      for (const controller of controllers) controller.abort();
      for (const wake of [...sleepers]) wake();
      await Promise.allSettled([...inFlight]);
    },
  };
}

export type WebhookDeliverer = ReturnType<typeof createWebhookDelivery>;

function contentType(format: string): string {
  if (format === 'xml') return 'application/xml';
  if (format === 'form_encoded') return 'application/x-www-form-urlencoded';
  return 'application/json';
}
