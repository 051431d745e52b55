// Sends a webhook signed like Zendesk's to a running signin-triage, with the configured secret.
// Usage: npm run webhook:send -- <ticketId> [created|rerun] [--url http://127.0.0.1:3000]
// Without --url it posts to the sandbox `npm start` runs from this folder (.data/sandbox.json),
// else to 127.0.0.1:PORT.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../src/config.js';
import { withDevSecrets } from '../src/runtime/dev-secrets.js';
import { findRunningSandbox } from '../src/runtime/sandbox-state.js';
import { WEBHOOK_PATH } from '../src/server/webhook-route.js';
import { signZendeskWebhook } from '../src/zendesk/sign-webhook.js';

const USAGE = 'Usage: npm run webhook:send -- <ticketId> [created|rerun] [--url http://127.0.0.1:<PORT>]';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ args: process.argv.slice(2), options: { url: { type: 'string' } }, allowPositionals: true });
  const [ticketId, event = 'created'] = positionals;
  if (ticketId === undefined || !/^\d+$/.test(ticketId) || (event !== 'created' && event !== 'rerun')) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let config;
  try {
    // Same development secrets as `npm start` (.data/dev-secrets.json) when none are set.
    config = loadConfig(withDevSecrets(process.env, resolve('.data')).env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  // The running sandbox says where it listens (.data/sandbox.json); else PORT, as `npm start` would use.
  const running = values.url === undefined ? findRunningSandbox(resolve('.data')) : null;
  const base = (values.url ?? running?.state?.serviceUrl ?? `http://127.0.0.1:${config.port}`).replace(/\/+$/, '');
  const source = values.url !== undefined ? '--url' : running?.state ? 'the running sandbox (.data/sandbox.json)' : `PORT=${config.port}`;
  // A rerun body differs on each call, like Zendesk's with {{ticket.updated_at_with_timestamp}}.
  const body = JSON.stringify(
    event === 'created' ? { event, ticket_id: ticketId } : { event, ticket_id: ticketId, updated_at: new Date().toISOString() },
  );
  const signed = signZendeskWebhook({ rawBody: body, secret: config.webhook.secrets[0]! });
  let response: Response;
  try {
    response = await fetch(`${base}${WEBHOOK_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signed.headers },
      body,
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    process.stderr.write(
      `webhook:send: could not reach ${base}${WEBHOOK_PATH} (${cause}); the URL came from ${source}. Is signin-triage running (npm start)? Otherwise pass --url.\n`,
    );
    return 1;
  }
  process.stdout.write(`POST ${base}${WEBHOOK_PATH} ${body}\n→ ${response.status} ${await response.text()}\n`);
  return response.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`webhook:send failed: ${(error as Error).message} (is signin-triage running? npm start)\n`);
    process.exit(1);
  },
);
