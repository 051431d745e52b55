import type { Logger } from '../observability/logger.js';
import type { ZendeskClientAuth } from '../zendesk/client.js';

export interface SandboxZendesk {
  url: string;
  auth: ZendeskClientAuth;
  /** The stand-in's installed sidebar app, whose key signs its signed-URL tokens. */
  appId: number;
  /** Creates the example sign-in tickets as customer submissions; installed triggers fire. Returns their ids. */
  seed(): number[];
  close(): Promise<void>;
}

/**
 * Sandbox mode (no Zendesk settings): the local Zendesk stand-in, in this process, empty until
 * `seed()`. Loaded lazily so a configured deployment never imports it.
 */
export async function startSandboxZendesk(deps: { log: Logger }): Promise<SandboxZendesk> {
  const { startZendeskSandbox, seedZendeskSandbox } = await import('../zendesk-sandbox/index.js');
  const sandbox = await startZendeskSandbox({ log: deps.log.child({ component: 'zendesk-stand-in' }) });
  deps.log.info({ url: sandbox.url }, 'Zendesk stand-in started');
  return {
    url: sandbox.url,
    auth: sandbox.auth,
    appId: sandbox.app.appId,
    seed: () => seedZendeskSandbox(sandbox).map((ticket) => ticket.id),
    close: () => sandbox.close(),
  };
}
