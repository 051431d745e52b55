import { trimTrailingSlashes } from '../util/trim-trailing-slashes.js';

/** A Zendesk subdomain: one DNS label (`acme` for acme.zendesk.com). */
export const ZENDESK_SUBDOMAIN_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/i;

export class InvalidZendeskBaseUrlError extends Error {
  override name = 'InvalidZendeskBaseUrlError';
}

/**
 * The API origin of a Zendesk account, from a subdomain (`acme` → https://acme.zendesk.com) or a
 * full URL (host-mapped accounts, the local stand-in). Strict because credentials are sent there:
 * a value such as `evil.com#` or `a@b` must not turn into another host.
 */
export function zendeskBaseUrl(input: { subdomain?: string | undefined; url?: string | undefined }): string {
  if (input.url !== undefined) return normalizeUrl(input.url);
  if (input.subdomain !== undefined) {
    if (!ZENDESK_SUBDOMAIN_PATTERN.test(input.subdomain)) {
      throw new InvalidZendeskBaseUrlError(
        'Zendesk subdomain must be a single label of letters, digits and "-" (e.g. "acme" for acme.zendesk.com)',
      );
    }
    return `https://${input.subdomain.toLowerCase()}.zendesk.com`;
  }
  throw new InvalidZendeskBaseUrlError('a Zendesk subdomain or URL is required');
}

function normalizeUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InvalidZendeskBaseUrlError('Zendesk URL is not a valid absolute URL (e.g. https://support.example.com)');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InvalidZendeskBaseUrlError(`Zendesk URL must use http or https, not ${url.protocol.replace(':', '')}`);
  }
  if (url.username !== '' || url.password !== '' || raw.includes('@')) {
    throw new InvalidZendeskBaseUrlError(
      'Zendesk URL must not contain credentials (user@host); set ZENDESK_EMAIL/ZENDESK_API_TOKEN instead',
    );
  }
  // An empty `?` or `#` leaves url.search/url.hash empty, so look at the raw text too.
  if (url.search !== '' || url.hash !== '' || raw.includes('?') || raw.includes('#')) {
    throw new InvalidZendeskBaseUrlError('Zendesk URL must not have a query string or fragment');
  }
  if (url.hostname === '') throw new InvalidZendeskBaseUrlError('Zendesk URL has no host');
  return `${url.origin}${trimTrailingSlashes(url.pathname)}`;
}
