/**
 * The recording player in real Chromium against the real server (espeak speech): a live recorded call is marked in
 * its Live Calls row and drawer; once it ends the drawer shows the player: the waveform drawn from the decoded file,
 * Play really plays (the <audio> element's time advances), clicking a transcript line seeks there and highlights the
 * line being heard. Screenshot: docs/recording-player.png (with UPDATE_SCREENSHOTS=1).
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { before, describe, it } from 'node:test';
import { browserSuite } from './browser-suite';
import { waitUntil } from './live-calls.page';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const shots = () => {
  const dirs = [`${ROOT}test-results`, ...(process.env.UPDATE_SCREENSHOTS === '1' ? [`${ROOT}docs`] : [])];
  for (const d of dirs) mkdirSync(d, { recursive: true });
  return dirs;
};

type Detail = {
  state: string;
  startedAt: string;
  transcript: Array<{ lineId: string; speaker: string; text: string; at: string; partial?: boolean }>;
  recording?: { status: string; startedAt: string } | null;
};

describe('Call recordings in Chromium', () => {
  const suite = browserSuite({ env: { LIVESPACE_SIM_RING_MS: '200' } });
  const { calls, post, signedIn } = suite;
  let collections: string;

  before(async () => {
    const agents = (
      (await (await suite.server.api('/api/agents')).json()) as { items: Array<{ id: string; name: string }> }
    ).items;
    collections = agents.find((a) => /Collections/.test(a.name))?.id ?? agents[0]!.id;
  });

  const detail = async (id: string) => (await (await suite.server.api(`/api/sessions/${id}`)).json()) as Detail;
  const heard = (id: string, n: number) =>
    waitUntil(
      `the caller to hear ${n} line(s)`,
      async () =>
        ((await (await suite.server.api(`/api/simulator/calls/${id}`)).json()) as { heard: unknown[] }).heard.length >=
        n,
      30_000,
    );

  it('marks a recorded call, then plays it: waveform, play, seek from the transcript', async () => {
    const p = await signedIn();
    const r = await post('/api/simulator/calls', { persona: 'manual', agentId: collections });
    const { sessionId: id } = (await r.json()) as { sessionId: string };
    calls.push(id);

    // Live: the row and the drawer say the call is being recorded.
    await p.row(id).waitFor();
    await p.row(id).getByTestId('row-recorded').waitFor();
    await p.openByClick(id);
    await p.page.getByTestId('detail-recorded').waitFor();
    assert.equal((await p.page.getByTestId('detail-recorded').textContent())?.trim(), 'Recording…');
    assert.equal(await p.page.getByTestId('recording-player').count(), 0, 'no player while the call goes on');

    await heard(id, 1);
    await post(`/api/simulator/calls/${id}/say`, { text: 'Hello, I am calling about my invoice from last month' });
    await waitUntil(
      "the caller's line",
      async () => (await detail(id)).transcript.some((l) => l.speaker === 'caller' && !l.partial),
      30_000,
    );
    await heard(id, 2);
    await post(`/api/simulator/calls/${id}/hangup`);
    await waitUntil('the call to end', async () => (await detail(id)).state === 'ended', 30_000);

    // Ended, in the same drawer: the player, its waveform drawn once the file is decoded.
    await p.page.locator('[data-testid=detail-ended]').waitFor();
    assert.equal((await p.page.getByTestId('detail-recorded').textContent())?.trim(), 'Recorded');
    await p.page.locator('[data-testid=recording-wave][data-ready=true]').waitFor({ timeout: 30_000 });
    const inked = await p.page.getByTestId('recording-wave').evaluate((el) => {
      const c = el as HTMLCanvasElement;
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
      return { n, of: c.width * c.height };
    });
    assert.ok(inked.n > inked.of * 0.05, `the waveform is drawn (${inked.n} of ${inked.of} pixels)`);

    // Play: the audio really plays.
    const audio = p.page.getByTestId('recording-audio');
    await p.page.getByTestId('recording-play').click();
    await waitUntil(
      'the recording to play',
      async () => (await audio.evaluate((a) => (a as HTMLAudioElement).currentTime)) > 0.5,
      15_000,
    );
    assert.equal(await audio.evaluate((a) => (a as HTMLAudioElement).paused), false);
    await p.page.locator('[data-testid=transcript-line][data-heard=true]').waitFor();

    // A transcript line seeks there (its time minus the recording's start).
    const d = await detail(id);
    const line = d.transcript.find((l) => l.speaker === 'caller' && !l.partial)!;
    const expected = (Date.parse(line.at) - Date.parse(d.recording?.startedAt ?? d.startedAt)) / 1000;
    await p.page.locator(`[data-testid=transcript-line][data-line-id="${line.lineId}"]`).click();
    await waitUntil(
      'the seek',
      async () => Math.abs((await audio.evaluate((a) => (a as HTMLAudioElement).currentTime)) - expected) < 0.6,
      5000,
    );
    await p.page.locator(`[data-testid=transcript-line][data-line-id="${line.lineId}"][data-heard=true]`).waitFor();
    assert.match(
      (await p.page.getByTestId('recording-download').getAttribute('href')) ?? '',
      new RegExp(`/api/sessions/${id}/recording\\?download=1$`),
    );

    await audio.evaluate((a) => (a as HTMLAudioElement).pause());
    for (const dir of shots())
      await p.page.getByTestId('session-detail').screenshot({ path: `${dir}/recording-player.png` });
  });
});
