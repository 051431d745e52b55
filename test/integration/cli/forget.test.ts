import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';

import { runCli } from '../../support/run-cli.js';
import { loadConfig } from '../../../src/config.js';
import { createTriageQueue } from '../../../src/queue/create-queue.js';
import { enqueueTriageJob } from '../../../src/queue/enqueue-triage-job.js';
import { createDiagnosisStore } from '../../../src/store/diagnosis-store.js';
import { createFeedbackStore } from '../../../src/store/feedback-store.js';
import { useRedis } from '../../support/use-redis-server.js';
import { sampleDiagnosis } from '../../support/sample-diagnosis.js';

const run = (args: string[], env: NodeJS.ProcessEnv) => runCli(args, { env });

describe('signin-triage forget --ticket (real redis)', () => {
  const { server, client: redis } = useRedis();

  it("deletes the ticket's diagnoses, its correction and its jobs, and nothing of other tickets", async () => {
    const prefix = `forget-${randomUUID().slice(0, 8)}`;
    const diagnoses = createDiagnosisStore({ redis: redis(), prefix });
    const feedback = createFeedbackStore({ redis: redis(), prefix });
    const queue = createTriageQueue({ redisUrl: server().url, prefix });
    try {
      for (const ticketId of ['4711', '4712']) {
        await diagnoses.save(sampleDiagnosis({ ticketId }), { requestKey: `ticket-${ticketId}-created` });
        await diagnoses.save(sampleDiagnosis({ ticketId, issue: 'account-blocked' }), { requestKey: `rerun-${ticketId}` });
        await feedback.add({ ticketId, correctIssue: 'account-blocked', previousIssue: 'other', text: 'Login failed' });
        for (const event of ['created', 'rerun'] as const) {
          await enqueueTriageJob(queue, {
            event,
            ticketId,
            requestKey: `${event}-${ticketId}`,
            receivedAt: new Date().toISOString(),
          });
        }
      }
      const keysBefore = await redis().keys(`${prefix}:*4711*`);
      expect(keysBefore.length).toBeGreaterThan(0);

      const env = {
        REDIS_URL: server().url,
        QUEUE_PREFIX: prefix,
        NODE_ENV: 'test',
        ZENDESK_SUBDOMAIN: 'acme',
        ZENDESK_OAUTH_TOKEN: 'x'.repeat(20),
      };
      const result = await run(['forget', '--ticket', '4711'], env);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(`Ticket 4711 (${prefix}): diagnoses deleted; agent correction deleted; 2 queue job(s) removed.\n`);

      expect(await diagnoses.get('4711')).toBeNull();
      expect(await diagnoses.previous('4711')).toBeNull();
      expect(await feedback.get('4711')).toBeNull();
      expect(await queue.getJob('created-4711')).toBeUndefined();
      expect(await queue.getJob('rerun-4711')).toBeUndefined();
      expect(await redis().keys(`${prefix}:*4711*`)).toEqual([]);

      expect(await diagnoses.get('4712')).not.toBeNull();
      expect(await feedback.get('4712')).not.toBeNull();
      expect(await queue.getJob('created-4712')).toBeDefined();

      const again = await run(['forget', '--ticket', '4711'], env);
      expect(again.stdout).toContain('diagnoses none stored; agent correction none stored; 0 queue job(s) removed');
    } finally {
      await queue.close();
    }
  });

  it('refuses a ticket id that is not digits, with the usage', async () => {
    const result = await run(['forget', '--ticket', '12; FLUSHALL'], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--ticket needs a Zendesk ticket id, digits only');
  });

  it('stores diagnoses with the DIAGNOSIS_RETENTION_DAYS expiry (default 180 days)', async () => {
    expect(loadConfig({ NODE_ENV: 'test' }).diagnosisRetentionDays).toBe(180);
    const days = loadConfig({ NODE_ENV: 'test', DIAGNOSIS_RETENTION_DAYS: '30' }).diagnosisRetentionDays;
    const prefix = `ttl-${randomUUID().slice(0, 8)}`;
    const store = createDiagnosisStore({ redis: redis(), prefix, ttlSeconds: days * 86_400 });
    await store.save(sampleDiagnosis({ ticketId: '9' }), { requestKey: 'a' });
    await store.save(sampleDiagnosis({ ticketId: '9' }), { requestKey: 'b' });
    for (const key of await redis().keys(`${prefix}:*`)) {
      const ttl = await redis().ttl(key);
      expect(ttl, key).toBeGreaterThan(30 * 86_400 - 60);
      expect(ttl, key).toBeLessThanOrEqual(30 * 86_400);
    }
  });
});
