/**
 * Brand Customer Reviews (`/brand-customer-reviews/`): one item per review card (notes/seller-central.md §2.1).
 * Selectors are data with fallbacks; the evidence for each is named beside it.
 */
import { marketplaceOfStorefrontHost } from '../hosts';
import { itemKeyOf } from '../itemKey';
import type { ItemContext } from '../model';
import type { PageAdapter } from './adapter';
import { cachedExtract, contextMarketplace, makeContext } from './context';
import {
  ASIN_OR_ISBN,
  ASIN_RE_G,
  asinOfLink,
  cardsFromMarkers,
  closestComposed,
  collapse,
  dateIn,
  deepLines,
  deepQuery,
  deepQueryAll,
  deepText,
  findCandidates,
  openShadowRoots,
  orderIdIn,
  outermostItems,
  ownUiBetween,
  REVIEW_ID_RE,
  ratingInText,
  ratingOfElement,
  reviewIdIn,
  reviewIdOfLink,
  textNodesMatching,
  valueFromLines,
} from './dom';

/** Card elements themselves. */
export const REVIEW_CARD_SELECTORS = [
  '[data-testid^="review-R"]', // earthchimp review-feed.js: .reviewContainer[data-testid="review-<reviewId>"] [seen]
  '.reviewContainer', // same source [seen]
  '[data-review-id]', // [guess] common React data attribute
];
const TESTID_RE = /^review-(R[A-Z0-9]{8,16})$/;

/** Elements that sit once in every card; the card is their highest ancestor not shared with another review. */
export const REVIEW_MARKER_SELECTORS = [
  '[id^="review-content-R"]', // body: #review-content-<reviewId> [seen]
  '[id^="R"][id$="-title"]', // title: #<reviewId>-title [seen]
  'a[href*="customer-reviews/R"]', // public review link [seen]
  'kat-link[href*="customer-reviews/R"]', // marketplace link kat-link[href*="customer-reviews/<id>"] [seen]
];
/** Used only when no marker names a review ID. */
const REVIEW_STAR_MARKER = 'kat-star-rating.reviewRating';

/** The product aggregate beside the review: never the review's own rating (earthchimp: `.asinDetail`) [seen]. */
const AGGREGATE_SELECTOR =
  '.asinDetail,[class*="asinDetail"],[class*="asin-detail" i],[class*="product-summary" i],[class*="productDetail"],[data-testid*="asin-detail" i],[data-testid*="product" i]';

const TITLE_SELECTORS = (id: string) => [
  `[id="${id}-title"]`, // [seen]
  '[data-testid*="review-title" i]',
  '.reviewTitle,[class*="review-title" i],[class*="reviewTitle"]',
];
const BODY_SELECTORS = (id: string) => [
  `[id="review-content-${id}"]`, // [seen]
  '[data-testid*="review-content" i],[data-testid*="review-text" i],[data-testid*="review-body" i]',
  '.reviewText,[class*="review-text" i],[class*="reviewText"],[class*="review-content" i],[class*="review-body" i]',
];
const AUTHOR_SELECTORS = [
  '[data-testid*="author" i]',
  '[class*="author" i]',
  '.a-profile-name',
  '[class*="reviewer" i]',
];

/** "Review by <name> on <date>" (US/EU, earthchimp `span.css-g7g1lz` [seen]) and translations [guess]. */
const BYLINE_START =
  /(?:^|\s)(?:review(?:ed)? by|by|rezension von|bewertung von|avis de|évaluation de|reseña de|recensione di|レビュー(?:投稿)?者|投稿者|评论者|买家)\s*[:：]?\s*/i;
/** What separates the name from the date: " on ", "、", "投稿日:", or nothing before "2026年…". */
const BYLINE_SEPARATOR =
  /\s+(?:on|am|le|el|il|op|den)\s+|\s*[、,，]\s*|\s*(?:投稿日|日付|日期)\s*[:：]?\s*|\s+(?=\d{4}\s*年)/i;

const CHILD_ASIN_LABEL =
  /^(?:child asin|asin \(child\)|子\s*asin|子asin|child-asin|untergeordnete asin|asin enfant|asin secondaire)$/i;
