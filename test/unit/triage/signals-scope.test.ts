import { describe, expect, it } from 'vitest';

import { loadPlaybook } from '../../../src/playbook/load-playbook.js';
import { foldText } from '../../../src/triage/fold-text.js';
import { compileSignals, matchSignals } from '../../../src/triage/signals.js';

const signals = compileSignals(loadPlaybook());
const fired = (text: string) => matchSignals(foldText(text), signals).map((match) => match.signal.id);

describe('the thank-you signal fires on a fix that worked, not on what worked before', () => {
  // A sign-in report says what used to work ("it worked in the old PIM"); that is the problem's
  // background, and counting it as "resolved" sent such tickets to `other` at 99.8%.
  it.each([
    'The password is right, it worked in the old PIM on Friday.',
    'It worked until yesterday, now the new page refuses me.',
    'Ha funzionato fino a ieri, oggi no.',
    'Funcionó ayer pero hoy no puedo entrar.',
    'Es hat gestern noch geklappt.',
    'The last time it worked was before the summer holidays.',
    'When it worked I used my short user name.',
    'Username not recognised since Monday. It worked for 3 years.',
    'Ha funzionato per anni senza problemi.',
  ])('not on: %s', (text) => {
    expect(fired(text)).not.toContain('thanks-resolved');
  });

  it.each([
    'I used Forgot your password? and it worked, thanks, you can close this.',
    'Ha funzionato, grazie mille!',
    '¡Funcionó, gracias!',
    'Hat geklappt, danke.',
    'It worked for me too, thanks!',
  ])('on: %s', (text) => {
    expect(fired(text)).toContain('thanks-resolved');
  });
});

describe("signals read the symptom in the user's own words, as real reports put it", () => {
  it.each([
    ['account-linking', 'existing-other-product-account', 'Opening the PIM I only get "Account already exists" and nothing else.'],
    ['account-linking', 'existing-other-product-account', 'Le PIM me dit que le compte existe déjà.'],
    ['verification-error', 'error-after-verification-link', 'The link in the mail to activate my account says it has expired.'],
    ['verification-error', 'error-after-verification-link', 'Each activation code we get ends on "code not found".'],
    ['account-blocked', 'blocked-after-attempts', 'The sign-in page now says my user is throttled.'],
    ['account-blocked', 'blocked-after-attempts', 'It says my account is temporarily disabled.'],
    ['account-blocked', 'blocked-after-attempts', 'Error 429 too many requests on the login page.'],
    ['account-blocked', 'blocked-after-attempts', 'Nach einer falschen Passworteingabe ging nichts mehr.'],
    ['legacy-password-reset', 'reset-email-not-received', 'I asked for a password reset but the reset email never arrived.'],
    ['legacy-password-reset', 'reset-email-not-received', "J'ai demandé une réinitialisation du mot de passe et je n'ai rien reçu."],
  ])('%s: %s on "%s"', (_issue, signal, text) => {
    expect(fired(text)).toContain(signal);
  });

  it.each([
    ['existing-other-product-account', 'Our connector sync already exists for the webshop.'],
    ['blocked-after-attempts', 'Our export to the webshop runs temporarily slower on Mondays.'],
    ['reset-email-not-received', 'The verification email never arrived after my first sign-in.'],
  ])('%s not on "%s"', (signal, text) => {
    expect(fired(text)).not.toContain(signal);
  });
});

