/**
 * Full JSON backup and restore. The options page reads the database page by page and builds the file; restore
 * stages the file's records in the background (lib/import/session.ts), checks every record with zod plus the
 * references between them, reports, and on confirmation replaces the whole database in one transaction.
 */
import type { TagDatabase } from '../db/database';
import { AppError } from '../errors';
import type { Item, Tag, Tagging } from '../model';
import { recordSchemas, TABLES, type TableName } from './records';

export const BACKUP_FORMAT = 'after-sales-tags-backup';
export const BACKUP_VERSION = 1;

export interface BackupFile {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  exportedAt: string;
  tags: Tag[];
  items: Item[];
  taggings: Tagging[];
}

export async function readTablePage(db: TagDatabase, table: TableName, offset: number, limit: number) {
  const collection = db[table].toCollection();
  const [total, records] = await Promise.all([db[table].count(), collection.offset(offset).limit(limit).toArray()]);
  return { total, records: records as unknown[] };
}

export interface Rejection {
  /** "taggings[12]" for a backup record, the CSV record number for a CSV row. */
  row: string;
  reason: string;
}

export interface BackupPlan {
  tags: Tag[];
  items: Item[];
  taggings: Tagging[];
  rejected: Rejection[];
}

const MAX_REJECTIONS = 200;

function describeIssues(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.') || 'record'}: ${issue.message}`)
    .join('; ');
}

/** Validates staged backup records: shapes, unique ids, references, no cycles. */
export function planBackupRestore(staged: Record<TableName, unknown[]>, header: unknown): BackupPlan {
  const rejected: Rejection[] = [];
  const reject = (row: string, reason: string) => {
    if (rejected.length < MAX_REJECTIONS) rejected.push({ row, reason });
    else if (rejected.length === MAX_REJECTIONS) rejected.push({ row: '…', reason: 'more rows rejected' });
  };
  const meta = header as { format?: unknown; version?: unknown } | undefined;
  if (meta?.format !== BACKUP_FORMAT) reject('file', `Not an ${BACKUP_FORMAT} file`);
  else if (meta.version !== BACKUP_VERSION) reject('file', `Unsupported backup version ${String(meta.version)}`);

  const valid = { tags: [] as Tag[], items: [] as Item[], taggings: [] as Tagging[] };
  for (const table of TABLES) {
    const schema = recordSchemas[table];
    const seen = new Set<string>();
    for (const [i, record] of staged[table].entries()) {
      const parsed = schema.safeParse(record);
      if (!parsed.success) {
        reject(`${table}[${i}]`, describeIssues(parsed.error));
        continue;
      }
      const key = table === 'items' ? (parsed.data as Item).key : (parsed.data as Tag | Tagging).id;
      if (seen.has(key)) {
        reject(`${table}[${i}]`, `duplicate key ${key}`);
        continue;
      }
      seen.add(key);
      (valid[table] as unknown[]).push(parsed.data);
    }
  }
  const tagIds = new Map(valid.tags.map((tag) => [tag.id, tag]));
  for (const [i, tag] of valid.tags.entries()) {
    if (tag.parentId && !tagIds.has(tag.parentId)) reject(`tags[${i}]`, `parent ${tag.parentId} is missing`);
    const seen = new Set<string>();
    let current: Tag | undefined = tag;
    while (current?.parentId) {
      if (seen.has(current.id)) {
        reject(`tags[${i}]`, 'the tag is its own ancestor');
        break;
      }
      seen.add(current.id);
      current = tagIds.get(current.parentId);
    }
  }
  const itemKeys = new Set(valid.items.map((item) => item.key));
  const uniqueTaggings = new Set<string>();
  for (const [i, tagging] of valid.taggings.entries()) {
    if (!tagIds.has(tagging.tagId)) reject(`taggings[${i}]`, `tag ${tagging.tagId} is missing`);
    if (!itemKeys.has(tagging.itemKey)) reject(`taggings[${i}]`, `item ${tagging.itemKey} is missing`);
    const unique = `${tagging.itemKey}\u0000${tagging.tagId}\u0000${tagging.snippetText}`;
    if (uniqueTaggings.has(unique)) reject(`taggings[${i}]`, 'the same tag on the same item and snippet twice');
    uniqueTaggings.add(unique);
  }
  return { ...valid, rejected };
}

/** Replaces the whole database with the plan's records, in one transaction. */
export async function replaceDatabase(db: TagDatabase, plan: BackupPlan): Promise<void> {
  if (plan.rejected.length > 0) throw new AppError('invalid-import', 'The backup has rejected records');
  await db.transaction('rw', db.tags, db.items, db.taggings, async () => {
    await Promise.all([db.tags.clear(), db.items.clear(), db.taggings.clear()]);
    await db.tags.bulkAdd(plan.tags);
    await db.items.bulkAdd(plan.items);
    await db.taggings.bulkAdd(plan.taggings);
  });
}

export async function wipeDatabase(db: TagDatabase): Promise<void> {
  await db.transaction('rw', db.tags, db.items, db.taggings, async () => {
    await Promise.all([db.tags.clear(), db.items.clear(), db.taggings.clear()]);
  });
}
