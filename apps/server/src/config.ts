/**
 * The one typed configuration, read and validated once at start; a bad value stops the server with the variable named.
 */
import { z } from 'zod';
// The phone rules' module only, not the package's index: main.ts reads the configuration before the rest of the server
// loads.
import { isCountryCode, normalizePhone } from '@livespace/domain/phone';

const bool = z
  .enum(['0', '1', 'true', 'false', ''])
  .optional()
  .transform((v) => v === '1' || v === 'true');
const optional = z
  .string()
  .trim()
  .min(1)
  .optional()
  .or(z.literal('').transform(() => undefined));
const url = (schemes: string[]) =>
  optional.refine((v) => v === undefined || schemes.some((s) => v.startsWith(`${s}://`)), {
    message: `must start with ${schemes.map((s) => `${s}://`).join(' or ')}`,
  });

/** Days to keep (retention): a whole number from 1 to 36500; unset or empty keeps forever (null). */
const retentionDays = z
  .string()
  .trim()
  .optional()
  .refine(
    (v) => v === undefined || v === '' || (/^\d{1,5}$/.test(v) && Number(v) >= 1 && Number(v) <= 36_500),
    'must be a whole number of days from 1 to 36500 (leave it unset to keep forever)',
  )
  .transform((v) => (v === undefined || v === '' ? null : Number(v)));

const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone, e.g. Europe/Paris');

