import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { zendeskBaseUrl } from './zendesk/base-url.js';
import { trimTrailingSlashes } from './util/trim-trailing-slashes.js';
import { schemaLimits, type ConfigLimits } from './config-limits.js';
import { DEFAULT_UPDATES_PER_MINUTE } from './zendesk/update-budget.js';
import { parseTriageScope, TriageScopeError, type TriageScope } from './scope/triage-scope.js';

/**
 * The only reader of the environment. Server, worker, CLI and scripts all call
 * `loadConfig(env)`, so a variable means the same thing everywhere and is checked once.
 */

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const NODE_ENVS = ['development', 'production', 'test'] as const;

/** Documentation of one variable; rendered into the README table and used in error messages. */
export interface ConfigVariable {
  name: string;
  description: string;
  /** Shown in the README; null = no default (unset means "off" or "required", see description). */
  default: string | null;
  /** Completes "allowed …" in error messages. */
  allowed: string;
  /** Never echo the value (errors show only its length). */
  secret: boolean;
  /** Minimum lengths and numeric bounds, read from the variable's schema (config-limits.ts). */
  limits: ConfigLimits;
}

type VariableDoc = Omit<ConfigVariable, 'name' | 'limits'>;

// Treat "" like unset: docker env files and CI often export empty variables.
const blankToUndefined = (value: unknown): unknown => (typeof value === 'string' && value.trim() === '' ? undefined : value);

function optionalText() {
  return z.preprocess(blankToUndefined, z.string().trim().optional());
}

function integer(defaultValue: number, min: number, max: number) {
  return z
    .preprocess(
      blankToUndefined,
      z
        .string()
        .trim()
        .regex(/^\d+$/, 'must be a whole number')
        .transform(Number)
        .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
        .optional(),
    )
    .transform((value) => value ?? defaultValue);
}

/** A probability between 0 and 1 (exclusive), or unset. */
function optionalProbability() {
  return z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .regex(/^(0(\.\d{1,6})?|\.\d{1,6})$/, 'must be a number between 0 and 1, like 0.45')
      .transform(Number)
      .pipe(z.number().gt(0, 'must be more than 0').lt(1, 'must be less than 1'))
      .optional(),
  );
}

function onOff(defaultValue: 'on' | 'off') {
  return z
    .preprocess(
      (value) => (typeof blankToUndefined(value) === 'string' ? (value as string).trim().toLowerCase() : undefined),
      z.enum(['on', 'off'], { error: 'must be on or off' }).optional(),
    )
    .transform((value) => (value ?? defaultValue) === 'on');
}

function httpUrl() {
  return z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .refine((value) => {
        try {
          const url = new URL(value);
          return (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '';
        } catch {
          return false;
        }
      }, 'must be an absolute http(s) URL without credentials')
      .transform(trimTrailingSlashes)
      .optional(),
  );
}

function secretList() {
  return z.preprocess(
    blankToUndefined,
    z
      .string()
      .transform((value) =>
        value
          .split(',')
          .map((part) => part.trim())
          .filter((part) => part !== ''),
      )
      .pipe(z.array(z.string().min(16, 'each secret must be at least 16 characters')).min(1, 'must list at least one secret'))
      .optional(),
  );
}

function secret(minLength: number) {
  return z.preprocess(blankToUndefined, z.string().trim().min(minLength, `must be at least ${minLength} characters`).optional());
}

const SUBDOMAIN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Where API calls go. Only `https://…` (or plain http on loopback, for the local stand-in), with
 * no path, query, fragment or credentials, so a crafted value cannot redirect our API token.
 */
function zendeskUrl() {
  return z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .transform((value, ctx) => {
        let url: URL;
        try {
          url = new URL(value);
        } catch {
          ctx.addIssue({ code: 'custom', message: 'is not a URL' });
          return z.NEVER;
        }
        const loopback = LOOPBACK_HOSTS.has(url.hostname);
        if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
          ctx.addIssue({ code: 'custom', message: 'must use https (plain http only for localhost)' });
        } else if (url.username !== '' || url.password !== '') {
          ctx.addIssue({ code: 'custom', message: 'must not contain credentials' });
        } else if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '' || /[?#]/.test(value)) {
          ctx.addIssue({ code: 'custom', message: 'must be just the origin, without path, query or fragment' });
        } else {
          return url.origin;
        }
        return z.NEVER;
      })
      .optional(),
  );
}

