import { z } from 'zod';
import { escalationFieldSchema, languageSchema } from '../triage/diagnosis.js';
import { ticketSchema } from '../triage/ticket.js';

/** A line of sample-tickets.jsonl: a ticket plus its ground truth. */
export const labelledTicketSchema = ticketSchema.extend({
  label: z.object({
    issue: z.string(),
    missing: z.array(escalationFieldSchema),
    lang: languageSchema,
  }),
});
export type LabelledTicket = z.infer<typeof labelledTicketSchema>;
