import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/**
 * docker-compose.yml as the deploy tests see it. No Docker engine runs here, so the file is
 * parsed with `yaml` (merge keys on, as Compose does) and `${…}` is resolved by the small
 * interpolator below, which follows the Compose spec for the forms we use:
 * `$$`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?message}`, `${VAR?message}`,
 * nested in a default or message as the spec allows (`${REDIS_URL:-redis://:${REDIS_PASSWORD}@redis}`),
 * and resolved only when used, as Compose does.
 */

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function readRepoFile(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}

export interface Healthcheck {
  test: string[];
  interval?: string;
  timeout?: string;
  retries?: number;
  start_period?: string;
}

export interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  ports?: unknown[];
  container_name?: string;
  volumes?: string[];
  healthcheck?: Healthcheck;
  restart?: string;
  depends_on?: Record<string, { condition: string }>;
  env_file?: Array<{ path: string; required: boolean }>;
  environment?: Record<string, string>;
  stop_grace_period?: string;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

export function loadCompose(): ComposeFile {
  return parse(readRepoFile('docker-compose.yml'), { merge: true }) as ComposeFile;
}

export class InterpolationError extends Error {
  override readonly name = 'InterpolationError';
}

export function interpolate(value: string, env: Record<string, string | undefined>): string {
  let out = '';
  let i = 0;
  while (i < value.length) {
    if (value.startsWith('$$', i)) {
      out += '$';
      i += 2;
    } else if (value.startsWith('${', i)) {
      const end = closingBrace(value, i);
      out += resolveBraced(value.slice(i + 2, end), env);
      i = end + 1;
    } else {
      out += value[i];
      i += 1;
    }
  }
  return out;
}

/** Index of the `}` that closes the `${` at `start`, nested `${…}` included. */
function closingBrace(value: string, start: number): number {
  let depth = 0;
  for (let i = start; i < value.length; i++) {
    if (value.startsWith('$$', i)) i += 1;
    else if (value.startsWith('${', i)) {
      depth += 1;
      i += 1;
    } else if (value[i] === '}' && --depth === 0) return i;
  }
  throw new Error(`unclosed \${ in ${value}`);
}

function resolveBraced(inner: string, env: Record<string, string | undefined>): string {
  const match = /^(\w+)(?:(:?)([-?])([\s\S]*))?$/.exec(inner);
  if (!match) throw new Error(`unsupported interpolation \${${inner}}`);
  const [, name, colon, op, arg] = match;
  const current = env[name!];
  const missing = current === undefined || (colon === ':' && current === '');
  if (op === '-') return missing ? interpolate(arg!, env) : current!;
  if (op === '?') {
    if (missing) throw new InterpolationError(`${name}: ${interpolate(arg!, env)}`);
    return current!;
  }
  return current ?? '';
}

/** The environment a container gets: the env_file (.env) first, then `environment` over it. */
export function containerEnv(service: ComposeService, dotEnv: Record<string, string>): Record<string, string> {
  const resolved = Object.fromEntries(
    Object.entries(service.environment ?? {}).map(([key, value]) => [key, interpolate(String(value), dotEnv)]),
  );
  return { ...dotEnv, ...resolved };
}

/** Every `${VAR:?…}` failure of a service's environment, not just the first. */
export function requiredErrors(service: ComposeService, dotEnv: Record<string, string>): string[] {
  return Object.values(service.environment ?? {}).flatMap((value) => {
    try {
      interpolate(String(value), dotEnv);
      return [];
    } catch (error) {
      if (error instanceof InterpolationError) return [error.message];
      throw error;
    }
  });
}

/** Compose durations such as `30s`, `1m30s`, `500ms`, in milliseconds. */
export function durationMs(value: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  const rest = value.replace(/(\d+(?:\.\d+)?)(ms|s|m|h)/g, (_, amount: string, unit: string) => {
    total += Number(amount) * units[unit]!;
    return '';
  });
  if (rest !== '' || total === 0) throw new Error(`not a compose duration: ${value}`);
  return total;
}

/** `--name value` pairs of a command (exec-form array or a string). */
export function commandFlags(command: string[] | string | undefined): Map<string, string> {
  const parts = Array.isArray(command) ? command : (command ?? '').split(/\s+/);
  const result = new Map<string, string>();
  parts.forEach((part, index) => {
    if (part.startsWith('--')) result.set(part.slice(2), parts[index + 1] ?? '');
  });
  return result;
}

/** `KEY=value` lines of an env file, and `# KEY=value` lines (documented, commented out). */
export function parseEnvExample(text: string): Array<{ name: string; value: string; commented: boolean }> {
  return text.split('\n').flatMap((line) => {
    const match = /^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    return match ? [{ name: match[2]!, value: match[3]!, commented: match[1] !== undefined }] : [];
  });
}

/** A filled-in .env as a Zendesk admin would write it (fake values). */
export const FILLED_ENV: Readonly<Record<string, string>> = {
  ZENDESK_SUBDOMAIN: 'acme',
  ZENDESK_EMAIL: 'bot@example.com',
  ZENDESK_API_TOKEN: 'token-0123456789',
  ZENDESK_WEBHOOK_SECRET: 'whsec-0123456789abcdef',
  SIDEBAR_SESSION_SECRET: 'sidebar-0123456789abcdef0123456789abcdef',
  PUBLIC_URL: 'https://triage.example.com',
  ADMIN_USER: 'ops',
  ADMIN_PASSWORD: 'a-long-admin-password',
  REDIS_PASSWORD: 'redis-password-0123456789-abcdef-XYZ',
};
