import type { Playbook } from '../playbook/schema.js';
import type { RankedDiagnosis } from '../note/closest-issues.js';
import { namedIssues } from '../note/closest-issues.js';
import { adoptsReplyDiagnosis, reevaluatesOnReply, replyOnlyTicket } from '../triage/reply-policy.js';
import type { Diagnosis } from '../triage/diagnosis.js';
import type { TicketInput } from '../triage/ticket.js';
import { accuracyInterval, type ProportionInterval } from './accuracy-interval.js';
import type { LabelledTicket } from './labelled-ticket.js';

/**
 * One conversation: the diagnosis of the first message alone (what the note and the request were
 * built from), and the diagnosis of the whole conversation after the customer's reply.
 */
export interface ReplyCase {
  id: string;
  expectedIssue: string;
  baseline: RankedDiagnosis;
  afterReply: RankedDiagnosis;
  /** The diagnosis of the customer's latest reply read alone (reply-policy.ts replyOnlyTicket). */
  replyAlone?: Pick<Diagnosis, 'abstained' | 'issue'> | null;
}

/**
 * A labelled conversation as a ReplyCase, with the diagnosis of the whole conversation; null when
 * it holds no reply from the requester (nothing to re-evaluate on).
 */
export function toReplyCase(
  ticket: LabelledTicket,
  classify: (input: TicketInput) => Diagnosis,
): { replyCase: ReplyCase; afterReply: Diagnosis } | null {
  if (!ticket.conversation.some((message) => message.from_requester)) return null;
  const baseline = classify({ ...ticket, conversation: [] });
  const afterReply = classify(ticket);
  const replyOnly = replyOnlyTicket(ticket);
  const replyAlone = replyOnly ? classify(replyOnly) : null;
  return { replyCase: { id: ticket.id, expectedIssue: ticket.label.issue, baseline, afterReply, replyAlone }, afterReply };
}

/**
 * A rule deciding whether the diagnosis after the reply replaces the first message's issue; the
 * first is the one the worker runs.
 */
export interface ReplyPolicy {
  name: string;
  reevaluates(baseline: RankedDiagnosis, afterReply: RankedDiagnosis, playbook: Playbook, replyAlone: ReplyCase['replyAlone']): boolean;
}

/**
 * The shipped policy (triage/reply-policy.ts adoptsReplyDiagnosis) beside the ones it is measured
 * against: only when the note named several issues (a runner-up, the confirm questions asked),
 * issue #12's rule (low band or abstained), keeping the first message's issue, re-evaluating every
 * reply, and taking whatever the model says below the high band (shipped until a review found
 * replies that only dilute the first message flipping its issue).
 */
export const REPLY_POLICIES: readonly ReplyPolicy[] = [
  {
    name: 'shipped: sure, from low, or the reply names it',
    reevaluates: (b, a, _playbook, replyAlone) => adoptsReplyDiagnosis(b, a, { agentChose: false, replyAlone }),
  },
  {
    name: 'below high, only when sure or from low',
    reevaluates: (b, a) => adoptsReplyDiagnosis(b, a, { agentChose: false }),
  },
  {
    name: 'only when the note named several issues',
    reevaluates: (b, _a, playbook) => b.abstained || b.band === 'low' || namedIssues(b, playbook).length > 1,
  },
  { name: 'low band or abstained only (issue #12)', reevaluates: (b) => b.abstained || b.band === 'low' },
  { name: 'keep the first message’s issue', reevaluates: () => false },
  { name: 'every reply', reevaluates: () => true },
  { name: 'below the high band, any answer', reevaluates: (b) => reevaluatesOnReply(b, { agentChose: false }) },
];

export interface ReplyPolicyScore {
  policy: string;
  right: number;
  total: number;
  interval: ProportionInterval;
  /** Conversations where the policy took the diagnosis after the reply. */
  reevaluated: number;
  /** Against keeping the first message's issue: wrong before and right after the reply. */
  fixed: number;
  /** Against keeping the first message's issue: right before and wrong after the reply. */
  broken: number;
}

/** Each policy's issue accuracy after the reply (counts, shares 0–1), in REPLY_POLICIES' order. */
export function scoreReplyPolicies(cases: readonly ReplyCase[], playbook: Playbook, policies = REPLY_POLICIES): ReplyPolicyScore[] {
  return policies.map((policy) => {
    let right = 0;
    let reevaluated = 0;
    let fixed = 0;
    let broken = 0;
    for (const c of cases) {
      const redo = policy.reevaluates(c.baseline, c.afterReply, playbook, c.replyAlone);
      const issue = redo ? c.afterReply.issue : c.baseline.issue;
      if (redo) reevaluated += 1;
      const wasRight = c.baseline.issue === c.expectedIssue;
      const isRight = issue === c.expectedIssue;
      if (isRight) right += 1;
      if (!wasRight && isRight) fixed += 1;
      if (wasRight && !isRight) broken += 1;
    }
    return { policy: policy.name, right, total: cases.length, interval: accuracyInterval(right, cases.length), reevaluated, fixed, broken };
  });
}
