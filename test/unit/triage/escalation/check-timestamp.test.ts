import { describe, expect, it } from 'vitest';
import { checkTimestamp } from '../../../../src/triage/escalation/check-timestamp.js';

const reference = new Date('2026-11-16T10:58:00Z');

describe('checkTimestamp', () => {
  it.each([
    ['en', 'Last attempt 10:50, still locked.'],
    ['en', 'It happened around 3pm.'],
    ['en', 'I tried 20 minutes ago.'],
    ['en', 'Failed on 16/11/2026 09:12.'],
    ['fr', "J'ai essayé à 14h30."],
    ['fr', "C'était il y a 10 minutes."],
    ['de', 'Das war heute gegen 14 Uhr.'],
    ['de', 'Zuletzt vor 20 Minuten probiert.'],
    ['es', 'Lo intenté a las 9:15.'],
    ['es', 'Fue hace 10 minutos.'],
    ['it', 'Ho provato alle 15:20.'],
  ])('finds a time of hour precision (%s: %s)', (language, text) => {
    expect(checkTimestamp({ text, language: language as 'en', reference }).present).toBe(true);
  });

  it.each([
    ['en', 'It failed this morning.'],
    ['en', 'Since yesterday I cannot log in.'],
    ['en', 'It broke on Monday.'],
    ['en', 'Not working since the migration.'],
    ['en', 'I clicked it yesterday evening.'],
    ['en', 'It has been failing for 2 days.'],
    ['fr', 'Depuis ce matin, impossible.'],
    ['de', 'Seit gestern geht nichts.'],
    ['en', 'We run version 7.0.15.'],
  ])('does not take a vague time for a timestamp (%s: %s)', (language, text) => {
    expect(checkTimestamp({ text, language: language as 'en', reference }).present).toBe(false);
  });
});
