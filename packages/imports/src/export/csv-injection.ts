/**
 * Characters that make a spreadsheet read a cell as a formula (OWASP CSV
 * injection): = + - @, TAB and CR, and their full-width forms, which some
 * spreadsheet locales fold to ASCII. Leading spaces do not disarm them.
 */
const formulaStart = /^[ \u00a0]*[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;
/** A value already starting with quotes before a trigger gets one more, so the guard can always be undone. */
const guarded = /^'+[ \u00a0]*[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;

/**
 * Prefixes a single quote to a cell a spreadsheet would run as a formula
 * (`=HYPERLINK(...)`, `@SUM(...)`, `+1 555` too: a phone number is only
 * data once quoted). Reversible with `restoreNeutralisedCell`, which the
 * importer applies, so an export imports back unchanged.
 *
 * @example
 * neutraliseCell('=HYPERLINK("http://evil","click")'); // "'=HYPERLINK(\"http://evil\",\"click\")"
 */
export function neutraliseCell(value: string): string {
  return formulaStart.test(value.replace(/^'+/, '')) ? `'${value}` : value;
}

/** Undoes `neutraliseCell`: removes the one quote it added before a formula trigger. */
export function restoreNeutralisedCell(value: string): string {
  return guarded.test(value) ? value.slice(1) : value;
}
