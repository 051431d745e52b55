/**
 * TRIAGE_SCOPE: which tickets signin-triage touches automatically. Pure: parsing, the test of a
 * ticket, and the matching Zendesk trigger conditions. One setting read by the installer (the
 * "new ticket" trigger), the sweep (what it queues) and the worker (webhooks for tickets out of
 * scope are skipped), so all three agree.
 *
 * Syntax: comma-separated `brand:ID`, `group:ID`, `form:ID`, `tag:NAME`. Entries of one kind
 * are alternatives (any of them), kinds are combined (all of them):
 * `brand:1,brand:2,tag:pim_support` = (brand 1 or brand 2) and tagged pim_support.
 */

export const SCOPE_KINDS = ['brand', 'group', 'form', 'tag'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];

export interface TriageScope {
  /** Empty = this kind does not restrict. */
  brand: number[];
  group: number[];
  form: number[];
  /** Lower-case, as Zendesk stores tags. */
  tag: string[];
}

/** What a ticket must carry to be tested (Zendesk ticket fields, as the API returns them). */
export interface ScopedTicket {
  brand_id?: number | null | undefined;
  group_id?: number | null | undefined;
  ticket_form_id?: number | null | undefined;
  tags: readonly string[];
}

export type ScopeVerdict = { inScope: true } | { inScope: false; kind: ScopeKind; reason: string };

/** A TRIAGE_SCOPE entry that cannot be read; the message names it and says what is allowed. */
export class TriageScopeError extends Error {
  override name = 'TriageScopeError';
}

const ID = /^\d{1,19}$/;
/** Zendesk tags: no spaces or commas (a space separates tags in trigger values). */
const TAG = /^[^\s,]{1,80}$/;
const MAX_ENTRIES = 200;

/**
 * Parses the setting; blank or unset → null (every new ticket is in scope).
 * @throws TriageScopeError naming the first bad entry, e.g. `entry 2 "grp:5": unknown kind "grp" …`.
 */
export function parseTriageScope(text: string | undefined | null): TriageScope | null {
  if (text === undefined || text === null || text.trim() === '') return null;
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) return null;
  if (entries.length > MAX_ENTRIES) throw new TriageScopeError(`has ${entries.length} entries; at most ${MAX_ENTRIES} are allowed`);
  const scope: TriageScope = { brand: [], group: [], form: [], tag: [] };
  entries.forEach((entry, index) => {
    const where = `entry ${index + 1} "${printable(entry)}"`;
    const colon = entry.indexOf(':');
    if (colon < 0) throw new TriageScopeError(`${where}: expected KIND:VALUE with KIND one of ${SCOPE_KINDS.join(', ')}`);
    const kind = entry.slice(0, colon).trim().toLowerCase();
    const value = entry.slice(colon + 1).trim();
    if (!(SCOPE_KINDS as readonly string[]).includes(kind)) {
      throw new TriageScopeError(`${where}: unknown kind "${printable(kind)}"; use ${SCOPE_KINDS.join(', ')}`);
    }
    if (kind === 'tag') {
      if (!TAG.test(value)) throw new TriageScopeError(`${where}: a tag is 1-80 characters without spaces or commas`);
      const tag = value.toLowerCase();
      if (!scope.tag.includes(tag)) scope.tag.push(tag);
      return;
    }
    if (!ID.test(value)) throw new TriageScopeError(`${where}: ${kind} needs a numeric Zendesk id, e.g. ${kind}:360000123456`);
    const id = Number(value);
    if (!Number.isSafeInteger(id)) throw new TriageScopeError(`${where}: the id is too large`);
    const list = scope[kind as Exclude<ScopeKind, 'tag'>];
    if (!list.includes(id)) list.push(id);
  });
  return scope;
}

/** Whether the ticket is in scope; when not, the first kind it fails and why (ids only). */
export function testTicketScope(scope: TriageScope | null, ticket: ScopedTicket): ScopeVerdict {
  if (scope === null) return { inScope: true };
  const idCheck = (kind: 'brand' | 'group' | 'form', actual: number | null | undefined): ScopeVerdict | null => {
    const wanted = scope[kind];
    if (wanted.length === 0 || (actual !== null && actual !== undefined && wanted.includes(actual))) return null;
    return { inScope: false, kind, reason: `${kind} ${actual ?? 'none'} is not one of ${wanted.join(', ')}` };
  };
  const failed =
    idCheck('brand', ticket.brand_id) ?? idCheck('group', ticket.group_id) ?? idCheck('form', ticket.ticket_form_id) ?? tagCheck();
  return failed ?? { inScope: true };

  function tagCheck(): ScopeVerdict | null {
    if (scope!.tag.length === 0) return null;
    const tags = new Set(ticket.tags.map((tag) => tag.toLowerCase()));
    if (scope!.tag.some((tag) => tags.has(tag))) return null;
    return { inScope: false, kind: 'tag', reason: `none of the tags ${scope!.tag.join(', ')}` };
  }
}

export interface ScopeCondition {
  field: 'brand_id' | 'group_id' | 'ticket_form_id' | 'current_tags';
  operator: 'is' | 'includes';
  value: string;
}

/** Zendesk's condition field for each kind (conditions reference: brand_id, group_id, ticket_form_id, current_tags). */
const CONDITION_FIELD: Record<ScopeKind, ScopeCondition['field']> = {
  brand: 'brand_id',
  group: 'group_id',
  form: 'ticket_form_id',
  tag: 'current_tags',
};

/**
 * Trigger conditions that select the scope
 * (developer.zendesk.com/documentation/ticketing/reference-guides/conditions-reference/).
 * Tags: one `current_tags includes "a b"` in `all` ("contains at least one of"). One id: `is`
 * in `all`. Several ids of one kind: `is` each in `any`; a trigger has only one `any`, so a
 * second kind with several ids cannot be expressed: it is listed in `unenforced`, and the
 * worker's check (testTicketScope) skips those tickets instead.
 */
export function scopeConditions(scope: TriageScope | null): { all: ScopeCondition[]; any: ScopeCondition[]; unenforced: ScopeKind[] } {
  const all: ScopeCondition[] = [];
  const any: ScopeCondition[] = [];
  const unenforced: ScopeKind[] = [];
  if (scope === null) return { all, any, unenforced };
  for (const kind of ['brand', 'group', 'form'] as const) {
    const ids = scope[kind];
    const field = CONDITION_FIELD[kind];
    if (ids.length === 1) all.push({ field, operator: 'is', value: String(ids[0]) });
    else if (ids.length > 1 && any.length === 0) any.push(...ids.map((id) => ({ field, operator: 'is' as const, value: String(id) })));
    else if (ids.length > 1) unenforced.push(kind);
  }
  if (scope.tag.length > 0) all.push({ field: CONDITION_FIELD.tag, operator: 'includes', value: scope.tag.join(' ') });
  return { all, any, unenforced };
}

/** One line for logs: `brand 1 or 2; tag pim_support`, or "every new ticket". */
export function describeScope(scope: TriageScope | null): string {
  if (scope === null) return 'every new ticket (TRIAGE_SCOPE is not set)';
  const parts = SCOPE_KINDS.filter((kind) => scope[kind].length > 0).map(
    (kind) => `${kind} ${(scope[kind] as Array<string | number>).join(' or ')}`,
  );
  return parts.join('; ');
}

function printable(text: string): string {
  const clean = text.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > 40 ? `${clean.slice(0, 37)}...` : clean;
}
