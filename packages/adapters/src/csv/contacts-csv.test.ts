import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readContactsCsv } from './contacts-csv';

test('reads contacts with line numbers; bad rows are reported, the rest kept', () => {
  const csv =
    '\uFEFFphone,name,timezone,persona,plan\n+14155550100,Ann,America/New_York,interested,gold\n"(415) 555-0101","Lee, Bo",,,\nnope,Cy,,,\n\n+14155550102,Di,Mars/Base,,\n"+14155550103","multi\nline name",,busy,silver\n';
  const r = readContactsCsv(csv, 'US');
  assert.ok(r.ok);
  assert.deepEqual(
    r.contacts.map((c) => [c.line, c.phone, c.name]),
    [
      [2, '+14155550100', 'Ann'],
      [3, '+14155550101', 'Lee, Bo'],
      [8, '+14155550103', 'multi\nline name'],
    ],
  );
  assert.deepEqual(r.contacts[0]!.variables, { plan: 'gold', name: 'Ann' });
  assert.deepEqual(
    r.invalid.map((i) => i.line),
    [4, 6],
  );
  assert.match(r.invalid[1]!.reason, /time zone/);
});

test('refuses what is not a contacts CSV', () => {
  const noPhone = readContactsCsv('name\nAnn\n', 'US');
  assert.equal(noPhone.ok, false);
  if (!noPhone.ok) assert.match(noPhone.message, /phone/);
  const broken = readContactsCsv('phone,name\n+14155550100,"unclosed\n', 'US');
  assert.equal(broken.ok, false);
  if (!broken.ok) assert.match(broken.message, /CSV/);
  assert.equal(readContactsCsv('', 'US').ok, false);
});

test('off the event loop: a worker thread reads the same report, for 20,000 rows too', async () => {
  const { readContactsCsvOffThread } = await import('./read-contacts-csv');
  const rows = Array.from({ length: 20_000 }, (_, i) => `+1415555${String(i % 10_000).padStart(4, '0')},Contact ${i}`);
  const text = `phone,name\n${rows.join('\n')}\nnot-a-number,Bad\n`;
  const off = await readContactsCsvOffThread(text, 'US');
  assert.deepEqual(off, readContactsCsv(text, 'US'));
  assert.ok(off.ok && off.contacts.length === 20_000 && off.invalid.length === 1);
  assert.deepEqual(await readContactsCsvOffThread('name\nAnn\n', 'US'), readContactsCsv('name\nAnn\n', 'US'));
});
