import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger } from './observability/logger.js';
import { PlaybookError } from './playbook/playbook-error.js';
import { withDevSecrets } from './runtime/dev-secrets.js';
import { launchClassifier } from './runtime/launch-classifier.js';
import { LocalRedisStartError, RedisServerMissingError } from './runtime/local-redis.js';
import { PortInUseError } from './runtime/port-check.js';
import { judgePublicUrl } from './runtime/public-url-policy.js';
import { ROLES, type Role } from './runtime/roles.js';
import { SandboxAlreadyRunningError } from './runtime/sandbox-state.js';
import { StaleModelError } from './triage/model-errors.js';

// Only what is needed to read the configuration and start the classifier thread is imported
// here: the service's other modules (express, BullMQ, ioredis, the worker…) load below, while
// the thread reads the playbook and the model file on the other core.

const USAGE = `Usage: npm start [-- --role all|api|worker]

  --role all     webhook receiver, sidebar API and worker in one process (default)
  --role api     HTTP only: webhooks, /app, /healthz, /readyz, /metrics, /admin/queues
  --role worker  the triage worker and the catch-up sweep

Configuration comes from environment variables (see README, "Configuration").`;

/** Local state when REDIS_URL or secrets are not set (development only). */
const DATA_DIR = resolve('.data');

function parseRole(argv: string[]): Role | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: { role: { type: 'string', default: 'all' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) return 'help';
  const role = values.role as Role;
  if (!ROLES.includes(role)) throw new TypeError(`--role must be one of ${ROLES.join(', ')} (got '${values.role}')`);
  return role;
}

async function main(argv: string[]): Promise<void> {
  let role: Role | 'help';
  try {
    role = parseRole(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (role === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  const secrets = withDevSecrets(process.env, DATA_DIR);
  let config: Config;
  try {
    config = loadConfig(secrets.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`signin-triage: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }

  const publicUrl = judgePublicUrl(config);
  if (publicUrl.action === 'refuse') {
    process.stderr.write(`signin-triage: ${publicUrl.message}\n`);
    process.exit(2);
  }

  const log = createLogger({ level: config.logLevel });
  for (const warning of config.warnings) log.warn(warning);
  if (publicUrl.action === 'warn') log.warn({ publicUrl: config.publicUrl }, publicUrl.message);
  if (secrets.filled.length > 0) {
    log.warn(
      { file: secrets.file, variables: secrets.filled },
      `${secrets.filled.join(' and ')} not set: using development values stored in ${secrets.file}. Set them in the environment for a real Zendesk account; NODE_ENV=production refuses to start without them.`,
    );
  }

  const classifier = launchClassifier({ config, log });
  const { RedisUnreachableError, startService } = await import('./runtime/start-service.js');
  let service: Awaited<ReturnType<typeof startService>>;
  try {
    service = await startService({ role, config, log, dataDir: DATA_DIR, classifier });
  } catch (error) {
    if (
      error instanceof StaleModelError ||
      error instanceof RedisServerMissingError ||
      error instanceof LocalRedisStartError ||
      error instanceof PortInUseError ||
      error instanceof SandboxAlreadyRunningError ||
      error instanceof PlaybookError ||
      error instanceof RedisUnreachableError
    ) {
      log.fatal(error.message);
    } else {
      log.fatal({ err: error }, 'start-up failed');
    }
    process.exit(1);
  }

  const stop = (signal: NodeJS.Signals) => {
    log.info({ signal }, 'signal received');
    void service.shutdown.run(signal, 0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  const crash = (kind: string) => (error: unknown) => {
    // Log, close what we can, exit non-zero: the supervisor restarts a clean process.
    log.fatal({ err: error }, kind);
    void service.shutdown.run(kind, 1);
  };
  process.on('uncaughtException', crash('uncaughtException'));
  process.on('unhandledRejection', crash('unhandledRejection'));
  log.info({ role, sandbox: service.sandbox, url: service.url }, 'signin-triage started');
}

await main(process.argv.slice(2));
