import type { Page } from '@playwright/test';
import { expect, readDatabase, test } from './extension';
import { chips, tagWithKeyboard } from './tagging';

async function itemOf(page: Page, key: string, pick: (item: any) => unknown) {
  const data = await readDatabase(page);
  return data.items.find((item) => pick(item) === key);
}

test('Feedback Manager: one button per feedback row, hash routing, context captured', async ({
  context,
  sellerCentral,
  openExtensionPage,
}) => {
  const url = sellerCentral.serveFixture(
    'https://sellercentral.amazon.com/feedback-manager/index.html#/',
    'feedback.html',
  );
  const page = await context.newPage();
  await page.goto(url);
  await expect(page.getByTestId('sct-add-tag')).toHaveCount(5);
  const row = page.locator('kat-table-row', { hasText: '113-7654321-1234567' });
  await tagWithKeyboard(page, row, '充电器无法充电 > 充电器接口问题');
  await expect(chips(row)).toContainText('充电器接口问题');

  // Hash navigation to the report view: no feedback rows, no buttons; back again: buttons and chips return.
  await page.locator('#report-link').click();
  await expect(page.getByTestId('sct-add-tag')).toHaveCount(0);
  await page.goBack();
  await expect(page.getByTestId('sct-add-tag')).toHaveCount(5);
  await expect(chips(page.locator('kat-table-row', { hasText: '113-7654321-1234567' }))).toHaveCount(1);

  const item = await itemOf(await openExtensionPage('popup.html'), '113-7654321-1234567', (i) => i.orderId);
  expect(item).toMatchObject({ source: 'feedback', marketplace: 'US', rating: 1 });
  expect(item.text ?? item.buyerComment).toContain('包装破损，充电器无法充电。');
});

test('Voice of the Customer: list rows and detail comments', async ({ context, sellerCentral, openExtensionPage }) => {
  const list = sellerCentral.serveFixture('https://sellercentral.amazon.com/voice-of-the-customer/', 'voc-list.html');
  const details = sellerCentral.serveFixture(
    'https://sellercentral.amazon.com/voice-of-the-customer/details?asin=B0C5X7Y8Z1&sku=WB-750-BLK',
    'voc-details.html',
  );
  const page = await context.newPage();
  await page.goto(list);
  await expect(page.getByTestId('sct-add-tag')).toHaveCount(4);
  const lamp = page.locator('kat-table-row', { hasText: 'B0E9LAMP42' });
  await tagWithKeyboard(page, lamp, 'Size > Too small');
  await page.goto(details);
  await expect(page.getByTestId('sct-add-tag')).toHaveCount(3);
  const comment = page.locator('kat-table-row', { hasText: 'Leaks from the lid seal' });
  await tagWithKeyboard(page, comment, 'Lid > Leaks');
  await expect(chips(comment)).toHaveCount(1);

  const popup = await openExtensionPage('popup.html');
  expect(await itemOf(popup, 'B0E9LAMP42', (i) => i.asin)).toMatchObject({ source: 'voc', sku: 'LAMP-LED-01' });
  const data = await readDatabase(popup);
  const detailItem = data.items.find((item) =>
    (item.buyerComment ?? item.text ?? '').includes('Leaks from the lid seal'),
  );
  expect(detailItem).toMatchObject({ source: 'voc', asin: 'B0C5X7Y8Z1' });
});

