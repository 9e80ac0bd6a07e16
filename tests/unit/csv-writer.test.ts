/**
 * The hand-written CSV writer (lib/csv.ts) must write exactly what papaparse.unparse wrote before it, for any cell:
 * the detail export's bytes must not change.
 */
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { type Cell, CRLF, csvCell, csvLine, csvLines, neutraliseCell, parseCsv, restoreCell } from '@/lib/csv';

/** What lib/csv.ts wrote before: neutralise every cell, then papaparse. */
function papaLines(rows: readonly (readonly Cell[])[]): string {
  if (rows.length === 0) return '';
  const cells = rows.map((row) =>
    row.map((cell) => (cell === null || cell === undefined ? '' : neutraliseCell(String(cell)))),
  );
  return Papa.unparse(cells, { newline: CRLF, quotes: false, header: false, escapeFormulae: false }) + CRLF;
}

const TRICKY = [
  '',
  ' ',
  'plain',
  'a,b',
  'say "hi"',
  '"',
  '""',
  'line\nbreak',
  'cr\rreturn',
  'crlf\r\nend',
  '=1+1',
  '+1',
  '-1',
  '@SUM(A1)',
  '\tx',
  '\rx',
  "'=already",
  "''+twice",
  "it's",
  ' leading',
  'trailing ',
  ' =x',
  '= space after ',
  '中文，逗号',
  '尺寸偏小，建议买大一号。',
  '😀 emoji, "quoted"',
  '\uFEFFbom',
  'mid\uFEFFbom',
  'a;b|c',
  'tab\tinside',
  '\u2028line separator',
  'https://sellercentral.amazon.com/messaging/inbox-v3?fi=responseNeeded&cc=1,2',
];

describe('csv writer', () => {
  it('writes every tricky cell as papaparse did', () => {
    for (const cell of TRICKY) {
      expect(csvLine([cell]), JSON.stringify(cell)).toBe(papaLines([[cell]]));
      expect(csvLine([cell, cell, 'x']), JSON.stringify(cell)).toBe(papaLines([[cell, cell, 'x']]));
    }
    const rows = TRICKY.map((cell, i) => [cell, TRICKY[(i + 7) % TRICKY.length], String(i), cell]);
    expect(csvLines(rows)).toBe(papaLines(rows));
  });

  it('writes numbers, null and undefined as papaparse did', () => {
    const rows: Cell[][] = [
      [1, -1, 0, 2.5, null, undefined, ''],
      [Number.NaN, -0.5, 1e21, undefined, null, 'x', 3],
    ];
    expect(csvLines(rows)).toBe(papaLines(rows));
  });

  it('matches papaparse on any text', () => {
    const piece = fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '"', ',', ' ', "'", '\uFEFF', 'a', '中', '😀');
    const cell = fc.oneof(
      fc.string(),
      fc.array(piece, { maxLength: 8 }).map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }), (rows) => {
        expect(csvLines(rows)).toBe(papaLines(rows));
      }),
      { numRuns: 500 },
    );
  });

  it('parses back to the original cells', () => {
    const rows = [TRICKY.slice(0, 16), TRICKY.slice(16, 32)];
    const parsed = parseCsv(`header${CRLF}${csvLines(rows)}`);
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows.map((row) => row.cells.map(restoreCell))).toEqual(rows);
  });

  it('leaves a plain cell as it is and quotes only when needed', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a "b"')).toBe('"a ""b"""');
    expect(csvCell('=x,y')).toBe(`"'=x,y"`);
    expect(csvCell(undefined)).toBe('');
  });
});
