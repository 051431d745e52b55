// A stand-in of Zendesk's official ZAF SDK (https://static.zdassets.com/…/2.0/zaf_sdk.min.js),
// for where Zendesk's build cannot be had: the browser tests route that URL here (only npm and
// Debian are reachable on the test machines, and the npm package `zendesk_app_framework_sdk` is an
// old third-party republish), and the sandbox's sidebar preview (sidebar-preview.ts) serves it
// at SANDBOX_ZAF_SDK_PATH so the preview works offline. A configured deployment never serves it:
// the sidebar page then loads Zendesk's own build (src/server/zaf-sdk.ts).
//
// It is our own code, written to speak the wire protocol of Zendesk's official SDK as read in
// zendesk/zendesk_app_framework_sdk lib/index.js and lib/client.js (commit 956001b, 2026):
//   - `ZAFClient.init(cb?)` reads `origin` and `app_guid` from the query or the hash; without
//     both it returns false. An origin outside Zendesk's list (localhost/127.0.0.1 and
//     *.zendesk.com among them) replaces the page with "Invalid domain <origin>".
//   - Every message is a JSON string posted to window.parent for the `origin` parameter.
//     Events: `{ key, message, appGuid, instanceGuid }`; the first is `iframe.handshake` with
//     `{ version }`, sent at once; the others wait until `zaf.app.registered` arrives.
//   - get/set/invoke: `{ id, request: 'get'|'set'|'invoke', params, appGuid, instanceGuid }`;
//     the host answers `{ id, result }` or `{ id, error: { name, message, path? } }`. A single
//     path's entry in `result.errors` rejects. Promises time out after 5 minutes
//     (PROMISE_TIMEOUT_LONG), not the 5 s of the npm republish.
//   - `on(name)` posts `iframe.on:<name>` with `{ subscriberCount }` (not for app.registered);
//     `off` posts `iframe.off:<name>`; host events arrive as `{ key: 'zaf.<name>', message }`.
//   - `request(options)` posts key `request:<n>` with the options; the host answers with the
//     events `zaf.request:<n>.done` / `.fail` whose message is `{ responseArgs: [...] }`, applied
//     to resolve/reject.
//   - `metadata()` / `context()` resolve with what app.registered carried.
// Not reproduced: usage tracking (`__track__`, `track` invocations on clicks), idle-state
// `session.live` pings, multiple instances (`instance()`), `needsReply` events. The live-account
// check in app/README.md covers what only the real SDK can show.
export const ZAF_SDK_STANDIN_VERSION = '2.0.0-standin';

