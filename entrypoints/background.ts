import { browser } from 'wxt/browser';
import { dispatch } from '@/lib/background/handlers';
import { senderError } from '@/lib/background/senders';
import { CHANGED_EVENT } from '@/lib/changedEvent';
import { TAG_SELECTION_EVENT } from '@/lib/contentEvents';
import { database } from '@/lib/db/database';
import { warmFirstScreen } from '@/lib/db/queries';
import { SELLER_CENTRAL_MATCHES } from '@/lib/hosts';

const TAG_SELECTION_MENU = 'sct-tag-selection';

/** Quiet time after the last write before the popup's first screen is computed ahead (see warmFirstScreen). */
const WARM_AFTER_MS = 400;
let warmTimer: ReturnType<typeof setTimeout> | undefined;

/** Computes the popup's figures once writes have paused, so the next opening finds them ready. */
function warmSoon(): void {
  clearTimeout(warmTimer);
  warmTimer = setTimeout(() => {
    warmFirstScreen(database()).catch(() => undefined);
  }, WARM_AFTER_MS);
}

function announceChange(): void {
  // Popup and options refresh on this; no receiver is fine.
  browser.runtime.sendMessage({ type: CHANGED_EVENT }).catch(() => undefined);
  warmSoon();
}

export default defineBackground(() => {
  // The worker also starts for a Seller Central page's first request: have the figures ready before the popup opens.
  warmSoon();
  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    if ((message as { type?: unknown } | null)?.type === CHANGED_EVENT) return undefined;
    // Only this extension's pages and content scripts may talk to the database, content scripts only in part.
    const forbidden = senderError(message, sender, { id: browser.runtime.id, baseUrl: browser.runtime.getURL('/') });
    if (forbidden) return Promise.resolve({ ok: false, error: forbidden });
    return dispatch(database(), message, announceChange);
  });

  browser.runtime.onInstalled.addListener(() => {
    browser.contextMenus.create({
      id: TAG_SELECTION_MENU,
      title: browser.i18n.getMessage('contextMenuTagSelection'),
      contexts: ['selection'],
      documentUrlPatterns: [...SELLER_CENTRAL_MATCHES],
    });
  });

  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId !== TAG_SELECTION_MENU || tab?.id === undefined) return;
    browser.tabs.sendMessage(tab.id, { type: TAG_SELECTION_EVENT }, { frameId: info.frameId }).catch(() => undefined);
  });

  browser.commands.onCommand.addListener((command, tab) => {
    if (command !== 'tag-selection' || tab?.id === undefined) return;
    browser.tabs.sendMessage(tab.id, { type: TAG_SELECTION_EVENT }).catch(() => undefined);
  });
});
