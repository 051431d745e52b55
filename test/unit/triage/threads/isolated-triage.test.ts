import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { PlaybookError } from '../../../../src/playbook/playbook-error.js';
import { DEFAULT_MODEL_PATH, DEFAULT_PLAYBOOK_PATH } from '../../../../src/playbook/playbook-paths.js';
import { diagnosisSchema } from '../../../../src/triage/diagnosis.js';
import { StaleModelError } from '../../../../src/triage/model-errors.js';
import { loadTriage } from '../../../../src/triage/load-triage.js';
import type { TicketInput } from '../../../../src/triage/ticket.js';
import {
  ClassifierUnavailableError,
  launchIsolatedTriage,
  startIsolatedTriage,
  type IsolatedTriage,
  type IsolatedTriageOptions,
} from '../../../../src/triage/threads/isolated-triage.js';
import { TOO_COMPLEX_REASON } from '../../../../src/triage/unanalysed-diagnosis.js';
import { longNormalTicket, slowestKnownTicket } from '../../../support/hostile-tickets.js';

/** A plain sign-in ticket the model knows well (the fault tests' ticket; account-blocked, 0.94). */
const harmless = (id: string): TicketInput => ({
  id,
  subject: 'Cannot log in any more',
  description: 'Hello, since the migration my old username and password give "Login failed". What should I type now?',
});

const inProcess = loadTriage();
const started: IsolatedTriage[] = [];

async function start(options: IsolatedTriageOptions): Promise<IsolatedTriage> {
  const triage = await startIsolatedTriage(options);
  started.push(triage);
  return triage;
}

function recordingLog() {
  return { warn: vi.fn<(obj: object, msg: string) => void>(), error: vi.fn<(obj: object, msg: string) => void>() };
}

/** Lets the promise callbacks run (the ticket is posted to the thread) without letting any event in. */
async function flushMicrotasks(): Promise<void> {
  for (let index = 0; index < 20; index += 1) await Promise.resolve();
}

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(started.splice(0).map((triage) => triage.close()));
});

describe('startIsolatedTriage: the per-ticket time limit', () => {
  it('cuts off a 40,000-char ticket at timeLimitMs: 1 → other, "text too complex to analyse", counted', async () => {
    const onCutOff = vi.fn();
    const log = recordingLog();
    const triage = await start({ timeLimitMs: 1, onCutOff, log });

    const diagnosis = await triage.classify(longNormalTicket('long-1'));

    expect(diagnosisSchema.parse(diagnosis)).toMatchObject({
      ticketId: 'long-1',
      issue: 'other',
      unanalysed: TOO_COMPLEX_REASON,
      evidence: [],
      missing: [],
    });
    expect(onCutOff).toHaveBeenCalledTimes(1);
    expect(onCutOff).toHaveBeenCalledWith('time-limit');
    expect(log.warn).toHaveBeenCalledWith(
      { ticketId: 'long-1', timeLimitMs: 1 },
      'ticket text too complex to analyse within the time limit; triaged as other',
    );

    // The thread was ended and a new one started: the next ticket is still answered (at 1 ms a
    // cold thread is cut off again, so only "answered, valid" can be asserted on wall-clock time).
    const next = await triage.classify(harmless('after-1'));
    expect(diagnosisSchema.parse(next).ticketId).toBe('after-1');
    expect(log.error).not.toHaveBeenCalled();
  });

  it('classifies the next ticket normally in the restarted thread', async () => {
    const onCutOff = vi.fn();
    const triage = await start({ timeLimitMs: 1, onCutOff });
    // The limit's timer on a fake clock: the cut-off happens exactly when the test says, and the
    // restarted thread's ticket is never cut (its 1 ms never passes), whatever the machine's load.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });

    const long = triage.classify(longNormalTicket('long-2'));
    await flushMicrotasks();
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(1);
    expect((await long).unanalysed).toBe(TOO_COMPLEX_REASON);
    expect(onCutOff).toHaveBeenCalledWith('time-limit');

    const next = await triage.classify(harmless('after-2'));
    const expected = inProcess.classify(harmless('after-2'));
    expect(next.unanalysed).toBeUndefined();
    // Analysed as a sign-in ticket (which issue is the model's business; the thread must agree with it).
    expect(next.issue).not.toBe('other');
    expect({ issue: next.issue, confidence: next.confidence, ranking: next.ranking }).toEqual({
      issue: expected.issue,
      confidence: expected.confidence,
      ranking: expected.ranking,
    });
    expect(onCutOff).toHaveBeenCalledTimes(1);
  });
});

