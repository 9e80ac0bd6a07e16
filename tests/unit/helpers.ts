import { TagDatabase } from '@/lib/db/database';
import type { ItemContext } from '@/lib/model';

let counter = 0;

/** A fresh, empty database per test (fake-indexeddb). */
export function freshDatabase(): TagDatabase {
  counter += 1;
  return new TagDatabase(`test-${Date.now()}-${counter}`);
}

export function reviewItem(reviewId: string, overrides: Partial<ItemContext> = {}): ItemContext {
  return {
    source: 'review',
    marketplace: 'US',
    reviewId,
    asin: 'B0TESTASIN',
    rating: 2,
    text: `Review ${reviewId}`,
    pageUrl: 'https://sellercentral.amazon.com/brand-customer-reviews/',
    ...overrides,
  };
}
