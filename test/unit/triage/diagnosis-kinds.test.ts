import { describe, expect, it } from 'vitest';

import { loadTriage } from '../../../src/triage/load-triage.js';
import type { TicketInput } from '../../../src/triage/ticket.js';

/**
 * One test per kind of failure seen on tickets nobody on the team wrote (the quality issue),
 * with inputs we wrote for the purpose; people and companies are invented.
 */
const triage = loadTriage({ now: () => new Date('2026-11-30T10:00:00Z') });
const requester = { name: 'Alex Example', email: 'alex@shop-example.com' };
const ticket = (subject: string, description: string, extra: Partial<TicketInput> = {}): TicketInput => ({
  id: '1',
  subject,
  description,
  requester,
  attachments: [],
  created_at: '2026-11-30T09:30:00Z',
  ...extra,
});

describe('the small inputs of the quality issue get their right value', () => {
  it('es, bug template: the verification mail never arrives → verification-email-missing, time missing', () => {
    const diagnosis = triage.classify(
      ticket(
        'No puedo entrar al PIM: me pide verificar el correo y el correo nunca llega',
        [
          'Comportamiento esperado: después de poner mi contraseña, recibir el correo de verificación y entrar al PIM.',
          'Comportamiento actual: la pantalla dice que revise mi bandeja de entrada, pero el correo nunca llega. A dos compañeras les pasa lo mismo.',
          'Pasos: 1. abrir la URL del PIM 2. poner mi correo y mi contraseña 3. esperar el correo',
          'Entorno: Safari en macOS',
          'Adjunto captura.',
          'Lucía Fernández',
        ].join('\n'),
        { attachments: [{ file_name: 'captura-pantalla.png', content_type: 'image/png', width: 1440, height: 900 }] },
      ),
    );
    expect(diagnosis.issue).toBe('verification-email-missing');
    expect(diagnosis.missing).toEqual(['timestamp']);
  });

  it('en, "PIM account BLOCKED" after too many wrong passwords, the reset mail never came → account-blocked', () => {
    const diagnosis = triage.classify(
      ticket(
        'PIM account BLOCKED',
        'Hello, the PIM now says my account is blocked because the password was typed wrong too many times. I tried a password reset to get out of it but that mail never came either. What can I do?',
      ),
    );
    expect(diagnosis.issue).toBe('account-blocked');
  });

  it('en, works daily in Supplier Data Manager, first time in the PIM asks to confirm with the original account → account-linking', () => {
    const diagnosis = triage.classify(
      ticket(
        'Which account does it want?',
        'Hi, I use Supplier Data Manager every day without problems. Today I opened the PIM for the first time and a screen asks me to confirm it is me by signing in with the account I used originally. Which one does it mean?',
      ),
    );
    expect(diagnosis.issue).toBe('account-linking');
  });
});

describe('a ruled-out symptom does not count for its issue, in five languages', () => {
  const cases: Array<[string, string]> = [
    [
      'en',
      "I'm NOT blocked and my password is right. After the password step it says to check my inbox, and no verification email ever arrives, not even in spam.",
    ],
    [
      'fr',
      "Je ne suis pas bloqué et mon mot de passe est bon. Après le mot de passe, on me dit de vérifier ma boîte mail, mais l'e-mail de vérification n'arrive jamais, rien dans les spams.",
    ],
    [
      'de',
      'Ich bin nicht gesperrt und mein Passwort stimmt. Nach dem Passwort soll ich mein Postfach prüfen, aber die Bestätigungsmail kommt nie an, auch nicht im Spam.',
    ],
    [
      'es',
      'No estoy bloqueado y mi contraseña es correcta. Después de la contraseña me dice que revise mi correo, pero el correo de verificación nunca llega, tampoco en spam.',
    ],
    [
      'it',
      "Non sono bloccato e la password è giusta. Dopo la password mi dice di controllare la posta, ma l'e-mail di verifica non mi è mai arrivata, nemmeno nello spam.",
    ],
  ];
  it.each(cases)('%s', (_lang, text) => {
    expect(triage.classify(ticket('Sign-in', text)).issue).toBe('verification-email-missing');
  });
});

