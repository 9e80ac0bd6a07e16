import { browser } from 'wxt/browser';
import { dispatch } from '@/lib/background/handlers';
import { senderError } from '@/lib/background/senders';
import { CHANGED_EVENT } from '@/lib/changedEvent';
import { TAG_SELECTION_EVENT } from '@/lib/contentEvents';
import { database } from '@/lib/db/database';
import { SELLER_CENTRAL_MATCHES } from '@/lib/hosts';

const TAG_SELECTION_MENU = 'sct-tag-selection';

function announceChange(): void {
  // Popup and options refresh on this; no receiver is fine.
  browser.runtime.sendMessage({ type: CHANGED_EVENT }).catch(() => undefined);
}

export default defineBackground(() => {
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
