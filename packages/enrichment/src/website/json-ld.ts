import type { Address } from '../fields';
import { isRecord, nonEmptyString } from '../internal/text';

/** What a JSON-LD Organization (or one of its subtypes) says about the company. */
export interface JsonLdOrganization {
  type: string;
  name?: string;
  legalName?: string;
  url?: string;
  description?: string;
  logo?: string;
  sameAs: string[];
  address?: Address;
  telephone?: string;
  email?: string;
  foundingDate?: string;
  numberOfEmployees?: { min?: number; max?: number; value?: number };
  industry?: string;
}

const maxNodes = 2000;
const maxDepth = 10;

const organizationTypes = /^(?:schema:|https?:\/\/schema\.org\/)?(Organization|Corporation|LocalBusiness|OnlineBusiness|OnlineStore|NGO|Airline|Consortium|EducationalOrganization|GovernmentOrganization|MedicalOrganization|SportsOrganization|NewsMediaOrganization|ResearchOrganization|PerformingGroup|Store|ProfessionalService|FinancialService|LegalService|Restaurant|Hotel|\w+(?:Organization|Business|Corporation))$/;

type JsonNode = Record<string, unknown>;

function typesOf(node: JsonNode): string[] {
  const type = node['@type'];
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter((t): t is string => typeof t === 'string');
  return [];
}

/** Parses the text of one <script type="application/ld+json">, tolerating the wrappers CMSs leave in it. */
export function parseJsonLd(text: string): unknown {
  const trimmed = text.replace(/^\s*(<!--|\/\/\s*<!\[CDATA\[|<!\[CDATA\[)/, '').replace(/(-->|\/\/\s*]]>|]]>)\s*$/, '').trim();
  if (trimmed === '') return undefined;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    try {
      // Raw newlines and tabs inside strings are the most common breakage.
      // eslint-disable-next-line no-control-regex
      return JSON.parse(trimmed.replace(/[\u0000-\u001f]+/g, ' ')) as unknown;
    } catch {
      return undefined;
    }
  }
}

/** Every object node in a JSON-LD document (arrays and @graph flattened), bounded in count and depth. */
function collectNodes(documents: unknown[]): JsonNode[] {
  const nodes: JsonNode[] = [];
  const visit = (value: unknown, depth: number): void => {
    if (nodes.length >= maxNodes || depth > maxDepth) return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    if (!isRecord(value)) return;
    nodes.push(value);
    for (const child of Object.values(value)) if (typeof child === 'object' && child !== null) visit(child, depth + 1);
  };
  for (const doc of documents) visit(doc, 0);
  return nodes;
}

/**
 * The Organization a site describes about itself: among the JSON-LD nodes
 * typed Organization or a subtype, the one whose url is on the site's
 * domain, else the first with a name.
 */
export function findOrganization(documents: unknown[], siteHost: string): JsonLdOrganization | undefined {
  const nodes = collectNodes(documents);
  const byId = new Map<string, JsonNode>();
  for (const node of nodes) {
    const id = node['@id'];
    // A bare {"@id": …} is a reference, not the node it points at.
    if (typeof id === 'string' && !byId.has(id) && Object.keys(node).length > 1) byId.set(id, node);
  }
  // {"@id": "#logo"} points at a node elsewhere in the graph.
  const deref = (value: unknown): unknown => {
    if (isRecord(value) && typeof value['@id'] === 'string' && Object.keys(value).length === 1) return byId.get(value['@id']) ?? value;
    return value;
  };
  const orgs = nodes.filter((node) => typesOf(node).some((t) => organizationTypes.test(t)) && nonEmptyString(node.name));
  if (orgs.length === 0) return undefined;
  const bareHost = siteHost.replace(/^www\./, '');
  const onSite = orgs.find((org) => {
    const url = nonEmptyString(org.url);
    return url !== undefined && URL.canParse(url) && new URL(url).hostname.replace(/^www\./, '') === bareHost;
  });
  const org = onSite ?? orgs[0];
  if (!org) return undefined;
  return readOrganization(org, deref);
}

