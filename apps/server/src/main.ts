/** `npm start`: reads the configuration, starts Live Space, stops cleanly on SIGINT/SIGTERM. */
import { ConfigError, loadConfig } from './config';
import { openStore } from './open-store';

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
if (server.generatedAdminPassword) {
  // Printed once, to the terminal only, so a newcomer can log in; it is not in the structured logs.
  console.log(`\n  First admin: ${config.LIVESPACE_ADMIN_EMAIL}\n  Password:    ${server.generatedAdminPassword}\n  (set LIVESPACE_ADMIN_PASSWORD to choose it)\n`);
}
console.log(`  Live Space: ${server.url}\n`);

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
    server.close().then(() => process.exit(0), () => process.exit(1));
  });
}
