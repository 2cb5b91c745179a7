import { domainToUnicode } from 'node:url';
import { disposableDomains, disposableHints, freeMailBrandLabels, freeMailDomains } from '../internal/free-mail-domains';
import { publicSuffixOf, registrableDomain } from '../internal/public-suffixes';
import { capitaliseWord } from '../internal/text';
import { normaliseEmail, type EmailInvalidReason } from '../normalise/email';
import type { CompanyFields, FieldCandidates } from '../fields';
import { provenance, type Provenance, type Sourced } from '../provenance';

export type CompanyFromEmail =
  | { status: 'company'; domain: Sourced<string>; name: Sourced<string>; website: Sourced<string> }
  | { status: 'free_mail'; domain: string }
  | { status: 'disposable'; domain: string }
  | { status: 'invalid_email'; reason: EmailInvalidReason };

export type MailDomainKind = 'company' | 'free_mail' | 'disposable';

/**
 * Whether a mail domain belongs to an employer, a free-mail provider
 * (gmail, yahoo.*, outlook, gmx, qq, 163…) or a throwaway service.
 *
 * @example
 * classifyMailDomain('yahoo.co.uk');      // 'free_mail'
 * classifyMailDomain('mailinator.com');   // 'disposable'
 * classifyMailDomain('acme-robotics.de'); // 'company'
 */
export function classifyMailDomain(domain: string): MailDomainKind {
  const host = domain.toLowerCase().replace(/\.$/, '');
  const registrable = registrableDomain(host) ?? host;
  if (disposableDomains.has(host) || disposableDomains.has(registrable)) return 'disposable';
  const label = registrable.split('.')[0] ?? '';
  if (disposableHints.some((hint) => label.includes(hint))) return 'disposable';
  if (freeMailDomains.has(host) || freeMailDomains.has(registrable)) return 'free_mail';
  if (freeMailBrandLabels.has(label)) return 'free_mail';
  return 'company';
}

/**
 * A label printed in capitals rather than capitalised: a whole short label
 * ("ibm" → "IBM") or a word with digits ("3m" → "3M"). Inside a longer
 * label a short word is more likely a word ("big-data" → "Big Data").
 */
function looksLikeAcronym(word: string, alone: boolean): boolean {
  return /\d/.test(word) || (alone && word.length <= 3);
}

/**
 * A readable company name guessed from a domain's registrable label:
 * "acme-robotics.co.uk" → "Acme Robotics", "ibm.com" → "IBM".
 *
 * @example
 * companyNameFromDomain('acme-robotics.co.uk'); // 'Acme Robotics'
 */
export function companyNameFromDomain(domain: string): string | undefined {
  const registrable = registrableDomain(domain.toLowerCase()) ?? domain.toLowerCase();
  const suffix = publicSuffixOf(registrable);
  const label = registrable.slice(0, registrable.length - suffix.length - 1);
  const readable = label.startsWith('xn--') ? domainToUnicode(label) : label;
  if (!readable || readable.startsWith('xn--')) return undefined;
  const words = readable.split(/[-_]+/).filter(Boolean);
  if (words.length === 0) return undefined;
  return words.map((w) => (looksLikeAcronym(w, words.length === 1) ? w.toUpperCase() : capitaliseWord(w))).join(' ');
}

/**
 * The company behind an email address: its registrable domain, website and a
 * guessed name, unless the address is free-mail or disposable.
 *
 * @example
 * companyFromEmail('ada@eu.acme-robotics.co.uk', new Date());
 * // { status: 'company', domain: { value: 'acme-robotics.co.uk', … }, name: { value: 'Acme Robotics', … }, website: { value: 'https://acme-robotics.co.uk', … } }
 * companyFromEmail('ada@gmail.com', new Date()); // { status: 'free_mail', domain: 'gmail.com' }
 */
export function companyFromEmail(email: string, at: Date): CompanyFromEmail {
  const parsed = normaliseEmail(email);
  if (!parsed.valid) return { status: 'invalid_email', reason: parsed.reason };
  const kind = classifyMailDomain(parsed.domain);
  if (kind !== 'company') return { status: kind, domain: parsed.domain };
  const domain = registrableDomain(parsed.domain) ?? parsed.domain;
  const name = companyNameFromDomain(domain) ?? domain;
  // The domain is nearly certain (people mostly write from their employer's
  // domain); the name is only the domain made readable, so a real name from
  // the website or a provider should win over it.
  const domainProvenance: Provenance = provenance('email_domain', 0.9, at);
  return {
    status: 'company',
    domain: { value: domain, provenance: domainProvenance },
    website: { value: `https://${domain}`, provenance: provenance('email_domain', 0.7, at) },
    name: { value: name, provenance: provenance('email_domain', 0.4, at) },
  };
}

/**
 * The company fields an email domain offers, for `proposeChanges` (empty for free-mail and disposable addresses).
 *
 * @example
 * proposeChanges({ current: company, candidates: [companyCandidatesFromEmail(companyFromEmail(email, now)), website.candidates] });
 */
export function companyCandidatesFromEmail(result: CompanyFromEmail): FieldCandidates<CompanyFields> {
  if (result.status !== 'company') return {};
  return { domain: result.domain, website: result.website, name: result.name };
}
