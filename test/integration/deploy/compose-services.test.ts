import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandFlags, containerEnv, durationMs, FILLED_ENV, loadCompose, type ComposeService } from '../../support/compose-file.js';
import { healthcheckCommand, imageCommand, imageEntrypoint, loadDockerfileStages, stageEnv } from '../../support/dockerfile.js';
import { freePort } from '../../support/free-port.js';
import { Redis } from 'ioredis';
import { startRedisServer, type RedisServerHandle } from '../../support/redis-server.js';
import { buildCompiled, type CompiledBuild } from '../../support/compiled-build.js';

/**
 * No Docker engine runs here, so each container is reproduced as a process: the image's
 * ENTRYPOINT + the service's command, the image's ENV overlaid with the service's resolved
 * environment (NODE_ENV=production), then the container's own healthcheck command and a
 * SIGTERM as `docker compose stop` sends it. The image runs the compiled build: `npm run build`
 * makes it in a folder that stands for the image's WORKDIR. Only what a test host must change is changed:
 * Redis's host and port (its password stays the one compose wires in from REDIS_PASSWORD, and
 * the test Redis requires it, as the compose redis service does), the port, and a Zendesk URL
 * on loopback so nothing leaves the machine.
 */

const compose = loadCompose();
const runtime = loadDockerfileStages().at(-1)!;
const entry = imageCommand(runtime);
const entrypoint = imageEntrypoint(runtime);
const commandOf = (service: ComposeService) => (Array.isArray(service.command) ? service.command : []);

interface Case {
  label: string;
  args: string[];
  environment: Record<string, string>;
  healthcheck: string[];
  stopGraceMs: number;
}

const image: Case = {
  label: 'the image default (docker run)',
  args: entry.slice(1),
  environment: containerEnv({ environment: compose.services.api!.environment! }, FILLED_ENV),
  healthcheck: healthcheckCommand(runtime)!,
  stopGraceMs: 10_000, // docker stop's default
};

const services: Case[] = (['api', 'worker'] as const).map((name) => {
  const service = compose.services[name]!;
  return {
    label: `compose service ${name}`,
    args: [...entrypoint.slice(1), ...commandOf(service)],
    environment: containerEnv(service, FILLED_ENV),
    healthcheck: service.healthcheck!.test.slice(1), // drop "CMD"
    stopGraceMs: durationMs(service.stop_grace_period ?? '10s'),
  };
});

let redis: RedisServerHandle;
let imageDir: CompiledBuild;

beforeAll(async () => {
  imageDir = await buildCompiled('compose-services');
  redis = await startRedisServer({ appendonly: true, args: ['--maxmemory-policy', 'noeviction'] });
  // As the compose redis service: requirepass REDIS_PASSWORD (set after start, so the harness's
  // unauthenticated start-up PING still answers).
  const admin = new Redis(redis.url);
  await admin.config('SET', 'requirepass', FILLED_ENV.REDIS_PASSWORD!);
  await admin.quit();
});

/** The service's own REDIS_URL (compose's, with the password), pointed at the test Redis. */
function onTestRedis(composeUrl: string | undefined): string {
  const url = new URL(composeUrl ?? '');
  expect(url.hostname).toBe('redis');
  expect(decodeURIComponent(url.password)).toBe(FILLED_ENV.REDIS_PASSWORD);
  url.host = new URL(redis.url).host;
  return url.toString();
}

afterAll(async () => {
  await redis?.stop();
  imageDir?.remove();
});

describe.each([image, ...services])('$label, run as the container would run it', (testCase) => {
  it('starts in production mode, authenticates to Redis, passes its healthcheck, and exits 0 on SIGTERM within its stop grace period', async () => {
    expect(testCase.args[0]).toBe('dist/src/main.js');
    const port = String(await freePort());
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...stageEnv(runtime),
      ...testCase.environment,
      REDIS_URL: onTestRedis(testCase.environment.REDIS_URL),
      QUEUE_PREFIX: `deploy-${port}`,
      PORT: port,
      HOST: '127.0.0.1',
      // Loopback, closed port: wins over ZENDESK_SUBDOMAIN, so no request leaves the machine.
      ZENDESK_URL: 'http://127.0.0.1:9',
      SWEEP_INTERVAL_MINUTES: '0',
      LOG_LEVEL: 'info',
    };
    expect(env.NODE_ENV).toBe('production');

    const child = spawn(process.execPath, testCase.args, { cwd: imageDir.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await waitFor(() => output.includes('"msg":"signin-triage started"') || child.exitCode !== null, 'start-up', 30_000);
      expect(child.exitCode, `exited during start-up:\n${output}`).toBeNull();
      const role = commandFlags(testCase.args).get('role');
      expect(output).toContain(`"role":"${role}"`);

      // Docker retries a failing check `retries` times before "unhealthy"; allow as many.
      let healthy = false;
      for (let attempt = 0; attempt < 3 && !healthy; attempt++) {
        healthy = (await run(testCase.healthcheck, { PATH: process.env.PATH, PORT: port })) === 0;
        if (!healthy) await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect(healthy, `healthcheck ${testCase.healthcheck.join(' ')} passes for --role ${role}`).toBe(true);

      child.kill('SIGTERM');
      const code = await Promise.race([exited, sleep(testCase.stopGraceMs).then(() => 'SIGKILL from docker' as const)]);
      expect(code, output.slice(-2000)).toBe(0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    }
  });
});

function run(command: string[], env: NodeJS.ProcessEnv): Promise<number | null> {
  const [file, ...args] = command;
  const child: ChildProcess = spawn(file === 'node' ? process.execPath : file!, args, { env, stdio: 'ignore' });
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

async function waitFor(probe: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}
