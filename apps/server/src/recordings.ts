/** Call recordings' wiring: a folder (default) or an S3-compatible bucket, behind the app's RecordingService. */
import { join, resolve } from 'node:path';
import { RecordingService, type Clock, type RecordingRows, type RecordingStore } from '@livespace/app';
import { FolderRecordingStore } from '@livespace/adapters/recordings-folder/folder.recordings';
import { S3RecordingStore } from '@livespace/adapters/recordings-s3/s3.recordings';
import type { Logger } from 'pino';
import type { Config } from './config';

export interface Recordings {
  service: RecordingService;
  files: RecordingStore;
  close(): void;
}

function openRecordings(config: Config, rows: RecordingRows, clock: Clock, log: Logger): Recordings {
  const dir = resolve(config.LIVESPACE_DATA_DIR, 'recordings');
  const s3 = config.LIVESPACE_RECORDING_S3_BUCKET
    ? new S3RecordingStore({
        bucket: config.LIVESPACE_RECORDING_S3_BUCKET,
        region: config.LIVESPACE_RECORDING_S3_REGION,
        prefix: config.LIVESPACE_RECORDING_S3_PREFIX,
        spoolDir: join(dir, 'spool'),
        ...(config.LIVESPACE_RECORDING_S3_ENDPOINT ? { endpoint: config.LIVESPACE_RECORDING_S3_ENDPOINT } : {}),
      })
    : null;
  const files: RecordingStore = s3 ?? new FolderRecordingStore(dir);
  const service = new RecordingService({
    files,
    rows,
    clock,
    enabled: config.LIVESPACE_RECORDING === 'on',
    logger: log.child({ component: 'recordings' }),
  });
  return { service, files, close: () => s3?.close() };
}

/** Opens the recordings; a spool file a crash left is finished (kept, or uploaded) before any new call. */
export async function startRecordings(
  config: Config,
  rows: RecordingRows,
  clock: Clock,
  log: Logger,
): Promise<Recordings> {
  const recorder = openRecordings(config, rows, clock, log);
  const finishedRecordings = await recorder.service.recover().catch((err: unknown) => {
    log.error({ err }, 'finishing recordings left by a stopped server failed');
    return 0;
  });
  if (finishedRecordings > 0) log.info({ finishedRecordings }, 'finished recordings left by a stopped server');
  return recorder;
}