const PARENT_ASIN_LABEL = /^(?:parent asin|asin \(parent\)|父\s*asin|親\s*asin|übergeordnete asin|asin parent)$/i;
const ASIN_LABEL = /^asin$/i;
/** "Child ASIN B0…" / "子ASIN: B0…" on one line (label/value rows `.css-yyccc7 > .css-1ggdaz4` [seen]). */
const CHILD_ASIN_INLINE = new RegExp(
  `(?:child[ -]asin|asin \\(child\\)|子\\s*asin|untergeordnete asin|asin enfant)\\s*[:：]?\\s*(${ASIN_OR_ISBN})\\b`,
  'i',
);
const PARENT_ASIN_INLINE = new RegExp(
  `(?:parent[ -]asin|asin \\(parent\\)|[父親]\\s*asin|übergeordnete asin|asin parent)\\s*[:：]?\\s*(${ASIN_OR_ISBN})\\b`,
  'i',
);
/** "ASIN B0…" / "ASIN: B0…" not preceded by parent/child wording. */
const PLAIN_ASIN_INLINE = new RegExp(`^asin\\s*[:：]?\\s*(${ASIN_OR_ISBN})\\b`, 'i');
const ASIN_VALUE_RE = new RegExp(`^(${ASIN_OR_ISBN})\\b`);

function reviewIdOfCard(card: Element, roots: ShadowRoot[]): string | undefined {
  const own = TESTID_RE.exec(card.getAttribute('data-testid') ?? '')?.[1];
  if (own) return own;
  const dataId = card.getAttribute('data-review-id');
  if (dataId && REVIEW_ID_RE.test(dataId)) return reviewIdIn(dataId);
  const inner = deepQuery(card, '[data-testid^="review-R"]', roots);
  const innerId = inner && TESTID_RE.exec(inner.getAttribute('data-testid') ?? '')?.[1];
  if (innerId) return innerId;
  const content = deepQuery(card, '[id^="review-content-R"]', roots);
  if (content) return reviewIdIn(content.id.slice('review-content-'.length));
  const title = deepQuery(card, '[id^="R"][id$="-title"]', roots);
  if (title && reviewIdIn(title.id)) return reviewIdIn(title.id);
  for (const link of deepQueryAll(card, '[href*="customer-reviews/"],[href*="/review/R"]', roots)) {
    const id = reviewIdOfLink(link.getAttribute('href'));
    if (id) return id;
  }
  return undefined;
}

/** The review ID an element names by its own attributes (no descendant search). */
function cheapReviewId(el: Element): string | undefined {
  return TESTID_RE.exec(el.getAttribute('data-testid') ?? '')?.[1] ?? reviewIdIn(el.getAttribute('data-review-id'));
}

function markerKey(el: Element): string | undefined {
  if (el.id.startsWith('review-content-')) return reviewIdIn(el.id.slice('review-content-'.length));
  if (el.id.endsWith('-title')) return reviewIdIn(el.id);
  return reviewIdOfLink(el.getAttribute('href'));
}

const CARD_SELECTOR = REVIEW_CARD_SELECTORS.join(',');
const MARKER_SELECTOR = REVIEW_MARKER_SELECTORS.join(',');

/**
 * Whether any card sits inside another card (a few levels up): then the outer one alone is the item.
 * A bounded climb per card keeps this linear on pages of thousands of cards.
 */
function hasNestedCards(cards: Element[]): boolean {
  const set = new Set(cards);
  for (const card of cards) {
    let node = card.parentElement;
    for (let i = 0; node && i < 6; i++, node = node.parentElement) if (set.has(node)) return true;
  }
  return false;
}

/** hasNestedCards for `.reviewContainer` cards, where any container above a card is itself a card. */
function hasNestedContainers(cards: Element[]): boolean {
  for (const card of cards) if (card.parentElement?.closest('.reviewContainer')) return true;
  return false;
}

/**
 * Fast path for big pages: `.reviewContainer` elements (class index lookup) that all name their review, skeletons
 * (empty placeholders) aside. Undefined when the page does not look like that.
 */
function cardsByClass(doc: Document): Element[] | undefined {
  const byClass = doc.getElementsByClassName('reviewContainer');
  if (byClass.length === 0) return undefined;
  const cards: Element[] = [];
  for (let i = 0; i < byClass.length; i++) {
    const el = byClass[i];
    if (cheapReviewId(el)) cards.push(el);
    else if (el.firstElementChild) return undefined;
  }
  return cards.length > 0 && !hasNestedContainers(cards) ? cards : undefined;
}

