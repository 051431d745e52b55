import { decodeHTML } from 'entities';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** How Zendesk renders a plain `body`: HTML-escaped paragraphs in a `zd-comment` div. */
export function plainToHtml(body: string): string {
  const paragraphs = body
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('');
  return `<div class="zd-comment" dir="auto">${paragraphs}</div>`;
}

/**
 * Text of an `html_body`, as Zendesk fills `body`/`plain_body`: tags dropped, every block
 * (paragraph, heading, quote, list, table) a paragraph of its own, `<br>`/`<div>`/rows a line,
 * list items `- ` lines, and every HTML entity decoded (the `entities` library: named ones such
 * as &ldquo; and numeric ones such as &#60; alike). Tags are dropped before entities are decoded,
 * so an escaped `&lt;script&gt;` stays text.
 */
export function htmlToPlain(html: string): string {
  const text = html
    // Blocks that open and close a paragraph of their own (a blank line).
    .replace(/<\/?(?:p|h[1-6]|blockquote|ul|ol|pre|table)(?:\s[^<>]{0,2000})?>/gi, '\n\n')
    .replace(/<li(?:\s[^<>]{0,2000})?>/gi, '\n- ')
    .replace(/<(?:br|hr)(?:\s[^<>]{0,2000})?\/?>/gi, '\n')
    .replace(/<\/(?:div|tr)\s{0,20}>/gi, '\n')
    .replace(/<[^<>]{0,2000}>/g, '');
  return decodeHTML(text)
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
