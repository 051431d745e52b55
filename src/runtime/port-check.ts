import { createServer } from 'node:net';

/** Another process already listens on the port we were told to use. */
export class PortInUseError extends Error {
  override name = 'PortInUseError';
  constructor(
    readonly port: number,
    readonly host: string,
  ) {
    super(
      `port ${port} on ${host} is already in use (another signin-triage? \`npm start\` runs once per folder). Nothing was started or changed: stop the other process, or set PORT to a free port.`,
    );
  }
}

/**
 * Resolves when `host:port` can be listened on now; rejects with PortInUseError when it is
 * taken. Called before start-up touches anything shared (the sandbox's Redis keys), so a second
 * `npm start` cannot wipe the first one's data. Port 0 (any free port) always passes.
 */
export function assertPortFree(port: number, host: string): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(port, host) : error);
    });
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}
