import { describe, expect, it } from 'vitest';

import { InvalidZendeskBaseUrlError, zendeskBaseUrl } from '../../../src/zendesk/base-url.js';

describe('zendeskBaseUrl', () => {
  it('turns a subdomain into the account origin', () => {
    expect(zendeskBaseUrl({ subdomain: 'acme' })).toBe('https://acme.zendesk.com');
    expect(zendeskBaseUrl({ subdomain: 'Acme-Support2' })).toBe('https://acme-support2.zendesk.com');
  });

  it.each(['evil.com#', 'a@b', 'x:8080', '10.0.0.1', '../', '', '-acme', 'acme.zendesk.com', 'a/b', 'ac me', 'a'.repeat(64)])(
    'refuses the subdomain %j',
    (subdomain) => {
      expect(() => zendeskBaseUrl({ subdomain })).toThrow(InvalidZendeskBaseUrlError);
    },
  );

  it('accepts a full http(s) URL and drops trailing slashes', () => {
    expect(zendeskBaseUrl({ url: 'https://support.example.com/' })).toBe('https://support.example.com');
    expect(zendeskBaseUrl({ url: 'http://127.0.0.1:4010' })).toBe('http://127.0.0.1:4010');
    expect(zendeskBaseUrl({ url: 'https://proxy.example.com/zendesk//' })).toBe('https://proxy.example.com/zendesk');
  });

  it('prefers the URL over the subdomain', () => {
    expect(zendeskBaseUrl({ subdomain: 'acme', url: 'https://help.acme.example' })).toBe('https://help.acme.example');
  });

  it.each([
    ['ftp://acme.example.com', /http or https/],
    ['file:///etc/passwd', /http or https/],
    ['https://user:pass@acme.zendesk.com', /credentials/],
    ['https://user@acme.zendesk.com', /credentials/],
    ['https://acme.zendesk.com?x=1', /query string or fragment/],
    ['https://acme.zendesk.com?', /query string or fragment/],
    ['https://evil.com#.zendesk.com', /query string or fragment/],
    ['https://acme.zendesk.com#', /query string or fragment/],
    ['acme.zendesk.com', /not a valid absolute URL/],
  ])('refuses the URL %s', (url, message) => {
    expect(() => zendeskBaseUrl({ url })).toThrow(message);
  });

  it('requires one of the two', () => {
    expect(() => zendeskBaseUrl({})).toThrow(/subdomain or URL is required/);
  });
});
