import { ZAF_HOST_SCRIPT } from './zaf-host.js';

/** A ticket of the list on the left: `issueTag` is our `signin_issue_*` tag once triaged. */
export interface PreviewTicketSummary {
  id: number;
  subject: string;
  status: string;
  issueTag: string | null;
}

export interface PreviewComment {
  author: string;
  /** An internal note (Zendesk's `public: false`), such as ours. */
  internal: boolean;
  /** ISO time. */
  createdAt: string;
  /** The comment's `html_body`, shown through the page's element allow-list (never as markup). */
  html: string;
}

/** The open ticket as the agent workspace shows it, and what ZAF's `ticket.*` paths answer. */
export interface PreviewTicket {
  id: number;
  subject: string;
  status: string;
  requester: { id: number; name: string; email: string | null } | null;
  tags: string[];
  comments: PreviewComment[];
}

/** What `GET /sandbox/workspace.json` answers, and what the page starts from. */
export interface PreviewWorkspace {
  tickets: PreviewTicketSummary[];
  /** null: no ticket of that id in the stand-in. */
  ticket: PreviewTicket | null;
}

/** Everything the page's script needs; the token is minted for this page load only. */
export interface PreviewPageData {
  workspace: PreviewWorkspace;
  /** The ticket id asked for (to say which one is missing). */
  ticketId: number | null;
  /** `workspace.json` with this ticket, polled for tag and comment changes. */
  workspaceUrl: string;
  /** The manifest's sidebar location on this server (`/app/sidebar`). */
  appUrl: string;
  /** The signed-URL token the stand-in signed with the app's key for `agent`; null without a ticket. */
  token: string | null;
  agent: { id: number; name: string; locale: string };
  app: { appId: number; installationId: number; name: string };
}

/**
 * The sidebar preview: a page in the place of Zendesk's agent workspace (the ticket list, the
 * open ticket with its tags and comments, a reply box) beside the real sidebar app in an
 * iframe, which the shared ZAF host (zaf-host.ts) loads with a signed URL and answers. Pure:
 * data in, HTML out. Everything shown is written by the script with textContent, from a data
 * island that escapes `<` (ticket text is the customer's); scripts and style run under `nonce`.
 */