function firstOf(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

function readOrganization(node: JsonNode, deref: (value: unknown) => unknown): JsonLdOrganization {
  const text = (value: unknown, max = 500): string | undefined => {
    const v = deref(firstOf(value));
    if (isRecord(v)) return nonEmptyString(v.name, max) ?? nonEmptyString(v['@value'], max);
    return typeof v === 'number' ? String(v) : nonEmptyString(v, max);
  };
  const url = (value: unknown): string | undefined => {
    const v = deref(firstOf(value));
    if (isRecord(v)) return nonEmptyString(v.url, 2048) ?? nonEmptyString(v.contentUrl, 2048) ?? nonEmptyString(v['@id'], 2048);
    return nonEmptyString(v, 2048);
  };
  const org: JsonLdOrganization = { type: typesOf(node)[0] ?? 'Organization', sameAs: [] };
  const set = <K extends keyof JsonLdOrganization>(key: K, value: JsonLdOrganization[K] | undefined): void => {
    if (value !== undefined) org[key] = value;
  };
  set('name', text(node.name, 300));
  set('legalName', text(node.legalName, 300));
  set('url', url(node.url));
  set('description', text(node.description, 2000));
  set('logo', url(node.logo) ?? url(node.image));
  const sameAs = Array.isArray(node.sameAs) ? node.sameAs : [node.sameAs];
  org.sameAs = sameAs.slice(0, 50).flatMap((s) => {
    const value = url(s);
    return value ? [value] : [];
  });
  set('address', readAddress(deref(firstOf(node.address)), deref));
  const contact = deref(firstOf(node.contactPoint));
  set('telephone', text(node.telephone, 60) ?? (isRecord(contact) ? text(contact.telephone, 60) : undefined));
  const email = text(node.email, 300) ?? (isRecord(contact) ? text(contact.email, 300) : undefined);
  set('email', email?.replace(/^mailto:/i, ''));
  set('foundingDate', text(node.foundingDate, 40));
  set('numberOfEmployees', readEmployees(deref(firstOf(node.numberOfEmployees))));
  set('industry', text(node.industry, 200) ?? text(node.naics, 200));
  return org;
}

function readAddress(value: unknown, deref: (value: unknown) => unknown): Address | undefined {
  if (typeof value === 'string') {
    const street = nonEmptyString(value, 300);
    return street ? { street } : undefined;
  }
  if (!isRecord(value)) return undefined;
  const field = (v: unknown, max: number): string | undefined => {
    const d = deref(firstOf(v));
    return isRecord(d) ? nonEmptyString(d.name, max) : typeof d === 'number' ? String(d) : nonEmptyString(d, max);
  };
  const address: Address = {};
  const street = field(value.streetAddress, 300);
  const city = field(value.addressLocality, 200);
  const region = field(value.addressRegion, 200);
  const postalCode = field(value.postalCode, 40);
  const country = field(value.addressCountry, 100);
  if (street) address.street = street;
  if (city) address.city = city;
  if (region) address.region = region;
  if (postalCode) address.postalCode = postalCode;
  if (country) address.country = country;
  return Object.keys(address).length > 0 ? address : undefined;
}

function readEmployees(value: unknown): JsonLdOrganization['numberOfEmployees'] {
  const num = (v: unknown): number | undefined => {
    const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v.replace(/[,\s+]/g, '')) : NaN;
    return Number.isFinite(n) && n >= 0 && n < 1e8 ? Math.round(n) : undefined;
  };
  if (isRecord(value)) {
    const result: { min?: number; max?: number; value?: number } = {};
    const v = num(value.value);
    const min = num(value.minValue);
    const max = num(value.maxValue);
    if (v !== undefined) result.value = v;
    if (min !== undefined) result.min = min;
    if (max !== undefined) result.max = max;
    return Object.keys(result).length > 0 ? result : undefined;
  }
  const v = num(value);
  return v === undefined ? undefined : { value: v };
}
