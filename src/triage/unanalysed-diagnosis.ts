import type { Playbook } from '../playbook/schema.js';
import type { Diagnosis, EscalationCheck } from './diagnosis.js';
import { ticketSchema, type TicketInput } from './ticket.js';

/** What the note and the metrics say when a ticket hit the per-ticket time limit. */
export const TOO_COMPLEX_REASON = 'text too complex to analyse';

/**
 * The diagnosis of a ticket that could not be analysed in time: `other`, no evidence, and no
 * escalation field claimed or asked for (`missing` is empty: nothing was read, so nothing is
 * requested from the customer).
 */
export function unanalysedDiagnosis(input: TicketInput, playbook: Playbook, classifiedAt: Date, reason = TOO_COMPLEX_REASON): Diagnosis {
  const parsed = ticketSchema.safeParse(input);
  const notRead: EscalationCheck = { present: false, reason: `Not checked: ${reason}.` };
  return {
    ticketId: parsed.success ? parsed.data.id : String((input as { id?: unknown }).id ?? ''),
    issue: 'other',
    confidence: 0,
    topIssue: 'other',
    abstained: false,
    band: 'low',
    ranking: playbook.issues.map((issue) => ({ issue: issue.id, probability: issue.id === 'other' ? 1 : 0 })),
    evidence: [],
    language: 'en',
    escalation: { email: notRead, timestamp: notRead, screenshot: notRead },
    missing: [],
    playbookVersion: playbook.version,
    classifiedAt: classifiedAt.toISOString(),
    unanalysed: reason,
  };
}
