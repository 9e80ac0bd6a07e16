/**
 * The chip of a chosen tag shows at once, as saving, and becomes saved when the background confirms it; a failed
 * save takes it away and says the tag was not saved. The database is held (holdDatabase) so the saving state lasts.
 */
import type { BrowserContext, Locator, Page } from '@playwright/test';
import { expect, type FakeSellerCentral, readDatabase, test } from './extension';
import { chips, holdDatabase, savingChips, tagWithKeyboard } from './tagging';

const US_REVIEWS = 'https://sellercentral.amazon.com/brand-customer-reviews/';
const card = (page: Page, reviewId: string) => page.locator(`[data-testid="review-${reviewId}"]`);

/** The reviews page with "Lid > Leaks" on its first review, and an extension page to hold or read the database. */
async function reviewsWithOneTag(
  context: BrowserContext,
  sellerCentral: FakeSellerCentral,
  openExtensionPage: (file: string) => Promise<Page>,
) {
  sellerCentral.serveFixture(US_REVIEWS, 'reviews-us.html');
  const page = await context.newPage();
  await page.goto(US_REVIEWS);
  await tagWithKeyboard(page, card(page, 'R3PXA2ZA1TUMCE'), 'Lid > Leaks');
  return { page, extensionPage: await openExtensionPage('popup.html'), second: card(page, 'R2RZ1QH8EPY9NT') };
}

/** Opens the item's picker and types `text`, ready for Enter once the first option offers `firstOption`. */
async function typeInPicker(page: Page, item: Locator, text: string, firstOption = text): Promise<void> {
  await item.getByTestId('sct-add-tag').click();
  await page.getByTestId('sct-tag-input').fill(text);
  await expect(page.getByTestId('sct-tag-option').first()).toContainText(firstOption);
}

/**
 * The picker still offers "Lid > Leaks", but the options page (here: its message) deletes it meanwhile, so the
 * background rejects the apply.
 */
async function deleteLeaks(extensionPage: Page): Promise<void> {
  const data = await readDatabase(extensionPage);
  const leaks = data.tags.find((tag) => tag.name === 'Leaks');
  await extensionPage.evaluate(async (id) => {
    const reply = await chrome.runtime.sendMessage({
      type: 'tags.delete',
      payload: { id, reassign: { to: 'parent' } },
    });
    if (!reply?.ok) throw new Error(reply?.error?.message);
  }, leaks.id);
}

/** Chooses "Lid > Leaks" for `item` after deleting it, with the database held: the chip is saving until released. */
async function saveThatWillFail(page: Page, extensionPage: Page, item: Locator): Promise<() => Promise<void>> {
  await typeInPicker(page, item, 'Lid > Leaks');
  await deleteLeaks(extensionPage);
  const release = await holdDatabase(extensionPage);
  await page.getByTestId('sct-tag-input').press('Enter');
  await expect(page.getByTestId('sct-tag-input')).toHaveCount(0);
  await expect(savingChips(item)).toHaveCount(1);
  return release;
}

