/** One part of the request's body: an opening line and its bullet points. */
export interface RequestBlock {
  /** `missing-data`: the asks for escalation data; `questions`: the confirm questions. */
  kind: 'missing-data' | 'questions';
  intro: string;
  items: string[];
}

/**
 * The request's plain-text lines between greeting and closing: each block's intro, then its items
 * as "- " bullets, a blank line between blocks. Shared by the note (render-customer-request.ts)
 * and the sidebar's insert (app/src/view-model.ts), so both send the customer the same text.
 * No imports: the sidebar bundle takes it as is.
 */
export function requestBodyLines(blocks: readonly RequestBlock[]): string[] {
  return blocks.flatMap((block, index) => [...(index > 0 ? [''] : []), block.intro, ...block.items.map((item) => `- ${item}`)]);
}
