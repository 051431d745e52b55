// TEMPORARY skeleton: the real classifier replaces this file's internals. The exported API is stable.
import type { Playbook } from '../playbook/schema.js';
import { loadPlaybook } from '../playbook/load-playbook.js';
import { ticketSchema, type TicketInput } from './ticket.js';
import type { Diagnosis, TrainingExampleInput } from './types.js';

export interface TriageOptions {
  playbook?: Playbook;
  /** Extra labelled examples (agent feedback) trained on top of the playbook's. */
  extraExamples?: TrainingExampleInput[];
  now?: () => Date;
}

export interface Triage {
  readonly playbook: Playbook;
  classify(ticket: TicketInput): Diagnosis;
}

export function createTriage(options: TriageOptions = {}): Triage {
  const playbook = options.playbook ?? loadPlaybook();
  const now = options.now ?? (() => new Date());
  return {
    playbook,
    classify(input) {
      const ticket = ticketSchema.parse(input);
      return {
        ticketId: ticket.id,
        issue: 'other',
        confidence: 0.5,
        topIssue: 'other',
        abstained: true,
        band: 'low',
        ranking: playbook.issues.map((i) => ({ issue: i.id, probability: 1 / playbook.issues.length })),
        evidence: [],
        language: 'en',
        escalation: {
          email: { present: false, reason: 'not implemented yet' },
          timestamp: { present: false, reason: 'not implemented yet' },
          screenshot: { present: false, reason: 'not implemented yet' },
        },
        missing: ['email', 'timestamp', 'screenshot'],
        playbookVersion: playbook.version,
        classifiedAt: now().toISOString(),
      };
    },
  };
}
