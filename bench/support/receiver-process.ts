// Bench child: the webhook receiver (createApp with a real queue), or an empty express handler
// answering 202 on the same path for the side-by-side baseline. Prints one JSON line
// `{"port":N}` once listening; closes on SIGTERM.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createLogger } from '../../src/observability/logger.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { createTriageQueue } from '../../src/queue/create-queue.js';
import { createApp } from '../../src/server/create-app.js';
import { WEBHOOK_PATH } from '../../src/server/webhook-route.js';

const mode = process.env.BENCH_MODE ?? 'app';
const log = createLogger({ level: 'silent' });
let closeQueue: () => Promise<void> = async () => undefined;
let handler: express.Express;

if (mode === 'empty') {
  handler = express();
  handler.post(WEBHOOK_PATH, (_req, res) => {
    res.status(202).json({ status: 'queued' });
  });
} else {
  const redisUrl = required('BENCH_REDIS_URL');
  const queue = createTriageQueue({ redisUrl, prefix: required('BENCH_PREFIX') });
  await queue.waitUntilReady();
  closeQueue = () => queue.close();
  handler = createApp({
    config: { webhook: { secrets: [required('BENCH_SECRET')], maxBodyBytes: 262_144, toleranceSec: 300 }, admin: null, nodeEnv: 'test' },
    queue,
    log,
    metrics: createMetrics({ queue, defaultMetrics: false }),
    readiness: { check: async () => ({ ready: true, reasons: [] }) },
  });
}

const server = createServer(handler);
server.keepAliveTimeout = 5_000;
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);

process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close();
  void closeQueue().finally(() => process.exit(0));
});

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new TypeError(`${name} must be set`);
  return value;
}
