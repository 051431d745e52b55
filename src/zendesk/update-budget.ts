/**
 * How many tickets a minute we may triage without running into Zendesk's limits
 * (developer.zendesk.com/api-reference/introduction/rate-limits/):
 * - the whole Support API per account: Suite/Support Team 200 requests a minute (the smallest
 *   plan), Growth and Professional 400, Enterprise 700, High Volume add-on 2,500;
 * - Update Ticket per account: 100 a minute (300 with High Volume), whatever the plan.
 * One triaged ticket costs at least 3 requests (read the ticket, read its comments, one update),
 * and the sidebar, the sweep and the account's other integrations share the same budget.
 */

/** Requests a minute of the smallest plan (Suite Team / Support Team). */
export const SMALLEST_PLAN_REQUESTS_PER_MINUTE = 200;
/** Update Ticket's own account-wide limit without the High Volume add-on. */
export const TICKET_UPDATES_LIMIT_PER_MINUTE = 100;
/** API requests one triaged ticket costs at least. */
export const REQUESTS_PER_TRIAGE = 3;
/** Share of the account's request budget we allow ourselves (the rest is for agents' apps and other integrations). */
export const OUR_SHARE = 0.75;

/**
 * The largest ZENDESK_UPDATES_PER_MINUTE that fits an account allowing `requestsPerMinute`:
 * our share of it divided by the requests of one triage, and under 90% of Update Ticket's limit.
 * 200/min (smallest plan) → 50; 400 → 90; 700 → 90.
 */
export function safeUpdatesPerMinute(requestsPerMinute: number): number {
  const byRequests = Math.floor((requestsPerMinute * OUR_SHARE) / REQUESTS_PER_TRIAGE);
  const byUpdates = Math.floor(TICKET_UPDATES_LIMIT_PER_MINUTE * 0.9);
  return Math.max(1, Math.min(byRequests, byUpdates));
}

/** The default: safe for the smallest plan. */
export const DEFAULT_UPDATES_PER_MINUTE = safeUpdatesPerMinute(SMALLEST_PLAN_REQUESTS_PER_MINUTE);

export interface BudgetAdvice {
  level: 'info' | 'warn';
  message: string;
  /** The safe value for this account, when its limit is known. */
  safe: number | null;
}

/**
 * Start-up advice from the account's `X-Rate-Limit` (read on `GET /users/me`): too high a budget
 * gets a warning with the value to set; room to spare says how to raise it.
 */
export function adviseUpdateBudget(configured: number, accountRequestsPerMinute: number | null): BudgetAdvice {
  if (accountRequestsPerMinute === null) {
    return {
      level: 'info',
      safe: null,
      message: `Zendesk sent no X-Rate-Limit header: keeping ZENDESK_UPDATES_PER_MINUTE=${configured} (safe for the smallest plan at ${DEFAULT_UPDATES_PER_MINUTE})`,
    };
  }
  const safe = safeUpdatesPerMinute(accountRequestsPerMinute);
  if (configured > safe) {
    return {
      level: 'warn',
      safe,
      message: `ZENDESK_UPDATES_PER_MINUTE=${configured} can exceed this account's limit of ${accountRequestsPerMinute} API requests a minute (each triage costs ${REQUESTS_PER_TRIAGE}+ requests): set ZENDESK_UPDATES_PER_MINUTE=${safe} or lower; until then Zendesk answers 429 and triage pauses`,
    };
  }
  if (configured < safe) {
    return {
      level: 'info',
      safe,
      message: `this account allows ${accountRequestsPerMinute} API requests a minute: ZENDESK_UPDATES_PER_MINUTE can be raised from ${configured} to ${safe}`,
    };
  }
  return {
    level: 'info',
    safe,
    message: `ZENDESK_UPDATES_PER_MINUTE=${configured} fits this account's ${accountRequestsPerMinute} API requests a minute`,
  };
}
