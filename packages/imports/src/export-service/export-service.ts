import type { AuthContext } from '@nexus/platform';
import type { ExportDownload, ExportServiceDeps } from './export-deps';
import { exportRecords, type RecordExportRequest } from './record-export';
import { exportWorkspace } from './workspace-export';

/**
 * Streamed exports: a filtered list of one record type as CSV, JSON or
 * vCard, and the whole workspace as one JSON document. Records are read in
 * pages of `pageSize`, each in its own short read, as the client takes them.
 *
 * @example
 * const exports = createExportService({ db, records: core.records, pipelines: core.pipelines, log, clock });
 * const file = await exports.records(auth, { object: 'contacts', format: 'vcard' });
 */
export function createExportService(deps: ExportServiceDeps) {
  return {
    records: (auth: AuthContext, request: RecordExportRequest, requestId: string | null = null): Promise<ExportDownload> => exportRecords(deps, auth, request, requestId),
    workspace: (auth: AuthContext, requestId: string | null = null): Promise<ExportDownload> => exportWorkspace(deps, auth, requestId),
  };
}

export type ExportService = ReturnType<typeof createExportService>;
