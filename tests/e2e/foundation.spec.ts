import { expect, readDatabase, test } from './extension';

test('popup and options pages open and read counts from the background', async ({ openExtensionPage }) => {
  const options = await openExtensionPage('options.html');
  await expect(options.getByRole('heading', { level: 1 })).toBeVisible();
  const popup = await openExtensionPage('popup.html');
  await expect(popup.getByTestId('sct-total-taggings')).toHaveText('0');
  // A write through the message map shows up in the popup's counts.
  await popup.evaluate(async () => {
    const reply = await chrome.runtime.sendMessage({
      type: 'taggings.apply',
      payload: {
        item: {
          source: 'review',
          marketplace: 'US',
          reviewId: 'R1ABCDEFGHIJK',
          pageUrl: 'https://sellercentral.amazon.com/brand-customer-reviews/',
        },
        tagPath: 'Battery > Dead on arrival',
      },
    });
    if (!reply.ok) throw new Error(reply.error.message);
  });
  await popup.reload();
  await expect(popup.getByTestId('sct-total-taggings')).toHaveText('1');
  await expect(popup.getByTestId('sct-total-tags')).toHaveText('2');
});

test('a message of the wrong shape gets a typed error and writes nothing', async ({ openExtensionPage }) => {
  const page = await openExtensionPage('popup.html');
  const replies = await page.evaluate(async () => {
    const send = (message: unknown) => chrome.runtime.sendMessage(message);
    return [
      await send({ type: 'taggings.apply', payload: { item: { source: 'evil' }, tagPath: 'X' } }),
      await send({ type: 'tags.drop-everything', payload: {} }),
      await send('just a string'),
      await send({ type: 'tags.create', payload: { path: 42 } }),
    ];
  });
  expect(replies.map((reply: any) => reply.error?.code)).toEqual([
    'invalid-message',
    'unknown-message',
    'invalid-message',
    'invalid-message',
  ]);
  const data = await readDatabase(page);
  expect([data.tags.length, data.items.length, data.taggings.length]).toEqual([0, 0, 0]);
});

test('the content script runs on Seller Central hosts and recognises the page kind', async ({
  context,
  sellerCentral,
}) => {
  const page = await context.newPage();
  for (const [url, kind] of [
    ['https://sellercentral.amazon.com/brand-customer-reviews/', 'reviews'],
    ['https://sellercentral-europe.amazon.com/gp/returns/list/v2', 'returns'],
    ['https://sellercentral.amazon.co.jp/messaging/inbox-v3', 'messages'],
    ['https://sellercentral.amazon.com/home', 'none'],
  ]) {
    sellerCentral.serve(url, '<html><body><h1>Seller Central</h1></body></html>');
    await page.goto(url);
    await expect(page.locator('html')).toHaveAttribute('data-sct-page-kind', kind);
  }
  sellerCentral.serve('https://www.amazon.com/dp/B0TESTASIN', '<html><body>Storefront</body></html>');
  await page.goto('https://www.amazon.com/dp/B0TESTASIN');
  await page.waitForTimeout(300);
  await expect(page.locator('html')).not.toHaveAttribute('data-sct-page-kind', /.*/);
});
