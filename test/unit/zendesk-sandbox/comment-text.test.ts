import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { withNoteFooter } from '../../../src/note/note-footer.js';
import { htmlToPlain, plainToHtml } from '../../../src/zendesk-sandbox/comment-text.js';

const NOTE_HTML = readFileSync(new URL('../note/__snapshots__/account-blocked.fr.html', import.meta.url), 'utf8');

describe("the stand-in's plain_body of an html_body", () => {
  it('decodes every HTML entity, named and numeric, and keeps escaped markup as text', () => {
    expect(htmlToPlain('<p>&ldquo;Login failed&rdquo; &#60;b&#x3E; &eacute;t&eacute;&hellip; &amp;amp; a&nbsp;b &#39;x&#39;</p>')).toBe(
      "“Login failed” <b> été… &amp; a b 'x'",
    );
    expect(htmlToPlain('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>')).toBe('<script>alert(1)</script>');
  });

  it('gives each block its own paragraph and each list item its own line', () => {
    expect(
      htmlToPlain('<p>Steps:</p><ol><li>one</li><li>two</li></ol><blockquote>Hello,<br>bye.</blockquote><p><small>footer</small></p>'),
    ).toBe('Steps:\n\n- one\n- two\n\nHello,\nbye.\n\nfooter');
  });

  it("keeps our note's last line, its footer and its request marker apart", () => {
    const plain = htmlToPlain(withNoteFooter({ html: NOTE_HTML, text: '' }, 'ticket-1-created').html);
    expect(plain).toMatch(
      /réception de votre réponse\.\n\nsignin-triage · playbook test-1 · language fr\n\nsignin-triage request ticket-1-created$/,
    );
    expect(plain).toContain('Why: “Login failed”, “plusieurs essais”, “<script>x</script>”');
    expect(plain).toContain("\n- Affected user's email: present");
    expect(plain).not.toMatch(/&[a-z]{2,8};|&#\d{1,6};/);
  });

  it('round-trips a plain body', () => {
    const body = 'Hello,\n\nI cannot sign in <since> Monday & "today".\nThanks';
    expect(htmlToPlain(plainToHtml(body))).toBe(body);
  });
});
