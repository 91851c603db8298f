/**
 * Recordings kept in an S3-compatible bucket (LIVESPACE_RECORDING_S3_BUCKET). A call is spooled to a local file as it
 * happens (crash-safe: `<LIVESPACE_DATA_DIR>/recordings/spool/`) and uploaded when it ends, then the spool file is
 * removed; a spool file a crash left is uploaded at the next start. Reads pass the HTTP Range on to GetObject.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { RecordingBody, RecordingResult, RecordingStore } from '@livespace/app/ports/index';
import { byteRange, fileName, Spool } from '../recordings-folder/spool';

export interface S3RecordingOptions {
  bucket: string;
  /** A custom endpoint (MinIO, Ceph, R2, a local stand-in): path-style addressing is used with it. */
  endpoint?: string;
  region?: string;
  /** Key prefix of the objects (default `recordings/`). */
  prefix?: string;
  /** The local spool folder. */
  spoolDir: string;
  /** Default: the standard AWS variables and profiles (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, …). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export class S3RecordingStore implements RecordingStore {
  readonly kind = 's3' as const;
  private readonly spool: Spool;
  private readonly client: S3Client;
  private readonly prefix: string;

  constructor(private readonly opts: S3RecordingOptions) {
    this.spool = new Spool(opts.spoolDir);
    this.prefix = opts.prefix ?? 'recordings/';
    this.client = new S3Client({
      region: opts.region ?? 'us-east-1',
      // Checksums only where S3 requires them: the SDK's default (an aws-chunked body with a trailing checksum for
      // streamed uploads) is not understood by many S3-compatible servers, which would store the chunk framing.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      ...(opts.endpoint ? { endpoint: opts.endpoint, forcePathStyle: true } : {}),
      ...(opts.credentials ? { credentials: opts.credentials } : {}),
    });
  }

  key(sessionId: string): string {
    return `${this.prefix}${fileName(sessionId)}`;
  }

  spoolPath(sessionId: string): string {
    return this.spool.path(sessionId);
  }

  async finish(sessionId: string, _result: RecordingResult): Promise<{ location: string }> {
    const path = this.spool.path(sessionId);
    const size = (await stat(path)).size;
    const key = this.key(sessionId);
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.opts.bucket,
        Key: key,
        Body: createReadStream(path),
        ContentLength: size,
        ContentType: 'audio/wav',
      }),
    );
    await this.spool.remove(sessionId);
    return { location: `s3://${this.opts.bucket}/${key}` };
  }

  async open(sessionId: string, range?: { start: number; end?: number }): Promise<RecordingBody | null> {
    const Key = this.key(sessionId);
    let size: number;
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.opts.bucket, Key }));
      size = head.ContentLength ?? 0;
    } catch (err) {
      if (notFound(err)) return null;
      throw err;
    }
    const r = byteRange(size, range);
    const got = await this.client.send(
      new GetObjectCommand({ Bucket: this.opts.bucket, Key, ...(range ? { Range: `bytes=${r.start}-${r.end}` } : {}) }),
    );
    const body = got.Body;
    if (!body) throw new Error('the bucket answered without a body');
    const stream =
      body instanceof Readable
        ? body
        : Readable.fromWeb(body.transformToWebStream() as Parameters<typeof Readable.fromWeb>[0]);
    return { stream, size, range: r };
  }

  async erase(sessionId: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.opts.bucket, Key: this.key(sessionId) }));
    await this.spool.remove(sessionId);
  }

  unfinished(): Promise<Array<{ sessionId: string; result: RecordingResult }>> {
    return this.spool.unfinished();
  }

  close(): void {
    this.client.destroy();
  }
}

function notFound(err: unknown): boolean {
  if (err instanceof S3ServiceException)
    return err.$metadata.httpStatusCode === 404 || err.name === 'NotFound' || err.name === 'NoSuchKey';
  return (err as { name?: string }).name === 'NotFound';
}
