// Zendesk's side of the ZAF v2 protocol (the agent workspace that frames an app), as Zendesk's
// official SDK speaks it (zendesk/zendesk_app_framework_sdk lib/client.js, commit 956001b; see
// zaf-sdk-standin.ts for the client side). Browser code, shared by the sandbox's sidebar preview
// (sidebar-preview-page.ts) and the browser tests' host page (test/integration/app/zaf-host.ts),
// so both frame the app the same way.
//
// `ZafHost.start(options)` loads the app the way Zendesk loads one whose manifest has
// `"signedUrls": true`: a form POST of the iframe URL (with the ZAF `origin` and `app_guid` query
// parameters) whose field `token` is the RS256 JWT Zendesk signs with the app's key for the
// current user. It then answers the app's postMessages:
//   - `iframe.handshake` → `zaf.app.registered` with `options.context` and `options.metadata`;
//   - `get` → the paths of `options.data` (read at each call, so the caller may update it), an
//     `InvalidPathError` entry in `result.errors` for any other path;
//   - `invoke` → `resize` sets the frame's height; every call is recorded and passed to
//     `options.invoke(name, args)`, whose return value is the result;
//   - `request:<n>` (client.request) → `options.request(requestOptions)`, which answers like
//     Zendesk's proxy, `{ ok, status, statusText, text, json }`, sent back as
//     `zaf.request:<n>.done|.fail` with jqXHR-shaped `responseArgs`;
//   - `iframe.on:` / `iframe.off:` subscriptions are recorded; `__track__` and `session.live`
//     are accepted silently, as Zendesk does.
// Messages that are not JSON strings carrying the app's guid are counted in `state.malformed`
// and dropped. `emit(name, message)` sends an event (e.g. `ticket.tags.changed`) to the app.
//
// options: { frame: HTMLIFrameElement with a name, appUrl: string, appGuid: string,
//            token: string | null | Promise<string | null>, context: object, metadata: object,
//            data: object, invoke?: (name, args) => unknown, request: (options) => Promise<Response-like> }
// returns: { state: { registered, sdkVersion, posted, invocations, requests, subscriptions,
//            unsubscriptions, events, malformed? }, emit(name, message) }
export const ZAF_HOST_SCRIPT = `/* ZAF host (src/zendesk-sandbox/zaf-host.ts): Zendesk's side of the ZAF protocol for local use; not Zendesk's code. */
(function () {
  function start(options) {
    var frame = options.frame;
    var appUrl = new URL(options.appUrl, location.href);
    appUrl.searchParams.set('origin', location.origin);
    appUrl.searchParams.set('app_guid', options.appGuid);
    var appOrigin = appUrl.origin;
    var state = { registered: false, sdkVersion: null, posted: false, invocations: [], requests: 0, subscriptions: [], unsubscriptions: [], events: [] };

    function reply(data) { frame.contentWindow.postMessage(JSON.stringify(data), appOrigin); }
    function emit(name, message) { reply({ key: 'zaf.' + name, message: message }); }
    var unanswered = { ok: false, status: 0, statusText: 'error', text: '', json: null };

    window.addEventListener('message', function (event) {
      if (event.source !== frame.contentWindow || event.origin !== appOrigin) return;
      var msg = null;
      if (typeof event.data === 'string') { try { msg = JSON.parse(event.data); } catch (e) { msg = null; } }
      // The official SDK posts JSON strings, each with the app's guid.
      if (msg === null || typeof msg !== 'object' || msg.appGuid !== options.appGuid) { state.malformed = (state.malformed || 0) + 1; return; }
      if (msg.key === 'iframe.handshake') {
        state.registered = true;
        state.sdkVersion = msg.message && msg.message.version;
        reply({ key: 'zaf.app.registered', message: { context: options.context, metadata: options.metadata } });
        return;
      }
      if (msg.request === 'get') {
        var result = { errors: {} };
        msg.params.forEach(function (path) {
          if (Object.prototype.hasOwnProperty.call(options.data, path)) result[path] = options.data[path];
          else result.errors[path] = { name: 'InvalidPathError', message: 'is not a valid path', path: path };
        });
        reply({ id: msg.id, result: result });
        return;
      }
      if (msg.request === 'invoke') {
        var out = {};
        Object.keys(msg.params).forEach(function (name) {
          var args = msg.params[name];
          state.invocations.push({ name: name, args: args });
          if (name === 'resize' && args[0] && args[0].height) frame.style.height = args[0].height;
          var value = options.invoke ? options.invoke(name, args) : null;
          out[name] = value === undefined ? null : value;
        });
        reply({ id: msg.id, result: out });
        return;
      }
      if (typeof msg.key === 'string' && msg.key.indexOf('iframe.on:') === 0) { state.subscriptions.push(msg.key.slice(10)); return; }
      if (typeof msg.key === 'string' && msg.key.indexOf('iframe.off:') === 0) { state.unsubscriptions.push(msg.key.slice(11)); return; }
      // The real SDK also reports usage (__track__, session.live): Zendesk takes them silently.
      if (msg.key === '__track__' || msg.key === 'session.live') { state.events.push(msg.key); return; }
      if (typeof msg.key === 'string' && /^request:\\d{1,9}$/.test(msg.key)) {
        state.requests += 1;
        Promise.resolve()
          .then(function () { return options.request(msg.message); })
          .catch(function () { return unanswered; })
          .then(function (res) {
            var xhr = { status: res.status, statusText: res.statusText, responseText: res.text, responseJSON: res.json };
            if (res.ok) emit(msg.key + '.done', { responseArgs: [res.json !== null ? res.json : res.text, 'success', xhr] });
            else emit(msg.key + '.fail', { responseArgs: [xhr, 'error', res.statusText] });
          });
      }
    });

    // Signed URLs: Zendesk loads the iframe with a form POST carrying the token, not a GET.
    Promise.resolve(options.token).then(function (token) {
      var form = document.createElement('form');
      form.method = 'POST';
      form.action = appUrl.toString();
      form.target = frame.name;
      form.style.display = 'none';
      if (token !== null && token !== undefined) {
        var field = document.createElement('input');
        field.type = 'hidden';
        field.name = 'token';
        field.value = token;
        form.appendChild(field);
      }
      document.body.appendChild(form);
      form.submit();
      state.posted = true;
    });
    return { state: state, emit: emit };
  }
  window.ZafHost = { start: start };
})();
`;
