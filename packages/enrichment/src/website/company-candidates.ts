import { sizeBand, type CompanyFields, type FieldCandidates } from '../fields';
import { registrableDomain } from '../internal/public-suffixes';
import { normaliseAddress } from '../normalise/address';
import { timeZoneFor } from '../normalise/country';
import { normaliseEmail } from '../normalise/email';
import { normalisePhone } from '../normalise/phone';
import { normaliseUrl } from '../normalise/url';
import { provenance, type Provenance } from '../provenance';
import type { CompanyMetadata } from './extract-metadata';

const nameConfidence = { 'og:site_name': 0.85, 'json-ld': 0.85, title: 0.6, 'application-name': 0.5 } as const;
const descriptionConfidence = { meta: 0.8, 'og:description': 0.75, 'json-ld': 0.8 } as const;
// og:image is usually a social share card, not a logo; a declared icon is small but certainly the brand's.
const logoConfidence = { 'json-ld': 0.9, 'og:image': 0.5, 'apple-touch-icon': 0.6, icon: 0.4 } as const;

/**
 * The company fields a fetched website offers, each with `website`
 * provenance and a confidence set by where on the page it was found.
 *
 * @example
 * const fields = companyCandidatesFromWebsite(metadata, 'https://www.acme.com/en/', new Date());
 * fields.name; // { value: 'Acme Robotics', provenance: { source: 'website', confidence: 0.85, at } }
 */
export function companyCandidatesFromWebsite(metadata: CompanyMetadata, finalUrl: string, at: Date | string): FieldCandidates<CompanyFields> {
  const p = (confidence: number): Provenance => provenance('website', confidence, at);
  const out: FieldCandidates<CompanyFields> = {};
  const site = normaliseUrl(URL.canParse(finalUrl) ? new URL(finalUrl).origin : finalUrl);
  if (site.valid) {
    out.website = { value: site.value, provenance: p(0.9) };
    out.domain = { value: registrableDomain(site.host) ?? site.host, provenance: p(0.85) };
  }
  if (metadata.name && metadata.sources.name) out.name = { value: metadata.name, provenance: p(nameConfidence[metadata.sources.name]) };
  if (metadata.description && metadata.sources.description) out.description = { value: metadata.description, provenance: p(descriptionConfidence[metadata.sources.description]) };
  if (metadata.logoUrl && metadata.sources.logoUrl) out.logoUrl = { value: metadata.logoUrl, provenance: p(logoConfidence[metadata.sources.logoUrl]) };
  if (Object.keys(metadata.socialLinks).length > 0) {
    const fromJsonLd = Object.values(metadata.sources.socialLinks ?? {}).every((s) => s === 'json-ld');
    out.socialLinks = { value: { ...metadata.socialLinks }, provenance: p(fromJsonLd ? 0.9 : 0.7) };
  }
  const org = metadata.organization;
  if (!org) return out;
  const address = org.address ? normaliseAddress(org.address) : undefined;
  if (address && Object.keys(address).length > 0) {
    out.address = { value: address, provenance: p(0.8) };
    if (address.country) {
      const zone = timeZoneFor({ country: address.country, region: address.region });
      if (zone) out.timeZone = { value: zone.timeZone, provenance: p(zone.confidence * 0.8) };
    }
  }
  if (org.telephone) {
    const phone = normalisePhone(org.telephone, { defaultCountry: address?.country });
    if (phone.valid) out.phone = { value: phone.value, provenance: p(0.8) };
  }
  if (org.email) {
    const email = normaliseEmail(org.email);
    if (email.valid) out.email = { value: email.value, provenance: p(0.8) };
  }
  const year = /^\s*(\d{4})/.exec(org.foundingDate ?? '')?.[1];
  const atDate = typeof at === 'string' ? new Date(at) : at;
  if (year && Number(year) >= 1500 && Number(year) <= atDate.getUTCFullYear()) out.foundedYear = { value: Number(year), provenance: p(0.8) };
  const employees = org.numberOfEmployees;
  const count = employees?.value ?? (employees?.min !== undefined && employees.max !== undefined ? Math.round((employees.min + employees.max) / 2) : employees?.min ?? employees?.max);
  if (count !== undefined && count > 0) {
    out.employeeCount = { value: count, provenance: p(0.6) };
    const band = sizeBand(count);
    if (band) out.size = { value: band, provenance: p(0.6) };
  }
  if (org.industry) out.industry = { value: org.industry, provenance: p(0.6) };
  return out;
}
