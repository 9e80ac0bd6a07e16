/**
 * Storage quota (issue #6, part 5b): a QuotaExceededError maps to 'quota-exceeded' (translated by the UI), and a
 * write that fails with one inside a Dexie transaction leaves the database exactly as it was.
 */
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { describeError } from '@/components/options/errors';
import { BACKUP_FORMAT, BACKUP_VERSION, planBackupRestore, readTablePage, replaceDatabase } from '@/lib/backup/backup';
import { csvDocument, parseCsv } from '@/lib/csv';
import type { TagDatabase } from '@/lib/db/database';
import { applyTagging } from '@/lib/db/taggings';
import { AppError, errorInfoOf, isQuotaError } from '@/lib/errors';
import { DETAIL_HEADER } from '@/lib/export/detail';
import { commitCsvImport } from '@/lib/import/detailCsv';
import { freshDatabase, reviewItem } from './helpers';

const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

let db: TagDatabase;
beforeEach(async () => {
  db = freshDatabase();
  let clock = new Date(2026, 10, 20, 9, 0, 0).getTime();
  vi.spyOn(Date, 'now').mockImplementation(() => (clock += 1000));
  await applyTagging(db, { item: reviewItem('R1'), tagPath: 'Battery > Dead' });
  await applyTagging(db, { item: reviewItem('R2'), tagPath: 'Screen', note: 'n' });
});
afterEach(() => {
  vi.restoreAllMocks();
});

async function dump(from: TagDatabase) {
  const sort = <T>(rows: T[]) => rows.map((row) => JSON.stringify(row)).sort();
  return {
    tags: sort(await from.tags.toArray()),
    items: sort(await from.items.toArray()),
    taggings: sort(await from.taggings.toArray()),
  };
}

describe('quota errors', () => {
  it('maps QuotaExceededError in every wrapping to quota-exceeded', () => {
    expect(errorInfoOf(quota())).toMatchObject({ code: 'quota-exceeded' });
    expect(errorInfoOf(new Dexie.QuotaExceededError('full'))).toMatchObject({ code: 'quota-exceeded' });
    const abort = new Dexie.AbortError('Transaction aborted', quota());
    expect(isQuotaError(abort)).toBe(true);
    expect(errorInfoOf(abort).code).toBe('quota-exceeded');
    expect(errorInfoOf(new Error('write failed', { cause: quota() })).code).toBe('quota-exceeded');
    expect(errorInfoOf(new AppError('invalid-import', 'x')).code).toBe('invalid-import');
    expect(errorInfoOf(new DOMException('other', 'AbortError')).code).toBe('internal');
    expect(errorInfoOf('plain').code).toBe('internal');
    expect(isQuotaError(null)).toBe(false);
  });

  it('gives the options page a translated sentence for quota-exceeded', () => {
    const { code, message } = errorInfoOf(quota());
    expect(describeError(new AppError(code, message))).toMatch(/out of storage space.*nothing was saved/);
  });

  it('rolls back a CSV import whose last write runs out of space', async () => {
    const before = await dump(db);
    const row = (id: string, path: string) =>
      DETAIL_HEADER.map(
        (column) =>
          ({
            tagged_at: '2026-11-20T10:00:00+08:00',
            source: 'review',
            marketplace: 'US',
            asin: 'B0CCCCCCCC',
            review_id: id,
            rating: '2',
            tag_path: path,
            page_url: 'https://sellercentral.amazon.com/',
          })[column as string] ?? '',
      );
    const parsed = parseCsv(csvDocument(DETAIL_HEADER, [row('RQ1', 'New > Tag'), row('RQ2', 'Battery > Dead')]));
    const add = vi.spyOn(db.taggings, 'bulkAdd').mockImplementation(() => Dexie.Promise.reject(quota()));
    const error = await commitCsvImport(db, parsed.header, parsed.rows).catch((e: unknown) => e);
    expect(add).toHaveBeenCalled();
    expect(errorInfoOf(error).code).toBe('quota-exceeded');
    add.mockRestore();
    // New tags and items were written earlier in the same transaction: all of it is gone.
    expect(await dump(db)).toEqual(before);
  });

  it('rolls back a restore that runs out of space after clearing the tables', async () => {
    const before = await dump(db);
    const staged = {
      tags: (await readTablePage(db, 'tags', 0, 100)).records,
      items: (await readTablePage(db, 'items', 0, 100)).records,
      taggings: (await readTablePage(db, 'taggings', 0, 100)).records,
    };
    const plan = planBackupRestore(staged, { format: BACKUP_FORMAT, version: BACKUP_VERSION });
    expect(plan.rejected).toEqual([]);
    const add = vi.spyOn(db.items, 'bulkAdd').mockImplementation(() => {
      throw quota();
    });
    const error = await replaceDatabase(db, plan).catch((e: unknown) => e);
    expect(add).toHaveBeenCalled();
    expect(errorInfoOf(error).code).toBe('quota-exceeded');
    add.mockRestore();
    expect(await dump(db)).toEqual(before);
  });
});
