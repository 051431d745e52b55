import type { Logger } from '../observability/logger.js';
import { withTimeout } from '../util/with-timeout.js';

export interface ShutdownStep {
  name: string;
  run: () => Promise<void> | void;
  /** This step's own budget, in milliseconds. @defaultValue 5000 */
  timeoutMs?: number;
}

export interface Shutdown {
  /** Steps run in the order added. */
  add(step: ShutdownStep): void;
  /**
   * Runs every step once, even if some fail or time out, then calls `exit(code)`. Later calls
   * (a second signal) get the same promise; the first exit code wins.
   */
  run(reason: string, exitCode?: number): Promise<void>;
  readonly started: boolean;
}

/**
 * Idempotent, bounded shutdown. A hard deadline (sum of step budgets + 1 s) forces the exit
 * if a step ignores its own timeout, so a supervisor never waits for ever.
 */
export function createShutdown(deps: { log: Logger; exit?: (code: number) => void }): Shutdown {
  const exit = deps.exit ?? ((code: number) => process.exit(code));
  const steps: ShutdownStep[] = [];
  let running: Promise<void> | null = null;

  return {
    add(step) {
      steps.push(step);
    },
    get started() {
      return running !== null;
    },
    run(reason, exitCode = 0) {
      if (running) return running;
      running = (async () => {
        const budgetMs = steps.reduce((sum, step) => sum + (step.timeoutMs ?? 5000), 0) + 1000;
        const hardStop = setTimeout(() => {
          deps.log.fatal({ budgetMs }, 'shutdown exceeded its budget; exiting now');
          exit(exitCode === 0 ? 1 : exitCode);
        }, budgetMs);
        hardStop.unref();
        deps.log.info({ reason }, 'shutting down');
        let failed = false;
        for (const step of steps) {
          const timeoutMs = step.timeoutMs ?? 5000;
          try {
            await withTimeout(Promise.resolve().then(step.run), timeoutMs, `${step.name} did not finish within ${timeoutMs} ms`);
            deps.log.debug({ step: step.name }, 'shutdown step done');
          } catch (error) {
            failed = true;
            deps.log.error({ err: error, step: step.name }, 'shutdown step failed; continuing');
          }
        }
        clearTimeout(hardStop);
        deps.log.info({ reason, failed }, 'shutdown complete');
        exit(exitCode);
      })();
      return running;
    },
  };
}