/** One schema for every variable; key order is the README table's order. */
const envShape = {
  // No default here: unset means production when a Zendesk account is configured (resolveNodeEnv).
  NODE_ENV: z.preprocess(blankToUndefined, z.enum(NODE_ENVS, { error: 'must be one of the allowed values' }).optional()),
  PORT: integer(3000, 0, 65535),
  HOST: optionalText().transform((value) => value ?? '0.0.0.0'),
  PUBLIC_URL: httpUrl(),
  ALLOW_HTTP_PUBLIC_URL: onOff('off'),
  REDIS_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .refine((value) => {
        try {
          const url = new URL(value);
          return (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '' && /^\/?\d*$/.test(url.pathname);
        } catch {
          return false;
        }
      }, 'must be a redis:// or rediss:// URL with a host and an optional /<db number>')
      .optional(),
  ),
  QUEUE_PREFIX: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      // Braces allowed around the whole prefix: a Redis Cluster hash tag keeps a queue's keys on one slot.
      .regex(
        /^(?:[A-Za-z0-9._-]{1,64}|\{[A-Za-z0-9._-]{1,62}\})$/,
        'must be 1-64 letters, digits, dots, dashes or underscores, optionally wrapped in {braces}',
      )
      .default('signin-triage'),
  ),
  ZENDESK_SUBDOMAIN: z.preprocess(
    blankToUndefined,
    z.string().trim().regex(SUBDOMAIN, 'must be a bare subdomain such as "acme" (for acme.zendesk.com)').optional(),
  ),
  ZENDESK_URL: zendeskUrl(),
  ZENDESK_EMAIL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .regex(/^[^\s@]{1,64}@[^\s@.]{1,63}(\.[^\s@.]{1,63}){1,8}$/, 'must be an email address')
      .optional(),
  ),
  ZENDESK_API_TOKEN: secret(8),
  ZENDESK_OAUTH_TOKEN: secret(8),
  ZENDESK_WEBHOOK_SECRET: secretList(),
  SIDEBAR_SESSION_SECRET: secret(32),
  SIDEBAR_SHARED_SECRET: secret(32),
  ZENDESK_APP_PUBLIC_KEY: z.preprocess(
    blankToUndefined,
    z
      .string()
      .transform((value) => value.replace(/\\n/g, '\n').trim())
      .refine(
        (value) => /^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\s]+\n-----END PUBLIC KEY-----$/.test(value),
        'must be a PEM public key (-----BEGIN PUBLIC KEY----- … -----END PUBLIC KEY-----)',
      )
      .optional(),
  ),
  ZENDESK_APP_ID: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).optional()),
  ZENDESK_APP_AUDIENCE: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .regex(/^https:\/\/[^\s/]+\/api\/v2\/apps\/installations\/\d+\.json$/, 'must be https://<host>/api/v2/apps/installations/<id>.json')
      .optional(),
  ),
  SIDEBAR_SESSION_TTL_SECONDS: integer(3600, 60, 43_200),
  WORKER_CONCURRENCY: integer(5, 1, 100),
  ZENDESK_UPDATES_PER_MINUTE: integer(DEFAULT_UPDATES_PER_MINUTE, 1, 1000),
  ZENDESK_TIMEOUT_MS: integer(10_000, 100, 120_000),
  WORKER_LOCK_DURATION_MS: integer(30_000, 1_000, 600_000),
  WORKER_STALLED_INTERVAL_MS: integer(5_000, 500, 600_000),
  TRIAGE_WRITE: onOff('on'),
  TRIAGE_SCOPE: z.preprocess(
    blankToUndefined,
    z
      .string()
      .transform((value, ctx) => {
        try {
          return parseTriageScope(value);
        } catch (error) {
          if (!(error instanceof TriageScopeError)) throw error;
          ctx.addIssue({ code: 'custom', message: error.message });
          return z.NEVER;
        }
      })
      .optional(),
  ),
  FEEDBACK_LEARNING: onOff('off'),
  FEEDBACK_RETRAIN_DELAY_MS: integer(30_000, 0, 3_600_000),
  FEEDBACK_RETENTION_DAYS: integer(365, 1, 3650),
  DIAGNOSIS_RETENTION_DAYS: integer(180, 1, 3650),
  NOTE_ON_OTHER: onOff('off'),
  PLAYBOOK_PATH: optionalText(),
  CLASSIFY_TIME_LIMIT_MS: integer(2_000, 1, 60_000),
  ABSTAIN_THRESHOLD: optionalProbability(),
  HIGH_CONFIDENCE_THRESHOLD: optionalProbability(),
  SWEEP_INTERVAL_MINUTES: integer(5, 0, 1440),
  ADMIN_USER: optionalText(),
  ADMIN_PASSWORD: secret(12),
  LOG_LEVEL: z.preprocess(
    (value) => (typeof blankToUndefined(value) === 'string' ? (value as string).trim().toLowerCase() : undefined),
    z.enum(LOG_LEVELS, { error: 'must be one of the allowed values' }).default('info'),
  ),
  WEBHOOK_MAX_BODY_BYTES: integer(262_144, 1024, 10 * 1024 * 1024),
  WEBHOOK_TOLERANCE_SECONDS: integer(300, 1, 3600),
  SHUTDOWN_GRACE_MS: integer(10_000, 0, 600_000),
};

type VariableName = keyof typeof envShape;

