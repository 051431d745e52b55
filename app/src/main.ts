// Entry point of the ticket sidebar: wires ZAF, our server and the view together.
import de from '../translations/de.json';
import en from '../translations/en.json';
import es from '../translations/es.json';
import fr from '../translations/fr.json';
import it from '../translations/it.json';
import { ApiError, createApiClient, type ApiClient } from './api-client.js';
import { createTranslator, pickLocale, type Catalog, type Translate } from './i18n.js';
import { renderPanel, type PanelHandlers, type PanelUiState } from './render.js';
import {
  failureView,
  loadingView,
  newTicketView,
  panelView,
  type ActionId,
  type DiagnosisResponse,
  type InsertView,
  type PanelView,
} from './view-model.js';
import { initZafClient, type ZafClient } from './zaf.js';

/** The five languages tickets are triaged in (the playbook's). */
const CATALOGS: Record<string, Catalog> = { en, fr, de, es, it };
/** After a re-run, how often and how long we look for the new diagnosis. */
const POLL_INTERVAL_MS = 3_000;
const POLL_ATTEMPTS = 20;
/**
 * The worker updates tickets in the background (a customer's reply, a re-run by macro). ZAF's
 * documented change events (`ticket.tags.changed`, `ticket.comments.changed`, `ticket.updated`;
 * zendesk-platform.md §4.2) tell the open sidebar; it re-reads the diagnosis after a short
 * pause (the diagnosis is stored just before the write that fires the event), and every
 * `BACKGROUND_REFRESH_MS` in case an event is not delivered.
 */
const CHANGE_EVENTS = ['ticket.tags.changed', 'ticket.comments.changed', 'ticket.updated'];
const CHANGE_SETTLE_MS = 1_500;
/**
 * An agent's public reply is read by the worker in the background (the `agent_reply` trigger:
 * the confirm questions it sent stop being offered); that takes longer than CHANGE_SETTLE_MS,
 * so the sidebar looks once more after this.
 */
const CHANGE_FOLLOW_UP_MS = 10_000;
const BACKGROUND_REFRESH_MS = 60_000;

interface Context {
  zaf: ZafClient;
  api: ApiClient;
  t: Translate;
  serverUrl: string;
  requesterName: string | null;
  formatDate: (iso: string) => string;
}

const root = document.getElementById('panel') as HTMLElement;
const status = document.getElementById('status') as HTMLElement;

function announce(text: string): void {
  // Clearing first makes screen readers repeat a message that did not change.
  status.textContent = '';
  window.setTimeout(() => {
    status.textContent = text;
  }, 50);
}

function autoResize(zaf: ZafClient): void {
  let last = 0;
  const resize = () => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    void zaf.invoke('resize', { width: '100%', height: `${height}px` });
  };
  new ResizeObserver(resize).observe(document.body);
  resize();
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : null;
}

async function start(zaf: ZafClient): Promise<void> {
  autoResize(zaf);
  const [data, metadata] = await Promise.all([
    zaf.get(['ticket.id', 'ticket.requester', 'currentUser.locale', 'currentUser.id']),
    zaf.metadata(),
  ]);
  const locale = pickLocale(text(data['currentUser.locale']), Object.keys(CATALOGS));
  const t = createTranslator({ catalogs: CATALOGS, locale, strict: false });
  document.documentElement.lang = locale;

  const ticketId = text(data['ticket.id']);
  if (ticketId === null) {
    renderPanel(root, newTicketView(t), noHandlers, { feedbackOpen: false, busy: false });
    return;
  }
  const requester = data['ticket.requester'] as { name?: unknown } | null | undefined;
  const serverUrl = text(metadata.settings?.server_url) ?? '';
  const dateFormat = new Intl.DateTimeFormat(text(data['currentUser.locale']) ?? locale, { dateStyle: 'medium', timeStyle: 'short' });
  const ctx: Context = {
    zaf,
    t,
    serverUrl,
    requesterName: text(requester?.name),
    formatDate: (iso) => dateFormat.format(new Date(iso)),
    api: createApiClient({ zaf, serverUrl, ticketId, sessionToken: sessionTokenOfPage() }),
  };
  const panel = createPanel(ctx);
  panel.load();
  let pending: number[] = [];
  const soon = () => {
    for (const timer of pending) window.clearTimeout(timer);
    pending = [CHANGE_SETTLE_MS, CHANGE_FOLLOW_UP_MS].map((delay) => window.setTimeout(() => void panel.refresh(), delay));
  };
  for (const event of CHANGE_EVENTS) zaf.on(event, soon);
  window.setInterval(() => {
    if (document.visibilityState === 'visible') void panel.refresh();
  }, BACKGROUND_REFRESH_MS);
}

const noHandlers: PanelHandlers = {
  onAction: () => undefined,
  onInsert: () => undefined,
  onRerun: () => undefined,
  onFeedback: () => undefined,
  onToggleFeedback: () => undefined,
};

