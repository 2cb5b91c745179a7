import type { OutboxSignal } from '@nexus/db';
import type { RouteDef } from '@nexus/http';
import { createPipelineService } from './pipelines/pipeline-service';
import { createRecordService } from './records/record-service';
import type { WriteHooks } from './records/write-hooks';
import { recordRoutes } from './routes/record-routes';
import { settingsRoutes } from './routes/settings-routes';
import { viewRoutes } from './routes/view-routes';
import { createSavedViewService } from './views/saved-view-service';

export { createRecordService, maxBatch } from './records/record-service';
export type { CreateOptions, ExpectedVersion, ListQuery, RecordContext, RecordService } from './records/record-service';
export type { ApiRecord } from './records/record-repo';
export { countRecords, readRecords, scanRecords } from './records/record-scan';
export { assertBulkObject, bulkObjects, createBulkWriter } from './records/bulk-write';
export type { BulkCreateResult, BulkIssue, BulkObject, BulkValidation, BulkWriter, LookupTables, RecordKeys } from './records/bulk-write';
export { createRecordMerger, maxMergedIds, mergeObjects } from './records/merge-records';
export type { MergeInput, MergeObject, MergeOptions, MergeResult, MergeSnapshot, RecordMerger, UndoResult } from './records/merge-records';
export { mergeableFields } from './records/merge-values';
export { matchableRecords, visibleRecordIds } from './records/find-candidates';
export type { MatchableObject, MatchableRecord } from './records/find-candidates';
export { parseFilter } from './routes/request-helpers';
export type { AfterWriteHookInput, FieldProvenance, HookContext, HookRecords, PrepareWriteHookInput, WriteHooks, WriteOptions } from './records/write-hooks';
export { profileRecords } from './records/record-profile';
export type { ProfileCheck, RecordProfile } from './records/record-profile';
export { createPipelineService, createDefaultPipeline } from './pipelines/pipeline-service';
export type { PipelineService } from './pipelines/pipeline-service';
export type { PipelineView, StageView } from './pipelines/pipeline-repo';
export { createSavedViewService } from './views/saved-view-service';
export type { SavedViewService } from './views/saved-view-service';
export type { SavedView } from './views/saved-view.schemas';
export { pipelineSummary } from './pipelines/pipeline-summary';
export type { PipelineSummary } from './pipelines/pipeline-summary';
export { objectNames, objectSpecs } from './objects/object-specs';
export type { ObjectName } from './objects/object-specs';
export { createDefinition, listDefinitions } from './custom-fields/custom-fields';
export type { CustomFieldDefinition, CustomFieldType } from './custom-fields/custom-fields';
export { normaliseAmount } from './objects/money';
export { seedDemoWorkspace, seedContacts } from './demo/demo-data';

/**
 * CRM Core: records, pipelines, custom fields, tags and the audit log.
 *
 * @example
 * const core = createCrmCore({ signal });
 * registerRoutes(app, core.routes, { db, authenticate });
 */
export function createCrmCore(deps: { signal?: OutboxSignal | undefined; writeHooks?: WriteHooks | undefined }) {
  const records = createRecordService(deps);
  const pipelines = createPipelineService(deps);
  const views = createSavedViewService(deps);
  const routes: RouteDef[] = [...recordRoutes(records), ...settingsRoutes(pipelines, deps.signal), ...viewRoutes(views)];
  return { records, pipelines, views, routes };
}

export type CrmCore = ReturnType<typeof createCrmCore>;