const DOCS: Record<VariableName, VariableDoc> = {
  NODE_ENV: {
    description:
      'In `production`, missing secrets and Zendesk settings stop start-up, no development values are generated, and `/metrics` needs ADMIN_USER/ADMIN_PASSWORD; otherwise secrets get development values and a warning. Unset: `production` as soon as a Zendesk account is configured (any ZENDESK_* account setting, unless ZENDESK_URL points at localhost, the local stand-in), else `development`.',
    default: null,
    allowed: NODE_ENVS.join(', '),
    secret: false,
  },
  PORT: { description: 'HTTP port of the API role.', default: '3000', allowed: 'an integer from 0 to 65535', secret: false },
  HOST: { description: 'Interface the HTTP server binds to.', default: '0.0.0.0', allowed: 'a host name or IP address', secret: false },
  PUBLIC_URL: {
    description:
      'Public HTTPS base URL where Zendesk reaches this service (used by `zendesk:install`). With a Zendesk account, a plain `http://` one (other than localhost) stops start-up in production unless ALLOW_HTTP_PUBLIC_URL=on, and is warned about otherwise.',
    default: null,
    allowed: 'an absolute http(s) URL such as https://triage.example.com',
    secret: false,
  },
  ALLOW_HTTP_PUBLIC_URL: {
    description:
      "`on` = accept a plain `http://` PUBLIC_URL (other than localhost) in production, with a warning at start-up: the webhooks (ticket ids) and the sidebar's signed token and session would travel in clear. Off: production refuses to start with one (exit 2); outside production it only warns.",
    default: 'off',
    allowed: 'on, off',
    secret: false,
  },
  REDIS_URL: {
    description: 'Redis for the queue and stored diagnoses. Unset: a local `redis-server` is started with data under `.data/redis`.',
    default: null,
    allowed: 'redis://[user:password@]host:port[/db] or rediss://…',
    secret: true,
  },
  QUEUE_PREFIX: {
    description: 'Prefix of every Redis key we write.',
    default: 'signin-triage',
    allowed: '1-64 of [A-Za-z0-9._-], or wrapped in braces as a Redis Cluster hash tag: {signin-triage}',
    secret: false,
  },
  ZENDESK_SUBDOMAIN: {
    description:
      'Your account, as in `<subdomain>.zendesk.com`. Unset together with the credentials: sandbox mode (a local Zendesk stand-in).',
    default: null,
    allowed: 'letters, digits and inner dashes, e.g. acme',
    secret: false,
  },
  ZENDESK_URL: {
    description: 'Full Zendesk base URL (host-mapped accounts); wins over ZENDESK_SUBDOMAIN.',
    default: null,
    allowed: 'https://host[:port] without path (http only for localhost)',
    secret: false,
  },
  ZENDESK_EMAIL: {
    description:
      "Email of the API user for API-token authentication: an admin (the catch-up sweep reads Zendesk's admin-only incremental export; with an agent the sweep is off). Our notes appear under this user's name: use a dedicated integration user.",
    default: null,
    allowed: 'an email address',
    secret: false,
  },
  ZENDESK_API_TOKEN: {
    description: 'API token (Admin Center → Apps and integrations → Zendesk API), used with ZENDESK_EMAIL.',
    default: null,
    allowed: 'the token string (8+ characters)',
    secret: true,
  },
  ZENDESK_OAUTH_TOKEN: {
    description: 'OAuth access token; alternative to ZENDESK_EMAIL + ZENDESK_API_TOKEN.',
    default: null,
    allowed: 'the token string (8+ characters)',
    secret: true,
  },
  ZENDESK_WEBHOOK_SECRET: {
    description: "The webhook's signing secret. Comma-separated list to accept old and new secrets during rotation.",
    default: null,
    allowed: 'one or more secrets of 16+ characters, comma-separated',
    secret: true,
  },
  SIDEBAR_SESSION_SECRET: {
    description:
      "Server-only key from which the sidebar's session tokens are signed (HS256 over a derived key), after Zendesk's signed URL vouched for the agent. Never entered in the app. Changing it ends every open sidebar session (agents reload the app).",
    default: null,
    allowed: 'a random string of 32+ characters',
    secret: true,
  },
  SIDEBAR_SHARED_SECRET: {
    description:
      'Deprecated old name of SIDEBAR_SESSION_SECRET (from when the app held the same value in its `shared_secret` setting); still read, with a warning, when SIDEBAR_SESSION_SECRET is unset.',
    default: null,
    allowed: 'a random string of 32+ characters',
    secret: true,
  },
  ZENDESK_APP_PUBLIC_KEY: {
    description:
      "The sidebar app's public key (PEM; `\\n` escapes allowed) that verifies Zendesk's RS256 signed-URL token. Unset: fetched from `GET /api/v2/apps/{ZENDESK_APP_ID}/public_key.pem` and cached.",
    default: null,
    allowed: 'a PEM public key',
    secret: false,
  },
  ZENDESK_APP_ID: {
    description: "The sidebar app's id in Zendesk (not the installation id), to fetch its public key when ZENDESK_APP_PUBLIC_KEY is unset.",
    default: null,
    allowed: 'a positive integer (1 or more)',
    secret: false,
  },
  ZENDESK_APP_AUDIENCE: {
    description:
      "Expected `aud` of the signed-URL token: the installation's URL. Set it to refuse tokens of other installations of the app.",
    default: null,
    allowed: 'https://<subdomain>.zendesk.com/api/v2/apps/installations/<id>.json',
    secret: false,
  },
  SIDEBAR_SESSION_TTL_SECONDS: {
    description:
      "Lifetime of the session token the server gives the sidebar after verifying Zendesk's signed URL; the agent reloads the app after it.",
    default: '3600',
    allowed: 'an integer from 60 to 43200',
    secret: false,
  },
  WORKER_CONCURRENCY: {
    description: 'Tickets processed in parallel per worker process.',
    default: '5',
    allowed: 'an integer from 1 to 100',
    secret: false,
  },
  ZENDESK_UPDATES_PER_MINUTE: {
    description:
      "Tickets triaged (ticket updates) per minute, across all workers. Each costs 3+ API requests; the default fits Zendesk's smallest plan (Team: 200 requests a minute). At start-up the log says, from the account's X-Rate-Limit header, how far it can be raised (Growth/Professional 400 → 90; Update Ticket itself allows 100 a minute, 20 on trial accounts).",
    default: String(DEFAULT_UPDATES_PER_MINUTE),
    allowed: 'an integer from 1 to 1000',
    secret: false,
  },
  ZENDESK_TIMEOUT_MS: {
    description: 'Timeout of one Zendesk API request, in milliseconds.',
    default: '10000',
    allowed: 'an integer from 100 to 120000',
    secret: false,
  },
  WORKER_LOCK_DURATION_MS: {
    description:
      "How long a worker's claim on a job lasts without renewal, in milliseconds; a killed worker's job is re-run after about this plus the stalled interval.",
    default: '30000',
    allowed: 'an integer from 1000 to 600000',
    secret: false,
  },
  WORKER_STALLED_INTERVAL_MS: {
    description: 'How often workers look for jobs whose lock expired (a crashed worker), in milliseconds.',
    default: '5000',
    allowed: 'an integer from 500 to 600000',
    secret: false,
  },
  TRIAGE_WRITE: {
    description: '`off` = dry run: classify and store diagnoses but do not tag tickets or post notes.',
    default: 'on',
    allowed: 'on, off',
    secret: false,
  },
  TRIAGE_SCOPE: {
    description:
      'Which tickets are triaged automatically: comma-separated `brand:ID`, `group:ID`, `form:ID`, `tag:NAME`; entries of one kind are alternatives, kinds are combined (`brand:1,brand:2,tag:pim_support` = brand 1 or 2, and tagged pim_support). `zendesk:install` puts it into the "new ticket" trigger, the sweep queues only tickets in scope, and the worker skips a new ticket out of scope (an agent\'s re-run is always honoured). Unset: every new ticket.',
    default: null,
    allowed: 'brand:<id>, group:<id>, form:<id>, tag:<name>, comma-separated',
    secret: false,
  },
  FEEDBACK_LEARNING: {
    description: "`on` = agents' corrections are added to the classifier's examples (retrained in a background thread).",
    default: 'off',
    allowed: 'on, off',
    secret: false,
  },
  FEEDBACK_RETRAIN_DELAY_MS: {
    description:
      'With FEEDBACK_LEARNING=on, how long after the last correction the model is retrained, in milliseconds: a burst of corrections gives one retraining.',
    default: '30000',
    allowed: 'an integer from 0 to 3600000',
    secret: false,
  },
  FEEDBACK_RETENTION_DAYS: {
    description: "How long an agent's correction (with the customer's words) is kept for training, in days; older ones are deleted.",
    default: '365',
    allowed: 'an integer from 1 to 3650',
    secret: false,
  },
  DIAGNOSIS_RETENTION_DAYS: {
    description:
      "How long a ticket's stored diagnosis (with the phrases quoted from it) and its history are kept after its last triage, in days; Redis expires them. `signin-triage forget --ticket ID` deletes them at once.",
    default: '180',
    allowed: 'an integer from 1 to 3650',
    secret: false,
  },
  NOTE_ON_OTHER: {
    description:
      '`on` = tickets diagnosed `other` (not a sign-in issue) also get the internal note. Off: they get our tags only. A ticket where the model abstains between sign-in issues always gets the note, with the closest issues, and so does `other` without high confidence whose runner-up is a sign-in issue.',
    default: 'off',
    allowed: 'on, off',
    secret: false,
  },
  PLAYBOOK_PATH: {
    description:
      'Playbook YAML to load instead of the shipped one; a `corpus/` folder beside it adds training examples. Its model is the `model.bin` beside it, written by `signin-triage train --playbook PATH` and loaded at start when it was trained from this playbook, corpus and code; a missing or stale one stops a production start-up (saying what to run), and is trained at start otherwise (a minute or more). Mount the folder in Docker to change the playbook without a rebuild (docs/operations.md).',
    default: null,
    allowed: 'a path to a readable playbook .yaml file',
    secret: false,
  },
  ABSTAIN_THRESHOLD: {
    description:
      "Confidence under which the model abstains (the ticket is `other`, low band, the note lists the closest issues). Unset: the trained model's own (src/playbook/model.bin). `signin-triage backtest` and /admin/quality propose a value for 97% precision on your own tickets.",
    default: null,
    allowed: 'a number between 0 and 1, below HIGH_CONFIDENCE_THRESHOLD',
    secret: false,
  },
  HIGH_CONFIDENCE_THRESHOLD: {
    description:
      'Confidence from which a diagnosis is "high confidence" (band, tag and sidebar). Unset: the trained model\'s own (src/playbook/model.bin). `signin-triage backtest` and /admin/quality propose a value.',
    default: null,
    allowed: 'a number between 0 and 1, above ABSTAIN_THRESHOLD',
    secret: false,
  },
  CLASSIFY_TIME_LIMIT_MS: {
    description:
      'Longest one ticket may take to classify, in milliseconds (in a worker thread); past it the ticket is triaged `other`, "text too complex to analyse". Under 50 is for tests: long tickets are then cut off.',
    default: '2000',
    allowed: 'an integer from 1 to 60000',
    secret: false,
  },
  SWEEP_INTERVAL_MINUTES: {
    description: 'Catch-up sweep for tickets whose webhook was lost, in minutes; 0 turns it off.',
    default: '5',
    allowed: 'an integer from 0 to 1440',
    secret: false,
  },
  ADMIN_USER: {
    description:
      'Basic-auth user for `/admin/queues`, `/admin/quality` and `/metrics`. Unset: the queue dashboard is off, the quality page answers 401, and `/metrics` is open in development but answers 401 in production.',
    default: null,
    allowed: 'any text',
    secret: false,
  },
  ADMIN_PASSWORD: { description: 'Basic-auth password for ADMIN_USER.', default: null, allowed: '12+ characters', secret: true },
  LOG_LEVEL: { description: 'pino log level.', default: 'info', allowed: LOG_LEVELS.join(', '), secret: false },
  WEBHOOK_MAX_BODY_BYTES: {
    description: 'Largest webhook body accepted, in bytes (larger → 413).',
    default: '262144',
    allowed: 'an integer from 1024 to 10485760',
    secret: false,
  },
  WEBHOOK_TOLERANCE_SECONDS: {
    description: 'Maximum age (and future skew) of a webhook signature timestamp, in seconds.',
    default: '300',
    allowed: 'an integer from 1 to 3600',
    secret: false,
  },
  SHUTDOWN_GRACE_MS: {
    description: 'On SIGTERM/SIGINT, how long running jobs may finish before the worker is forced closed, in milliseconds.',
    default: '10000',
    allowed: 'an integer from 0 to 600000',
    secret: false,
  },
};