const Env = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(8080),
    HOST: z.string().trim().min(1).default('127.0.0.1'),
    LIVESPACE_DATA_DIR: z.string().trim().min(1).default('./data'),
    /** The embedded database's buffer cache (PostgreSQL's shared_buffers inside PGlite): most of its memory. */
    LIVESPACE_PGLITE_SHARED_BUFFERS: z
      .string()
      .trim()
      .regex(/^\d+(kB|MB|GB)$/, 'a size such as 32MB')
      .default('32MB'),
    DATABASE_URL: url(['postgres', 'postgresql']),
    REDIS_URL: url(['redis', 'rediss']),
    LIVESPACE_REDIS_PREFIX: z.string().trim().min(1).max(100).default('livespace:'),
    LIVESPACE_ADMIN_EMAIL: z.string().trim().toLowerCase().email().default('admin@localhost'),
    LIVESPACE_ADMIN_PASSWORD: optional.refine((v) => v === undefined || v.length >= 8, {
      message: 'must be at least 8 characters',
    }),
    LIVESPACE_DEMO: bool,
    LIVESPACE_DEMO_CALLS: z.coerce.number().int().min(0).max(2000).default(24),
    LIVESPACE_DEMO_CONVERSATIONS: z.coerce.number().int().min(0).max(2000).default(8),
    /** Demo: simulated human agents working the queues (0: none). */
    LIVESPACE_DEMO_AGENTS: z.coerce.number().int().min(0).max(20).default(8),
    /** Demo: a simulated agent holds a call a random time in this range (seconds, `min-max`). */
    LIVESPACE_DEMO_HANDLE_SECONDS: z
      .string()
      .trim()
      .regex(/^\d+(\.\d+)?-\d+(\.\d+)?$/, 'a range of seconds such as 20-90')
      .transform((v) => v.split('-').map(Number) as [number, number])
      .refine(([min, max]) => min > 0 && min <= max, 'the first number must be above 0 and not above the second')
      .default([20, 90]),
    /** Demo: a simulated agent claims an escalation once it has waited this long (a person there claims first). */
    LIVESPACE_DEMO_PICKUP_SECONDS: z.coerce.number().min(0).max(600).default(4),
    /** Demo: the simulated callers book callbacks only while fewer than this many are pending. */
    LIVESPACE_DEMO_CALLBACKS: z.coerce.number().int().min(0).max(1000).default(10),
    LIVESPACE_DEFAULT_AGENT: optional,
    LIVESPACE_TTS: z.enum(['espeak', 'none']).default('espeak'),
    /**
     * espeak-ng engine: the system program (`apt-get install espeak-ng`, ~10× faster) when installed, else the npm
     * WebAssembly build.
     */
    LIVESPACE_ESPEAK: z.enum(['auto', 'native', 'wasm']).default('auto'),
    LIVESPACE_NODE_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
    /** Extra ICE host addresses for WebRTC listeners (comma-separated); loopback by default so one-host setups work. */
    LIVESPACE_RTC_HOST_ADDRESSES: z
      .string()
      .default('127.0.0.1')
      .transform((v) =>
        v
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      ),
    /** Worker threads that pace and mix calls' audio (calls spread over them). */
    LIVESPACE_MEDIA_THREADS: z.coerce.number().int().min(1).max(16).default(1),
    LIVESPACE_PARTIAL_MS: z.coerce.number().int().min(50).max(5000).default(300),
    /** Queue figures: answered within this many seconds counts toward the service level. */
    LIVESPACE_SLA_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
    /** Queue figures of "the day" start again at this local time in LIVESPACE_QUEUE_TIMEZONE. */
    LIVESPACE_QUEUE_DAY_START: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM')
      .default('00:00'),
    LIVESPACE_QUEUE_TIMEZONE: timeZone.default('UTC'),
    /** Numbers typed without +country code are read in this country (ISO 3166 code). */
    LIVESPACE_DEFAULT_COUNTRY: z
      .string()
      .trim()
      .toUpperCase()
      .refine(isCountryCode, 'must be a country code such as US, GB, FR')
      .default('US'),
    /** The number our outbound calls show (E.164). */
    LIVESPACE_CALLER_ID: z
      .string()
      .trim()
      .refine((n) => normalizePhone(n).ok, 'must be a phone number in E.164, e.g. +15550100000')
      .transform((n) => {
        const r = normalizePhone(n);
        return r.ok ? r.e164 : n;
      })
      .default('+15550100000'),
    /**
     * Callers' time zone when nothing says theirs (a contact's `timezone` column does): "tomorrow at 10am" is read in
     * it.
     */
    LIVESPACE_TIMEZONE: timeZone.default('UTC'),
    /** A callback more than this late (say, the server was down at its time) is marked missed instead of dialed. */
    LIVESPACE_CALLBACK_GRACE_MINUTES: z.coerce
      .number()
      .min(0)
      .max(7 * 24 * 60)
      .default(30),
    /**
     * After a callback attempt with no conversation (no answer, busy, voicemail, failed), the next one is this much
     * later.
     */
    LIVESPACE_CALLBACK_RETRY_MINUTES: z.coerce
      .number()
      .min(0.01)
      .max(24 * 60)
      .default(15),
    /** How often each process looks for due callbacks (a booking on this process wakes it at once). */
    LIVESPACE_SCHEDULER_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
    /** How often each process's campaign dialer looks at running campaigns besides waking at each one's pace. */
    LIVESPACE_DIALER_TICK_MS: z.coerce.number().int().min(10).max(10_000).default(250),
    /** Simulator: how long a virtual phone rings before it is answered, and before an unanswered call gives up. */
    LIVESPACE_SIM_RING_MS: z.coerce.number().int().min(0).max(120_000).default(3000),
    LIVESPACE_SIM_NO_ANSWER_MS: z.coerce.number().int().min(0).max(300_000).default(20_000),
    /** A human agent whose browser has been gone this long becomes offline. */
    LIVESPACE_AGENT_GONE_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
    LIVESPACE_TOKEN_TTL_HOURS: z.coerce
      .number()
      .min(0.001)
      .max(24 * 90)
      .default(12),
    /** Sign-in attempts per minute for one email from one address; more answer 429 without hashing anything. */
    LIVESPACE_LOGIN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(10),
    /** Bearer token for GET /metrics; without one, only requests from this machine read it. */
    LIVESPACE_METRICS_TOKEN: z
      .string()
      .trim()
      .min(16)
      .optional()
      .or(z.literal('').transform(() => undefined)),
    LIVESPACE_LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(300),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** `auto`: readable lines on a terminal (outside production), JSON otherwise (see logger.ts). */
    LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
    NODE_ENV: optional,
    PUBLIC_URL: url(['http', 'https']),
    TWILIO_ACCOUNT_SID: optional,
    TWILIO_AUTH_TOKEN: optional,
    TWILIO_API_BASE_URL: url(['http', 'https']),
    WHATSAPP_VERIFY_TOKEN: optional,
    WHATSAPP_APP_SECRET: optional,
    WHATSAPP_ACCESS_TOKEN: optional,
    WHATSAPP_PHONE_NUMBER_ID: optional,
    WHATSAPP_API_BASE_URL: url(['http', 'https']),
    LLM_BASE_URL: url(['http', 'https']),
    LLM_API_KEY: optional,
    LLM_MODEL: z.string().trim().min(1).default('gpt-4o-mini'),
    /**
     * Post-call summaries: `auto` (the chat model when LLM_BASE_URL is set, else the flow's), `llm`, or `flow` (never
     * the model).
     */
    LIVESPACE_SUMMARY: z.enum(['auto', 'llm', 'flow']).default('auto'),
    /**
     * Longest silence of the chat model (before its first token, or between two) before the agent speaks its fallback.
     */
    LIVESPACE_LLM_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(10_000),
    /**
     * Chat templates that need one leading system message and alternating user/assistant turns: `auto`, `on`, `off`, or
     * per model (`off,gemma-2-9b-it=on`).
     */
    LIVESPACE_LLM_STRICT_ROLES: z
      .string()
      .trim()
      .regex(
        /^(?:(?:[^,=\s]+\s*=\s*)?(?:auto|on|off)(?:\s*,\s*(?:[^,=\s]+\s*=\s*)?(?:auto|on|off))*)?$/i,
        'auto, on, off, or model=auto|on|off entries separated by commas',
      )
      .default('auto'),
    /**
     * Speech recognition for real phone calls: `deepgram` (streaming) or `openai` (any OpenAI-compatible transcription
     * endpoint).
     */
    STT_PROVIDER: z
      .enum(['deepgram', 'openai', 'none', ''])
      .optional()
      .transform((v) => (v === '' || v === 'none' ? undefined : v)),
    DEEPGRAM_API_KEY: optional,
    DEEPGRAM_API_URL: url(['ws', 'wss']),
    DEEPGRAM_MODEL: z.string().trim().min(1).default('nova-2-phonecall'),
    STT_BASE_URL: url(['http', 'https']),
    STT_API_KEY: optional,
    STT_MODEL: z.string().trim().min(1).default('whisper-1'),
    /**
     * Speech synthesis of the agents: `espeak` (offline, the default) or `openai` (any OpenAI-compatible speech
     * endpoint).
     */
    TTS_PROVIDER: z
      .enum(['espeak', 'openai', ''])
      .optional()
      .transform((v) => (v === '' ? undefined : v)),
    TTS_BASE_URL: url(['http', 'https']),
    TTS_API_KEY: optional,
    TTS_MODEL: z.string().trim().min(1).default('tts-1'),
    TTS_VOICE: z.string().trim().min(1).default('alloy'),
    /** Health: a call where nobody speaks this long needs attention (critical at twice as long). */
    LIVESPACE_SILENCE_WARN_SECONDS: z.coerce.number().min(1).max(3600).default(15),
    /** Messages: a customer waiting this long for any answer needs a person (the conversation shows under Messages). */
    LIVESPACE_UNANSWERED_SECONDS: z.coerce
      .number()
      .min(1)
      .max(7 * 24 * 3600)
      .default(120),
    /** Messages: a conversation with no message either way for this long is closed. */
    LIVESPACE_CONVERSATION_IDLE_MINUTES: z.coerce
      .number()
      .min(0.05)
      .max(7 * 24 * 60)
      .default(30),
    /**
     * Record voice calls (an AI agent's `recording` overrides it); files go to <LIVESPACE_DATA_DIR>/recordings, or to
     * the bucket below.
     */
    LIVESPACE_RECORDING: z.enum(['on', 'off']).default('on'),
    /**
     * Keep recordings in this S3-compatible bucket (credentials: the standard AWS variables); unset: in the data
     * folder.
     */
    LIVESPACE_RECORDING_S3_BUCKET: optional,
    /** A custom S3 endpoint (MinIO, R2, …): path-style addressing is used with it. */
    LIVESPACE_RECORDING_S3_ENDPOINT: url(['http', 'https']),
    LIVESPACE_RECORDING_S3_REGION: z.string().trim().min(1).default('us-east-1'),
    /** Key prefix of the recordings in the bucket. */
    LIVESPACE_RECORDING_S3_PREFIX: z.string().trim().default('recordings/'),
    /** Health: an AI answer slower than this needs attention. */
    LIVESPACE_SLOW_TURN_SECONDS: z.coerce.number().min(0.1).max(600).default(3),
    /**
     * Retention: ended sessions (transcripts and everything about them) older than this many days are deleted, daily;
     * unset keeps them.
     */
    LIVESPACE_RETENTION_DAYS: retentionDays,
    /** Retention of recordings only; unset: as LIVESPACE_RETENTION_DAYS. */
    LIVESPACE_RECORDING_RETENTION_DAYS: retentionDays,
    /** Retention of the audit log's entries; unset keeps them. */
    LIVESPACE_AUDIT_RETENTION_DAYS: retentionDays,
  })
  .superRefine((c, ctx) => {
    if (
      c.LIVESPACE_RECORDING_RETENTION_DAYS !== null &&
      c.LIVESPACE_RETENTION_DAYS !== null &&
      c.LIVESPACE_RECORDING_RETENTION_DAYS > c.LIVESPACE_RETENTION_DAYS
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['LIVESPACE_RECORDING_RETENTION_DAYS'],
        message: `must not be longer than LIVESPACE_RETENTION_DAYS (${c.LIVESPACE_RETENTION_DAYS}): a recording is deleted with its session`,
      });
    }
    if (c.STT_PROVIDER === 'deepgram' && !c.DEEPGRAM_API_KEY)
      ctx.addIssue({ code: 'custom', path: ['DEEPGRAM_API_KEY'], message: 'is required with STT_PROVIDER=deepgram' });
    if (c.STT_PROVIDER === 'openai' && !c.STT_API_KEY && !c.STT_BASE_URL)
      ctx.addIssue({
        code: 'custom',
        path: ['STT_API_KEY'],
        message: 'is required with STT_PROVIDER=openai (or set STT_BASE_URL to a server that needs none)',
      });
    if (c.TTS_PROVIDER === 'openai' && !c.TTS_API_KEY && !c.TTS_BASE_URL)
      ctx.addIssue({
        code: 'custom',
        path: ['TTS_API_KEY'],
        message: 'is required with TTS_PROVIDER=openai (or set TTS_BASE_URL to a server that needs none)',
      });
  });

export type Config = z.infer<typeof Env>;

export class ConfigError extends Error {}

/** Parses the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const r = Env.safeParse(env);
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => `  ${String(i.path[0])}: ${i.message}`);
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}
