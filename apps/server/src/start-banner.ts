/** What `npm start` / `npm run demo` prints once on stdout when the server is up: where to go and how to sign in. */

export interface BannerInput {
  url: string;
  demo: boolean;
  adminEmail: string;
  /** Set only when this start created the first admin with a generated password. */
  generatedPassword?: string;
  /** LIVESPACE_ADMIN_PASSWORD is set: the password is that one (never echoed: it may be a real secret). */
  passwordConfigured: boolean;
  /** The demo's simulated human agents, shown so nobody mistakes them for people. */
  simulatedAgents?: number;
}

/**
 * The banner: plain text, not a log line, so it stands out from the logs. A bare `Live Space: <url>` line
 * stays in it whatever else is printed: scripts and the server tests read the address from it.
 */
export function startBanner(b: BannerInput): string {
  const password =
    b.generatedPassword ??
    (b.passwordConfigured
      ? '(the one in LIVESPACE_ADMIN_PASSWORD)'
      : '(printed at the first start; delete the data folder to start over)');
  // Only when there is something to sign in with or a demo to explain: a plain restart prints just the address.
  if (!b.demo && !b.generatedPassword) return `  Live Space: ${b.url}\n`;
  const rows: Array<[string, string]> = [
    ['Open', b.url],
    ['Email', b.adminEmail],
    ['Password', password],
  ];
  if (b.generatedPassword) rows.push(['', 'shown only this once: set LIVESPACE_ADMIN_PASSWORD to choose it']);
  if (b.demo)
    rows.push([
      'Demo',
      `simulated calls and messages${b.simulatedAgents ? `, ${b.simulatedAgents} simulated human agents ("… (simulated)")` : ''}`,
    ]);
  const width = Math.max(...rows.map(([k, v]) => (k ? k.length + 2 : 0) + v.length)) + 4;
  const line = '═'.repeat(width);
  const body = rows.map(([k, v]) => `  ║ ${k ? `${`${k}:`.padEnd(10)}` : ' '.repeat(10)}${v}`);
  return [
    '',
    `  ╔${line}`,
    `  ║ ${b.demo ? 'Live Space demo' : 'Live Space'} is up`,
    ...body,
    `  ╚${line}`,
    '',
    `  Live Space: ${b.url}`,
    '',
  ].join('\n');
}
