import { describe, expect, it } from 'vitest';
import { bodyDigest, parseWebhookPayload } from '../../../src/zendesk/webhook-payload.js';

function parse(body: string) {
  return parseWebhookPayload(JSON.parse(body), Buffer.from(body));
}

describe('parseWebhookPayload', () => {
  it('keys a created trigger by ticket only, so every delivery of it is one job', () => {
    expect(parse('{"event":"created","ticket_id":"123"}')).toEqual({
      ok: true,
      request: { kind: 'triage', ticketId: '123', event: 'created', requestKey: 'ticket-123-created' },
    });
    expect(parse('{"ticket_id":123,"event":"created","extra":"ignored"}')).toMatchObject({
      ok: true,
      request: { requestKey: 'ticket-123-created' },
    });
  });

  it('tells two firings of one rerun body apart by invocation id; a retry of one invocation keeps its key', () => {
    const body = '{"event":"rerun","ticket_id":"123","by":"42","updated_at":"November 30, 2026 10:42"}';
    const key = (invocationId?: string) => {
      const parsed = parseWebhookPayload(JSON.parse(body), Buffer.from(body), { invocationId });
      return parsed.ok && parsed.request.kind === 'triage' ? parsed.request.requestKey : null;
    };
    expect(key('8350205501')).toMatch(/^ticket-123-rerun-[0-9a-f]{16}$/);
    expect(key('8350205501')).toBe(key('8350205501'));
    expect(key('8350205502')).not.toBe(key('8350205501'));
    expect(key()).toBe(`ticket-123-rerun-${bodyDigest(Buffer.from(body))}`);
  });

  it('accepts a customer reply; every reply is its own request, retries of one delivery are not', () => {
    const body = '{"event":"customer_reply","ticket_id":"123"}';
    const parsed = (delivery: { invocationId?: string; signatureTimestamp?: string }) =>
      parseWebhookPayload(JSON.parse(body), Buffer.from(body), delivery);
    const first = parsed({ invocationId: '1' });
    expect(first).toMatchObject({ ok: true, request: { kind: 'triage', ticketId: '123', event: 'customer_reply' } });
    const keyOf = (result: ReturnType<typeof parsed>) => (result.ok && result.request.kind === 'triage' ? result.request.requestKey : null);
    expect(keyOf(first)).toMatch(/^ticket-123-reply-[0-9a-f]{16}$/);
    expect(keyOf(parsed({ invocationId: '1' }))).toBe(keyOf(first));
    expect(keyOf(parsed({ invocationId: '2' }))).not.toBe(keyOf(first));
    // Without the invocation header, the signed timestamp tells deliveries apart.
    expect(keyOf(parsed({ signatureTimestamp: '1764480000' }))).not.toBe(keyOf(parsed({ signatureTimestamp: '1764480060' })));
    expect(parse('{"event":"customer_reply"}')).toMatchObject({ ok: false, issues: [{ path: 'ticket_id' }] });
  });

  it("accepts an agent's reply, keyed apart from a customer's reply to the same ticket", () => {
    const keyOf = (body: string, invocationId: string) => {
      const result = parseWebhookPayload(JSON.parse(body), Buffer.from(body), { invocationId });
      return result.ok && result.request.kind === 'triage' ? [result.request.event, result.request.requestKey] : null;
    };
    const agent = keyOf('{"event":"agent_reply","ticket_id":"123"}', '1');
    expect(agent?.[0]).toBe('agent_reply');
    expect(agent?.[1]).toMatch(/^ticket-123-agent-reply-[0-9a-f]{16}$/);
    expect(keyOf('{"event":"agent_reply","ticket_id":"123"}', '1')).toEqual(agent);
    expect(keyOf('{"event":"agent_reply","ticket_id":"123"}', '2')).not.toEqual(agent);
    expect(keyOf('{"event":"customer_reply","ticket_id":"123"}', '1')?.[1]).toMatch(/^ticket-123-reply-/);
  });

  it('keys a rerun by a hash of the signed body, so distinct reruns differ and re-deliveries do not', () => {
    const first = '{"event":"rerun","ticket_id":"123","by":"42","updated_at":"2026-01-01T10:00:00Z"}';
    const second = '{"event":"rerun","ticket_id":"123","by":"42","updated_at":"2026-01-01T10:05:00Z"}';
    const a = parse(first);
    const b = parse(second);
    expect(a).toEqual({
      ok: true,
      request: {
        kind: 'triage',
        ticketId: '123',
        event: 'rerun',
        requestKey: `ticket-123-rerun-${bodyDigest(Buffer.from(first))}`,
        requestedBy: '42',
      },
    });
    expect(
      a.ok && b.ok && a.request.kind === 'triage' && b.request.kind === 'triage' && a.request.requestKey !== b.request.requestKey,
    ).toBe(true);
    expect(parse(first)).toEqual(a);
    expect(bodyDigest(Buffer.from(first))).toMatch(/^[0-9a-f]{16}$/);
  });

  it('accepts the event-webhook envelope for ticket.created and ignores other event types', () => {
    expect(parse('{"type":"zen:event-type:ticket.created","detail":{"id":"5158","status":"OPEN"},"subject":"zen:ticket:5158"}')).toEqual({
      ok: true,
      request: { kind: 'triage', ticketId: '5158', event: 'created', requestKey: 'ticket-5158-created' },
    });
    expect(parse('{"type":"zen:event-type:ticket.comment_added","detail":{"id":"5158"}}')).toEqual({
      ok: true,
      request: { kind: 'ignored', eventType: 'zen:event-type:ticket.comment_added' },
    });
  });

  it.each([
    ['{"event":"updated","ticket_id":"1"}', 'event'],
    ['{"event":"created","ticket_id":"12a"}', 'ticket_id'],
    ['{"event":"created","ticket_id":"0"}', 'ticket_id'],
    ['{"event":"created","ticket_id":"{{ticket.id}}"}', 'ticket_id'],
    ['{"event":"created"}', 'ticket_id'],
    ['{"event":"created","ticket_id":-1}', 'ticket_id'],
    ['{"type":"zen:event-type:ticket.created","detail":{}}', 'detail.id'],
    ['{"type":"ticket.created","detail":{"id":"1"}}', 'type'],
    ['[]', '(root)'],
    ['"created"', '(root)'],
  ])('rejects %s at %s', (body, path) => {
    const result = parse(body);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.issues.map((issue) => issue.path)).toContain(path);
  });
});
