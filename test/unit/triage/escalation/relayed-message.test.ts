import { describe, expect, it } from 'vitest';
import { readRelayedMessage, requesterNameWords } from '../../../../src/triage/escalation/relayed-message.js';

const requester = { email: 'hannah.ives@example.com', name: 'Hannah Ives' };

describe('readRelayedMessage', () => {
  it('cuts a forward pasted without quote marks from the requester’s own words', () => {
    const relayed = readRelayedMessage(
      'FW: login\nCan you help Noah?\n\nFrom: Noah Briggs\nSent: Tuesday\nSubject: login\n\nI cannot sign in.',
      '',
      [],
      requester,
    );
    // The forward's subject line is the forwarded author's words too.
    expect(relayed.ownText.trim()).toBe('Can you help Noah?');
    expect(relayed.otherAuthors).toEqual([{ address: null }]);
    expect(relayed.requesterAuthored).toBe(false);
  });

  it('does not take a sentence starting "From:" for a header block', () => {
    const relayed = readRelayedMessage('From: our side nothing changed.\nThe export still fails.', '', [], requester);
    expect(relayed.ownText).toContain('The export still fails.');
    expect(relayed.otherAuthors).toEqual([]);
  });

  it('reads authors from quoted header lines and reply attributions, with their addresses', () => {
    const relayed = readRelayedMessage(
      'See below',
      'De : Camille Roy <camille.roy@example.fr>\nJe suis bloquée.',
      ['On Tue, 1 Dec 2026 at 09:12, Akeneo Support <support@akeneo.com> wrote:'],
      requester,
    );
    expect(relayed.otherAuthors).toEqual([{ address: 'camille.roy@example.fr' }]);
  });

  it('knows the requester’s own earlier mail in a thread by name or address', () => {
    expect(readRelayedMessage('Passing this on', 'From: Hannah Ives\nI am locked out.', [], requester).requesterAuthored).toBe(true);
    expect(
      readRelayedMessage('Passing this on', 'Von: H. <hannah.ives@example.com>\nIch bin gesperrt.', [], requester).requesterAuthored,
    ).toBe(true);
  });

  it('tells the requester’s chat lines from a colleague’s', () => {
    const relayed = readRelayedMessage(
      'Pasting our chat:\n[09:02] Nuria Castells: no me llega el correo\n[09:03] Hannah Ives: lo miro\n[09:04] Me: ok',
      '',
      [],
      requester,
    );
    expect(relayed.chat.map(({ byRequester }) => byRequester)).toEqual([false, true, true]);
    expect(relayed.ownText.trim()).toBe('Pasting our chat:');
  });
});

describe('requesterNameWords', () => {
  it('takes the words of the name and of the address, not team words', () => {
    expect([...requesterNameWords({ email: 'j.albers@example.de', name: 'Jonas Albers' })].sort()).toEqual(['albers', 'jonas']);
    expect([...requesterNameWords({ email: 'pim-team@example.de', name: 'PIM Team' })]).toEqual([]);
  });
});

describe('words quoted inline after "Tom sent me this:"', () => {
  it('are the colleague’s, up to a closed quote; the writer’s next line is theirs again', () => {
    const relayed = readRelayedMessage(
      'Login\nTom sent me this:\n"I cannot log in since this morning."\nCan you check?',
      '',
      [],
      requester,
    );
    expect(relayed.chat).toEqual([{ byRequester: false, words: '"i cannot log in since this morning."' }]);
    expect(relayed.ownText).toBe('Login\nTom sent me this:\nCan you check?');
  });

  it('end at a line where the writer resumes ("So I…")', () => {
    const relayed = readRelayedMessage('Our admin wrote me:\nYour account is locked.\nSo I cannot log in.', '', [], requester);
    expect(relayed.chat.map(({ words }) => words)).toEqual(['your account is locked.']);
    expect(relayed.ownText).toContain('So I cannot log in.');
  });

  it('do not start at an error message shown to the writer ("message d’erreur :")', () => {
    expect(readRelayedMessage('Je n’arrive pas, message d’erreur :\n« Authentication failed »', '', [], requester).chat).toEqual([]);
  });
});
