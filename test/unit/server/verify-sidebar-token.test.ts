import { SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';

import { SidebarAuthError, verifySidebarToken } from '../../../src/server/verify-sidebar-token.js';

const SECRET = 'sidebar-secret-for-unit-tests-0123456789';
const NOW = new Date('2026-11-26T12:00:00Z');
const nowSec = Math.floor(NOW.getTime() / 1000);
const key = (secret = SECRET) => new TextEncoder().encode(secret);

async function sign(claims: Record<string, unknown>, options: { secret?: string; iat?: number; exp?: number | null } = {}) {
  let jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt(options.iat ?? nowSec);
  if (options.exp !== null) jwt = jwt.setExpirationTime(options.exp ?? nowSec + 300);
  return jwt.sign(key(options.secret));
}

async function reasonOf(authorization: string | undefined, ticketId = '42'): Promise<string> {
  try {
    await verifySidebarToken({ authorization, ticketId, secret: SECRET, now: NOW });
    return 'accepted';
  } catch (error) {
    if (error instanceof SidebarAuthError) return `${error.status} ${error.reason}`;
    throw error;
  }
}

describe('verifySidebarToken', () => {
  it('accepts a token for this ticket, with the ticket id as a string or a number', async () => {
    await expect(
      verifySidebarToken({ authorization: `Bearer ${await sign({ ticket_id: '42' })}`, ticketId: '42', secret: SECRET, now: NOW }),
    ).resolves.toEqual({ ticketId: '42' });
    await expect(
      verifySidebarToken({
        authorization: `Bearer ${await sign({ ticket_id: 42, agent_id: 7 })}`,
        ticketId: '42',
        secret: SECRET,
        now: NOW,
      }),
    ).resolves.toEqual({ ticketId: '42', agentId: '7' });
  });

  it('refuses every malformed or forged token with 401', async () => {
    const header = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const good = await sign({ ticket_id: '42' });
    const [, payload, signature] = good.split('.');
    expect(await reasonOf(undefined)).toBe('401 missing');
    expect(await reasonOf('')).toBe('401 missing');
    expect(await reasonOf(good)).toBe('401 not-bearer');
    expect(await reasonOf(`Basic ${good}`)).toBe('401 not-bearer');
    expect(await reasonOf(`Bearer ${new UnsecuredJWT({ ticket_id: '42', exp: nowSec + 60, iat: nowSec }).encode()}`)).toBe('401 algorithm');
    expect(await reasonOf(`Bearer ${header({ alg: 'RS256' })}.${payload}.${signature}`)).toBe('401 algorithm');
    expect(await reasonOf(`Bearer ${await sign({ ticket_id: '42' }, { secret: 'another-secret-of-the-same-length-00000' })}`)).toBe(
      '401 signature',
    );
    expect(await reasonOf(`Bearer ${good.slice(0, -2)}xx`)).toBe('401 signature');
    expect(await reasonOf(`Bearer ${await sign({ ticket_id: '42' }, { exp: nowSec - 60 })}`)).toBe('401 expired');
    expect(await reasonOf(`Bearer ${await sign({ ticket_id: '42' }, { iat: nowSec - 11 * 60, exp: nowSec + 60 })}`)).toBe('401 expired');
    expect(await reasonOf(`Bearer ${await sign({ ticket_id: '42', nbf: nowSec + 120 })}`)).toBe('401 claims');
    expect(await reasonOf(`Bearer ${await sign({ ticket_id: '42' }, { exp: null })}`)).toBe('401 claims');
    expect(await reasonOf(`Bearer ${await sign({})}`)).toBe('401 ticket-claim');
    expect(await reasonOf(`Bearer ${await sign({ ticket_id: '42; DROP' })}`)).toBe('401 ticket-claim');
    expect(await reasonOf(`Bearer ${'a'.repeat(9000)}.b.c`)).toBe('401 too-large');
  });

  it('tolerates 30 s of clock skew, not more', async () => {
    expect(await reasonOf(`Bearer ${await sign({ ticket_id: '42' }, { exp: nowSec - 20 })}`)).toBe('accepted');
    expect(await reasonOf(`Bearer ${await sign({ ticket_id: '42', nbf: nowSec + 20 })}`)).toBe('accepted');
    expect(await reasonOf(`Bearer ${await sign({ ticket_id: '42' }, { exp: nowSec - 40 })}`)).toBe('401 expired');
  });

  it('answers 403 for a valid token issued for another ticket', async () => {
    expect(await reasonOf(`Bearer ${await sign({ ticket_id: '43' })}`)).toBe('403 ticket-mismatch');
    expect(await reasonOf(`Bearer ${await sign({ ticket_id: 420 })}`)).toBe('403 ticket-mismatch');
  });
});
