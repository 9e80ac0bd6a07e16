/**
 * CSV formula injection (issue #6, part 2): every cell of our exports that a spreadsheet would run as a formula
 * (= + - @ tab CR at the start) is neutralised, checked cell by cell, and our own import gives the original back.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { csvDocument, isFormulaLike, neutraliseCell, parseCsv, restoreCell } from '@/lib/csv';
import { detailPage } from '@/lib/db/exportQueries';
import { summaryRows } from '@/lib/db/queries';
import { applyTagging } from '@/lib/db/taggings';
import { DETAIL_HEADER } from '@/lib/export/detail';
import { SUMMARY_HEADER } from '@/lib/export/summary';
import { commitCsvImport } from '@/lib/import/detailCsv';
import { ALL_TIME } from '@/lib/period';
import { freshDatabase, reviewItem } from './helpers';

const TRIGGERS = ['=', '+', '-', '@', '\t', '\r'] as const;

afterEach(() => {
  vi.restoreAllMocks();
});

/** Every data cell of a parsed document, with its column name. */
function cellsOf(text: string) {
  const parsed = parseCsv(text);
  return {
    parsed,
    cells: parsed.rows.flatMap((row) => row.cells.map((cell, i) => ({ column: parsed.header[i], cell }))),
  };
}

describe('formula neutralisation, cell by cell', () => {
  it('neutralises every trigger in every detail column and restores it on parse', () => {
    for (const trigger of TRIGGERS) {
      const row = DETAIL_HEADER.map((column) => `${trigger}${column}|cmd`);
      const { parsed, cells } = cellsOf(csvDocument(DETAIL_HEADER, [row]));
      expect(parsed.errors).toEqual([]);
      expect(cells).toHaveLength(DETAIL_HEADER.length);
      for (const { column, cell } of cells) {
        expect(isFormulaLike(cell), `${JSON.stringify(trigger)} in ${column}`).toBe(false);
        expect(cell.startsWith("'"), column).toBe(true);
      }
      expect(parsed.rows[0].cells.map(restoreCell)).toEqual(row);
    }
  });

  it('neutralises triggers in summary tag paths and every other summary column', () => {
    for (const trigger of TRIGGERS) {
      const row = SUMMARY_HEADER.map((column) => `${trigger}${column}`);
      const { parsed, cells } = cellsOf(csvDocument(SUMMARY_HEADER, [row]));
      for (const { column, cell } of cells) expect(isFormulaLike(cell), column).toBe(false);
      expect(parsed.rows[0].cells.map(restoreCell)).toEqual(row);
    }
  });

  it('neutralises real exports (detail and summary) built from the database, and import restores them', async () => {
    let clock = new Date(2026, 10, 20, 9, 0, 0).getTime();
    vi.spyOn(Date, 'now').mockImplementation(() => (clock += 1000));
    const db = freshDatabase();
    // Tag names are trimmed when stored, so tab and CR only reach the free-text columns.
    const names = ['=SUM(A1)', '+1', '-2', '@cmd'];
    for (const [i, trigger] of TRIGGERS.entries()) {
      await applyTagging(db, {
        item: reviewItem(`R${i}`, { sku: `${trigger}sku`, rating: 1 }),
        tagPath: `${names[i % names.length]} > ${names[(i + 1) % names.length]}`,
        snippet: { exact: `${trigger}HYPERLINK("http://x")`, prefix: '', suffix: '' },
        note: `${trigger}note`,
      });
    }
    const detail = csvDocument(DETAIL_HEADER, (await detailPage(db, ALL_TIME, undefined, 0, 100)).rows);
    const summary = csvDocument(SUMMARY_HEADER, await summaryRows(db, ALL_TIME));
    for (const text of [detail, summary]) {
      const { cells } = cellsOf(text);
      expect(cells.length).toBeGreaterThan(0);
      for (const { column, cell } of cells)
        expect(isFormulaLike(cell), `${column}: ${JSON.stringify(cell)}`).toBe(false);
    }
    const summaryPaths = parseCsv(summary).rows.map((row) => row.cells[SUMMARY_HEADER.indexOf('tag_path')]);
    expect(summaryPaths.some((path) => path.startsWith("'=SUM"))).toBe(true);

    const copy = freshDatabase();
    const parsed = parseCsv(detail);
    await commitCsvImport(copy, parsed.header, parsed.rows);
    const again = csvDocument(DETAIL_HEADER, (await detailPage(copy, ALL_TIME, undefined, 0, 100)).rows);
    expect(parseCsv(again).rows.map((r) => r.cells)).toEqual(parsed.rows.map((r) => r.cells));
    const notes = (await copy.taggings.toArray()).map((t) => t.note).sort();
    expect(notes).toEqual(TRIGGERS.map((trigger) => `${trigger}note`).sort());
  });
});

describe('property: export cell → parse → restore', () => {
  const cellText = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 30 }),
    fc.tuple(fc.constantFrom(...TRIGGERS, "'", "''", '"', ','), fc.string({ maxLength: 20 })).map(([a, b]) => a + b),
    fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', "'", '"', ',', 'a', ' '), maxLength: 12 }),
  );

  it('gives back any string, and no exported cell starts with a trigger', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(cellText, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 5 }),
        (rows) => {
          const text = csvDocument(['a', 'b', 'c'], rows);
          const parsed = parseCsv(text);
          // Rows that export as blank lines (whitespace only) are skipped by the parser; detail rows never are.
          const expected = rows.filter((row) => row.map(neutraliseCell).join('').trim() !== '');
          for (const row of parsed.rows) for (const cell of row.cells) expect(isFormulaLike(cell)).toBe(false);
          expect(parsed.rows.map((row) => row.cells.map(restoreCell))).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  }, 30_000);
});
