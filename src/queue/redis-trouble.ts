import type { Logger } from '../observability/logger.js';
import { errorFields } from '../observability/log-failure.js';

/**
 * One voice for every Redis connection of a process. ioredis emits an error on every reconnect
 * attempt (up to 5 a second, RECONNECT_DELAY_CAP_MS) from each client and BullMQ object, each
 * with a stack trace: a Redis outage used to fill the log with identical ECONNREFUSED stacks.
 * This logs the first error of an outage as one line (where, why, what to check), then at
 * most one reminder per `intervalMs` while it lasts, and one line when Redis answers again.
 * Stacks go to debug level only.
 */
export interface RedisTroubleReporter {
  /** A connection error from `source` (`triage queue`, `worker`…). Non-connection errors: see isRedisConnectionError. */
  report(source: string, error: Error): void;
  /** A connection became ready: ends a reported outage. */
  recovered(): void;
}

export interface RedisTroubleOptions {
  log: Logger;
  /** Where Redis is, for the message: a masked URL (config's maskUrlPassword), never the password. */
  target: string;
  /** Reminder interval while the outage lasts, in milliseconds. @defaultValue 30_000 */
  intervalMs?: number;
  now?: () => number;
}

/** System and TLS codes of a failed connection, and Redis's own refusals of our credentials. */
const CONNECTION_CODE = /^(E[A-Z]{2,20}|ERR_(TLS|SSL)_[A-Z_]{1,60}|[A-Z_]{0,30}CERT[A-Z_]{0,40}|DEPTH_ZERO_SELF_SIGNED_CERT)$/;
const AUTH_REPLY = /^(WRONGPASS|NOAUTH|NOPERM)\b/;

/** The Redis reply code of an ioredis ReplyError (its message's first word, by the protocol's convention). */
function replyCode(error: Error): string | undefined {
  return error.name === 'ReplyError' ? AUTH_REPLY.exec(error.message)?.[1] : undefined;
}

function systemCode(error: Error): string | undefined {
  const code = (error as Error & { code?: unknown }).code;
  return typeof code === 'string' && CONNECTION_CODE.test(code) ? code : undefined;
}

/** True for a lost or refused connection (system/TLS code) or a refused password; false for anything else (a bug, a script error). */
export function isRedisConnectionError(error: Error): boolean {
  return systemCode(error) !== undefined || replyCode(error) !== undefined;
}

/** Why, and what to check, for one connection error: a sentence without the error's stack. */
export function explainRedisError(error: Error): { code: string; cause: string; check: string; auth: boolean } {
  const reply = replyCode(error);
  if (reply !== undefined) {
    return {
      code: reply,
      cause: `Redis refused our credentials (${reply})`,
      check: 'check the user and password in REDIS_URL',
      auth: true,
    };
  }
  const code = systemCode(error) ?? error.name;
  if (code === 'ECONNREFUSED')
    return {
      code,
      cause: 'connection refused (ECONNREFUSED)',
      check: 'check that Redis is running and the host and port in REDIS_URL',
      auth: false,
    };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME')
    return {
      code,
      cause: `the host name does not resolve (${code})`,
      check: "check the host in REDIS_URL and this machine's DNS",
      auth: false,
    };
  if (code === 'ETIMEDOUT' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
    return { code, cause: `no answer (${code})`, check: 'check the host in REDIS_URL, firewalls and security groups', auth: false };
  if (code === 'ECONNRESET' || code === 'EPIPE')
    return { code, cause: `the connection was cut (${code})`, check: 'Redis restarted, or a proxy or idle timeout closed it', auth: false };
  if (/CERT|TLS|SSL/.test(code))
    return {
      code,
      cause: `TLS failed (${code})`,
      check: "check rediss:// against redis:// in REDIS_URL and the server's certificate",
      auth: false,
    };
  return { code, cause: `${error.message} (${code})`, check: 'check REDIS_URL and that Redis is running', auth: false };
}

export function createRedisTroubleReporter(options: RedisTroubleOptions): RedisTroubleReporter {
  const { log, target } = options;
  const intervalMs = options.intervalMs ?? 30_000;
  const now = options.now ?? Date.now;
  let outage: { since: number; lastLogged: number; suppressed: number; sources: Set<string> } | null = null;

  return {
    report(source, error) {
      const at = now();
      log.debug({ err: error, source }, 'Redis connection error (stack)');
      if (outage !== null) {
        outage.sources.add(source);
        if (at - outage.lastLogged < intervalMs) {
          outage.suppressed += 1;
          return;
        }
      }
      const first = outage === null;
      outage ??= { since: at, lastLogged: at, suppressed: 0, sources: new Set([source]) };
      const { code, cause, check, auth } = explainRedisError(error);
      const seconds = Math.round((at - outage.since) / 1000);
      log[auth ? 'error' : 'warn'](
        {
          redis: target,
          error: errorFields(error),
          code,
          sources: [...outage.sources],
          ...(first ? {} : { downForSeconds: seconds, similarErrors: outage.suppressed }),
        },
        first
          ? `Redis at ${target} unreachable: ${cause}; ${check}. Reconnecting every 2 s; this repeats at most every ${Math.round(intervalMs / 1000)} s while it lasts`
          : `Redis at ${target} still unreachable after ${seconds} s: ${cause}; ${check} (${outage.suppressed} similar errors not logged)`,
      );
      outage.lastLogged = at;
      outage.suppressed = 0;
    },
    recovered() {
      if (outage === null) return;
      log.info({ redis: target, downForSeconds: Math.round((now() - outage.since) / 1000) }, `Redis at ${target} reachable again`);
      outage = null;
    },
  };
}
