// Offline structural check of the ZAF app, following the rules of Zendesk's own validator
// (zendesk/zendesk_apps_support: validations/manifest.rb, translations.rb, secure_settings.rb,
// secrets.rb). `zcli apps:validate` needs a Zendesk account and the network; this does not.
// It is stricter than Zendesk in a few places (noted below) because those are our rules.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

import { PNG } from 'pngjs';

import { ZAF_SDK_URL } from '../src/server/zaf-sdk.js';
import { APP_DIR } from './build-app.js';

export interface Problem {
  /** Path relative to the app directory. */
  file: string;
  message: string;
}

export interface CheckResult {
  errors: Problem[];
  warnings: Problem[];
}

/** What goes into the uploaded package; everything else in app/ (src, tsconfig, dist) stays out. */
export const PACKAGED = ['manifest.json', 'translations', 'assets'] as const;

const FRAMEWORK_VERSIONS = ['2.0'];
const VALID_LOCALE = /^[a-z]{2}(-\w{2,3})?$/;
const PARAMETER_TYPES = ['text', 'checkbox', 'url', 'number', 'multiline', 'hidden', 'oauth', 'mtls'];
const SECURE_SCOPES = ['header', 'body', 'url', 'jwt_secret_key', 'jwt_claim', 'basic_auth_username', 'basic_auth_password'];
const SECURABLE_NAME = /token|key|pwd|password|secret/i;
const SUPPORT_LOCATIONS = [
  'ticket_sidebar',
  'new_ticket_sidebar',
  'user_sidebar',
  'organization_sidebar',
  'ticket_editor',
  'nav_bar',
  'top_bar',
  'background',
  'modal',
];
const TEXT_EXTENSIONS = /\.(html?|js|mjs|css|json|txt|md|svg|hdbs)$/i;
const LOGOS: Array<[string, number]> = [
  ['assets/logo.png', 320],
  ['assets/logo-small.png', 128],
];

/** Patterns of real credentials (a subset of ZAS secrets.rb, plus JWTs): an error here, a warning at Zendesk. */
const SECRET_PATTERNS: Array<[string, RegExp]> = [
  ['private key', /-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP )?PRIVATE KEY(?: BLOCK)?-----/],
  ['AWS access key id', /AKIA[0-9A-Z]{16}/],
  ['Slack token', /xox[pboa]-[0-9A-Za-z-]{10,}/],
  ['JSON Web Token', /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/],
  ['Zendesk API token', /\/token:[A-Za-z0-9]{20,}/],
  ['bearer token', /Bearer\s+(?!\{\{)[A-Za-z0-9._~+/-]{20,}/],
];
/** Words that make Zendesk print its generic "may contain secrets" warning (secrets.rb SECRET_KEYWORDS). */
const SECRET_KEYWORDS =
  /pass|password|secret|secretToken|secret_token|auth_key|authKey|auth_pass|authPass|auth_user|AuthUser|username|api_key/;

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Dotted paths of every string leaf ("app.parameters.server_url.label"). */
export function flattenKeys(value: Json, prefix = ''): string[] {
  if (!isObject(value)) return [prefix];
  // ZAS also accepts marketplace entries { title, value } as one leaf.
  const keys = Object.keys(value).sort();
  if (keys.length === 2 && keys[0] === 'title' && keys[1] === 'value') return [prefix];
  return Object.entries(value).flatMap(([key, child]) => flattenKeys(child, prefix ? `${prefix}.${key}` : key));
}

function readJson(path: string, file: string, errors: Problem[]): Json | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Json;
  } catch (error) {
    errors.push({ file, message: `is not valid JSON: ${(error as Error).message}` });
    return undefined;
  }
}

function get(value: Json | undefined, path: string): Json | undefined {
  let node: Json | undefined = value;
  for (const part of path.split('.')) {
    if (!isObject(node)) return undefined;
    node = node[part];
  }
  return node;
}

/** Width and height of a PNG as pngjs decodes it (the whole file, CRCs included), or null. */
function pngSize(data: Buffer): { width: number; height: number } | null {
  try {
    const { width, height } = PNG.sync.read(data);
    return { width, height };
  } catch {
    return null;
  }
}

