import type { TriageQueue } from '../queue/create-queue.js';
import type { DiagnosisStore } from './diagnosis-store.js';
import type { FeedbackStore } from './feedback-store.js';

/** What `forget` deleted for one ticket. */
export interface ForgetResult {
  ticketId: string;
  /** The latest diagnosis, its history and request key were stored. */
  diagnosis: boolean;
  /** An agent's correction (with the customer's words) was stored. */
  feedback: boolean;
  /** Queue jobs of the ticket removed (finished or waiting: ticket id, event, outcome). */
  jobsRemoved: number;
  /** Jobs running right now: left alone (they would be recreated by their own write); run forget again after. */
  jobsActive: number;
}

/** Jobs read per page while looking for a ticket's jobs. */
const JOB_PAGE = 500;

/**
 * Deletes what we hold on one ticket (a person's data request, GDPR art. 17): its stored
 * diagnoses, its agent correction, and its jobs in the triage queue. What we wrote on the
 * ticket in Zendesk (tags, internal note) stays: it is the account's data, deleted in Zendesk.
 */
export async function forgetTicket(
  ticketId: string,
  deps: { diagnoses: Pick<DiagnosisStore, 'remove'>; feedback: Pick<FeedbackStore, 'remove'>; queue: TriageQueue },
): Promise<ForgetResult> {
  const diagnosis = await deps.diagnoses.remove(ticketId);
  const feedback = await deps.feedback.remove(ticketId);
  let jobsRemoved = 0;
  for (const state of ['completed', 'failed', 'waiting', 'delayed', 'prioritized', 'waiting-children'] as const) {
    const matching: string[] = [];
    for (let start = 0; ; start += JOB_PAGE) {
      const jobs = await deps.queue.getJobs([state], start, start + JOB_PAGE - 1, true);
      for (const job of jobs) if (job?.data?.ticketId === ticketId && job.id) matching.push(job.id);
      if (jobs.length < JOB_PAGE) break;
    }
    for (const id of matching) {
      await deps.queue.remove(id);
      jobsRemoved += 1;
    }
  }
  const active = await deps.queue.getJobs(['active'], 0, -1, true);
  const jobsActive = active.filter((job) => job?.data?.ticketId === ticketId).length;
  return { ticketId, diagnosis, feedback, jobsRemoved, jobsActive };
}
