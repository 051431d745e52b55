import { beforeEach, describe, expect, it } from 'vitest';

import {
  createDiagnosisStore,
  DIAGNOSIS_HISTORY_LENGTH,
  DiagnosisStoreError,
  RECORD_ATTEMPTS,
} from '../../../src/store/diagnosis-store.js';
import type { Diagnosis } from '../../../src/triage/diagnosis.js';
import { useRedis } from '../../support/use-redis-server.js';

function diagnosis(ticketId: string, issue: string, classifiedAt = '2026-11-20T10:00:00.000Z'): Diagnosis {
  const check = { present: false, reason: 'not found' };
  return {
    ticketId,
    issue,
    confidence: 0.9,
    topIssue: issue,
    abstained: false,
    band: 'high',
    ranking: [{ issue, probability: 0.9 }],
    evidence: [],
    language: 'en',
    escalation: { email: check, timestamp: check, screenshot: check },
    missing: ['email', 'timestamp', 'screenshot'],
    playbookVersion: 'test',
    classifiedAt,
  };
}

describe('diagnosis store (real redis)', () => {
  const { client: redis } = useRedis();
  const prefix = 'test-diag';
  beforeEach(async () => {
    await redis().flushall();
  });

  it('returns null for a ticket never triaged', async () => {
    const store = createDiagnosisStore({ redis: redis(), prefix });
    expect(await store.get('1')).toBeNull();
    expect(await store.previous('1')).toBeNull();
  });

  it('keeps the latest diagnosis and the one before it', async () => {
    const store = createDiagnosisStore({ redis: redis(), prefix });
    await store.save(diagnosis('7', 'legacy-credentials'));
    expect((await store.get('7'))?.issue).toBe('legacy-credentials');
    expect(await store.previous('7')).toBeNull();
    await store.save(diagnosis('7', 'account-blocked'));
    expect((await store.get('7'))?.issue).toBe('account-blocked');
    expect((await store.previous('7'))?.issue).toBe('legacy-credentials');
  });

  it('caps the history and sets an expiry', async () => {
    const store = createDiagnosisStore({ redis: redis(), prefix, ttlSeconds: 1000 });
    for (let run = 0; run < DIAGNOSIS_HISTORY_LENGTH + 5; run += 1) await store.save(diagnosis('8', `issue-${run}`));
    expect(await redis().llen(`${prefix}:diagnosis:v1:8:history`)).toBe(DIAGNOSIS_HISTORY_LENGTH);
    expect(await redis().ttl(`${prefix}:diagnosis:v1:8`)).toBeGreaterThan(900);
    expect(await redis().ttl(`${prefix}:diagnosis:v1:8:history`)).toBeGreaterThan(900);
    expect((await store.previous('8'))?.issue).toBe(`issue-${DIAGNOSIS_HISTORY_LENGTH + 3}`);
  });

  it('refuses a stored value that is not a valid diagnosis, naming the key and field', async () => {
    const store = createDiagnosisStore({ redis: redis(), prefix });
    await redis().set(`${prefix}:diagnosis:v1:9`, JSON.stringify({ ...diagnosis('9', 'x'), confidence: 'high' }));
    await expect(store.get('9')).rejects.toThrow(/test-diag:diagnosis:v1:9 holds an invalid diagnosis at confidence/);
    await redis().set(`${prefix}:diagnosis:v1:9`, '<html>');
    await expect(store.get('9')).rejects.toBeInstanceOf(DiagnosisStoreError);
  });

  it('refuses ticket ids that are not digits', async () => {
    const store = createDiagnosisStore({ redis: redis(), prefix });
    await expect(store.get('1:*')).rejects.toThrow(/must be digits/);
  });

  it('removes a ticket', async () => {
    const store = createDiagnosisStore({ redis: redis(), prefix });
    await store.save(diagnosis('3', 'a'));
    await store.save(diagnosis('3', 'b'));
    expect(await store.remove('3')).toBe(true);
    expect(await store.get('3')).toBeNull();
    expect(await store.previous('3')).toBeNull();
    expect(await store.remove('3')).toBe(false);
  });
});

