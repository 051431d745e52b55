import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, loadConfig } from '../../../src/config.js';
import {
  commandFlags as flags,
  containerEnv,
  durationMs,
  FILLED_ENV,
  interpolate,
  loadCompose,
  parseEnvExample,
  readRepoFile as read,
  requiredErrors,
  ROOT,
} from '../../support/compose-file.js';

// No Docker engine runs here: docker-compose.yml is checked statically (see compose-file.ts).
const compose = loadCompose();
const { redis, api, worker } = compose.services as Record<'redis' | 'api' | 'worker', NonNullable<(typeof compose.services)[string]>>;
const CONFIG_NAMES = new Set(CONFIG_VARIABLES.map((variable) => variable.name));
const REQUIRED = ['ZENDESK_WEBHOOK_SECRET', 'SIDEBAR_SESSION_SECRET', 'PUBLIC_URL', 'ADMIN_USER', 'ADMIN_PASSWORD'];
const example = parseEnvExample(read('.env.example'));
const COMPOSE_ONLY = new Set(['API_PORT', 'API_BIND', 'SIGNIN_TRIAGE_TAG', 'REDIS_PASSWORD']);
/** The redis service runs `sh -c "exec redis-server …"` so the password stays off its command line. */
const redisScript = Array.isArray(redis.command) ? redis.command.at(-1)! : (redis.command ?? '');
const redisFlags = () => flags(redisScript);