export function checkApp(appDir: string = APP_DIR): CheckResult {
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  const error = (file: string, message: string) => errors.push({ file, message });
  const warn = (file: string, message: string) => warnings.push({ file, message });
  const rel = (path: string) => relative(appDir, path).split(sep).join('/');
  const has = (file: string) => existsSync(join(appDir, file));

  // --- manifest (manifest.rb) ---
  if (!has('manifest.json')) {
    error('manifest.json', 'is missing');
    return { errors, warnings };
  }
  const manifest = readJson(join(appDir, 'manifest.json'), 'manifest.json', errors);
  if (!isObject(manifest)) {
    if (manifest !== undefined) error('manifest.json', 'must be a JSON object');
    return { errors, warnings };
  }
  const missing = ['author', 'defaultLocale', 'location', 'frameworkVersion'].filter((key) => manifest[key] === undefined);
  if (missing.length > 0) error('manifest.json', `missing required keys: ${missing.join(', ')}`);

  const author = manifest.author;
  if (author !== undefined) {
    if (!isObject(author)) error('manifest.json', 'author must be an object with name, email and url');
    else {
      for (const field of ['name', 'email', 'url']) {
        if (typeof author[field] !== 'string' || author[field] === '') error('manifest.json', `author.${field} must be a non-empty string`);
      }
      if (typeof author.url === 'string' && !author.url.startsWith('https://'))
        error('manifest.json', 'author.url must be an https:// URL');
    }
  }
  for (const key of ['defaultLocale', 'version', 'frameworkVersion', 'name']) {
    if (manifest[key] !== undefined && typeof manifest[key] !== 'string') error('manifest.json', `${key} must be a string`);
  }
  for (const key of ['private', 'singleInstall', 'signedUrls', 'requirementsOnly', 'marketingOnly']) {
    if (manifest[key] !== undefined && typeof manifest[key] !== 'boolean') error('manifest.json', `${key} must be true or false`);
  }
  if (typeof manifest.frameworkVersion === 'string' && !FRAMEWORK_VERSIONS.includes(manifest.frameworkVersion)) {
    error('manifest.json', `frameworkVersion "${manifest.frameworkVersion}" is not served; use one of ${FRAMEWORK_VERSIONS.join(', ')}`);
  }
  // Ours: Zendesk only checks the type, but zcli apps:bump and the package name need semver.
  if (typeof manifest.version !== 'string' || !/^\d+\.\d+\.\d+$/.test(manifest.version)) {
    error('manifest.json', 'version must be MAJOR.MINOR.PATCH, e.g. "1.0.0"');
  }

  // --- locations ---
  const location = manifest.location;
  if (location !== undefined) {
    if (!isObject(location)) error('manifest.json', 'location must be an object keyed by product');
    else {
      for (const [host, places] of Object.entries(location)) {
        if (host !== 'support') {
          error('manifest.json', `location host "${host}" is not checked here (only "support" is used by this app)`);
          continue;
        }
        if (!isObject(places) || Object.keys(places).length === 0) {
          error('manifest.json', 'location.support must name at least one location');
          continue;
        }
        for (const [name, options] of Object.entries(places)) {
          const where = `location.support.${name}`;
          if (!SUPPORT_LOCATIONS.includes(name)) error('manifest.json', `${where} is not a known Support location`);
          const url = isObject(options) ? options.url : options;
          if (typeof url !== 'string' || url === '') {
            error('manifest.json', `${where}.url is missing`);
            continue;
          }
          if (/^[a-z]+:/i.test(url)) {
            if (!url.startsWith('https://')) error('manifest.json', `${where}.url must be https`);
            else if (url.startsWith('https://signin-triage.example.com/'))
              warn('manifest.json', `${where}.url still has the placeholder host; package with PUBLIC_URL set to use your server`);
          } else if (!url.startsWith('assets/')) {
            error('manifest.json', `${where}.url must be under assets/ (got "${url}")`);
          } else if (!has(url)) {
            error('manifest.json', `${where}.url points to ${url}, which does not exist`);
          }
          if (isObject(options) && options.flexible !== undefined && typeof options.flexible !== 'boolean') {
            error('manifest.json', `${where}.flexible must be true or false`);
          }
        }
      }
    }
  }

  // --- domainWhitelist ---
  const whitelist = manifest.domainWhitelist;
  if (whitelist !== undefined) {
    if (!Array.isArray(whitelist) || !whitelist.every((entry) => typeof entry === 'string')) {
      error('manifest.json', 'domainWhitelist must be an array of strings');
    } else {
      for (const domain of whitelist as string[]) {
        if (/[/:]/.test(domain))
          error('manifest.json', `domainWhitelist entry "${domain}" must be a bare host name, without scheme or path`);
        if (/(^|\.)example\.(com|org|net)$/.test(domain)) {
          warn(
            'manifest.json',
            `domainWhitelist still has the placeholder "${domain}"; package with PUBLIC_URL set to use your server's host`,
          );
        }
      }
    }
  }

  // --- parameters (manifest.rb + secure_settings.rb) ---
  const parameters = manifest.parameters ?? [];
  const parameterNames: string[] = [];
  if (!Array.isArray(parameters)) error('manifest.json', 'parameters must be an array');
  else {
    parameters.forEach((parameter, index) => {
      const where = `parameters[${index}]`;
      if (!isObject(parameter) || typeof parameter.name !== 'string' || parameter.name === '') {
        error('manifest.json', `${where} needs a name`);
        return;
      }
      const { name } = parameter;
      if (parameterNames.includes(name)) error('manifest.json', `parameter "${name}" is declared twice`);
      parameterNames.push(name);
      if (name === 'name') error('manifest.json', 'a parameter cannot be called "name"');
      const type = parameter.type ?? 'text';
      if (typeof type !== 'string' || !PARAMETER_TYPES.includes(type)) {
        error('manifest.json', `parameter "${name}" has type "${String(type)}"; allowed: ${PARAMETER_TYPES.join(', ')}`);
      }
      for (const flag of ['required', 'secure']) {
        if (parameter[flag] !== undefined && typeof parameter[flag] !== 'boolean')
          error('manifest.json', `parameter "${name}".${flag} must be true or false`);
      }
      if (type === 'hidden' && parameter.required === true) error('manifest.json', `hidden parameter "${name}" cannot be required`);
      if (parameter.secure === true) {
        const scopes = parameter.scopes;
        // Ours: Zendesk only warns, but a secure setting without scopes can be sent anywhere.
        if (!Array.isArray(scopes) || scopes.length === 0) error('manifest.json', `secure parameter "${name}" must declare scopes`);
        else {
          for (const scope of scopes) {
            if (typeof scope !== 'string' || !SECURE_SCOPES.includes(scope)) {
              error('manifest.json', `parameter "${name}" has unknown scope "${String(scope)}"; allowed: ${SECURE_SCOPES.join(', ')}`);
            }
          }
        }
        if (parameter.default !== undefined) warn('manifest.json', `secure parameter "${name}" should not have a default`);
      } else if (SECURABLE_NAME.test(name) && (type === 'text' || type === 'password')) {
        error('manifest.json', `parameter "${name}" looks like a credential: mark it "secure": true`);
      }
    });
  }

  // --- translations (translations.rb) ---
  const translationFiles = listFiles(join(appDir, 'translations')).filter((path) => path.endsWith('.json'));
  const defaultLocale = typeof manifest.defaultLocale === 'string' ? manifest.defaultLocale : null;
  const catalogs = new Map<string, Json>();
  for (const path of translationFiles) {
    const file = rel(path);
    const locale = file.replace(/^translations\//, '').replace(/\.json$/, '');
    if (!VALID_LOCALE.test(locale)) error(file, `"${locale}" is not a valid locale name (like en or pt-br)`);
    const json = readJson(path, file, errors);
    if (json === undefined) continue;
    if (!isObject(json)) {
      error(file, 'must be a JSON object');
      continue;
    }
    catalogs.set(locale, json);
  }
  if (defaultLocale !== null) {
    if (!VALID_LOCALE.test(defaultLocale)) error('manifest.json', `defaultLocale "${defaultLocale}" is not a valid locale`);
    const base = catalogs.get(defaultLocale);
    const baseFile = `translations/${defaultLocale}.json`;
    if (base === undefined) {
      if (!has(baseFile)) error('manifest.json', `defaultLocale is "${defaultLocale}" but ${baseFile} is missing`);
    } else {
      const required =
        manifest.private === false ? ['name', 'short_description', 'long_description', 'installation_instructions'] : ['name'];
      for (const key of required) {
        if (typeof get(base, `app.${key}`) !== 'string') error(baseFile, `needs app.${key}`);
      }
      for (const name of parameterNames) {
        if (typeof get(base, `app.parameters.${name}.label`) !== 'string') error(baseFile, `needs app.parameters.${name}.label`);
      }
      // Ours: every locale carries exactly the default locale's keys, so no agent sees a gap.
      const expected = new Set(flattenKeys(base));
      for (const [locale, catalog] of catalogs) {
        if (locale === defaultLocale) continue;
        const actual = new Set(flattenKeys(catalog));
        const file = `translations/${locale}.json`;
        const lacking = [...expected].filter((key) => !actual.has(key));
        const extra = [...actual].filter((key) => !expected.has(key));
        if (lacking.length > 0) error(file, `misses keys of ${baseFile}: ${lacking.join(', ')}`);
        if (extra.length > 0) error(file, `has keys that ${baseFile} lacks: ${extra.join(', ')}`);
      }
    }
  }

  // --- logos ---
  for (const [file, size] of LOGOS) {
    if (!has(file)) {
      error(file, `is missing (a ${size}×${size} PNG, committed in app/assets)`);
      continue;
    }
    const dimensions = pngSize(readFileSync(join(appDir, file)));
    if (dimensions === null) error(file, 'is not a PNG');
    else if (dimensions.width !== size || dimensions.height !== size) {
      error(file, `must be ${size}×${size} pixels, is ${dimensions.width}×${dimensions.height}`);
    }
  }

  // --- source scan of everything that is packaged (secrets.rb, plain-http warnings, our CDN rule) ---
  const packaged = PACKAGED.flatMap((entry) => (entry.endsWith('.json') ? [join(appDir, entry)] : listFiles(join(appDir, entry))));
  const keywordFiles: string[] = [];
  for (const path of packaged) {
    const file = rel(path);
    if (!TEXT_EXTENSIONS.test(file) || !existsSync(path)) continue;
    const text = readFileSync(path, 'utf8');
    for (const [label, pattern] of SECRET_PATTERNS) {
      if (pattern.test(text)) error(file, `contains what looks like a ${label}; secrets belong in secure settings`);
    }
    if (SECRET_KEYWORDS.test(text)) keywordFiles.push(file);
    for (const match of text.matchAll(/http:\/\/[^\s"'<>)]+/g)) {
      error(file, `uses the plain-http URL ${match[0]}; use https`);
    }
    if (/\.html?$/i.test(file)) {
      for (const match of text.matchAll(/<script\b[^>]*\bsrc\s*=\s*["']?([^"'\s>]+)/gi)) {
        const src = match[1] ?? '';
        // The one remote script allowed is Zendesk's own SDK, from Zendesk's host, as in its scaffolds.
        if (/^(?:[a-z]+:)?\/\//i.test(src) && src !== ZAF_SDK_URL)
          error(file, `loads a remote script (${src}); only Zendesk's SDK (${ZAF_SDK_URL}) may come from elsewhere than assets/`);
      }
      if (/<script\b(?![^>]*\bsrc=)[^>]*>\s*\S/i.test(text))
        error(file, "has an inline script; the Content-Security-Policy only allows assets/ scripts and Zendesk's SDK");
    }
  }
  if (keywordFiles.length > 0) {
    warn(
      keywordFiles.join(', '),
      'mention words like "secret" or "password": Zendesk will print its generic "may contain secrets" warning ',
    );
  }

  return { errors, warnings };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = process.argv[2] ?? APP_DIR;
  const { errors, warnings } = checkApp(dir);
  for (const warning of warnings) process.stdout.write(`warning: ${warning.file}: ${warning.message}\n`);
  for (const problem of errors) process.stderr.write(`error: ${problem.file}: ${problem.message}\n`);
  process.stdout.write(`${errors.length} error(s), ${warnings.length} warning(s) in ${dir}\n`);
  process.exitCode = errors.length > 0 ? 1 : 0;
}
