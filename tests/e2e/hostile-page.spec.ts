/**
 * A Seller Central page's own scripts are untrusted: whatever they post, dispatch, forge or click, the extension
 * writes nothing. Our UI sits in OPEN shadow roots (the test contract), so the page can reach the real buttons
 * and inputs; only the user's own (trusted) input may act. Malformed messages from the extension's own contexts
 * get typed errors, and content scripts may not use the options page's destructive messages.
 */
import type { Page } from '@playwright/test';
import { expect, readDatabase, test } from './extension';
import { evaluateInContentScript, watchCanaries } from './hostile';
import { chips, tagWithKeyboard } from './tagging';

const US_REVIEWS = 'https://sellercentral.amazon.com/brand-customer-reviews/';
const card = (page: Page, reviewId: string) => page.locator(`[data-testid="review-${reviewId}"]`);

test.describe('an untrusted page', () => {
  test('cannot make the extension write: postMessage, CustomEvents, forged UI, scripted clicks and keys, runtime messages', async ({
    context,
    sellerCentral,
    openExtensionPage,
    extensionId,
  }) => {
    const canaries = watchCanaries(context);
    sellerCentral.serveFixture(US_REVIEWS, 'reviews-us.html');
    const page = await context.newPage();
    await page.goto(US_REVIEWS);
    const first = card(page, 'R3PXA2ZA1TUMCE');
    await tagWithKeyboard(page, first, 'Lid > Leaks');
    await expect(chips(first)).toHaveCount(1);
    const extensionPage = await openExtensionPage('popup.html');
    const before = await readDatabase(extensionPage);

    const results = await page.evaluate(async (id) => {
      const item = { source: 'review', marketplace: 'US', reviewId: 'R2RZ1QH8EPY9NT', pageUrl: location.href };
      const messages = [
        { type: 'taggings.apply', payload: { item, tagPath: 'Forged by page' } },
        { type: 'tags.create', payload: { path: 'Forged by page' } },
        { type: 'data.wipe', payload: { confirm: 'delete-everything' } },
        { type: 'sct:tag-selection' },
        { type: 'sct:data-changed' },
      ];
      // 1. window.postMessage and DOM CustomEvents, on window, document and the items.
      for (const message of messages) {
        window.postMessage(message, '*');
        window.postMessage(JSON.stringify(message), '*');
        for (const target of [window, document, document.querySelector('.reviewContainer')]) {
          target?.dispatchEvent(new CustomEvent(message.type, { detail: message, bubbles: true, composed: true }));
        }
      }
      // 2. A forged bar with its own "Add tag" button and a forged picker, clicked and typed into.
      const forged = document.createElement('sct-item-bar');
      forged.setAttribute('data-sct-ui', 'bar');
      const shadow = forged.attachShadow({ mode: 'open' });
      shadow.innerHTML =
        '<button data-testid="sct-add-tag">+ Add tag</button><input data-testid="sct-tag-input" value="Forged by page">' +
        '<div data-testid="sct-tag-option" role="option">Forged by page</div>';
      document.querySelector('[data-testid="review-R2RZ1QH8EPY9NT"]')?.append(forged);
      (shadow.querySelector('button') as HTMLButtonElement).click();
      (shadow.querySelector('[role=option]') as HTMLElement).click();
      shadow
        .querySelector('input')
        ?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
      forged.remove();

      // 3. The REAL bars, reached through their open shadow roots, driven by script.
      const bars = [...document.querySelectorAll('sct-item-bar')];
      let pickerOpenedByScript = false;
      for (const bar of bars) {
        const button = bar.shadowRoot?.querySelector('[data-testid="sct-add-tag"]') as HTMLButtonElement | null;
        button?.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, composed: true }));
        button?.click();
        if (document.querySelector('sct-picker')) pickerOpenedByScript = true;
        // Removing an applied tag by script.
        for (const remove of bar.shadowRoot?.querySelectorAll('[data-testid="sct-remove-tag"]') ?? []) {
          (remove as HTMLButtonElement).click();
        }
      }
      // The "Tag selection" shortcut, synthesised.
      const selection = document.getSelection();
      const range = document.createRange();
      range.selectNodeContents(document.querySelector('#review-content-R2RZ1QH8EPY9NT') as Node);
      selection?.removeAllRanges();
      selection?.addRange(range);
      document.dispatchEvent(
        new KeyboardEvent('keydown', { key: 'T', code: 'KeyT', altKey: true, shiftKey: true, bubbles: true }),
      );
      if (document.querySelector('sct-picker')) pickerOpenedByScript = true;

      // 4. chrome.runtime from the page world: absent without externally_connectable; if present, refused.
      const runtime = (globalThis as { chrome?: { runtime?: { sendMessage?: unknown; connect?: unknown } } }).chrome
        ?.runtime;
      let runtimeReply: unknown = 'no chrome.runtime in the page';
      if (runtime && typeof runtime.sendMessage === 'function') {
        try {
          runtimeReply = await (runtime.sendMessage as (...args: unknown[]) => Promise<unknown>)(id, messages[0]);
        } catch (error) {
          runtimeReply = `threw: ${(error as Error).message}`;
        }
      }
      return { pickerOpenedByScript, runtimeReply, bars: bars.length };
    }, extensionId);

    expect(results.bars).toBeGreaterThan(0);
    expect(results.pickerOpenedByScript).toBe(false);
    expect(String(results.runtimeReply)).not.toMatch(/"ok":true/);

    // 5. A picker the USER opened, then driven by the page's script: typing, Enter, clicking options.
    await card(page, 'R2RZ1QH8EPY9NT').getByTestId('sct-add-tag').click();
    await expect(page.getByTestId('sct-tag-input')).toBeFocused();
    await page.evaluate(() => {
      const root = document.querySelector('sct-picker')?.shadowRoot;
      const input = root?.querySelector('[data-testid="sct-tag-input"]') as HTMLInputElement;
      input.value = 'Forged by page';
      input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, data: 'Forged by page' }));
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
      for (const option of root?.querySelectorAll('[data-testid="sct-tag-option"]') ?? []) {
        (option as HTMLElement).click();
      }
      const note = root?.querySelector('[data-testid="sct-tag-note"]') as HTMLInputElement;
      note.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
    });
    // Still open: nothing was applied. The user's own Escape closes it.
    await expect(page.getByTestId('sct-tag-input')).toBeVisible();
    await page.getByTestId('sct-tag-input').press('Escape');
    await expect(page.getByTestId('sct-tag-input')).toHaveCount(0);

    await page.waitForTimeout(1_500);
    expect(await readDatabase(extensionPage)).toEqual(before);
    await expect(chips(first)).toHaveCount(1);
    expect(canaries.dialogs).toEqual([]);

    // The user's own click still works afterwards.
    await tagWithKeyboard(page, card(page, 'R2RZ1QH8EPY9NT'), 'Real tag');
    await expect.poll(async () => (await readDatabase(extensionPage)).taggings.length).toBe(2);
  });

  test('malformed messages get typed errors; content scripts cannot wipe, import or edit the tree', async ({
    context,
    sellerCentral,
    openExtensionPage,
  }) => {
    sellerCentral.serveFixture(US_REVIEWS, 'reviews-us.html');
    const page = await context.newPage();
    await page.goto(US_REVIEWS);
    await tagWithKeyboard(page, card(page, 'R3PXA2ZA1TUMCE'), 'Lid > Leaks');
    const popup = await openExtensionPage('popup.html');
    const before = await readDatabase(popup);

    // From an extension page: malformed messages come back as typed errors.
    const fromPage = await popup.evaluate(async () => {
      const send = (message: unknown) => chrome.runtime.sendMessage(message);
      return Promise.all([
        send({ type: 'taggings.apply', payload: {} }),
        send({ type: 'no.such.message', payload: {} }),
        send({ type: '__proto__', payload: {} }),
        send('garbage'),
        send({ type: 'data.wipe', payload: { confirm: 'yes please' } }),
      ]);
    });
    expect(fromPage.map((reply) => reply?.error?.code)).toEqual([
      'invalid-message',
      'unknown-message',
      'unknown-message',
      'invalid-message',
      'invalid-message',
    ]);

    // From the content script's own world: malformed → typed errors; destructive messages → forbidden.
    const fromContentScript = (await evaluateInContentScript(
      page,
      `(async () => {
        const send = (message) => chrome.runtime.sendMessage(message);
        return Promise.all([
          send({ type: 'taggings.apply', payload: { item: {} } }),
          send({ type: 'nope', payload: {} }),
          send({ type: 'data.wipe', payload: { confirm: 'delete-everything' } }),
          send({ type: 'tags.delete', payload: { id: ${JSON.stringify(before.tags[0].id)}, reassign: { to: 'nowhere' } } }),
          send({ type: 'tags.restoreSnapshot', payload: { tags: [], taggings: [] } }),
          send({ type: 'import.commit', payload: { session: 'session-x' } }),
          send({ type: 'tags.list', payload: {} }).then((reply) => ({ ok: reply.ok })),
        ]);
      })()`,
    )) as { ok: boolean; error?: { code: string } }[];
    expect(fromContentScript.map((reply) => reply.error?.code ?? reply.ok)).toEqual([
      'invalid-message',
      'unknown-message',
      'forbidden-sender',
      'forbidden-sender',
      'forbidden-sender',
      'forbidden-sender',
      true,
    ]);
    expect(await readDatabase(popup)).toEqual(before);
  });
});
