/** pino with redaction: phone numbers, transcript text, prompts and secrets never reach the logs. */
import pino, { type Logger } from 'pino';

export const REDACT_PATHS = [
  'text', '*.text', 'callerNumber', '*.callerNumber', 'phone', '*.phone', 'from', '*.from', 'to', '*.to', 'remote', '*.remote',
  'transcript', '*.transcript', 'prompt', '*.prompt', 'password', '*.password', 'token', '*.token',
  'req.headers.authorization', 'req.headers.cookie', 'value', '*.value',
];

/** Strips credentials from a URL before it is logged (the WebSocket takes ?token=). */
export function safeUrl(url: string): string {
  return url.replace(/([?&]token=)[^&]*/g, '$1[redacted]');
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: {
        req: (req: { method: string; url: string; id?: string }) => ({ id: req.id, method: req.method, url: safeUrl(req.url) }),
        err: pino.stdSerializers.err,
      },
    },
    destination,
  );
}
