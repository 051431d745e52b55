import type { ZendeskSandbox } from '../../src/zendesk-sandbox/index.js';

/**
 * A stand-in account with a history: a few hundred past tickets spread over the last weeks,
 * generated from templates written for this helper (no dataset is read). Each ticket gets the
 * issue its template was written for as `intended`; some carry a tag the team uses for it, some
 * our own `signin_issue_*` tags (a few marked corrected by an agent), the rest no tag at all.
 */
export interface SeededTicket {
  id: number;
  intended: string;
  tags: string[];
  createdAt: string;
}

export interface SeedHistoryOptions {
  count: number;
  /** The stand-in's clock is set by this helper: start it with `clock: history.clock`. */
  clock: HistoryClock;
  /** First ticket's age, in days. @defaultValue 60 */
  spanDays?: number;
  /** Deterministic variety. @defaultValue 1 */
  seed?: number;
}

/** A settable clock for `startZendeskSandbox({ clock })`, so tickets can be created in the past. */
export interface HistoryClock {
  (): number;
  set(epochMs: number): void;
  /** Back to real time. */
  release(): void;
}

export function createHistoryClock(): HistoryClock {
  let fixed: number | null = null;
  const clock = (() => fixed ?? Date.now()) as HistoryClock;
  clock.set = (epochMs) => {
    fixed = epochMs;
  };
  clock.release = () => {
    fixed = null;
  };
  return clock;
}

/** The team's own tags in this account, as an admin would map them with --truth-tags. */
export const TEAM_TAGS: Record<string, string> = {
  legacy_login: 'legacy-credentials',
  no_verif_mail: 'verification-email-missing',
  verif_link_error: 'verification-error',
  old_pwd_reset: 'legacy-password-reset',
  link_account: 'account-linking',
  product_missing: 'missing-product-access',
  locked_out: 'account-blocked',
  not_login: 'other',
};

type Template = (v: Vars) => { subject: string; body: string };
interface Vars {
  name: string;
  company: string;
  product: string;
  time: string;
  colleague: string;
}

const TEMPLATES: Record<string, Template[]> = {
  'legacy-credentials': [
    (v) => ({
      subject: 'Username not accepted',
      body: `Hello,\nI try to log in with my PIM username like always but the new sign-in page asks for an email address and says my username is not valid. I never had an email login before.\nRegards, ${v.name}`,
    }),
    (v) => ({
      subject: 'Ancien identifiant refusé',
      body: `Bonjour,\nje me connecte avec mon ancien identifiant PIM et la nouvelle page de connexion me demande une adresse e-mail. Mon nom d'utilisateur n'est plus accepté.\n${v.name}, ${v.company}`,
    }),
    (v) => ({
      subject: 'Login with old username',
      body: `Hi team, our users still use the old PIM login page with their usernames and it no longer works since the migration to Product Cloud. Which login should they use? ${v.name}`,
    }),
  ],
  'verification-email-missing': [
    (v) => ({
      subject: 'No verification email',
      body: `Hello,\nI am signing in for the first time and the page says a verification email was sent, but I never received the verification email, not even in spam. I waited an hour.\n${v.name}`,
    }),
    (v) => ({
      subject: 'Keine Bestätigungs-E-Mail erhalten',
      body: `Guten Tag,\nbei der ersten Anmeldung soll ich meine E-Mail-Adresse bestätigen, aber die Bestätigungs-E-Mail kommt nicht an, auch nicht im Spam-Ordner.\nViele Grüße\n${v.name}`,
    }),
    (v) => ({
      subject: 'Verification mail never arrives',
      body: `Hi, the verification email for my first sign-in never arrives. I clicked resend three times at ${v.time}. Nothing in my inbox or junk folder. ${v.name}`,
    }),
  ],
  'verification-error': [
    (v) => ({
      subject: 'Error after clicking verification link',
      body: `Hello,\nI clicked the link in the verification email and got an error page saying the link is invalid or expired. I tried again at ${v.time} with the same error.\n${v.name}`,
    }),
    (v) => ({
      subject: 'Error en el enlace de verificación',
      body: `Hola,\nal hacer clic en el enlace del correo de verificación aparece una página de error. El enlace de verificación no funciona.\nSaludos, ${v.name}`,
    }),
  ],
  'legacy-password-reset': [
    (v) => ({
      subject: 'Cannot reset my old PIM password',
      body: `Hello,\nI clicked Forgot your password? on the old PIM login page but the reset email never comes and the reset link of the legacy password does not work since the migration.\n${v.name}`,
    }),
    (v) => ({
      subject: 'Réinitialisation du mot de passe impossible',
      body: `Bonjour,\nje n'arrive pas à réinitialiser mon ancien mot de passe PIM depuis la migration : le lien « mot de passe oublié » de l'ancienne page ne fonctionne plus.\n${v.name}`,
    }),
  ],
  'account-linking': [
    (v) => ({
      subject: 'Link your account screen',
      body: `Hi,\nI already use ${v.product} with my Product Cloud account. When I open the PIM I get a screen "Link your account" asking me to link my existing account and I do not know which password to enter.\n${v.name}`,
    }),
    (v) => ({
      subject: 'Collegare il mio account',
      body: `Buongiorno,\nquando apro il PIM compare la schermata "Link your account" e mi chiede di collegare il mio account esistente di Product Cloud. Cosa devo fare?\n${v.name}`,
    }),
  ],
  'missing-product-access': [
    (v) => ({
      subject: `${v.product} missing after sign-in`,
      body: `Hello,\nI can sign in to Product Cloud fine, but ${v.product} is not in my list of products. My colleague ${v.colleague} sees it. I do not have access to it.\n${v.name}`,
    }),
    (v) => ({
      subject: `Kein Zugriff auf ${v.product}`,
      body: `Hallo,\ndie Anmeldung funktioniert, aber ${v.product} fehlt in meiner Produktliste. Meine Kollegin sieht es, ich habe keinen Zugriff.\n${v.name}`,
    }),
  ],
  'account-blocked': [
    (v) => ({
      subject: 'Account blocked',
      body: `Hello,\nafter several failed attempts my account is blocked, the page says too many failed sign-in attempts and to try again later. This happened at ${v.time}.\n${v.name}`,
    }),
    (v) => ({
      subject: 'Compte bloqué',
      body: `Bonjour,\naprès plusieurs essais j'ai eu « Login failed » et maintenant mon compte est bloqué temporairement.\n${v.name}`,
    }),
    (v) => ({
      subject: 'Cuenta bloqueada',
      body: `Hola,\ndespués de varios intentos fallidos mi cuenta está bloqueada y no puedo iniciar sesión.\n${v.name}`,
    }),
  ],
  other: [
    (v) => ({
      subject: 'Invoice question',
      body: `Hello,\ncould you send us a copy of last month's invoice for ${v.company}? Our accounting needs it.\nThanks, ${v.name}`,
    }),
    (v) => ({
      subject: 'Export of product data',
      body: `Hi,\nhow can I schedule an export of all product attributes to CSV every night? ${v.name}`,
    }),
    (v) => ({
      subject: 'Merci',
      body: `Bonjour,\nmerci pour votre aide, tout fonctionne maintenant.\n${v.name}`,
    }),
    (v) => ({
      subject: 'API returns 401',
      body: `Hello,\nour connector calls the REST API with a client id and secret and now gets 401 Unauthorized for every request. Did the API authentication change?\n${v.name}`,
    }),
  ],
};

