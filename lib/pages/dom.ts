/**
 * DOM helpers shared by the page adapters: deep queries through OPEN shadow roots, text that includes shadow
 * content and Katal host attributes, ID regexes and star ratings (notes/seller-central.md §2.6, §4).
 *
 * Written against the node interfaces only (nodeType numbers, no `instanceof HTMLElement`, no globals such as
 * `Node`/`NodeFilter`), so the same code runs on a page, in happy-dom windows and on elements of another window.
 * Never uses innerText (it forces layout): everything is textContent-like.
 */

// ---------------------------------------------------------------------------------------------------------------
// Identifier formats (notes/seller-central.md §4)

/** Amazon order ID, 3-7-7 digits. */
export const ORDER_ID_RE = /\b\d{3}-\d{7}-\d{7}\b/;
export const ORDER_ID_RE_G = /\b\d{3}-\d{7}-\d{7}\b/g;
/** Non-book ASIN. */
export const ASIN_RE = /\b(B0[A-Z0-9]{8})\b/;
export const ASIN_RE_G = /\b(B0[A-Z0-9]{8})\b/g;
/** Book ASINs are ISBN-10s; only trusted where the context says "ASIN" (a /dp/ link, an `ASIN=` parameter). */
export const ASIN_OR_ISBN = String.raw`(?:B0[A-Z0-9]{8}|\d{9}[\dX])`;
/** Review ID: R + 12–13 uppercase alphanumerics, at least one digit (real IDs always have one). */
export const REVIEW_ID_RE = /\bR(?=[A-Z]*\d)[A-Z0-9]{12,13}\b/;
/** ASIN in a product link: /dp/<asin>, /gp/product/<asin>, ?ASIN=<asin>, &asin=<asin>. */
const LINK_ASIN_RE = new RegExp(`(?:/dp/|/gp/product/|/product-reviews/|[?&]asin=)(${ASIN_OR_ISBN})(?![A-Z0-9])`, 'i');
/** Review ID in a review link: /gp/customer-reviews/<id>, /review/<id>. */
const LINK_REVIEW_RE = /(?:customer-reviews|\/review)\/(R[A-Z0-9]{12,13})(?![A-Z0-9])/i;

export function orderIdIn(text: string | null | undefined): string | undefined {
  return text ? ORDER_ID_RE.exec(text)?.[0] : undefined;
}

export function asinIn(text: string | null | undefined): string | undefined {
  return text ? ASIN_RE.exec(text)?.[1] : undefined;
}

export function reviewIdIn(text: string | null | undefined): string | undefined {
  return text ? REVIEW_ID_RE.exec(text)?.[0] : undefined;
}

export function asinOfLink(href: string | null | undefined): string | undefined {
  const match = href ? LINK_ASIN_RE.exec(href) : null;
  return match?.[1].toUpperCase();
}

export function reviewIdOfLink(href: string | null | undefined): string | undefined {
  const match = href ? LINK_REVIEW_RE.exec(href) : null;
  return match?.[1].toUpperCase();
}

// ---------------------------------------------------------------------------------------------------------------
// Our own UI: never read back as page text, never searched for items

/**
 * True for elements injected by this extension: tags `sct-*`, the `data-sct-ui` attribute, or a class starting
 * with `sct-`. (Attributes such as `data-sct-key` that the content script may set on page elements do not count.)
 */
export function isOwnUi(el: Element): boolean {
  if (el.localName.startsWith('sct-')) return true;
  if (el.hasAttribute('data-sct-ui')) return true;
  const className = el.getAttribute('class');
  return /(?:^|\s)sct-/.test(className ?? '');
}

// ---------------------------------------------------------------------------------------------------------------
// Composed tree: open shadow roots

type Root = Document | ShadowRoot | Element;

/** Katal components that are leaves: no item can be inside their shadow roots, so item searches skip them. */
const LEAF_COMPONENT_RE =
  /^kat-(?:star-rating|icon|button|link|badge|label|checkbox|radiobutton|toggle|tooltip|popover|spinner|pagination|input|textarea|dropdown|date-picker|alert|statusindicator|divider|flashbar)$/;

/**
 * Every open shadow root under `root` (recursively, shadow roots inside shadow roots), in document order.
 * Shadow roots of our own UI are skipped. `skipLeaves` also skips Katal leaf components (for item searches).
 */
