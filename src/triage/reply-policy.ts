import type { Diagnosis } from './diagnosis.js';
import type { TicketInput } from './ticket.js';

/**
 * Whether a customer's reply may change a diagnosis's issue, or only its escalation data (always
 * re-checked). Never once an agent chose the issue: agents outrank the model. Otherwise whenever
 * the model was not highly confident: it abstained, or its band was low (issue #12) or medium.
 * Below the high band the note names a runner-up or the request asks confirm questions, and the
 * customer's answer is what tells the issues apart. A high-band diagnosis keeps its issue.
 * Whether the reply's diagnosis is then taken is adoptsReplyDiagnosis.
 */
export function reevaluatesOnReply(baseline: Pick<Diagnosis, 'abstained' | 'band'>, options: { agentChose: boolean }): boolean {
  if (options.agentChose) return false;
  return baseline.abstained || baseline.band !== 'high';
}

/**
 * Whether the diagnosis of the whole conversation after the customer's reply replaces the one the
 * note was written from (issue, ranking, band); otherwise only the escalation data is re-checked.
 * Only when reevaluatesOnReply, and only when the reply settled something:
 * - never for `other` or an abstention: a reply does not make a sign-in ticket "not a sign-in
 *   problem". Out-of-office answers, "Any news?" or "Hello? This is urgent" read as `other`
 *   (an out-of-office at 98%), and an agent has nothing to do with "not sure" after a reply;
 * - from a low band or an abstention (issue #12), any sign-in issue the model now names;
 * - from the medium band, an issue now held with high confidence, or one that the reply's own
 *   words name when read alone (`replyAlone`, replyOnlyTicket): an answer to the confirm
 *   questions ("it says my account is blocked") names its issue, while a reply that only dilutes
 *   the first message ("see attached", "Ja", a French out-of-office) names none, yet moves an
 *   unsure ranking between its two issues (0.53/0.45 became 0.47/0.49).
 * Measured with `npm run eval:replies` on 2026-12-01: on eval/replies-2 (98 conversations,
 * ordinary first messages) 87 right against 73 kept (16 fixed, 2 broken); taking every answer
 * below the high band gave 88 (17, 2), and the high-band-only rule for the medium band 84 (12, 1).
 * On eval/replies-1 (119, vague first messages, on which the rules were chosen) 101, 100 and 100.
 */
export function adoptsReplyDiagnosis(
  baseline: Pick<Diagnosis, 'abstained' | 'band'>,
  afterReply: Pick<Diagnosis, 'abstained' | 'band' | 'issue'>,
  options: { agentChose: boolean; replyAlone?: Pick<Diagnosis, 'abstained' | 'issue'> | null },
): boolean {
  if (!reevaluatesOnReply(baseline, options)) return false;
  if (afterReply.abstained || afterReply.issue === 'other') return false;
  if (baseline.abstained || baseline.band === 'low') return true;
  if (afterReply.band === 'high') return true;
  const alone = options.replyAlone;
  return alone !== null && alone !== undefined && !alone.abstained && alone.issue === afterReply.issue;
}

/**
 * The customer's latest reply as a ticket of its own (no first message, our request removed as
 * usual), to read what the reply alone says for adoptsReplyDiagnosis. Null without a reply.
 */
export function replyOnlyTicket(ticket: TicketInput): TicketInput | null {
  const latest = [...(ticket.conversation ?? [])].reverse().find((message) => message.from_requester !== false);
  if (!latest) return null;
  return {
    id: ticket.id,
    ...(ticket.requester ? { requester: ticket.requester } : {}),
    ...(ticket.created_at ? { created_at: ticket.created_at } : {}),
    conversation: [{ ...latest, attachments: [] }],
  };
}

/** The confirm questions sent so far: what the latest read found, and what earlier reads did (older messages fall out of what is read). */
export function mergedConfirmAsked(...diagnoses: ReadonlyArray<Pick<Diagnosis, 'confirmAsked'> | null>): string[] | undefined {
  const asked = [...new Set(diagnoses.flatMap((diagnosis) => diagnosis?.confirmAsked ?? []))];
  return asked.length > 0 ? asked : undefined;
}
