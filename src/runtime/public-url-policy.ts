import { isLoopbackUrl, type Config } from '../config.js';

/**
 * What start-up does about a plain `http://` PUBLIC_URL while a Zendesk account is configured.
 * Zendesk sends our webhooks (ticket ids, signed) and loads the sidebar (its signed-URL token,
 * then our session token) at that address: over http anyone on the path can read them, and
 * replay a session token for its lifetime. `zendesk:install` refuses such a URL unless
 * `--allow-http`; the service follows the same rule:
 * - production: refused (exit 2) unless ALLOW_HTTP_PUBLIC_URL=on, which turns it into a warning;
 * - development / test: one warning;
 * - https, localhost / 127.0.0.1 / [::1], an unset PUBLIC_URL, or sandbox mode: nothing to say.
 */
export type PublicUrlVerdict = { action: 'ok' } | { action: 'warn'; message: string } | { action: 'refuse'; message: string };

export function judgePublicUrl(config: Pick<Config, 'publicUrl' | 'allowHttpPublicUrl' | 'nodeEnv' | 'zendesk'>): PublicUrlVerdict {
  const url = config.publicUrl;
  if (url === null || config.zendesk === null || new URL(url).protocol !== 'http:' || isLoopbackUrl(url)) return { action: 'ok' };
  const risk = `PUBLIC_URL is ${url}: over plain http the webhooks Zendesk sends (ticket ids) and the sidebar's signed token and session token travel in clear`;
  const fix = 'Use an https address (a reverse proxy with TLS: docs/operations.md, "TLS: a reverse proxy in front of the api")';
  if (config.nodeEnv === 'production' && !config.allowHttpPublicUrl) {
    return { action: 'refuse', message: `${risk}. ${fix}, or set ALLOW_HTTP_PUBLIC_URL=on to accept it (e.g. on a private network).` };
  }
  return {
    action: 'warn',
    message: `${risk}. ${fix}${config.allowHttpPublicUrl ? ' (accepted because ALLOW_HTTP_PUBLIC_URL=on)' : ''}.`,
  };
}
