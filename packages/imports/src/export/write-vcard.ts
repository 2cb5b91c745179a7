import { exportChunkChars, type ExportRecords } from './write-csv';

export interface VcardExportOptions {
  /** The contact's company name for ORG (records carry only its id). */
  companyName?: (contact: Record<string, unknown>) => string | null | undefined;
}

const encoder = new TextEncoder();

/** RFC 6350 §3.4 text escaping; `;` too, so one rule serves compound values. */
export function escapeVcardText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/,/g, '\\,').replace(/;/g, '\\;').replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * Folds a content line at 75 octets (RFC 6350 §3.2): continuation lines
 * start with a space. Never splits a UTF-8 sequence or a surrogate pair.
 */
export function foldLine(line: string): string {
  if (encoder.encode(line).length <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const char of line) {
    const size = encoder.encode(char).length;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      limit = 74;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const list = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : []);

function timestamp(value: unknown): string | undefined {
  if (typeof value !== 'string' && !(value instanceof Date)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** One contact as a vCard 4.0, CRLF line ends, folded. */
export function contactToVcard(contact: Record<string, unknown>, options: VcardExportOptions = {}): string {
  const firstName = text(contact.firstName);
  const lastName = text(contact.lastName);
  const emails = list(contact.emails);
  const phones = list(contact.phones);
  const fullName = [firstName, lastName].filter(Boolean).join(' ') || emails[0] || 'Unnamed contact';
  const externalId = text(contact.externalId);
  const id = text(contact.id);
  const lines = ['BEGIN:VCARD', 'VERSION:4.0'];
  if (externalId) lines.push(`UID;VALUE=text:${escapeVcardText(externalId)}`);
  else if (id) lines.push(`UID:urn:uuid:${id}`);
  lines.push(`FN:${escapeVcardText(fullName)}`);
  lines.push(`N:${[lastName, firstName, '', '', ''].map(escapeVcardText).join(';')}`);
  emails.forEach((email, i) => lines.push(`EMAIL${i === 0 ? ';PREF=1' : ''}:${escapeVcardText(email)}`));
  phones.forEach((phone, i) => lines.push(`TEL;VALUE=text${i === 0 ? ';PREF=1' : ''}:${escapeVcardText(phone)}`));
  const title = text(contact.title);
  if (title) lines.push(`TITLE:${escapeVcardText(title)}`);
  const company = options.companyName?.(contact);
  if (company) lines.push(`ORG:${escapeVcardText(company)}`);
  const address = typeof contact.address === 'object' && contact.address !== null ? (contact.address as Record<string, unknown>) : undefined;
  if (address && ['street', 'street2', 'city', 'region', 'postalCode', 'country'].some((k) => text(address[k]))) {
    // PO box; extended address (our street2); street; locality; region; postal code; country
    const parts = ['', text(address.street2), text(address.street), text(address.city), text(address.region), text(address.postalCode), text(address.country)];
    lines.push(`ADR:${parts.map(escapeVcardText).join(';')}`);
  }
  const tags = list(contact.tags);
  if (tags.length > 0) lines.push(`CATEGORIES:${tags.map(escapeVcardText).join(',')}`);
  const revision = timestamp(contact.updatedAt);
  if (revision) lines.push(`REV:${revision}`);
  lines.push('END:VCARD');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}

/**
 * Streams contacts as vCard 4.0 cards, one after another in one file, as
 * address books expect.
 *
 * @example
 * for await (const chunk of writeVcards(contacts, { companyName: (c) => names.get(c.companyId) })) stream.write(chunk);
 */
export async function* writeVcards(contacts: ExportRecords, options: VcardExportOptions = {}): AsyncGenerator<string> {
  let buffer = '';
  for await (const contact of contacts) {
    buffer += contactToVcard(contact, options);
    if (buffer.length >= exportChunkChars) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer.length > 0) yield buffer;
}
