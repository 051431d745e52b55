import { describe, expect, it } from 'vitest';

import { networkFailure } from '../../../src/zendesk/client.js';
import { planInstall } from '../../../src/zendesk/install-plan.js';
import {
  buildAgentReplyTrigger,
  buildCreatedTrigger,
  buildCustomerReplyTrigger,
  buildRerunMacro,
  buildRerunTrigger,
  buildWebhook,
} from '../../../src/zendesk/install-resources.js';
import { describeSecretStatus, matchSigningSecret } from '../../../src/zendesk/install-secret.js';
import { triggerSchema } from '../../../src/zendesk/schemas.js';

const PUBLIC_URL = 'https://triage.example.com';
const WEBHOOK = { ...buildWebhook({ publicUrl: PUBLIC_URL }), id: '01HWEBHOOK0000000000000000' };

function asListed(trigger: ReturnType<typeof buildCreatedTrigger>, id: number) {
  return triggerSchema.parse({ ...trigger, id, position: id });
}

describe('planInstall', () => {
  it('says missing for an empty account', () => {
    const plan = planInstall({ webhooks: [], triggers: [], macros: [] }, { publicUrl: PUBLIC_URL });
    expect([plan.webhook, ...plan.triggers, plan.macro].map((resource) => resource.status)).toEqual([
      'missing',
      'missing',
      'missing',
      'missing',
      'missing',
      'missing',
    ]);
  });

  it('says present when the account holds exactly what install creates, whatever the order of conditions', () => {
    const rerun = buildRerunTrigger(WEBHOOK.id);
    const reordered = { ...rerun, conditions: { all: [...rerun.conditions.all].reverse(), any: [] } };
    const plan = planInstall(
      {
        webhooks: [WEBHOOK],
        triggers: [
          asListed(buildCreatedTrigger(WEBHOOK.id), 1),
          asListed(reordered, 2),
          asListed(buildCustomerReplyTrigger(WEBHOOK.id), 4),
          asListed(buildAgentReplyTrigger(WEBHOOK.id), 5),
        ],
        macros: [{ ...buildRerunMacro(), id: 3 }],
      },
      { publicUrl: PUBLIC_URL },
    );
    expect([plan.webhook, ...plan.triggers, plan.macro].map((resource) => [resource.status, resource.differences])).toEqual([
      ['present', []],
      ['present', []],
      ['present', []],
      ['present', []],
      ['present', []],
      ['present', []],
    ]);
  });

  it('names each difference: a condition an admin added, an inactive trigger, a foreign webhook, a null condition list', () => {
    const created = buildCreatedTrigger(WEBHOOK.id);
    const edited = triggerSchema.parse({
      ...created,
      id: 1,
      active: false,
      conditions: { all: [...created.conditions.all, { field: 'brand_id', operator: 'is', value: 360000111 }], any: null },
    });
    const plan = planInstall({ webhooks: [{ ...WEBHOOK, status: 'inactive' }], triggers: [edited], macros: [] }, { publicUrl: PUBLIC_URL });
    expect(plan.webhook.differences).toEqual(['status: is "inactive", should be "active"']);
    expect(plan.triggers[0]!.differences).toEqual([
      'active: is false, should be true',
      'conditions.all: has {"field":"brand_id","operator":"is","value":360000111} that install does not set',
    ]);
  });
});

describe('matchSigningSecret', () => {
  it('finds the webhook secret at any place of ZENDESK_WEBHOOK_SECRET, or says it differs or is not set', () => {
    expect(matchSigningSecret('zendesk-made', ['zendesk-made'])).toEqual({ state: 'matches', index: 0 });
    expect(matchSigningSecret('zendesk-made', ['older', 'zendesk-made'])).toEqual({ state: 'matches', index: 1 });
    expect(matchSigningSecret('zendesk-made', ['zendesk-mad', 'zendesk-made-'])).toEqual({ state: 'differs' });
    expect(matchSigningSecret('zendesk-made', null)).toEqual({ state: 'not-set' });
  });

  it('says what to set without the secret', () => {
    expect(describeSecretStatus({ state: 'differs' })).toMatch(/set ZENDESK_WEBHOOK_SECRET to it .*--show-secret.*zendesk:install --check/);
    expect(describeSecretStatus({ state: 'matches', index: 1 })).toMatch(/entry 2/);
  });
});

describe('networkFailure', () => {
  const fetchFailed = (code: string) => new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });
  it.each([
    ['ENOTFOUND', 'dns'],
    ['EAI_AGAIN', 'dns'],
    ['ECONNREFUSED', 'refused'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'tls'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls'],
    ['UND_ERR_CONNECT_TIMEOUT', 'timeout'],
    ['ECONNRESET', 'reset'],
    ['EWHATEVER', 'other'],
  ])('classifies %s as %s', (code, kind) => {
    expect(networkFailure(fetchFailed(code))).toEqual({ kind, code });
  });
});
