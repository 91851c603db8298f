/** Serves the built web app at `/`, with index.html for client-side routes. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

/**
 * apps/web/dist, from this file (apps/server/src/http/web-static.ts, run through tsx) or from the built server it is
 * bundled into (apps/server/dist/*.js, `npm run build`; scripts/build-server.ts), one folder less deep.
 */
const WEB_DIST = fileURLToPath(
  new URL(import.meta.url.endsWith('.ts') ? '../../../web/dist/' : '../../web/dist/', import.meta.url),
);

export async function serveWeb(app: FastifyInstance, root = WEB_DIST): Promise<boolean> {
  if (!existsSync(`${root}/index.html`)) return false;
  await app.register(fastifyStatic, { root, wildcard: false, index: ['index.html'] });
  return true;
}

/** Whether a request that matched no route should get the web app (a page load) rather than a JSON 404. */
export function wantsWebApp(method: string, url: string): boolean {
  return (
    method === 'GET' && !url.startsWith('/api/') && !url.startsWith('/webhooks/') && !/\.[a-z0-9]+(\?|$)/i.test(url)
  );
}
