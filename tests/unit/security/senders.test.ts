import { describe, expect, it } from 'vitest';
import { CONTENT_SCRIPT_MESSAGES, senderError } from '@/lib/background/senders';
import { requestSchemas } from '@/lib/messages';

const own = { id: 'own-extension-id', baseUrl: 'chrome-extension://own-extension-id/' };
const contentScript = { id: own.id, url: 'https://sellercentral.amazon.com/brand-customer-reviews/' };
const optionsPage = { id: own.id, url: 'chrome-extension://own-extension-id/options.html' };

describe('senderError', () => {
  it('refuses every message from another extension or an unknown sender', () => {
    for (const sender of [{}, { id: 'other-extension' }, { id: 'other-extension', url: optionsPage.url }]) {
      expect(senderError({ type: 'tags.list', payload: {} }, sender, own)).toMatchObject({ code: 'forbidden-sender' });
    }
  });

  it('lets extension pages send every message', () => {
    for (const type of Object.keys(requestSchemas)) expect(senderError({ type }, optionsPage, own)).toBeUndefined();
  });

  it('lets content scripts send only what the in-page UI needs', () => {
    const allowed = Object.keys(requestSchemas).filter(
      (type) => senderError({ type }, contentScript, own) === undefined,
    );
    expect(allowed.sort()).toEqual([...CONTENT_SCRIPT_MESSAGES].sort());
    expect(allowed.sort()).toEqual(
      ['ping', 'tags.list', 'taggings.apply', 'taggings.forItems', 'taggings.remove', 'taggings.restore'].sort(),
    );
    for (const type of ['data.wipe', 'import.commit', 'tags.restoreSnapshot', 'tags.delete', 'backup.read']) {
      expect(senderError({ type, payload: {} }, contentScript, own)).toMatchObject({ code: 'forbidden-sender' });
    }
  });

  it('a page URL that merely contains the extension URL is still a page', () => {
    const tricky = { id: own.id, url: `https://sellercentral.amazon.com/?next=${own.baseUrl}` };
    expect(senderError({ type: 'data.wipe' }, tricky, own)).toMatchObject({ code: 'forbidden-sender' });
  });

  it('leaves malformed messages from own contexts to the dispatcher (which answers with a typed error)', () => {
    for (const message of [null, 'x', {}, { type: 42 }, { type: 'no.such.message' }, { type: '__proto__' }]) {
      expect(senderError(message, contentScript, own)).toBeUndefined();
    }
  });
});
