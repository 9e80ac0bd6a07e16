/**
 * Bad imports (issue #6, part 4): hand-picked and fuzzed files go through the same lib steps as the options page
 * (lib/import/file.ts checks, staging, preview, commit). Each gives a clear problem or rejection, and the database
 * is left exactly as it was.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BACKUP_FORMAT, BACKUP_VERSION, planBackupRestore, readTablePage, replaceDatabase } from '@/lib/backup/backup';
import { BOM, csvDocument } from '@/lib/csv';
import type { TagDatabase } from '@/lib/db/database';
import { applyTagging } from '@/lib/db/taggings';
import { AppError } from '@/lib/errors';
import { DETAIL_HEADER, type DetailColumn } from '@/lib/export/detail';
import { MAX_CSV_BYTES, readBackupFile, readCsvFile, sizeProblem } from '@/lib/import/file';
import { commit, discard, type ImportReport, preview, stage } from '@/lib/import/session';
import { detailCsvRow, exportDetailCsv, freshDatabase, reviewItem } from './helpers';

const encode = (text: string) => new TextEncoder().encode(text);

let db: TagDatabase;
let sessionCounter = 0;
beforeEach(async () => {
  db = freshDatabase();
  let clock = new Date(2026, 10, 20, 9, 0, 0).getTime();
  vi.spyOn(Date, 'now').mockImplementation(() => (clock += 1000));
  await applyTagging(db, { item: reviewItem('R1'), tagPath: 'Battery > Dead' });
  await applyTagging(db, { item: reviewItem('R2'), tagPath: 'Screen > Cracked', note: 'n' });
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** Key order does not matter (a restore writes zod's copy): records are compared with sorted keys. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

async function dump(from: TagDatabase) {
  const sort = <T>(rows: T[]) => rows.map((row) => JSON.stringify(canonical(row))).sort();
  return {
    tags: sort(await from.tags.toArray()),
    items: sort(await from.items.toArray()),
    taggings: sort(await from.taggings.toArray()),
  };
}

type Outcome = { problem: string } | { report: ImportReport; committed?: ImportReport; commitError?: unknown };

/** What the options page does with a chosen CSV file, against the lib functions. */
async function importCsvBytes(bytes: Uint8Array): Promise<Outcome> {
  const checked = readCsvFile(bytes);
  if (!checked.ok) return { problem: checked.problem.code };
  if (checked.value.errors.length > 0) return { problem: `parse: ${checked.value.errors[0].message}` };
  const session = `s${++sessionCounter}`;
  stage({ kind: 'csv', session, header: checked.value.header, rows: [] });
  for (let i = 0; i < checked.value.rows.length; i += 5_000) {
    stage({ kind: 'csv', session, rows: checked.value.rows.slice(i, i + 5_000) });
  }
  const report = await preview(db, session);
  try {
    return { report, committed: await commit(db, session) };
  } catch (error) {
    discard(session);
    return { report, commitError: error };
  }
}

async function importBackupBytes(bytes: Uint8Array): Promise<Outcome> {
  const checked = readBackupFile(bytes);
  if (!checked.ok) return { problem: checked.problem.code };
  const session = `b${++sessionCounter}`;
  stage({ kind: 'backup', session, meta: checked.value.meta, table: 'tags', records: [] });
  for (const [table, records] of Object.entries(checked.value.tables)) {
    stage({ kind: 'backup', session, table: table as 'tags', records });
  }
  const report = await preview(db, session);
  try {
    return { report, committed: await commit(db, session) };
  } catch (error) {
    discard(session);
    return { report, commitError: error };
  }
}

/** Refused, with nothing written: a file problem, or a rejecting report whose commit fails. */
async function expectRefused(outcome: Outcome, before: Awaited<ReturnType<typeof dump>>) {
  if ('report' in outcome) {
    expect(outcome.report.ok).toBe(false);
    expect(outcome.report.rejected.length).toBeGreaterThan(0);
    expect(outcome.commitError).toBeInstanceOf(AppError);
    expect((outcome.commitError as AppError).code).toBe('invalid-import');
  }
  expect(await dump(db)).toEqual(before);
}

