const EMAIL = /[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;

/** Masks email addresses in free text (error messages, stack traces) before it is logged. */
export function redactText(text: string): string {
  return text.replace(EMAIL, '[email]');
}
