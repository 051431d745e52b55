import type { Config } from '../config.js';
import type { Logger } from '../observability/logger.js';
import { modelPathFor } from '../playbook/playbook-paths.js';
import { launchIsolatedTriage, type LaunchedTriage } from '../triage/threads/isolated-triage.js';

/** The classifier thread as start-up hands it around: started first, awaited where it is needed. */
export interface LaunchedClassifier extends LaunchedTriage {
  /** Set by the service once its metrics exist (a cut-off can only happen after `ready`). */
  events: { onCutOff?: (reason: 'time-limit' | 'thread-died') => void };
}

/**
 * Starts the classifier thread at once (main.ts calls it before loading the service's other
 * modules, so that the thread reads the playbook and the model while they load). With
 * NODE_ENV=production a missing or stale model file fails `ready` with StaleModelError (see
 * docs/operations.md, "Your own playbook"); otherwise the thread trains one and says so here.
 */
export function launchClassifier(deps: { config: Config; log: Logger }): LaunchedClassifier {
  const { config, log } = deps;
  const events: LaunchedClassifier['events'] = {};
  const playbookPath = config.playbookPath ?? undefined;
  const launched = launchIsolatedTriage({
    ...(playbookPath !== undefined ? { playbookPath } : {}),
    timeLimitMs: config.classifyTimeLimitMs,
    thresholdOverrides: config.thresholdOverrides,
    // Production does not train at start: minutes of CPU on every replica and every restart,
    // with /readyz at 503 all along, and a model nobody evaluated. It says what to run instead.
    whenStale: config.nodeEnv === 'production' ? 'refuse' : 'train',
    onTraining: (reason) =>
      log.warn(
        { playbook: playbookPath ?? 'shipped', modelPath: modelPathFor(playbookPath), reason },
        `${reason}; training a model now, in the classifier thread (a minute or more; /readyz answers 503 "starting" until it is done; in production the service refuses to start instead)`,
      ),
    onCutOff: (reason) => events.onCutOff?.(reason),
    log: log.child({ component: 'classifier' }),
  });
  return { ...launched, events };
}
