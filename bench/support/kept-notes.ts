/**
 * Hand-written notes in BENCHMARKS.md that a full `npm run bench` (which rewrites the file from
 * its measurements) keeps: each sits between `<!-- notes:start N -->` and `<!-- notes:end N -->`,
 * where N is the number of the generated section it belongs to (`## 4. Classification` → 4),
 * and is put back at the end of that section, in the order the notes had.
 */

const NOTES = /<!-- notes:start (\w{1,20}) -->[\s\S]*?<!-- notes:end \1 -->/gu;

export interface KeptNote {
  section: string;
  /** The whole block, markers included. */
  block: string;
}

/** The notes blocks of a BENCHMARKS.md text, in order. */
export function keptNotesOf(markdown: string): KeptNote[] {
  return [...markdown.matchAll(NOTES)].map((match) => ({ section: match[1]!, block: match[0] }));
}

/**
 * `generated` with each note inserted at the end of its section (before the next `## ` heading
 * or a `<!-- … -->` block that starts a line); a note whose section is gone is appended at the
 * end under a heading that says so, never dropped.
 */
export function withKeptNotes(generated: string, notes: KeptNote[]): string {
  let text = generated;
  const orphans: string[] = [];
  for (const section of [...new Set(notes.map((note) => note.section))]) {
    const blocks = notes.filter((note) => note.section === section).map((note) => note.block);
    const heading = text.search(new RegExp(`^## ${section}\\.`, 'mu'));
    if (heading < 0) {
      orphans.push(...blocks);
      continue;
    }
    const rest = text.slice(heading + 1);
    const next = rest.search(/^(## |<!-- )/mu);
    const at = next < 0 ? text.length : heading + 1 + next;
    const before = text.slice(0, at).trimEnd();
    text = `${before}\n\n${blocks.join('\n\n')}\n\n${text.slice(at)}`;
  }
  if (orphans.length > 0) text = `${text.trimEnd()}\n\n## Notes whose section is no longer generated\n\n${orphans.join('\n\n')}\n`;
  return text;
}
