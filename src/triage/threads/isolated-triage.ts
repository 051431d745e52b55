import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

import type { ThresholdOverrides, TriageThresholds } from '../create-triage.js';
import { PlaybookError } from '../../playbook/playbook-error.js';
import type { Playbook } from '../../playbook/schema.js';
import { StaleModelError } from '../model-errors.js';
import type { Diagnosis } from '../diagnosis.js';
import type { TicketInput } from '../ticket.js';
import type { TrainingTicket } from '../train-model.js';
import { TOO_COMPLEX_REASON, unanalysedDiagnosis } from '../unanalysed-diagnosis.js';
import type { ClassifierThreadData, FromClassifier, FromTrainer, ModelWithPlaybook, ToClassifier, TrainerThreadData } from './messages.js';

/** What the worker and the agent API need of the classifier. */
export interface TriageService {
  readonly playbook: Playbook;
  classify(ticket: TicketInput): Promise<Diagnosis>;
}

export interface IsolatedTriage extends TriageService {
  readonly trainingExamples: number;
  /** The thresholds in force: the running model's, with an admin's overrides. */
  readonly thresholds: TriageThresholds;
  /** Trains on the corpus plus these examples in a thread of its own, then swaps the model in. */
  retrain(extraExamples: TrainingTicket[]): Promise<{ trainingExamples: number }>;
  close(): Promise<void>;
}

export interface IsolatedTriageOptions {
  /** Longest one ticket may take to classify, in milliseconds; past it the ticket is `other`, "text too complex to analyse". @defaultValue 2000 */
  timeLimitMs?: number;
  /** Longest the thread may take to start (read the playbook and load the model file), in milliseconds; training at start gets trainTimeoutMs. @defaultValue 120000 */
  startTimeoutMs?: number;
  /** Heap limit of the classifier thread, in MiB: a ticket that exhausts it ends that thread only. @defaultValue 512 */
  maxHeapMb?: number;
  /** Longest a retraining (or a training at start) may take, in milliseconds. @defaultValue 600000 */
  trainTimeoutMs?: number;
  playbookPath?: string;
  /**
   * The playbook's model file is missing, broken or stale: `train` one in the thread at start
   * (development), or `refuse`, failing start-up with StaleModelError (production). @defaultValue 'train'
   */
  whenStale?: 'train' | 'refuse';
  /** Told, with why, when the thread trains a model at start instead of loading the model file. */
  onTraining?: (reason: string) => void;
  /** An admin's thresholds (ABSTAIN_THRESHOLD, HIGH_CONFIDENCE_THRESHOLD) in place of the model's. */
  thresholdOverrides?: ThresholdOverrides;
  /** Called once per ticket cut off by the time limit (or that ended the thread): count it. */
  onCutOff?: (reason: 'time-limit' | 'thread-died') => void;
  log?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  now?: () => Date;
}

export class ClassifierUnavailableError extends Error {
  override name = 'ClassifierUnavailableError';
}

/** A classifier whose thread has been started: `triage` can be used at once (see launchIsolatedTriage). */
export interface LaunchedTriage {
  /** Its `playbook` is set once `playbookRead` resolves; `classify` waits until `ready`. */
  triage: IsolatedTriage;
  /** The playbook, read and validated by the thread. Rejects with PlaybookError (file and field named). */
  playbookRead: Promise<Playbook>;
  /**
   * The model is loaded (or trained) and warm: tickets are classified from now on. Rejects with
   * PlaybookError, StaleModelError (production, a missing or stale model file: the message says
   * which file, why and the command to run) or ClassifierUnavailableError.
   */
  ready: Promise<void>;
  /** `ready`, then the warm-up done (stemmers and date parsers loaded): the first ticket is sent at once. */
  warm: Promise<void>;
}

/** The error a thread reported by class name, as that class (the main thread shows these in one line). */
function startError(name: string, message: string): Error {
  if (name === 'PlaybookError') return new PlaybookError(message);
  if (name === 'StaleModelError') return new StaleModelError(message);
  return new ClassifierUnavailableError(`the classifier thread could not start: ${name}: ${message}`);
}

/** Wait before trying again to start a classifier thread that failed to start, in milliseconds. */
const RESTART_RETRY_MS = 5_000;

/**
 * True when this file runs compiled (`npm run build`, dist/…/isolated-triage.js, as in the
 * image): a thread then loads its compiled module directly, and nothing loads tsx. From the
 * sources (tsx for `npm start`, vitest) a thread starts without its parent's TypeScript loader,
 * so it goes through thread-entry.mjs, which registers tsx first.
 */
