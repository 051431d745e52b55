import { isOwnNote } from '../note/note-footer.js';
import type { Attachment, ConversationMessage, TicketInput } from '../triage/ticket.js';
import type { ZendeskComment, ZendeskTicket, ZendeskUser } from '../zendesk/schemas.js';

export interface ZendeskTicketParts {
  ticket: ZendeskTicket;
  /** Oldest first, as `listComments` returns them (with inline images). */
  comments: readonly ZendeskComment[];
  /** Sideloaded users of the ticket and comment reads. */
  users: readonly ZendeskUser[];
}

/**
 * Translates what the Zendesk API returned into the triage core's ticket. The first comment is
 * the customer's message; later public comments are the conversation (a re-run reads all of
 * it). Internal notes, ours included, never reach the classifier: they are not the customer's
 * words, and our own note quotes the diagnosis.
 */
export function toTriageTicket({ ticket, comments, users }: ZendeskTicketParts): TicketInput {
  const requesterId = ticket.requester_id;
  const requester = users.find((user) => user.id === requesterId);
  const [first, ...later] = comments;
  const fromRequester = (comment: ZendeskComment) => comment.author_id === requesterId;

  const conversation: ConversationMessage[] = later
    .filter((comment) => comment.public && !isOwnNote(comment))
    .map((comment) => ({
      body: plainText(comment),
      from_requester: fromRequester(comment),
      created_at: comment.created_at,
      // Listed once, in the ticket's attachments below, so no screenshot is counted twice.
      attachments: [],
    }));

  return {
    id: String(ticket.id),
    subject: ticket.subject ?? '',
    description: first ? plainText(first) : ticket.description,
    requester: { name: requester?.name ?? '', email: requester?.email ?? '' },
    // Screenshots count wherever the customer attached them, so all of their comments feed this list.
    attachments: comments.filter(fromRequester).flatMap((comment) => comment.attachments.map(toAttachment)),
    created_at: ticket.created_at,
    conversation,
  };
}

function plainText(comment: ZendeskComment): string {
  return comment.plain_body ?? comment.body;
}

function toAttachment(attachment: ZendeskComment['attachments'][number]): Attachment {
  return {
    file_name: attachment.file_name,
    content_type: attachment.content_type,
    deleted: attachment.deleted ?? false,
    inline: attachment.inline ?? false,
  };
}
