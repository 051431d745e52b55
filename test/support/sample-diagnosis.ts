import { diagnosisSchema, type Diagnosis } from '../../src/triage/diagnosis.js';

/**
 * A complete, schema-valid diagnosis for tests that need one as data (what the store holds),
 * independent of what the classifier would say about a given text.
 */
export function sampleDiagnosis(overrides: Partial<Diagnosis> = {}): Diagnosis {
  return diagnosisSchema.parse({
    ticketId: '1001',
    issue: 'verification-email-missing',
    confidence: 0.87,
    topIssue: 'verification-email-missing',
    abstained: false,
    band: 'high',
    ranking: [
      { issue: 'verification-email-missing', probability: 0.87 },
      { issue: 'verification-error', probability: 0.06 },
      { issue: 'legacy-credentials', probability: 0.04 },
      { issue: 'other', probability: 0.03 },
    ],
    evidence: [
      { phrase: 'never received the verification email', issue: 'verification-email-missing', weight: 2.4, kind: 'signal' },
      { phrase: 'spam folder', issue: 'verification-email-missing', weight: 0.8, kind: 'word' },
      { phrase: 'error page', issue: 'verification-error', weight: 0.5, kind: 'word' },
      { phrase: 'not a password problem', issue: 'verification-email-missing', weight: -0.3, kind: 'negation' },
    ],
    language: 'fr',
    escalation: {
      email: { present: true, found: 'j***@example.com', reason: 'The message names the affected address.' },
      timestamp: { present: false, reason: 'No date or time of the failed sign-in.' },
      screenshot: { present: false, reason: 'No image attached.' },
    },
    missing: ['timestamp', 'screenshot'],
    playbookVersion: '2026.11.26-1',
    classifiedAt: '2026-11-26T10:42:00.000Z',
    ...overrides,
  });
}
