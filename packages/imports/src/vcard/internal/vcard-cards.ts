import iconv from 'iconv-lite';
import type { TextLine } from '../../internal/text-lines';

/** One BEGIN:VCARD … END:VCARD block, unfolded, ready for ical.js. */
export type RawCard = { line: number; text: string } | { line: number; error: string };

/** Photos, logos, sounds and keys are large and never imported: dropped while reading. */
const binaryProperties = new Set(['photo', 'logo', 'sound', 'key']);

interface LogicalLine {
  line: number;
  text: string;
  truncated: boolean;
}

function propertyName(text: string): string {
  const match = /^(?:[A-Za-z0-9-]+\.)?([A-Za-z0-9-]+)/.exec(text);
  return (match?.[1] ?? '').toLowerCase();
}

const isQuotedPrintable = (text: string) => /^[^:]*;(?:ENCODING=)?QUOTED-PRINTABLE[;:]/i.test(text);

/**
 * Joins folded lines (a leading space or tab continues the previous line,
 * RFC 6350 §3.2) and vCard 2.1 quoted-printable soft breaks (a trailing `=`).
 */
export async function* logicalLines(lines: AsyncIterable<TextLine>, maxChars: number): AsyncGenerator<LogicalLine> {
  let current: LogicalLine | undefined;
  for await (const physical of lines) {
    if (current && isQuotedPrintable(current.text) && current.text.endsWith('=')) {
      if (current.text.length + physical.text.length > maxChars) current.truncated = true;
      else current.text = current.text.slice(0, -1) + physical.text;
      continue;
    }
    const first = physical.text.charCodeAt(0);
    if (current && (first === 32 || first === 9)) {
      if (current.text.length + physical.text.length > maxChars) current.truncated = true;
      else current.text += physical.text.slice(1);
      current.truncated ||= physical.truncated;
      continue;
    }
    if (current) yield current;
    current = { line: physical.line, text: physical.text, truncated: physical.truncated };
  }
  if (current) yield current;
}

/** Splits `NAME;P=1;Q:value` at the first colon outside double quotes. */
function splitLine(text: string): { head: string; value: string } | undefined {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') quoted = !quoted;
    else if (char === ':' && !quoted) return { head: text.slice(0, i), value: text.slice(i + 1) };
  }
  return undefined;
}

function decodeQuotedPrintable(value: string, charset: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const char = value[i];
    const hex = value.slice(i + 1, i + 3);
    if (char === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(char ?? '', 'utf8'));
    }
  }
  return iconv.decode(Buffer.from(bytes), iconv.encodingExists(charset) ? charset : 'utf-8');
}

/**
 * Rewrites a vCard 2.1 line as 3.0: bare parameters (`TEL;WORK;VOICE`)
 * become `TYPE=`, quoted-printable values are decoded in their charset and
 * re-escaped, so ical.js reads the card as 3.0.
 */
export function upgradeLine21(text: string): string {
  const parts = splitLine(text);
  if (!parts) return text;
  const [name = '', ...params] = parts.head.split(';');
  let charset = 'utf-8';
  let quotedPrintable = false;
  const types: string[] = [];
  const kept: string[] = [];
  for (const param of params) {
    const eq = param.indexOf('=');
    const key = (eq < 0 ? param : param.slice(0, eq)).toUpperCase();
    const val = eq < 0 ? '' : param.slice(eq + 1);
    if (eq < 0 && key === 'QUOTED-PRINTABLE') quotedPrintable = true;
    else if (key === 'ENCODING') quotedPrintable ||= val.toUpperCase() === 'QUOTED-PRINTABLE';
    else if (key === 'CHARSET') charset = val.toLowerCase();
    else if (eq < 0) types.push(param);
    else if (key === 'TYPE') types.push(val);
    else kept.push(param);
  }
  let value = parts.value;
  if (quotedPrintable) value = decodeQuotedPrintable(value, charset).replace(/\r\n|\r|\n/g, '\\n');
  else if (charset !== 'utf-8') value = iconv.decode(Buffer.from(value, 'latin1'), iconv.encodingExists(charset) ? charset : 'utf-8');
  const head = [name, ...(types.length > 0 ? [`TYPE=${types.join(',')}`] : []), ...kept].join(';');
  return `${head}:${value}`;
}

/**
 * Groups logical lines into cards. Text between cards is ignored; a card that
 * never ends, or is cut by the next BEGIN, is reported and reading goes on.
 */
export async function* vcardBlocks(lines: AsyncIterable<LogicalLine>, maxCardChars: number): AsyncGenerator<RawCard> {
  let card: { line: number; lines: string[]; chars: number; version: string; tooLarge: boolean } | undefined;
  for await (const logical of lines) {
    const trimmed = logical.text.trim();
    const upper = trimmed.toUpperCase();
    if (upper === 'BEGIN:VCARD') {
      if (card) yield { line: card.line, error: 'The card has no END:VCARD before the next card begins' };
      card = { line: logical.line, lines: [], chars: 0, version: '', tooLarge: false };
      continue;
    }
    if (!card) continue;
    if (upper === 'END:VCARD') {
      if (card.tooLarge) yield { line: card.line, error: 'The card is too large to import' };
      else {
        // A card without VERSION is 2.1 by the 2.1 spec; 2.1 is rewritten as 3.0 for ical.js.
        const upgrade = card.version === '2.1' || card.version === '';
        const body = card.lines.map((l) => (upgrade ? upgradeLine21(l) : l));
        const version = upgrade ? '3.0' : card.version;
        yield { line: card.line, text: ['BEGIN:VCARD', `VERSION:${version}`, ...body, 'END:VCARD', ''].join('\r\n') };
      }
      card = undefined;
      continue;
    }
    if (trimmed === '') continue;
    const name = propertyName(trimmed);
    if (binaryProperties.has(name)) continue;
    if (name === 'version') {
      card.version = trimmed.slice(trimmed.indexOf(':') + 1).trim();
      continue;
    }
    if (logical.truncated) card.tooLarge = true;
    card.chars += logical.text.length;
    if (card.chars > maxCardChars) card.tooLarge = true;
    if (!card.tooLarge) card.lines.push(logical.text);
  }
  if (card) yield { line: card.line, error: 'The file ends inside a card (no END:VCARD)' };
}
