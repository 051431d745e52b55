// The browser tests' side of Zendesk: the host page (the shared ZAF host of
// src/zendesk-sandbox/zaf-host.ts, which the sandbox's sidebar preview uses too) and a stand-in of
// Zendesk's request proxy in Node. The app page loads the SDK from ZAF_SDK_URL; the tests route
// that URL to src/zendesk-sandbox/zaf-sdk-standin.ts (see there for what it covers). Like
// Zendesk's request proxy for a non-secure request, `zafProxy` just makes the HTTP call
// server-side (no CORS involved). The app has no secure setting and asks for no JWT, so there is
// nothing to substitute or sign.
import { ZAF_HOST_SCRIPT } from '../../../src/zendesk-sandbox/zaf-host.js';

/** Host page state: what `client.get` answers, by path. */
export interface HostTicket {
  'ticket.id': number | null;
  'ticket.requester': { id: number; name: string; email: string } | null;
  'currentUser.locale': string;
  'currentUser.id': number;
}

/** One `client.invoke` the app made, e.g. `{ name: 'ticket.editor.insert', args: ['<p>…'] }`. */
export interface Invocation {
  name: string;
  args: unknown[];
}

export interface ProxyRequest {
  url: string;
  type?: string;
  secure?: boolean;
  headers?: Record<string, string>;
  /** What the old app asked the proxy to sign; logged, never honoured. */
  jwt?: unknown;
  contentType?: string;
  data?: string;
}

export interface ProxyResponse {
  ok: boolean;
  status: number;
  statusText: string;
  text: string;
  json: unknown;
}

export interface ProxyLogEntry {
  method: string;
  url: string;
  authorization: string | undefined;
  /** Whether the app asked for a secure request or a proxy-signed JWT (it must not). */
  secure: boolean;
  jwt: boolean;
}

export interface ZafProxyOptions {
  /** Every request the proxy made, for assertions. */
  log?: ProxyLogEntry[];
}

export function createZafProxy(options: ZafProxyOptions = {}): (request: ProxyRequest) => Promise<ProxyResponse> {
  return async (request) => {
    const headers: Record<string, string> = { ...(request.headers ?? {}) };
    if (request.contentType) headers['Content-Type'] = request.contentType;
    options.log?.push({
      method: request.type ?? 'GET',
      url: request.url,
      authorization: headers.Authorization,
      secure: request.secure === true,
      jwt: request.jwt !== undefined,
    });
    let response: Response;
    try {
      response = await fetch(request.url, {
        method: request.type ?? 'GET',
        headers,
        ...(request.data !== undefined && request.type !== 'GET' ? { body: request.data } : {}),
        redirect: 'manual',
      });
    } catch {
      // What the SDK hands the app when nothing answered: a jqXHR with status 0.
      return { ok: false, status: 0, statusText: 'error', text: '', json: null };
    }
    const text = await response.text();
    let json: unknown = null;
    if ((response.headers.get('content-type') ?? '').includes('application/json')) {
      try {
        json = JSON.parse(text);
      } catch {
        json = null;
      }
    }
    return { ok: response.ok, status: response.status, statusText: response.statusText, text, json };
  };
}

/**
 * The host page: the shared ZAF host (src/zendesk-sandbox/zaf-host.ts, as the sandbox's sidebar
 * preview uses it) with the tests' wiring. Query: `app` (the manifest's iframe URL, without ZAF
 * params), `state` (JSON HostTicket), `settings` (JSON settings). The token comes from
 * `window.zafSignUrl()` (exposed by the test: the stand-in signs as Zendesk does; null means the
 * form is posted without one), `client.request` goes to `window.zafProxy` (createZafProxy, in
 * Node). Exposes `window.__zaf` (the host's state) and `window.__zafEmit` for the test.
 */
export const HOST_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>ZAF host</title>
<style>body{margin:0;background:#f8f9f9;font-family:system-ui}#app{display:block;width:340px;border:0;background:#fff}</style>
</head><body>
<iframe id="app" name="app-frame" title="signin-triage"></iframe>
<script>${ZAF_HOST_SCRIPT}</script>
<script>
(function () {
  var params = new URLSearchParams(location.search);
  var state = JSON.parse(params.get('state'));
  var host = window.ZafHost.start({
    frame: document.getElementById('app'),
    appUrl: params.get('app'),
    appGuid: 'test-app-guid',
    token: window.zafSignUrl(),
    context: { product: 'support', location: 'ticket_sidebar', ticketId: state['ticket.id'], instanceGuid: 'test-app-guid' },
    metadata: { appId: 0, installationId: 1, name: 'signin-triage', version: '0.1.0', settings: JSON.parse(params.get('settings')) },
    data: state,
    request: function (options) { return window.zafProxy(options); }
  });
  window.__zaf = host.state;
  window.__zafEmit = host.emit;
})();
</script>
</body></html>`;
