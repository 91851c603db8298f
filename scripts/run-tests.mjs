#!/usr/bin/env node
// Runs every test file (or those under the folders given as arguments) with node's test runner and tsx.
// Node 20's --test takes no globs, so the files are found here. Browser tests need Debian's Chromium.
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const roots = process.argv.slice(2).length ? process.argv.slice(2) : ['packages', 'apps/server', 'apps/web', 'tests'];
// Each argument is a folder (searched recursively) or one test file.
const files = roots
  .flatMap((root) =>
    (root.endsWith('.ts')
      ? [root]
      : readdirSync(root, { recursive: true, withFileTypes: false }).map((f) => join(root, String(f)))
    ).filter((f) => /\.test\.ts$/.test(f) && !f.includes('node_modules')),
  )
  .sort();

// Debian packages: Chromium for the browser tests (required); the espeak-ng program so the native speech engine is
// tested too (optional).
const needChromium =
  files.some((f) => f.includes('browser')) && !existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium');
const packages = [...(needChromium ? ['chromium'] : []), ...(existsSync('/usr/bin/espeak-ng') ? [] : ['espeak-ng'])];
const canApt = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get') && process.env.LIVESPACE_NO_APT !== '1';
if (packages.length && canApt) {
  console.log(`Installing Debian ${packages.join(' and ')} for the tests (apt-get)…`);
  const r = spawnSync(
    'bash',
    ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${packages.join(' ')}`],
    { stdio: 'inherit' },
  );
  if (r.status !== 0 && needChromium) process.exit(r.status ?? 1);
} else if (needChromium) {
  console.error(
    'Browser tests need Chromium at /usr/bin/chromium: run `sudo apt-get install -y chromium` (or set CHROMIUM_PATH).',
  );
  process.exit(1);
}

console.log(
  `Running ${files.length} test files${process.env.DATABASE_URL ? ' (PostgreSQL: DATABASE_URL)' : ''}${process.env.REDIS_URL ? ' (Redis: REDIS_URL)' : ''}`,
);
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], {
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