/** A teammate's row with a Chinese tag path and a snippet. */
function teammateRow(overrides: Partial<Record<DetailColumn, string>> = {}): string[] {
  return detailCsvRow({ tag: '松动', tag_path: '螺丝 > 松动', top_tag: '螺丝', snippet: '螺丝松了', ...overrides });
}

describe('hand-picked bad CSV files', () => {
  it('imports the same file with and without BOM', async () => {
    const text = csvDocument(DETAIL_HEADER, [teammateRow()]);
    expect(text.startsWith(BOM)).toBe(true);
    const withBom = readCsvFile(encode(text));
    const withoutBom = readCsvFile(encode(text.slice(1)));
    expect(withBom.ok && withoutBom.ok).toBe(true);
    if (withBom.ok && withoutBom.ok) expect(withBom.value).toEqual(withoutBom.value);
    const outcome = await importCsvBytes(encode(text.slice(1)));
    expect('committed' in outcome && outcome.committed?.toImport).toBe(1);
    // The same file again: only duplicates, and nothing more is written.
    const before = await dump(db);
    const again = await importCsvBytes(encode(text));
    expect('report' in again && again.report).toMatchObject({ duplicates: 1, toImport: 0, rejected: [] });
    expect(await dump(db)).toEqual(before);
  });

  it('refuses truncated files', async () => {
    const before = await dump(db);
    const text = csvDocument(DETAIL_HEADER, [
      teammateRow(),
      teammateRow({ review_id: 'RTEAM2', snippet: 'a "quoted", text' }),
    ]);
    const bytes = encode(text);
    // Cut mid-row, inside a quoted cell, and in the middle of a multi-byte character.
    const cuts = [text.lastIndexOf(',review,') + 3, text.lastIndexOf('"quoted"') + 4];
    for (const cut of cuts) {
      const outcome = await importCsvBytes(encode(text.slice(0, cut)));
      expect(outcome, `cut at ${cut}`).not.toHaveProperty('committed');
      await expectRefused(outcome, before);
    }
    const multiByte = bytes.indexOf(0xe8, bytes.length - 200); // a byte starting 螺/松 in the last row
    expect(await importCsvBytes(bytes.slice(0, multiByte + 1))).toEqual({ problem: 'not-utf8' });
    expect(await dump(db)).toEqual(before);
  });

  it('refuses a wrong header, semicolons and tabs with a clear problem', async () => {
    expect(readCsvFile(encode('date,comment\r\n2026-11-20,hi\r\n'))).toMatchObject({
      ok: false,
      problem: { code: 'header', detail: expect.stringContaining('Missing columns: tagged_at') },
    });
    const rows = [DETAIL_HEADER as readonly string[], teammateRow()];
    const semicolon = `${BOM}${rows.map((r) => r.join(';')).join('\r\n')}\r\n`;
    const tab = rows.map((r) => r.join('\t')).join('\n');
    expect(readCsvFile(encode(semicolon))).toMatchObject({
      ok: false,
      problem: { code: 'delimiter', delimiter: 'semicolon' },
    });
    expect(readCsvFile(encode(tab))).toMatchObject({ ok: false, problem: { code: 'delimiter', delimiter: 'tab' } });
    expect(readCsvFile(encode(`${BOM}\r\n`))).toMatchObject({ ok: false, problem: { code: 'empty' } });
  });

  it('refuses GBK bytes and text already garbled into replacement characters', async () => {
    const before = await dump(db);
    const header = encode(`${DETAIL_HEADER.join(',')}\r\n`);
    // "…,螺丝 > 松动,…" saved by Excel in GBK: 螺 C2DD 丝 CBBF 松 CBC9 动 B6AF.
    const gbkRow = Uint8Array.from([
      ...encode('2026-11-20T10:00:00+08:00,review,US,B0CCCCCCCC,,,R1,2,,'),
      0xcb,
      0xc9,
      0xb6,
      0xaf,
      0x2c,
      0xc2,
      0xdd,
      0xcb,
      0xbf,
      0x20,
      0x3e,
      0x20,
      0xcb,
      0xc9,
      0xb6,
      0xaf,
      0x2c,
      0xc2,
      0xdd,
      0xcb,
      0xbf,
      ...encode(',,,https://sellercentral.amazon.com/\r\n'),
    ]);
    expect(await importCsvBytes(Uint8Array.from([...header, ...gbkRow]))).toEqual({ problem: 'not-utf8' });
    expect(await importCsvBytes(Uint8Array.from([0xef, 0xbb, 0xbf, ...header, ...gbkRow]))).toEqual({
      problem: 'not-utf8',
    });
    const garbled = csvDocument(DETAIL_HEADER, [
      teammateRow({ tag: '\uFFFD\uFFFD', tag_path: '\uFFFD\uFFFD', top_tag: '\uFFFD\uFFFD' }),
    ]);
    expect(await importCsvBytes(encode(garbled))).toEqual({ problem: 'replacement-chars' });
    expect(await dump(db)).toEqual(before);
  });

  it('refuses a 50 MB file by its size, before decoding or parsing it', async () => {
    expect(sizeProblem('csv', 50 * 1024 * 1024)).toMatchObject({ code: 'too-large', limit: MAX_CSV_BYTES });
    const huge = new Uint8Array(50 * 1024 * 1024).fill(0x41);
    const decode = vi.spyOn(TextDecoder.prototype, 'decode');
    const started = performance.now();
    expect(readCsvFile(huge)).toMatchObject({ ok: false, problem: { code: 'too-large' } });
    expect(performance.now() - started).toBeLessThan(100);
    expect(decode).not.toHaveBeenCalled();
    expect(readBackupFile(new Uint8Array(201 * 1024 * 1024))).toMatchObject({
      ok: false,
      problem: { code: 'too-large' },
    });
  });

  it('reports duplicate rows and unknown tags before writing', async () => {
    const mine = await exportDetailCsv(db);
    const lines = mine.split('\r\n').filter(Boolean);
    const twice = `${lines.join('\r\n')}\r\n${lines.slice(1).join('\r\n')}\r\n`;
    const before = await dump(db);
    const outcome = await importCsvBytes(encode(twice));
    expect('report' in outcome && outcome.report).toMatchObject({
      rowsInFile: 4,
      duplicates: 4,
      toImport: 0,
      ok: true,
    });
    expect(await dump(db)).toEqual(before);

    const unknown = csvDocument(DETAIL_HEADER, [teammateRow()]);
    const checked = readCsvFile(encode(unknown));
    if (!checked.ok) throw new Error('expected a readable file');
    stage({ kind: 'csv', session: 'unknown-tags', header: checked.value.header, rows: checked.value.rows });
    const report = await preview(db, 'unknown-tags');
    expect(report).toMatchObject({ ok: true, toImport: 1, newTags: ['螺丝 > 松动'] });
    discard('unknown-tags');
    expect(await dump(db)).toEqual(before);
  });
});

