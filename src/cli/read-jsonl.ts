import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { z } from 'zod';

export type JsonlLine<T> = { lineNumber: number; ok: true; value: T } | { lineNumber: number; ok: false; error: string };

/**
 * Streams a JSONL file line by line (memory stays flat on large files) and validates each
 * line; a broken line is reported with its number and the others go on.
 */
export async function* readJsonl<S extends z.ZodType>(source: string | Readable, schema: S): AsyncGenerator<JsonlLine<z.infer<S>>> {
  const input = typeof source === 'string' ? createReadStream(source, { encoding: 'utf8' }) : source;
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    let data: unknown;
    try {
      data = JSON.parse(line);
    } catch (error) {
      yield { lineNumber, ok: false, error: `not valid JSON (${(error as Error).message})` };
      continue;
    }
    const result = schema.safeParse(data);
    if (result.success) {
      yield { lineNumber, ok: true, value: result.data };
    } else {
      const problems = result.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join('.') || '(line)'}: ${issue.message}`)
        .join('; ');
      yield { lineNumber, ok: false, error: problems };
    }
  }
}
