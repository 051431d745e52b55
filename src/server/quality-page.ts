import { randomBytes } from 'node:crypto';
import type { Express, RequestHandler } from 'express';

import type { QualityReport } from '../report/compute-quality-report.js';
import { basicAuth, type BasicAuthOptions } from './basic-auth.js';

export const QUALITY_PAGE_PATH = '/admin/quality';
/** The report is recomputed at most this often, in milliseconds: reloading the page is cheap for Redis. */
export const QUALITY_PAGE_CACHE_MS = 10_000;

export interface QualityPageOptions {
  /** ADMIN_USER / ADMIN_PASSWORD; null: the page answers 401 to everyone and says what to set. */
  admin: { user: string; password: string } | null;
  /** Builds the report from the stores (see buildLiveReport). */
  loadReport: () => Promise<QualityReport>;
  chartLibrary: () => string;
  /** Account origin for ticket links. */
  zendeskBaseUrl: string;
  adoptionHint?: string;
  onRefused?: BasicAuthOptions['onRefused'];
  now?: () => number;
}

/**
 * Mounts GET /admin/quality: the live quality report as one HTML page, behind the same basic
 * auth as the queue dashboard. Its inline script and style run under a per-response CSP nonce
 * (helmet's default policy would block them); nothing else may load.
 */
export function mountQualityPage(app: Express, options: QualityPageOptions): void {
  const now = options.now ?? Date.now;
  let cached: { at: number; report: Promise<QualityReport> } | null = null;
  const guard: RequestHandler = options.admin
    ? basicAuth(options.admin, { realm: 'signin-triage admin', ...(options.onRefused ? { onRefused: options.onRefused } : {}) })
    : (req, res) => {
        options.onRefused?.(req, res, 'missing');
        res.setHeader('WWW-Authenticate', 'Basic realm="signin-triage admin", charset="UTF-8"');
        res.status(401).json({ error: 'the quality page is locked: the operator must set ADMIN_USER and ADMIN_PASSWORD' });
      };

  app.get(QUALITY_PAGE_PATH, noStore, guard, async (_req, res, next) => {
    try {
      if (!cached || now() - cached.at > QUALITY_PAGE_CACHE_MS) {
        const report = options.loadReport();
        cached = { at: now(), report };
        // A failed load is not cached: the next request tries again.
        report.catch(() => {
          if (cached?.report === report) cached = null;
        });
      }
      const report = await cached.report;
      // The report's code is loaded by the first visit, not at start-up.
      const { renderQualityHtml } = await import('../report/render-quality-html.js');
      const nonce = randomBytes(16).toString('base64');
      res.setHeader(
        'Content-Security-Policy',
        `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
      );
      res.type('html').send(
        renderQualityHtml(report, {
          chartLibrary: options.chartLibrary(),
          nonce,
          zendeskBaseUrl: options.zendeskBaseUrl,
          ...(options.adoptionHint ? { adoptionHint: options.adoptionHint } : {}),
        }),
      );
    } catch (error) {
      next(error);
    }
  });
}

/** Ticket ids and quality figures are operator data: keep them out of browser and proxy caches. */
const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};