export function openShadowRoots(root: Root, skipLeaves = false, out: ShadowRoot[] = []): ShadowRoot[] {
  if (root.nodeType === 1) {
    const own = (root as Element).shadowRoot;
    if (own && !isOwnUi(root as Element)) {
      out.push(own);
      openShadowRoots(own, skipLeaves, out);
    }
  }
  const all = root.querySelectorAll('*');
  for (let i = 0; i < all.length; i++) {
    const el = all[i];
    const shadow = el.shadowRoot;
    if (!shadow) continue;
    if (isOwnUi(el) || (skipLeaves && LEAF_COMPONENT_RE.test(el.localName))) continue;
    out.push(shadow);
    openShadowRoots(shadow, skipLeaves, out);
  }
  return out;
}

/**
 * Item candidates matching `selector` in `root` and in every open shadow root, found fast on big pages: each tree
 * is queried natively, then walked for shadow hosts while skipping the subtrees of candidates that `isItem`
 * accepts (an item never holds another item, so shadow roots inside items need no search). Leaf Katal components
 * and our own UI are not entered. Per-element JS work is thereby limited to the page around the items.
 */
export function findCandidates(
  root: Document | ShadowRoot,
  selector: string,
  isItem: (el: Element) => boolean,
): Element[] {
  const out: Element[] = [];
  const visit = (scope: Document | ShadowRoot) => {
    const list = scope.querySelectorAll(selector);
    const skip = new Set<Element>();
    for (let i = 0; i < list.length; i++) {
      // (Our UI keeps everything inside its own shadow roots, which the walk below never enters.)
      const el = list[i];
      out.push(el);
      if (isItem(el)) skip.add(el);
    }
    const doc = scope.nodeType === 9 ? (scope as Document) : (scope.ownerDocument as Document);
    const walker = doc.createTreeWalker(scope, 1 /* SHOW_ELEMENT */, {
      acceptNode: (node) =>
        skip.has(node as Element) || isOwnUi(node as Element) ? 2 /* FILTER_REJECT */ : 1 /* FILTER_ACCEPT */,
    });
    for (let node = walker.nextNode() as Element | null; node; node = walker.nextNode() as Element | null) {
      const shadow = node.shadowRoot;
      if (shadow && !LEAF_COMPONENT_RE.test(node.localName)) visit(shadow);
    }
  };
  visit(root);
  return out;
}

/** querySelectorAll over `root` and every open shadow root below it (elements of our own UI excluded). */
export function deepQueryAll(root: Root, selector: string, shadowRoots?: ShadowRoot[]): Element[] {
  const out: Element[] = [];
  const stop = root.nodeType === 1 ? (root as Element) : null;
  const push = (list: NodeListOf<Element>) => {
    for (let i = 0; i < list.length; i++) if (!ownUiBetween(list[i], stop)) out.push(list[i]);
  };
  if (stop?.matches(selector) && !isOwnUi(stop)) out.push(stop);
  push(root.querySelectorAll(selector));
  for (const shadow of shadowRoots ?? openShadowRoots(root)) push(shadow.querySelectorAll(selector));
  return out;
}

/** Whether `el` or an ancestor below `stop` (crossing shadow boundaries) is our own UI. */
export function ownUiBetween(el: Element, stop: Element | null): boolean {
  for (let node: Element | null = el; node && node !== stop; node = composedParent(node)) {
    if (isOwnUi(node)) return true;
  }
  return false;
}

/** The first element matching any of `selectors` (tried in order) inside `root`, shadow roots included. */
export function deepQuery(
  root: Root,
  selectors: string | readonly string[],
  shadowRoots?: ShadowRoot[],
): Element | null {
  const list = typeof selectors === 'string' ? [selectors] : selectors;
  const stop = root.nodeType === 1 ? (root as Element) : null;
  let roots: ShadowRoot[] | undefined = shadowRoots;
  for (const selector of list) {
    for (const found of root.querySelectorAll(selector)) if (!ownUiBetween(found, stop)) return found;
    roots ??= openShadowRoots(root);
    for (const shadow of roots) {
      for (const found of shadow.querySelectorAll(selector)) if (!ownUiBetween(found, stop)) return found;
    }
  }
  return null;
}

/** The parent in the composed tree: the parent element, or the host when crossing out of a shadow root. */
export function composedParent(node: Node): Element | null {
  const parent = node.parentNode;
  if (!parent) return null;
  if (parent.nodeType === 11) return (parent as ShadowRoot).host ?? null;
  if (parent.nodeType === 1) return parent as Element;
  return null;
}

