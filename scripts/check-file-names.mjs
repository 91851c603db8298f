#!/usr/bin/env node
// The file-naming rule (docs/architecture.md, habit 16), part of `npm run lint`: source files are kebab-case
// `<name>.<kind>.ts(x)`, the kind from the list below, or one kebab-case name. Prints the files that break it.
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

const KINDS = new Set([
  // Roles in the architecture.
  ...['machine', 'port', 'view', 'page', 'routes', 'route', 'module', 'worker', 'wire', 'sql'],
  ...['stand-in', 'contract', 'test', 'browser.test', 'bench'],
  // The ports an adapter implements.
  ...['store', 'bus', 'carrier', 'tts', 'stt', 'llm', 'rtc', 'recordings'],
  // The tools' own: `*.d.ts`, `vite.config.ts`.
  ...['d', 'config'],
]);
const NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

// Every source file below these folders (a clean clone or an archive alike: no git needed).
const SKIP = new Set(['node_modules', 'dist', 'test-results', 'results', '.git']);
function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return SKIP.has(e.name) ? [] : sources(p);
    return /\.(ts|tsx|mjs)$/.test(e.name) ? [p] : [];
  });
}
const files = ['apps', 'packages', 'tests', 'bench', 'scripts'].flatMap(sources);
const wrong = files.filter((f) => {
  const base = basename(f).replace(/\.(ts|tsx|mjs)$/, '');
  const dot = base.indexOf('.');
  if (dot < 0) return !NAME.test(base);
  let kind = base.slice(dot + 1);
  // A test of a file with a kind: `session.machine.test`, `openai.llm.test`.
  if (kind.endsWith('.test') && KINDS.has(kind.slice(0, -'.test'.length))) kind = 'test';
  return !NAME.test(base.slice(0, dot)) || !KINDS.has(kind);
});
if (wrong.length) {
  console.error(`File names outside the rule (docs/architecture.md, habit 16):\n  ${wrong.join('\n  ')}`);
  process.exit(1);
}