function createPanel(ctx: Context) {
  const { t } = ctx;
  const ui: PanelUiState = { feedbackOpen: false, busy: false };
  let view: PanelView = loadingView(t);
  /** The last answer shown, to re-render only when the server's view changed. */
  let shown = '';

  const show = (next: PanelView) => {
    view = next;
    renderPanel(root, view, handlers, ui);
  };
  const showResponse = (response: DiagnosisResponse) => {
    shown = JSON.stringify(response);
    show(panelView(response, { t, requesterName: ctx.requesterName, formatDate: ctx.formatDate }));
  };
  const showError = (error: unknown) => {
    if (!(error instanceof ApiError)) throw error;
    show(failureView(error.failure, t, ctx.serverUrl));
    announce(view.kind === 'message' ? view.title : '');
  };
  const setBusy = (busy: boolean) => {
    ui.busy = busy;
    renderPanel(root, view, handlers, ui);
  };

  async function load(): Promise<void> {
    show(loadingView(t));
    try {
      showResponse(await ctx.api.getDiagnosis());
    } catch (error) {
      showError(error);
    }
  }

  /** Queues a re-run, then polls until a diagnosis newer than `since` is stored. */
  async function rerun(): Promise<void> {
    const since = view.kind === 'diagnosis' ? view.classifiedAt : null;
    setBusy(true);
    try {
      await ctx.api.rerun();
    } catch (error) {
      ui.busy = false;
      announce(t('ui.rerun.failed'));
      showError(error);
      return;
    }
    announce(t('ui.rerun.queued'));
    for (let attempt = 0; attempt < POLL_ATTEMPTS; attempt += 1) {
      await new Promise((resolve) => window.setTimeout(resolve, POLL_INTERVAL_MS));
      try {
        const response = await ctx.api.getDiagnosis();
        if (response.diagnosis && response.diagnosis.classifiedAt !== since) {
          ui.busy = false;
          showResponse(response);
          announce(t('ui.rerun.updated'));
          return;
        }
      } catch (error) {
        ui.busy = false;
        showError(error);
        return;
      }
    }
    setBusy(false);
    announce(t('ui.rerun.timeout'));
  }

  async function insert(request: InsertView): Promise<void> {
    try {
      await ctx.zaf.invoke('ticket.editor.insert', request.html);
      announce(t('ui.insert.done'));
    } catch {
      announce(t('ui.insert.failed'));
    }
  }

  async function feedback(issue: string, comment: string): Promise<void> {
    setBusy(true);
    try {
      const result = await ctx.api.sendFeedback(issue, comment);
      ui.busy = false;
      ui.feedbackOpen = false;
      const message =
        result.retag === 'done'
          ? t('ui.feedback.saved_retagged')
          : t('ui.feedback.saved_not_retagged', { reason: t(`ui.feedback.reason_${result.retag}`) });
      await load();
      announce(message);
    } catch (error) {
      ui.busy = false;
      announce(t('ui.feedback.failed'));
      showError(error);
    }
  }

  const handlers: PanelHandlers = {
    onAction: (id: ActionId) => void (id === 'triage-now' ? rerun() : load()),
    onInsert: (request) => void insert(request),
    onRerun: () => void rerun(),
    onFeedback: (issue, comment) => void feedback(issue, comment),
    onToggleFeedback: () => {
      ui.feedbackOpen = !ui.feedbackOpen;
      renderPanel(root, view, handlers, ui);
      if (ui.feedbackOpen) root.querySelector<HTMLElement>('#feedback-issue')?.focus();
    },
  };

  /**
   * Quietly re-reads the diagnosis and shows it only when it changed; never while the agent is
   * busy with the panel (a re-run under way, the correction form open).
   */
  async function refresh(): Promise<void> {
    if (ui.busy || ui.feedbackOpen || view.kind === 'loading') return;
    try {
      const response = await ctx.api.getDiagnosis();
      if (ui.busy || ui.feedbackOpen || JSON.stringify(response) === shown) return;
      showResponse(response);
      announce(t('ui.rerun.updated'));
    } catch {
      // A background refresh that fails leaves the panel as it is; the next event tries again.
    }
  }

  return { load, refresh };
}

const zaf = initZafClient();
if (zaf === null) {
  // Opened outside Zendesk (no origin/app_guid in the URL): nothing to talk to.
  root.textContent = 'signin-triage: open this app from a Zendesk ticket.';
} else {
  zaf.on('app.registered', () => {
    start(zaf).catch(() => {
      // ZAF itself failed (e.g. a `get` timed out): no translator yet, so plain English.
      root.textContent = 'signin-triage could not read the ticket from Zendesk. Reload the ticket to try again.';
    });
  });
}

/** Put in the page by the server once Zendesk's signed-URL token verified (app/README.md). */
function sessionTokenOfPage(): string | null {
  const content = document.querySelector('meta[name="signin-triage-session"]')?.getAttribute('content');
  return content && /^[\w-]+\.[\w-]+\.[\w-]+$/.test(content) ? content : null;
}
