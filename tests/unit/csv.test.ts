import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BOM, csvDocument, csvLines, neutraliseCell, parseCsv, restoreCell } from '@/lib/csv';

describe('formula neutralisation', () => {
  it('prefixes cells that start with = + - @ tab or CR', () => {
    for (const cell of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(neutraliseCell(cell)).toBe(`'${cell}`);
    for (const cell of ['plain', '1', "it's", ' =x', '', '中文']) expect(neutraliseCell(cell)).toBe(cell);
  });

  it('round-trips any text through neutralise and restore', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(restoreCell(neutraliseCell(text))).toBe(text);
      }),
    );
    expect(restoreCell(neutraliseCell("'=already"))).toBe("'=already");
  });
});

describe('csv documents', () => {
  it('writes BOM, CRLF and RFC 4180 quoting', () => {
    const text = csvDocument(
      ['a', 'b'],
      [
        ['x,y', 'say "hi"'],
        ['line\nbreak', '=cmd'],
      ],
    );
    expect(text.startsWith(BOM)).toBe(true);
    expect(text).toBe(`${BOM}a,b\r\n"x,y","say ""hi"""\r\n"line\nbreak",'=cmd\r\n`);
  });

  it('parses back what it writes, with row numbers', () => {
    const rows = [
      ['中文', '=1', ''],
      ['a\r\nb', '"q"', ' sp '],
    ];
    const parsed = parseCsv(csvDocument(['c1', 'c2', 'c3'], rows));
    expect(parsed.header).toEqual(['c1', 'c2', 'c3']);
    expect(parsed.rows.map((row) => row.cells.map(restoreCell))).toEqual(rows);
    expect(parsed.rows.map((row) => row.rowNumber)).toEqual([2, 3]);
  });

  it('writes nothing for no rows', () => {
    expect(csvLines([])).toBe('');
  });
});
