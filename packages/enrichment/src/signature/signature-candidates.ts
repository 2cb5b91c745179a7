import type { FieldCandidates, PersonFields } from '../fields';
import { normaliseName } from '../normalise/name';
import type { Sourced } from '../provenance';
import type { ParsedSignature } from './parse-signature';

/**
 * The contact fields a parsed signature offers, for `proposeChanges`. Fax
 * numbers are left out; the address stays as lines (it is not structured
 * reliably enough to split into street/city/postcode).
 *
 * @example
 * proposeChanges({ current: contact, candidates: [contactCandidatesFromSignature(parseSignature(body))] });
 */
export function contactCandidatesFromSignature(signature: ParsedSignature): FieldCandidates<PersonFields> {
  const out: FieldCandidates<PersonFields> = {};
  if (signature.name) {
    const name = normaliseName(signature.name.value);
    if (name.valid) {
      const first = [name.value.first, name.value.middle].filter(Boolean).join(' ');
      if (first && name.value.last) out.firstName = { value: first, provenance: signature.name.provenance };
      if (name.value.last) out.lastName = { value: name.value.last, provenance: signature.name.provenance };
    }
  }
  if (signature.title) out.title = signature.title;
  if (signature.company) out.companyName = signature.company;
  if (signature.email) out.emails = { value: [signature.email.value], provenance: signature.email.provenance };
  const phones = signature.phones.filter((p) => p.value.label !== 'fax');
  const [bestPhone] = [...phones].sort((a, b) => b.provenance.confidence - a.provenance.confidence);
  if (bestPhone) out.phones = { value: phones.map((p) => p.value.value), provenance: bestPhone.provenance } satisfies Sourced<string[]>;
  if (signature.linkedinUrl) out.socialLinks = { value: { linkedin: signature.linkedinUrl.value }, provenance: signature.linkedinUrl.provenance };
  return out;
}
