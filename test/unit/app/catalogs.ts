import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { createTranslator, type Catalog, type Translate } from '../../../app/src/i18n.js';

/** The five ticket languages: the sidebar speaks each of them. */
export const LOCALES = ['en', 'fr', 'de', 'es', 'it'] as const;

export const CATALOGS: Record<string, Catalog> = Object.fromEntries(
  LOCALES.map((locale) => [
    locale,
    JSON.parse(readFileSync(fileURLToPath(new URL(`../../../app/translations/${locale}.json`, import.meta.url)), 'utf8')) as Catalog,
  ]),
);

/** The app's translator in strict mode: a missing key or placeholder throws. */
export function strictT(locale: string): Translate {
  return createTranslator({ catalogs: CATALOGS, locale, strict: true });
}
