import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A transparent HTTP proxy in front of the stand-in; `beforeForward` runs before a request is
 * passed on (used to make an agent edit the ticket just before our PUT arrives).
 */
export async function startProxy(
  target: string,
  beforeForward: (method: string, path: string) => void,
): Promise<{ url: string; close(): Promise<void> }> {
  const targetUrl = new URL(target);
  const server: Server = createServer((req, res) => {
    beforeForward(req.method ?? 'GET', req.url ?? '/');
    const upstream = httpRequest(
      { host: targetUrl.hostname, port: targetUrl.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    res.on('error', () => undefined);
    // Our client gave up (timeout): drop the upstream connection too, as a real one would be.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
