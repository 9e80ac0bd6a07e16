/** The Seller Central content script: page sessions per SPA location, the picker, and "Tag selection". */

import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { ItemBar, ItemBarActions } from '@/components/inpage/itemBar';
import { hidePageNotice, showPageNotice } from '@/components/inpage/notice';
import { notSavedMessage, saveFailedMessage, t } from '@/components/inpage/strings';
import { type PickerChoice, PickerHost } from '@/components/inpage/TagPicker';
import { TAG_SELECTION_EVENT } from '../contentEvents';
import { itemKeyOf } from '../itemKey';
import type { ItemContext, Snippet } from '../model';
import { adapterForUrl, contextFromSelection } from '../pages';
import { PageSession } from './session';
import { normaliseSpace, quoteOf, selectedTextIn } from './snippet';
import { InpageStore } from './store';

export function startInpageTagging(ctx: ContentScriptContext): void {
  const store = new InpageStore();
  const picker = new PickerHost();
  let session: PageSession | undefined;

  const loadTags = () =>
    store.loadTags().catch((error: Error) => console.warn('[After-sales Tags]', t('loadFailed', error.message)));
  void loadTags();

  /**
   * The picker for an item. Shown in a bar (`bar`), the chosen tag's chip appears at once as saving and the picker
   * closes; a failed save takes the chip away again and says so in the bar (or, with the bar gone, in a notice in
   * the page's corner), with Retry. Elsewhere (a selection outside any item) no chip shows, so the picker waits for
   * the save and shows any error itself.
   */
  function openPicker(anchor: DOMRect, context: ItemContext, snippet: Snippet | undefined, bar?: ItemBar) {
    // Worked out now, while the picker opens, so that choosing an option has nothing to compute before the chip.
    const key = itemKeyOf(context);
    const returnFocus = bar?.button;
    const save = (choice: PickerChoice, note: string): void => {
      const path = 'tagId' in choice ? (store.tagsById.get(choice.tagId)?.path ?? '') : choice.tagPath;
      store.apply(context, choice, snippet, note, key).catch((error: unknown) => {
        const shown = bar?.key === key && bar.host.isConnected ? bar : session?.barShowing(key);
        const retry = () => save(choice, note);
        // With its bar gone (an SPA navigation, a recycled card), the page's corner says it instead.
        if (shown) shown.showError(notSavedMessage(path, error), retry);
        else showPageNotice(notSavedMessage(path, error), retry);
      });
    };
    picker.open({
      store,
      anchor,
      snippet: snippet?.exact,
      optimistic: bar !== undefined,
      apply: async (choice: PickerChoice, note: string) => {
        if (bar) save(choice, note);
        else await store.apply(context, choice, snippet, note, key);
      },
      closed: () => {
        const active = document.activeElement;
        if (returnFocus?.isConnected && (!active || active === document.body || active.localName === 'sct-picker')) {
          returnFocus.focus();
        }
      },
    });
  }

  const actions: ItemBarActions = {
    add(bar: ItemBar, selectedText: string | undefined) {
      if (!session) return;
      // Captured now, from what the item shows now: recycled cards carry other content than at first render.
      const context = session.adapter.extract(bar.item, new URL(location.href));
      const snippet = selectedText ? quoteOf(selectedText, context.text ?? bar.item.textContent ?? '') : undefined;
      openPicker(bar.button.getBoundingClientRect(), context, snippet, bar);
    },
    remove(bar: ItemBar, tagging) {
      const path = store.tagsById.get(tagging.tagId)?.path ?? '';
      store.remove(tagging).then(
        (removed) => bar.showUndo(removed, path),
        (error: Error) => bar.showError(saveFailedMessage(error)),
      );
    },
    undo(bar: ItemBar, tagging) {
      store.restore(tagging).catch((error: Error) => bar.showError(saveFailedMessage(error)));
    },
  };

  function startSession() {
    const url = new URL(location.href);
    const adapter = adapterForUrl(url);
    document.documentElement.dataset.sctPageKind = adapter?.kind ?? 'none';
    if (session && adapter && session.adapter === adapter) {
      session.requestScan(true);
      return;
    }
    session?.stop();
    picker.close();
    session = adapter ? new PageSession(adapter, store, actions, selectedTextIn) : undefined;
    session?.start();
  }

  /** "Tag selection": the selected text, in a recognised item or anywhere on Seller Central (source "other"). */
  function tagSelection() {
    const selection = document.getSelection();
    const text = normaliseSpace(selection?.toString() ?? '');
    if (!selection || !text || selection.rangeCount === 0) return;
    const range = selection.getRangeAt(0);
    const url = new URL(location.href);
    const bar = session?.barContaining(selection.anchorNode);
    const context = bar && session ? session.adapter.extract(bar.item, url) : contextFromSelection(range, url);
    const around = bar
      ? (context.text ?? bar.item.textContent ?? '')
      : (range.commonAncestorContainer.textContent ?? '');
    openPicker(range.getBoundingClientRect(), context, quoteOf(text, around), bar);
  }

  // SPA navigation: the Navigation API announces a URL before `location` changes, so every signal (WXT's watcher,
  // hash and history events, a slow poll for what they miss) just asks to compare the URL once it has settled.
  let handledUrl = location.href;
  const syncLocation = () => {
    if (location.href === handledUrl) return;
    handledUrl = location.href;
    startSession();
  };
  const syncSoon = () => ctx.setTimeout(syncLocation, 0);
  startSession();
  ctx.addEventListener(window, 'wxt:locationchange', syncSoon);
  ctx.addEventListener(window, 'hashchange', syncSoon);
  ctx.addEventListener(window, 'popstate', syncSoon);
  ctx.setInterval(syncLocation, 500);
  ctx.addEventListener(document, 'visibilitychange', () => {
    if (document.visibilityState === 'visible') void store.refresh().catch(() => undefined);
  });
  ctx.addEventListener(document, 'keydown', (event: KeyboardEvent) => {
    if (event.isTrusted && event.altKey && event.shiftKey && event.code === 'KeyT') {
      event.preventDefault();
      tagSelection();
    }
  });
  const onMessage = (message: unknown) => {
    if ((message as { type?: string } | null)?.type === TAG_SELECTION_EVENT) tagSelection();
  };
  browser.runtime.onMessage.addListener(onMessage);
  ctx.onInvalidated(() => {
    hidePageNotice();
    browser.runtime.onMessage.removeListener(onMessage);
    session?.stop();
    picker.close();
  });
}