export function renderPreviewPage(data: PreviewPageData, nonce: string): string {
  const island = JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>signin-triage sidebar preview (sandbox)</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<header>
  <strong>signin-triage · sidebar preview</strong>
  <span>Sandbox: the local Zendesk stand-in plays the agent workspace and loads the real sidebar app as Zendesk does (signed URL, ZAF protocol, a local stand-in of the ZAF SDK). Not Zendesk.</span>
</header>
<div class="layout">
  <nav aria-label="Stand-in tickets"><h2>Tickets</h2><ul id="tickets"></ul></nav>
  <main id="ticket" aria-live="polite"></main>
  <aside aria-label="Apps"><iframe id="sidebar" name="sidebar-frame" title="signin-triage sidebar app"></iframe></aside>
</div>
<script type="application/json" id="preview-data">${island}</script>
<script nonce="${nonce}">${ZAF_HOST_SCRIPT}</script>
<script nonce="${nonce}">${PAGE_SCRIPT}</script>
</body>
</html>
`;
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#2f3941;background:#f8f9f9}
header{display:flex;gap:16px;align-items:baseline;padding:10px 16px;background:#03363d;color:#fff}
header span{font-size:12px;opacity:.85}
.layout{display:grid;grid-template-columns:260px minmax(320px,1fr) 360px;gap:16px;padding:16px;align-items:start}
nav,main,aside{background:#fff;border:1px solid #d8dcde;border-radius:4px}
nav h2{font-size:13px;margin:0;padding:10px 12px;border-bottom:1px solid #d8dcde}
nav ul{list-style:none;margin:0;padding:0}
nav a{display:block;padding:8px 12px;color:inherit;text-decoration:none;border-bottom:1px solid #e9ebed}
nav a[aria-current="page"]{background:#edf7ff;box-shadow:inset 3px 0 #1f73b7}
nav .id{color:#68737d;font-size:12px}
nav .issue{display:block;font-size:11px;color:#1f73b7}
main{padding:16px}
main h1{font-size:18px;margin:0 0 4px}
.meta{color:#68737d;font-size:12px;margin:0 0 8px}
.tags{display:flex;flex-wrap:wrap;gap:4px;list-style:none;padding:0;margin:0 0 16px}
.tags li{background:#e9ebed;border-radius:2px;padding:1px 6px;font-size:12px}
.comment{border-top:1px solid #e9ebed;padding:10px 0}
.comment.internal{background:#fff8ed;border-left:3px solid #ffb057;padding:10px}
.comment .head{font-size:12px;color:#68737d;margin-bottom:4px}
.comment .badge{font-weight:600;color:#ad5918;margin-left:6px}
.comment .text p{margin:0 0 8px}
#reply-label{font-size:14px;margin:16px 0 4px}
#reply{min-height:140px;padding:8px;border:1px solid #d8dcde;border-radius:4px}
#reply p{margin:0 0 8px}
aside{padding:0}
#sidebar{display:block;width:100%;height:480px;border:0}
`;

// The agent workspace's script: renders the list and the ticket, starts the ZAF host for the
// sidebar, proxies the app's client.request calls to this server (same origin only: the app's
// server_url is this page's origin), puts what `ticket.editor.insert` inserts into the reply box, and
// polls the stand-in so a tag or comment change (a re-run, a correction) shows here and reaches
// the app as Zendesk's `ticket.tags.changed` / `ticket.comments.changed` events.
const PAGE_SCRIPT = `(function () {
  var config = JSON.parse(document.getElementById('preview-data').textContent);
  var list = document.getElementById('tickets');
  var pane = document.getElementById('ticket');
  var frame = document.getElementById('sidebar');

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    (children || []).forEach(function (child) { node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child); });
    return node;
  }

  function renderList(tickets) {
    list.replaceChildren.apply(list, tickets.map(function (t) {
      var attrs = { href: '?ticket=' + t.id };
      if (t.id === config.ticketId) attrs['aria-current'] = 'page';
      var children = [el('span', { class: 'id' }, ['#' + t.id + ' ']), t.subject || '(no subject)'];
      if (t.issueTag) children.push(el('span', { class: 'issue' }, [t.issueTag]));
      return el('li', {}, [el('a', attrs, children)]);
    }));
  }

  var title = el('h1', {});
  var meta = el('p', { class: 'meta' });
  var tags = el('ul', { class: 'tags', id: 'tags', 'aria-label': 'Tags' });
  var conversation = el('div', { id: 'conversation' });
  var reply = el('div', { id: 'reply', contenteditable: 'true', role: 'textbox', 'aria-multiline': 'true', 'aria-labelledby': 'reply-label' });
  function renderTicket(ticket) {
    if (ticket === null) {
      pane.replaceChildren(el('h1', {}, [config.ticketId === null ? 'The stand-in has no tickets yet' : 'No ticket ' + config.ticketId + ' in the stand-in']), el('p', {}, ['Pick one on the left.']));
      return;
    }
    if (!pane.contains(reply)) {
      pane.replaceChildren(title, meta, tags, conversation, el('h2', { id: 'reply-label' }, ['Reply (the sidebar’s “Insert request” adds to it)']), reply);
    }
    var requester = ticket.requester ? ticket.requester.name + (ticket.requester.email ? ' <' + ticket.requester.email + '>' : '') : 'unknown requester';
    title.textContent = '#' + ticket.id + ' ' + (ticket.subject || '(no subject)');
    meta.textContent = ticket.status + ' · ' + requester;
    tags.replaceChildren.apply(tags, ticket.tags.map(function (tag) { return el('li', {}, [tag]); }));
    conversation.replaceChildren.apply(conversation, ticket.comments.map(function (c) {
      var head = el('div', { class: 'head' }, [c.author + ' · ' + c.createdAt.slice(0, 16).replace('T', ' ') + ' UTC']);
      if (c.internal) head.appendChild(el('span', { class: 'badge' }, ['Internal note']));
      var body = el('div', { class: 'text' });
      body.appendChild(safeHtml(c.html));
      return el('article', { class: c.internal ? 'comment internal' : 'comment' }, [head, body]);
    }));
  }

  /**
   * Comment or inserted HTML as Zendesk shows it, rebuilt from an allow-list of elements without
   * attributes: parsed inert (DOMParser loads and runs nothing), scripts and styles dropped, images named.
   */
  var KEEP = ['P', 'BR', 'DIV', 'SPAN', 'UL', 'OL', 'LI', 'STRONG', 'B', 'EM', 'I', 'CODE', 'PRE', 'BLOCKQUOTE', 'H1', 'H2', 'H3', 'H4', 'HR', 'SMALL'];
  var DROP = ['SCRIPT', 'STYLE', 'TEMPLATE', 'IFRAME', 'OBJECT', 'EMBED', 'NOSCRIPT', 'HEAD', 'TITLE'];
  function safeHtml(html) {
    var out = document.createDocumentFragment();
    function copy(from, to) {
      Array.prototype.forEach.call(from.childNodes, function (node) {
        if (node.nodeType === 3) to.appendChild(document.createTextNode(node.data));
        if (node.nodeType !== 1 || DROP.indexOf(node.tagName) !== -1) return;
        if (node.tagName === 'IMG') { to.appendChild(el('em', {}, ['[image: ' + (node.getAttribute('alt') || 'no name') + ']'])); return; }
        if (KEEP.indexOf(node.tagName) === -1) { copy(node, to); return; }
        var kept = document.createElement(node.tagName);
        copy(node, kept);
        to.appendChild(kept);
      });
    }
    copy(new DOMParser().parseFromString(String(html), 'text/html').body, out);
    return out;
  }

  /** Zendesk's request proxy, for this server only: the app's server_url is this page's origin. */
  function proxy(options) {
    var unanswered = { ok: false, status: 0, statusText: 'error', text: '', json: null };
    var url = new URL(options.url, location.href);
    if (url.origin !== location.origin) return Promise.resolve(unanswered);
    var headers = Object.assign({}, options.headers || {});
    if (options.contentType) headers['Content-Type'] = options.contentType;
    var method = options.type || 'GET';
    return fetch(url, { method: method, headers: headers, body: method === 'GET' ? undefined : options.data, credentials: 'omit', cache: 'no-store', redirect: 'manual' })
      .then(function (res) {
        return res.text().then(function (text) {
          var json = null;
          if ((res.headers.get('content-type') || '').indexOf('application/json') !== -1) { try { json = JSON.parse(text); } catch (e) { json = null; } }
          return { ok: res.ok, status: res.status, statusText: res.statusText, text: text, json: json };
        });
      })
      .catch(function () { return unanswered; });
  }

  var workspace = config.workspace;
  renderList(workspace.tickets);
  renderTicket(workspace.ticket);
  var ticket = workspace.ticket;
  if (ticket === null) return;

  var data = {
    'ticket.id': ticket.id,
    'ticket.subject': ticket.subject,
    'ticket.status': ticket.status,
    'ticket.tags': ticket.tags,
    'ticket.requester': ticket.requester,
    'currentUser.id': config.agent.id,
    'currentUser.name': config.agent.name,
    'currentUser.locale': config.agent.locale
  };
  var guid = 'sandbox-' + config.app.appId + '-' + ticket.id;
  var host = window.ZafHost.start({
    frame: frame,
    appUrl: config.appUrl,
    appGuid: guid,
    token: config.token,
    context: { product: 'support', location: 'ticket_sidebar', ticketId: ticket.id, instanceGuid: guid },
    metadata: { appId: config.app.appId, installationId: config.app.installationId, name: config.app.name, version: 'sandbox', settings: { server_url: location.origin, title: config.app.name } },
    data: data,
    invoke: function (name, args) {
      if (name !== 'ticket.editor.insert') return null;
      reply.appendChild(safeHtml(args[0]));
      return null;
    },
    request: proxy
  });
  window.__zaf = host.state;

  // The worker writes in the background: show its tags and notes, and tell the app as Zendesk does.
  setInterval(function () {
    fetch(config.workspaceUrl, { cache: 'no-store', credentials: 'omit' })
      .then(function (res) { return res.ok ? res.json() : null; })
      .then(function (next) {
        if (next === null || next.ticket === null) return;
        var tagsChanged = JSON.stringify(next.ticket.tags) !== JSON.stringify(ticket.tags);
        var commentsChanged = next.ticket.comments.length !== ticket.comments.length;
        renderList(next.tickets);
        if (!tagsChanged && !commentsChanged) return;
        ticket = next.ticket;
        data['ticket.tags'] = ticket.tags;
        data['ticket.status'] = ticket.status;
        renderTicket(ticket);
        if (tagsChanged) host.emit('ticket.tags.changed', ticket.tags);
        if (commentsChanged) host.emit('ticket.comments.changed', null);
      })
      .catch(function () { /* the service stopped: keep what is shown */ });
  }, 2000);
})();
`;
