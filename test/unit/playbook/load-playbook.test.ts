import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { readFileSync } from 'node:fs';
import { loadCorpus } from '../../../src/playbook/corpus.js';
import { DEFAULT_PLAYBOOK_PATH, loadPlaybook, parsePlaybook, PlaybookError } from '../../../src/playbook/load-playbook.js';

const REQUIRED_IDS = [
  'legacy-credentials',
  'verification-email-missing',
  'verification-error',
  'legacy-password-reset',
  'account-linking',
  'missing-product-access',
  'account-blocked',
  'other',
];

describe('the shipped playbook', () => {
  const playbook = loadPlaybook();

  it('holds exactly the seven documented issues plus other', () => {
    expect(playbook.issues.map((issue) => issue.id)).toEqual(REQUIRED_IDS);
  });

  it('keeps the product UI labels exact', () => {
    const steps = JSON.stringify(playbook.issues.map((issue) => issue.steps));
    expect(steps).toContain('System > Users');
    expect(steps).toContain('Forgot your password?');
    expect(steps).toContain('Link your account.');
    expect(steps).toContain('Forgot your Akeneo PIM password?');
  });

  it('has training tickets in all five languages for every issue, at least 150 each and 400 other', () => {
    const corpus = loadCorpus(playbook);
    for (const issue of playbook.issues) {
      const examples = corpus.examples.filter((example) => example.issue === issue.id);
      expect([...new Set(examples.map((example) => example.lang))].sort(), issue.id).toEqual(['de', 'en', 'es', 'fr', 'it']);
      expect(examples.length, issue.id).toBeGreaterThanOrEqual(issue.id === 'other' ? 400 : 150);
    }
  });
});

describe('parsePlaybook', () => {
  const valid = parseYaml(readFileSync(DEFAULT_PLAYBOOK_PATH, 'utf8')) as { issues: Record<string, unknown>[] };

  it('names the field that is wrong', () => {
    const broken = structuredClone(valid);
    delete (broken.issues[2] as Record<string, unknown>).steps;
    expect(() => parsePlaybook(broken, 'test.yaml')).toThrow(/issues\.2\.steps/);
  });

  it('rejects a signal pattern that is not a regular expression, saying where', () => {
    const broken = structuredClone(valid) as { issues: { signals: { patterns: string[] }[] }[] };
    broken.issues[0]!.signals[0]!.patterns[0] = '(unclosed';
    expect(() => parsePlaybook(broken)).toThrow(/issues\.0\.signals\.0\.patterns\.0: not a valid regular expression/);
  });

  it('rejects duplicate issue ids and unknown checks', () => {
    const broken = structuredClone(valid) as { issues: { id: string; checks: string[] }[] };
    broken.issues[1]!.id = broken.issues[0]!.id;
    broken.issues[3]!.checks = ['no-such-check'];
    expect(() => parsePlaybook(broken)).toThrow(PlaybookError);
    expect(() => parsePlaybook(broken)).toThrow(/duplicate issue id "legacy-credentials"/);
    expect(() => parsePlaybook(broken)).toThrow(/unknown check "no-such-check"/);
  });

  it('requires an "other" issue to abstain to', () => {
    const broken = structuredClone(valid) as { issues: { id: string }[] };
    broken.issues = broken.issues.filter((issue) => issue.id !== 'other');
    expect(() => parsePlaybook(broken)).toThrow(/needs an "other" issue/);
  });

  it('says which file cannot be read', () => {
    expect(() => loadPlaybook('/nonexistent/playbook.yaml')).toThrow(/cannot read the playbook at \/nonexistent\/playbook.yaml/);
  });
});
