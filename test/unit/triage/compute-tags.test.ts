import { describe, expect, it } from 'vitest';
import { computeTags, issueTag, missingTag, RERUN_TAG, TRIAGE_TAG } from '../../../src/triage/compute-tags.js';

describe('computeTags', () => {
  it('adds the triage, issue and missing-field tags to the existing ones', () => {
    expect(computeTags(['vip', 'billing'], { issue: 'verification-email-missing', missing: ['timestamp', 'screenshot'] })).toEqual([
      'vip',
      'billing',
      'signin_triage',
      'signin_issue_verification_email_missing',
      'signin_missing_timestamp',
      'signin_missing_screenshot',
    ]);
  });

  it('on a re-run replaces the previous issue and missing tags and drops the re-run request', () => {
    const current = [
      'vip',
      TRIAGE_TAG,
      'signin_issue_legacy_credentials',
      'signin_missing_email',
      'signin_missing_screenshot',
      RERUN_TAG,
      'agent_tag',
    ];
    expect(computeTags(current, { issue: 'account-blocked', missing: ['screenshot'] })).toEqual([
      'vip',
      'signin_triage',
      'agent_tag',
      'signin_issue_account_blocked',
      'signin_missing_screenshot',
    ]);
  });

  it('never returns a tag twice', () => {
    const tags = computeTags(['signin_triage', 'signin_triage', 'x', 'x'], { issue: 'other', missing: [] });
    expect(tags).toEqual(['signin_triage', 'x', 'signin_issue_other']);
  });

  it('keeps tags that only look similar to ours', () => {
    const tags = computeTags(['signin_triage_note', 'signin_issues', 'my_signin_issue_x'], { issue: 'other', missing: [] });
    expect(tags).toEqual(['signin_triage_note', 'signin_issues', 'my_signin_issue_x', 'signin_triage', 'signin_issue_other']);
  });

  it('turns ids into valid Zendesk tag words', () => {
    expect(issueTag('Account-Linking')).toBe('signin_issue_account_linking');
    expect(missingTag('screen shot')).toBe('signin_missing_screen_shot');
  });
});

describe('computeTags on tickets that are not sign-in problems', () => {
  it('writes no missing-data tags on an `other` ticket (billing, spam): they would be noise', () => {
    expect(computeTags(['vip'], { issue: 'other', missing: ['email', 'timestamp'] })).toEqual([
      'vip',
      'signin_triage',
      'signin_issue_other',
    ]);
  });

  it('keeps them when the model abstained: it may be a sign-in problem after all', () => {
    expect(computeTags([], { issue: 'other', missing: ['timestamp'], abstained: true })).toContain('signin_missing_timestamp');
  });
});
