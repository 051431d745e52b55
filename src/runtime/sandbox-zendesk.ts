import type { RequestHandler } from 'express';
import type { Logger } from '../observability/logger.js';
import type { ZendeskClientAuth } from '../zendesk/client.js';

export interface SandboxZendesk {
  url: string;
  auth: ZendeskClientAuth;
  /** The stand-in's installed sidebar app, whose key signs its signed-URL tokens. */
  appId: number;
  /** The stand-in's agent workspace for the sidebar (zendesk-sandbox/sidebar-preview.ts), for the api role. */
  sidebarPreview: {
    /** Where the router is mounted (`/sandbox`). */
    path: string;
    router: RequestHandler;
    /** Same-origin path of the ZAF SDK stand-in, which the sidebar page loads in sandbox mode. */
    zafSdkPath: string;
    /** The preview's link for a ticket, e.g. `http://127.0.0.1:3000/sandbox/sidebar?ticket=1001`. */
    link(serviceUrl: string, ticketId: number): string;
  };
  /** Creates the example sign-in tickets as customer submissions; installed triggers fire. Returns their ids. */
  seed(): number[];
  close(): Promise<void>;
}

/**
 * Sandbox mode (no Zendesk settings): the local Zendesk stand-in, in this process, empty until
 * `seed()`, with its sidebar preview. Loaded lazily so a configured deployment never imports it.
 */
export async function startSandboxZendesk(deps: { log: Logger }): Promise<SandboxZendesk> {
  const { startZendeskSandbox, seedZendeskSandbox } = await import('../zendesk-sandbox/index.js');
  const preview = await import('../zendesk-sandbox/sidebar-preview.js');
  const sandbox = await startZendeskSandbox({ log: deps.log.child({ component: 'zendesk-stand-in' }) });
  deps.log.info({ url: sandbox.url }, 'Zendesk stand-in started');
  return {
    url: sandbox.url,
    auth: sandbox.auth,
    appId: sandbox.app.appId,
    sidebarPreview: {
      path: preview.SANDBOX_PATH,
      router: preview.createSidebarPreviewRouter({ standIn: sandbox }),
      zafSdkPath: preview.SANDBOX_ZAF_SDK_PATH,
      link: preview.sidebarPreviewUrl,
    },
    seed: () => seedZendeskSandbox(sandbox).map((ticket) => ticket.id),
    close: () => sandbox.close(),
  };
}