function findReviewCards(doc: Document): Element[] {
  const fast = cardsByClass(doc);
  if (fast) return fast;
  const cards: Element[] = [];
  // A card that names its review is an item: its subtree needs no shadow-root search.
  for (const el of findCandidates(doc, CARD_SELECTOR, (el) => cheapReviewId(el) !== undefined)) {
    const testId = el.getAttribute('data-testid');
    if (testId?.startsWith('review-') && !TESTID_RE.test(testId)) continue;
    // A .reviewContainer that names no review (a skeleton, a list wrapper) needs some review content.
    if (!cheapReviewId(el) && !el.shadowRoot && !el.querySelector(`${REVIEW_STAR_MARKER},${MARKER_SELECTOR}`)) continue;
    cards.push(el);
  }
  if (cards.length > 0) {
    const simple = cards.every((card) => card.getRootNode() === doc) && !hasNestedCards(cards);
    return simple ? cards : outermostItems(cards, cheapReviewId);
  }
  // Fallbacks (no card selector matched): card-level ancestors of ID-bearing markers, then of the review's own
  // star element, then of review IDs in text.
  const markers: { el: Element; key: string }[] = [];
  for (const el of findCandidates(doc, MARKER_SELECTOR, () => false)) {
    const key = markerKey(el);
    if (key) markers.push({ el, key });
  }
  if (markers.length === 0) {
    let index = 0;
    for (const el of findCandidates(doc, REVIEW_STAR_MARKER, () => false)) markers.push({ el, key: `star${index++}` });
  }
  if (markers.length === 0) {
    for (const node of textNodesMatching(doc, REVIEW_ID_RE)) {
      const key = reviewIdIn(node.nodeValue);
      if (key && node.parentElement) markers.push({ el: node.parentElement, key });
    }
  }
  return outermostItems([...cardsFromMarkers(markers).values()], cheapReviewId);
}

function isAggregate(el: Element, card: Element): boolean {
  if (
    el.localName === 'kat-star-rating' &&
    (el.hasAttribute('review') || el.hasAttribute('reviews') || el.hasAttribute('count'))
  ) {
    return true;
  }
  const container = el === card ? null : closestComposed(el, AGGREGATE_SELECTOR, card);
  return container !== null && container !== card;
}

function reviewRating(card: Element, roots: ShadowRoot[]): number | undefined {
  const own = deepQuery(card, REVIEW_STAR_MARKER, roots);
  const fromOwn = own && ratingOfElement(own);
  if (fromOwn) return fromOwn;
  const stars = deepQueryAll(card, 'kat-star-rating,[aria-label*="5"],[class*="a-star-"],[data-rating]', roots);
  for (const star of stars) {
    if (isAggregate(star, card)) continue;
    if (star.localName !== 'kat-star-rating' && closestComposed(star, 'kat-star-rating')) continue;
    const value = star.getAttribute('value');
    // Review stars are whole numbers; a fractional value is an average.
    if (value && /[.,][1-9]/.test(value)) continue;
    const stars = ratingOfElement(star);
    if (stars) return stars;
  }
  return undefined;
}

function textOf(card: Element, selectors: string[], roots: ShadowRoot[]): string | undefined {
  for (const selector of selectors) {
    for (const el of deepQueryAll(card, selector, roots)) {
      if (isAggregate(el, card)) continue;
      const text = deepText(el);
      if (text) return text;
    }
  }
  return undefined;
}

function childAsin(card: Element, lines: string[], roots: ShadowRoot[]): string | undefined {
  const labelled = (label: RegExp) => {
    const value = valueFromLines(lines, label);
    return value ? ASIN_VALUE_RE.exec(value.toUpperCase())?.[1] : undefined;
  };
  const inline = (re: RegExp) => {
    for (const line of lines) {
      const match = re.exec(line);
      if (match) return match[1].toUpperCase();
    }
    return undefined;
  };
  const child =
    inline(CHILD_ASIN_INLINE) ?? labelled(CHILD_ASIN_LABEL) ?? inline(PLAIN_ASIN_INLINE) ?? labelled(ASIN_LABEL);
  if (child) return child;
  const parent = inline(PARENT_ASIN_INLINE) ?? labelled(PARENT_ASIN_LABEL);
  for (const link of deepQueryAll(card, '[href*="/dp/"],[href*="ASIN=" i],[href*="/gp/product/"]', roots)) {
    const asin = asinOfLink(link.getAttribute('href'));
    if (asin && asin !== parent) return asin;
  }
  for (const line of lines) {
    for (const match of line.matchAll(ASIN_RE_G)) if (match[1] !== parent) return match[1];
  }
  return undefined;
}

