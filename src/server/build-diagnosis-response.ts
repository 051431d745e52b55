import { runnerUp, type ClosestIssue } from '../note/closest-issues.js';
import {
  asksWhichIssue,
  confirmingIssues,
  customerRequestParts,
  presumesNoIssue,
  type CustomerRequestParts,
} from '../note/render-customer-request.js';
import type { Playbook } from '../playbook/schema.js';
import { ESCALATION_FIELDS, type Diagnosis, type EscalationField } from '../triage/diagnosis.js';

/**
 * What `GET /app/tickets/:id/diagnosis` answers: the diagnosis plus the playbook text the
 * sidebar shows, so the app never carries its own copy of the playbook (one source of truth,
 * and a playbook edit reaches the sidebar without re-uploading the app).
 */
export interface DiagnosisResponse {
  diagnosis: Diagnosis | null;
  /**
   * An agent's correction of this ticket, which then decides the issue shown (re-runs keep it;
   * `diagnosis` stays the model's own view, so the sidebar shows both). `source`: the sidebar,
   * or our issue tag changed by hand in Zendesk.
   */
  correction: AgentCorrection | null;
  playbook: {
    version: string;
    /** The issue shown: the agent's correction if any, else the diagnosis' issue. */
    issue: { id: string; title: string; diagnosis: string; steps: string[]; checks: string[] } | null;
    /** Every issue, for the "Wrong diagnosis?" select and the low-confidence candidates. */
    issues: Array<{ id: string; title: string }>;
    /** Agent-facing names of the escalation data, e.g. "Affected user's email". */
    escalationFields: Record<EscalationField, string>;
  };
  /**
   * The request for the missing escalation data and, when the model is not highly confident,
   * the questions that tell the named issues apart, in the customer's language; null when it
   * would ask nothing. The greeting keeps its `{name}` placeholder: the app fills it from
   * `ticket.requester`, so the requester's name never has to travel through our server.
   */
  customerRequest: CustomerRequestParts | null;
  /**
   * The issue the note also names when the model is not highly confident (closest-issues.ts
   * runnerUp), with its probability (0–1); null when there is none or an agent corrected the issue.
   */
  runnerUp: ClosestIssue | null;
}

export interface AgentCorrection {
  issue: string;
  createdAt: string;
  source: 'sidebar' | 'zendesk_tag';
}

export function buildDiagnosisResponse(
  diagnosis: Diagnosis | null,
  playbook: Playbook,
  correction: (Omit<AgentCorrection, 'source'> & Partial<Pick<AgentCorrection, 'source'>>) | null = null,
): DiagnosisResponse {
  const shownId = correction?.issue ?? diagnosis?.issue;
  const shown = playbook.issues.find((issue) => issue.id === shownId);
  const escalationFields = Object.fromEntries(ESCALATION_FIELDS.map((field) => [field, playbook.escalation.fields[field].label])) as Record<
    EscalationField,
    string
  >;

  let customerRequest: DiagnosisResponse['customerRequest'] = null;
  if (diagnosis && shown) {
    const asks = asksWhichIssue(diagnosis, { agentChose: correction !== null });
    const confirming = asks ? confirmingIssues(diagnosis, playbook) : [];
    const unsure = asks && presumesNoIssue(diagnosis, playbook);
    const parts = customerRequestParts(playbook, shown, diagnosis.language, diagnosis.missing, confirming, unsure);
    if (parts.blocks.length > 0) customerRequest = parts;
  }

  return {
    diagnosis,
    correction: correction ? { issue: correction.issue, createdAt: correction.createdAt, source: correction.source ?? 'sidebar' } : null,
    playbook: {
      version: playbook.version,
      issue: shown
        ? {
            id: shown.id,
            title: shown.title,
            diagnosis: shown.diagnosis,
            steps: shown.steps,
            checks: shown.checks.map((check) => playbook.checks[check] ?? check),
          }
        : null,
      issues: playbook.issues.map((issue) => ({ id: issue.id, title: issue.title })),
      escalationFields,
    },
    customerRequest,
    runnerUp: diagnosis && !correction && !diagnosis.unanalysed ? runnerUp(diagnosis, playbook) : null,
  };
}
