import { describe, expect, it } from 'vitest';

import type { Evidence } from '../../../src/triage/diagnosis.js';
import { loadTriage } from '../../../src/triage/load-triage.js';
import { tidyEvidence } from '../../../src/triage/tidy-evidence.js';

const ev = (phrase: string, kind: Evidence['kind'], weight = 1): Evidence => ({ phrase, issue: 'account-blocked', weight, kind });

describe('tidyEvidence', () => {
  const text = 'Objet: accès\nMon compte est bloqué après plusieurs essais, Login failed partout.';

  it('widens a matched phrase that cut a word to the whole word', () => {
    expect(tidyEvidence([ev('compte est bloqu', 'signal')], text).map((e) => e.phrase)).toEqual(['compte est bloqué']);
    expect(tidyEvidence([ev('ogin fail', 'ui-label')], text).map((e) => e.phrase)).toEqual(['Login failed']);
  });

  it('drops words already inside a matched phrase, and stop words', () => {
    const tidy = tidyEvidence(
      [ev('plusieurs essais', 'signal'), ev('essais', 'word'), ev('est', 'word'), ev('mon compte', 'word'), ev('partout', 'word')],
      text,
    );
    expect(tidy.map((e) => e.phrase)).toEqual(['plusieurs essais', 'compte', 'partout']);
  });

  it('cuts a phrase shortened to 80 characters back to its last whole word', () => {
    const long = `${'word '.repeat(15)}abcdefg`.slice(0, 80);
    const [tidy] = tidyEvidence([ev(long, 'signal')], 'unrelated text');
    expect(tidy!.phrase.endsWith('…')).toBe(true);
    expect(
      tidy!.phrase
        .slice(0, -1)
        .split(' ')
        .every((word) => word === 'word'),
    ).toBe(true);
  });

  it('keeps negations, which are evidence', () => {
    expect(tidyEvidence([ev('not blocked', 'negation')], 'I am not blocked').map((e) => e.phrase)).toEqual(['not blocked']);
  });
});

describe('evidence of a real diagnosis', () => {
  it('holds no stop word alone, no cut word, and no word repeated from a phrase', () => {
    const triage = loadTriage();
    const description =
      'Hello, after several attempts I get "Login failed" and now my account is blocked. The page says to wait. Can you unblock it?';
    const diagnosis = triage.classify({
      id: '1',
      subject: 'Account blocked',
      description,
      requester: { name: 'Kim', email: 'kim@example.com' },
      attachments: [],
    });
    const source = `Account blocked\n${description}`.toLowerCase();
    const phrases = diagnosis.evidence.filter((e) => e.kind !== 'word').flatMap((e) => e.phrase.toLowerCase().split(/\s+/));
    for (const item of diagnosis.evidence) {
      const at = source.indexOf(item.phrase.toLowerCase());
      if (at === -1) continue; // a stemmed word pair, not a span of the text
      expect(/[\p{L}\p{N}]/u.test(source[at - 1] ?? ' '), `"${item.phrase}" starts inside a word`).toBe(false);
      expect(/[\p{L}\p{N}]/u.test(source[at + item.phrase.length] ?? ' '), `"${item.phrase}" ends inside a word`).toBe(false);
      if (item.kind === 'word')
        expect(
          item.phrase
            .toLowerCase()
            .split(/\s+/)
            .every((w) => phrases.includes(w)),
        ).toBe(false);
    }
  });
});
