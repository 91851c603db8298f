/**
 * What the OpenAI stand-ins (chat completions, speech, transcriptions) share: a server on a free loopback port whose
 * base URL ends in /v1, and OpenAI's error body.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { closeServer, listenLocal } from './stand-in-http';

export abstract class OpenAiStandIn {
  private server: Server | null = null;

  /** Listens on a random local port; returns the base URL (…/v1). */
  async start(): Promise<string> {
    const { server, url } = await listenLocal((req, res) => void this.handle(req, res).catch(() => res.destroy()));
    this.server = server;
    return `${url}/v1`;
  }

  async close(): Promise<void> {
    await closeServer(this.server);
  }

  /** Answers one request; if it throws, the connection is cut. */
  protected abstract handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

/** OpenAI's error body. */
export function openAiError(message: string, type: 'invalid_request_error' | 'server_error') {
  return { error: { message, type } };
}
