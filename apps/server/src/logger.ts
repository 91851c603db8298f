/** pino with redaction: phone numbers, transcript text, prompts and secrets never reach the logs. */
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

const REDACT_PATHS = [
  'text',
  '*.text',
  'callerNumber',
  '*.callerNumber',
  'phone',
  '*.phone',
  'from',
  '*.from',
  'to',
  '*.to',
  'remote',
  '*.remote',
  'transcript',
  '*.transcript',
  'prompt',
  '*.prompt',
  'password',
  '*.password',
  'token',
  '*.token',
  'req.headers.authorization',
  'req.headers.cookie',
  'value',
  '*.value',
];

/** Strips credentials from a URL before it is logged (the WebSocket takes ?token=). */
function safeUrl(url: string): string {
  return url.replace(/([?&]token=)[^&]*/g, '$1[redacted]');
}

/** How log lines are written: one JSON object a line (collectors, tests), or readable lines for a person. */
export type LogFormat = 'json' | 'pretty';

/**
 * `auto` gives a person at a terminal readable lines and everything else JSON: a pipe, a file or a log
 * collector parses the lines, and production stays JSON even when started by hand in a terminal.
 */
export function logFormat(choice: 'auto' | LogFormat, env: { isTTY: boolean; nodeEnv: string | undefined }): LogFormat {
  if (choice !== 'auto') return choice;
  return env.isTTY && env.nodeEnv !== 'production' ? 'pretty' : 'json';
}

/**
 * Readable lines on stdout, written in this thread (pino-pretty as a stream, not a transport: the built server bundles
 * no worker for it).
 */
export function prettyDestination(): pino.DestinationStream {
  return pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', singleLine: true });
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: {
        req: (req: { method: string; url: string; id?: string }) => ({
          id: req.id,
          method: req.method,
          url: safeUrl(req.url),
        }),
        err: pino.stdSerializers.err,
      },
    },
    destination,
  );
}