/** Every variable we read, in README order. */
export const CONFIG_VARIABLES: readonly ConfigVariable[] = (Object.keys(envShape) as VariableName[]).map((name) => ({
  name,
  ...DOCS[name],
  limits: schemaLimits(envShape[name]),
}));

const ACCOUNT_VARIABLES = ['ZENDESK_SUBDOMAIN', 'ZENDESK_URL', 'ZENDESK_EMAIL', 'ZENDESK_API_TOKEN', 'ZENDESK_OAUTH_TOKEN'] as const;

/**
 * The ZENDESK_* settings that point at a real account: any of them, unless ZENDESK_URL is a
 * loopback address (the local stand-in, as the tests and `npm start`'s sandbox use it).
 */
function realAccountSettings(values: Partial<Record<(typeof ACCOUNT_VARIABLES)[number], string | undefined>>): string[] {
  const url = values.ZENDESK_URL;
  if (url !== undefined && isLoopbackUrl(url)) return [];
  return ACCOUNT_VARIABLES.filter((name) => values[name] !== undefined);
}

/** True for http(s)://localhost, 127.0.0.1 or [::1] (any port). */
export function isLoopbackUrl(value: string): boolean {
  try {
    return LOOPBACK_HOSTS.has(new URL(value).hostname);
  } catch {
    return false;
  }
}

