import { describe, expect, it } from 'vitest';

import { REPLY_POLICIES, scoreReplyPolicies, type ReplyCase } from '../../../src/eval/reply-eval.js';
import { loadPlaybook } from '../../../src/playbook/load-playbook.js';

const playbook = loadPlaybook();

const sure = (issue: string) => ({ issue, band: 'high' as const, abstained: false, ranking: [{ issue, probability: 0.95 }] });
const unsure = (issue: string, second: string) => ({
  issue,
  band: 'medium' as const,
  abstained: false,
  ranking: [
    { issue, probability: 0.55 },
    { issue: second, probability: 0.35 },
  ],
});

describe('scoreReplyPolicies', () => {
  const cases: ReplyCase[] = [
    // Unsure, and the answer moved it to the right issue.
    {
      id: 'a',
      expectedIssue: 'account-blocked',
      baseline: unsure('legacy-credentials', 'account-blocked'),
      afterReply: sure('account-blocked'),
    },
    // Sure and right; a reply that only dilutes the text moved it: keeping the issue is right.
    {
      id: 'b',
      expectedIssue: 'verification-error',
      baseline: sure('verification-error'),
      afterReply: unsure('other', 'verification-error'),
    },
    // Unsure and right; the answer made it wrong.
    {
      id: 'c',
      expectedIssue: 'account-linking',
      baseline: unsure('account-linking', 'missing-product-access'),
      afterReply: sure('missing-product-access'),
    },
  ];

  it('scores each policy against keeping the first issue: right, re-evaluated, fixed and broken', () => {
    const byName = Object.fromEntries(scoreReplyPolicies(cases, playbook).map((score) => [score.policy, score]));
    const [shipped, sureOrLow, named, lowOnly, keep, every] = REPLY_POLICIES.map((policy) => byName[policy.name]!);
    expect(keep).toMatchObject({ right: 2, total: 3, reevaluated: 0, fixed: 0, broken: 0 });
    expect(shipped).toMatchObject({ right: 2, reevaluated: 2, fixed: 1, broken: 1 });
    expect(sureOrLow).toMatchObject({ right: 2, reevaluated: 2, fixed: 1, broken: 1 });
    expect(named).toMatchObject({ right: 2, reevaluated: 2, fixed: 1, broken: 1 });
    expect(lowOnly).toMatchObject({ right: 2, reevaluated: 0 });
    expect(every).toMatchObject({ right: 1, reevaluated: 3, fixed: 1, broken: 2 });
    expect(every!.interval.low).toBeLessThan(1 / 3);
    expect(every!.interval.high).toBeGreaterThan(1 / 3);
  });

  it('the shipped policy keeps a medium-band issue when a reply only moved an unsure ranking, or made it `other`', () => {
    const diluted: ReplyCase[] = [
      {
        id: 'd',
        expectedIssue: 'legacy-credentials',
        baseline: unsure('legacy-credentials', 'account-blocked'),
        afterReply: unsure('account-blocked', 'legacy-credentials'),
      },
      { id: 'e', expectedIssue: 'account-blocked', baseline: unsure('account-blocked', 'other'), afterReply: sure('other') },
    ];
    const [shipped] = scoreReplyPolicies(diluted, playbook);
    expect(shipped).toMatchObject({ right: 2, reevaluated: 0, broken: 0 });
    const anyAnswer = scoreReplyPolicies(diluted, playbook).find((score) => score.policy === 'below the high band, any answer')!;
    expect(anyAnswer).toMatchObject({ right: 0, broken: 2 });
  });

  it('the shipped policy takes a move between two unsure issues when the reply, read alone, names the new one', () => {
    const answered: ReplyCase = {
      id: 'f',
      expectedIssue: 'account-blocked',
      baseline: unsure('legacy-credentials', 'account-blocked'),
      afterReply: unsure('account-blocked', 'legacy-credentials'),
      replyAlone: { issue: 'account-blocked', abstained: false },
    };
    const [shipped] = scoreReplyPolicies(
      [answered, { ...answered, id: 'g', replyAlone: { issue: 'account-blocked', abstained: true } }],
      playbook,
    );
    expect(shipped).toMatchObject({ right: 1, reevaluated: 1, fixed: 1, broken: 0 });
  });
});