const COMPILED = import.meta.url.endsWith('.js');
const SOURCE_ENTRY = fileURLToPath(new URL('./thread-entry.mjs', import.meta.url));
const CLASSIFIER_MODULE = new URL(`./classifier-thread.${COMPILED ? 'js' : 'ts'}`, import.meta.url).href;
const TRAINER_MODULE = new URL(`./trainer-thread.${COMPILED ? 'js' : 'ts'}`, import.meta.url).href;

/** What `new Worker` runs for a thread module (file URL): the module itself when compiled. */
function threadEntry(module: string): string | URL {
  return COMPILED ? new URL(module) : SOURCE_ENTRY;
}

interface Job {
  id: number;
  ticket: TicketInput;
  resolve: (diagnosis: Diagnosis) => void;
  reject: (error: Error) => void;
}

/**
 * The classifier in a worker thread with a time limit per ticket, once it is ready and warm
 * (see launchIsolatedTriage). Rejects as LaunchedTriage.ready does, the thread closed.
 */
export async function startIsolatedTriage(options: IsolatedTriageOptions = {}): Promise<IsolatedTriage> {
  const launched = launchIsolatedTriage(options);
  try {
    await launched.warm;
  } catch (error) {
    await launched.triage.close();
    throw error;
  }
  return launched.triage;
}

/**
 * Starts the classifier's worker thread and returns at once: the thread reads the playbook
 * and loads the model while the caller does other start-up work. Classification is pure CPU
 * on hostile text; in the thread it can never stall the event loop that answers `/healthz`,
 * webhooks and the sidebar. A ticket over the limit ends its thread (a new one starts with the
 * same model) and is answered `other`, "text too complex to analyse". Tickets are classified
 * one at a time, in order; the limit counts from when the thread receives the ticket.
 */