export interface ResolvedNodeEnv {
  nodeEnv: (typeof NODE_ENVS)[number];
  /** `NODE_ENV` = set explicitly; `account` = unset, production because of `accountSettings`; `default` = unset, development. */
  source: 'NODE_ENV' | 'account' | 'default';
  /** The ZENDESK_* variables that made an unset NODE_ENV production. */
  accountSettings: string[];
}

/**
 * NODE_ENV as every entry point must read it. Unset NODE_ENV with a real Zendesk account is
 * production: a forgotten NODE_ENV must not give a live deployment generated secrets or an open
 * /metrics. Sandbox mode (no account) stays development, so `npm start` needs no settings.
 * An invalid NODE_ENV resolves to production here (the schema then reports it).
 */
export function resolveNodeEnv(env: NodeJS.ProcessEnv): ResolvedNodeEnv {
  const raw = blankToUndefined(env.NODE_ENV);
  if (typeof raw === 'string') {
    const value = raw.trim();
    const known = (NODE_ENVS as readonly string[]).includes(value);
    return { nodeEnv: known ? (value as ResolvedNodeEnv['nodeEnv']) : 'production', source: 'NODE_ENV', accountSettings: [] };
  }
  const values = Object.fromEntries(
    ACCOUNT_VARIABLES.map((name) => {
      const value = blankToUndefined(env[name]);
      return [name, typeof value === 'string' ? value.trim() : undefined];
    }),
  );
  const accountSettings = realAccountSettings(values);
  return accountSettings.length > 0
    ? { nodeEnv: 'production', source: 'account', accountSettings }
    : { nodeEnv: 'development', source: 'default', accountSettings: [] };
}