describe('docker-compose.yml', () => {
  describe('redis', () => {
    it('persists every write with appendonly and fsyncs at least every second', () => {
      expect(redis.image).toMatch(/^redis:7(\.|-|$)/);
      expect(redis.command).toEqual(['sh', '-c', expect.stringMatching(/^exec redis-server /)]);
      expect(redisFlags().get('appendonly')).toBe('yes');
      expect(['everysec', 'always']).toContain(redisFlags().get('appendfsync'));
    });

    it('never evicts keys (BullMQ needs noeviction)', () => {
      expect(redisFlags().get('maxmemory-policy')).toBe('noeviction');
    });

    it('keeps its data in a named volume at /data', () => {
      const mounts = (redis.volumes ?? []).map((mount) => mount.split(':'));
      const data = mounts.find(([, target]) => target === '/data');
      expect(data, 'a volume mounted at /data').toBeDefined();
      expect(Object.keys(compose.volumes ?? {})).toContain(data![0]);
    });

    it('requires REDIS_PASSWORD from .env, expanded inside the container, never on a command line', () => {
      // `$$` reaches the container as `$`: its shell expands the variable, Compose does not.
      expect(redisFlags().get('requirepass')).toBe('"$$REDIS_PASSWORD"');
      expect(interpolate(redisScript, FILLED_ENV)).toContain('--requirepass "$REDIS_PASSWORD"');
      expect(interpolate(redisScript, FILLED_ENV)).not.toContain(FILLED_ENV.REDIS_PASSWORD);
      expect(redis.environment?.REDIS_PASSWORD).toMatch(/^\$\{REDIS_PASSWORD:\?.*\.env.*\}$/);
      expect(requiredErrors(redis, {}).map((error) => error.split(':')[0])).toEqual(['REDIS_PASSWORD', 'REDIS_PASSWORD']);
      expect(containerEnv(redis, FILLED_ENV)).toMatchObject({
        REDIS_PASSWORD: FILLED_ENV.REDIS_PASSWORD,
        REDISCLI_AUTH: FILLED_ENV.REDIS_PASSWORD,
      });
    });

    it('answers a redis-cli ping healthcheck that authenticates, and is not published on the host', () => {
      // REDISCLI_AUTH (environment) authenticates redis-cli; NOAUTH may still exit 0, so PONG is required.
      expect(redis.healthcheck?.test).toEqual(['CMD-SHELL', 'redis-cli ping | grep -q PONG']);
      expect(redis.ports).toBeUndefined();
    });
  });

  it('runs api and worker from the same build and image', () => {
    expect(api.build).toBeDefined();
    expect(worker.build).toEqual(api.build);
    expect(worker.image).toBe(api.image);
    const build = api.build as { context: string; dockerfile: string };
    expect(existsSync(join(ROOT, build.context, build.dockerfile))).toBe(true);
  });

  it('gives each app service its role', () => {
    expect(flags(api.command).get('role')).toBe('api');
    expect(flags(worker.command).get('role')).toBe('worker');
  });

  it('publishes the api on container port 3000, the PORT the app listens on', () => {
    expect(api.ports?.map(String).some((port) => port.endsWith(':3000'))).toBe(true);
    expect(api.environment?.PORT).toBe('3000');
  });

  it('publishes the api on 127.0.0.1 unless API_BIND says otherwise', () => {
    const published = (env: Record<string, string>) => (api.ports ?? []).map((port) => interpolate(String(port), env));
    expect(published({})).toEqual(['127.0.0.1:3000:3000']);
    expect(published({ API_PORT: '8080' })).toEqual(['127.0.0.1:8080:3000']);
    expect(published({ API_BIND: '0.0.0.0' })).toEqual(['0.0.0.0:3000:3000']);
  });

  it('lets the worker scale: no host ports and no fixed container name', () => {
    expect(worker.ports).toBeUndefined();
    expect(worker.container_name).toBeUndefined();
  });

  it.each(['redis', 'api', 'worker'])('%s has a healthcheck and a restart policy', (name) => {
    const service = compose.services[name]!;
    expect(service.healthcheck?.test.length).toBeGreaterThan(0);
    expect(['always', 'unless-stopped', 'on-failure']).toContain(service.restart);
  });

  it('checks api readiness on /readyz and worker liveness with node (no curl in the slim image)', () => {
    expect(api.healthcheck!.test.join(' ')).toMatch(/^CMD node -e .*fetch\('http:\/\/127\.0\.0\.1:' \+ process\.env\.PORT \+ '\/readyz'/);
    expect(worker.healthcheck!.test.join(' ')).toMatch(/^CMD node -e /);
  });

  it('starts api and worker only once redis is healthy', () => {
    expect(api.depends_on?.redis?.condition).toBe('service_healthy');
    expect(worker.depends_on?.redis?.condition).toBe('service_healthy');
  });

  it.each(['api', 'worker'])('%s gets more stop time than its own shutdown grace', (name) => {
    const service = compose.services[name]!;
    // A literal, not ${…}: a value from .env could silently exceed stop_grace_period.
    const grace = service.environment?.SHUTDOWN_GRACE_MS;
    expect(grace).toMatch(/^\d+$/);
    expect(durationMs(service.stop_grace_period ?? '10s')).toBeGreaterThan(Number(grace) + 2_000);
  });

  it('reads optional settings from .env without requiring the file', () => {
    for (const service of [api, worker]) {
      expect(service.env_file).toEqual([{ path: '.env', required: false }]);
    }
  });

  it('passes only variables the config schema knows', () => {
    for (const service of [api, worker]) {
      const unknown = Object.keys(service.environment ?? {}).filter((name) => !CONFIG_NAMES.has(name));
      expect(unknown).toEqual([]);
    }
  });

  it('refuses to start until the admin-provided settings are filled in', () => {
    for (const name of REQUIRED) expect(api.environment?.[name]).toMatch(new RegExp(`^\\$\\{${name}:\\?.+\\}$`));
    // A fresh copy of .env.example, still empty: compose stops and names exactly these.
    const fresh = Object.fromEntries(example.filter((line) => !line.commented).map((line) => [line.name, line.value]));
    const errors = requiredErrors(api, fresh);
    expect(errors.map((error) => error.split(':')[0]).sort()).toEqual([...REQUIRED].sort());
    for (const error of errors) expect(error).toMatch(/\.env/);
  });

  it.each(['api', 'worker'])('%s, with a filled-in .env, gets an environment that loads as production config', (name) => {
    const service = compose.services[name]!;
    expect(requiredErrors(service, FILLED_ENV)).toEqual([]);
    const config = loadConfig(containerEnv(service, FILLED_ENV));
    expect(config.nodeEnv).toBe('production');
    // The bundled Redis, with the password from .env: the URL the app connects with carries it.
    expect(config.redisUrl).toBe(`redis://:${FILLED_ENV.REDIS_PASSWORD}@redis:6379`);
    expect(new URL(config.redisUrl!).password).toBe(FILLED_ENV.REDIS_PASSWORD);
    expect(config.port).toBe(3000);
    expect(config.zendesk?.baseUrl).toBe('https://acme.zendesk.com');
    expect(config.admin).toEqual({ user: 'ops', password: 'a-long-admin-password' });
    expect(config.generatedSecrets).toEqual([]);
  });

  it('lets a managed Redis in .env replace the bundled one, credentials and all', () => {
    const managed = 'rediss://default:managed-pw@redis.example.com:6380/0';
    expect(loadConfig(containerEnv(api, { ...FILLED_ENV, REDIS_URL: managed })).redisUrl).toBe(managed);
  });

  it('accepts an OAuth token instead of email + API token (the either/or is left to the config)', () => {
    const { ZENDESK_EMAIL: _email, ZENDESK_API_TOKEN: _token, ...rest } = FILLED_ENV;
    const config = loadConfig(containerEnv(api, { ...rest, ZENDESK_OAUTH_TOKEN: 'oauth-0123456789' }));
    expect(config.zendesk?.auth).toEqual({ type: 'oauth', accessToken: 'oauth-0123456789' });
  });

  it('accepts the Redis Cluster hash-tag prefix that docs/operations.md recommends', () => {
    const config = loadConfig(containerEnv(api, { ...FILLED_ENV, QUEUE_PREFIX: '{signin-triage}' }));
    expect(config.queuePrefix).toBe('{signin-triage}');
    expect(read('docs/operations.md')).toContain('QUEUE_PREFIX={signin-triage}');
  });

  it('documents every variable it interpolates in .env.example', () => {
    const interpolated = [...read('docker-compose.yml').matchAll(/\$\{(\w+)/g)].map((match) => match[1]!);
    const documented = new Set(example.map((line) => line.name));
    expect(interpolated.filter((name) => !documented.has(name))).toEqual([]);
  });
});

describe('.env.example', () => {
  it('lists every config variable, and nothing the app does not read except compose-only ones', () => {
    const names = new Set(example.map((line) => line.name));
    expect([...CONFIG_NAMES].filter((name) => !names.has(name))).toEqual([]);
    expect([...names].filter((name) => !CONFIG_NAMES.has(name) && !COMPOSE_ONLY.has(name))).toEqual([]);
  });

  it('shows the real defaults', () => {
    for (const variable of CONFIG_VARIABLES) {
      if (variable.default === null) continue;
      for (const line of example.filter((l) => l.name === variable.name && l.commented)) {
        expect(`${line.name}=${line.value}`).toBe(`${variable.name}=${variable.default}`);
      }
    }
  });

  it('holds no secret values', () => {
    const secrets = new Set(CONFIG_VARIABLES.filter((variable) => variable.secret).map((variable) => variable.name));
    const filled = example.filter((line) => secrets.has(line.name) && !line.commented && line.value !== '');
    expect(filled).toEqual([]);
  });
});

describe('docs/operations.md', () => {
  it('mentions every config variable', () => {
    const doc = read('docs/operations.md');
    expect([...CONFIG_NAMES].filter((name) => !doc.includes(name))).toEqual([]);
  });
});

describe('the Compose interpolation the deploy tests use', () => {
  it('resolves nested defaults and messages only when they are used', () => {
    expect(interpolate('${A:-x${B}y}', { B: 'b' })).toBe('xby');
    expect(interpolate('${A:-x${B:?no B}y}', { A: 'a' })).toBe('a');
    expect(() => interpolate('${A:-${B:?no B}}', {})).toThrow('B: no B');
    expect(interpolate('$${A} $$A ${A-}', { A: 'a' })).toBe('${A} $A a');
  });
});