export const ZAF_SDK_STANDIN = `/* ZAF SDK stand-in (src/zendesk-sandbox/zaf-sdk-standin.ts) for tests and the sandbox's sidebar preview; not Zendesk's code. */
(function () {
  var TIMEOUT_MS = 5 * 60 * 1000;
  var VALID_ORIGINS = [/^https?:\\/\\/127\\.0\\.0\\.1(:\\d+)?$/, /^https?:\\/\\/localhost(:\\d+)?$/, /^https:\\/\\/.+\\.zendesk\\.com$/];
  var ids = { promise: 0, request: 0 };
  var pending = {};

  function params(text) {
    var out = {};
    new URLSearchParams(text.replace(/^[?#]/, '')).forEach(function (value, key) { out[key] = value; });
    return out;
  }

  function toError(error) {
    var err = new Error(error.path ? '"' + error.path + '" ' + error.message : error.message);
    err.name = error.name;
    return err;
  }

  function Client(origin, appGuid) {
    var self = this;
    this._origin = origin;
    this._appGuid = appGuid;
    this._instanceGuid = appGuid;
    this._handlers = {};
    this._metadata = null;
    this._context = null;
    this.ready = false;
    if (!VALID_ORIGINS.some(function (re) { return re.test(origin); })) {
      document.body = document.createElement('body');
      var h3 = document.createElement('h3');
      h3.textContent = 'Invalid domain ' + origin;
      document.body.appendChild(h3);
    }
    this.on('app.registered', function (data) {
      self.ready = true;
      self._metadata = data.metadata;
      self._context = data.context;
    });
    this.on('context.updated', function (context) { self._context = context; });
    window.addEventListener('message', function (event) {
      if (event.origin !== self._origin || event.source !== window.parent || !event.data) return;
      var data = event.data;
      if (typeof data === 'string') { try { data = JSON.parse(data); } catch (e) { return; } }
      var waiting = data.id && pending[data.id];
      if (waiting) {
        if (data.error) waiting.reject(data.error.name ? toError(data.error) : data.error);
        else waiting.resolve(data.result);
      } else if (typeof data.key === 'string' && data.key.indexOf('zaf.') === 0) {
        var name = data.key.slice(4);
        (self._handlers[name] || []).slice().forEach(function (handler) { handler(data.message); });
      }
    });
    this.postMessage('iframe.handshake', { version: '${ZAF_SDK_STANDIN_VERSION}' });
  }

  Client.prototype._raw = function (text, force) {
    var self = this;
    if (this.ready || force) window.parent.postMessage(text, this._origin);
    else this.on('app.registered', function () { window.parent.postMessage(text, self._origin); });
  };
  Client.prototype.postMessage = function (name, data) {
    this._raw(JSON.stringify({ key: name, message: data, appGuid: this._appGuid, instanceGuid: this._instanceGuid }), name === 'iframe.handshake');
  };
  Client.prototype.on = function (name, handler) {
    if (typeof handler !== 'function') return;
    (this._handlers[name] = this._handlers[name] || []).push(handler);
    if (name !== 'app.registered') this.postMessage('iframe.on:' + name, { subscriberCount: this._handlers[name].length });
  };
  Client.prototype.off = function (name, handler) {
    var list = this._handlers[name];
    if (!list) return false;
    var index = list.indexOf(handler);
    if (index !== -1) list.splice(index, 1);
    this.postMessage('iframe.off:' + name, { subscriberCount: list.length });
    return handler;
  };
  Client.prototype.has = function (name, handler) { return (this._handlers[name] || []).indexOf(handler) !== -1; };
  Client.prototype.trigger = function (name, data) { this.postMessage('iframe.trigger:' + name, data); };
  Client.prototype._call = function (request, callParams, single) {
    var self = this;
    var id = ++ids.promise;
    return new Promise(function (resolve, reject) {
      var timer = setTimeout(function () { delete pending[id]; reject(new Error('Invocation request timeout')); }, TIMEOUT_MS);
      pending[id] = {
        resolve: function (value) { clearTimeout(timer); delete pending[id]; resolve(value); },
        reject: function (error) { clearTimeout(timer); delete pending[id]; reject(error); }
      };
      self._raw(JSON.stringify({ id: id, request: request, params: callParams, appGuid: self._appGuid, instanceGuid: self._instanceGuid }));
    }).then(function (result) {
      var error = typeof single === 'string' && result && result.errors && result.errors[single];
      if (error) throw toError(error);
      return result;
    });
  };
  Client.prototype.get = function (path) {
    var paths = Array.isArray(path) ? path : [path];
    if (arguments.length > 1 || paths.some(function (p) { return typeof p !== 'string'; })) throw new Error('The get method accepts a string or array of strings.');
    return this._call('get', paths, path);
  };
  Client.prototype.set = function (key, value) {
    var obj = key;
    if (typeof key === 'string') {
      if (arguments.length === 1) throw new Error('The setter requires a value');
      obj = {};
      obj[key] = value;
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new Error('The set method accepts a key and value pair, or an object of key and value pairs.');
    return this._call('set', obj, key);
  };
  Client.prototype.invoke = function (keyOrObject) {
    var obj = {};
    if (typeof keyOrObject === 'string') obj[keyOrObject] = Array.prototype.slice.call(arguments, 1);
    else if (typeof keyOrObject === 'object' && keyOrObject !== null) {
      Object.keys(keyOrObject).forEach(function (key) {
        var args = keyOrObject[key];
        if (!Array.isArray(args) || args.some(function (a) { return typeof a !== 'string'; })) throw new Error('Invoke supports string arguments or an object with array of strings.');
      });
      obj = keyOrObject;
    } else throw new Error('Invoke supports string arguments or an object with array of strings.');
    return this._call('invoke', obj, keyOrObject);
  };
  Client.prototype.request = function (options) {
    var self = this;
    var key = 'request:' + (++ids.request);
    if (typeof options === 'string') options = { url: options };
    return new Promise(function (resolve, reject) {
      function done(evt) { self.off(key + '.fail', fail); self.off(key + '.done', done); resolve.apply(null, evt.responseArgs); }
      function fail(evt) { self.off(key + '.fail', fail); self.off(key + '.done', done); reject.apply(null, evt.responseArgs); }
      self.on(key + '.done', done);
      self.on(key + '.fail', fail);
      self.postMessage(key, options);
    });
  };
  Client.prototype.metadata = function () {
    var self = this;
    return new Promise(function (resolve) {
      if (self._metadata) resolve(self._metadata);
      else self.on('app.registered', function () { resolve(self._metadata); });
    });
  };
  Client.prototype.context = function () {
    var self = this;
    if (this._context) return Promise.resolve(this._context);
    return new Promise(function (resolve) { self.on('app.registered', function (data) { resolve(data.context); }); });
  };

  window.ZAFClient = {
    init: function (callback, loc) {
      loc = loc || window.location;
      var query = params(loc.search);
      var hash = params(loc.hash);
      var origin = query.origin || hash.origin;
      var appGuid = query.app_guid || hash.app_guid;
      if (!origin || !appGuid) return false;
      var client = new Client(origin, appGuid);
      if (typeof callback === 'function') client.on('app.registered', callback.bind(client));
      return client;
    }
  };
})();
`;
