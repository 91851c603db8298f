/**
 * The status a server answers to an upload it refuses before reading it all (401, 413): the body is declared in
 * full but only its first `sendBytes` are sent. `fetch` cannot tell this: it fails when the server closes the
 * connection while the body is still being written, though the answer had already come.
 */
import { request } from 'node:http';

export function partialUploadStatus(
  url: URL,
  headers: Record<string, string>,
  declaredBytes: number,
  sendBytes = 64 * 1024,
): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { ...headers, 'content-length': String(declaredBytes) } },
      (res) => {
        resolve(res.statusCode ?? 0);
        res.resume();
        req.destroy();
      },
    );
    req.on('error', (err) =>
      ['ECONNRESET', 'EPIPE'].includes((err as { code?: string }).code ?? '') ? undefined : reject(err),
    );
    // A server that waited for the rest would never answer.
    req.write(Buffer.alloc(Math.min(sendBytes, declaredBytes), 'a'));
    setTimeout(() => reject(new Error('no answer while the body was still coming')), 5000).unref();
  });
}