async function backupOf(from: TagDatabase) {
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: '2026-11-20T10:00:00Z',
    tags: (await readTablePage(from, 'tags', 0, 1000)).records as Record<string, unknown>[],
    items: (await readTablePage(from, 'items', 0, 1000)).records as Record<string, unknown>[],
    taggings: (await readTablePage(from, 'taggings', 0, 1000)).records as Record<string, unknown>[],
  };
}

describe('hand-picked bad backups', () => {
  it('refuses cyclic parents, unknown tags, duplicates and truncation, writing nothing', async () => {
    const before = await dump(db);
    const good = await backupOf(db);
    const [a, b] = good.tags.filter((tag) => tag.parentId === null);
    const cyclic = {
      ...good,
      tags: good.tags.map((tag) =>
        tag.id === a.id ? { ...tag, parentId: b.id } : tag.id === b.id ? { ...tag, parentId: a.id } : tag,
      ),
    };
    const unknownTag = {
      ...good,
      taggings: good.taggings.map((t, i) => (i === 0 ? { ...t, tagId: 'no-such-tag' } : t)),
    };
    const duplicate = { ...good, taggings: [...good.taggings, good.taggings[0]] };
    const reasons: string[] = [];
    for (const file of [cyclic, unknownTag, duplicate]) {
      const outcome = await importBackupBytes(encode(JSON.stringify(file)));
      await expectRefused(outcome, before);
      if ('report' in outcome) reasons.push(outcome.report.rejected.map((r) => r.reason).join(' | '));
    }
    expect(reasons[0]).toContain('its own ancestor');
    expect(reasons[1]).toContain('tag no-such-tag is missing');
    expect(reasons[2]).toContain('duplicate key');
    const text = JSON.stringify(good);
    expect(await importBackupBytes(encode(text.slice(0, text.length / 2)))).toEqual({ problem: 'not-json' });
    expect(await importBackupBytes(encode('[1,2]'))).toEqual({ problem: 'not-backup' });
    expect(await importBackupBytes(encode(JSON.stringify({ ...good, tags: 'x' })))).toEqual({ problem: 'not-backup' });
    expect(await dump(db)).toEqual(before);
    // The untouched file restores.
    const ok = await importBackupBytes(encode(`\uFEFF${text}`));
    expect('committed' in ok && ok.committed?.counts).toEqual({ tags: 4, items: 2, taggings: 2 });
  });
});

