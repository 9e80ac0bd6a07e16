/**
 * CSV for Excel: UTF-8 with a byte-order mark, CRLF line ends, RFC 4180 quoting, and cells a spreadsheet would run
 * as a formula neutralised with a leading apostrophe. Written by hand (the same bytes as papaparse.unparse, which
 * tests/unit/csv-writer.test.ts checks); parsed with papaparse.
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

/** What makes a cell need quotes (as papaparse.unparse decides): a comma, a quote, CR, LF or a byte-order mark. */
const NEEDS_QUOTES = /[",\r\n\uFEFF]/;
const SPACE = 32;

/**
 * One cell as CSV text: neutralised, then quoted (inner quotes doubled) when it holds a comma, quote, CR, LF or
 * BOM, or starts or ends with a space — byte for byte what papaparse.unparse writes with `quotes: false`, done
 * by hand because the detail export writes 1.5 million cells at 100,000 rows.
 */
export function csvCell(cell: Cell): string {
  if (cell === null || cell === undefined || cell === '') return '';
  const text = neutraliseCell(typeof cell === 'string' ? cell : String(cell));
  if (NEEDS_QUOTES.test(text) || text.charCodeAt(0) === SPACE || text.charCodeAt(text.length - 1) === SPACE) {
    return `"${text.replaceAll('"', '""')}"`;
  }
  return text;
}

/** One row as a CSV line ending with CRLF. */
export function csvLine(row: readonly Cell[]): string {
  let line = '';
  for (let i = 0; i < row.length; i++) line += i === 0 ? csvCell(row[i]) : `,${csvCell(row[i])}`;
  return line + CRLF;
}

/** Rows → CSV lines, each ending with CRLF (no BOM, no header handling). */
export function csvLines(rows: readonly (readonly Cell[])[]): string {
  let text = '';
  for (const row of rows) text += csvLine(row);
  return text;
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
