/**
 * Twilio's REST API as the carrier uses it (place a call, end a call, send a message), through the `twilio` package.
 */
import twilio from 'twilio';

interface CreateCallInput {
  to: string;
  from: string;
  /** Twilio fetches the call's TwiML here once it is answered (and machine detection has decided). */
  url: string;
  statusCallback: string;
  detectMachine: boolean;
  /** Seconds to let the phone ring. */
  timeoutSec: number;
}

export interface TwilioRest {
  createCall(input: CreateCallInput): Promise<{ sid: string }>;
  /** `completed` hangs up a call in progress; `canceled` stops one still queued or ringing. */
  endCall(sid: string, status: 'completed' | 'canceled'): Promise<void>;
  sendMessage(input: { to: string; from: string; body: string; statusCallback?: string }): Promise<{ sid: string }>;
}

/**
 * The package's HTTP client, sending every request to `baseUrl` instead of Twilio's own hosts (a compatible carrier, a
 * local stand-in).
 */
class RebasedRequestClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: string) {
    super({ timeout: 10_000 });
  }

  override request: twilio.RequestClient['request'] = (opts) => {
    const u = new URL(opts.uri);
    return super.request({ ...opts, uri: `${this.baseUrl.replace(/\/$/, '')}${u.pathname}${u.search}` });
  };
}

export function twilioRest(opts: { accountSid: string; authToken: string; apiBaseUrl?: string }): TwilioRest {
  const client = twilio(opts.accountSid, opts.authToken, {
    ...(opts.apiBaseUrl ? { httpClient: new RebasedRequestClient(opts.apiBaseUrl) } : { timeout: 10_000 }),
  });
  return {
    async createCall(input) {
      const call = await client.calls.create({
        to: input.to,
        from: input.from,
        url: input.url,
        method: 'POST',
        statusCallback: input.statusCallback,
        statusCallbackMethod: 'POST',
        statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
        timeout: input.timeoutSec,
        ...(input.detectMachine ? { machineDetection: 'DetectMessageEnd' } : {}),
      });
      return { sid: call.sid };
    },
    async endCall(sid, status) {
      await client.calls(sid).update({ status });
    },
    async sendMessage(input) {
      const m = await client.messages.create({
        to: input.to,
        from: input.from,
        body: input.body,
        ...(input.statusCallback ? { statusCallback: input.statusCallback } : {}),
      });
      return { sid: m.sid };
    },
  };
}
