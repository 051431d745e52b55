import type { TicketInput } from '../../src/triage/ticket.js';

/**
 * The inputs of the security report "No ticket can stall the service", as tickets. Before the
 * patterns were bounded, the 4 KB "From:" line took 35 s to classify; each of these must now
 * classify like any other ticket. Shared by the unit test, the service-level fault test and
 * `bench/hostile-input.ts`.
 */
export interface HostileTicket {
  /** Says which input of the report it is, e.g. "(a) From: line, U+2028, 4 KB". */
  name: string;
  ticket: TicketInput & { id: string };
}

interface UnnumberedInput {
  name: string;
  ticket: Omit<TicketInput, 'id'>;
}

/** Characters of one message the classifier reads (MAX_MESSAGE_CHARS): the report's "cap". */
export const MESSAGE_CAP = 20_000;

/** `word` repeated to exactly `length` characters. */
export function repeatTo(word: string, length: number): string {
  return word.repeat(Math.ceil(length / word.length)).slice(0, length);
}

/** "From:", then half spaces, half "@", ending in `separator`: `length` characters in all. */
export function fromLine(length: number, separator: string): string {
  const fill = length - 'From:'.length - separator.length;
  const spaces = Math.floor(fill / 2);
  return `From:${' '.repeat(spaces)}${'@'.repeat(fill - spaces)}${separator}`;
}

const SIZES = [
  ['1 KB', 1_024],
  ['2 KB', 2_048],
  ['4 KB', 4_096],
  ['20,000 chars (cap)', MESSAGE_CAP],
] as const;

const SEPARATORS = [
  ['U+2028', '\u2028'],
  ['U+2029', '\u2029'],
] as const;

const OPENING = 'Hello, I cannot log in since this morning.\nIt says "Login failed" every time.\n';

/** (a) to (e): one message each. */
function singleMessageInputs(): UnnumberedInput[] {
  const inputs: UnnumberedInput[] = [];
  for (const [size, length] of SIZES) {
    for (const [name, separator] of SEPARATORS) {
      inputs.push({
        name: `(a) From: line ending in ${name}, ${size}`,
        ticket: { subject: 'Fwd: login', description: fromLine(length, separator) },
      });
    }
  }
  // The 4 KB line again and again up to the cap, as a paste of the same header would be.
  inputs.push({
    name: '(a) 4 KB From: lines ending in U+2028, repeated to the cap',
    ticket: { subject: 'Fwd: login', description: repeatTo(fromLine(4_096, '\u2028'), MESSAGE_CAP) },
  });

  for (const word of ['login', 'blocked', 'verif', 'mail', 'reset ']) {
    inputs.push({
      name: `(b) "${word.trim()}" repeated to 20,000 chars`,
      ticket: { subject: 'help', description: repeatTo(word, MESSAGE_CAP) },
    });
  }

  inputs.push(
    { name: '(c) "Thanks," + 10,000 spaces', ticket: { subject: 'login', description: `${OPENING}Thanks,${' '.repeat(10_000)}` } },
    { name: '(c) "Thanks," + 10,000 tabs', ticket: { subject: 'login', description: `${OPENING}Thanks,${'\t'.repeat(10_000)}` } },
    { name: '(c) "-- " + 10,000 spaces and tabs', ticket: { subject: 'login', description: `${OPENING}-- ${' \t'.repeat(5_000)}\nLena` } },
    {
      name: '(c) "Thanks," + 10,000 spaces, many times',
      ticket: { subject: 'login', description: repeatTo(`${OPENING}Thanks,${' '.repeat(10_000)}\n`, MESSAGE_CAP) },
    },
  );

  inputs.push(
    {
      name: '(d) 20,000 chars without a space around an address',
      ticket: { subject: 'login', description: `${'a'.repeat(9_990)}@${'b'.repeat(MESSAGE_CAP - 9_995)}.com` },
    },
    {
      name: '(d) 20,000 chars of dotted labels around an address',
      ticket: { subject: 'login', description: `${repeatTo('a.', 10_000)}@${repeatTo('b.', MESSAGE_CAP - 10_004)}com` },
    },
    { name: '(d) 20,000 chars of "@"', ticket: { subject: 'login', description: '@'.repeat(MESSAGE_CAP) } },
  );

  inputs.push(
    { name: '(e) reply subject "Re: " × 5,000', ticket: { subject: 'Re: '.repeat(5_000), description: OPENING } },
    {
      name: '(e) "Subject:" line of 20,000 chars (training-example-like text)',
      ticket: { subject: '', description: `Subject: ${repeatTo('Re: login ', MESSAGE_CAP)}\n${OPENING}` },
    },
  );
  return inputs;
}

/** The 20,000-char bodies the follow-ups of (f) cycle through. */
export function hostileBodies(): string[] {
  return [
    fromLine(MESSAGE_CAP, '\u2028'),
    repeatTo('login', MESSAGE_CAP),
    `Thanks,${' '.repeat(MESSAGE_CAP - 7)}`,
    `${'a'.repeat(9_990)}@${'b'.repeat(MESSAGE_CAP - 9_995)}.com`,
    repeatTo('Re: ', MESSAGE_CAP),
    fromLine(MESSAGE_CAP, '\u2029'),
    repeatTo('verif', MESSAGE_CAP),
  ];
}

/** (f) a re-run of a ticket with 20 follow-ups of 20,000 hostile characters each. */
export function manyFollowUpsTicket(): UnnumberedInput {
  const bodies = hostileBodies();
  return {
    name: '(f) 20 follow-ups of 20,000 hostile chars each',
    ticket: {
      subject: 'Re: login',
      description: fromLine(MESSAGE_CAP, '\u2028'),
      conversation: Array.from({ length: 20 }, (_, index) => ({ body: bodies[index % bodies.length]!, from_requester: true })),
    },
  };
}

/** Every input of the report, with ticket ids `hostile-<n>`. */
export function hostileTickets(): HostileTicket[] {
  return [...singleMessageInputs(), manyFollowUpsTicket()].map((input, index) => ({
    name: input.name,
    ticket: { ...input.ticket, id: `hostile-${index + 1}` },
  }));
}

/**
 * The slowest known input within the caps: 40,000 characters of "1 may " (20,000 in the first
 * message, 20,000 in a follow-up). About 1.2 s in process on the 2-core machine, nearly all of
 * it chrono-node's English parsers (the timestamp check), the same before and after branch
 * perf2: what a small time limit cuts off. (It was "login" × 40,000, about 50 ms in process,
 * until the playbook patterns stopped running on text without their literals: 6 ms now.)
 */
export function slowestKnownTicket(id: string): TicketInput {
  return {
    id,
    subject: 'login',
    description: repeatTo('1 may ', MESSAGE_CAP),
    conversation: [{ body: repeatTo('1 may ', MESSAGE_CAP), from_requester: true }],
  };
}

/** A plain sign-in ticket of 40,000 characters (the ticket cap): long, not hostile. */
export function longNormalTicket(id: string): TicketInput {
  const paragraph = 'Hello, since the migration my old username and password give "Login failed". What should I type now? ';
  return {
    id,
    subject: 'Cannot log in any more',
    description: repeatTo(paragraph, MESSAGE_CAP),
    conversation: [{ body: repeatTo(paragraph, MESSAGE_CAP), from_requester: true }],
  };
}
