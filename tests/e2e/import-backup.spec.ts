import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { csvDocument } from '../../lib/csv';
import { DETAIL_HEADER } from '../../lib/export/detail';
import { downloadCsv, message, REVIEWS_URL, SAMPLE, seed } from './export-helpers';
import { expect, readDatabase, test } from './extension';

type Row = Partial<Record<(typeof DETAIL_HEADER)[number], string>>;

function teammateRow(overrides: Row): string[] {
  const base: Record<string, string> = {
    tagged_at: '2026-11-20T10:00:00+08:00',
    source: 'review',
    marketplace: 'US',
    asin: 'B0CCCCCCC3',
    sku: 'SCR-7',
    order_id: '',
    review_id: 'RTEAM1',
    rating: '2',
    return_reason: '',
    tag: 'Loose',
    tag_path: 'Screws > Loose',
    top_tag: 'Screws',
    snippet: '',
    note: '',
    page_url: REVIEWS_URL,
    ...overrides,
  };
  return DETAIL_HEADER.map((column) => base[column]);
}

function csvFile(name: string, text: string) {
  return { name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') };
}

function sorted(data: { tags: any[]; items: any[]; taggings: any[] }) {
  const by = (rows: any[]) => [...rows].sort((a, b) => String(a.id ?? a.key).localeCompare(String(b.id ?? b.key)));
  return { tags: by(data.tags), items: by(data.items), taggings: by(data.taggings) };
}

async function openData(page: Page) {
  await page.getByTestId('sct-tab-data').click();
  await expect(page.getByTestId('sct-backup-download')).toBeVisible();
}

test('backup, wipe and restore give back an identical database', async ({ openExtensionPage }) => {
  const options = await openExtensionPage('options.html#data');
  await seed(options, SAMPLE);
  await message(options, 'tags.create', { path: 'Unused > Leaf', color: '#123456', note: 'kept' });
  const before = sorted(await readDatabase(options));
  expect(before.taggings).toHaveLength(4);

  const [download] = await Promise.all([
    options.waitForEvent('download'),
    options.getByTestId('sct-backup-download').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^after-sales-tags-backup-\d{4}-\d{2}-\d{2}\.json$/);
  const backupPath = await download.path();
  const backup = JSON.parse(readFileSync(backupPath, 'utf8'));
  expect(backup).toMatchObject({ format: 'after-sales-tags-backup', version: 1 });
  expect(backup.taggings).toHaveLength(4);

  await options.getByTestId('sct-wipe').click();
  await expect(options.getByTestId('sct-wipe-dialog')).toContainText('4 taggings');
  await options.getByTestId('sct-wipe-confirm').click();
  await expect(options.getByTestId('sct-data-result')).toContainText('deleted');
  const wiped = await readDatabase(options);
  expect([wiped.tags.length, wiped.items.length, wiped.taggings.length]).toEqual([0, 0, 0]);

  await options.getByTestId('sct-restore-file').setInputFiles(backupPath);
  const report = options.getByTestId('sct-import-report');
  await expect(report.getByTestId('sct-report-counts')).toHaveText(
    `${before.tags.length} tags, ${before.items.length} items, 4 taggings`,
  );
  await expect(report.getByTestId('sct-report-rejected')).toHaveText('0');
  await report.getByTestId('sct-import-confirm').click();
  await expect(options.getByTestId('sct-data-result')).toContainText('Restored');
  expect(sorted(await readDatabase(options))).toEqual(before);
});

test("a teammate's detail CSV merges without duplicates, creating missing tags", async ({ openExtensionPage }) => {
  const options = await openExtensionPage('options.html#data');
  await seed(options, SAMPLE);
  // The teammate exported the same first tagging we have, plus two of their own.
  const popup = await openExtensionPage('popup.html');
  const ours = await downloadCsv(popup, 'sct-export-detail');
  const duplicate = ours.cells[0];
  const text = csvDocument(DETAIL_HEADER, [
    duplicate.map((cell) => cell.replace(/^'/, '')),
    teammateRow({}),
    teammateRow({
      review_id: 'RTEAM2',
      tag: '螺丝包缺失',
      tag_path: '配件缺失 > 螺丝包缺失',
      top_tag: '配件缺失',
      snippet: '少了两颗螺丝',
      note: '=SUM(A1:A9)',
      rating: '1',
    }),
  ]);
  expect(text).toContain("'=SUM(A1:A9)");
  const before = await readDatabase(options);

  await options.getByTestId('sct-import-file').setInputFiles(csvFile('teammate.csv', text));
  const report = options.getByTestId('sct-import-report');
  await expect(report.getByTestId('sct-report-rows')).toHaveText('3');
  await expect(report.getByTestId('sct-report-import')).toHaveText('2');
  await expect(report.getByTestId('sct-report-duplicates')).toHaveText('1');
  await expect(report.getByTestId('sct-report-rejected')).toHaveText('0');
  await expect(report.getByTestId('sct-report-new-tags')).toHaveText('Screws > Loose, 配件缺失 > 螺丝包缺失');
  // Nothing is written before the user confirms.
  expect((await readDatabase(options)).taggings).toHaveLength(before.taggings.length);
  await report.getByTestId('sct-import-confirm').click();
  await expect(options.getByTestId('sct-data-result')).toContainText('Imported 2 rows');

  const after = await readDatabase(options);
  expect(after.taggings).toHaveLength(6);
  const imported = after.taggings.find((tagging: any) => tagging.snippetText === '少了两颗螺丝');
  expect(imported).toMatchObject({ note: '=SUM(A1:A9)', asin: 'B0CCCCCCC3', source: 'review', marketplace: 'US' });
  expect(imported.createdAt).toBe(Date.parse('2026-11-20T10:00:00+08:00'));

  // Our export now carries their rows, cell for cell (the time in our zone).
  await popup.getByTestId('sct-period-select').selectOption('all');
  await expect(popup.getByTestId('sct-period-taggings')).toHaveText('6');
  const merged = await downloadCsv(popup, 'sct-export-detail');
  const theirs = merged.rows.find((row) => row.review_id === 'RTEAM2');
  expect(Date.parse(theirs?.tagged_at ?? '')).toBe(Date.parse('2026-11-20T10:00:00+08:00'));
  expect({ ...theirs, tagged_at: '' }).toEqual({
    tagged_at: '',
    source: 'review',
    marketplace: 'US',
    asin: 'B0CCCCCCC3',
    sku: 'SCR-7',
    order_id: '',
    review_id: 'RTEAM2',
    rating: '1',
    return_reason: '',
    tag: '螺丝包缺失',
    tag_path: '配件缺失 > 螺丝包缺失',
    top_tag: '配件缺失',
    snippet: '少了两颗螺丝',
    note: "'=SUM(A1:A9)",
    page_url: REVIEWS_URL,
  });

  // The same file again brings nothing new.
  await options.getByTestId('sct-import-file').setInputFiles(csvFile('teammate.csv', text));
  await expect(report.getByTestId('sct-report-duplicates')).toHaveText('3');
  await expect(report.getByTestId('sct-import-confirm')).toBeDisabled();
  await report.getByTestId('sct-import-cancel').click();
  expect((await readDatabase(options)).taggings).toHaveLength(6);
});

test('bad files are rejected with row numbers and reasons, and nothing is written', async ({ openExtensionPage }) => {
  const options = await openExtensionPage('options.html');
  await openData(options);
  await seed(options, SAMPLE);
  const before = sorted(await readDatabase(options));
  const report = options.getByTestId('sct-import-report');
  const expectNothingWritten = async () => expect(sorted(await readDatabase(options))).toEqual(before);

  // Bad rows: every one reported, the good ones not imported either (all or nothing).
  const badRows = csvDocument(DETAIL_HEADER, [
    teammateRow({}),
    teammateRow({ review_id: 'RB1', source: 'tweet' }),
    teammateRow({ review_id: 'RB2', tagged_at: '20/11/2026' }),
    teammateRow({ review_id: 'RB3', tag_path: '' }),
    teammateRow({ review_id: 'RB4', asin: 'not an asin!' }),
    teammateRow({ review_id: 'RB5', page_url: 'javascript:alert(1)' }),
  ]);
  await options.getByTestId('sct-import-file').setInputFiles(csvFile('bad.csv', badRows));
  await expect(report.getByTestId('sct-report-rejected')).toHaveText('5');
  const rejections = report.getByTestId('sct-report-rejection');
  await expect(rejections).toHaveCount(5);
  await expect(rejections.nth(0)).toContainText('3');
  await expect(rejections.nth(0)).toContainText('source');
  await expect(rejections.nth(1)).toContainText('tagged_at');
  await expect(rejections.nth(2)).toContainText('tag_path');
  await expect(rejections.nth(3)).toContainText('asin');
  await expect(rejections.nth(4)).toContainText('page_url');
  await expect(report.getByTestId('sct-import-confirm')).toBeDisabled();
  await report.getByTestId('sct-import-cancel').click();
  await expectNothingWritten();

  // Not our header.
  await options.getByTestId('sct-import-file').setInputFiles(csvFile('other.csv', 'date,comment\r\n2026-11-20,hi\r\n'));
  await expect(report.getByTestId('sct-report-rejection').first()).toContainText('Missing columns');
  await expect(report.getByTestId('sct-import-confirm')).toBeDisabled();
  await options.keyboard.press('Escape');
  await expect(report).toHaveCount(0);

  // Broken CSV quoting.
  await options
    .getByTestId('sct-import-file')
    .setInputFiles(csvFile('broken.csv', `${DETAIL_HEADER.join(',')}\r\n"unterminated,review\r\n`));
  await expect(report.getByTestId('sct-import-confirm')).toBeDisabled();
  await report.getByTestId('sct-import-cancel').click();

  // Not JSON, not a backup, and a backup with a dangling reference: the current data stays.
  const json = (name: string, value: unknown) => ({
    name,
    mimeType: 'application/json',
    buffer: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
  });
  await options.getByTestId('sct-restore-file').setInputFiles(json('junk.json', '{not json'));
  await expect(report.getByTestId('sct-report-rejection')).toContainText('Not a JSON file');
  await report.getByTestId('sct-import-cancel').click();
  await options.getByTestId('sct-restore-file').setInputFiles(json('other.json', { hello: 'world' }));
  await expect(report.getByTestId('sct-report-rejection')).toContainText('Not an After-sales Tags backup');
  await report.getByTestId('sct-import-cancel').click();
  const dangling = {
    format: 'after-sales-tags-backup',
    version: 1,
    tags: before.tags,
    items: before.items,
    taggings: [...before.taggings, { ...before.taggings[0], id: 'orphan', tagId: 'missing-tag' }],
  };
  await options.getByTestId('sct-restore-file').setInputFiles(json('dangling.json', dangling));
  await expect(report.getByTestId('sct-report-rejection')).toContainText('tag missing-tag is missing');
  await expect(report.getByTestId('sct-import-confirm')).toBeDisabled();
  await report.getByTestId('sct-import-cancel').click();
  await expectNothingWritten();

  // A committed import of a rejected session is refused by the background too (not only by the disabled button).
  const refused = await options.evaluate(async () => {
    const session = 'session-bypass-ui';
    await chrome.runtime.sendMessage({
      type: 'import.stage',
      payload: { kind: 'csv', session, header: ['a'], rows: [{ rowNumber: 2, cells: ['x'] }] },
    });
    return chrome.runtime.sendMessage({ type: 'import.commit', payload: { session } });
  });
  expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-import' } });
  await expectNothingWritten();
});
