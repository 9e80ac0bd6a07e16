import type { ItemContext } from './model';
import { hashText } from './text';

/**
 * The stable identity of a tagged thing: source + marketplace + the Amazon ID that names it, so the same review
 * shown on another page (or a recycled card showing it later) finds its chips again. Falls back to a content
 * hash where the page shows no ID.
 */
export function itemKeyOf(item: ItemContext): string {
  const id = primaryIdOf(item);
  if (id) return `${item.source}:${item.marketplace}:${id}`;
  const content = [item.asin, item.sku, item.title, item.text, item.buyerComment, item.itemDate]
    .map((part) => part ?? '')
    .join('\u241e');
  return `${item.source}:${item.marketplace}:h${hashText(content)}`;
}

function primaryIdOf(item: ItemContext): string | undefined {
  switch (item.source) {
    case 'review':
      return item.reviewId && `review/${item.reviewId}`;
    case 'feedback':
      return item.orderId && `order/${item.orderId}`;
    case 'message':
      return (item.caseId && `case/${item.caseId}`) || (item.orderId && `order/${item.orderId}`);
    case 'return':
      return (
        (item.returnRequestId && `rma/${item.returnRequestId}`) ||
        (item.orderId && `order/${item.orderId}${item.sku ? `/${item.sku}` : ''}`)
      );
    case 'voc':
      return item.asin && `asin/${item.asin}${item.sku ? `/${item.sku}` : ''}`;
    default:
      return undefined;
  }
}
