/** A translations/<locale>.json file: nested objects of strings. */
export interface Catalog {
  [key: string]: string | Catalog;
}

export type TranslationParams = Record<string, string | number>;
export type Translate = (key: string, params?: TranslationParams) => string;

export class MissingTranslationError extends Error {
  override name = 'MissingTranslationError';
}

/** Zendesk locales look like "en-US", "fr", "de-ch": we match on the language part. */
export function pickLocale(locale: string | null | undefined, available: readonly string[], fallback = 'en'): string {
  if (locale) {
    const lower = locale.toLowerCase();
    if (available.includes(lower)) return lower;
    const language = lower.split(/[-_]/)[0] ?? '';
    if (available.includes(language)) return language;
  }
  return fallback;
}

function lookup(catalog: Catalog | undefined, key: string): string | undefined {
  let node: string | Catalog | undefined = catalog;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

export interface TranslatorOptions {
  catalogs: Record<string, Catalog>;
  locale: string;
  fallbackLocale?: string;
  /**
   * Throw on a missing key or placeholder (tests and development). In front of agents a gap
   * falls back to the default locale, then to the key itself, so one missing string never
   * blanks the whole panel.
   */
  strict: boolean;
}

const PLACEHOLDER = /\{\{\s*([\w.]+)\s*\}\}/g;

export function createTranslator(options: TranslatorOptions): Translate {
  const fallbackLocale = options.fallbackLocale ?? 'en';
  const primary = options.catalogs[options.locale];
  const fallback = options.catalogs[fallbackLocale];
  return (key, params = {}) => {
    let text = lookup(primary, key);
    if (text === undefined) {
      if (options.strict) throw new MissingTranslationError(`missing translation "${key}" for locale "${options.locale}"`);
      text = lookup(fallback, key) ?? key;
    }
    return text.replace(PLACEHOLDER, (whole, name: string) => {
      const value = params[name];
      if (value === undefined) {
        if (options.strict) throw new MissingTranslationError(`translation "${key}" needs the parameter "${name}"`);
        return whole;
      }
      // String(), not `value || ''`: 0 is a real value (0 %).
      return String(value);
    });
  };
}
