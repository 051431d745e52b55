import { afterAll, afterEach, beforeAll } from 'vitest';
import { startZendeskSandbox, type ZendeskSandbox, type ZendeskSandboxOptions } from '../../src/zendesk-sandbox/index.js';
import { startRedisServer, type RedisServerHandle } from './redis-server.js';
import { startService, type Role, type ServiceEnv, type ServiceProcess } from './service-process.js';

/**
 * One fixture for tests of real processes: a harness `redis-server` (append-only by default), the
 * Zendesk stand-in in the test process (webhook delivery off, budgets far above what tests send),
 * and service processes started on demand. Everything it started is stopped by `stop()`, and a
 * failed test prints the tail of every service's log.
 *
 * ```ts
 * const fixture = useServiceFixture({ standIn: { latencyMs: 40 } });
 * it('…', async () => {
 *   const { sandbox, redis } = fixture();
 *   const prefix = fixture().newPrefix('poison');
 *   const service = await fixture().start('all', { prefix, extra: { WORKER_CONCURRENCY: '5' } });
 * });
 * ```
 */
export interface ServiceFixtureOptions {
  /** Start redis-server with `--appendonly yes` (crash tests need it). @defaultValue true */
  appendonly?: boolean;
  /** Stand-in options over the fixture's defaults (see startStandIn). */
  standIn?: ZendeskSandboxOptions;
}

export interface StartOptions {
  /** Queue prefix; use `newPrefix()` so tests of one file never share jobs. */
  prefix: string;
  /** Environment over the service's test defaults (WORKER_*, NODE_OPTIONS, …). */
  extra?: NodeJS.ProcessEnv;
  /** Zendesk base URL when it differs from the stand-in's (a test proxy). */
  zendeskUrl?: string;
  /** What node runs (see ServiceEnv.command): the compiled build instead of the sources. */
  command?: ServiceEnv['command'];
}

export interface ServiceFixture {
  readonly redis: RedisServerHandle;
  readonly sandbox: ZendeskSandbox;
  /** A queue prefix unique in this run, e.g. `faults-poison-1767000000000-1`. */
  newPrefix(name: string): string;
  /** Starts a service process and waits until `/readyz` is 200; `stop()` kills it. */
  start(role: Role, options: StartOptions): Promise<ServiceProcess>;
  /** The last `chars` characters of every service started so far, each under its role. */
  logs(chars?: number): string;
  /** SIGKILLs every service, closes the stand-in and stops redis-server; idempotent. */
  stop(): Promise<void>;
}

/** The stand-in as fault tests want it: faults are injected on purpose, never by the budgets. */
export async function startStandIn(options: ZendeskSandboxOptions = {}): Promise<ZendeskSandbox> {
  return startZendeskSandbox({
    deliverWebhooks: false,
    updatesPerMinute: 100_000,
    updatesPerTicketPer10Min: 1_000,
    requestsPerMinute: 100_000,
    ...options,
  });
}

export async function startServiceFixture(options: ServiceFixtureOptions = {}): Promise<ServiceFixture> {
  const redis = await startRedisServer({ appendonly: options.appendonly ?? true });
  let sandbox: ZendeskSandbox;
  try {
    sandbox = await startStandIn(options.standIn);
  } catch (error) {
    await redis.stop();
    throw error;
  }
  const services: ServiceProcess[] = [];
  let prefixes = 0;
  let stopping: Promise<void> | null = null;
  return {
    redis,
    sandbox,
    newPrefix: (name) => `faults-${name}-${Date.now()}-${(prefixes += 1)}`,
    async start(role, start) {
      const service = await startService(role, {
        redisUrl: redis.url,
        sandbox,
        prefix: start.prefix,
        ...(start.zendeskUrl ? { zendeskUrl: start.zendeskUrl } : {}),
        ...(start.extra ? { extra: start.extra } : {}),
        ...(start.command ? { command: start.command } : {}),
      });
      services.push(service);
      return service;
    },
    logs(chars = 4_000) {
      return services
        .map((service, index) => `--- service ${index + 1} (${service.role}) ---\n${service.output().slice(-chars)}`)
        .join('\n');
    },
    stop() {
      stopping ??= (async () => {
        await Promise.allSettled(services.map((service) => service.kill()));
        await sandbox.close().catch(() => undefined);
        await redis.stop();
      })();
      return stopping;
    },
  };
}

/**
 * Registers the fixture with vitest for the enclosing file or `describe`: started before all
 * tests, stopped after all, logs printed after a failed test. Returns an accessor (the fixture
 * exists only once `beforeAll` ran).
 */
export function useServiceFixture(options: ServiceFixtureOptions = {}): () => ServiceFixture {
  let fixture: ServiceFixture | undefined;
  beforeAll(async () => {
    fixture = await startServiceFixture(options);
  });
  afterEach((context) => {
    if (fixture && context.task.result?.state === 'fail') {
      process.stderr.write(`[service-fixture] logs after the failure of "${context.task.name}":\n${fixture.logs()}\n`);
    }
  });
  afterAll(async () => {
    await fixture?.stop();
  });
  return () => {
    if (!fixture) throw new Error('the service fixture is used before its beforeAll ran (call it inside a test or hook)');
    return fixture;
  };
}
