import { describe, expect, it } from 'vitest';

import { noteMarker } from '../../../src/note/note-footer.js';
import { ticketSchema as coreTicketSchema } from '../../../src/triage/ticket.js';
import { commentSchema, ticketSchema, userSchema, type ZendeskComment } from '../../../src/zendesk/schemas.js';
import { toTriageTicket } from '../../../src/adapters/zendesk-to-triage-ticket.js';

const REQUESTER = 501;
const AGENT = 900;

const ticket = ticketSchema.parse({
  id: 42,
  subject: 'Cannot log in',
  description: 'I cannot log in since yesterday',
  tags: ['vip'],
  status: 'open',
  created_at: '2026-11-20T10:00:00Z',
  updated_at: '2026-11-20T10:05:00Z',
  requester_id: REQUESTER,
});

const users = [
  userSchema.parse({ id: REQUESTER, name: 'Marie Curie', email: 'marie@example.com', role: 'end-user' }),
  userSchema.parse({ id: AGENT, name: 'Agent Smith', email: 'agent@example.org', role: 'agent' }),
];

function comment(id: number, fields: Partial<ZendeskComment>): ZendeskComment {
  return commentSchema.parse({
    id,
    body: 'text',
    plain_body: 'text',
    public: true,
    author_id: REQUESTER,
    created_at: `2026-11-20T10:0${id}:00Z`,
    attachments: [],
    ...fields,
  });
}

function attachment(id: number, file_name: string, content_type: string, extra: object = {}) {
  return { id, file_name, content_type, content_url: `https://files.example/${id}`, size: 10, ...extra };
}

describe('toTriageTicket', () => {
  const comments = [
    comment(1, {
      body: 'I cannot log in since yesterday',
      plain_body: 'I cannot log in since yesterday',
      attachments: [attachment(1, 'login.png', 'image/png', { inline: true }), attachment(2, 'old.png', 'image/png', { deleted: true })],
    }),
    comment(2, { body: 'Which email do you use?', plain_body: 'Which email do you use?', author_id: AGENT }),
    comment(3, { body: 'internal: looks like legacy', plain_body: 'internal: looks like legacy', public: false, author_id: AGENT }),
    comment(4, { body: 'note', plain_body: `Diagnosis…\n${noteMarker('ticket-42-created')}`, public: false, author_id: AGENT }),
    comment(5, {
      body: 'marie@example.com, at 10:42',
      plain_body: 'marie@example.com, at 10:42',
      attachments: [attachment(3, 'error.jpg', 'image/jpeg')],
    }),
  ];
  const input = toTriageTicket({ ticket, comments, users });

  it('takes subject, first message, requester and creation time', () => {
    expect(input).toMatchObject({
      id: '42',
      subject: 'Cannot log in',
      description: 'I cannot log in since yesterday',
      requester: { name: 'Marie Curie', email: 'marie@example.com' },
      created_at: '2026-11-20T10:00:00Z',
    });
  });

  it('lists the attachments of every requester comment, with the inline and deleted flags', () => {
    expect(input.attachments).toEqual([
      { file_name: 'login.png', content_type: 'image/png', inline: true, deleted: false },
      { file_name: 'old.png', content_type: 'image/png', inline: false, deleted: true },
      { file_name: 'error.jpg', content_type: 'image/jpeg', inline: false, deleted: false },
    ]);
  });

  it('keeps later public comments as the conversation and no internal note', () => {
    expect(input.conversation).toEqual([
      { body: 'Which email do you use?', from_requester: false, created_at: '2026-11-20T10:02:00Z', attachments: [] },
      { body: 'marie@example.com, at 10:42', from_requester: true, created_at: '2026-11-20T10:05:00Z', attachments: [] },
    ]);
  });

  it('produces what the triage core accepts', () => {
    expect(() => coreTicketSchema.parse(input)).not.toThrow();
  });

  it('copes with a missing subject, an email-less requester and no comments', () => {
    const bare = toTriageTicket({
      ticket: { ...ticket, subject: null },
      comments: [],
      users: [userSchema.parse({ id: REQUESTER, name: 'Caller', email: null, role: 'end-user' })],
    });
    expect(bare).toMatchObject({
      subject: '',
      description: 'I cannot log in since yesterday',
      requester: { name: 'Caller', email: '' },
      attachments: [],
      conversation: [],
    });
  });
});
