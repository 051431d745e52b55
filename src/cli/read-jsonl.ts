import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { z } from 'zod';

export type JsonlLine<T> = { lineNumber: number; ok: true; value: T } | { lineNumber: number; ok: false; error: string };

/**
 * Streams a JSONL file line by line (memory stays flat on large files) and validates each
 * line; a broken line is reported with its number and the others go on.
 *
 * Lines end at `\n` only (https://jsonlines.org: "\r\n" is accepted, so one `\r` before it is
 * dropped); a lone `\r` or U+2028 stays inside its line, so line numbers match an editor's. A
 * UTF-8 byte order mark before the first line is ignored; a last line without `\n` counts;
 * blank lines are skipped. Error texts are one line and never quote the input (tickets are
 * personal data).
 */
export async function* readJsonl<S extends z.ZodType>(source: string | Readable, schema: S): AsyncGenerator<JsonlLine<z.infer<S>>> {
  const input = typeof source === 'string' ? createReadStream(source) : source;
  let lineNumber = 0;
  for await (const raw of splitLines(input)) {
    lineNumber += 1;
    const line = lineNumber === 1 && raw.startsWith('\uFEFF') ? raw.slice(1) : raw;
    if (line.trim() === '') continue;
    let data: unknown;
    try {
      data = JSON.parse(line);
    } catch (error) {
      yield { lineNumber, ok: false, error: `not valid JSON (${jsonErrorPlace(error)})` };
      continue;
    }
    const result = schema.safeParse(data);
    if (result.success) {
      yield { lineNumber, ok: true, value: result.data };
    } else {
      const problems = result.error.issues
        .slice(0, 3)
        .map((issue) => `${oneLine(issue.path.join('.')) || '(line)'}: ${oneLine(issue.message)}`)
        .join('; ');
      yield { lineNumber, ok: false, error: problems };
    }
  }
}

async function* splitLines(input: Readable): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  for await (const chunk of input) {
    pending += typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer);
    let start = 0;
    let end: number;
    while ((end = pending.indexOf('\n', start)) >= 0) {
      yield withoutCr(pending.slice(start, end));
      start = end + 1;
    }
    pending = pending.slice(start);
  }
  pending += decoder.end();
  if (pending !== '') yield withoutCr(pending);
}

function withoutCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/**
 * V8's JSON.parse messages quote the input ("Unexpected token 'x', "…" is not valid JSON");
 * only the position is kept.
 */
function jsonErrorPlace(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  const position = /at position (\d{1,12})/.exec(message);
  if (position) return `at character ${Number(position[1]) + 1}`;
  if (/Unexpected end of JSON input/.test(message)) return 'it ends too early';
  return 'unexpected character';
}

/** Control characters and line separators out, so the reason stays on one stderr line. */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029\u0085]/g, ' ');
}
