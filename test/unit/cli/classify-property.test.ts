import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { classifyJsonl } from '../../../src/cli/commands/classify.js';
import { main } from '../../../src/cli/main.js';
import type { Triage } from '../../../src/triage/create-triage.js';
import { loadTriage } from '../../../src/triage/load-triage.js';

/**
 * `classify` under hostile JSONL: every generated line knows by construction whether it is a
 * ticket, broken, or blank; the CLI must write one result per ticket in order, one stderr line
 * per broken line naming its number, and nothing for a blank one.
 */

type Line = { kind: 'ticket'; id: string; text: string } | { kind: 'broken'; text: string } | { kind: 'blank'; text: string };

// Text with what hurts parsers: NUL, CR, line separators, quotes, backslashes, emoji, BOMs.
const hostileChar = fc.constantFrom('\u0000', '\r', '\u2028', '\u2029', '\u0085', '"', '\\', '\t', '😀', '\uFEFF', 'é', '{', '}', ' ');
const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 80 }) },
  { weight: 2, arbitrary: fc.array(fc.oneof(hostileChar, fc.string({ maxLength: 3 })), { maxLength: 40 }).map((parts) => parts.join('')) },
  // Huge fields: 20,000 to 60,000 characters.
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('Login failed ', 'é€😀 ', '\u0000\u2028x'), fc.integer({ min: 1_500, max: 4_000 }))
      .map(([unit, n]) => unit.repeat(n)),
  },
);

const ticketObject = fc.record({
  id: fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 2 ** 40 })),
  subject: text,
  description: text,
  requester: fc.record({ name: fc.string({ maxLength: 20 }), email: fc.constantFrom('kim@example.com', '', 'not an address') }),
  attachments: fc.array(fc.record({ file_name: fc.string({ maxLength: 12 }), content_type: fc.constantFrom('image/png', 'text/plain') }), {
    maxLength: 2,
  }),
  label: fc.constant({ issue: 'ignored' }),
});

const ticketLine: fc.Arbitrary<Line> = ticketObject.map((ticket) => ({
  kind: 'ticket',
  id: String(ticket.id),
  text: JSON.stringify(ticket),
}));

const brokenLine: fc.Arbitrary<Line> = fc
  .oneof(
    // A cut-off object is never valid JSON.
    fc.tuple(ticketObject, fc.double({ min: 0, max: 0.999, noNaN: true })).map(([ticket, share]) => {
      const json = JSON.stringify(ticket);
      return json.slice(0, Math.max(1, Math.floor(json.length * share)));
    }),
    // Valid JSON of the wrong shape or types.
    fc.constantFrom(
      '[]',
      '42',
      '"ticket"',
      'null',
      'true',
      '{}',
      '{"id":null}',
      '{"id":"a","attachments":"nope"}',
      '{"id":"a","subject":5}',
    ),
    fc
      .tuple(fc.string({ minLength: 1, maxLength: 8 }), fc.constantFrom('subject', 'description', 'requester', 'conversation'))
      .map(([id, field]) => JSON.stringify({ id, [field]: 12 })),
    // Raw NUL or CR inside a string: JSON forbids control characters there.
    fc.string({ minLength: 1, maxLength: 8 }).map((id) => `{"id":"${id.replace(/["\\]/g, '')}","description":"a\u0000b"}`),
    fc.string({ minLength: 1, maxLength: 8 }).map((id) => `{"id":"${id.replace(/["\\]/g, '')}","description":"a\rb"}`),
    // Anything else that is not an object.
    fc.string({ minLength: 1, maxLength: 60 }).filter((candidate) => !candidate.trimStart().startsWith('{')),
  )
  .filter((candidate) => candidate.trim() !== '' && !candidate.includes('\n'))
  .map((candidate) => ({ kind: 'broken', text: candidate }));

