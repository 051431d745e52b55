import { createHmac } from 'node:crypto';

/** Zendesk's timestamp style: second precision, UTC, e.g. 2021-03-25T05:09:27Z. */
export function zendeskTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

export interface SignedWebhook {
  signature: string;
  timestamp: string;
  /** Headers as Zendesk sends them (lower-case names). */
  headers: {
    'x-zendesk-webhook-signature': string;
    'x-zendesk-webhook-signature-timestamp': string;
  };
}

/**
 * Signs a webhook body the way Zendesk does: base64(HMAC-SHA256(secret as UTF-8, timestamp + body)).
 * For tests, the Zendesk stand-in and `npm run webhook:send`.
 */
export function signZendeskWebhook(options: { rawBody: Uint8Array | string; secret: string; timestamp?: Date | string }): SignedWebhook {
  const timestamp =
    options.timestamp === undefined
      ? zendeskTimestamp(new Date())
      : typeof options.timestamp === 'string'
        ? options.timestamp
        : zendeskTimestamp(options.timestamp);
  const signature = createHmac('sha256', options.secret).update(timestamp, 'utf8').update(options.rawBody).digest('base64');
  return {
    signature,
    timestamp,
    headers: { 'x-zendesk-webhook-signature': signature, 'x-zendesk-webhook-signature-timestamp': timestamp },
  };
}
