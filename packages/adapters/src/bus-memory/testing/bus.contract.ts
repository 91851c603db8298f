/** One contract for every Bus adapter. */
import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import type { Bus } from '@livespace/app/ports/index';

async function until(cond: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

export function busContract(name: string, open: () => Promise<{ a: Bus; b: Bus }>): void {
  describe(`Bus contract: ${name}`, () => {
    let a: Bus;
    let b: Bus;
    before(async () => {
      ({ a, b } = await open());
    });
    after(async () => {
      await a.close();
      if (b !== a) await b.close();
    });

    it('delivers in publish order to every subscriber, across connections', async () => {
      const got1: unknown[] = [];
      const got2: unknown[] = [];
      const off1 = await a.subscribe('t', (m) => got1.push(m));
      const off2 = await b.subscribe('t', (m) => got2.push(m));
      for (let i = 0; i < 100; i++) await a.publish('t', { i });
      await until(() => got1.length === 100 && got2.length === 100);
      assert.deepEqual(
        got2,
        Array.from({ length: 100 }, (_, i) => ({ i })),
      );
      await off1();
      await off2();
    });

    it('stops delivering after unsubscribe and keeps channels apart', async () => {
      const got: unknown[] = [];
      const off = await b.subscribe('x', (m) => got.push(m));
      await a.publish('y', 'other');
      await a.publish('x', 1);
      await until(() => got.length === 1);
      await off();
      await a.publish('x', 2);
      await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(got, [1]);
    });

    it('isolates a throwing subscriber', async () => {
      const got: unknown[] = [];
      const off1 = await b.subscribe('z', () => {
        throw new Error('boom');
      });
      const off2 = await b.subscribe('z', (m) => got.push(m));
      await a.publish('z', 'ok');
      await until(() => got.length === 1);
      await off1();
      await off2();
    });

    it('answers ping', async () => {
      await a.ping();
    });
  });
}