describe('a topic of `other` tickets mentioned in passing (2FA, SSO, API) does not decide the issue', () => {
  const cases: Array<[string, string, string]> = [
    [
      'en',
      'I type my email, my password and the code from the authenticator app, and after a few wrong tries it now says Login failed every time. Am I locked out?',
      'account-blocked',
    ],
    [
      'en',
      '2FA is fine on my phone, the problem is the verification email: it never arrives, not even in spam.',
      'verification-email-missing',
    ],
    [
      'en',
      'We use Okta for everything else, but when I open the PIM for the first time it shows Link your account and asks for my PIM password. Which one is it?',
      'account-linking',
    ],
    [
      'de',
      'Nach Eingabe von Passwort und dem Code aus der Authenticator-App kam dreimal eine Fehlermeldung, jetzt steht nur noch Login failed. Bin ich gesperrt?',
      'account-blocked',
    ],
    [
      'fr',
      `Après le code de double authentification, je clique sur le lien de vérification et j'ai "Authentication failed".`,
      'verification-error',
    ],
    [
      'it',
      'Dopo aver inserito il codice a due fattori, ho sbagliato la password tre volte e ora vedo solo Login failed.',
      'account-blocked',
    ],
    // Failed while the 2FA signal fired on any mention (other 0.66).
    ['de', 'Der Zwei-Faktor-Code kommt an, aber die Bestätigungsmail kommt nie an.', 'verification-email-missing'],
    ['en', 'Our authenticator app was reset and now the 2FA code is rejected, how do we set up MFA again?', 'other'],
    ['de', 'Können wir die Zwei-Faktor-Authentifizierung für alle Benutzer erzwingen?', 'other'],
    ['fr', "J'ai perdu mon téléphone avec l'application de double authentification, comment faire ?", 'other'],
  ];
  it.each(cases)('%s: %s → %s', (_lang, text, issue) => {
    expect(triage.classify(ticket('Sign-in', text)).issue).toBe(issue);
  });
});

describe('other kinds', () => {
  it('a thank-you reply that names the fix is other', () => {
    expect(
      triage.classify(
        ticket('Re: cannot sign in', 'Works now since I used Forgot your password? on the new page. Thanks a lot, you can close this.'),
      ).issue,
    ).toBe('other');
  });

  it("an admin forwarding a colleague's message: the colleague's words are the problem", () => {
    const diagnosis = triage.classify(
      ticket(
        'Fwd: PIM',
        [
          'Hi support, see below, can you help her?',
          'Sam',
          '',
          '---------- Forwarded message ---------',
          'From: Maria Rossi <maria.rossi@shop-example.com>',
          'Subject: PIM',
          '',
          'Sam, I clicked the link in the verification email and it just says Authentication failed. I had opened it on my phone.',
        ].join('\n'),
      ),
    );
    expect(diagnosis.issue).toBe('verification-error');
    expect(diagnosis.escalation.email).toMatchObject({ present: true, found: 'm•••@shop-example.com' });
  });

  it('template headers do not hide the problem', () => {
    const diagnosis = triage.classify(
      ticket(
        '[Bug] login',
        'Environment: Chrome 131, Windows 11\nExpected: I can sign in\nActual: "Login failed" after I mistyped my password a few times, now even the right password fails\nSteps to reproduce: see above',
      ),
    );
    expect(diagnosis.issue).toBe('account-blocked');
  });
});

