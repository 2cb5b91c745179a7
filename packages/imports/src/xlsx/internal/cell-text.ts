/** Excel keeps 15 significant digits; printing more shows binary noise (0.1 + 0.2). */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '';
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return String(value);
  return String(Number(value.toPrecision(15)));
}

/** A date cell: a calendar date when it has no time of day, else an ISO instant (sheets carry no zone; read as UTC). */
export function formatDate(value: Date): string {
  if (Number.isNaN(value.getTime())) return '';
  const iso = value.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
}

/** Days since 1899-12-30, Excel's date serial, for formula results formatted as dates. */
export function excelSerialToDate(serial: number): Date {
  return new Date(Math.round((serial - 25569) * 86_400_000));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * The text of one exceljs cell value. Formulas give their cached result and
 * are never evaluated; rich text is joined; errors (#N/A) read as empty.
 */
export function cellText(value: unknown, isDateFormat: boolean, sharedString: (index: number) => string | undefined = () => undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return isDateFormat ? formatDate(excelSerialToDate(value)) : formatNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return formatDate(value);
  if (!isRecord(value)) return '';
  if (typeof value.sharedString === 'number') return sharedString(value.sharedString) ?? '';
  if (Array.isArray(value.richText)) {
    return value.richText.map((part: unknown) => (isRecord(part) && typeof part.text === 'string' ? part.text : '')).join('');
  }
  if ('formula' in value || 'sharedFormula' in value) return cellText(value.result, isDateFormat, sharedString);
  if ('hyperlink' in value) return cellText(value.text, false, sharedString);
  if ('text' in value) return cellText(value.text, false, sharedString);
  return '';
}