describe('signals read the symptom when its words are spread over a sentence or two, as real reports write it', () => {
  it.each([
    ['account-linking', 'existing-other-product-account', 'After the login I get "A user with this email exists already."'],
    ['account-linking', 'existing-other-product-account', "L'outil me répond que l'adresse est déjà utilisée."],
    ['account-linking', 'existing-other-product-account', 'Es heißt nur, die E-Mail-Adresse sei bereits vergeben.'],
    ['verification-error', 'error-after-verification-link', 'I wanted to verify it the next morning, but then the link had expired.'],
    ['verification-error', 'error-after-verification-link', 'Para confirmar mi cuenta pulsé de nuevo y el enlace está caducado.'],
    ['verification-error', 'error-after-verification-link', 'The page says: Your email could not be verified.'],
    ['verification-error', 'error-after-verification-link', "Le message dit que l'adresse n'a pas pu être vérifiée."],
    ['verification-error', 'error-after-verification-link', 'Dort steht, die Adresse konnte nicht bestätigt werden.'],
    ['account-blocked', 'blocked-after-attempts', 'Seems I logged in to often and now nothing happens.'],
    ['account-blocked', 'blocked-after-attempts', "J'ai essayé trop souvent, maintenant ça ne passe plus."],
    ['account-blocked', 'blocked-after-attempts', 'Ich habe es zu oft versucht und komme nicht mehr rein.'],
    [
      'verification-email-missing',
      'verification-email-not-received',
      'It wants me to activate the account first. And the mail never arrives.',
    ],
    [
      'verification-email-missing',
      'verification-email-not-received',
      "On me demande de valider mon adresse. Mais le courriel n'arrive jamais.",
    ],
    ['verification-email-missing', 'verification-email-not-received', 'Ich soll die Adresse bestätigen, aber die Mail kommt nie an.'],
    ['verification-email-missing', 'verification-email-not-received', 'Me pide confirmar el correo. Y el correo nunca llega.'],
    ['verification-email-missing', 'verification-email-not-received', "Devo attivare l'account, ma la mail non arriva mai."],
    ['verification-email-missing', 'verification-email-not-received', "Je pensais l'avoir activé... et puis le mail n'arrive jamais."],
    // The noun first, then "of verification": no sentence before it says what the mail is for.
    ['verification-email-missing', 'verification-email-not-received', 'El correo de verificación nunca llega.'],
    ['verification-email-missing', 'verification-email-not-received', "Le mail de confirmation n'arrive pas."],
    ['verification-email-missing', 'verification-email-not-received', 'La mail di attivazione non mi arriva.'],
    ['verification-email-missing', 'verification-email-not-received', 'Un enlace de confirmación que no me llega.'],
    ['legacy-password-reset', 'reset-email-not-received', 'Password recovery looks broken. I asked an hour ago and nothing came.'],
    [
      'legacy-password-reset',
      'reset-email-not-received',
      'La récupération de mot de passe ne marche pas : demande faite ce matin, rien reçu.',
    ],
    ['legacy-password-reset', 'reset-email-not-received', 'Nessuno dei miei colleghi ha ricevuto la mail per cambiare la password.'],
    ['legacy-password-reset', 'reset-email-not-received', 'Nadie recibió el correo para cambiar la contraseña.'],
    ['legacy-password-reset', 'reset-email-not-received', 'When I click Forgot your password? the mail never arrives.'],
    [
      'legacy-password-reset',
      'reset-email-not-received',
      "J'ai confirmé ma demande de réinitialisation du mot de passe mais le mail n'arrive jamais.",
    ],
    ['other', 'account-deactivated', 'The screen says: this account is inactive.'],
    ['other', 'account-deactivated', 'Il me dit que le compte est désactivé.'],
    ['other', 'account-deactivated', 'Laut Meldung ist der Benutzer deaktiviert.'],
    ['other', 'unrequested-reset-mail', "I got a reset mail but I didn't request a password reset. Is this phishing?"],
    ['other', 'unrequested-reset-mail', "Quelqu'un a demandé un nouveau mot de passe pour moi ?"],
    ['other', 'unrequested-reset-mail', 'Ist das eine gefälschte Mail von Akeneo?'],
    ['account-linking', 'existing-other-product-account', 'The PIM only tells me there is already an account for my address.'],
    ['account-linking', 'existing-other-product-account', 'Il y a déjà un compte pour cette adresse, dit la page.'],
    ['legacy-credentials', 'which-email-registered', 'On the reset page the email address was not found.'],
    ['legacy-credentials', 'which-email-registered', "Le formulaire dit que l'adresse e-mail est inconnue."],
    ['legacy-credentials', 'which-email-registered', 'Die Seite erkennt meine E-Mail nicht.'],
    ['legacy-credentials', 'which-email-registered', 'No reconoce mi correo, aunque es el de siempre.'],
    ['legacy-credentials', 'which-email-registered', "Dice che l'indirizzo non esiste."],
    ['account-blocked', 'retry-later-message', 'The login page says: please try again in a few minutes.'],
    ['account-blocked', 'retry-later-message', "Impossibile effettuare l'accesso. Riprova fra qualche istante."],
    ['account-blocked', 'retry-later-message', 'Impossible de me connecter, la page dit de réessayer plus tard.'],
    ['account-blocked', 'retry-later-message', 'Bei der Anmeldung steht: Bitte versuchen Sie es in ein paar Minuten erneut.'],
    ['account-blocked', 'retry-later-message', 'Login geht nicht, ich soll es später erneut versuchen.'],
    ['account-blocked', 'retry-later-message', 'Al entrar al PIM me sale "Inténtelo de nuevo en unos minutos".'],
    ['missing-product-access', 'product-not-visible', 'After the first sign-in, Supplier Data Manager is not found anywhere.'],
  ])('%s: %s on "%s"', (_issue, signal, text) => {
    expect(fired(text)).toContain(signal);
  });

  it.each([
    ['account-deactivated', 'It says my account is temporarily deactivated after the wrong passwords.'],
    ['blocked-after-attempts', 'We export to the webshop too often, can we change the schedule?'],
    ['verification-email-not-received', 'I verified my address yesterday, the mail arrived fine.'],
    ['verification-email-not-received', "Le lien de confirmation s'ouvre, mais je n'arrive pas à valider le formulaire."],
    ['verification-email-not-received', 'El correo de verificación llega bien, el problema es la contraseña.'],
    ['reset-email-not-received', 'The verification link had no effect, nothing changed.'],
    ['unrequested-reset-mail', 'I requested a password reset and the mail never came.'],
    ['existing-other-product-account', 'The user list already shows the new colleague.'],
    // A fresh reviewer's counter-examples (2026-11-30).
    ['verification-email-not-received', 'My account is active. When I click Forgot your password? the mail never arrives.'],
    ['verification-email-not-received', "J'ai confirmé ma demande de réinitialisation du mot de passe mais le mail n'arrive jamais."],
    ['unrequested-reset-mail', 'Our admin, who requested the password reset for me, says the mail never arrived.'],
    ['unrequested-reset-mail', 'I did not request a new password yet, should I?'],
    ['unrequested-reset-mail', 'I suspect the verification mail is stuck in our filter.'],
    ['existing-other-product-account', 'There is already an account manager assigned to us, please route the invoice to her.'],
    ['existing-other-product-account', 'When I create the new colleague it says the username already exists.'],
    ['error-after-verification-link', 'I can confirm the password reset link has expired.'],
    ['error-after-verification-link', "Le paiement n'a pas pu être validé."],
    ['blocked-after-attempts', 'Je dois me connecter trop souvent, la session expire vite.'],
    ['blocked-after-attempts', 'We have to often sign in again after lunch.'],
    ['retry-later-message', 'The export failed, please try again in a few minutes.'],
    ['retry-later-message', 'Our connector gets 429 from the API: too many requests, try again later.'],
    ['retry-later-message', "L'import a échoué, réessayez plus tard dit le message."],
    ['which-email-registered', 'Our IP address was not found in the allowlist.'],
  ])('%s not on "%s"', (signal, text) => {
    expect(fired(text)).not.toContain(signal);
  });
});