/** Appended to "is required in production" when production was inferred, so the operator knows why. */
function inferredProductionNote(settings: string[]): string {
  return ` (NODE_ENV is not set and ${settings.join(', ')} ${settings.length === 1 ? 'is' : 'are'} set, so this runs as production; set NODE_ENV=development to try an account with generated development secrets)`;
}

export type ZendeskAuth = { type: 'token'; email: string; apiToken: string } | { type: 'oauth'; accessToken: string };

export interface ZendeskSettings {
  /** Origin only, e.g. https://acme.zendesk.com. */
  baseUrl: string;
  auth: ZendeskAuth;
}

export interface Config {
  nodeEnv: (typeof NODE_ENVS)[number];
  /** Why nodeEnv has its value (see resolveNodeEnv). */
  nodeEnvSource: ResolvedNodeEnv['source'];
  port: number;
  host: string;
  /** Where Zendesk reaches us; null when unset. */
  publicUrl: string | null;
  /** ALLOW_HTTP_PUBLIC_URL: production accepts an http:// PUBLIC_URL (see runtime/public-url-policy.ts). */
  allowHttpPublicUrl: boolean;
  /** null → start a local redis-server. */
  redisUrl: string | null;
  queuePrefix: string;
  /** null → sandbox mode (local Zendesk stand-in). */
  zendesk: ZendeskSettings | null;
  zendeskTimeoutMs: number;
  /** Worker job lock and stalled-job check, in milliseconds. */
  workerLocks: { lockDurationMs: number; stalledIntervalMs: number };
  zendeskUpdatesPerMinute: number;
  webhook: {
    /** First = current; others are accepted during rotation. */
    secrets: string[];
    maxBodyBytes: number;
    toleranceSec: number;
  };
  /** Key material of the sidebar's session tokens (SIDEBAR_SESSION_SECRET). */
  sidebarSessionSecret: string;
  /** How the server checks Zendesk's signed-URL token of the sidebar (see app/README.md). */
  sidebarApp: {
    /** PEM, or null → fetch by appId. */
    publicKeyPem: string | null;
    appId: number | null;
    /** Expected `aud`, or null → any installation of the app on this account. */
    audience: string | null;
    sessionTtlSec: number;
  };
  workerConcurrency: number;
  triageWrite: boolean;
  /** TRIAGE_SCOPE; null = every new ticket. */
  triageScope: TriageScope | null;
  feedbackLearning: boolean;
  /** Debounce of retraining after agents' corrections, in milliseconds. */
  feedbackRetrainDelayMs: number;
  feedbackRetentionDays: number;
  /** Redis expiry of stored diagnoses, in days. */
  diagnosisRetentionDays: number;
  /** Post the internal note on tickets diagnosed `other` (not abstentions) too. */
  noteOnOther: boolean;
  /** Custom playbook file, or null for the shipped one. */
  playbookPath: string | null;
  /** Per-ticket classification time limit, in milliseconds. */
  classifyTimeLimitMs: number;
  /** ABSTAIN_THRESHOLD / HIGH_CONFIDENCE_THRESHOLD: what replaces the trained model's thresholds (empty: none). */
  thresholdOverrides: { abstain?: number; high?: number };
  /** 0 = no sweep. */
  sweepIntervalMinutes: number;
  /** null → no queue dashboard; /metrics open outside production, 401 in production. */
  admin: { user: string; password: string } | null;
  logLevel: (typeof LOG_LEVELS)[number];
  shutdownGraceMs: number;
  /** Variables that got a generated development value (never in production). */
  generatedSecrets: string[];
  /** Things the operator should know at start-up; log them at warn level. */
  warnings: string[];
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

// Runs even when single variables failed, so one start-up attempt reports every problem.
// Only presence is tested here, which holds for values that failed their own check too.
const envSchema = z.object(envShape).superRefine(
  (env, ctx) => {
    const missing = (variable: VariableName, message: string) => ctx.addIssue({ code: 'custom', path: [variable], message });
    const accountSettings = env.NODE_ENV === undefined ? realAccountSettings(env) : [];
    const production = env.NODE_ENV === 'production' || accountSettings.length > 0;
    const inferred = env.NODE_ENV === undefined && production ? inferredProductionNote(accountSettings) : '';
    const anyZendesk =
      env.ZENDESK_SUBDOMAIN !== undefined ||
      env.ZENDESK_URL !== undefined ||
      env.ZENDESK_EMAIL !== undefined ||
      env.ZENDESK_API_TOKEN !== undefined ||
      env.ZENDESK_OAUTH_TOKEN !== undefined;
    if (anyZendesk || production) {
      if (env.ZENDESK_SUBDOMAIN === undefined && env.ZENDESK_URL === undefined) {
        missing(
          'ZENDESK_SUBDOMAIN',
          production && !anyZendesk
            ? 'is required in production (sandbox mode is for development)'
            : 'is required with the other ZENDESK_* settings (or set ZENDESK_URL)',
        );
      }
      if (env.ZENDESK_OAUTH_TOKEN === undefined) {
        if (env.ZENDESK_EMAIL === undefined)
          missing('ZENDESK_EMAIL', 'is required to call the Zendesk API, with ZENDESK_API_TOKEN (or set ZENDESK_OAUTH_TOKEN instead)');
        if (env.ZENDESK_API_TOKEN === undefined)
          missing('ZENDESK_API_TOKEN', 'is required to call the Zendesk API, with ZENDESK_EMAIL (or set ZENDESK_OAUTH_TOKEN instead)');
      }
    }
    if (
      env.ABSTAIN_THRESHOLD !== undefined &&
      env.HIGH_CONFIDENCE_THRESHOLD !== undefined &&
      env.ABSTAIN_THRESHOLD >= env.HIGH_CONFIDENCE_THRESHOLD
    ) {
      ctx.addIssue({ code: 'custom', path: ['ABSTAIN_THRESHOLD'], message: 'must be below HIGH_CONFIDENCE_THRESHOLD' });
    }
    if ((env.ADMIN_USER === undefined) !== (env.ADMIN_PASSWORD === undefined)) {
      if (env.ADMIN_USER === undefined) missing('ADMIN_USER', 'is required when ADMIN_PASSWORD is set');
      else missing('ADMIN_PASSWORD', 'is required when ADMIN_USER is set');
    }
    if (production) {
      if (env.ZENDESK_WEBHOOK_SECRET === undefined) missing('ZENDESK_WEBHOOK_SECRET', `is required in production${inferred}`);
      if (env.SIDEBAR_SESSION_SECRET === undefined && env.SIDEBAR_SHARED_SECRET === undefined)
        missing('SIDEBAR_SESSION_SECRET', `is required in production${inferred}`);
    }
  },
  { when: () => true },
);

const DOC_BY_NAME = new Map(CONFIG_VARIABLES.map((variable) => [variable.name, variable]));

function showValue(name: string, raw: string | undefined): string {
  if (raw === undefined || raw.trim() === '') return 'not set';
  const doc = DOC_BY_NAME.get(name);
  if (doc?.secret) {
    // Only a URL can have its password masked; anything else may be the password itself.
    if (name === 'REDIS_URL')
      return URL.canParse(raw.trim()) ? `'${maskUrlPassword(raw)}'` : `a value of ${raw.length} characters that is not a URL`;
    return `a value of ${raw.length} characters`;
  }
  const printable = raw.replace(/[^\x20-\x7e]/g, '?');
  return `'${printable.length > 80 ? `${printable.slice(0, 77)}...` : printable}'`;
}

/** A URL with its password replaced by ***, for messages and logs. */
export function maskUrlPassword(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password !== '') url.password = '***';
    return url.toString();
  } catch {
    return raw.replace(/\/\/[^@/]*@/, '//***@');
  }
}

