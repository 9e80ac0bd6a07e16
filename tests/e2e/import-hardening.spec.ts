/**
 * Issue #6: the options page refuses GBK, semicolon-separated and oversized files with a clear message before
 * staging anything, and shows the storage state (persistence, usage and quota).
 */
import { mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { csvDocument } from '../../lib/csv';
import { DETAIL_HEADER } from '../../lib/export/detail';
import { SAMPLE, seed } from './export-helpers';
import { expect, readDatabase, test } from './extension';

test('encoding, separator and size problems are explained; storage state is shown', async ({
  openExtensionPage,
}, testInfo) => {
  const options = await openExtensionPage('options.html');
  await options.getByTestId('sct-tab-data').click();
  await expect(options.getByTestId('sct-backup-download')).toBeVisible();
  await seed(options, SAMPLE);
  const before = await readDatabase(options);

  const storage = options.getByTestId('sct-storage');
  await expect(storage.getByTestId('sct-storage-persisted')).toHaveAttribute('data-persisted', /true|false/);
  await expect(storage.getByTestId('sct-storage-usage')).toContainText(/Using .+ of .+ available/);

  const report = options.getByTestId('sct-import-report');
  const refused = async (name: string, buffer: Buffer, text: RegExp) => {
    await options.getByTestId('sct-import-file').setInputFiles({ name, mimeType: 'text/csv', buffer });
    await expect(report.getByTestId('sct-report-rejection')).toContainText(text);
    await expect(report.getByTestId('sct-import-confirm')).toBeDisabled();
    await report.getByTestId('sct-import-cancel').click();
    await expect(report).toHaveCount(0);
  };

  // 螺丝 in GBK (as Excel saves in a Chinese locale).
  const gbk = Buffer.concat([
    Buffer.from(`${DETAIL_HEADER.join(',')}\r\n2026-11-20T10:00:00+08:00,review,US,,,,R1,2,,`),
    Buffer.from([0xc2, 0xdd, 0xcb, 0xbf, 0x2c, 0xc2, 0xdd, 0xcb, 0xbf, 0x2c, 0xc2, 0xdd, 0xcb, 0xbf]),
    Buffer.from(',,,https://sellercentral.amazon.com/\r\n'),
  ]);
  await refused('gbk.csv', gbk, /UTF-8/);
  const semicolon = csvDocument(DETAIL_HEADER, []).replaceAll(',', ';');
  await refused('semicolon.csv', Buffer.from(semicolon), /semicolons/);
  // A 41 MB file, refused by its size before it is read (passed by path: a buffer this big is slow to send).
  const huge = path.join(testInfo.outputPath(), 'huge.csv');
  mkdirSync(path.dirname(huge), { recursive: true });
  writeFileSync(huge, '');
  truncateSync(huge, 41 * 1024 * 1024);
  await options.getByTestId('sct-import-file').setInputFiles(huge);
  await expect(report.getByTestId('sct-report-rejection')).toContainText(/too large \(41\.0 MB; at most 40 MB\)/);
  await report.getByTestId('sct-import-cancel').click();

  expect(await readDatabase(options)).toEqual(before);
});
