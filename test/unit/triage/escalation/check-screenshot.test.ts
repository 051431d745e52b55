import { describe, expect, it } from 'vitest';
import { checkScreenshot } from '../../../../src/triage/escalation/check-screenshot.js';

describe('checkScreenshot', () => {
  it('accepts an attached or inline image', () => {
    expect(checkScreenshot([{ file_name: 'error.png', content_type: 'image/png' }]).present).toBe(true);
    expect(
      checkScreenshot([{ file_name: 'image0.jpg', content_type: 'image/jpeg', inline: true, width: 1440, height: 900 }]),
    ).toMatchObject({
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

  describe('a mail signature\'s logo is not a screenshot (data README, "screenshot")', () => {
    it('refuses a small inline image with a generic name, saying why', () => {
      const result = checkScreenshot([
        { file_name: 'image001.png', content_type: 'image/png', inline: true, width: 180, height: 60, size: 6_200 },
      ]);
      expect(result.present).toBe(false);
      expect(result.reason).toContain('180 × 60 px: a signature logo');
    });

    it('refuses image001.png with nothing else said about it, and a file named like a logo', () => {
      expect(checkScreenshot([{ file_name: 'image001.png', content_type: 'image/png' }]).present).toBe(false);
      expect(checkScreenshot([{ file_name: 'company-logo.jpg', content_type: 'image/jpeg' }]).present).toBe(false);
      expect(checkScreenshot([{ file_name: 'image002.jpg', content_type: 'image/jpeg', size: 4_000 }]).present).toBe(false);
    });

    it('accepts a full-screen image pasted inline, even with a generic name', () => {
      expect(
        checkScreenshot([{ file_name: 'image003.png', content_type: 'image/png', inline: true, width: 1366, height: 768 }]).present,
      ).toBe(true);
      expect(checkScreenshot([{ file_name: 'image002.png', content_type: 'image/png', size: 240_000 }]).present).toBe(true);
    });

    it('accepts a real screenshot next to a logo, and a small crop with a meaningful name', () => {
      const result = checkScreenshot([
        { file_name: 'image001.png', content_type: 'image/png', inline: true, width: 120, height: 40 },
        { file_name: 'login-failed.png', content_type: 'image/png', width: 1280, height: 720 },
      ]);
      expect(result).toMatchObject({ present: true, found: 'login-failed.png' });
      expect(checkScreenshot([{ file_name: 'error-message.png', content_type: 'image/png', width: 280, height: 60 }]).present).toBe(true);
    });
  });
});
