/**
 * Staging of an import in the background, so files larger than one runtime message can be sent in parts and then
 * previewed and committed as a whole (one transaction). Sessions live in memory only: a restarted background
 * simply asks for the file again.
 */
import { type BackupPlan, planBackupRestore, type Rejection, replaceDatabase } from '../backup/backup';
import { TABLES, type TableName } from '../backup/records';
import type { TagDatabase } from '../db/database';
import { AppError } from '../errors';
import type { ParsedRequestOf } from '../messages';
import {
  type CsvImportPlan,
  type CsvRow,
  commitValidatedCsv,
  planValidatedCsv,
  type ValidatedCsv,
  validateCsvRows,
} from './detailCsv';

const MAX_STAGED = 2_500_000;

interface Session {
  kind: 'csv' | 'backup';
  header: string[];
  rows: CsvRow[];
  /** The CSV rows validated (they do not depend on the database), kept from the preview for the commit. */
  validated?: ValidatedCsv;
  /** The backup's records checked (they depend on nothing else), kept from the preview for the commit. */
  backupPlan?: BackupPlan;
  meta: unknown;
  records: Record<TableName, unknown[]>;
  size: number;
  touchedAt: number;
}

const sessions = new Map<string, Session>();
const SESSION_TTL = 30 * 60_000;

function dropStale(now: number): void {
  for (const [id, session] of sessions) if (now - session.touchedAt > SESSION_TTL) sessions.delete(id);
}

export type StageRequest = ParsedRequestOf<'import.stage'>;

export function stage(request: StageRequest): { staged: number } {
  const now = Date.now();
  dropStale(now);
  let session = sessions.get(request.session);
  if (session && session.kind !== request.kind) throw new AppError('invalid-import', 'Mixed import kinds');
  if (!session) {
    session = {
      kind: request.kind,
      header: [],
      rows: [],
      meta: undefined,
      records: { tags: [], items: [], taggings: [] },
      size: 0,
      touchedAt: now,
    };
    sessions.set(request.session, session);
  }
  session.touchedAt = now;
  if (request.kind === 'csv') {
    if (request.header) session.header = request.header;
    session.rows.push(...request.rows);
    session.size += request.rows.length;
    session.validated = undefined;
  } else {
    if (request.meta) session.meta = request.meta;
    session.records[request.table].push(...request.records);
    session.size += request.records.length;
    session.backupPlan = undefined;
  }
  if (session.size > MAX_STAGED) {
    sessions.delete(request.session);
    throw new AppError('invalid-import', 'The file is too large');
  }
  return { staged: session.size };
}

function validated(session: Session): ValidatedCsv {
  session.validated ??= validateCsvRows(session.header, session.rows);
  return session.validated;
}

function backupPlan(session: Session): BackupPlan {
  session.backupPlan ??= planBackupRestore(session.records, session.meta);
  return session.backupPlan;
}

function requireSession(id: string): Session {
  const session = sessions.get(id);
  if (!session) throw new AppError('not-found', 'The import expired: choose the file again');
  return session;
}

export function discard(id: string): void {
  sessions.delete(id);
}

/** What the user sees before anything is written. */
export interface ImportReport {
  kind: 'csv' | 'backup';
  /** CSV: data rows in the file; backup: records in the file. */
  rowsInFile: number;
  /** CSV: new taggings; backup: the taggings that will replace the current ones. */
  toImport: number;
  duplicates: number;
  rejected: Rejection[];
  /** CSV: tag paths to create. Backup: empty. */
  newTags: string[];
  /** Backup: counts per table in the file. */
  counts?: { tags: number; items: number; taggings: number };
  /** True when committing would write (nothing rejected). */
  ok: boolean;
}

function csvReport(plan: CsvImportPlan): ImportReport {
  return {
    kind: 'csv',
    rowsInFile: plan.rowsInFile,
    toImport: plan.toImport.length,
    duplicates: plan.duplicates,
    rejected: plan.rejected,
    newTags: plan.newTags,
    ok: plan.rejected.length === 0 && plan.rowsInFile > 0,
  };
}

function backupReport(plan: BackupPlan, session: Session): ImportReport {
  const rowsInFile = TABLES.reduce((sum, table) => sum + session.records[table].length, 0);
  return {
    kind: 'backup',
    rowsInFile,
    toImport: plan.taggings.length,
    duplicates: 0,
    rejected: plan.rejected,
    newTags: [],
    counts: { tags: plan.tags.length, items: plan.items.length, taggings: plan.taggings.length },
    ok: plan.rejected.length === 0,
  };
}

export async function preview(db: TagDatabase, id: string): Promise<ImportReport> {
  const session = requireSession(id);
  if (session.kind === 'csv') return csvReport(await planValidatedCsv(db, validated(session)));
  return backupReport(backupPlan(session), session);
}

export async function commit(db: TagDatabase, id: string): Promise<ImportReport> {
  const session = requireSession(id);
  let report: ImportReport;
  if (session.kind === 'csv') report = csvReport(await commitValidatedCsv(db, validated(session)));
  else {
    const plan = backupPlan(session);
    await replaceDatabase(db, plan);
    report = backupReport(plan, session);
  }
  sessions.delete(id);
  return report;
}
