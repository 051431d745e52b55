import type { CommentInput } from './sandbox-account.js';
import type { SandboxTicket } from './sandbox-types.js';
import type { NewSandboxTicket, ZendeskSandbox } from './start-zendesk-sandbox.js';

export interface SeedTicket {
  ticket: NewSandboxTicket;
  /** Later comments by the requester (customer replies), oldest first. */
  replies?: CommentInput[];
}

/**
 * Example sign-in tickets for the stand-in (`npm start` without a Zendesk account). People,
 * companies and addresses are invented; domains use the reserved `.example` TLD. Mixed
 * languages, channels and attachments (a PNG, an inline screenshot, a PDF) as agents see them.
 */
export const SANDBOX_SEED_TICKETS: readonly SeedTicket[] = [
  {
    ticket: {
      subject: 'Username not accepted any more',
      body: [
        'Hello,',
        '',
        'since this morning I cannot log in to our PIM. I type my username "mlindqvist" like always and the new blue page says it is not a valid email address. I never used an email to log in before.',
        'What am I supposed to type now? Screenshot attached.',
        '',
        'Thanks,',
        'Marta Lindqvist',
        'Nordhem Interiors',
      ].join('\n'),
      requester: { name: 'Marta Lindqvist', email: 'marta.lindqvist@nordhem.example', locale: 'en-GB' },
      attachments: [{ file_name: 'login-page.png', content_type: 'image/png', size: 184_322, width: 1440, height: 900 }],
      channel: 'email',
    },
  },
  {
    ticket: {
      subject: "Pas reçu l'e-mail de vérification",
      body: [
        'Bonjour,',
        '',
        "Je dois me connecter au nouveau portail Akeneo pour notre catalogue. J'ai saisi mon adresse e-mail et mon mot de passe habituel, puis la page m'a demandé de vérifier mon e-mail. Aucun message n'est arrivé, même dans les indésirables. J'ai réessayé hier vers 16h30 et ce matin à 9h.",
        '',
        'Cordialement,',
        'Julien Carrère',
        'Papeterie Delorme',
      ].join('\n'),
      requester: { name: 'Julien Carrère', email: 'j.carrere@papeterie-delorme.example', locale: 'fr' },
      channel: 'web',
    },
  },
  {
    ticket: {
      subject: 'Fehlerseite nach Klick auf den Bestätigungslink',
      html_body: [
        '<p>Guten Tag,</p>',
        '<p>heute um 08:17 Uhr (MEZ) habe ich auf den Link in der Bestätigungs-Mail geklickt und bin auf einer Fehlerseite gelandet. In der Adresszeile steht etwas mit <code>error=access_denied</code>. Hier der Screenshot:</p>',
        '<p><img src="https://sandbox.example/attachments/token/inline-1/?name=fehlerseite.png" alt="fehlerseite.png"></p>',
        '<p>Mit freundlichen Grüßen<br>Katrin Hoffmann<br>Hoffmann Werkzeuge GmbH</p>',
      ].join(''),
      requester: { name: 'Katrin Hoffmann', email: 'k.hoffmann@hoffmann-werkzeuge.example', locale: 'de' },
      attachments: [{ file_name: 'fehlerseite.png', content_type: 'image/png', size: 96_410, inline: true, width: 1280, height: 720 }],
      channel: 'email',
    },
  },
  {
    ticket: {
      subject: 'No puedo restablecer mi contraseña',
      body: [
        'Hola,',
        '',
        'Somos proveedores y usamos el Supplier Data Manager para enviar fichas de producto a uno de sus clientes. Olvidé mi contraseña y el enlace de restablecimiento de un correo antiguo ahora lleva a una página de error. Adjunto el informe que nos pidió nuestro departamento de IT.',
        '',
        'Un saludo,',
        'Lucía Ferrer',
        'Ferrer Textil S.L.',
      ].join('\n'),
      requester: { name: 'Lucía Ferrer', email: 'lucia.ferrer@ferrertextil.example', locale: 'es' },
      attachments: [{ file_name: 'informe-incidencia.pdf', content_type: 'application/pdf', size: 212_877 }],
      channel: 'email',
    },
  },
  {
    ticket: {
      subject: 'Account bloccato',
      body: [
        'Buongiorno,',
        '',
        'dopo alcuni tentativi con la password sbagliata il mio account risulta bloccato e la pagina dice di riprovare più tardi. Ho bisogno di accedere oggi per aggiornare il listino.',
        '',
        'Grazie,',
        'Giorgio Bellandi',
      ].join('\n'),
      requester: { name: 'Giorgio Bellandi', email: 'g.bellandi@bellandi-casa.example', locale: 'it' },
      channel: 'web',
    },
    replies: [
      {
        body: "Ho aspettato un'ora e riprovato alle 14:05, ancora bloccato. Allego una foto dello schermo.",
        attachments: [{ file_name: 'IMG_2041.jpg', content_type: 'image/jpeg', size: 1_204_551, width: 3024, height: 4032 }],
        public: true,
      },
    ],
  },
  {
    ticket: {
      subject: 'Signed in, but Supplier Data Manager is missing',
      body: [
        'Hi team,',
        '',
        'I managed to sign in with the new Akeneo login and I can see the PIM, but the Supplier Data Manager is gone from the product switcher. Last week I could open both. Did we lose access with the migration?',
        '',
        'Best regards,',
        'Priya Raman',
        'Catalogue Manager, Brightwell Outdoor',
      ].join('\n'),
      requester: { name: 'Priya Raman', email: 'priya.raman@brightwell.example', locale: 'en-US' },
      channel: 'web',
    },
  },
];

/**
 * Creates the seed tickets as customer submissions (triggers installed before this fire, so
 * `npm start` can install our triggers first and then watch the tickets get triaged).
 */
export function seedZendeskSandbox(
  sandbox: Pick<ZendeskSandbox, 'createTicket' | 'addComment'>,
  tickets: readonly SeedTicket[] = SANDBOX_SEED_TICKETS,
): SandboxTicket[] {
  return tickets.map(({ ticket, replies }) => {
    let created = sandbox.createTicket(ticket);
    for (const reply of replies ?? []) created = sandbox.addComment(created.id, reply);
    return created;
  });
}
