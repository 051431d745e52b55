import type { Logger } from '../observability/logger.js';
import type { CurrentUser, ZendeskClient } from '../zendesk/client.js';
import { TimeoutError, withTimeout } from '../util/with-timeout.js';
import { ZendeskError } from '../zendesk/errors.js';
import { logFailureLine } from '../observability/log-failure.js';

/**
 * Whether the catch-up sweep runs, and why. The incremental ticket export it reads is
 * "Allowed for: Admins" (developer.zendesk.com/api-reference/ticketing/ticket-management/
 * incremental_exports/): an agent's token gets 403 on every run, so with one the sweep is off.
 */
export type SweepAccessReason =
  /** The API user is an admin: the sweep runs. */
  | 'admin'
  /** SWEEP_INTERVAL_MINUTES=0. */
  | 'interval-zero'
  /** The API user is an agent (or end-user): the export would answer 403. */
  | 'not-admin'
  /** `GET /users/me` failed at start-up: the sweep runs and its own errors say what is wrong. */
  | 'role-unchecked';

export interface SweepAccess {
  enabled: boolean;
  reason: SweepAccessReason;
  /** The API user's role when known (`admin`, `agent`, `end-user`). */
  role: string | null;
}

/** Fixed sentences per reason: safe for the unauthenticated `/readyz` body (no run-time data). */
export const SWEEP_ACCESS_HINTS: Readonly<Record<SweepAccessReason, string>> = {
  admin: 'the catch-up sweep runs (the API user is an admin)',
  'interval-zero': 'the catch-up sweep is off: SWEEP_INTERVAL_MINUTES is 0',
  'not-admin':
    "the catch-up sweep is off: Zendesk's incremental export is admin-only and the API user is not an admin. Tickets whose webhook is lost are not caught up. Use an admin's API token (a dedicated integration user) to turn it on",
  'role-unchecked': "the catch-up sweep runs, but the API user's role could not be read at start-up (GET /api/v2/users/me failed)",
};

/**
 * Reads the API user's role once at start-up and decides whether the sweep may run. Also
 * returns the current user (with the account's rate limit) for the caller's other checks.
 * Never throws: a failed look-up leaves the sweep on (`role-unchecked`).
 */
export async function checkSweepAccess(deps: {
  zendesk: Pick<ZendeskClient, 'getCurrentUserAndLimit'>;
  intervalMinutes: number;
  log?: Logger;
  /** Start-up does not wait longer than this for Zendesk, in milliseconds. @defaultValue 5000 */
  timeoutMs?: number;
}): Promise<{ access: SweepAccess; currentUser: CurrentUser | null }> {
  let currentUser: CurrentUser | null = null;
  const timeoutMs = deps.timeoutMs ?? 5_000;
  try {
    currentUser = await withTimeout(deps.zendesk.getCurrentUserAndLimit(), timeoutMs);
  } catch (error) {
    if (deps.log) logStartupFailure(deps.log, error, timeoutMs);
  }
  const role = currentUser?.user.role ?? null;
  const access = decideSweepAccess(deps.intervalMinutes, role);
  if (access.reason === 'not-admin') deps.log?.warn({ role, sweep: access.reason }, SWEEP_ACCESS_HINTS['not-admin']);
  else if (access.reason !== 'role-unchecked') deps.log?.info({ role, sweep: access.reason }, SWEEP_ACCESS_HINTS[access.reason]);
  return { access, currentUser };
}

const STARTUP_CHECK = 'could not read the API user at start-up (GET /api/v2/users/me)';
const RUNS_ON = 'signin-triage runs on: the catch-up sweep stays on, and each ticket is retried until Zendesk answers';

/**
 * One line an operator can act on: the typed error's message names the cause (credentials,
 * DNS, refused, TLS, timeout…) and what to check. Non-retryable errors (401/403, a redirect, a
 * malformed answer) are configuration mistakes, so error level; a network hiccup is a warning.
 * The stack goes to debug level only; an untyped error (a bug of ours) keeps it.
 */
function logStartupFailure(log: Logger, error: unknown, timeoutMs: number): void {
  if (error instanceof ZendeskError) {
    logFailureLine(log, error.retryable ? 'warn' : 'error', error, { context: STARTUP_CHECK, consequence: RUNS_ON });
  } else if (error instanceof TimeoutError) {
    log.warn(
      { error: { name: error.name, timeoutMs } },
      `${STARTUP_CHECK}: Zendesk did not answer within ${timeoutMs / 1000} s; check ZENDESK_SUBDOMAIN/ZENDESK_URL and this machine's network. ${RUNS_ON}`,
    );
  } else {
    log.warn({ err: error }, `${STARTUP_CHECK}. ${RUNS_ON}`);
  }
}

/** Pure decision: interval 0 → off; an admin → on; another known role → off; unknown → on. */
export function decideSweepAccess(intervalMinutes: number, role: string | null): SweepAccess {
  if (intervalMinutes <= 0) return { enabled: false, reason: 'interval-zero', role };
  if (role === null) return { enabled: true, reason: 'role-unchecked', role };
  if (role === 'admin') return { enabled: true, reason: 'admin', role };
  return { enabled: false, reason: 'not-admin', role };
}
