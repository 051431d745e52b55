import { DelayedError, UnrecoverableError } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPoisonTicketGuard, POISON_TICKET_REASON, type GuardedJob } from '../../../worker/poison-ticket-guard.js';
import { useRedisServer } from '../../support/use-redis-server.js';

/** A job as BullMQ hands it to the processor: `stalledCounter` > 0 once recovered from a dead worker. */
function job(id: string, stalledCounter = 0): GuardedJob & { putBackUntil: number | null } {
  const fake = {
    id,
    stalledCounter,
    putBackUntil: null as number | null,
    moveToDelayed: async (timestamp: number) => {
      fake.putBackUntil = timestamp;
    },
  };
  return fake;
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

const never = () => new Promise<never>(() => {});

describe('poison-ticket guard (real Redis)', () => {
  const server = useRedisServer();
  let redis: Redis;
  let prefixCount = 0;
  beforeAll(() => {
    redis = new Redis(server().url);
  });
  afterAll(() => redis.disconnect());

  /** One guard per simulated worker process; `concurrency` records the worker setter's calls. */
  function processGuard(prefix: string, concurrency = 2) {
    const setTo: number[] = [];
    const guard = createPoisonTicketGuard({
      redis,
      prefix,
      concurrency,
      maxSoloCrashes: 2,
      setConcurrency: (value) => setTo.push(value),
    });
    return { guard, setTo };
  }

  it('runs fresh jobs side by side, up to the concurrency', async () => {
    const { guard, setTo } = processGuard(`guard${(prefixCount += 1)}`);
    let running = 0;
    let most = 0;
    const work = async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 20));
      running -= 1;
      return 'noted';
    };
    const results = await Promise.all(['1', '2', '3', '4'].map((id) => guard.run(job(id), 'token', work)));
    expect(results).toEqual(['noted', 'noted', 'noted', 'noted']);
    expect(most).toBe(2);
    expect(setTo).toEqual([]);
  });

  it('runs a recovered job only after the running ones end, alone, and puts back a job fetched meanwhile', async () => {
    const { guard, setTo } = processGuard(`guard${(prefixCount += 1)}`);
    const neighbour = deferred();
    const events: string[] = [];
    const neighbourRun = guard.run(job('fresh'), 'token', async () => {
      await neighbour.promise;
      events.push('neighbour ended');
    });
    const suspectRun = guard.run(job('recovered', 1), 'token', async () => {
      events.push('suspect started');
    });
    // The worker is told to fetch one job at a time while the suspect waits or runs.
    expect(setTo).toEqual([1]);
    const late = job('late');
    let lateRan = false;
    await expect(
      guard.run(late, 'token', async () => {
        lateRan = true;
      }),
    ).rejects.toBeInstanceOf(DelayedError);
    expect(lateRan).toBe(false);
    expect(late.putBackUntil).toBeGreaterThan(Date.now());

    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(events).toEqual([]);
    neighbour.resolve();
    await Promise.all([neighbourRun, suspectRun]);
    expect(events).toEqual(['neighbour ended', 'suspect started']);
    expect(setTo).toEqual([1, 2]);
    // Back to normal: a fresh job runs.
    await expect(guard.run(job('after'), 'token', async () => 'ok')).resolves.toBe('ok');
  });

  it('fails a job that stopped the process each time it ran alone, without running it again', async () => {
    const prefix = `guard${(prefixCount += 1)}`;
    // Two worker processes die while the poison job runs alone in them: their runs never end.
    for (let life = 0; life < 2; life += 1) {
      void processGuard(prefix).guard.run(job('poison', life + 1), 'token', never);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    let ranAgain = false;
    const third = processGuard(prefix).guard.run(job('poison', 3), 'token', async () => {
      ranAgain = true;
    });
    await expect(third).rejects.toBeInstanceOf(UnrecoverableError);
    await expect(third).rejects.toThrow(POISON_TICKET_REASON);
    expect(ranAgain).toBe(false);
  });

  it('does not count a run alone that a shutdown cut short (abandon) as a death', async () => {
    const prefix = `guard${(prefixCount += 1)}`;
    // Two deploys stop the process while the recovered job runs alone; each shutdown abandons it.
    for (let life = 0; life < 2; life += 1) {
      const { guard } = processGuard(prefix);
      void guard.run(job('long', life + 1), 'token', never);
      await new Promise((resolve) => setTimeout(resolve, 20));
      await guard.abandon();
    }
    await expect(processGuard(prefix).guard.run(job('long', 3), 'token', async () => 'noted')).resolves.toBe('noted');
  });

  it('never fails a recovered job whose runs alone end, however often it was stalled beside others', async () => {
    const prefix = `guard${(prefixCount += 1)}`;
    for (let stalls = 1; stalls <= 5; stalls += 1) {
      await expect(processGuard(prefix).guard.run(job('innocent', stalls), 'token', async () => 'noted')).resolves.toBe('noted');
    }
    // A run that throws (Zendesk down) also clears its count: the retry is not taken for a crash.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await expect(
        processGuard(prefix).guard.run(job('flaky', 1), 'token', async () => {
          throw new Error('Zendesk answered 503');
        }),
      ).rejects.toThrow('503');
    }
    await expect(processGuard(prefix).guard.run(job('flaky', 1), 'token', async () => 'noted')).resolves.toBe('noted');
  });
});
