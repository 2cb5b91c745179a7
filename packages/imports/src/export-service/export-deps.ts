import type { Readable } from 'node:stream';
import type { PipelineService, RecordService } from '@nexus/crm-core';
import type { Database } from '@nexus/db';
import type { Clock, Logger } from '@nexus/platform';

export interface ExportServiceDeps {
  db: Database;
  records: RecordService;
  pipelines: PipelineService;
  log: Logger;
  clock: Clock;
  /** Records read per page (one short read each). Default 1000. */
  pageSize?: number;
}

/** A file on its way out: the bytes are produced as the client reads them. */
export interface ExportDownload {
  filename: string;
  contentType: string;
  body: Readable;
}

export const defaultExportPageSize = 1000;

/** `contacts-2024-05-01.csv` */
export function exportFilename(stem: string, now: Date, extension: string): string {
  return `${stem}-${now.toISOString().slice(0, 10)}.${extension}`;
}