test('Buyer-Seller Messages: the open conversation holds the button; switching conversations moves chips', async ({
  context,
  sellerCentral,
  openExtensionPage,
}) => {
  const base = 'https://sellercentral.amazon.com/messaging/inbox-v3?fi=responseNeeded';
  const first = `${base}&cc=3f9c2a4e-8b1d-4c6a-9e2f-1a2b3c4d5e6f`;
  for (const url of [base, first]) sellerCentral.serveFixture(url, 'messages-inbox.html');
  const page = await context.newPage();
  await page.goto(base);
  // No conversation open yet: the list may or may not have buttons, but the thread pane has none.
  const pane = page.locator('sc-msg-detail');
  await expect(pane).toBeVisible();
  await page.waitForTimeout(1500);
  await expect(pane.getByTestId('sct-add-tag')).toHaveCount(0);

  await page.goto(first);
  await expect(pane.getByTestId('sct-add-tag')).toHaveCount(1);
  await tagWithKeyboard(page, pane, 'Charger > Wrong plug');
  await expect(chips(pane)).toHaveCount(1);

  // Open another conversation in the same pane: no chip from the first one.
  await page.locator('[role="option"]', { hasText: '李雷' }).first().click();
  await expect(page).toHaveURL(/cc=7d2e9b10/);
  await expect(chips(pane)).toHaveCount(0);
  await expect(pane.getByTestId('sct-add-tag')).toHaveCount(1);
  await tagWithKeyboard(page, pane, 'Missing parts');
  await expect(chips(pane)).toHaveText([/Missing parts/]);

  const data = await readDatabase(await openExtensionPage('popup.html'));
  const byCase = Object.fromEntries(data.items.map((item) => [item.caseId, item]));
  expect(byCase['3f9c2a4e-8b1d-4c6a-9e2f-1a2b3c4d5e6f']).toMatchObject({
    source: 'message',
    orderId: '114-3941689-8772232',
    asin: 'B0C5X7Y8Z1',
  });
  expect(byCase['7d2e9b10-4f3a-4e8c-b6d1-0c9e8f7a6b5d']).toMatchObject({
    source: 'message',
    orderId: '112-0000001-2345678',
    asin: 'B0D1ASIN03',
  });
});

test('Manage Returns: v2 rows, classic table and the newest layout', async ({
  context,
  sellerCentral,
  openExtensionPage,
}) => {
  const v2 = sellerCentral.serveFixture('https://sellercentral.amazon.com/gp/returns/list/v2', 'returns-v2.html');
  const classic = sellerCentral.serveFixture(
    'https://sellercentral.amazon.com/gp/returns/list',
    'returns-classic.html',
  );
  const mfn = sellerCentral.serveFixture('https://sellercentral.amazon.com/manage/returns/mfn', 'returns-mfn.html');
  const page = await context.newPage();

  await page.goto(v2);
  await expect(page.getByTestId('sct-add-tag')).toHaveCount(4);
  await tagWithKeyboard(page, page.locator('kat-table-row', { hasText: '114-3941689-8772232' }), 'Defective > Leaks');

  await page.goto(classic);
  await expect(page.getByTestId('sct-add-tag')).toHaveCount(3);
  await tagWithKeyboard(page, page.locator('tr.return-row', { hasText: '111-9876543-2109876' }), 'Defective > Leaks');

  await page.goto(mfn);
  await expect(page.getByTestId('sct-add-tag')).toHaveCount(3);
  await tagWithKeyboard(page, page.locator('.css-7hk2', { hasText: '112-4445556-6667778' }), 'Wrong item sent');

  const popup = await openExtensionPage('popup.html');
  expect(await itemOf(popup, '114-3941689-8772232', (i) => i.orderId)).toMatchObject({
    source: 'return',
    marketplace: 'US',
    returnRequestId: 'DmK8d2Wq3',
    sku: 'WB-750-BLK',
    asin: 'B0C5X7Y8Z1',
  });
  expect(await itemOf(popup, '111-9876543-2109876', (i) => i.orderId)).toMatchObject({
    source: 'return',
    marketplace: 'US',
    returnRequestId: 'Dx9Lm3Kp1',
  });
  expect(await itemOf(popup, '112-4445556-6667778', (i) => i.orderId)).toMatchObject({
    source: 'return',
    returnReason: 'Wrong item was sent',
    buyerComment: '收到的是 30W 充电器，不是 65W。',
  });
});
