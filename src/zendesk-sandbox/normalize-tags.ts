/**
 * Zendesk tags are lower-case single words: a value with spaces becomes several tags, and a tag
 * appears once. Order of first appearance is kept.
 */
export function normalizeTags(values: readonly string[]): string[] {
  const tags: string[] = [];
  for (const value of values) {
    for (const tag of value.toLowerCase().split(/\s+/)) {
      if (tag !== '' && !tags.includes(tag)) tags.push(tag);
    }
  }
  return tags;
}

/** A tag-action value (`"a b"` or `["a", "b"]`) as a list. */
export function tagList(value: unknown): string[] {
  if (typeof value === 'string') return normalizeTags([value]);
  if (Array.isArray(value)) return normalizeTags(value.filter((item): item is string => typeof item === 'string'));
  return [];
}
