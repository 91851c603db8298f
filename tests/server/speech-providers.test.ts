/**
 * OpenAI-compatible speech providers on a real Twilio call: the agents speak through `/audio/speech`
 * (TTS_PROVIDER=openai) and hear callers through `/audio/transcriptions` (STT_PROVIDER=openai), against
 * local stand-ins of both; a failing synthesis shows on the session and the call goes on.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { TwilioStandIn, type StandInPhone } from '@livespace/adapters/carrier-twilio/testing/twilio.stand-in';
import { TranscriptionsStandIn } from '@livespace/adapters/stt-openai/testing/transcriptions.stand-in';
import { SpeechStandIn } from '@livespace/adapters/tts-openai/testing/speech.stand-in';
import { EspeakTts } from '@livespace/adapters/tts-espeak/espeak.tts';
import { startServer, type StartedServer } from '../support/start-server';
import { freePort } from '../support/free-port';
import { waitUntil } from '../support/wait';

type Line = { speaker: string; text: string; kind?: string; partial?: boolean };
type Detail = {
  id: string;
  state: string;
  callerNumber: string;
  health?: { level: string; reasons: Array<{ code: string; text: string }> };
  transcript: Line[];
};

const ACCOUNT = `AC${randomBytes(16).toString('hex')}`;
const TOKEN = randomBytes(16).toString('hex');
const CLINIC = '+14155550153';

describe('OpenAI-compatible speech providers on Twilio calls', () => {
  let s: StartedServer;
  let tw: TwilioStandIn;
  let stt: TranscriptionsStandIn;
  let tts: SpeechStandIn;
  let voice: EspeakTts;
  let base: string;
  const detail = async (id: string) => (await (await s.api(`/api/sessions/${id}`)).json()) as Detail;
  const sessionOf = (phone: StandInPhone) =>
    waitUntil('the session', async () =>
      ((await (await s.api('/api/sessions?state=all')).json()) as { items: Detail[] }).items.find(
        (x) => x.callerNumber === phone.from,
      ),
    );
  const aiSaid = (d: Detail, re: RegExp) =>
    d.transcript.some((l) => l.speaker === 'ai' && !l.partial && re.test(l.text));

  before(async () => {
    tw = new TwilioStandIn({ accountSid: ACCOUNT, authToken: TOKEN });
    stt = new TranscriptionsStandIn();
    tts = new SpeechStandIn();
    voice = new EspeakTts();
    const [twilioApi, sttUrl, ttsUrl, port] = [
      await tw.start(),
      await stt.start(),
      await tts.start(),
      await freePort(),
    ];
    base = `http://127.0.0.1:${port}`;
    s = await startServer({
      env: {
        PORT: String(port),
        PUBLIC_URL: base,
        TWILIO_ACCOUNT_SID: ACCOUNT,
        TWILIO_AUTH_TOKEN: TOKEN,
        TWILIO_API_BASE_URL: twilioApi,
        STT_PROVIDER: 'openai',
        STT_BASE_URL: sttUrl,
        STT_API_KEY: 'sk-stt',
        TTS_PROVIDER: 'openai',
        TTS_BASE_URL: ttsUrl,
        TTS_API_KEY: 'sk-tts',
        TTS_VOICE: 'nova',
      },
    });
    const agents = ((await (await s.api('/api/agents')).json()) as { items: Array<{ id: string; name: string }> })
      .items;
    const clinic = agents.find((a) => /Clinic/.test(a.name))!.id;
    assert.equal(
      (
        await s.api('/api/numbers', {
          method: 'POST',
          json: { number: CLINIC, agentId: clinic, carrier: 'twilio', channels: ['voice'] },
        })
      ).status,
      201,
    );
  });
  after(async () => {
    await s?.stop();
    await tw?.stop();
    await stt?.close();
    await tts?.close();
    await voice?.close();
  });

  it('speaks through the speech endpoint and hears the caller through the transcription endpoint', async () => {
    const phone = await tw.call({ voiceUrl: `${base}/webhooks/twilio/voice`, from: '+14155550109', to: CLINIC });
    const session = await sessionOf(phone);
    await waitUntil(
      'the greeting is heard',
      async () => (phone.heard.speechFrames > 50 && aiSaid(await detail(session.id), /How can I help/)) || null,
    );
    const asked = tts.requests.find((r) => /How can I help you today/.test(r.body.input ?? ''));
    assert.ok(asked, 'the greeting was synthesized by the provider');
    assert.deepEqual(
      [asked.body.voice, asked.authorization],
      ['nova', 'Bearer sk-tts'],
      'an espeak voice name maps to TTS_VOICE',
    );
    stt.reply('I would like to book an appointment');
    phone.say(await voice.synthesize('I would like to book an appointment', 'en-us+m3'));
    await waitUntil(
      'the AI answers what the caller said',
      async () => aiSaid(await detail(session.id), /What day and time/) || null,
      20_000,
    );
    const heard = stt.requests.at(-1)!;
    assert.equal(heard.authorization, 'Bearer sk-stt');
    assert.ok(
      heard.wav.durationMs > 1000 && heard.wav.durationMs < 4000,
      `the caller's utterance was sent as one WAV (${heard.wav.durationMs} ms)`,
    );
    await phone.hangup();
  });

  it('shows a failing speech provider on the session and its health; the call goes on without audio for that line', async () => {
    const phone = await tw.call({ voiceUrl: `${base}/webhooks/twilio/voice`, from: '+14155550110', to: CLINIC });
    const session = await sessionOf(phone);
    await waitUntil('the greeting is said', async () => aiSaid(await detail(session.id), /How can I help/) || null);
    tts.status = 500;
    // A line matching nothing: the AI answers with a reprompt never said before (a cached line would need no provider).
    stt.reply('the weather is lovely today');
    phone.say(await voice.synthesize('the weather is lovely today', 'en-us+m3'));
    const d = await waitUntil(
      'the failure shows',
      async () => {
        const x = await detail(session.id);
        return x.health?.reasons.some((r) => r.code === 'provider_error') ? x : null;
      },
      20_000,
    );
    assert.ok(
      d.transcript.some(
        (l) => l.kind === 'error' && /^Speech synthesis failed: .*\(the line was sent without audio\)$/.test(l.text),
      ),
      'the failure is a line of the transcript',
    );
    await waitUntil(
      'the AI still answers (the line, without audio)',
      async () => aiSaid(await detail(session.id), /^Sorry, I can book an appointment/) || null,
    );
    assert.equal(d.state, 'ai_active');
    tts.status = null;
    await phone.hangup();
  });
});