describe('whose sign-in it is (email), one sentence per case', () => {
  const present = (subject: string, text: string) => triage.classify(ticket(subject, text)).escalation.email.present;
  it('the requester writing tersely about their own sign-in counts', () => {
    expect(present('verification', 'still no verification mail')).toBe(true);
    expect(present('SDM', 'PIM ok. SDM gone. why')).toBe(true);
    expect(present('mail', 'didnt get the mail, checked spam')).toBe(true);
    expect(present('Connexion', "Je n'arrive plus à me connecter depuis ce matin, Login failed.")).toBe(true);
    expect(present('Anmeldung', 'Ich komme seit heute nicht mehr in den PIM, es kommt nur Login failed.')).toBe(true);
    expect(present('Acceso', 'No puedo entrar, me dice Login failed.')).toBe(true);
    expect(present('Accesso', 'Non riesco ad accedere, mi dice Login failed.')).toBe(true);
  });

  it('an admin writing for a colleague or several users, without their address, leaves it missing', () => {
    expect(present('colleague', 'colleague locked out after too many attempts, please help')).toBe(false);
    expect(present('Kollegin', 'Meine Kollegin ist nach mehreren Versuchen gesperrt, Login failed.')).toBe(false);
    expect(present('collègue', 'Ma collègue ne reçoit pas le mail de vérification.')).toBe(false);
    expect(present('users', 'Several of our users cannot sign in since the switch.')).toBe(false);
  });

  it('an out-of-office reply has no affected user', () => {
    expect(
      present(
        'Automatic reply: Re: your request',
        'I am out of the office until 7 December with no access to email. For urgent matters contact my colleague.',
      ),
    ).toBe(false);
  });
});

describe('a vague ticket abstains instead of naming an issue (issue #13 §1)', () => {
  it.each([
    ['en', 'Login', 'I cannot sign in'],
    ['fr', 'Connexion', "Je n'arrive pas à me connecter"],
    ['de', 'Login', 'Login geht nicht'],
    ['es', 'Acceso', 'No puedo entrar al PIM'],
    ['it', 'Accesso', 'Non riesco ad accedere'],
  ])('%s: "%s / %s" abstains', (_lang, subject, description) => {
    const diagnosis = triage.classify(ticket(subject, description));
    expect(diagnosis.issue).toBe('other');
    // Either the model itself ranks `other` first, or it abstains from the issue it ranks first.
    if (diagnosis.topIssue !== 'other') {
      expect(diagnosis.abstained).toBe(true);
      expect(diagnosis.vague).toBe(true);
      expect(diagnosis.band).toBe('low');
    }
  });

  it.each([
    ['fr', 'lien', 'Le lien de vérification a expiré, comment en obtenir un autre ?', 'verification-error'],
    ['es', 'enlace', 'El enlace de verificación está caducado.', 'verification-error'],
    ['en', 'SDM', 'PIM fine. Supplier Data Manager disappeared. why?', 'missing-product-access'],
    // The product named as absent, with no verb of seeing (playbook 2026.12.01-7, product-not-visible).
    ['en', 'sdm', 'signed in fine but no SDM', 'missing-product-access'],
    ['en', 'SDM?', 'logged in ok, where is SDM', 'missing-product-access'],
    ['fr', 'SDM', 'je suis connectée mais pas de SDM', 'missing-product-access'],
    ['de', 'SDM', 'eingeloggt, aber kein SDM', 'missing-product-access'],
    ['es', 'portal', 'entro bien pero ¿dónde está el portal de proveedores?', 'missing-product-access'],
  ])('%s: a short ticket that names a symptom is still diagnosed (%s)', (_lang, subject, description, issue) => {
    const diagnosis = triage.classify(ticket(subject, description));
    expect(diagnosis.abstained).toBe(false);
    expect(diagnosis.issue).toBe(issue);
  });
});

describe("an admin's thresholds replace the model's (ABSTAIN_THRESHOLD, HIGH_CONFIDENCE_THRESHOLD)", () => {
  // An unclear ticket: the model names an issue with a middling confidence.
  const unclear = ticket(
    'Login',
    'Since this morning the page says something went wrong when I try to sign in to the PIM with my email address, colleagues are fine.',
  );

  it('a higher abstain threshold turns the answer into an abstention; a lower high threshold makes it high', () => {
    const own = triage.classify(unclear);
    expect(own.issue).not.toBe('other');
    expect(own.confidence).toBeLessThan(0.95);
    const strict = loadTriage({ thresholdOverrides: { abstain: 0.95 } });
    expect(strict.thresholds.abstain).toBe(0.95);
    expect(strict.thresholds.high).toBe(triage.thresholds.high);
    const abstained = strict.classify(unclear);
    expect(abstained.abstained).toBe(true);
    expect(abstained.issue).toBe('other');
    const generous = loadTriage({ thresholdOverrides: { high: 0.05 } });
    expect(generous.classify(unclear).band).toBe('high');
  });
});
