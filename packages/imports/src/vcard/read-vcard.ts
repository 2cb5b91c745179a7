import ICAL from 'ical.js';
import { fileError } from '../file-errors';
import { emptyCells, type ByteSource, type ImportSource, type SourceRow } from '../import-source';
import { decodeText } from '../internal/decode-text';
import { textLines } from '../internal/text-lines';
import { logicalLines, vcardBlocks, type RawCard } from './internal/vcard-cards';
import { vcardHeaders, type VcardHeader } from './vcard-headers';



export interface VcardReadOptions {
  encoding?: string;
  /** A larger card (photos excluded) is an invalid row. Default 1,000,000 characters. */
  maxCardChars?: number;
}

/** A jCard property: [name, params, type, ...values]. */
type JProperty = [string, Record<string, unknown>, string, ...unknown[]];

const text = (value: unknown, joiner = ' '): string => {
  if (Array.isArray(value)) return value.map((v) => text(v, joiner)).filter(Boolean).join(joiner);
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
};

function types(prop: JProperty): string[] {
  const type = prop[1].type;
  const list = Array.isArray(type) ? type : [type];
  return list.filter((t): t is string => typeof t === 'string').map((t) => t.toLowerCase());
}

const preferred = (prop: JProperty) => types(prop).includes('pref') || prop[1].pref === '1' || prop[1].pref === 1;

/** Preferred values first (TYPE=pref in 3.0, PREF=1 in 4.0), then file order. */
function ordered(props: JProperty[]): JProperty[] {
  return [...props.filter(preferred), ...props.filter((p) => !preferred(p))];
}

function cardRow(line: number, jcard: unknown): SourceRow {
  const cells = emptyCells();
  for (const header of vcardHeaders) cells[header] = '';
  const props = (Array.isArray(jcard) && Array.isArray(jcard[1]) ? jcard[1] : []) as JProperty[];
  const all = (name: string) => props.filter((p) => p[0] === name);
  const first = (name: string) => ordered(all(name))[0];
  const set = (header: VcardHeader, value: string) => {
    cells[header] = value;
  };

  set('UID', text(first('uid')?.[3]));
  set('Full Name', text(first('fn')?.[3]));
  const n = first('n')?.[3];
  if (Array.isArray(n)) {
    set('Last Name', text(n[0]));
    set('First Name', text(n[1]));
    set('Middle Name', text(n[2]));
    set('Name Prefix', text(n[3]));
    set('Name Suffix', text(n[4]));
  } else if (typeof n === 'string') {
    set('Last Name', n.trim());
  }
  set('Nickname', text(first('nickname')?.slice(3), ', '));
  set('Emails', ordered(all('email')).map((p) => text(p[3])).filter(Boolean).join('; '));
  set(
    'Phones',
    ordered(all('tel'))
      .map((p) => text(p[3]).replace(/^tel:/i, ''))
      .filter(Boolean)
      .join('; '),
  );
  const org = first('org')?.[3];
  set('Organization', Array.isArray(org) ? text(org[0]) : text(org));
  if (Array.isArray(org)) set('Department', text(org.slice(1), ', '));
  set('Title', text(first('title')?.[3]));
  set('Role', text(first('role')?.[3]));
  const adr = (ordered(all('adr')).find((p) => types(p).includes('work')) ?? first('adr'))?.[3];
  if (Array.isArray(adr)) {
    // [PO box, extended address, street, locality, region, postal code, country]
    set('Street', text(adr[2], ', '));
    set('Street 2', [text(adr[1], ', '), text(adr[0], ', ')].filter(Boolean).join(', '));
    set('City', text(adr[3], ', '));
    set('Region', text(adr[4], ', '));
    set('Postal Code', text(adr[5], ', '));
    set('Country', text(adr[6], ', '));
  }
  set('Website', text(first('url')?.[3]));
  set('Note', all('note').map((p) => text(p[3])).filter(Boolean).join('\n'));
  set('Birthday', text(first('bday')?.[3]));
  set('Categories', all('categories').flatMap((p) => p.slice(3).map((v) => text(v))).filter(Boolean).join('; '));
  return { status: 'ok', line, cells };
}

function parseCard(card: RawCard): SourceRow {
  if ('error' in card) {
    const cells = emptyCells();
    return { status: 'invalid', line: card.line, cells, issues: [{ code: 'malformed_card', message: card.error }] };
  }
  try {
    return cardRow(card.line, ICAL.parse(card.text));
  } catch (error) {
    const cells = emptyCells();
    const reason = error instanceof Error ? error.message : String(error);
    return { status: 'invalid', line: card.line, cells, issues: [{ code: 'malformed_card', message: `The card cannot be read: ${reason}` }] };
  }
}

/**
 * Opens a vCard file (2.1, 3.0 or 4.0, any number of cards): each card is one
 * contact row with the columns in `vcardHeaders`. Cards are parsed one at a
 * time with ical.js, so a malformed card is an invalid row and the next card
 * still reads. Photos and other binary properties are skipped.
 *
 * @example
 * const source = await readVcard(upload);
 * for await (const row of source.rows) if (row.status === 'ok') console.log(row.cells.Emails);
 */
export async function readVcard(input: ByteSource, options: VcardReadOptions = {}): Promise<ImportSource> {
  const maxCardChars = options.maxCardChars ?? 1_000_000;
  const decoded = await decodeText(input, { encoding: options.encoding });
  const cards = vcardBlocks(logicalLines(textLines(decoded.chunks, maxCardChars), maxCardChars), maxCardChars);
  const first = await cards.next();
  if (first.done) throw fileError('no_records', 'The file contains no vCard (no BEGIN:VCARD … END:VCARD block)');
  const firstCard = first.value;
  let closed = false;

  async function* rows(): AsyncGenerator<SourceRow> {
    try {
      yield parseCard(firstCard);
      for await (const card of cards) yield parseCard(card);
    } finally {
      closed = true;
    }
  }

  return {
    format: 'vcard',
    headers: [...vcardHeaders],
    rows: rows(),
    meta: { encoding: decoded.encoding },
    async close() {
      if (!closed) {
        closed = true;
        await cards.return(undefined);
      }
    },
  };
}