describe('the 2FA signal fires on two-factor sign-in as the subject, not on a mention in passing', () => {
  it.each([
    'Can we enforce 2FA for all PIM users?',
    'Est-il possible d’imposer la double authentification ?',
    'Mein Zwei-Faktor-Code wird abgelehnt.',
    'I lost my phone and the authenticator app with it.',
    '¿Se puede activar el doble factor para todos?',
    'Ho cambiato telefono e il codice a due fattori è perso, come faccio?',
  ])('on: %s', (text) => {
    expect(fired(text)).toContain('mfa-request');
  });

  it.each([
    'I enter my email, my password and the 2FA code, then it says Login failed.',
    'Der Zwei-Faktor-Code kommt an, aber die Bestätigungsmail kommt nie an.',
    'Après le code de double authentification, le lien de vérification affiche Authentication failed.',
    'The authenticator app works fine, the problem is the verification email.',
  ])('not on: %s', (text) => {
    expect(fired(text)).not.toContain('mfa-request');
  });
});

describe('"connect my account" is often how a writer says "sign in": the linking signal needs an existing account or a link to another', () => {
  it.each([
    "I can't connect my account on my iPad and laptop.",
    "Je n'arrive pas à connecter mon compte depuis ce matin.",
    'No puedo conectar mi cuenta desde ayer.',
    'Earlier my account worked fine.',
  ])('not on: %s', (text) => {
    expect(fired(text)).not.toContain('connect-existing-profile');
  });

  it.each([
    'It asks me to connect my existing account with the old login.',
    'How do I connect my account with the PIM one?',
    'Please connect my old account to the new login.',
    'I need to link my account.',
    'Il faut relier mon ancien compte.',
  ])('on: %s', (text) => {
    expect(fired(text)).toContain('connect-existing-profile');
  });
});

