export { damerauLevenshtein, jaccard, jaro, jaroWinkler, levenshteinSimilarity, maxCompareLength, softTokenSimilarity, tokenSetSimilarity } from './compare-strings';
export {
  codeSetSimilarity,
  dateSimilarity,
  domainSimilarity,
  emailSimilarity,
  exactSimilarity,
  nameSimilarity,
  numericSimilarity,
  phoneSimilarity,
  phoneticCodes,
  phoneticSimilarity,
  postcodeSimilarity,
} from './compare-values';
export { foldText, isInitial, nicknameKeys, normaliseName, normaliseOrganisationName, normalisePersonName, sameFormalName } from './normalise-name';
export { emailDomain, emailLocalPart, normaliseDomain, normaliseEmail, normalisePhone, phoneTail } from './normalise-contact';
export { normaliseAddress, normaliseDate, normalisePostcode } from './normalise-address';
export { comparatorNames, defaultComparators, defaultLevels, levelOf, resolveFieldSpecs } from './field-spec';
export type { ComparatorName, DedupeRecord, FieldKind, FieldSpec, FieldValue, ResolvedFieldSpec } from './field-spec';
export { extractCodes, maxValuesPerField, prepareRecords } from './prepare-records';
export type { PrepareOptions, PreparedRecords, PreparedValue } from './prepare-records';
export { comparePairs, createPairComparer, featuresOf, fieldComparator, personNameSimilarity } from './compare-fields';
export type { ComparisonMatrix, FeatureRef, FieldComparator, PairComparer } from './compare-fields';
export { generateCandidates } from './blocking';
export type { BlockingOptions, BlockingRule, CandidatePairs, KeyPart, KeyTransform, OversizeBlock } from './blocking';
export { assertSameFeatures, createWeightedModel } from './pair-model';
export type { FieldReason, PairModel, PairModelKind, WeightedModelJson } from './pair-model';
export { fitFellegiSunter, loadFellegiSunter } from './fellegi-sunter';
export type { FellegiSunterField, FellegiSunterFit, FellegiSunterJson, FellegiSunterModel, FitFellegiSunterOptions } from './fellegi-sunter';
export { encodePair, loadPairClassifier, trainPairClassifier } from './pair-classifier';
export type { PairClassifierJson, PairClassifierKind, PairClassifierOptions } from './pair-classifier';
export { clusterPairs } from './cluster-pairs';
export type { Cluster, ClusterInput } from './cluster-pairs';
export { defaultThresholds, findDuplicates, matchRecord, recordBlockingKeys, scorePairs } from './find-duplicates';
export type { DedupeRun, DedupeStats, DedupeThresholds, DuplicateDecision, DuplicateGroup, DuplicatePair, FindDuplicatesOptions, GroupReason, MatchRecordOptions } from './find-duplicates';
export { companyBlocking, companyFields, contactBlocking, contactFields } from './presets';
export { pairwiseMetrics, truePairsOf } from './pairwise-metrics';
export type { PairwiseMetrics } from './pairwise-metrics';
export { createDuplicateService, duplicateObjects } from './service/duplicate-service';
export type { DuplicateService, DuplicateServiceDeps, RescanResult } from './service/duplicate-service';
export { keysOf } from './service/duplicate-keys';
export type { RecordKeys } from './service/duplicate-keys';
export { duplicateRoutes } from './service/duplicate-routes';
export { duplicateRecordIds } from './service/duplicate-store';
export type { PairReason, ScoredPair } from './service/duplicate-store';
export { groupId, groupPairs, pageGroups } from './service/duplicate-groups';
export type { DuplicateGroupView } from './service/duplicate-groups';
export type { MergeView } from './service/merge-store';
export { addressLine, probeOf, toDedupeRecord } from './service/dedupe-records';
