import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';

import {
  createFeedbackStore,
  FEEDBACK_TEXT_MAX_CHARS,
  feedbackToTrainingTicket,
  FeedbackStoreError,
} from '../../../src/store/feedback-store.js';
import { MAX_TICKET_CHARS } from '../../../src/triage/prepare-text.js';
import { useRedis } from '../../support/use-redis-server.js';

describe('feedback store (real redis)', () => {
  const { client: redis } = useRedis();

  const store = (prefix = `test-${randomUUID()}`) => {
    let tick = 0;
    return createFeedbackStore({ redis: redis(), prefix, now: () => new Date(Date.UTC(2026, 10, 26, 10, tick++)) });
  };

  it('keeps one correction per ticket, the latest, and lists them oldest first', async () => {
    const feedback = store();
    await feedback.add({
      ticketId: '7',
      correctIssue: 'account-blocked',
      previousIssue: 'other',
      subject: 'Locked',
      text: 'Login failed again',
    });
    await feedback.add({ ticketId: '5', correctIssue: 'verification-error', previousIssue: null, text: 'Error page' });
    await feedback.add({
      ticketId: '7',
      correctIssue: 'legacy-credentials',
      previousIssue: 'other',
      comment: 'username, not blocked',
      agentId: '99',
      text: 'Login failed again',
      language: 'en',
    });

    const all = await feedback.list();
    expect(all.map((r) => [r.ticketId, r.correctIssue])).toEqual([
      ['5', 'verification-error'],
      ['7', 'legacy-credentials'],
    ]);
    expect(await feedback.get('7')).toEqual({
      ticketId: '7',
      correctIssue: 'legacy-credentials',
      previousIssue: 'other',
      comment: 'username, not blocked',
      agentId: '99',
      subject: '',
      text: 'Login failed again',
      language: 'en',
      source: 'sidebar',
      createdAt: '2026-11-26T10:02:00.000Z',
    });
    expect(await feedback.get('8')).toBeNull();
  });

  it('keeps where a correction came from; records stored before the field read as sidebar corrections', async () => {
    const feedback = store();
    await feedback.add({ ticketId: '3', correctIssue: 'account-blocked', previousIssue: 'other', text: 'x', source: 'zendesk_tag' });
    expect((await feedback.get('3'))?.source).toBe('zendesk_tag');
    const prefix = `test-${randomUUID()}`;
    await redis().hset(
      `${prefix}:feedback:v1`,
      '4',
      JSON.stringify({ ticketId: '4', correctIssue: 'other', previousIssue: null, text: 'y', createdAt: '2026-11-26T10:00:00.000Z' }),
    );
    expect((await store(prefix).get('4'))?.source).toBe('sidebar');
  });

  it('forgets a ticket on request', async () => {
    const feedback = store();
    await feedback.add({ ticketId: '1', correctIssue: 'other', previousIssue: null, text: 'x' });
    expect(await feedback.remove('1')).toBe(true);
    expect(await feedback.remove('1')).toBe(false);
    expect(await feedback.list()).toEqual([]);
  });

  it('refuses invalid input and reports a corrupt stored value with its key', async () => {
    const prefix = `test-${randomUUID()}`;
    const feedback = store(prefix);
    await expect(feedback.add({ ticketId: 'abc', correctIssue: 'other', previousIssue: null, text: 'x' })).rejects.toThrow();
    await expect(
      feedback.add({ ticketId: '1', correctIssue: 'other', previousIssue: null, text: 'x', comment: 'c'.repeat(1001) }),
    ).rejects.toThrow();
    await redis().hset(`${prefix}:feedback:v1`, '3', '{"ticketId":"3"}');
    await expect(feedback.get('3')).rejects.toThrow(FeedbackStoreError);
    await expect(feedback.list()).rejects.toThrow(/ticket 3 .* invalid at correctIssue/);
  });

  it('turns a correction into a training ticket with subject and text', () => {
    expect(
      feedbackToTrainingTicket({
        ticketId: '1',
        correctIssue: 'account-blocked',
        previousIssue: null,
        subject: 'Locked out',
        text: 'Login failed',
        language: 'fr',
        createdAt: 'x',
      }),
    ).toEqual({ issue: 'account-blocked', ticket: { id: 'feedback-1', subject: 'Locked out', description: 'Login failed' }, lang: 'fr' });
    expect(
      feedbackToTrainingTicket({ ticketId: '1', correctIssue: 'other', previousIssue: null, subject: '', text: 'Hi', createdAt: 'x' }),
    ).toEqual({ issue: 'other', ticket: { id: 'feedback-1', subject: '', description: 'Hi' } });
  });

  it('keeps no more customer text than the classifier reads', async () => {
    const feedback = store();
    const record = await feedback.add({
      ticketId: '8',
      correctIssue: 'other',
      previousIssue: null,
      subject: 's'.repeat(2_000),
      text: 'x'.repeat(100_000),
    });
    expect(record.text).toHaveLength(FEEDBACK_TEXT_MAX_CHARS);
    expect(FEEDBACK_TEXT_MAX_CHARS).toBe(MAX_TICKET_CHARS);
    expect(record.subject).toHaveLength(500);
    expect((await feedback.get('8'))!.text).toHaveLength(FEEDBACK_TEXT_MAX_CHARS);
  });

  it('deletes corrections older than the retention period when listing', async () => {
    let clock = new Date('2026-01-01T00:00:00Z');
    const prefix = `test-${randomUUID()}`;
    const retained = createFeedbackStore({ redis: redis(), prefix, retentionDays: 30, now: () => clock });
    await retained.add({ ticketId: '1', correctIssue: 'other', previousIssue: null, text: 'old' });
    clock = new Date('2026-01-25T00:00:00Z');
    await retained.add({ ticketId: '2', correctIssue: 'other', previousIssue: null, text: 'recent' });
    clock = new Date('2026-02-05T00:00:00Z');
    expect((await retained.list()).map((r) => r.ticketId)).toEqual(['2']);
    expect(await redis().hkeys(`${prefix}:feedback:v1`)).toEqual(['2']);
  });

  it('purgeExpired deletes corrections past the retention without listing (FEEDBACK_LEARNING=off)', async () => {
    const prefix = `test-${randomUUID()}`;
    let clock = new Date('2026-01-01T00:00:00Z');
    const retained = createFeedbackStore({ redis: redis(), prefix, retentionDays: 30, now: () => clock });
    await retained.add({ ticketId: '1', correctIssue: 'account-blocked', previousIssue: null, text: 'Login failed' });
    clock = new Date('2026-01-20T00:00:00Z');
    await retained.add({ ticketId: '2', correctIssue: 'account-blocked', previousIssue: null, text: 'Login failed' });
    await redis().hset(`${prefix}:feedback:v1`, '3', 'not json');
    clock = new Date('2026-02-05T00:00:00Z');
    expect(await retained.purgeExpired()).toBe(1);
    expect((await redis().hkeys(`${prefix}:feedback:v1`)).sort()).toEqual(['2', '3']);
    expect(await retained.purgeExpired()).toBe(0);
  });
});
