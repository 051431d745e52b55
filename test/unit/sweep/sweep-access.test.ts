import { describe, expect, it } from 'vitest';

import { createReadiness } from '../../../src/server/readiness.js';
import { decideSweepAccess, SWEEP_ACCESS_HINTS } from '../../../src/sweep/sweep-access.js';

describe('whether the catch-up sweep may run', () => {
  it('runs for an admin, not for an agent or end-user, not with interval 0, and stays on when the role is unknown', () => {
    expect(decideSweepAccess(5, 'admin')).toEqual({ enabled: true, reason: 'admin', role: 'admin' });
    expect(decideSweepAccess(5, 'agent')).toEqual({ enabled: false, reason: 'not-admin', role: 'agent' });
    expect(decideSweepAccess(5, 'end-user')).toMatchObject({ enabled: false, reason: 'not-admin' });
    expect(decideSweepAccess(0, 'admin')).toMatchObject({ enabled: false, reason: 'interval-zero' });
    expect(decideSweepAccess(5, null)).toMatchObject({ enabled: true, reason: 'role-unchecked' });
    expect(SWEEP_ACCESS_HINTS['not-admin']).toMatch(/admin-only.*admin's API token/);
  });

  it('shows in the readiness report without making the service unready', async () => {
    const redis = {
      status: 'ready',
      ping: async () => 'PONG',
      info: async () => 'maxmemory_policy:noeviction\r\n',
      once: () => undefined,
      off: () => undefined,
    } as unknown as Parameters<typeof createReadiness>[0]['redis'];
    const access = decideSweepAccess(5, 'agent');
    const readiness = createReadiness({
      redis,
      details: () => ({ sweep: { enabled: access.enabled, reason: access.reason, hint: SWEEP_ACCESS_HINTS[access.reason] } }),
    });
    const report = await readiness.check();
    expect(report.ready).toBe(true);
    expect(report.details).toEqual({ sweep: { enabled: false, reason: 'not-admin', hint: SWEEP_ACCESS_HINTS['not-admin'] } });
  });
});
