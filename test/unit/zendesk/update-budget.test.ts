import { describe, expect, it } from 'vitest';

import { CONFIG_VARIABLES, loadConfig } from '../../../src/config.js';
import { adviseUpdateBudget, DEFAULT_UPDATES_PER_MINUTE, safeUpdatesPerMinute } from '../../../src/zendesk/update-budget.js';

describe('update budget against the plan limits', () => {
  it('defaults to a budget the smallest plan (200 requests a minute) carries with 3 requests per ticket', () => {
    expect(DEFAULT_UPDATES_PER_MINUTE * 3).toBeLessThanOrEqual(200 * 0.75);
    expect(loadConfig({}).zendeskUpdatesPerMinute).toBe(DEFAULT_UPDATES_PER_MINUTE);
    expect(CONFIG_VARIABLES.find((variable) => variable.name === 'ZENDESK_UPDATES_PER_MINUTE')?.default).toBe(
      String(DEFAULT_UPDATES_PER_MINUTE),
    );
  });

  it("stays under Update Ticket's own 100 a minute on larger plans", () => {
    expect(safeUpdatesPerMinute(200)).toBe(50);
    expect(safeUpdatesPerMinute(400)).toBe(90);
    expect(safeUpdatesPerMinute(2500)).toBe(90);
    expect(safeUpdatesPerMinute(1)).toBe(1);
  });

  it('warns with the value to set when the budget is above the account limit, and says how far it can be raised', () => {
    expect(adviseUpdateBudget(90, 200)).toMatchObject({ level: 'warn', safe: 50 });
    expect(adviseUpdateBudget(90, 200).message).toMatch(/set ZENDESK_UPDATES_PER_MINUTE=50/);
    expect(adviseUpdateBudget(50, 700)).toMatchObject({ level: 'info', safe: 90 });
    expect(adviseUpdateBudget(50, 700).message).toMatch(/raised from 50 to 90/);
    expect(adviseUpdateBudget(50, null)).toMatchObject({ level: 'info', safe: null });
  });
});
