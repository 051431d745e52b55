import { describe, expect, it } from 'vitest';

import { loadTriage } from '../../../src/triage/load-triage.js';

const triage = loadTriage({ now: () => new Date('2026-11-30T10:00:00Z') });

describe('the "Why" evidence speaks for the chosen issue only', () => {
  const tickets = [
    "I'm not blocked and my password is right, but the verification email never arrives, I checked spam.",
    'I did get the verification email, but clicking the link shows Authentication failed.',
    'Login failed after I typed my password wrong several times. I did NOT forget my username.',
    'Works now since I used Forgot your password? Thanks, you can close this.',
  ];
  it.each(tickets)('%s', (description) => {
    const diagnosis = triage.classify({ id: '1', subject: 'Sign-in', description });
    const chosen = diagnosis.abstained ? diagnosis.topIssue : diagnosis.issue;
    for (const item of diagnosis.evidence) {
      expect(item.issue).toBe(chosen);
      expect(item.weight).toBeGreaterThan(0);
      expect(item.kind).not.toBe('negation');
    }
  });
});
