// Zendesk's side of the ZAF v2 protocol, as Zendesk's official SDK (zendesk/zendesk_app_framework_sdk
// lib/client.js, commit 956001b) speaks it, for tests in real Chromium. The app page loads the SDK
// from ZAF_SDK_URL; the tests route that URL to zaf-sdk-standin.ts (see there for what it covers). The host page owns the app iframe and loads it the way Zendesk
// loads an app whose manifest has `"signedUrls": true`: a form POST of the iframe URL (with the
// ZAF `origin` and `app_guid` query parameters) whose field `token` is the RS256 JWT Zendesk signs
// with the app's key for the current user (here: the stand-in's `signUrlToken`). It then answers
// the app's postMessages; `request` goes to `zafProxy` in Node, which, like Zendesk's request
// proxy for a non-secure request, just makes the HTTP call server-side (no CORS involved). The
// app has no secure setting and asks for no JWT, so there is nothing to substitute or sign.

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
 * The host page. Query: `app` (the manifest's iframe URL, without ZAF params), `state` (JSON
 * HostTicket), `settings` (JSON settings). Before loading the iframe it asks
 * `window.zafSignUrl()` (exposed by the test: the stand-in signs as Zendesk does) for the token;
 * null means the form is posted without one. Exposes `window.__zaf` for the test to read.
 */
export const HOST_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>ZAF host</title>
<style>body{margin:0;background:#f8f9f9;font-family:system-ui}#app{display:block;width:340px;border:0;background:#fff}</style>
</head><body>
<iframe id="app" name="app-frame" title="signin-triage"></iframe>
<script>
(function () {
  var params = new URLSearchParams(location.search);
  var state = JSON.parse(params.get('state'));
  var settings = JSON.parse(params.get('settings'));
  var appUrl = new URL(params.get('app'));
  appUrl.searchParams.set('origin', location.origin);
  appUrl.searchParams.set('app_guid', 'test-app-guid');
  var frame = document.getElementById('app');
  var appOrigin = appUrl.origin;
  var zaf = window.__zaf = { registered: false, sdkVersion: null, invocations: [], requests: 0, subscriptions: [], unsubscriptions: [], events: [] };

  function reply(data) { frame.contentWindow.postMessage(JSON.stringify(data), appOrigin); }
  // What Zendesk does when the open ticket changes (e.g. ticket.tags.changed): an event message.
  window.__zafEmit = function (name, message) { reply({ key: 'zaf.' + name, message: message }); };

  window.addEventListener('message', function (event) {
    if (event.source !== frame.contentWindow || event.origin !== appOrigin) return;
    var msg = typeof event.data === 'string' ? JSON.parse(event.data) : event.data;
    // The official SDK posts JSON strings, each with the app's guid.
    if (typeof event.data !== 'string' || msg.appGuid !== 'test-app-guid') { zaf.malformed = (zaf.malformed || 0) + 1; return; }
    if (msg.key === 'iframe.handshake') {
      zaf.registered = true;
      zaf.sdkVersion = msg.message && msg.message.version;
      reply({ key: 'zaf.app.registered', message: {
        context: { product: 'support', location: 'ticket_sidebar', ticketId: state['ticket.id'], instanceGuid: 'test-app-guid' },
        metadata: { appId: 0, installationId: 1, name: 'signin-triage', version: '0.1.0', settings: settings }
      } });
      return;
    }
    if (msg.request === 'get') {
      var result = { errors: {} };
      msg.params.forEach(function (path) {
        if (Object.prototype.hasOwnProperty.call(state, path)) result[path] = state[path];
        else result.errors[path] = { name: 'InvalidPathError', message: 'is not a valid path', path: path };
      });
      reply({ id: msg.id, result: result });
      return;
    }
    if (msg.request === 'invoke') {
      var out = {};
      Object.keys(msg.params).forEach(function (name) {
        var args = msg.params[name];
        zaf.invocations.push({ name: name, args: args });
        if (name === 'resize' && args[0] && args[0].height) frame.style.height = args[0].height;
        out[name] = null;
      });
      reply({ id: msg.id, result: out });
      return;
    }
    if (typeof msg.key === 'string' && msg.key.indexOf('iframe.on:') === 0) { zaf.subscriptions.push(msg.key.slice(10)); return; }
    if (typeof msg.key === 'string' && msg.key.indexOf('iframe.off:') === 0) { zaf.unsubscriptions.push(msg.key.slice(11)); return; }
    // The real SDK also reports usage (__track__, session.live): Zendesk takes them silently.
    if (msg.key === '__track__' || msg.key === 'session.live') { zaf.events.push(msg.key); return; }
    if (typeof msg.key === 'string' && /^request:\\d+$/.test(msg.key)) {
      zaf.requests += 1;
      window.zafProxy(msg.message).then(function (res) {
        var xhr = { status: res.status, statusText: res.statusText, responseText: res.text, responseJSON: res.json };
        if (res.ok) reply({ key: 'zaf.' + msg.key + '.done', message: { responseArgs: [res.json !== null ? res.json : res.text, 'success', xhr] } });
        else reply({ key: 'zaf.' + msg.key + '.fail', message: { responseArgs: [xhr, 'error', res.statusText] } });
      });
    }
  });
  // Signed URLs: Zendesk loads the iframe with a form POST carrying the token, not a GET.
  window.zafSignUrl().then(function (token) {
    var form = document.createElement('form');
    form.method = 'POST';
    form.action = appUrl.toString();
    form.target = 'app-frame';
    form.style.display = 'none';
    if (token !== null) {
      var field = document.createElement('input');
      field.type = 'hidden';
      field.name = 'token';
      field.value = token;
      form.appendChild(field);
    }
    document.body.appendChild(form);
    form.submit();
    zaf.posted = true;
  });
})();
</script>
</body></html>`;
