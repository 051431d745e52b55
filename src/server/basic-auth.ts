import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

/** Equal-length digests, so the comparison time does not depend on where the inputs differ. */
function sameText(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/** Why basic auth refused a request: no usable Authorization header, or wrong user or password. */
export type BasicAuthRefusal = 'missing' | 'invalid';

export interface BasicAuthOptions {
  /** @defaultValue 'signin-triage' */
  realm?: string;
  /** Called once per refused request, before the 401 is sent (logging goes through RefusalLog). */
  onRefused?: (req: Request, res: Response, reason: BasicAuthRefusal) => void;
}

/** HTTP basic auth for operator endpoints (/metrics, /admin/queues). */
export function basicAuth(credentials: { user: string; password: string }, options: BasicAuthOptions = {}) {
  const realm = options.realm ?? 'signin-triage';
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization ?? '';
    const match = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header);
    if (match) {
      const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon >= 0) {
        const userOk = sameText(decoded.slice(0, colon), credentials.user);
        const passwordOk = sameText(decoded.slice(colon + 1), credentials.password);
        if (userOk && passwordOk) {
          next();
          return;
        }
      }
    }
    options.onRefused?.(req, res, match ? 'invalid' : 'missing');
    res.setHeader('WWW-Authenticate', `Basic realm="${realm}", charset="UTF-8"`);
    res.status(401).json({ error: 'authentication required' });
  };
}
