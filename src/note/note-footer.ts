import type { RenderedNote } from './render-note.js';

const MARKER_PREFIX = 'signin-triage request';

/** The text that ties an internal note to the job that wrote it. */
export function noteMarker(requestKey: string): string {
  return `${MARKER_PREFIX} ${requestKey}`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * Appends the request marker to a rendered note. The ticket itself is the idempotency record:
 * a job that finds its marker in an internal comment knows its note was already written, even
 * when the queue forgot (removed job, stalled re-run, timed-out PUT that did apply).
 */
export function withNoteFooter(note: RenderedNote, requestKey: string): RenderedNote {
  const marker = noteMarker(requestKey);
  return {
    html: `${note.html}\n<p style="color:#87929d;font-size:11px">${escapeHtml(marker)}</p>`,
    text: `${note.text}\n\n${marker}`,
  };
}

const KEY_CHAR = /[A-Za-z0-9_.-]/;

/** True when `text` carries the marker of exactly this request key (not a longer key that starts with it). */
export function containsNoteMarker(text: string, requestKey: string): boolean {
  const marker = noteMarker(requestKey);
  for (let index = text.indexOf(marker); index >= 0; index = text.indexOf(marker, index + 1)) {
    const next = text.charAt(index + marker.length);
    if (next === '' || !KEY_CHAR.test(next)) return true;
  }
  return false;
}

interface CommentLike {
  public: boolean;
  body?: string | null | undefined;
  html_body?: string | null | undefined;
  plain_body?: string | null | undefined;
}

/** Whether one of the ticket's internal notes was written for this request key. */
export function hasNoteFor(comments: readonly CommentLike[], requestKey: string): boolean {
  return comments.some(
    (comment) =>
      !comment.public &&
      [comment.plain_body, comment.body, comment.html_body].some(
        (text) => typeof text === 'string' && containsNoteMarker(text, requestKey),
      ),
  );
}

/** Whether a comment is one of our notes (any request), so it never feeds the classifier. */
export function isOwnNote(comment: CommentLike): boolean {
  return (
    !comment.public &&
    [comment.plain_body, comment.body, comment.html_body].some((text) => typeof text === 'string' && text.includes(`${MARKER_PREFIX} `))
  );
}