const blankLine: fc.Arbitrary<Line> = fc.constantFrom('', ' ', '\t').map((blank) => ({ kind: 'blank', text: blank }));

const document = fc.record({
  lines: fc.array(
    fc.oneof({ weight: 4, arbitrary: ticketLine }, { weight: 3, arbitrary: brokenLine }, { weight: 1, arbitrary: blankLine }),
    {
      minLength: 1,
      maxLength: 8,
    },
  ),
  endings: fc.array(fc.constantFrom('\n', '\r\n'), { minLength: 8, maxLength: 8 }),
  trailingNewline: fc.boolean(),
  bom: fc.boolean(),
  // Chunk boundaries anywhere, even inside a multi-byte character.
  chunkSize: fc.integer({ min: 1, max: 4_096 }),
});

interface Doc {
  lines: Line[];
  endings: string[];
  trailingNewline: boolean;
  bom: boolean;
}

function render(doc: Doc): Buffer {
  const body = doc.lines
    .map((line, index) => line.text + (index < doc.lines.length - 1 || doc.trailingNewline ? doc.endings[index]! : ''))
    .join('');
  return Buffer.from((doc.bom ? '\uFEFF' : '') + body, 'utf8');
}

async function runClassify(triage: Triage, input: Buffer, chunkSize: number) {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  for (let offset = 0; offset < input.length; offset += chunkSize) stdin.write(input.subarray(offset, offset + chunkSize));
  stdin.end();
  const counts = await classifyJsonl(stdin, triage, { stdout, stderr });
  return { counts, stdout: out, stderr: err };
}

describe('signin-triage classify under random JSONL (fast-check)', () => {
  let triage: Triage;
  beforeAll(() => {
    triage = loadTriage();
  });

  it('classifies every ticket line in order and names every broken line once', async () => {
    await fc.assert(
      fc.asyncProperty(document, async (doc) => {
        const { counts, stdout, stderr } = await runClassify(triage, render(doc), doc.chunkSize);
        const tickets = doc.lines.filter((line) => line.kind === 'ticket');
        const broken = doc.lines.flatMap((line, index) => (line.kind === 'broken' ? [index + 1] : []));

        const results = stdout === '' ? [] : stdout.replace(/\n$/, '').split('\n');
        expect(results.map((result) => (JSON.parse(result) as { id: string }).id)).toEqual(
          tickets.map((line) => (line.kind === 'ticket' ? line.id : '')),
        );
        for (const result of results)
          expect(Object.keys(JSON.parse(result) as object).sort()).toEqual([
            'confidence',
            'evidence',
            'id',
            'issue',
            'language',
            'missing',
          ]);

        // Tickets with no text at all get a warning line; the property is about the errors.
        const complaints = (stderr === '' ? [] : stderr.replace(/\n$/, '').split('\n')).filter(
          (complaint) => !/^line \d+: warning: /.test(complaint),
        );
        expect(complaints.map((complaint) => Number(/^line (\d+): \S/.exec(complaint)?.[1]))).toEqual(broken);
        // One line each, and no ticket text quoted back.
        for (const complaint of complaints) expect(complaint).not.toMatch(/[\r\u2028\u2029\u0085\u0000]/);
        expect(counts).toEqual({ classified: tickets.length, failures: broken.length });
      }),
      { numRuns: 60 },
    );
  });

  it('exits 1 when a line is broken and 0 when none is', async () => {
    const run = async (input: string) => {
      const stdin = new PassThrough();
      const sink = () => {
        const stream = new PassThrough();
        stream.resume();
        return stream;
      };
      stdin.end(input);
      return main(['classify'], { stdin, stdout: sink(), stderr: sink(), env: {} });
    };
    const good = JSON.stringify({ id: 'x', description: 'Login failed' });
    expect(await run(`\uFEFF${good}\r\n\r\n${good}`)).toBe(0);
    expect(await run(`${good}\n{"id":\n${good}\n`)).toBe(1);
  });
});