export function launchIsolatedTriage(options: IsolatedTriageOptions = {}): LaunchedTriage {
  const timeLimitMs = options.timeLimitMs ?? 2000;
  const startTimeoutMs = options.startTimeoutMs ?? 120_000;
  const now = options.now ?? (() => new Date());
  const playbookPath = options.playbookPath ?? null;

  const trainTimeoutMs = options.trainTimeoutMs ?? 600_000;
  let model: ModelWithPlaybook | null = null;
  let playbook!: Playbook;
  let thresholds!: TriageThresholds;
  let trainingExamples = 0;
  let playbookKnown!: (playbook: Playbook) => void;
  let playbookFailed!: (error: Error) => void;
  const playbookRead = new Promise<Playbook>((resolve, reject) => {
    playbookKnown = resolve;
    playbookFailed = reject;
  });
  // The caller may never await it (a start-up that fails later): no unhandled rejection.
  playbookRead.catch(() => undefined);
  let firstWarm!: () => void;
  const anyThreadWarm = new Promise<void>((resolve) => (firstWarm = resolve));
  let worker: Worker | null = null;
  /** The current thread's warm-up done: tickets and models are sent to it from then on. */
  let warm: Promise<void> | null = null;
  let closed = false;
  let nextId = 1;
  const queue: Job[] = [];
  let current: { job: Job; timer: NodeJS.Timeout } | null = null;
  /** A retrained model waiting to be sent to the thread (`sent` once posted, until the thread confirms). */
  let modelSwap: { model: ModelWithPlaybook; done: () => void; fail: (error: Error) => void; sent: boolean } | null = null;
  /** Retrainings run one after another. */
  let retraining: Promise<unknown> = Promise.resolve();
  /** Set when a new thread could not start: every request fails fast with it. */
  let broken: Error | null = null;

  function spawn(): Promise<void> {
    const data: ClassifierThreadData = {
      module: CLASSIFIER_MODULE,
      playbookPath,
      model,
      thresholdOverrides: options.thresholdOverrides ?? {},
      whenStale: options.whenStale ?? 'train',
    };
    const thread = new Worker(threadEntry(CLASSIFIER_MODULE), {
      workerData: data,
      resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? 512 },
    });
    worker = thread;
    let warmedUp!: () => void;
    warm = new Promise<void>((resolve) => (warmedUp = resolve));
    const ready = new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout;
      /** Ready or failed: from then on exits and errors are onExit's (a cut-off, a crash). */
      let settled = false;
      const deadline = (ms: number, doing: string): void => {
        clearTimeout(timer);
        timer = setTimeout(() => fail(new ClassifierUnavailableError(`the classifier thread did not ${doing} within ${ms} ms`)), ms);
      };
      const fail = (error: Error): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        thread.off('message', onStartMessage);
        if (worker === thread) worker = null;
        void thread.terminate();
        playbookFailed(error);
        reject(error);
      };
      const onStartMessage = (message: FromClassifier): void => {
        if (message.type === 'playbook') {
          playbook = message.playbook;
          playbookKnown(message.playbook);
        } else if (message.type === 'training') {
          // Training takes minutes, not the seconds a model file takes to load.
          deadline(trainTimeoutMs, 'train a model at start');
          options.onTraining?.(message.reason);
        } else if (message.type === 'ready') {
          settled = true;
          clearTimeout(timer);
          thread.off('message', onStartMessage);
          trainingExamples = message.trainingExamples;
          thresholds = message.thresholds;
          // A model trained at start is kept: a thread restarted after a cut-off does not train again.
          if (message.model) model = message.model;
          thread.on('message', (next: FromClassifier) => {
            if (next.type !== 'warm') return onMessage(next);
            warmedUp();
            firstWarm();
            pump();
          });
          resolve();
        } else if (message.type === 'failed') {
          fail(startError(message.name, message.message));
        } else {
          fail(new ClassifierUnavailableError(`unexpected message ${message.type} from a classifier thread that is starting`));
        }
      };
      deadline(startTimeoutMs, 'start');
      thread.on('message', onStartMessage);
      thread.once('error', (error) => fail(new ClassifierUnavailableError(`the classifier thread failed: ${error.message}`)));
      thread.once('exit', (code) =>
        fail(new ClassifierUnavailableError(`the classifier thread ended (exit code ${code}) before it was ready`)),
      );
    });
    // Awaited by the first start and by restart().
    ready.catch(() => undefined);
    thread.on('exit', () => onExit(thread));
    thread.on('error', () => undefined);
    return ready;
  }

  function onMessage(message: FromClassifier): void {
    if (message.type === 'model-ready') {
      modelSwap?.done();
      modelSwap = null;
      pump();
      return;
    }
    if (message.type !== 'diagnosis' && message.type !== 'error') return;
    if (!current || current.job.id !== message.id) return;
    const { job, timer } = current;
    clearTimeout(timer);
    current = null;
    if (message.type === 'diagnosis') job.resolve(message.diagnosis);
    else job.reject(Object.assign(new Error(message.message), { name: message.name }));
    pump();
  }

  function onExit(thread: Worker): void {
    if (thread !== worker || closed) return;
    // The thread died under a ticket (heap exhausted, native crash): that ticket is answered
    // unanalysed, like one over the time limit, and the others go on in a new thread.
    worker = null;
    if (current) {
      const { job, timer } = current;
      clearTimeout(timer);
      current = null;
      options.onCutOff?.('thread-died');
      options.log?.warn(
        { ticketId: String(job.ticket.id ?? '') },
        'the classifier thread ended while classifying a ticket; triaged as not analysed',
      );
      job.resolve(unanalysedDiagnosis(job.ticket, playbook, now(), 'text too large to analyse'));
    }
    restart();
  }

  function restart(): void {
    spawn().then(
      () => {
        if (broken) options.log?.warn({}, 'the classifier thread started again');
        broken = null;
        // A model sent to the thread that ended is sent again to the new one.
        if (modelSwap) modelSwap.sent = false;
        pump();
      },
      (error: Error) => {
        // Tickets fail fast (the worker retries them with back-off) while we try again later.
        broken = error;
        options.log?.error({ err: error, retryInMs: RESTART_RETRY_MS }, 'the classifier thread could not restart; trying again');
        for (const job of queue.splice(0)) job.reject(error);
        modelSwap?.fail(error);
        modelSwap = null;
        if (!closed) setTimeout(restart, RESTART_RETRY_MS).unref();
      },
    );
  }

  function pump(): void {
    if (closed || current || !worker || !warm) return;
    const thread = worker;
    void warm.then(
      () => {
        if (closed || current || thread !== worker) return;
        if (modelSwap) {
          if (!modelSwap.sent) {
            modelSwap.sent = true;
            thread.postMessage({ type: 'model', model: modelSwap.model } satisfies ToClassifier);
          }
          return;
        }
        const job = queue.shift();
        if (!job) return;
        const timer = setTimeout(() => {
          if (current?.job !== job) return;
          current = null;
          worker = null;
          void thread.terminate();
          options.onCutOff?.('time-limit');
          options.log?.warn(
            { ticketId: String(job.ticket.id ?? ''), timeLimitMs },
            'ticket text too complex to analyse within the time limit; triaged as other',
          );
          job.resolve(unanalysedDiagnosis(job.ticket, playbook, now(), TOO_COMPLEX_REASON));
          restart();
        }, timeLimitMs);
        current = { job, timer };
        thread.postMessage({ type: 'classify', id: job.id, ticket: job.ticket } satisfies ToClassifier);
      },
      () => undefined,
    );
  }

  const first = spawn().catch((error: Error) => {
    // Start-up failed: nothing will classify. Tickets already waiting fail with it.
    broken = error;
    for (const job of queue.splice(0)) job.reject(error);
    throw error;
  });
  first.catch(() => undefined);

  const triage: IsolatedTriage = {
    get playbook() {
      return playbook;
    },
    get trainingExamples() {
      return trainingExamples;
    },
    get thresholds() {
      return thresholds;
    },
    classify(ticket) {
      if (closed) return Promise.reject(new ClassifierUnavailableError('the classifier is closed'));
      if (broken) return Promise.reject(broken);
      return new Promise<Diagnosis>((resolve, reject) => {
        queue.push({ id: nextId++, ticket, resolve, reject });
        pump();
      });
    },
    retrain(extraExamples) {
      const run = retraining.then(async () => {
        if (closed) throw new ClassifierUnavailableError('the classifier is closed');
        const trained = await train(playbookPath, extraExamples, options.trainTimeoutMs ?? 600_000);
        if (closed) throw new ClassifierUnavailableError('the classifier is closed');
        model = trained.model;
        await new Promise<void>((resolve, reject) => {
          modelSwap = { model: trained.model, done: resolve, fail: reject, sent: false };
          if (!current) pump();
        });
        playbook = trained.model.playbook;
        trainingExamples = trained.trainingExamples;
        thresholds = { ...trained.model.model.thresholds, ...options.thresholdOverrides };
        return { trainingExamples };
      });
      retraining = run.catch(() => undefined);
      return run;
    },
    async close() {
      closed = true;
      if (current) clearTimeout(current.timer);
      const error = new ClassifierUnavailableError('the classifier is closed');
      for (const job of queue.splice(0)) job.reject(error);
      if (current) current.job.reject(error);
      current = null;
      modelSwap?.fail(error);
      modelSwap = null;
      const thread = worker;
      worker = null;
      if (thread) await thread.terminate();
    },
  };
  const warmAfterStart = first.then(() => anyThreadWarm);
  warmAfterStart.catch(() => undefined);
  return { triage, playbookRead, ready: first, warm: warmAfterStart };
}

