import { describe, expect, it } from 'vitest';
import { checkScreenshot } from '../../../../src/triage/escalation/check-screenshot.js';

describe('checkScreenshot', () => {
  it('accepts an attached or inline image', () => {
    expect(checkScreenshot([{ file_name: 'error.png', content_type: 'image/png' }]).present).toBe(true);
    expect(checkScreenshot([{ file_name: 'image0.jpg', content_type: 'image/jpeg', inline: true }])).toMatchObject({
      present: true,
      reason: 'An image is pasted inline in the message.',
    });
  });

  it('does not take a PDF, HAR or log for a screenshot', () => {
    const result = checkScreenshot([
      { file_name: 'error.pdf', content_type: 'application/pdf' },
      { file_name: 'session.har', content_type: 'application/json' },
    ]);
    expect(result.present).toBe(false);
    expect(result.reason).toContain('application/pdf');
  });

  it('ignores deleted (redacted) images', () => {
    expect(checkScreenshot([{ file_name: 'x.png', content_type: 'image/png', deleted: true }]).present).toBe(false);
  });
});
