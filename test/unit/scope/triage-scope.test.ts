import { describe, expect, it } from 'vitest';

import { loadConfig, ConfigError } from '../../../src/config.js';
import { describeScope, parseTriageScope, scopeConditions, testTicketScope, TriageScopeError } from '../../../src/scope/triage-scope.js';

const ticket = (
  overrides: Partial<{ brand_id: number | null; group_id: number | null; ticket_form_id: number | null; tags: string[] }>,
) => ({
  brand_id: 360_000_000_002,
  group_id: null,
  ticket_form_id: 360_000_000_001,
  tags: [] as string[],
  ...overrides,
});

describe('TRIAGE_SCOPE parsing', () => {
  it('reads every kind, drops duplicates, lower-cases tags; blank means every ticket', () => {
    expect(parseTriageScope(' brand:1, brand:2 ,group:30,form:40,tag:PIM_Support,tag:pim_support,brand:1')).toEqual({
      brand: [1, 2],
      group: [30],
      form: [40],
      tag: ['pim_support'],
    });
    expect(parseTriageScope(undefined)).toBeNull();
    expect(parseTriageScope('  ')).toBeNull();
    expect(parseTriageScope(' , ')).toBeNull();
  });

  it.each([
    ['brand:1,grp:5', /entry 2 "grp:5": unknown kind "grp"/],
    ['tag:pim_support,brand', /entry 2 "brand": expected KIND:VALUE/],
    ['group:abc', /entry 1 "group:abc": group needs a numeric Zendesk id/],
    ['form:', /entry 1 "form:": form needs a numeric Zendesk id/],
    ['tag:', /entry 1 "tag:": a tag is 1-80 characters/],
    ['brand:99999999999999999', /the id is too large/],
  ])('names the bad entry of %j', (text, message) => {
    expect(() => parseTriageScope(text)).toThrow(TriageScopeError);
    expect(() => parseTriageScope(text)).toThrow(message);
  });

  it('is a config setting whose error names the variable and the entry', () => {
    expect(loadConfig({ TRIAGE_SCOPE: 'tag:pim_support' }).triageScope).toEqual({ brand: [], group: [], form: [], tag: ['pim_support'] });
    expect(loadConfig({}).triageScope).toBeNull();
    let error: unknown;
    try {
      loadConfig({ TRIAGE_SCOPE: 'tag:pim_support,colour:blue' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.join('\n')).toMatch(/^TRIAGE_SCOPE: entry 2 "colour:blue": unknown kind "colour"/m);
  });
});

describe('a ticket against the scope', () => {
  const scope = parseTriageScope('brand:1,brand:2,tag:pim_support,tag:akeneo');

  it('needs any value of each kind and every kind given', () => {
    expect(testTicketScope(scope, ticket({ brand_id: 2, tags: ['AKENEO'] }))).toEqual({ inScope: true });
    expect(testTicketScope(scope, ticket({ brand_id: 3, tags: ['akeneo'] }))).toEqual({
      inScope: false,
      kind: 'brand',
      reason: 'brand 3 is not one of 1, 2',
    });
    expect(testTicketScope(scope, ticket({ brand_id: 1, tags: ['billing'] }))).toMatchObject({ inScope: false, kind: 'tag' });
  });

  it('treats a missing group or form as outside a scope that names one, and no scope as everything', () => {
    expect(testTicketScope(parseTriageScope('group:7'), ticket({ group_id: null }))).toMatchObject({
      inScope: false,
      reason: 'group none is not one of 7',
    });
    expect(testTicketScope(parseTriageScope('form:9'), ticket({ ticket_form_id: 9 }))).toEqual({ inScope: true });
    expect(testTicketScope(null, ticket({}))).toEqual({ inScope: true });
  });

  it('says what it covers in one line', () => {
    expect(describeScope(scope)).toBe('brand 1 or 2; tag pim_support or akeneo');
    expect(describeScope(null)).toMatch(/every new ticket/);
  });
});

describe('trigger conditions of the scope (Zendesk field names)', () => {
  it('puts tags and single ids into all, several ids of one kind into any', () => {
    expect(scopeConditions(parseTriageScope('tag:pim_support'))).toEqual({
      all: [{ field: 'current_tags', operator: 'includes', value: 'pim_support' }],
      any: [],
      unenforced: [],
    });
    expect(scopeConditions(parseTriageScope('group:5,form:6,form:7,tag:a,tag:b'))).toEqual({
      all: [
        { field: 'group_id', operator: 'is', value: '5' },
        { field: 'current_tags', operator: 'includes', value: 'a b' },
      ],
      any: [
        { field: 'ticket_form_id', operator: 'is', value: '6' },
        { field: 'ticket_form_id', operator: 'is', value: '7' },
      ],
      unenforced: [],
    });
  });

  it('leaves a second kind with several ids to the worker (one any per trigger)', () => {
    const conditions = scopeConditions(parseTriageScope('brand:1,brand:2,group:3,group:4'));
    expect(conditions.any.map((condition) => condition.field)).toEqual(['brand_id', 'brand_id']);
    expect(conditions.unenforced).toEqual(['group']);
    expect(scopeConditions(null)).toEqual({ all: [], any: [], unenforced: [] });
  });
});
