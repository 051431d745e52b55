import type { EscalationCheck } from '../diagnosis.js';
import type { Attachment } from '../ticket.js';

// The names mail clients give images they embed themselves (Outlook's image001.png, Apple
// Mail's "image.png", Gmail's "ii_…"), and words that name a signature's graphics.
const GENERIC_IMAGE_NAME = /^(image\d{1,4}|ii_[a-z0-9]{1,30}|outlook[-_a-z0-9]{0,40})\.(png|jpe?g|gif|bmp|webp)$/iu;
const SIGNATURE_GRAPHIC = /(logo|signature|signatur|firma|banner|icon|badge|linkedin|twitter|facebook|instagram|xing)/iu;

/** Below both of these, in pixels, an image is a logo or an icon, never a picture of an error page (data README). */
const MAX_LOGO_WIDTH = 300;
const MAX_LOGO_HEIGHT = 150;
/** Without pixel sizes: a generic-name image this small (bytes) is a signature graphic. */
const MAX_LOGO_BYTES = 20_000;

/**
 * Why an image attachment is a mail signature's logo rather than a screenshot, or null. Uses
 * what Zendesk's attachment carries: `width`/`height` when present (a logo is under 300 × 150),
 * the file name (generic `image001.png` that mail clients give their own embedded images, or
 * logo/signature words), `inline`, and `size`. Rule: ../shared/data/README.md, "screenshot".
 */
export function signatureLogoReason(attachment: Attachment): string | null {
  const name = attachment.file_name.trim();
  const generic = GENERIC_IMAGE_NAME.test(name);
  const graphic = SIGNATURE_GRAPHIC.test(name);
  const { width, height } = attachment;
  if (width !== undefined && height !== undefined && width > 0 && height > 0) {
    const small = width < MAX_LOGO_WIDTH && height < MAX_LOGO_HEIGHT;
    if (small && (generic || graphic || attachment.inline === true))
      return `${name} is ${width} × ${height} px: a signature logo, not a screenshot`;
    return null;
  }
  if (graphic) return `${name} is named like a signature graphic`;
  if (generic && attachment.size !== undefined && attachment.size < MAX_LOGO_BYTES)
    return `${name} is a small embedded image (${attachment.size} bytes): a signature logo`;
  // A generic name with nothing else said about it is what mail clients attach for a signature.
  if (generic && attachment.size === undefined) return `${name} has the generic name mail clients give a signature's logo, and no size`;
  return null;
}

/** A screenshot is an image the customer actually attached; "see screenshot" with nothing attached, or a signature's logo, is not. */
export function checkScreenshot(attachments: Attachment[]): EscalationCheck {
  const live = attachments.filter((attachment) => !attachment.deleted);
  const images = live.filter((attachment) => attachment.content_type.trim().toLowerCase().startsWith('image/'));
  const logos = images.map((image) => ({ image, logo: signatureLogoReason(image) }));
  const screenshots = logos.filter((entry) => entry.logo === null).map((entry) => entry.image);
  if (screenshots.length > 0) {
    const first = screenshots[0]!;
    return {
      present: true,
      found: screenshots.length === 1 ? first.file_name : `${first.file_name} (+${screenshots.length - 1} more)`,
      reason: first.inline ? 'An image is pasted inline in the message.' : 'An image is attached.',
    };
  }
  if (logos.length > 0) {
    return { present: false, reason: `The only image is not a screenshot: ${logos[0]!.logo}.` };
  }
  return {
    present: false,
    reason:
      live.length > 0
        ? `Attachments are not images (${[...new Set(live.map((a) => a.content_type))].join(', ')}).`
        : 'No image is attached.',
  };
}
