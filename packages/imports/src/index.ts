/**
 * Imports and exports: reading uploaded files (CSV, .xlsx, vCard, JSON) into
 * rows, mapping their columns to CRM fields, turning rows into CRM Core
 * inputs, and writing records back out (CSV, JSON, vCard). Streaming
 * throughout; the import job, its tables and routes build on this.
 *
 * @example
 * const source = await openImportFile(upload, { filename });
 * const { mapping } = suggestMapping(source.headers, 'contacts', { customFields });
 * const convert = createRowConverter({ object: 'contacts', mapping, customFields });
 * for await (const row of source.rows) {
 *   const result = row.status === 'ok' ? convert(row) : { status: 'invalid', issues: row.issues };
 * }
 */
export { openImportFile, detectFormat } from './open-import-file';
export type { OpenImportFileOptions } from './open-import-file';
export { readCsv } from './csv/read-csv';
export type { CsvReadOptions } from './csv/read-csv';
export { readXlsx } from './xlsx/read-xlsx';
export type { XlsxReadOptions } from './xlsx/read-xlsx';
export { defaultArchiveLimits } from './xlsx/archive-limits';
export type { ArchiveLimits } from './xlsx/archive-limits';
export { readVcard } from './vcard/read-vcard';
export type { VcardReadOptions } from './vcard/read-vcard';
export { vcardHeaders } from './vcard/vcard-headers';
export { readJson } from './json/read-json';
export type { JsonReadOptions } from './json/read-json';
export { importFormats, emptyCells } from './import-source';
export type { ByteSource, ImportFormat, ImportSource, ImportSourceMeta, RowIssue, RowIssueCode, SourceRow } from './import-source';
export { fileError, fileErrorReason, fileErrorReasons } from './file-errors';
export type { FileErrorDetails, FileErrorReason } from './file-errors';

export { importFields, readOnlyPaths } from './mapping/field-catalog';
export type { FieldTarget, ImportCustomField, ImportField, SocialPlatform, ValueKind } from './mapping/field-catalog';
export { defaultMappingThreshold, detectLayout, suggestMapping } from './mapping/suggest-mapping';
export type { ColumnMapping, MappingSuggestion, SuggestMappingOptions } from './mapping/suggest-mapping';
export { layoutNames } from './mapping/layouts';
export type { LayoutName } from './mapping/layouts';
export { assertValidMapping, validateMapping } from './mapping/validate-mapping';
export type { MappingError, MappingErrorCode, MappingValidation, ResolvedColumn, ValidateMappingOptions } from './mapping/validate-mapping';

export { cleanCell, createRowConverter, toRecordInput } from './convert/row-converter';
export type { ConversionResult, RecordInput, RowConverterOptions, RowLookups } from './convert/row-converter';
export { detectDateOrder } from './convert/parse-dates';
export type { DateOrder } from './convert/parse-dates';

export { neutraliseCell, restoreNeutralisedCell } from './export/csv-injection';
export { exportColumns } from './export/export-columns';
export { writeCsv } from './export/write-csv';
export type { CsvExportOptions, ExportRecords } from './export/write-csv';
export { writeJson } from './export/write-json';
export type { JsonExportOptions } from './export/write-json';
export { contactToVcard, writeVcards } from './export/write-vcard';
export type { VcardExportOptions } from './export/write-vcard';

export { createExportService } from './export-service/export-service';
export type { ExportService } from './export-service/export-service';
export { exportRoutes } from './export-service/export-routes';
export { recordExportFormats } from './export-service/record-export';
export type { RecordExportFormat, RecordExportRequest } from './export-service/record-export';
export { workspaceExportFormat, workspaceExportVersion } from './export-service/workspace-export';
export type { ExportDownload, ExportServiceDeps } from './export-service/export-deps';

export { importRoutes, importView, uploadReadOptions } from './service/import-routes';
export type { ImportServiceDeps } from './service/import-routes';
export { createImportRunner, estimateRows } from './service/import-runner';
export type { ImportRunner, ImportRunnerDeps, ImportTask } from './service/import-runner';
export { revertImport, runImport } from './service/run-import';
export { convertRows, writeBatch } from './service/write-batch';
export type { ImportActor, ImportJobDeps } from './service/run-import';
export { importStatuses } from './service/import-store';
export type { ImportOptions, ImportRow, ImportStatus, OnExisting, QuarantinedRow } from './service/import-store';
