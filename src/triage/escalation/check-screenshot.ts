import type { Attachment } from '../ticket.js';
import type { EscalationCheck } from '../diagnosis.js';

/** A screenshot is an image the customer actually attached; "see screenshot" with nothing attached is not. */
export function checkScreenshot(attachments: Attachment[]): EscalationCheck {
  const images = attachments.filter(
    (attachment) => !attachment.deleted && attachment.content_type.trim().toLowerCase().startsWith('image/'),
  );
  if (images.length > 0) {
    const first = images[0]!;
    return {
      present: true,
      found: images.length === 1 ? first.file_name : `${first.file_name} (+${images.length - 1} more)`,
      reason: first.inline ? 'An image is pasted inline in the message.' : 'An image is attached.',
    };
  }
  const others = attachments.filter((attachment) => !attachment.deleted);
  return {
    present: false,
    reason:
      others.length > 0
        ? `Attachments are not images (${[...new Set(others.map((a) => a.content_type))].join(', ')}).`
        : 'No image is attached.',
  };
}