describe('diagnosis store: saving twice for one request (real redis)', () => {
  const { client: redis } = useRedis();
  const prefix = 'test-diag-req';

  it('replaces the latest instead of filling the history, and keeps the baseline', async () => {
    const store = createDiagnosisStore({ redis: redis(), prefix });
    await store.save(diagnosis('4', 'legacy-credentials'), { requestKey: 'ticket-4-created' });
    expect(await store.baseline('4', 'ticket-4-rerun-a')).toMatchObject({ issue: 'legacy-credentials' });

    await store.save(diagnosis('4', 'account-blocked'), { requestKey: 'ticket-4-rerun-a' });
    // A retry of the same re-run: compares with the diagnosis before the re-run, not with itself.
    expect(await store.baseline('4', 'ticket-4-rerun-a')).toMatchObject({ issue: 'legacy-credentials' });
    await store.save(diagnosis('4', 'account-blocked', '2026-11-20T11:00:00.000Z'), { requestKey: 'ticket-4-rerun-a' });

    expect(await store.get('4')).toMatchObject({ issue: 'account-blocked', classifiedAt: '2026-11-20T11:00:00.000Z' });
    expect(await store.previous('4')).toMatchObject({ issue: 'legacy-credentials' });
    expect(await redis().llen(`${prefix}:diagnosis:v1:4:history`)).toBe(1);
  });

  it('records the confirm questions an agent sent on the latest diagnosis in place: same history, same expiry', async () => {
    const store = createDiagnosisStore({ redis: redis(), prefix, ttlSeconds: 1000 });
    expect(await store.recordConfirmAsked('5', ['account-blocked'])).toBe(false);
    await store.save(diagnosis('5', 'legacy-credentials'));
    await store.save({ ...diagnosis('5', 'account-blocked'), confirmAsked: ['verification-error'] });
    await redis().expire(`${prefix}:diagnosis:v1:5`, 500);

    expect(await store.recordConfirmAsked('5', ['account-blocked', 'verification-error', 'account-blocked'])).toBe(true);
    expect(await store.get('5')).toMatchObject({ issue: 'account-blocked', confirmAsked: ['verification-error', 'account-blocked'] });
    expect(await store.previous('5')).toMatchObject({ issue: 'legacy-credentials' });
    expect(await redis().llen(`${prefix}:diagnosis:v1:5:history`)).toBe(1);
    const ttl = await redis().ttl(`${prefix}:diagnosis:v1:5`);
    expect(ttl).toBeGreaterThan(400);
    expect(ttl).toBeLessThanOrEqual(500);
    // Nothing new: no write.
    expect(await store.recordConfirmAsked('5', ['account-blocked'])).toBe(false);
  });

  it('never overwrites a diagnosis another job saved while it recorded questions: it reads again', async () => {
    const client = redis();
    const latestKey = `${prefix}:diagnosis:v1:6`;
    const store = createDiagnosisStore({ redis: client, prefix });
    await store.save(diagnosis('6', 'account-blocked'));
    /** A store over the same Redis whose every read of a key runs `afterRead` before it returns. */
    const storeWithReadsThat = (afterRead: (key: string) => Promise<void>) =>
      createDiagnosisStore({
        prefix,
        redis: Object.assign(Object.create(client) as typeof client, {
          get: async (key: string) => {
            const raw = await client.get(key);
            await afterRead(key);
            return raw;
          },
        }),
      });
    // A customer's reply is handled between our read and our write, once.
    let reads = 0;
    const racing = storeWithReadsThat(async (key) => {
      if (key === latestKey && (reads += 1) === 1) await store.save(diagnosis('6', 'verification-error', '2026-11-20T12:00:00.000Z'));
    });
    expect(await racing.recordConfirmAsked('6', ['account-blocked'])).toBe(true);
    expect(reads).toBe(2);
    expect(await store.get('6')).toMatchObject({ issue: 'verification-error', confirmAsked: ['account-blocked'] });

    // A ticket that changes at every read: a clear error after RECORD_ATTEMPTS reads, nothing overwritten.
    let saves = 0;
    const busy = storeWithReadsThat(async () => {
      await store.save(diagnosis('6', 'verification-error', `2026-11-20T13:0${(saves += 1)}:00.000Z`));
    });
    await expect(busy.recordConfirmAsked('6', ['legacy-credentials'])).rejects.toThrow(
      new DiagnosisStoreError(
        `${latestKey} changed under ${RECORD_ATTEMPTS} attempts to record confirm questions; the next reply records them`,
      ),
    );
    // The question recorded earlier stays (saves keep them); the one that never landed is not there.
    expect((await store.get('6'))?.confirmAsked).toEqual(['account-blocked']);
  });

  it('a save keeps the confirm questions the diagnosis it replaces records, even those recorded while it was saving', async () => {
    const client = redis();
    const latestKey = `${prefix}:diagnosis:v1:3`;
    const store = createDiagnosisStore({ redis: client, prefix });
    await store.save({ ...diagnosis('3', 'account-blocked'), confirmAsked: ['account-blocked'] });
    await store.save(diagnosis('3', 'account-blocked', '2026-11-20T11:00:00.000Z'));
    expect((await store.get('3'))?.confirmAsked).toEqual(['account-blocked']);

    // A customer's reply job saves while an agent-reply job records a question between its read and its write.
    let reads = 0;
    const racing = createDiagnosisStore({
      prefix,
      redis: Object.assign(Object.create(client) as typeof client, {
        get: async (key: string) => {
          const raw = await client.get(key);
          if (key === latestKey && (reads += 1) === 1) await store.recordConfirmAsked('3', ['legacy-credentials']);
          return raw;
        },
      }),
    });
    await racing.save(diagnosis('3', 'verification-error', '2026-11-20T12:00:00.000Z'), { requestKey: 'ticket-3-reply-a' });
    expect(reads).toBe(2);
    expect(await store.get('3')).toMatchObject({ issue: 'verification-error', confirmAsked: ['account-blocked', 'legacy-credentials'] });
    expect(await redis().llen(`${prefix}:diagnosis:v1:3:history`)).toBe(2);
  });
});
