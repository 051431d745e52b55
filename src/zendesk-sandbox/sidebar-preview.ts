import { randomBytes } from 'node:crypto';
import { Router, type Request, type RequestHandler, type Response } from 'express';

import { renderPreviewPage, type PreviewTicket, type PreviewWorkspace } from './sidebar-preview-page.js';
import type { SandboxState } from './sandbox-types.js';
import type { ZendeskSandbox } from './start-zendesk-sandbox.js';
import { ZAF_SDK_STANDIN } from './zaf-sdk-standin.js';

/** Where the service mounts the preview router, in sandbox mode only (start-service.ts). */
export const SANDBOX_PATH = '/sandbox';
export const SIDEBAR_PREVIEW_PATH = `${SANDBOX_PATH}/sidebar`;
/** The ZAF SDK stand-in, which the sidebar page loads instead of Zendesk's build in sandbox mode. */
export const SANDBOX_ZAF_SDK_PATH = `${SANDBOX_PATH}/zaf-sdk-standin.js`;
const WORKSPACE_PATH = `${SANDBOX_PATH}/workspace.json`;

/** `http://127.0.0.1:3000/sandbox/sidebar?ticket=1001`: the link the start-up log prints. */
export function sidebarPreviewUrl(serviceUrl: string, ticketId: number): string {
  return `${serviceUrl}${SIDEBAR_PREVIEW_PATH}?ticket=${ticketId}`;
}

export interface SidebarPreviewDeps {
  /** The stand-in in this process: its tickets, its agent, and its installed app's key. */
  standIn: Pick<ZendeskSandbox, 'state' | 'agent' | 'app' | 'signUrlToken'>;
  /** Path of the agent API's sidebar page (the manifest's location). @defaultValue '/app/sidebar' */
  sidebarPagePath?: string;
}

const TICKET_ID = /^\d{1,20}$/;

/**
 * The sandbox's agent workspace, to be mounted at SANDBOX_PATH by the service in sandbox mode
 * only (no Zendesk settings): a configured deployment never imports this module.
 *
 * - `GET /sidebar?ticket=ID`: the preview page (sidebar-preview-page.ts). The signed-URL token is
 *   signed here with the stand-in app's private key for the stand-in's agent, exactly as Zendesk
 *   signs it, so the sidebar page's token check runs unchanged. Without `ticket`, the first
 *   ticket; an unknown one answers 404 with the list.
 * - `GET /workspace.json?ticket=ID`: the list and that ticket, for the page's polling.
 * - `GET /zaf-sdk-standin.js`: the ZAF SDK stand-in (zaf-sdk-standin.ts), so it all works offline.
 *
 * The page is for the machine running `npm start`: it shows the stand-in's invented tickets.
 */
export function createSidebarPreviewRouter(deps: SidebarPreviewDeps): Router {
  const { standIn } = deps;
  const router = Router();
  const noStore: RequestHandler = (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  };

  router.get('/sidebar', noStore, async (req: Request, res: Response, next) => {
    try {
      const ticketId = requestedTicket(req, standIn.state);
      if (ticketId === 'invalid') {
        res.status(400).json({ error: 'ticket must be a ticket id (digits)' });
        return;
      }
      const workspace = workspaceOf(standIn, ticketId);
      const nonce = randomBytes(16).toString('base64');
      res.setHeader(
        'Content-Security-Policy',
        [
          "default-src 'none'",
          `script-src 'nonce-${nonce}'`,
          `style-src 'nonce-${nonce}'`,
          // Comment HTML (our note's footer has a style attribute) is parsed in an inert document,
          // which reports each style attribute under this page's policy; no attribute is ever
          // copied into the page (sidebar-preview-page.ts, safeHtml), so allowing them is moot.
          "style-src-attr 'unsafe-inline'",
          // The sidebar app is served by this server: framed, form-POSTed to and proxied to here only.
          "frame-src 'self'",
          "form-action 'self'",
          "connect-src 'self'",
          "base-uri 'none'",
          "frame-ancestors 'none'",
        ].join('; '),
      );
      const html = renderPreviewPage(
        {
          workspace,
          ticketId,
          workspaceUrl: ticketId === null ? WORKSPACE_PATH : `${WORKSPACE_PATH}?ticket=${ticketId}`,
          appUrl: deps.sidebarPagePath ?? '/app/sidebar',
          token: workspace.ticket === null ? null : await standIn.signUrlToken({ userId: standIn.agent.id }),
          agent: { id: standIn.agent.id, name: standIn.agent.name, locale: standIn.agent.locale },
          app: { appId: standIn.app.appId, installationId: standIn.app.installationId, name: 'signin-triage' },
        },
        nonce,
      );
      res
        .status(workspace.ticket === null ? 404 : 200)
        .type('html')
        .send(html);
    } catch (error) {
      next(error);
    }
  });

  router.get('/workspace.json', noStore, (req: Request, res: Response) => {
    const ticketId = requestedTicket(req, standIn.state);
    if (ticketId === 'invalid') {
      res.status(400).json({ error: 'ticket must be a ticket id (digits)' });
      return;
    }
    res.json(workspaceOf(standIn, ticketId));
  });

  router.get('/zaf-sdk-standin.js', (_req, res) => {
    res.type('text/javascript').setHeader('Cache-Control', 'no-cache');
    res.send(ZAF_SDK_STANDIN);
  });

  return router;
}

/** The `ticket` query parameter; absent: the first ticket (null when there is none). */
function requestedTicket(req: Request, state: SandboxState): number | null | 'invalid' {
  const raw = req.query.ticket;
  if (raw === undefined) return firstTicketId(state);
  return typeof raw === 'string' && TICKET_ID.test(raw) ? Number(raw) : 'invalid';
}

function firstTicketId(state: SandboxState): number | null {
  const ids = [...state.tickets.keys()].sort((a, b) => a - b);
  return ids[0] ?? null;
}

function workspaceOf(standIn: SidebarPreviewDeps['standIn'], ticketId: number | null): PreviewWorkspace {
  const { state } = standIn;
  const tickets = [...state.tickets.values()]
    .sort((a, b) => a.id - b.id)
    .map((ticket) => ({
      id: ticket.id,
      subject: ticket.subject ?? '',
      status: ticket.status,
      issueTag: ticket.tags.find((tag) => tag.startsWith('signin_issue_')) ?? null,
    }));
  const ticket = ticketId === null ? undefined : state.tickets.get(ticketId);
  if (!ticket) return { tickets, ticket: null };
  const requester = state.users.get(ticket.requester_id);
  const open: PreviewTicket = {
    id: ticket.id,
    subject: ticket.subject ?? '',
    status: ticket.status,
    requester: requester ? { id: requester.id, name: requester.name, email: requester.email } : null,
    tags: [...ticket.tags],
    comments: (state.comments.get(ticket.id) ?? []).map((comment) => ({
      author: state.users.get(comment.author_id)?.name ?? `user ${comment.author_id}`,
      internal: !comment.public,
      createdAt: comment.created_at,
      html: comment.html_body,
    })),
  };
  return { tickets, ticket: open };
}