/** Reads and checks the environment; throws `ConfigError` listing every problem at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      const allowed = DOC_BY_NAME.get(name)?.allowed;
      return `${name}: ${issue.message} (got ${showValue(name, env[name])})${allowed ? `; allowed: ${allowed}` : ''}`;
    });
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  const nodeEnv = resolveNodeEnv(env);
  const warnings: string[] = [];
  if (nodeEnv.source === 'account') {
    warnings.push(
      `NODE_ENV is not set and a Zendesk account is configured (${nodeEnv.accountSettings.join(', ')}): running as production. No development secrets are generated, and /metrics needs ADMIN_USER and ADMIN_PASSWORD. Set NODE_ENV=production to say so explicitly, or NODE_ENV=development to try the account with development defaults.`,
    );
  }
  const generatedSecrets: string[] = [];
  const devSecret = (name: VariableName): string => {
    generatedSecrets.push(name);
    warnings.push(
      `${name} is not set: using a random development value for this process only. Set ${name} before connecting a real Zendesk account; production refuses to start without it.`,
    );
    return randomBytes(32).toString('base64url');
  };

  if (nodeEnv.nodeEnv === 'production' && (e.ADMIN_USER === undefined || e.ADMIN_PASSWORD === undefined)) {
    warnings.push(
      'ADMIN_USER and ADMIN_PASSWORD are not set: in production /metrics answers 401 to everyone and the queue dashboard is off. Set both to scrape metrics with basic auth.',
    );
  }

  let zendesk: ZendeskSettings | null = null;
  if (e.ZENDESK_URL !== undefined || e.ZENDESK_SUBDOMAIN !== undefined) {
    // The schema is stricter than zendeskBaseUrl (https only off loopback, no path); the
    // client's own normalizer still has the last word, so both agree on the host.
    let baseUrl: string;
    try {
      baseUrl = zendeskBaseUrl({ url: e.ZENDESK_URL, subdomain: e.ZENDESK_SUBDOMAIN });
    } catch (error) {
      const name = e.ZENDESK_URL !== undefined ? 'ZENDESK_URL' : 'ZENDESK_SUBDOMAIN';
      throw new ConfigError([
        `${name}: ${(error as Error).message} (got ${showValue(name, env[name])}); allowed: ${DOC_BY_NAME.get(name)?.allowed}`,
      ]);
    }
    if (e.ZENDESK_URL !== undefined && e.ZENDESK_SUBDOMAIN !== undefined) {
      warnings.push(`Both ZENDESK_URL and ZENDESK_SUBDOMAIN are set: using ZENDESK_URL (${e.ZENDESK_URL}).`);
    }
    const auth: ZendeskAuth =
      e.ZENDESK_OAUTH_TOKEN !== undefined
        ? { type: 'oauth', accessToken: e.ZENDESK_OAUTH_TOKEN }
        : { type: 'token', email: e.ZENDESK_EMAIL ?? '', apiToken: e.ZENDESK_API_TOKEN ?? '' };
    zendesk = { baseUrl, auth };
  }
  let sidebarSessionSecret = e.SIDEBAR_SESSION_SECRET;
  if (e.SIDEBAR_SHARED_SECRET !== undefined) {
    if (sidebarSessionSecret === undefined) {
      sidebarSessionSecret = e.SIDEBAR_SHARED_SECRET;
      warnings.push(
        'SIDEBAR_SHARED_SECRET is deprecated: rename it to SIDEBAR_SESSION_SECRET (same meaning). The sidebar app no longer has a shared_secret setting; remove that value from old app installations.',
      );
    } else {
      warnings.push(
        'Both SIDEBAR_SESSION_SECRET and the deprecated SIDEBAR_SHARED_SECRET are set: using SIDEBAR_SESSION_SECRET; remove SIDEBAR_SHARED_SECRET.',
      );
    }
  }
  if (e.ZENDESK_OAUTH_TOKEN !== undefined && e.ZENDESK_API_TOKEN !== undefined) {
    warnings.push('Both ZENDESK_OAUTH_TOKEN and ZENDESK_API_TOKEN are set: using ZENDESK_OAUTH_TOKEN.');
  }

  return {
    nodeEnv: nodeEnv.nodeEnv,
    nodeEnvSource: nodeEnv.source,
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL ?? null,
    allowHttpPublicUrl: e.ALLOW_HTTP_PUBLIC_URL,
    redisUrl: e.REDIS_URL ?? null,
    queuePrefix: e.QUEUE_PREFIX,
    zendesk,
    zendeskTimeoutMs: e.ZENDESK_TIMEOUT_MS,
    workerLocks: { lockDurationMs: e.WORKER_LOCK_DURATION_MS, stalledIntervalMs: e.WORKER_STALLED_INTERVAL_MS },
    zendeskUpdatesPerMinute: e.ZENDESK_UPDATES_PER_MINUTE,
    webhook: {
      secrets: e.ZENDESK_WEBHOOK_SECRET ?? [devSecret('ZENDESK_WEBHOOK_SECRET')],
      maxBodyBytes: e.WEBHOOK_MAX_BODY_BYTES,
      toleranceSec: e.WEBHOOK_TOLERANCE_SECONDS,
    },
    sidebarSessionSecret: sidebarSessionSecret ?? devSecret('SIDEBAR_SESSION_SECRET'),
    sidebarApp: {
      publicKeyPem: e.ZENDESK_APP_PUBLIC_KEY ?? null,
      appId: e.ZENDESK_APP_ID ?? null,
      audience: e.ZENDESK_APP_AUDIENCE ?? null,
      sessionTtlSec: e.SIDEBAR_SESSION_TTL_SECONDS,
    },
    workerConcurrency: e.WORKER_CONCURRENCY,
    triageWrite: e.TRIAGE_WRITE,
    triageScope: e.TRIAGE_SCOPE ?? null,
    feedbackLearning: e.FEEDBACK_LEARNING,
    feedbackRetrainDelayMs: e.FEEDBACK_RETRAIN_DELAY_MS,
    feedbackRetentionDays: e.FEEDBACK_RETENTION_DAYS,
    diagnosisRetentionDays: e.DIAGNOSIS_RETENTION_DAYS,
    noteOnOther: e.NOTE_ON_OTHER,
    playbookPath: e.PLAYBOOK_PATH ?? null,
    classifyTimeLimitMs: e.CLASSIFY_TIME_LIMIT_MS,
    thresholdOverrides: {
      ...(e.ABSTAIN_THRESHOLD !== undefined ? { abstain: e.ABSTAIN_THRESHOLD } : {}),
      ...(e.HIGH_CONFIDENCE_THRESHOLD !== undefined ? { high: e.HIGH_CONFIDENCE_THRESHOLD } : {}),
    },
    sweepIntervalMinutes: e.SWEEP_INTERVAL_MINUTES,
    admin: e.ADMIN_USER !== undefined && e.ADMIN_PASSWORD !== undefined ? { user: e.ADMIN_USER, password: e.ADMIN_PASSWORD } : null,
    logLevel: e.LOG_LEVEL,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    generatedSecrets,
    warnings,
  };
}
