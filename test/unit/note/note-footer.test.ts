import { describe, expect, it } from 'vitest';
import { containsNoteMarker, hasNoteFor, isOwnNote, noteMarker, withNoteFooter } from '../../../src/note/note-footer.js';

describe('note footer', () => {
  it('appends the request marker to both the HTML and the text', () => {
    const note = withNoteFooter({ html: '<p>Diagnosis</p>', text: 'Diagnosis' }, 'ticket-12-created');
    expect(note.html).toContain('<p>Diagnosis</p>');
    expect(note.html).toContain('signin-triage request ticket-12-created');
    expect(note.text.endsWith('signin-triage request ticket-12-created')).toBe(true);
  });

  it('escapes the key in HTML', () => {
    expect(withNoteFooter({ html: '', text: '' }, 'a<b>').html).toContain('a&#60;b&#62;');
  });

  it('matches the exact key only', () => {
    const text = `x ${noteMarker('ticket-12-rerun-abc')}`;
    expect(containsNoteMarker(text, 'ticket-12-rerun-abc')).toBe(true);
    expect(containsNoteMarker(text, 'ticket-12-rerun-ab')).toBe(false);
    expect(containsNoteMarker(`${noteMarker('ticket-1-created')}</p>`, 'ticket-1-created')).toBe(true);
    expect(containsNoteMarker(`${noteMarker('ticket-12-created')} ${noteMarker('ticket-1-created')}`, 'ticket-1-created')).toBe(true);
    expect(containsNoteMarker(noteMarker('ticket-12-created'), 'ticket-1-created')).toBe(false);
  });

  it('finds the marker only in internal comments', () => {
    const marker = noteMarker('ticket-5-created');
    expect(hasNoteFor([{ public: true, body: marker }], 'ticket-5-created')).toBe(false);
    expect(hasNoteFor([{ public: false, body: 'other', html_body: `<p>${marker}</p>` }], 'ticket-5-created')).toBe(true);
    expect(hasNoteFor([{ public: false, plain_body: marker }], 'ticket-5-rerun-1')).toBe(false);
  });

  it('recognises our notes whatever their request', () => {
    expect(isOwnNote({ public: false, plain_body: `text\n${noteMarker('ticket-5-rerun-9')}` })).toBe(true);
    expect(isOwnNote({ public: false, plain_body: 'an agent note' })).toBe(false);
    expect(isOwnNote({ public: true, plain_body: noteMarker('ticket-5-created') })).toBe(false);
  });
});
