/** How to read 03/04/2024: month first (US exports) or day first (most of the world). */
export type DateOrder = 'mdy' | 'dmy';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const months: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11, november: 11, dec: 12, december: 12,
};

interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millis: number;
  /** Minutes east of UTC; null when the text names no zone (read as UTC). */
  offset: number | null;
}

const fullYear = (year: string) => (year.length === 2 ? (Number(year) < 70 ? 2000 : 1900) + Number(year) : Number(year));

function validDate(year: number, month: number, day: number): boolean {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function parseTime(rest: string): Pick<DateParts, 'hour' | 'minute' | 'second' | 'millis' | 'offset'> | undefined {
  const text = rest.trim();
  if (text === '') return { hour: 0, minute: 0, second: 0, millis: 0, offset: null };
  const match = /^(?:T|\s|,)*(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(am|pm|a\.m\.|p\.m\.)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i.exec(text);
  if (!match) return undefined;
  let hour = Number(match[1]);
  const meridiem = match[5]?.toLowerCase().replace(/\./g, '');
  if (meridiem) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (meridiem === 'pm' ? 12 : 0);
  }
  const minute = Number(match[2]);
  const second = Number(match[3] ?? 0);
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const millis = Number((match[4] ?? '0').padEnd(3, '0').slice(0, 3));
  const zone = match[6]?.toUpperCase();
  let offset: number | null = null;
  if (zone === 'Z' || zone === 'UTC' || zone === 'GMT') offset = 0;
  else if (zone) {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0));
  }
  return { hour, minute, second, millis, offset };
}

function dateParts(text: string, order: DateOrder): DateParts | undefined {
  const value = text.trim();
  let match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(.*)$/.exec(value);
  if (match) return withTime(Number(match[1]), Number(match[2]), Number(match[3]), match[4] ?? '');
  // 31.12.2024: the dotted form is day first everywhere it is used.
  match = /^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?!\d)(.*)$/.exec(value);
  if (match) return withTime(fullYear(match[3] ?? ''), Number(match[2]), Number(match[1]), match[4] ?? '');
  match = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})(?!\d)(.*)$/.exec(value);
  if (match) {
    const a = Number(match[1]);
    const b = Number(match[2]);
    // An unambiguous date wins over the configured order: 31/12 is day first wherever it comes from.
    const dayFirst = a > 12 ? true : b > 12 ? false : order === 'dmy';
    return withTime(fullYear(match[3] ?? ''), dayFirst ? b : a, dayFirst ? a : b, match[4] ?? '');
  }
  // 5 Mar 2024, 05-Mar-24, 5. March 2024 (English month names)
  match = /^(\d{1,2})\.?[\s-]+([a-z]{3,9})\.?,?[\s-]+(\d{4}|\d{2})(?!\d)(.*)$/i.exec(value);
  if (match) {
    const month = months[(match[2] ?? '').toLowerCase()];
    if (month) return withTime(fullYear(match[3] ?? ''), month, Number(match[1]), match[4] ?? '');
  }
  // Mar 5, 2024 / March 5 2024
  match = /^([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(.*)$/i.exec(value);
  if (match) {
    const month = months[(match[1] ?? '').toLowerCase()];
    if (month) return withTime(Number(match[3]), month, Number(match[2]), match[4] ?? '');
  }
  return undefined;
}

function withTime(year: number, month: number, day: number, rest: string): DateParts | undefined {
  if (!validDate(year, month, day)) return undefined;
  const time = parseTime(rest);
  return time ? { year, month, day, ...time } : undefined;
}

/** Excel's day serial (45356 = 2024-03-05) when a date column was saved as a number. */
function fromSerial(text: string): Date | undefined {
  if (!/^\d{5}(\.\d+)?$/.test(text)) return undefined;
  const serial = Number(text);
  if (serial < 20_000 || serial > 80_000) return undefined;
  return new Date(Math.round((serial - 25569) * 86_400_000));
}

/** Seconds or milliseconds since 1970, as API exports write them. */
function fromEpoch(text: string): Date | undefined {
  if (/^\d{10}$/.test(text)) return new Date(Number(text) * 1000);
  if (/^\d{13}$/.test(text)) return new Date(Number(text));
  return undefined;
}

const isoDate = (date: Date) => date.toISOString().slice(0, 10);

/** A calendar date as YYYY-MM-DD. */
export function parseDate(text: string, order: DateOrder): Parsed<string> {
  const serial = fromSerial(text.trim());
  if (serial) return { ok: true, value: isoDate(serial) };
  const parts = dateParts(text, order);
  if (!parts) return { ok: false, message: `"${text}" is not a date (use YYYY-MM-DD)` };
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return { ok: true, value: `${pad(parts.year, 4)}-${pad(parts.month)}-${pad(parts.day)}` };
}

/** An instant as an ISO 8601 string in UTC; text without a zone is read as UTC. */
export function parseDateTime(text: string, order: DateOrder): Parsed<string> {
  const trimmed = text.trim();
  const direct = fromEpoch(trimmed) ?? fromSerial(trimmed);
  if (direct) return { ok: true, value: direct.toISOString() };
  const parts = dateParts(trimmed, order);
  if (!parts) return { ok: false, message: `"${text}" is not a date and time (use ISO 8601, e.g. 2024-03-05T14:30:00Z)` };
  const utc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second, parts.millis) - (parts.offset ?? 0) * 60_000;
  return { ok: true, value: new Date(utc).toISOString() };
}

/**
 * Guesses a file's date order from sample values: one value whose first
 * number exceeds 12 proves day first, one whose second does proves month
 * first. Undefined when the sample does not tell (or contradicts itself).
 *
 * @example
 * detectDateOrder(['03/04/2024', '25/04/2024']); // 'dmy'
 */
export function detectDateOrder(values: Iterable<string>): DateOrder | undefined {
  let dayFirst = false;
  let monthFirst = false;
  for (const value of values) {
    const match = /^\s*(\d{1,2})[/-](\d{1,2})[/-]\d{2,4}/.exec(value);
    if (!match) continue;
    if (Number(match[1]) > 12) dayFirst = true;
    if (Number(match[2]) > 12) monthFirst = true;
  }
  if (dayFirst === monthFirst) return undefined;
  return dayFirst ? 'dmy' : 'mdy';
}