test.describe('saving chips', () => {
  test('an existing tag and a new path show as saving at once, then as saved; a saving chip cannot be removed', async ({
    context,
    sellerCentral,
    openExtensionPage,
  }) => {
    const { page, extensionPage, second } = await reviewsWithOneTag(context, sellerCentral, openExtensionPage);
    await typeInPicker(page, second, 'leaks', 'Lid > Leaks');
    const release = await holdDatabase(extensionPage);
    await page.getByTestId('sct-tag-input').press('Enter');
    // The picker is gone and the chip is there while the background cannot write yet.
    await expect(page.getByTestId('sct-tag-input')).toHaveCount(0);
    const chip = chips(second);
    await expect(chip).toHaveCount(1);
    await expect(chip).toHaveAttribute('data-state', 'pending');
    await expect(chip).toHaveAttribute('aria-busy', 'true');
    await expect(chip).toContainText('Lid > Leaks');
    await expect(chip).toHaveAttribute('title', /^Saving…/);
    await expect(second.getByTestId('sct-add-tag')).toBeFocused();
    // Its remove button is disabled: a press does nothing, and the chip stays saving.
    const remove = chip.getByTestId('sct-remove-tag');
    await expect(remove).toBeDisabled();
    await remove.click({ force: true });
    await expect(chip).toHaveAttribute('data-state', 'pending');

    // A new path typed by the user shows as typed, beside the other saving chip.
    await typeInPicker(page, second, 'Packaging > Crushed box');
    await page.getByTestId('sct-tag-input').press('Enter');
    await expect(savingChips(second)).toHaveCount(2);
    await expect(savingChips(second).nth(1)).toContainText('Packaging > Crushed box');
    await page.waitForTimeout(300);
    await expect(savingChips(second)).toHaveCount(2);

    await release();
    await expect(savingChips(second)).toHaveCount(0);
    await expect(chips(second)).toHaveCount(2);
    await expect(chips(second).first()).toHaveAttribute('data-state', 'saved');
    await expect(chips(second).nth(1)).toHaveAttribute('data-state', 'saved');
    await expect(chips(second).first()).not.toHaveAttribute('aria-busy', /.*/);
    await expect(chips(second).nth(1).getByTestId('sct-remove-tag')).toBeEnabled();

    const data = await readDatabase(extensionPage);
    expect(data.taggings).toHaveLength(3);
    expect(data.tags.map((tag) => tag.name).sort()).toEqual(['Crushed box', 'Leaks', 'Lid', 'Packaging']);

    // Saved chips remove as before.
    await chips(second).nth(1).getByTestId('sct-remove-tag').click();
    await expect(chips(second)).toHaveCount(1);
  });

  test('a failed save takes the saving chip away and says the tag was not saved', async ({
    context,
    sellerCentral,
    openExtensionPage,
  }) => {
    const { page, extensionPage, second } = await reviewsWithOneTag(context, sellerCentral, openExtensionPage);
    const release = await saveThatWillFail(page, extensionPage, second);
    await release();

    await expect(chips(second)).toHaveCount(0);
    const alert = second.getByRole('alert');
    await expect(alert).toContainText('“Lid > Leaks” was not saved');
    await expect(second.getByTestId('sct-retry')).toBeVisible();
    const after = await readDatabase(extensionPage);
    expect(after.taggings.filter((tagging) => tagging.itemKey.includes('R2RZ1QH8EPY9NT'))).toHaveLength(0);

    // Retry tries again (and, the tag being gone, fails again the same visible way).
    await second.getByTestId('sct-retry').click();
    await expect(second.getByRole('alert')).toContainText('“Lid > Leaks” was not saved');
    await expect(chips(second)).toHaveCount(0);
  });

  test('a failed save whose card is gone meanwhile is reported in the page corner, with Retry', async ({
    context,
    sellerCentral,
    openExtensionPage,
  }) => {
    const { page, extensionPage, second } = await reviewsWithOneTag(context, sellerCentral, openExtensionPage);
    const release = await saveThatWillFail(page, extensionPage, second);
    // The page replaces its list while the tag is saving (as after an SPA navigation): the card and its bar go.
    await second.evaluate((element) => element.remove());
    await release();

    const notice = page.getByTestId('sct-notice');
    await expect(notice.getByRole('alert')).toContainText('“Lid > Leaks” was not saved');
    await notice.getByTestId('sct-retry').click();
    await expect(notice.getByRole('alert')).toContainText('“Lid > Leaks” was not saved');
    await notice.getByRole('button', { name: 'Close' }).click();
    await expect(notice).toHaveCount(0);
    const after = await readDatabase(extensionPage);
    expect(after.taggings.filter((tagging) => tagging.itemKey.includes('R2RZ1QH8EPY9NT'))).toHaveLength(0);
  });
});
