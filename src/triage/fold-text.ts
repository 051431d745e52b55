/** Lowercases and strips diacritics (é → e, ü → u, ß → ss), so patterns need no accents. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/ß/g, 'ss')
    .toLowerCase();
}

// Bounded parts (RFC 5321 lengths): an unbounded local part makes a long run of letters with
// no "@" quadratic to scan.
const EMAIL_PATTERN = /[\p{L}\p{N}._%+'-]{1,64}@[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63}){0,8}\.\p{L}{2,24}/gu;

export function findEmails(text: string): { address: string; index: number }[] {
  return [...text.matchAll(EMAIL_PATTERN)].map((match) => ({ address: match[0], index: match.index ?? 0 }));
}

/** Replaces email addresses and URLs so they never become words, evidence or logs. */
export function maskContactData(text: string): string {
  return text.replace(EMAIL_PATTERN, ' ').replace(/\bhttps?:\/\/\S+/giu, ' ');
}

/** Removes control characters and HTML tags that ticket text sometimes carries. */
export function sanitizeText(text: string): string {
  return (
    text
      .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/giu, ' ')
      .replace(/<br\s*\/?>|<\/(p|div|li|tr|h\d)>/giu, '\n')
      // Only real tags: "<t.baker@example.com>" in a forwarded header is an address, not HTML.
      .replace(/<\/?[a-z][a-z0-9-]*(\s[^<>@]{0,500})?\/?>/giu, ' ')
      .replace(/&nbsp;/gu, ' ')
      .replace(/&amp;/gu, '&')
      .replace(/&lt;/gu, '<')
      .replace(/&gt;/gu, '>')
      .replace(/&quot;/gu, '"')
      .replace(/&#39;/gu, "'")
      .replace(/\r\n?/gu, '\n')
      // Keep newlines and tabs; drop the other C0/C1 controls and bidi overrides.
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufeff]/gu, '')
  );
}
