import { z } from 'zod';

/**
 * The ticket as the triage core sees it: what a customer wrote and attached.
 * The JSONL format of the CLI and the Zendesk adapter both produce this shape;
 * the core never sees a Zendesk payload.
 */
export const attachmentSchema = z.object({
  file_name: z.string(),
  content_type: z.string(),
  /** Zendesk marks redacted attachments as deleted; they prove nothing. */
  deleted: z.boolean().optional(),
  /** Pasted into the comment body (Zendesk's `inline`): a screenshot, or a mail signature's logo. */
  inline: z.boolean().optional(),
  /** Image width and height in pixels, when Zendesk reports them. */
  width: z.number().int().nonnegative().optional(),
  height: z.number().int().nonnegative().optional(),
  /** File size in bytes. */
  size: z.number().int().nonnegative().optional(),
});

export const personSchema = z.object({
  name: z.string().optional().default(''),
  email: z.string().optional().default(''),
});

/** A later public message of the conversation (used on re-run). */
export const conversationMessageSchema = z.object({
  body: z.string(),
  /** True when the author is the requester, false for an agent. */
  from_requester: z.boolean().default(true),
  created_at: z.string().optional(),
  attachments: z.array(attachmentSchema).default([]),
});

export const ticketSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  subject: z.string().default(''),
  description: z.string().default(''),
  requester: personSchema.default({ name: '', email: '' }),
  attachments: z.array(attachmentSchema).default([]),
  created_at: z.string().optional(),
  /** Public follow-ups after the first message, oldest first. */
  conversation: z.array(conversationMessageSchema).default([]),
});

export type Attachment = z.infer<typeof attachmentSchema>;
export type ConversationMessage = z.infer<typeof conversationMessageSchema>;
export type Ticket = z.infer<typeof ticketSchema>;
export type TicketInput = z.input<typeof ticketSchema>;