describe('startIsolatedTriage: order, close, retrain', () => {
  it('answers tickets in the order they came, each as the in-process triage does', async () => {
    const triage = await start({ timeLimitMs: 10_000 });
    const tickets = [longNormalTicket('t1'), harmless('t2'), slowestKnownTicket('t3'), harmless('t4'), longNormalTicket('t5')];
    const answered: string[] = [];
    const diagnoses = await Promise.all(
      tickets.map((ticket) =>
        triage.classify(ticket).then((diagnosis) => {
          answered.push(diagnosis.ticketId);
          return diagnosis;
        }),
      ),
    );
    expect(answered).toEqual(['t1', 't2', 't3', 't4', 't5']);
    for (const [index, diagnosis] of diagnoses.entries()) {
      expect(diagnosis.unanalysed).toBeUndefined();
      expect(diagnosis.issue).toBe(inProcess.classify(tickets[index]!).issue);
    }
  });

  it('close() rejects the ticket being classified and those waiting, and every later one', async () => {
    const triage = await start({});
    const pending = [triage.classify(longNormalTicket('c1')), triage.classify(harmless('c2')), triage.classify(harmless('c3'))];
    const settled = Promise.allSettled(pending);
    await triage.close();
    for (const result of await settled) {
      expect(result.status).toBe('rejected');
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(ClassifierUnavailableError);
      expect(((result as PromiseRejectedResult).reason as Error).message).toBe('the classifier is closed');
    }
    await expect(triage.classify(harmless('c4'))).rejects.toThrow(ClassifierUnavailableError);
  });

  it('retrain() swaps the model in: a feedback example makes a made-up phrase classify to its issue', async () => {
    const triage = await start({});
    // Made-up words, and enough of them: a ticket of six words or fewer with no documented
    // symptom abstains whatever the model says (isVague).
    const probe: TicketInput = {
      id: 'probe',
      subject: 'zorblax quimbleflux',
      description: 'The zorblax quimbleflux again: wobbleton frindle, snarvex plonk and quaddle on every morning.',
    };
    const before = await triage.classify(probe);
    expect(before.issue).not.toBe('account-blocked');
    const examplesBefore = triage.trainingExamples;

    const result = await triage.retrain([
      {
        issue: 'account-blocked',
        ticket: {
          id: 'feedback-1',
          subject: 'zorblax quimbleflux',
          description: 'zorblax quimbleflux wobbleton frindle snarvex plonk quaddle',
        },
      },
    ]);

    expect(result.trainingExamples).toBe(examplesBefore + 1);
    expect(triage.trainingExamples).toBe(examplesBefore + 1);
    const after = await triage.classify(probe);
    expect(after.issue).toBe('account-blocked');
    expect(after.evidence.map((item) => item.phrase.toLowerCase()).join(' ')).toMatch(/zorblax|quimbleflux/);
  }, 180_000);

  it('runs overlapping retrain() calls one after the other, the last one winning; close() rejects one still waiting', async () => {
    const triage = await start({});
    const base = triage.trainingExamples;
    const example = (n: number) => ({
      issue: 'account-blocked',
      ticket: { id: `feedback-${n}`, subject: 'zorblax', description: 'zorblax quimbleflux' },
    });
    const first = triage.retrain([example(1)]);
    const second = triage.retrain([example(1), example(2)]);
    await expect(first).resolves.toEqual({ trainingExamples: base + 1 });
    await expect(second).resolves.toEqual({ trainingExamples: base + 2 });
    expect(triage.trainingExamples).toBe(base + 2);

    const pending = triage.retrain([example(3)]);
    await triage.close();
    await expect(pending).rejects.toThrow(/closed/);
  }, 300_000);
});

describe('launchIsolatedTriage: start-up in steps, while the caller does other work', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('reports the playbook, then ready; a ticket asked for meanwhile is answered once the thread is warm', async () => {
    const launched = launchIsolatedTriage();
    started.push(launched.triage);
    const early = launched.triage.classify(harmless('early-1'));
    const playbook = await launched.playbookRead;
    expect(launched.triage.playbook).toBe(playbook);
    expect(playbook.issues.map((issue) => issue.id)).toEqual(inProcess.playbook.issues.map((issue) => issue.id));
    await launched.ready;
    expect(launched.triage.trainingExamples).toBe(inProcess.trainingExamples);
    expect(launched.triage.thresholds).toEqual(inProcess.thresholds);
    expect((await early).issue).toBe(inProcess.classify(harmless('early-1')).issue);
  });

  it('fails playbookRead and ready with PlaybookError when the playbook cannot be read', async () => {
    const launched = launchIsolatedTriage({ playbookPath: '/nonexistent/playbook.yaml' });
    started.push(launched.triage);
    const waiting = launched.triage.classify(harmless('never'));
    await expect(launched.playbookRead).rejects.toThrow(PlaybookError);
    await expect(launched.ready).rejects.toThrow('cannot read the playbook at /nonexistent/playbook.yaml');
    await expect(waiting).rejects.toThrow(PlaybookError);
  });

  it('fails ready with StaleModelError, when told to refuse, for a stale model beside the playbook', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'isolated-stale-'));
    dirs.push(dir);
    copyFileSync(DEFAULT_PLAYBOOK_PATH, join(dir, 'playbook.yaml'));
    writeFileSync(
      join(dir, 'model.bin'),
      readFileSync(DEFAULT_MODEL_PATH, 'latin1').replace(/"sourceHash": "[0-9a-f]{64}"/u, `"sourceHash": "${'0'.repeat(64)}"`),
      'latin1',
    );
    const onTraining = vi.fn();
    const launched = launchIsolatedTriage({ playbookPath: join(dir, 'playbook.yaml'), whenStale: 'refuse', onTraining });
    started.push(launched.triage);
    await launched.playbookRead;
    await expect(launched.ready).rejects.toThrow(StaleModelError);
    await expect(launched.ready).rejects.toThrow(`run signin-triage train --playbook ${join(dir, 'playbook.yaml')}`);
    expect(onTraining).not.toHaveBeenCalled();
  });
});
