import { browser } from 'wxt/browser';
import { dispatch } from '@/lib/background/handlers';
import { TAG_SELECTION_EVENT } from '@/lib/contentEvents';
import { database } from '@/lib/db/database';
import { AppError, errorInfoOf } from '@/lib/errors';
import { SELLER_CENTRAL_MATCHES } from '@/lib/hosts';
import { CHANGED_EVENT } from '@/lib/messages';

const TAG_SELECTION_MENU = 'sct-tag-selection';

/** Only this extension's own pages and content scripts may talk to the database. */
function isOwnContext(sender: { id?: string }): boolean {
  return sender.id === browser.runtime.id;
}

function announceChange(): void {
  // Popup and options refresh on this; no receiver is fine.
  browser.runtime.sendMessage({ type: CHANGED_EVENT }).catch(() => undefined);
}

export default defineBackground(() => {
  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    if ((message as { type?: unknown } | null)?.type === CHANGED_EVENT) return undefined;
    if (!isOwnContext(sender)) {
      return Promise.resolve({ ok: false, error: errorInfoOf(new AppError('forbidden-sender', 'Unknown sender')) });
    }
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
