// Golden check for speed work on the triage core: classifies every corpus ticket and variants
// of it (upper-cased, a time, an address, a URL, English UI labels, a quoted reply added, split
// into a follow-up) with a fixed clock and the shipped model file, and prints one sha256 of all
// full diagnoses (probabilities rounded to 1e-9). A change that must not change any answer keeps the digest.
//
//   node --import tsx scripts/golden-diagnoses.ts [OUT.jsonl]
//
// OUT.jsonl (optional; keep it outside the repository: it holds corpus text) gets one diagnosis
// per line, to diff two runs. Only corpus tickets are read: never evaluation data.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';

import { corpusExampleToTicket, loadCorpus } from '../src/playbook/corpus.js';
import { DEFAULT_MODEL_PATH } from '../src/playbook/playbook-paths.js';
import { createTriage } from '../src/triage/create-triage.js';
import type { Diagnosis } from '../src/triage/diagnosis.js';
import { readTrainingSources } from '../src/triage/load-triage.js';
import { readModelFile } from '../src/triage/model-file.js';
import type { TicketInput } from '../src/triage/ticket.js';

const FIXED_NOW = new Date('2026-11-30T12:00:00Z');

/** Probabilities and weights to 1e-9: the last bits of a float sum may differ with summing order, the answer does not. */
function rounded(value: unknown): unknown {
  if (typeof value === 'number') return Math.round(value * 1e9) / 1e9;
  if (Array.isArray(value)) return value.map(rounded);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, rounded(inner)]));
  return value;
}

type Variant = (ticket: TicketInput) => TicketInput;

const VARIANTS: Record<string, Variant> = {
  original: (ticket) => ticket,
  upper: (ticket) => ({ ...ticket, subject: (ticket.subject ?? '').toUpperCase(), description: (ticket.description ?? '').toUpperCase() }),
  time: (ticket) => ({ ...ticket, description: `${ticket.description ?? ''}\nIt last failed today at 10:42, and 20 minutes ago.` }),
  email: (ticket) => ({
    ...ticket,
    description: `${ticket.description ?? ''}\nThe user is lena.kraus@example-corp.de, cc helpdesk@example-corp.de`,
  }),
  url: (ticket) => ({
    ...ticket,
    description: `${ticket.description ?? ''}\nI used https://acme.cloud.akeneo.com/user/login?next=%2F#/ and http://x.example/a`,
  }),
  uiLabel: (ticket) => ({ ...ticket, description: `${ticket.description ?? ''}\nLOGIN FAILED. System > Users, then Continue` }),
  quoted: (ticket) => ({
    ...ticket,
    description: `${ticket.description ?? ''}\n\nOn Mon, 30 Nov 2026 at 09:12, Jake Morrison <jake.m@example.org> wrote:\n> I still cannot log in, the link expired.\n> Jake`,
  }),
  followUp: (ticket) => {
    const text = ticket.description ?? '';
    const cut = text.lastIndexOf('\n', Math.floor(text.length / 2));
    const at = cut > 0 ? cut : Math.floor(text.length / 2);
    return {
      ...ticket,
      description: text.slice(0, at),
      conversation: [
        { body: 'Thanks, we will look into it.', from_requester: false },
        { body: text.slice(at), from_requester: true },
      ],
    };
  },
};

const sources = readTrainingSources();
const { model, playbook } = readModelFile(DEFAULT_MODEL_PATH);
const triage = createTriage({ playbook, model, now: () => FIXED_NOW });
const tickets = loadCorpus(sources.playbook, sources.corpusDirs).examples.flatMap((example) =>
  Object.entries(VARIANTS).map(([name, variant]) => {
    const ticket = variant(corpusExampleToTicket(example));
    return { ...ticket, id: `${example.id}/${name}` };
  }),
);

const lines = tickets.map((ticket) => JSON.stringify(rounded(triage.classify(ticket) satisfies Diagnosis)));
// Classified again in reverse order: what a ticket gets must not depend on the one before it
// (the core keeps small caches of the last texts read).
const reversed = [...tickets].reverse().map((ticket) => JSON.stringify(rounded(triage.classify(ticket))));
const mismatched = reversed.reverse().findIndex((line, index) => line !== lines[index]);
if (mismatched >= 0) {
  console.error(`ticket ${tickets[mismatched]!.id} is classified differently after another ticket`);
  process.exitCode = 1;
}
const text = `${lines.join('\n')}\n`;
if (process.argv[2]) writeFileSync(process.argv[2], text);
console.log(`${tickets.length} diagnoses, sha256 ${createHash('sha256').update(text).digest('hex')}`);