describe('the feature-request signal reads proposals of how sign-in should work', () => {
  it.each([
    'You should be able to merge that account into the existing one.',
    'There should be a way to keep both logins.',
    'Un miglioramento sarebbe un solo login per tutti i prodotti.',
    'Es wäre gut, wenn man die E-Mail-Adresse nicht jedes Mal eingeben müsste.',
    'Una mejora sería recordar el último producto.',
  ])('on: %s', (text) => {
    expect(fired(text)).toContain('feature-request');
  });

  it.each(['I should be able to sign in with my email, but it says Login failed.', 'We cannot sign in since Monday.'])(
    'not on: %s',
    (text) => {
      expect(fired(text)).not.toContain('feature-request');
    },
  );
});

describe('the feature-request signal reads a proposal, not a failure or a request to support', () => {
  // A sign-in that should work and does not, or a polite request to the agent, is no proposal of
  // how sign-in should work: the signal sent such reports to `other`.
  it.each([
    'You should be able to sign in with your email but it says Login failed.',
    'We should be able to log in since Monday but nothing works.',
    "Je devrais pouvoir me connecter mais j'ai Login failed. Il serait utile de savoir pourquoi.",
    'Mon compte est bloqué. Il serait plus simple que vous le débloquiez.',
    'Ich kann mich nicht anmelden. Es wäre gut, wenn Sie das schnell prüfen.',
    'Mein Konto ist gesperrt. Es wäre hilfreich, wenn Sie es entsperren könnten.',
    'No puedo entrar, sale Login failed. Sería bueno que lo revisen hoy.',
    'Non riesco ad accedere, Login failed. Sarebbe meglio se mi richiamate.',
  ])('not on: %s', (text) => {
    expect(fired(text)).not.toContain('feature-request');
  });

  it.each([
    'You should be able to link your Akeneo accounts with one login.',
    'There should be a way to stay signed in for a week.',
    'Il serait pratique de pouvoir se connecter avec Google.',
    'Es wäre praktisch, wenn man sich mit Microsoft anmelden könnte.',
    'Una mejora sería poder entrar con Google.',
    'Sarebbe comodo se potessimo accedere con un solo login.',
  ])('on: %s', (text) => {
    expect(fired(text)).toContain('feature-request');
  });
});

describe('a polite wish is a feature request only when no work on the writer’s account follows', () => {
  it.each([
    'My account is locked. It would be great if you could unlock it today.',
    'Mein Konto ist gesperrt. Wäre toll, wenn Sie es entsperren.',
    'Mon compte est bloqué, ce serait bien de le débloquer rapidement.',
    'Sería genial que me ayudaran a entrar hoy.',
    'Sarebbe bello se poteste sbloccare il mio account.',
  ])('not on: %s', (text) => {
    expect(fired(text)).not.toContain('feature-request');
  });

  it.each([
    'It would be nice to sign in with Google.',
    'Wäre schön, wenn man angemeldet bleiben könnte.',
    'Ce serait bien d’avoir un seul login pour tous les produits.',
    'Sería útil poder elegir el producto al entrar.',
    'Sarebbe utile restare connessi più a lungo.',
  ])('on: %s', (text) => {
    expect(fired(text)).toContain('feature-request');
  });
});