/** Trains in a short-lived thread of its own; resolves with the model to send to the classifier. */
function train(
  playbookPath: string | null,
  extraExamples: TrainingTicket[],
  timeoutMs: number,
): Promise<{ model: ModelWithPlaybook; trainingExamples: number }> {
  return new Promise((resolve, reject) => {
    const data: TrainerThreadData = { module: TRAINER_MODULE, playbookPath, extraExamples };
    // Agents' corrections carry customers' text: the trainer gets a heap limit and a deadline too.
    const thread = new Worker(threadEntry(TRAINER_MODULE), { workerData: data, resourceLimits: { maxOldGenerationSizeMb: 1024 } });
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void thread.terminate();
      outcome();
    };
    const timer = setTimeout(() => settle(() => reject(new Error(`retraining took longer than ${timeoutMs} ms; gave up`))), timeoutMs);
    thread.once('message', (message: FromTrainer) =>
      settle(() =>
        message.type === 'trained'
          ? resolve({ model: message.model, trainingExamples: message.trainingExamples })
          : reject(new Error(`retraining failed: ${message.message}`)),
      ),
    );
    thread.once('error', (error) => settle(() => reject(new Error(`retraining failed: ${error.message}`))));
    thread.once('exit', (code) => settle(() => reject(new Error(`retraining thread ended (exit code ${code}) without a model`))));
  });
}

/**
 * The classifier on the calling thread, with no time limit: for the CLI's own files, tests
 * and benchmarks of the rest of the pipeline. The service uses startIsolatedTriage.
 */
export function inProcessTriageService(triage: { readonly playbook: Playbook; classify(ticket: TicketInput): Diagnosis }): TriageService {
  return {
    get playbook() {
      return triage.playbook;
    },
    classify: async (ticket) => triage.classify(ticket),
  };
}
