import { pino, type Logger, type LoggerOptions } from 'pino';
import { redactText } from './redact.js';

export type { Logger };

/**
 * Paths that may hold ticket text, addresses or secrets. pino redacts by path only,
 * so free text (error messages) also goes through `redactText` in the serializers.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-zendesk-webhook-signature"]',
  'headers.authorization',
  '*.password',
  '*.token',
  '*.secret',
  '*.email',
  '*.body',
  '*.html_body',
  '*.description',
  '*.subject',
  '*.text',
  'ticket',
  'comment',
];

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  const config: LoggerOptions = {
    level: options.level ?? process.env.LOG_LEVEL ?? 'info',
    base: { service: 'signin-triage' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      err: (error: unknown) => {
        const serialized = pino.stdSerializers.err(error as Error);
        return { ...serialized, message: redactText(serialized.message), stack: redactText(serialized.stack ?? '') };
      },
    },
    formatters: { level: (label) => ({ level: label }) },
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}
