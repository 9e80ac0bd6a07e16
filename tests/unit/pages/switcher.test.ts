// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { makeContext } from '@/lib/pages/context';

describe('marketplace on the EU unified host', () => {
  it('comes from the account switcher when neither the item nor the URL says', () => {
    document.body.innerHTML = '<div class="dropdown-account-switcher-header">Acme Store | Deutschland</div>';
    const url = new URL('https://sellercentral-europe.amazon.com/feedback-manager/index.html#/');
    expect(makeContext('feedback', url, {}).marketplace).toBe('DE');
    expect(makeContext('feedback', url, { marketplace: 'FR' }).marketplace).toBe('FR');
  });

  it('prefers a marketplace ID in the URL and keeps country hosts as they are', () => {
    const withId = new URL('https://sellercentral-europe.amazon.com/gp/returns/list/v2?marketplaceIds=APJ6JRA9NG5V4');
    expect(makeContext('return', withId, {}).marketplace).toBe('IT');
    expect(makeContext('return', new URL('https://sellercentral.amazon.co.uk/gp/returns/list'), {}).marketplace).toBe(
      'UK',
    );
  });
});