const REVIEW_LINK = '[href*="customer-reviews/"]';

function reviewMarketplace(card: Element, roots: ShadowRoot[], url: URL): string | undefined {
  // The review's own link first (its host is the review's marketplace [seen]), then product links.
  for (const selector of [REVIEW_LINK, '[href*="amazon."]']) {
    for (const link of deepQueryAll(card, selector, roots)) {
      const country = linkMarketplace(link, url);
      if (country) return country;
    }
  }
  return undefined;
}

function linkMarketplace(link: Element, url: URL): string | undefined {
  const href = link.getAttribute('href') ?? '';
  const host = /^https?:\/\/([^/?#]+)/i.exec(href)?.[1] ?? (href.startsWith('/') ? url.hostname : '');
  if (!host || host.startsWith('sellercentral')) return undefined;
  return marketplaceOfStorefrontHost(host);
}

/**
 * The key from attributes alone: the review ID the card names (data-testid, data-review-id) and the marketplace
 * of the first review link in its light DOM, which is what extractReview finds first too. Undefined when that link
 * names no storefront (extractReview then looks further).
 */
function reviewKey(card: Element, url: URL): string | undefined {
  const reviewId = cheapReviewId(card);
  if (!reviewId) return undefined;
  const link = card.matches(REVIEW_LINK) ? card : card.querySelector(REVIEW_LINK);
  const country = link && !ownUiBetween(link, card) ? linkMarketplace(link, url) : undefined;
  if (!country) return undefined;
  return itemKeyOf({ source: 'review', marketplace: contextMarketplace(url, country), pageUrl: url.href, reviewId });
}

function byline(lines: string[]): { buyer?: string; date?: string } {
  for (const line of lines) {
    if (line.length > 200) continue;
    const start = BYLINE_START.exec(line);
    if (!start) continue;
    const rest = line.slice(start.index + start[0].length);
    const date = dateIn(rest);
    if (!date) continue;
    const beforeDate = rest.slice(0, rest.indexOf(date));
    const separator = BYLINE_SEPARATOR.exec(beforeDate);
    const name = separator ? beforeDate.slice(0, separator.index) : beforeDate;
    return { buyer: collapse(name).replace(/[:：,，、]\s*$/, '') || undefined, date };
  }
  return {};
}

function extractReview(card: Element, url: URL): ItemContext {
  const roots = openShadowRoots(card);
  const reviewId = reviewIdOfCard(card, roots) ?? reviewIdIn(deepText(card));
  const id = reviewId ?? '__none__';
  const lines = deepLines(card);
  const title = textOf(card, TITLE_SELECTORS(id), roots);
  const body = textOf(card, BODY_SELECTORS(id), roots);
  const { buyer, date } = byline(lines);
  const author = buyer ?? textOf(card, AUTHOR_SELECTORS, roots);
  let text = body;
  if (!text) {
    // No known body element: the longest line that is not the title, byline or a label row.
    const skip = new Set([title, author].filter(Boolean));
    text = lines
      .filter((line) => !skip.has(line) && !BYLINE_START.test(line) && !/^(?:child |parent )?asin\b/i.test(line))
      .reduce<string | undefined>((best, line) => (line.length > (best?.length ?? 0) ? line : best), undefined);
  }
  return makeContext('review', url, {
    reviewId,
    asin: childAsin(card, lines, roots),
    rating:
      reviewRating(card, roots) ??
      ratingInText(lines.find((line) => /out of 5|つ星のうち|颗星/.test(line) && !collapse(line).includes('review'))),
    title,
    text,
    buyer: author,
    itemDate: date ?? lines.map((line) => dateIn(line)).find(Boolean),
    orderId: orderIdIn(lines.join(' ')),
    marketplace: reviewMarketplace(card, roots, url),
  });
}

export const reviewsAdapter: PageAdapter = {
  kind: 'reviews',
  source: 'review',
  findItems: findReviewCards,
  extract: cachedExtract(extractReview),
  keyOf: reviewKey,
};
