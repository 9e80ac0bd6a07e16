/**
 * First checks on an import file, in the options page, before anything is staged: size (refused before the file
 * is read), encoding (only UTF-8, with or without BOM: a GBK/ANSI file from Excel gets a clear "save as UTF-8"
 * message instead of garbled tags), the column separator, and the backup's outer shape. Every problem is a code
 * the UI translates; nothing here touches the database.
 */
import { BACKUP_FORMAT } from '../backup/backup';
import { TABLES, type TableName } from '../backup/records';
import { BOM, type ParsedCsv, parseCsv } from '../csv';
import { DETAIL_HEADER } from '../export/detail';

/** A detail CSV this large is ~100,000 rows with long snippets: larger exports can be split by date range. */
export const MAX_CSV_BYTES = 40 * 1024 * 1024;
/** Backups cannot be split, so they get more room (JSON.parse of this is still fine in a page). */
export const MAX_BACKUP_BYTES = 200 * 1024 * 1024;

export type FileProblem =
  | { code: 'too-large'; size: number; limit: number }
  | { code: 'empty' }
  | { code: 'not-utf8' }
  | { code: 'replacement-chars' }
  | { code: 'delimiter'; delimiter: 'semicolon' | 'tab' }
  | { code: 'header'; detail: string }
  | { code: 'not-json' }
  | { code: 'not-backup' };

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: FileProblem };

const fail = <T>(problem: FileProblem): Checked<T> => ({ ok: false, problem });

/** Size check, from File.size, before the file is read at all. */
export function sizeProblem(kind: 'csv' | 'backup', size: number): FileProblem | undefined {
  const limit = kind === 'csv' ? MAX_CSV_BYTES : MAX_BACKUP_BYTES;
  return size > limit ? { code: 'too-large', size, limit } : undefined;
}

/** Strict UTF-8 decoding (BOM removed). Invalid bytes are refused rather than turned into U+FFFD. */
export function decodeUtf8(bytes: Uint8Array): Checked<string> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return fail({ code: 'not-utf8' });
  }
  if (text.startsWith(BOM)) text = text.slice(1);
  if (text.trim() === '') return fail({ code: 'empty' });
  // Replacement characters mean the file was already garbled by a wrong conversion (e.g. GBK read as UTF-8).
  if (text.includes('\uFFFD')) return fail({ code: 'replacement-chars' });
  return { ok: true, value: text };
}

/** Decodes and parses a detail CSV. Row-level problems are left to planCsvImport (with row numbers). */
export function readCsvFile(bytes: Uint8Array): Checked<ParsedCsv> {
  const size = sizeProblem('csv', bytes.byteLength);
  if (size) return fail(size);
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) return decoded;
  const parsed = parseCsv(decoded.value);
  if (parsed.header.length === 1) {
    const line = parsed.header[0];
    const known = DETAIL_HEADER.filter((column) => line.includes(column)).length >= 2;
    if (known && line.includes(';')) return fail({ code: 'delimiter', delimiter: 'semicolon' });
    if (known && line.includes('\t')) return fail({ code: 'delimiter', delimiter: 'tab' });
  }
  const header = headerProblem(parsed.header);
  if (header) return fail({ code: 'header', detail: header });
  // Rows are sent to the background in messages with limits; a row past them is rejected there anyway (wrong
  // cell count, over-long cell), so it is cut to fit and still reported with its row number.
  for (const row of parsed.rows) {
    if (row.cells.length > MAX_CELLS) row.cells = row.cells.slice(0, MAX_CELLS);
    for (const [i, cell] of row.cells.entries()) if (cell.length > MAX_CELL) row.cells[i] = cell.slice(0, MAX_CELL);
  }
  return { ok: true, value: parsed };
}

const MAX_CELLS = 100;
const MAX_CELL = 200_000;

export function headerProblem(header: readonly string[]): string | undefined {
  const missing = DETAIL_HEADER.filter((column) => !header.includes(column));
  if (missing.length > 0) return `Missing columns: ${missing.join(', ')}`;
  const duplicated = header.filter((column, i) => header.indexOf(column) !== i);
  if (duplicated.length > 0) return `Repeated columns: ${duplicated.join(', ')}`;
  if (header.length > MAX_CELLS || header.some((column) => column.length > 200)) return 'Too many or too long columns';
  return undefined;
}

export interface BackupContent {
  meta: { format: unknown; version: unknown };
  tables: Record<TableName, unknown[]>;
}

/** Decodes a JSON backup and checks its outer shape; records are validated in the background. */
export function readBackupFile(bytes: Uint8Array): Checked<BackupContent> {
  const size = sizeProblem('backup', bytes.byteLength);
  if (size) return fail(size);
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) return decoded;
  let data: unknown;
  try {
    data = JSON.parse(decoded.value);
  } catch {
    return fail({ code: 'not-json' });
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return fail({ code: 'not-backup' });
  const record = data as Record<string, unknown>;
  if (record.format !== BACKUP_FORMAT) return fail({ code: 'not-backup' });
  const tables = {} as Record<TableName, unknown[]>;
  for (const table of TABLES) {
    const value = record[table];
    if (value !== undefined && !Array.isArray(value)) return fail({ code: 'not-backup' });
    tables[table] = value ?? [];
  }
  return { ok: true, value: { meta: { format: record.format, version: record.version }, tables } };
}