/** Whether `inner` is `outer` or inside it, crossing shadow boundaries. */
export function composedContains(outer: Element, inner: Node): boolean {
  for (let node: Node | null = inner; node; node = composedParent(node)) {
    if (node === outer) return true;
  }
  return false;
}

/** Whether the element is (inside) an element of our own UI, crossing shadow boundaries. */
export function insideOwnUi(el: Element): boolean {
  for (let node: Element | null = el; node; node = composedParent(node)) {
    if (isOwnUi(node)) return true;
  }
  return false;
}

/** The nearest ancestor-or-self matching `selector`, crossing shadow boundaries, not above `stop` (if given). */
export function closestComposed(el: Element, selector: string, stop?: Element): Element | null {
  for (let node: Element | null = el; node; node = composedParent(node)) {
    if (node.matches(selector)) return node;
    if (node === stop) return null;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Text

const SKIPPED_TAGS = new Set(['script', 'style', 'template', 'noscript', 'textarea', 'input', 'select', 'svg', 'slot']);
const INLINE_TAGS = new Set([
  'a',
  'abbr',
  'b',
  'bdi',
  'bdo',
  'cite',
  'code',
  'em',
  'font',
  'i',
  'kbd',
  'label',
  'mark',
  'q',
  's',
  'small',
  'span',
  'strong',
  'sub',
  'sup',
  'time',
  'u',
]);
/** Katal host attributes that carry visible text (ReviewNudge reads these, notes §2.6). */
const KAT_TEXT_ATTRIBUTES = ['emphasis', 'label', 'header', 'title', 'text', 'description', 'message', 'value'];

/**
 * The element's text as lines: light DOM, open shadow-root content, and Katal host attributes that the element
 * does not already render. Block boundaries become line breaks; our own UI, scripts, styles and form controls
 * are skipped. Each line is trimmed with whitespace collapsed; empty lines are dropped.
 */
export function deepLines(el: Element): string[] {
  const parts: string[] = [];
  collectText(el, parts, true);
  const lines: string[] = [];
  for (const raw of parts.join('').split('\n')) {
    const line = collapse(raw);
    if (line) lines.push(line);
  }
  return lines;
}

/** deepLines joined with single spaces. */
export function deepText(el: Element): string {
  return deepLines(el).join(' ');
}

function collectText(node: Node, parts: string[], isRoot = false): void {
  if (node.nodeType === 3) {
    parts.push(node.nodeValue ?? '');
    return;
  }
  if (node.nodeType !== 1 && node.nodeType !== 11) return;
  if (node.nodeType === 1) {
    const el = node as Element;
    const tag = el.localName;
    if (SKIPPED_TAGS.has(tag)) {
      // A slot's fallback content shows only when nothing is assigned; assigned nodes are read as light children.
      if (tag === 'slot' && !(el as HTMLSlotElement).assignedNodes?.().length) collectChildren(el, parts);
      return;
    }
    if (!isRoot && isOwnUi(el)) return;
    if (tag === 'br') {
      parts.push('\n');
      return;
    }
    // Block boundaries break lines; inline boundaries are soft spaces, so "<span>Child ASIN</span><span>B0…"
    // never reads as "Child ASINB0…" (React renders adjacent spans without whitespace).
    const block = !INLINE_TAGS.has(tag);
    parts.push(block ? '\n' : ' ');
    const start = parts.length;
    const shadow = el.shadowRoot;
    if (shadow) collectChildren(shadow, parts);
    collectChildren(el, parts);
    if (tag.startsWith('kat-')) {
      const rendered = parts.slice(start).join('');
      for (const name of KAT_TEXT_ATTRIBUTES) {
        if (name === 'value' && tag === 'kat-star-rating') continue;
        const value = el.getAttribute(name);
        if (value?.trim() && !rendered.includes(value.trim())) parts.push(` ${value} `);
      }
    }
    parts.push(block ? '\n' : ' ');
    return;
  }
  collectChildren(node, parts);
}

function collectChildren(parent: Node, parts: string[]): void {
  for (let child = parent.firstChild; child; child = child.nextSibling) collectText(child, parts);
}

/** Whitespace collapsed and trimmed. */
export function collapse(text: string | null | undefined): string {
  return (text ?? '').replace(/[\s\u00a0\u200b\u3000]+/gu, ' ').trim();
}

/** A field value: collapsed, capped, undefined when empty. */
export function clean(text: string | null | undefined, max = 2_000): string | undefined {
  const value = collapse(text);
  if (!value) return undefined;
  return value.length > max ? value.slice(0, max) : value;
}

// ---------------------------------------------------------------------------------------------------------------
// Labelled values ("Merchant SKU: ABC", kat-label emphasis/text, label/value rows)

/**
 * The value shown next to a label matching `label` inside `root`:
 * 1. Katal hosts whose `emphasis`/`label`/`header` attribute matches give their `text`/`value` attribute (or the
 *    text they render after the label);
 * 2. a line of the element's text "Label: value", or a line that is just the label followed by the value line.
 * `label` must match the whole label (anchored by the caller, e.g. /^(?:merchant )?sku$/i); a trailing colon
 * is ignored.
 */
export function labelledValue(root: Element, label: RegExp, lines?: string[]): string | undefined {
  for (const host of deepQueryAll(root, '[emphasis],kat-label[label],kat-label[header]')) {
    const name = (host.getAttribute('emphasis') ?? host.getAttribute('label') ?? host.getAttribute('header') ?? '')
      .trim()
      .replace(/[:：]\s*$/, '')
      .trim();
    if (!label.test(name)) continue;
    const value = host.getAttribute('text') ?? host.getAttribute('value');
    if (value?.trim()) return clean(value);
    const text = host.querySelector('.text');
    if (text?.textContent?.trim()) return clean(text.textContent);
    const rendered = deepText(host).replace(host.getAttribute('emphasis') ?? '', '');
    if (collapse(rendered)) return clean(rendered);
  }
  return valueFromLines(lines ?? deepLines(root), label);
}

/**
 * "Label: value" on one line (the label may follow other text: "302-… Buyer: Jonas"), or the label alone on a
 * line and the value on the next.
 */
export function valueFromLines(lines: string[], label: RegExp): string | undefined {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.length <= 40 && label.test(line.replace(/\s*[:：]$/, '')) && i + 1 < lines.length)
      return clean(lines[i + 1]);
    for (const colon of line.matchAll(/\s*[:：]\s*/g)) {
      const words = line.slice(0, colon.index).split(' ');
      for (let n = 1; n <= Math.min(4, words.length); n++) {
        if (!label.test(words.slice(-n).join(' '))) continue;
        const value = line.slice((colon.index ?? 0) + colon[0].length);
        if (value) return clean(value);
        if (lines[i + 1] !== undefined) return clean(lines[i + 1]);
      }
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Star ratings

/** An integer 1–5 from a number-like string, or undefined. */
export function starsOf(value: string | number | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  const number = typeof value === 'number' ? value : Number.parseFloat(String(value).replace(',', '.'));
  if (!Number.isFinite(number)) return undefined;
  const rounded = Math.round(number);
  return rounded >= 1 && rounded <= 5 ? rounded : undefined;
}

/**
 * Star rating phrases in the languages Seller Central shows: "2.0 out of 5 stars", "4,0 von 5 Sternen",
 * "4,0 sur 5 étoiles", "5つ星のうち4.0", "4.0 颗星，最多 5 颗星", "3 stars", "Rating: 4".
 */
const RATING_PATTERNS: RegExp[] = [
  /(\d(?:[.,]\d)?)\s*(?:out of|von|sur|su|de|van|z|av)\s*5/i,
  /5\s*つ星のうち\s*(\d(?:[.,]\d)?)/,
  /(\d(?:[.,]\d)?)\s*颗星/,
  /(\d(?:[.,]\d)?)\s*(?:stars?|sterne?n?|étoiles?|estrellas?|stelle|星)\b/i,
  /(\d(?:[.,]\d)?)\s*\/\s*5\b/,
];

export function ratingInText(text: string | null | undefined): number | undefined {
  if (!text) return undefined;
  for (const pattern of RATING_PATTERNS) {
    const match = pattern.exec(text);
    if (match) {
      const stars = starsOf(match[1]);
      if (stars) return stars;
    }
  }
  return undefined;
}

/** Rating of a star element: `value`/`rating` host attribute, aria-label, title, data-rating, a-star-N class. */
export function ratingOfElement(el: Element): number | undefined {
  for (const name of ['value', 'rating', 'data-rating', 'data-value', 'aria-valuenow']) {
    const stars = starsOf(el.getAttribute(name));
    if (stars) return stars;
  }
  for (const name of ['aria-label', 'title', 'label']) {
    const stars = ratingInText(el.getAttribute(name));
    if (stars) return stars;
  }
  const starClass = /\ba-star-(?:mini-|small-)?(\d)(?:-5)?\b/.exec(el.getAttribute('class') ?? '');
  if (starClass) return starsOf(starClass[1]);
  return undefined;
}

/** Selectors of star-rating elements, most specific first. */
export const STAR_SELECTORS = [
  'kat-star-rating[value]',
  '[role="img"][aria-label*="5"]',
  '[aria-label*="out of 5" i]',
  '[class*="star-rating" i][data-rating]',
  '[class*="a-star-"]',
];

// ---------------------------------------------------------------------------------------------------------------
// Dates

const MONTHS =
  'Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|' +
  'Januar|Februar|März|Mai|Juni|Juli|Oktober|Dezember|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|' +
  'gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|dicembre|enero|febrero|abril|mayo|junio|julio|septiembre|octubre|noviembre|diciembre';

/** Dates as Seller Central prints them: "March 4, 2026", "4 March 2026", "4. März 2026", "2026年3月4日", ISO, numeric. */
export const DATE_RE = new RegExp(
  [
    String.raw`\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日`,
    String.raw`\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?`,
    String.raw`\b(?:${MONTHS})\.?\s+\d{1,2},?\s+\d{4}\b`,
    String.raw`\b\d{1,2}\.?\s+(?:${MONTHS})\.?\s+\d{4}\b`,
    String.raw`\b\d{4}/\d{1,2}/\d{1,2}\b`,
    String.raw`\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b`,
  ].join('|'),
  'i',
);

export function dateIn(text: string | null | undefined): string | undefined {
  return text ? DATE_RE.exec(text)?.[0] : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Finding item elements

/**
 * Drops candidates nested in other candidates. An outer candidate whose nearest inner candidates all show the same
 * thing (one inner candidate, or several with the same `keyOf`) is the card around it and is kept; an outer
 * candidate holding several different items is a container and dropped. Keeps input order.
 */
export function outermostItems(candidates: Element[], keyOf?: (el: Element) => string | undefined): Element[] {
  const set = new Set(candidates);
  if (set.size < 2) return [...set];
  const parentCandidate = new Map<Element, Element>();
  const childKeys = new Map<Element, Set<unknown>>();
  for (const el of set) {
    for (let node = composedParent(el); node; node = composedParent(node)) {
      if (!set.has(node)) continue;
      parentCandidate.set(el, node);
      let keys = childKeys.get(node);
      if (!keys) childKeys.set(node, (keys = new Set()));
      keys.add(keyOf?.(el) ?? el);
      break;
    }
  }
  const isContainer = (el: Element) => (childKeys.get(el)?.size ?? 0) > 1;
  const out: Element[] = [];
  for (const el of set) {
    if (isContainer(el)) continue;
    let shadowed = false;
    for (let node = parentCandidate.get(el); node; node = parentCandidate.get(node)) {
      if (!isContainer(node)) {
        shadowed = true;
        break;
      }
    }
    if (!shadowed) out.push(el);
  }
  return out;
}

const PAGE_CONTAINER_TAGS = new Set(['html', 'body', 'main']);

/**
 * Card-level ancestors of marker elements: for each key (e.g. a review ID), the highest ancestor that contains
 * markers of that key only, at most `maxClimb` levels above the marker and never the page body.
 */
export function cardsFromMarkers(markers: { el: Element; key: string }[], maxClimb = 8): Map<string, Element> {
  const owner = new Map<Element, string | null>();
  for (const { el, key } of markers) {
    for (let node: Element | null = el; node; node = composedParent(node)) {
      const seen = owner.get(node);
      if (seen === undefined) owner.set(node, key);
      else if (seen !== key) {
        // Shared: mark it and every ancestor (they are all shared from here on).
        for (let up: Element | null = node; up && owner.get(up) !== null; up = composedParent(up)) owner.set(up, null);
        break;
      }
    }
  }
  const cards = new Map<string, Element>();
  for (const { el, key } of markers) {
    if (PAGE_CONTAINER_TAGS.has(el.localName)) continue;
    let card = el;
    let climbed = 0;
    for (let node = composedParent(el); node && climbed < maxClimb; node = composedParent(node), climbed++) {
      if (owner.get(node) !== key) break;
      if (PAGE_CONTAINER_TAGS.has(node.localName) || node.getAttribute('role') === 'main') break;
      card = node;
    }
    const previous = cards.get(key);
    if (!previous || composedContains(card, previous)) cards.set(key, card);
  }
  return cards;
}

/** Text nodes under `root` (light DOM of root and of every shadow root) whose text matches `re`. */
export function textNodesMatching(root: Root, re: RegExp, shadowRoots?: ShadowRoot[]): Text[] {
  const out: Text[] = [];
  const visit = (scope: Root) => {
    const doc = scope.nodeType === 9 ? (scope as Document) : (scope.ownerDocument as Document);
    const walker = doc.createTreeWalker(scope, 4 /* SHOW_TEXT */);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const value = node.nodeValue;
      if (value && value.length >= 10 && re.test(value)) {
        const parent = node.parentElement;
        if (parent && !SKIPPED_TAGS.has(parent.localName) && !insideOwnUi(parent)) out.push(node as Text);
      }
    }
  };
  visit(root);
  for (const shadow of shadowRoots ?? openShadowRoots(root)) visit(shadow);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Tables: header labels → cells

const CELL_SELECTOR = 'kat-table-cell,td,th,[role="cell"],[role="gridcell"],[role="columnheader"],[role="rowheader"]';
const HEADER_CELL_SELECTOR = 'th,[role="columnheader"],kat-table-cell[header]';
const ROW_SELECTOR = 'kat-table-row,tr,[role="row"]';

/** The cells of a row, in order (direct cell children, else direct element children). */
export function cellsOf(row: Element): Element[] {
  const cells: Element[] = [];
  for (let child = row.firstElementChild; child; child = child.nextElementSibling) {
    if (child.matches(CELL_SELECTOR) && !isOwnUi(child)) cells.push(child);
  }
  if (cells.length > 0) return cells;
  // Rows made of nested custom elements or divs: their element children are the cells.
  for (let child = row.firstElementChild; child; child = child.nextElementSibling) {
    if (!isOwnUi(child) && !SKIPPED_TAGS.has(child.localName)) cells.push(child);
  }
  return cells;
}

/** Whether a row is a header row (inside a table head, or made of column-header cells). */
export function isHeaderRow(row: Element): boolean {
  if (closestComposed(row, 'thead,kat-table-head,[role="rowgroup"][class*="head" i]')) return true;
  for (let child = row.firstElementChild; child; child = child.nextElementSibling) {
    if (child.matches(HEADER_CELL_SELECTOR)) return true;
  }
  return false;
}

/**
 * Column labels of the table holding `row` (from its header row), lowercased; [] when none is found.
 * Searches the nearest table-like ancestor (or the row's grandparent), including its shadow root.
 */
export function columnLabelsOf(row: Element): string[] {
  const parent = composedParent(row);
  if (!parent) return [];
  const table = closestComposed(parent, 'kat-table,table,[role="table"],[role="grid"],[role="treegrid"]');
  const scope = table ?? composedParent(parent) ?? parent;
  const headSelector = `kat-table-head,thead,${HEADER_CELL_SELECTOR}`;
  const head = scope.querySelector(headSelector) ?? scope.shadowRoot?.querySelector(headSelector) ?? null;
  if (!head || composedContains(row, head)) return [];
  let header: Element = head;
  if (head.localName === 'kat-table-head' || head.localName === 'thead') {
    header = head.querySelector(ROW_SELECTOR) ?? head;
  } else {
    header = head.closest(ROW_SELECTOR) ?? head.parentElement ?? head;
  }
  return cellsOf(header).map((cell) => deepText(cell).toLowerCase());
}

/** Row cells keyed by which column-label pattern they fall under; labels and cells are matched by index. */
export function cellsByColumn<K extends string>(row: Element, columns: Record<K, RegExp>): Partial<Record<K, Element>> {
  const labels = columnLabelsOf(row);
  const cells = cellsOf(row);
  const out: Partial<Record<K, Element>> = {};
  if (labels.length === 0 || cells.length === 0) return out;
  for (const key of Object.keys(columns) as K[]) {
    const index = labels.findIndex((label) => columns[key].test(label));
    if (index >= 0 && cells[index]) out[key] = cells[index];
  }
  return out;
}

/** The last cell of a row (where row adapters mount the tag bar), or the row itself. */
export function lastCellOf(row: Element): Element {
  const cells = cellsOf(row);
  const last = cells[cells.length - 1];
  return last?.matches(CELL_SELECTOR) ? last : row;
}
