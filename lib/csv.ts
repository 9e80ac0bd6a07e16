/**
 * CSV for Excel: UTF-8 with a byte-order mark, CRLF line ends, RFC 4180 quoting (papaparse), and cells a
 * spreadsheet would run as a formula neutralised with a leading apostrophe.
 */
import Papa from 'papaparse';

export const BOM = '\uFEFF';
export const CRLF = '\r\n';

const FORMULA_START = /^[=+\-@\t\r]/;
/**
 * A cell is neutralised when it starts with = + - @ tab or CR. A cell that already starts with apostrophes
 * followed by one of those gets one more, so that import (which removes exactly one) gives back the original.
 */
const NEEDS_APOSTROPHE = /^'*[=+\-@\t\r]/;
const NEUTRALISED = /^'+[=+\-@\t\r]/;

export function neutraliseCell(value: string): string {
  return NEEDS_APOSTROPHE.test(value) ? `'${value}` : value;
}

/** Undoes neutraliseCell: removes the one apostrophe export added. */
export function restoreCell(value: string): string {
  return NEUTRALISED.test(value) ? value.slice(1) : value;
}

export function isFormulaLike(value: string): boolean {
  return FORMULA_START.test(value);
}

export type Cell = string | number | null | undefined;

function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  return neutraliseCell(String(cell));
}

/** Rows → CSV lines, each ending with CRLF (no BOM, no header handling). */
export function csvLines(rows: readonly (readonly Cell[])[]): string {
  if (rows.length === 0) return '';
  const text = Papa.unparse(
    rows.map((row) => row.map(cellText)),
    { newline: CRLF, quotes: false, header: false, escapeFormulae: false },
  );
  return text + CRLF;
}

/** A whole CSV document: BOM, header, rows. */
export function csvDocument(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return BOM + csvLines([header]) + csvLines(rows);
}

export interface ParsedCsv {
  header: string[];
  /** Data rows with their 1-based line-of-record number in the file (the header is row 1). */
  rows: { rowNumber: number; cells: string[] }[];
  errors: { rowNumber: number; message: string }[];
}

/** Parses a comma-separated CSV document (BOM tolerated; no delimiter guessing). Empty lines are skipped. */
export function parseCsv(text: string): ParsedCsv {
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  const result = Papa.parse<string[]>(body, { header: false, delimiter: ',', skipEmptyLines: 'greedy' });
  const [header = [], ...records] = result.data;
  const rows = records.map((cells, i) => ({ rowNumber: i + 2, cells }));
  const errors = result.errors.map((error) => ({
    rowNumber: (error.row ?? 0) + 1,
    message: error.message,
  }));
  return { header: header.map((cell) => cell.trim()), rows, errors };
}

/** Lets the event loop breathe between chunks of heavy work. */
export function nextTick(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
