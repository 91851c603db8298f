/** `npm start`: reads the configuration, starts Live Space, stops cleanly on SIGINT/SIGTERM. */
import { ConfigError, loadConfig } from './config';
import { openStore } from './open-store';
import { startBanner } from './start-banner';

let config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(78); // EX_CONFIG
  }
  throw err;
}

// The embedded database starts on its thread (PGlite compiles ~1 s of WebAssembly) while the rest of the server loads.
const store = openStore(config);
store.catch(() => undefined); // startServer awaits it and reports a failure
const { startServer } = await import('./server');
const server = await startServer(config, { store });
// Once, on stdout, as plain text (not a log line): where to go and how to sign in. The generated password is
// never in the structured logs.
process.stdout.write(
  startBanner({
    url: server.url,
    demo: config.LIVESPACE_DEMO,
    adminEmail: config.LIVESPACE_ADMIN_EMAIL,
    passwordConfigured: !!config.LIVESPACE_ADMIN_PASSWORD,
    ...(server.generatedAdminPassword ? { generatedPassword: server.generatedAdminPassword } : {}),
    ...(config.LIVESPACE_DEMO ? { simulatedAgents: config.LIVESPACE_DEMO_AGENTS } : {}),
  }),
);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    // A store that never answers must not keep the process from stopping: 10 s, then out.
    setTimeout(() => {
      console.error('Live Space: stopping took over 10 s (the store or the bus does not answer); exiting');
      process.exit(1);
    }, 10_000).unref();
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
