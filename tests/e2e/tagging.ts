/** Helpers for tagging through the injected UI, the way a user does it. */
import { expect, type Locator, type Page } from '@playwright/test';

/** Clicks the item's "Add tag" button, types `text` into the picker and presses Enter. */
export async function tagWithKeyboard(page: Page, item: Locator, text: string): Promise<void> {
  await item.getByTestId('sct-add-tag').click();
  const input = page.getByTestId('sct-tag-input');
  await expect(input).toBeFocused();
  await input.fill(text);
  await expect(page.getByTestId('sct-tag-option').first()).toBeVisible();
  await input.press('Enter');
  await expect(input).toHaveCount(0);
}

/** Clicks the item's "Add tag" button, types `text` and clicks the option whose text contains `optionText`. */
export async function tagByClicking(page: Page, item: Locator, text: string, optionText = text): Promise<void> {
  await item.getByTestId('sct-add-tag').click();
  await page.getByTestId('sct-tag-input').fill(text);
  await page.getByTestId('sct-tag-option').filter({ hasText: optionText }).first().click();
  await expect(page.getByTestId('sct-tag-input')).toHaveCount(0);
}

export function chips(item: Locator): Locator {
  return item.getByTestId('sct-tag-chip');
}
