// The part of the ZAF v2 client (Zendesk's SDK, loaded from static.zdassets.com/zendesk_app_framework_sdk/2.0)
// that this app uses. The SDK ships no types, so these are written from lib/client.js.

export interface ZafRequestOptions {
  url: string;
  type: 'GET' | 'POST';
  /** Secure requests substitute secure settings; this app has none (its session token comes from the signed URL). */
  secure: boolean;
  headers?: Record<string, string>;
  contentType?: string;
  data?: string;
  dataType?: 'json' | 'text';
  cors?: boolean;
}

/** What a failed `client.request` rejects with (a serialised jqXHR). */
export interface ZafRequestFailure {
  status?: number;
  statusText?: string;
  responseText?: string;
  responseJSON?: unknown;
}

export interface ZafClient {
  get(paths: string | string[]): Promise<Record<string, unknown>>;
  invoke(name: string, ...args: unknown[]): Promise<unknown>;
  request(options: ZafRequestOptions): Promise<unknown>;
  metadata(): Promise<{ settings?: Record<string, unknown> }>;
  on(event: string, handler: (data: unknown) => void): void;
}

interface ZafGlobal {
  init(callback?: (context: unknown) => void): ZafClient | false;
}

/** The client, or null when the page is not inside Zendesk (no origin/app_guid in the URL). */
export function initZafClient(): ZafClient | null {
  const global = (window as unknown as { ZAFClient?: ZafGlobal }).ZAFClient;
  if (!global) return null;
  const client = global.init();
  return client === false ? null : client;
}
