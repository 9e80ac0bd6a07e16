/** Helpers for tagging through the injected UI, the way a user does it. */
import { expect, type Locator, type Page } from '@playwright/test';

/**
 * Clicks the item's "Add tag" button, types `text` into the picker and presses Enter; waits until the chip's save
 * is settled (saved, or gone after a failure), so the database can be checked right after.
 */
export async function tagWithKeyboard(page: Page, item: Locator, text: string): Promise<void> {
  await item.getByTestId('sct-add-tag').click();
  const input = page.getByTestId('sct-tag-input');
  await expect(input).toBeFocused();
  await input.fill(text);
  await expect(page.getByTestId('sct-tag-option').first()).toBeVisible();
  await input.press('Enter');
  await expect(input).toHaveCount(0);
  await expectSettled(item);
}

/** Clicks the item's "Add tag" button, types `text` and clicks the option whose text contains `optionText`. */
export async function tagByClicking(page: Page, item: Locator, text: string, optionText = text): Promise<void> {
  await item.getByTestId('sct-add-tag').click();
  await page.getByTestId('sct-tag-input').fill(text);
  await page.getByTestId('sct-tag-option').filter({ hasText: optionText }).first().click();
  await expect(page.getByTestId('sct-tag-input')).toHaveCount(0);
  await expectSettled(item);
}

export function chips(item: Locator): Locator {
  return item.getByTestId('sct-tag-chip');
}

/** Chips whose save the background has not confirmed yet (data-state="pending"). */
export function savingChips(item: Locator): Locator {
  return item.locator('[data-testid="sct-tag-chip"][data-state="pending"]');
}

/** Waits until no chip of the item is still saving: each is saved (data-state="saved") or gone. */
export async function expectSettled(item: Locator): Promise<void> {
  await expect(savingChips(item)).toHaveCount(0);
}

/**
 * Holds the extension's database from an extension page (same origin as the background): one read-write
 * transaction over every store, kept open until the returned release is called, so the background's writes wait
 * (as on a busy or slow disk) and a chip stays saving meanwhile. The database must exist already.
 */
export async function holdDatabase(extensionPage: Page): Promise<() => Promise<void>> {
  await extensionPage.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('after-sales-tags');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const transaction = db.transaction([...db.objectStoreNames], 'readwrite');
          const store = transaction.objectStore(db.objectStoreNames[0]);
          const hold = { released: false };
          (window as unknown as { __sctHold: typeof hold }).__sctHold = hold;
          // A transaction ends when no request is left: keep one going until released.
          const keepOpen = () => {
            if (!hold.released) store.count().onsuccess = keepOpen;
          };
          keepOpen();
          transaction.oncomplete = () => db.close();
          resolve();
        };
      }),
  );
  return async () => {
    await extensionPage.evaluate(() => {
      (window as unknown as { __sctHold: { released: boolean } }).__sctHold.released = true;
    });
  };
}
