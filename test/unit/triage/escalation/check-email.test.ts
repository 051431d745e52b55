import { describe, expect, it } from 'vitest';
import { checkEmail, findAffectedAddress, maskEmail } from '../../../../src/triage/escalation/check-email.js';

const requesterEmail = 'writer@example.com';

describe('checkEmail', () => {
  it('counts the requester when they write about their own sign-in', () => {
    const result = checkEmail({ text: 'I get Login failed every time I sign in.', requesterEmail });
    expect(result.present).toBe(true);
    expect(result.found).toBe('w•••@example.com');
  });

  it('counts a terse report with nobody else named as the requester’s own', () => {
    expect(checkEmail({ text: 'account blocked again!!! need access now', requesterEmail }).present).toBe(true);
  });

  it.each([
    ['en', 'One of our editors cannot sign in since Monday, she gets an error.'],
    ['fr', 'Notre stagiaire ne peut plus se connecter, son compte est bloqué.'],
    ['de', 'Unser Kollege Herr Vogel kann sich nicht mehr anmelden.'],
    ['es', 'Un usuario de nuestro equipo no puede acceder desde ayer.'],
    ['it', 'Un nostro collega non riesce ad accedere da stamattina.'],
  ])('is missing when an admin writes about a colleague without their address (%s)', (_lang, text) => {
    expect(checkEmail({ text, requesterEmail }).present).toBe(false);
  });

  it('finds the colleague’s address when the admin gives it', () => {
    const result = checkEmail({ text: 'Our editor anna.berg@example.org cannot sign in, she gets an error.', requesterEmail });
    expect(result).toMatchObject({ present: true, found: 'a•••@example.org' });
  });

  it('ignores addresses to reply to and team mailboxes', () => {
    const text = 'Our intern cannot sign in. Please reply to pim-admins@example.com and copy helpdesk@example.com.';
    expect(checkEmail({ text, requesterEmail }).present).toBe(false);
  });

  it('takes the sender of a forwarded message as the affected user', () => {
    const result = checkEmail({
      text: 'Forwarding this from one of our buyers, he cannot log in.',
      quoteHeaders: ['---------- Forwarded message ---------', 'From: Tom Baker <t.baker@example.com>'],
      requesterEmail,
    });
    expect(result).toMatchObject({ present: true, found: 't•••@example.com' });
  });

  it('is missing when the organisation writes and nobody is named', () => {
    expect(checkEmail({ text: 'Our connector gets a 401 on the API since we changed the password.', requesterEmail }).present).toBe(false);
  });

  it('is missing when there is no requester address at all', () => {
    expect(checkEmail({ text: 'I cannot sign in.', requesterEmail: '' }).present).toBe(false);
  });

  it('masks addresses', () => {
    expect(maskEmail('jane.doe@example.com')).toBe('j•••@example.com');
  });

  it('does not take a finance or team mailbox for the affected user', () => {
    for (const address of ['buchhaltung@example-industrial.de', 'accounting@shop-example.com', 'facturation@boutique-example.fr']) {
      expect(
        findAffectedAddress(`Please send the corrected invoice to ${address}, thanks.`, [], 'p.neumann@example-industrial.de'),
      ).toBeNull();
    }
    expect(
      findAffectedAddress('My colleague lena.fischer@example-industrial.de is locked out.', [], 'p.neumann@example-industrial.de'),
    ).toBe('lena.fischer@example-industrial.de');
  });
});

describe('a shared or technical login has no affected person’s address', () => {
  it.each([
    ['en', 'Our shared login for the photo studio is refused by the new page since this morning.'],
    ['en', 'The account store_lyon has no real mailbox and I cannot sign in with it any more.'],
    ['fr', "Le compte partagé de l'atelier ne passe plus, je n'arrive pas à me connecter."],
    ['de', 'Unser technischer Benutzer für den Import kann sich nicht mehr anmelden, es gibt kein eigenes Postfach.'],
    ['es', 'La cuenta compartida del almacén ya no puede entrar al PIM.'],
    ['it', "L'utenza condivisa del magazzino non riesce più ad accedere."],
  ])('%s: %s → missing', (_lang, text) => {
    const result = checkEmail({ text, requesterEmail });
    expect(result.present).toBe(false);
    expect(result.reason).toMatch(/shared or technical/u);
  });

  it('still takes an address given for the shared login', () => {
    expect(checkEmail({ text: 'Our shared login studio@shop-example.com is refused.', requesterEmail }).present).toBe(true);
  });

  it('a personal account I share nothing about still counts as the requester’s own', () => {
    expect(checkEmail({ text: 'I cannot sign in with my account since the migration.', requesterEmail }).present).toBe(true);
  });
});