describe('fuzzing: never an uncaught error, never a write', () => {
  const header = `${DETAIL_HEADER.join(',')}\r\n`;
  const csvText = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.string({ unit: 'grapheme', maxLength: 300 }).map((body) => header + body),
    fc
      .array(fc.array(fc.string({ maxLength: 30 }), { maxLength: 20 }), { maxLength: 5 })
      .map((rows) => header + rows.map((cells) => cells.join(',')).join('\r\n')),
  );

  const settled = async (run: () => Promise<Outcome>) => {
    const outcome = await run();
    if ('committed' in outcome && outcome.committed) {
      // Only a genuinely valid file may write; random input never is one.
      throw new Error(`fuzzed input was imported: ${JSON.stringify(outcome.committed)}`);
    }
    if ('commitError' in outcome) expect(outcome.commitError).toBeInstanceOf(AppError);
  };

  it('random bytes and strings as CSV', async () => {
    const before = await dump(db);
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 400 }), csvText.map(encode)), async (bytes) => {
        await settled(() => importCsvBytes(bytes));
      }),
      { numRuns: 150 },
    );
    expect(await dump(db)).toEqual(before);
  }, 60_000);

  it('random JSON and mutated backups', async () => {
    const before = await dump(db);
    const good = await backupOf(db);
    const mutated = fc
      .record({
        table: fc.constantFrom('tags', 'items', 'taggings' as const),
        field: fc.constantFrom(
          'id',
          'parentId',
          'key',
          'itemKey',
          'tagId',
          'name',
          'source',
          'createdAt',
          'snippetText',
        ),
        value: fc.anything(),
      })
      .map(({ table, field, value }) => {
        const records = good[table as 'tags'].map((record, i) => (i === 0 ? { ...record, [field]: value } : record));
        return JSON.stringify({ ...good, [table]: records });
      });
    const input = fc.oneof(
      fc.json().map(encode),
      fc.uint8Array({ maxLength: 300 }),
      fc
        .jsonValue()
        .map((value) =>
          encode(JSON.stringify({ format: BACKUP_FORMAT, version: 1, tags: [value], items: [], taggings: [] })),
        ),
      mutated.map(encode),
    );
    await fc.assert(
      fc.asyncProperty(input, async (bytes) => {
        const outcome = await importBackupBytes(bytes);
        if ('committed' in outcome && outcome.committed) {
          // A mutation can leave a valid backup (e.g. a new name): it then replaces the data, so put it back.
          await replaceDatabase(db, planBackupRestore(good, good));
          return;
        }
        if ('commitError' in outcome) expect(outcome.commitError).toBeInstanceOf(AppError);
        expect(await dump(db)).toEqual(before);
      }),
      { numRuns: 150 },
    );
  }, 60_000);
});
