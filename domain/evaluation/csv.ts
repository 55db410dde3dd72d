/** One RFC 4180 record: fields with a comma, quote, CR or LF are quoted, quotes doubled; CRLF ends it. */
export function csvRecord(fields: readonly (string | number | boolean | null)[]): string {
  return fields.map(csvField).join(',') + '\r\n';
}

/**
 * Text a spreadsheet would read as a formula (OWASP "CSV injection": a leading = + - @, tab or
 * CR) gets a leading apostrophe. Numbers are written as numbers (a negative value stays -0.5).
 */
const FORMULA = /^[=+\-@\t\r]/;

/** Text as a spreadsheet will show it, never run it (the OWASP guard above); other CSV writers use it too. */
export const spreadsheetSafe = (s: string): string => (FORMULA.test(s) ? `'${s}` : s);

function csvField(v: string | number | boolean | null): string {
  if (v === null) return '';
  const s = typeof v === 'string' ? spreadsheetSafe(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
