import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { resolveNodeEnv } from '../config.js';

/** Secrets that get a generated value outside production, kept across restarts. */
export const DEV_SECRET_VARIABLES = ['ZENDESK_WEBHOOK_SECRET', 'SIDEBAR_SESSION_SECRET'] as const;

/** A variable counts as set when its deprecated old name is (loadConfig reads either). */
const OLD_NAMES: Partial<Record<(typeof DEV_SECRET_VARIABLES)[number], string>> = { SIDEBAR_SESSION_SECRET: 'SIDEBAR_SHARED_SECRET' };

const fileSchema = z.record(z.string(), z.string().min(32));

export function devSecretsFile(dataDir: string): string {
  return join(dataDir, 'dev-secrets.json');
}

/**
 * Outside production, fills unset secrets from `<dataDir>/dev-secrets.json` (created with
 * random values on first use, mode 0600), so `npm start`, `npm run webhook:send` and the
 * sidebar app agree on them. Production (NODE_ENV=production, or unset with a Zendesk account
 * configured) is left alone: loadConfig then refuses to start.
 */
export function withDevSecrets(env: NodeJS.ProcessEnv, dataDir: string): { env: NodeJS.ProcessEnv; filled: string[]; file: string } {
  const file = devSecretsFile(dataDir);
  const isSet = (name: string | undefined) => name !== undefined && (env[name] ?? '').trim() !== '';
  const missing = DEV_SECRET_VARIABLES.filter((name) => !isSet(name) && !isSet(OLD_NAMES[name]));
  // resolveNodeEnv, not env.NODE_ENV: an unset NODE_ENV with a real Zendesk account is production.
  if (resolveNodeEnv(env).nodeEnv === 'production' || missing.length === 0) return { env, filled: [], file };

  let stored: Record<string, string> = {};
  if (existsSync(file)) {
    const parsed = fileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success) stored = parsed.data;
  }
  let changed = false;
  for (const name of missing) {
    if (stored[name] === undefined) {
      stored[name] = randomBytes(32).toString('base64url');
      changed = true;
    }
  }
  if (changed) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  }
  const filled: Record<string, string> = {};
  for (const name of missing) filled[name] = stored[name]!;
  return { env: { ...env, ...filled }, filled: [...missing], file };
}
