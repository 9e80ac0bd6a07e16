/**
 * Faults: the MV3 service worker (which owns the database) stopped mid-use, and several tabs tagging at once.
 * Nothing is lost and nothing is duplicated.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { expect, readDatabase, test } from './extension';
import { chips, expectSettled, tagWithKeyboard } from './tagging';

const US_REVIEWS = 'https://sellercentral.amazon.com/brand-customer-reviews/';
const REVIEW_IDS = ['R3PXA2ZA1TUMCE', 'R2RZ1QH8EPY9NT', 'R33RHW7EY4FF24', 'R1VUZL5TK86QAF', 'RXKJ7XOL5UJZY'];
const card = (page: Page, reviewId: string) => page.locator(`[data-testid="review-${reviewId}"]`);

/**
 * Stops every service worker of the browser (as Chrome does to an idle MV3 worker) and waits until CDP reports
 * the extension's worker stopped (a message already on its way may start it again right after).
 */
async function stopServiceWorkers(context: BrowserContext, page: Page): Promise<void> {
  const cdp = await context.newCDPSession(page);
  let stopped = false;
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const version of versions) {
      if (version.scriptURL.startsWith('chrome-extension://') && version.runningStatus === 'stopped') stopped = true;
    }
  });
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await expect.poll(() => stopped, { timeout: 10_000 }).toBe(true);
  await cdp.detach();
}

async function openReviews(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(US_REVIEWS);
  await expect(page.getByTestId('sct-add-tag')).toHaveCount(REVIEW_IDS.length);
  return page;
}

test.describe('faults', () => {
  test('the service worker stopped mid-use: the next tag still saves, nothing is lost', async ({
    context,
    sellerCentral,
    openExtensionPage,
  }) => {
    sellerCentral.serveFixture(US_REVIEWS, 'reviews-us.html');
    const page = await openReviews(context);
    await tagWithKeyboard(page, card(page, REVIEW_IDS[0]), 'Lid > Leaks');

    await stopServiceWorkers(context, page);
    // The page keeps its state; the next tag wakes the worker, which reopens the database.
    await tagWithKeyboard(page, card(page, REVIEW_IDS[1]), 'Lid > Leaks');
    await expect(chips(card(page, REVIEW_IDS[1]))).toHaveCount(1);

    // Stopped again while the picker is open (the tag list was loaded before): applying still saves.
    await card(page, REVIEW_IDS[2]).getByTestId('sct-add-tag').click();
    await page.getByTestId('sct-tag-input').fill('Arrived broken');
    await stopServiceWorkers(context, page);
    await page.getByTestId('sct-tag-input').press('Enter');
    await expect(page.getByTestId('sct-tag-input')).toHaveCount(0);
    await expectSettled(card(page, REVIEW_IDS[2]));
    await expect(chips(card(page, REVIEW_IDS[2]))).toHaveCount(1);

    // Stopped right after Enter: the write either completes (the saving chip turns saved) or fails visibly (the
    // chip goes, the bar says so and offers Retry), never half-way.
    const fourth = card(page, REVIEW_IDS[3]);
    await fourth.getByTestId('sct-add-tag').click();
    await page.getByTestId('sct-tag-input').fill('Arrived broken');
    await page.getByTestId('sct-tag-input').press('Enter');
    await expect(page.getByTestId('sct-tag-input')).toHaveCount(0);
    await stopServiceWorkers(context, page);
    await expectSettled(fourth);
    if ((await chips(fourth).count()) === 0) {
      await expect(fourth.getByRole('alert')).toContainText('was not saved');
      await fourth.getByTestId('sct-retry').click();
      await expectSettled(fourth);
    }
    await expect(chips(fourth)).toHaveCount(1);
    await expect(chips(fourth)).toHaveAttribute('data-state', 'saved');

    await page.reload();
    for (const id of REVIEW_IDS.slice(0, 4)) await expect(chips(card(page, id))).toHaveCount(1);
    const data = await readDatabase(await openExtensionPage('popup.html'));
    expect(data.taggings).toHaveLength(4);
    expect(data.items).toHaveLength(4);
    expect(data.tags.map((tag) => tag.name).sort()).toEqual(['Arrived broken', 'Leaks', 'Lid']);
    expect(new Set(data.taggings.map((tagging) => tagging.itemKey)).size).toBe(4);
  });

  test('five tabs tagging at once: the same item and tag once, different items all saved', async ({
    context,
    sellerCentral,
    openExtensionPage,
  }) => {
    test.setTimeout(120_000);
    sellerCentral.serveFixture(US_REVIEWS, 'reviews-us.html');
    const tabs = await Promise.all(Array.from({ length: 5 }, () => openReviews(context)));

    // Every tab applies the same new tag path to the same review, at the same moment.
    await Promise.all(
      tabs.map(async (tab) => {
        await card(tab, REVIEW_IDS[0]).getByTestId('sct-add-tag').click();
        await tab.getByTestId('sct-tag-input').fill('Packaging > Crushed box');
      }),
    );
    await Promise.all(tabs.map((tab) => tab.getByTestId('sct-tag-input').press('Enter')));
    for (const tab of tabs) await expect(tab.getByTestId('sct-tag-input')).toHaveCount(0);
    for (const tab of tabs) await expectSettled(card(tab, REVIEW_IDS[0]));

    // Then each tab tags a different review with the same new tag, at the same moment.
    await Promise.all(
      tabs.map(async (tab, i) => {
        await card(tab, REVIEW_IDS[i]).getByTestId('sct-add-tag').click();
        await tab.getByTestId('sct-tag-input').fill('Wrong colour');
      }),
    );
    await Promise.all(tabs.map((tab) => tab.getByTestId('sct-tag-input').press('Enter')));
    for (const tab of tabs) await expect(tab.getByTestId('sct-tag-input')).toHaveCount(0);
    for (const [i, tab] of tabs.entries()) {
      await expectSettled(card(tab, REVIEW_IDS[i]));
      // Every tab's save went through: one saved chip on the item it tagged (the same tagging in every tab for
      // the first review, merged, not duplicated).
      await expect(chips(card(tab, REVIEW_IDS[i])).filter({ hasText: 'Wrong colour' })).toHaveAttribute(
        'data-state',
        'saved',
      );
    }
    await expect(chips(card(tabs[1], REVIEW_IDS[0]))).toHaveCount(1);

    const data = await readDatabase(await openExtensionPage('popup.html'));
    expect(data.tags.map((tag) => tag.name).sort()).toEqual(['Crushed box', 'Packaging', 'Wrong colour']);
    const crushed = data.tags.find((tag) => tag.name === 'Crushed box');
    const colour = data.tags.find((tag) => tag.name === 'Wrong colour');
    expect(data.taggings.filter((tagging) => tagging.tagId === crushed.id)).toHaveLength(1);
    const colourTaggings = data.taggings.filter((tagging) => tagging.tagId === colour.id);
    expect(colourTaggings).toHaveLength(5);
    expect(new Set(colourTaggings.map((tagging) => tagging.itemKey)).size).toBe(5);
    expect(data.taggings).toHaveLength(6);
    expect(data.items).toHaveLength(5);

    // Every tab shows the truth after a reload.
    await tabs[4].reload();
    await expect(chips(card(tabs[4], REVIEW_IDS[0]))).toHaveCount(2);
    for (const id of REVIEW_IDS.slice(1)) await expect(chips(card(tabs[4], id))).toHaveCount(1);
  });
});
