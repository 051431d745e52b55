/**
 * Section 6: service start to `/readyz` 200 and RSS at idle, for the compiled build that
 * production runs (`npm run build`, `node dist/src/main.js`) and for the sources through tsx
 * (`node --import tsx src/main.ts`, what `npm start` runs). `--role all` against the bench's
 * redis-server and a Zendesk stand-in: the time includes reading the playbook and loading the
 * trained model file (src/playbook/model.bin) in the classifier thread, which /readyz waits for
 * (it answers 503 "starting" until then).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startZendeskSandbox } from '../../src/zendesk-sandbox/index.js';
import { freePort } from '../../test/support/free-port.js';
import { buildCompiled } from '../../test/support/compiled-build.js';
import { ms, note, percentile, record, sleep, type Context } from '../support/bench-context.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const RUNS = 5;
const IDLE_MS = 5_000;
const READY_TARGET_MS = 1_000;

interface StartRun {
  readyMs: number;
  /** CPU time (user + system, all threads) the process had used when /readyz first answered 200: far less sensitive than wall time to other load on the machine. */
  readyCpuMs: number;
  idleRssMb: number;
}

/** utime + stime of a process from /proc/<pid>/stat, in milliseconds (USER_HZ = 100 on Linux). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Starts one service process, times spawn → first /readyz 200 (polled every 5 ms), then reads its RSS after IDLE_MS idle. */
async function startOnce(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<StartRun> {
  const port = await freePort();
  const began = performance.now();
  const child = spawn(process.execPath, args, { cwd, env: { ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    let readyMs = Number.NaN;
    let readyCpuMs = Number.NaN;
    while (Number.isNaN(readyMs)) {
      if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}: ${stderr.trim()}`);
      if (performance.now() - began > 60_000) throw new Error(`${args.join(' ')}: /readyz not 200 within 60 s`);
      const status = await fetch(`http://127.0.0.1:${port}/readyz`)
        .then((response) => response.status)
        .catch(() => 0);
      if (status === 200) {
        readyMs = performance.now() - began;
        readyCpuMs = cpuMs(child.pid!);
      } else await sleep(5);
    }
    await sleep(IDLE_MS);
    const kb = /^VmRSS:\s{0,20}(\d{1,12}) kB$/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
    return { readyMs, readyCpuMs, idleRssMb: Number(kb) / 1024 };
  } finally {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 8_000);
    await exited;
    clearTimeout(timer);
  }
}

export async function benchStartup(ctx: Context): Promise<void> {
  const builtAt = performance.now();
  const build = await buildCompiled('bench-startup');
  const buildMs = performance.now() - builtAt;
  ctx.cleanups.push(async () => build.remove());
  const sandbox = await startZendeskSandbox({ deliverWebhooks: false });
  ctx.cleanups.push(() => sandbox.close());
  const env = (prefix: string): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'test',
    DOTENV_CONFIG_QUIET: 'true',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    REDIS_URL: ctx.redis.url,
    QUEUE_PREFIX: prefix,
    ZENDESK_URL: sandbox.url,
    ZENDESK_EMAIL: sandbox.credentials.email,
    ZENDESK_API_TOKEN: sandbox.credentials.apiToken,
    ZENDESK_WEBHOOK_SECRET: 'bench-startup-webhook-secret-0123456789',
    SIDEBAR_SESSION_SECRET: 'bench-startup-sidebar-secret-0123456789abcdef',
    SWEEP_INTERVAL_MINUTES: '0',
  });
  const modes = [
    { name: 'compiled (node dist/src/main.js)', args: ['dist/src/main.js', '--role', 'all'], cwd: build.dir },
    { name: 'tsx (node --import tsx src/main.ts)', args: ['--import', 'tsx', 'src/main.ts', '--role', 'all'], cwd: ROOT },
  ];
  const results = new Map<string, StartRun[]>(modes.map((mode) => [mode.name, []]));
  // Interleaved, so a burst of outside load on this shared machine lands on both modes.
  for (let run = 0; run < RUNS; run++) {
    for (const mode of modes) results.get(mode.name)!.push(await startOnce(mode.args, mode.cwd, env(`bench-startup-${run}-${Date.now()}`)));
  }
  for (const mode of modes) {
    const runs = results.get(mode.name)!;
    const ready = runs.map((r) => r.readyMs).sort((a, b) => a - b);
    const rss = runs.map((r) => r.idleRssMb).sort((a, b) => a - b);
    const cpu = runs.map((r) => r.readyCpuMs).sort((a, b) => a - b);
    const compiled = mode === modes[0];
    record(ctx, {
      section: 'startup',
      name: `${mode.name}: start → /readyz 200, median (min–max) of ${RUNS}`,
      value: `${ms(percentile(ready, 0.5))} (${ms(ready[0]!)}–${ms(ready.at(-1)!)})`,
      target: compiled ? `< ${READY_TARGET_MS} ms` : '',
      met: compiled ? percentile(ready, 0.5) < READY_TARGET_MS : null,
    });
    record(ctx, {
      section: 'startup',
      name: `${mode.name}: CPU time (user + system, all threads) used until /readyz 200, median`,
      value: ms(percentile(cpu, 0.5)),
      target: '',
      met: null,
    });
    record(ctx, {
      section: 'startup',
      name: `${mode.name}: RSS ${IDLE_MS / 1000} s after ready, idle (process with its classifier thread), median`,
      value: `${percentile(rss, 0.5).toFixed(0)} MB`,
      target: '',
      met: null,
    });
  }
  note(
    ctx,
    'startup',
    `--role all, NODE_ENV=test, against the bench's redis-server and a Zendesk stand-in, with the trained model file (src/playbook/model.bin, ${(readFileSync(`${ROOT}src/playbook/model.bin`).length / 2 ** 20).toFixed(1)} MiB) loaded by the classifier thread before /readyz answers 200 (the thread starts first and loads it while the main thread loads the service's modules). \`npm run build\` (esbuild, one module at a time) took ${ms(buildMs)}.`,
  );
}
