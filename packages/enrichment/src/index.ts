/**
 * @nexus/enrichment: the pure core of the Enrichment service. Normalisation
 * on write, company from an email's domain, company website metadata (SSRF-safe),
 * email signature parsing, paid provider plug-ins (People Data Labs, Apollo)
 * behind a caching, credit-counting, fill-only-if-empty enricher. Every
 * value carries its provenance: source, confidence and time.
 */
export { provenance, sourced } from './provenance';
export type { Provenance, ProvenanceSource, Sourced } from './provenance';
export { sizeBand, socialNetworks } from './fields';
export type { Address, AddressInput, CompanyFields, CurrentValues, FieldCandidates, PersonFields, SocialLinks, SocialNetwork } from './fields';
export { isEmptyValue, proposeChanges } from './propose-changes';
export type { ChangeKind, FieldConflict, Proposal, ProposedChange } from './propose-changes';

export { normalisePhone } from './normalise/phone';
export type { NormalisedPhone, NormalisedPhoneValue, PhoneInvalidReason, PhoneOptions, PhoneType } from './normalise/phone';
export { normaliseEmail } from './normalise/email';
export type { EmailInvalidReason, NormalisedEmail } from './normalise/email';
export { capitaliseNameField, normaliseName } from './normalise/name';
export type { NameInvalidReason, NormalisedName, PersonName } from './normalise/name';
export { normaliseDomain, normaliseUrl } from './normalise/url';
export type { NormalisedDomain, NormalisedUrl, UrlInvalidReason } from './normalise/url';
export { normaliseCountry, timeZoneFor } from './normalise/country';
export type { CountryInvalidReason, GuessedTimeZone, NormalisedCountry, TimeZoneBasis } from './normalise/country';
export { normaliseAddress } from './normalise/address';
export { normaliseCompany, normaliseContact } from './normalise/normalise-record';
export type { CompanyInput, ContactInput, NormalisationIssue, NormaliseOptions, NormalisedCompany, NormalisedContact, NormalisedRecord } from './normalise/normalise-record';

export { classifyMailDomain, companyCandidatesFromEmail, companyFromEmail, companyNameFromDomain } from './company/company-from-email';
export type { CompanyFromEmail, MailDomainKind } from './company/company-from-email';

export { fetchCompanyMetadata, defaultUserAgent } from './website/fetch-company-metadata';
export type { CompanyMetadataResult, FetchCompanyMetadataDeps, FetchFailureReason } from './website/fetch-company-metadata';
export { extractCompanyMetadata } from './website/extract-metadata';
export type { CompanyMetadata } from './website/extract-metadata';
export type { JsonLdOrganization } from './website/json-ld';
export { companyCandidatesFromWebsite } from './website/company-candidates';
export { checkAddress } from './website/address-policy';
export type { AddressVerdict } from './website/address-policy';

export { parseSignature } from './signature/parse-signature';
export type { ParsedSignature, ParseSignatureOptions, PhoneLabel, SignaturePhone } from './signature/parse-signature';
export { contactCandidatesFromSignature } from './signature/signature-candidates';

export type { CompanyQuery, EnrichmentProvider, PersonQuery, ProviderFailureReason, ProviderLookup } from './providers/provider';
export { createPeopleDataLabsProvider } from './providers/people-data-labs';
export type { PeopleDataLabsOptions } from './providers/people-data-labs';
export { createApolloProvider } from './providers/apollo';
export type { ApolloOptions } from './providers/apollo';

export { createEnricher } from './enricher/create-enricher';
export type { EnrichInput, Enricher, EnricherDeps, EnrichmentOutcome, ProviderAttempt } from './enricher/create-enricher';
export { createMemoryCreditLedger } from './enricher/ports';
export type { CreditLedger, CreditRequest, EnrichmentCache } from './enricher/ports';

export { createNormaliseOnWrite, normaliseImportInput } from './service/normalise-on-write';
export type { NormaliseOnWriteOptions } from './service/normalise-on-write';
export { createEnrichmentService } from './service/enrichment-service';
export type { EnrichmentService, EnrichmentServiceDeps, EnrichmentSettings } from './service/enrichment-service';
export { enrichmentRoutes } from './service/enrichment-routes';
export { createDbCreditLedger } from './service/credit-ledger';
export { qualityObjects, recordQuality, workspaceQuality } from './service/data-quality';
export type { DuplicateRecordIds, ObjectQuality, QualityObject, RecordIssue, RecordQuality, WorkspaceQuality } from './service/data-quality';
export type { ConflictingField, EnrichResult, EnrichSource, FilledField, SourceReport } from './service/enrich-record';
export type { StoredProvenance } from './service/provenance-store';