/** Vague tickets: the team tagged them with an issue, but the words hardly say which. */
const VAGUE: Template[] = [
  (v) => ({ subject: 'Login problem', body: `Hello,\nI cannot log in since yesterday. Please help.\n${v.name}` }),
  (v) => ({ subject: 'Problème de connexion', body: `Bonjour,\nimpossible de me connecter depuis ce matin.\n${v.name}` }),
  (v) => ({ subject: 'Access', body: `Hi, it does not work for me any more, can you check my account? ${v.name}, ${v.company}` }),
];

const NAMES = ['Marta Lindqvist', 'Jonas Becker', 'Claire Dubois', 'Luca Bianchi', 'Ana García', 'Tom Hughes', 'Eva Novak', 'Paul Martin'];
const COMPANIES = ['Nordhem Interiors', 'Alpen Tools', 'Maison Verte', 'Casa Blu', 'Iberia Foods'];
const PRODUCTS = ['Shared Catalogs', 'Syndication', 'Activation', 'Supplier Data Manager'];
const TIMES = ['10:42', '09:15', '14:30', '16:05'];

/** Small deterministic generator (mulberry32): the same seed gives the same history. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Creates `count` tickets in the stand-in, oldest first, spread over `spanDays` days up to now.
 * Tag mix per ticket: 45% a team tag (of its intended issue, but 3 in 100 of any issue), 15% our own `signin_issue_*` tags
 * (a third of those with `signin_triage_corrected`), 40% none. The clock is released at the end.
 */
export function seedTicketHistory(sandbox: ZendeskSandbox, options: SeedHistoryOptions): SeededTicket[] {
  const next = random(options.seed ?? 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const issues = Object.keys(TEMPLATES);
  const teamTagOf = Object.fromEntries(Object.entries(TEAM_TAGS).map(([tag, issue]) => [issue, tag]));
  const spanMs = (options.spanDays ?? 60) * 86_400_000;
  const start = Date.now() - spanMs;
  const seeded: SeededTicket[] = [];
  for (let index = 0; index < options.count; index += 1) {
    options.clock.set(start + Math.floor((spanMs * index) / options.count));
    const intended = pick(issues);
    const vars: Vars = { name: pick(NAMES), company: pick(COMPANIES), product: pick(PRODUCTS), time: pick(TIMES), colleague: pick(NAMES) };
    // One ticket in eight is vague, one team tag in thirty is wrong: agents mis-tag, customers say little.
    const { subject, body } = pick(next() < 0.125 && intended !== 'other' ? VAGUE : TEMPLATES[intended]!)(vars);
    const roll = next();
    const teamTag = next() < 0.03 ? pick(Object.keys(TEAM_TAGS)) : teamTagOf[intended]!;
    const tags =
      roll < 0.45
        ? [teamTag]
        : roll < 0.6
          ? ['signin_triage', `signin_issue_${intended.replace(/-/g, '_')}`, ...(next() < 0.33 ? ['signin_triage_corrected'] : [])]
          : [];
    const email = `${vars.name.toLowerCase().replace(/[^a-z]+/g, '.')}.${index}@${vars.company.toLowerCase().replace(/[^a-z]+/g, '')}.example`;
    const ticket = sandbox.createTicket({
      subject,
      body,
      requester: { name: vars.name, email },
      tags,
      ...(next() < 0.2
        ? { attachments: [{ file_name: 'screen.png', content_type: 'image/png', size: 120_000, width: 1280, height: 800 }] }
        : {}),
      channel: next() < 0.7 ? 'email' : 'web',
    });
    seeded.push({ id: ticket.id, intended, tags: ticket.tags, createdAt: ticket.created_at });
  }
  options.clock.release();
  return seeded;
}
