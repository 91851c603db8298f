import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clearMessage, frames, markMessage, mediaMessage, parseStreamMessage } from './media-stream.wire';

const payload = Buffer.alloc(160, 0x7f).toString('base64');
const start = {
  event: 'start',
  sequenceNumber: '1',
  streamSid: 'MZ1',
  start: {
    streamSid: 'MZ1',
    accountSid: 'AC1',
    callSid: 'CA1',
    tracks: ['inbound'],
    customParameters: { a: 'b' },
    mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
  },
};

describe('Twilio Media Streams wire format', () => {
  it('reads every message Twilio sends', () => {
    assert.deepEqual(parseStreamMessage('{"event":"connected","protocol":"Call","version":"1.0.0"}'), {
      ok: true,
      event: { event: 'connected' },
    });
    const s = parseStreamMessage(JSON.stringify(start));
    assert.ok(
      s.ok && s.event.event === 'start' && s.event.start.callSid === 'CA1' && s.event.start.customParameters.a === 'b',
      'start read',
    );
    const m = parseStreamMessage(
      JSON.stringify({
        event: 'media',
        sequenceNumber: '2',
        streamSid: 'MZ1',
        media: { track: 'inbound', chunk: '1', timestamp: '5', payload },
      }),
    );
    assert.ok(m.ok && m.event.event === 'media', 'media read');
    assert.deepEqual(m.ok && m.event.event === 'media' ? [...m.event.audio.slice(0, 3)] : null, [0x7f, 0x7f, 0x7f]);
    assert.deepEqual(
      parseStreamMessage(
        JSON.stringify({
          event: 'dtmf',
          streamSid: 'MZ1',
          sequenceNumber: '3',
          dtmf: { track: 'inbound_track', digit: '#' },
        }),
      ),
      { ok: true, event: { event: 'dtmf', streamSid: 'MZ1', digit: '#' } },
    );
    assert.deepEqual(
      parseStreamMessage(
        JSON.stringify({ event: 'mark', streamSid: 'MZ1', sequenceNumber: '4', mark: { name: 'l1' } }),
      ),
      { ok: true, event: { event: 'mark', streamSid: 'MZ1', name: 'l1' } },
    );
    assert.deepEqual(
      parseStreamMessage(
        JSON.stringify({
          event: 'stop',
          streamSid: 'MZ1',
          sequenceNumber: '5',
          stop: { accountSid: 'AC1', callSid: 'CA1' },
        }),
      ),
      { ok: true, event: { event: 'stop', streamSid: 'MZ1' } },
    );
  });

  it('refuses what Twilio would never send, with a reason', () => {
    const bad = [
      'not json',
      '[]',
      'null',
      '{"event":"unknown"}',
      '{"event":"media","streamSid":"MZ1","media":{"payload":"%%%%"}}',
      '{"event":"media","streamSid":"MZ1","media":{"payload":"abc"}}',
      '{"event":"media","streamSid":"MZ1"}',
      '{"event":"dtmf","streamSid":"MZ1","dtmf":{"digit":"12"}}',
      '{"event":"start","streamSid":"MZ1"}',
      JSON.stringify({
        ...start,
        start: { ...start.start, mediaFormat: { encoding: 'audio/l16', sampleRate: 16000, channels: 1 } },
      }),
    ];
    for (const text of bad) {
      const r = parseStreamMessage(text);
      assert.equal(r.ok, false, text);
      assert.ok(!r.ok && r.reason.length > 0, `a reason for ${text}`);
    }
  });

  it('writes media, mark and clear as Twilio reads them, and cuts audio into 20 ms frames', () => {
    const frame = new Uint8Array(160).fill(0x11);
    assert.deepEqual(JSON.parse(mediaMessage('MZ9', frame)), {
      event: 'media',
      streamSid: 'MZ9',
      media: { payload: Buffer.from(frame).toString('base64') },
    });
    assert.deepEqual(JSON.parse(markMessage('MZ9', 'a"b')), { event: 'mark', streamSid: 'MZ9', mark: { name: 'a"b' } });
    assert.deepEqual(JSON.parse(clearMessage('MZ9')), { event: 'clear', streamSid: 'MZ9' });
    assert.deepEqual(
      [...frames(new Uint8Array(400))].map((f) => f.length),
      [160, 160],
      'a trailing partial frame is dropped',
    );
  });
});
