import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

import { createTranslator, MissingTranslationError, pickLocale } from '../../../app/src/i18n.js';
import { AUTH_REFUSAL_CODES } from '../../../app/src/view-model.js';
import { flattenKeys } from '../../../scripts/check-app.js';
import { CATALOGS, LOCALES, strictT } from './catalogs.js';

const SRC = fileURLToPath(new URL('../../../app/src/', import.meta.url));
const TRANSLATIONS = fileURLToPath(new URL('../../../app/translations/', import.meta.url));

describe('pickLocale', () => {
  it.each([
    ['fr', 'fr'],
    ['fr-CA', 'fr'],
    ['de-ch', 'de'],
    ['DE', 'de'],
    ['en-US', 'en'],
    ['es-MX', 'es'],
    ['it', 'it'],
    ['pt-BR', 'en'],
    [undefined, 'en'],
    ['', 'en'],
  ])('%s → %s', (locale, expected) => {
    expect(pickLocale(locale, LOCALES)).toBe(expected);
  });
});

describe('createTranslator', () => {
  const catalogs = { en: { a: { b: 'Hello {{name}}', n: '{{count}} %' } }, fr: { a: { b: 'Bonjour {{name}}' } } };

  it('fills placeholders, including 0', () => {
    const t = createTranslator({ catalogs, locale: 'en', strict: true });
    expect(t('a.b', { name: 'Ada' })).toBe('Hello Ada');
    expect(t('a.n', { count: 0 })).toBe('0 %');
  });

  it('throws on a missing key or parameter when strict', () => {
    const t = createTranslator({ catalogs, locale: 'fr', strict: true });
    expect(() => t('a.n', { count: 1 })).toThrow(MissingTranslationError);
    expect(() => t('a.b')).toThrow('needs the parameter "name"');
    expect(() => t('a')).toThrow('missing translation "a"');
  });

  it('falls back to the default locale, then to the key, when not strict', () => {
    const t = createTranslator({ catalogs, locale: 'fr', strict: false });
    expect(t('a.n', { count: 3 })).toBe('3 %');
    expect(t('nope.key')).toBe('nope.key');
    expect(t('a.b')).toBe('Bonjour {{name}}');
  });
});

describe('the app translations', () => {
  it('have every key the sources use literally, in every locale', () => {
    const used = new Set<string>();
    for (const file of readdirSync(SRC).filter((name) => name.endsWith('.ts'))) {
      for (const match of readFileSync(`${SRC}${file}`, 'utf8').matchAll(/\bt\(\s*'(ui\.[\w.]+)'/g)) used.add(match[1]!);
    }
    expect(used.size).toBeGreaterThan(30);
    for (const locale of LOCALES) {
      const t = strictT(locale);
      for (const key of used)
        expect(
          () => t(key, { url: 'u', status: 1, message: 'm', title: 'x', percent: 1, language: 'l', reason: 'r', date: 'd', version: 'v' }),
          `${locale}: ${key}`,
        ).not.toThrow();
    }
  });

  it('have the keys built at run time (bands, languages, re-tag reasons)', () => {
    const dynamic = [
      ...['high', 'medium', 'low'].map((band) => `ui.band.${band}`),
      ...['en', 'fr', 'de', 'es', 'it'].map((lang) => `ui.language.${lang}`),
      ...['off', 'conflict', 'failed'].map((reason) => `ui.feedback.reason_${reason}`),
      ...AUTH_REFUSAL_CODES.map((code) => `ui.error.auth.${code.replace(/-/g, '_')}`),
    ];
    for (const locale of LOCALES) for (const key of dynamic) expect(strictT(locale)(key), `${locale}: ${key}`).not.toBe('');
  });

  it('exist in all five ticket languages, each with exactly the keys of the others', () => {
    const files = readdirSync(TRANSLATIONS)
      .filter((name) => name.endsWith('.json'))
      .map((name) => name.replace(/\.json$/, ''))
      .sort();
    expect(files).toEqual(['de', 'en', 'es', 'fr', 'it']);
    const keysOf = (locale: string) => flattenKeys(CATALOGS[locale] as never).sort();
    const english = keysOf('en');
    expect(english.length).toBeGreaterThan(60);
    for (const locale of files) {
      expect(keysOf(locale), locale).toEqual(english);
      for (const key of keysOf(locale)) {
        const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], CATALOGS[locale]);
        expect(typeof value === 'string' && value.trim() !== '', `${locale}: ${key}`).toBe(true);
        // The same placeholders as English, so no language drops the URL or the status.
        const englishValue = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], CATALOGS.en);
        const placeholders = (text: unknown) => [...String(text).matchAll(/\{\{(\w{1,40})\}\}/g)].map((m) => m[1]).sort();
        expect(placeholders(value), `${locale}: ${key}`).toEqual(placeholders(englishValue));
      }
    }
  });

  it('name the app in each locale', () => {
    for (const locale of LOCALES) expect((CATALOGS[locale]!.app as { name: string }).name).toMatch(/\S/);
  });
});
