/**
 * Keeps one "Add tag" bar in every item the page adapter recognises, for as long as the page shows it: items that
 * render late, SPA re-renders that drop our nodes, and recycled cards whose content (and so identity) changes.
 * One MutationObserver (on the document and on the open shadow roots that hold items), work batched per frame,
 * a slow safety poll for changes no observer sees (closed roots, upgrades), all torn down by stop().
 */
import { BAR_TAG, ItemBar, type ItemBarActions, UI_ATTRIBUTE } from '@/components/inpage/itemBar';
import { itemKeyOf } from '../itemKey';
import type { PageAdapter } from '../pages/adapter';
import { composedParent } from '../pages/dom';
import type { InpageStore, StoreChange } from './store';

const SAFETY_POLL_MS = 1500;
/** Items whose identity the safety poll re-checks per round, so a big page is swept over a few rounds. */
const ROLLING_REFRESH = 200;
/**
 * Time after which a scan leaves the remaining new items to the next slice. A new bar (its host and empty shadow
 * root, put into the page) takes ~10 µs, so the early scan and the frame's scan together usually get the bars of
 * 2,000 new items in before the page is laid out with them; any left for a later frame cost it a layout of the
 * whole list, which is dearer than a slice this long.
 */
const NEW_BARS_SLICE_MS = 22;
/**
 * The same for the frame's own scan before that layout, the last chance: every bar it leaves for later moves the
 * items below it once the page is laid out (a layout and pre-paint of each moved item, ~0.1–0.3 ms apiece against
 * ~0.01 ms to make a bar), so it may take longer.
 */
const LAST_NEW_BARS_SLICE_MS = 32;
/**
 * New bars whose buttons go in with them before the page is first laid out with them: the first items, what the
 * page shows first. A button filled in later near the viewport costs the page a layout of the whole list (~60 ms
 * on 2,000 items); away from it, almost nothing (content-visibility).
 */
const BUTTONS_BEFORE_LAYOUT = 32;
/** Longest slice of bar building and identity work before yielding to the page. */
const WORK_SLICE_MS = 8;
/** Longest task that shows prepared bars. */
const SHOW_SLICE_MS = 20;
/** Work items between two looks at the clock (performance.now() costs ~1.5 µs in a content script's world). */
const CLOCK_EVERY = 8;

export class PageSession {
  /** Item element → its bar. */
  private readonly bars = new Map<Element, ItemBar>();
  private readonly observer: MutationObserver;
  private readonly observedRoots = new WeakSet<Node>();
  private readonly dirty = new Set<Element>();
  /** Bars created but not yet in the page: a wave of new bars goes in at once (see scan). */
  private readonly unmounted = new Set<ItemBar>();
  /** New bars whose button is not made yet, and those made but not yet shown (see drainIdentityQueue). */
  private readonly unprepared = new Set<ItemBar>();
  private readonly unshown = new Set<ItemBar>();
  private scanQueued = false;
  private scannedEarly = false;
  /**
   * From the early scan of a change (in the page's own task) to the end of the next frame's callbacks: the page
   * has not been laid out with the new items yet, so new bars go in as they are made (see scan).
   */
  private beforeLayout = false;
  /** Buttons still to show with their bars before that layout (see BUTTONS_BEFORE_LAYOUT). */
  private buttonsBeforeLayout = 0;
  /** The item list of a scan that ran out of time, for the next scan to go on with (see scan). */
  private unfinished: Element[] | undefined;
  private rollingStart = 0;
  /** Bars whose item identity must be (re)computed; Set keeps insertion order and drops duplicates. */
  private readonly identityQueue = new Set<ItemBar>();
  private drainScheduled = false;
  /** Runs the next work slice as a task of its own (no 4 ms timer clamp, not held back to the next frame). */
  private readonly drainChannel = new MessageChannel();
  private fullScanQueued = true;
  /** Whether the page changed outside the known items since the last scan (else only dirty items need a look). */
  private structureChanged = true;
  private poll: ReturnType<typeof setInterval> | undefined;
  private unsubscribe: (() => void) | undefined;
  private stopped = false;

  constructor(
    readonly adapter: PageAdapter,
    private readonly store: InpageStore,
    private readonly actions: ItemBarActions,
    private readonly readSelection: (item: Element) => string | undefined,
  ) {
    this.observer = new MutationObserver((records) => this.onMutations(records));
    this.drainChannel.port1.onmessage = () => {
      this.drainScheduled = false;
      this.drainIdentityQueue();
    };
  }

  start(): void {
    this.observe(document);
    this.unsubscribe = this.store.onChange((keys) => this.renderChips(keys));
    this.poll = setInterval(() => {
      this.structureChanged = true;
      this.requestScan(false);
    }, SAFETY_POLL_MS);
    this.requestScan(true);
  }

  stop(): void {
    this.stopped = true;
    this.observer.disconnect();
    clearInterval(this.poll);
    this.drainChannel.port1.close();
    this.unsubscribe?.();
    for (const bar of this.bars.values()) bar.host.remove();
    this.bars.clear();
  }

  /** The bar of the item that contains `node`, if any. */
  barContaining(node: Node | null): ItemBar | undefined {
    const item = this.itemOf(node);
    return item ? this.bars.get(item) : undefined;
  }

  /** A bar in the page that shows the item `key`, if any. */
  barShowing(key: string): ItemBar | undefined {
    for (const bar of this.bars.values()) if (bar.key === key && bar.host.isConnected) return bar;
    return undefined;
  }

  get itemCount(): number {
    return this.bars.size;
  }

  requestScan(full = false): void {
    if (this.stopped) return;
    this.fullScanQueued ||= full;
    this.structureChanged ||= full;
    if (this.scanQueued) return;
    this.scanQueued = true;
    const run = (inFrame: boolean) => {
      if (!this.scanQueued) return;
      this.scanQueued = false;
      this.scan(inFrame && this.beforeLayout);
    };
    // A frame when the tab is visible; the timeout covers background tabs, where frames do not run.
    requestAnimationFrame(() => run(true));
    setTimeout(() => run(false), 250);
  }

  private observe(root: Node): void {
    if (this.observedRoots.has(root)) return;
    this.observedRoots.add(root);
    this.observer.observe(root, { childList: true, subtree: true, characterData: true, attributes: true });
  }

  private onMutations(records: MutationRecord[]): void {
    const { relevant, added } = this.noteMutations(records);
    if (!relevant) return;
    // Nodes added outside the known items may be new items: start on their bars at once, still in the page's own
    // task, so that together with the frame's scan they are usually in before the page is first laid out with
    // them (bars added after that move every item below them: one more layout of the whole page). Once per frame.
    if (added && !this.scannedEarly) {
      this.scannedEarly = true;
      this.beforeLayout = true;
      this.buttonsBeforeLayout = BUTTONS_BEFORE_LAYOUT;
      this.scan();
      this.requestScan(false);
      // Registered after the scan's frame callback, so that one still runs before the layout.
      requestAnimationFrame(() => {
        this.scannedEarly = false;
        this.beforeLayout = false;
      });
      return;
    }
    this.requestScan(false);
  }

  /** Marks the items the page changed as dirty, or the page's structure as changed for changes outside them. */
  private noteMutations(records: MutationRecord[]): { relevant: boolean; added: boolean } {
    let relevant = false;
    let added = false;
    for (const record of records) {
      if ((record.type === 'childList' && onlyOurNodes(record)) || isOurs(record.target)) continue;
      relevant = true;
      const item = this.itemOf(record.target);
      if (item) this.dirty.add(item);
      else {
        this.structureChanged = true;
        added ||= record.addedNodes.length > 0;
      }
    }
    return { relevant, added };
  }

  /** Walks up (across shadow boundaries) to the nearest known item. */
  private itemOf(node: Node | null): Element | undefined {
    if (!node) return undefined;
    if (node instanceof Element && this.bars.has(node)) return node;
    for (let current = composedParent(node); current; current = composedParent(current)) {
      if (this.bars.has(current)) return current;
    }
    return undefined;
  }

  private scan(lastBeforeLayout = false): void {
    if (this.stopped) return;
    // Changes the page made since the last delivery count too: they decide whether the unfinished list still holds.
    this.noteMutations(this.observer.takeRecords());
    if (!this.structureChanged && !this.unfinished) this.rescanDirtyItems();
    else this.scanItems(lastBeforeLayout ? LAST_NEW_BARS_SLICE_MS : NEW_BARS_SLICE_MS);
    // Our own insertions come back as one mutation record per bar (2,000 records cost ~10 ms in the frame that
    // shows them): dropped unread. The page's own changes were taken above, and nothing but us ran since.
    this.observer.takeRecords();
  }

  private scanItems(budgetMs: number): void {
    const startedAt = performance.now();
    const full = this.fullScanQueued;
    this.fullScanQueued = false;
    // A scan that ran out of time left its item list: with nothing changed outside the known items since, the next
    // one goes on with it instead of searching the page again (a few ms per search on 2,000 items, which the slices
    // before the page's first layout cannot spare).
    const resumed = !this.structureChanged ? this.unfinished : undefined;
    const items = resumed ?? this.adapter.findItems(document);
    this.structureChanged = false;
    this.unfinished = undefined;
    const barsBefore = this.bars.size;
    let known = 0;
    // Besides new and changed items, a rolling window is re-checked for changes no observer saw.
    const rollingEnd = this.rollingStart + ROLLING_REFRESH;
    let moreToAdd = false;
    let created = 0;
    let shownEarly = 0;
    for (const [index, item] of items.entries()) {
      let bar = this.bars.get(item);
      if (!bar && (moreToAdd || (++created % 16 === 0 && performance.now() - startedAt > budgetMs))) {
        moreToAdd = true;
        continue;
      }
      if (!bar) {
        bar = new ItemBar(item, this.actions, this.readSelection);
        this.bars.set(item, bar);
        this.observeRootsOf(item);
        if (!this.beforeLayout) {
          this.unmounted.add(bar);
          continue;
        }
        const showNow = this.buttonsBeforeLayout > 0;
        if (showNow) {
          this.buttonsBeforeLayout--;
          shownEarly++;
        }
        this.mount(bar, showNow);
        continue;
      }
      known++;
      if (bar.host.parentNode !== this.mountOf(item)) {
        this.unmounted.add(bar);
        continue;
      }
      const inWindow = index >= this.rollingStart && index < rollingEnd;
      if (full || inWindow || this.dirty.has(item)) this.identityQueue.add(bar);
    }
    this.rollingStart = rollingEnd >= items.length ? 0 : rollingEnd;
    this.dirty.clear();
    // Some bars' items are gone when fewer items than bars had one. (Items that left the page would have changed
    // its structure: a resumed list has none.)
    if (!resumed && known < barsBefore) this.dropBarsOfItemsGone(items);
    // Once the page has been laid out, bars go in all at once, when the last slice has made them: each insertion
    // moves every item below it, and a page of thousands of items re-laid out once per slice cost seconds of
    // rendering. (Before that layout they went in as they were made, above: nothing has been laid out to move.)
    if (!moreToAdd) this.mountWaitingBars();
    // npm run bench times "list → last button" by this mark: here when these were the last buttons to show.
    if (shownEarly > 0 && !moreToAdd && this.unprepared.size === 0 && this.unshown.size === 0) {
      performance.mark('sct-buttons-shown');
    }
    // Buttons, chips and identities in slices of their own, after this frame.
    this.scheduleDrain();
    // A page that brought thousands of items at once gets its bars over several slices.
    if (moreToAdd) {
      this.unfinished = items;
      this.requestScan(false);
    }
    // Visible to `npm run bench` and the DevTools timeline: how long each scan took, and how many items it saw.
    performance.measure(`sct-scan:${items.length}`, { start: startedAt });
  }

  /** Takes away the bars of items no longer in `items`. */
  private dropBarsOfItemsGone(items: Element[]): void {
    const current = new Set(items);
    for (const [item, bar] of this.bars) {
      if (!current.has(item)) {
        bar.host.remove();
        this.bars.delete(item);
        this.identityQueue.delete(bar);
        this.unmounted.delete(bar);
        this.unprepared.delete(bar);
        this.unshown.delete(bar);
      }
    }
  }

  /**
   * Changes inside known items only (a card re-rendered, a recycled card's new content): no search of the whole
   * page, just those items' bars put back and their identities checked again. The safety poll still does full scans.
   */
  private rescanDirtyItems(): void {
    for (const item of this.dirty) {
      const bar = this.bars.get(item);
      if (!bar) continue;
      if (bar.host.parentNode !== this.mountOf(item)) this.unmounted.add(bar);
      else this.identityQueue.add(bar);
    }
    this.dirty.clear();
    this.mountWaitingBars();
    this.scheduleDrain();
  }

  private mountOf(item: Element): Element | ShadowRoot {
    return visibleMountOf(this.adapter.mountPoint?.(item) ?? item);
  }

  private mountWaitingBars(): void {
    for (const bar of this.unmounted) if (this.bars.get(bar.item) === bar) this.mount(bar);
    this.unmounted.clear();
  }

  /** Puts the bar into its item; its button now too with `showNow`, else in the drain's slices. */
  private mount(bar: ItemBar, showNow = false): void {
    const mount = this.mountOf(bar.item);
    if (mount instanceof ShadowRoot) this.observe(mount);
    removeStrayBars(mount, bar.host);
    mount.append(bar.host);
    if (showNow) bar.show();
    else if (!bar.isPrepared) this.unprepared.add(bar);
    this.identityQueue.add(bar);
  }

  private scheduleDrain(): void {
    const idle = this.identityQueue.size === 0 && this.unprepared.size === 0 && this.unshown.size === 0;
    if (this.drainScheduled || this.stopped || idle) return;
    this.drainScheduled = true;
    this.drainChannel.port2.postMessage(null);
  }

  /**
   * Prepares the new bars' buttons, shows them all at once, then works out what each queued bar's item shows now,
   * in slices of a few milliseconds so that a page of thousands of items never blocks the main thread for long.
   * Document order: the top of the page (what the user sees first) is done first. Buttons never wait for
   * identities (a slow extract of a huge item must not hold back every button on the page).
   */
  private drainIdentityQueue(): void {
    if (this.stopped) return;
    const sliceStart = performance.now();
    const sliceEnd = sliceStart + WORK_SLICE_MS;
    let done = 0;
    for (const bar of this.unprepared) {
      this.unprepared.delete(bar);
      bar.prepare();
      this.unshown.add(bar);
      if (++done % CLOCK_EVERY === 0 && performance.now() > sliceEnd) break;
    }
    if (this.unprepared.size > 0) {
      this.scheduleDrain();
      return;
    }
    // Prepared bars appear together (each task that shows some near the viewport costs the page a layout of the
    // whole list), in as few tasks as a longer budget allows: 2,000 would hold the main thread too long in one.
    const showEnd = sliceStart + SHOW_SLICE_MS;
    let shown = 0;
    for (const bar of this.unshown) {
      this.unshown.delete(bar);
      bar.show();
      if (++shown % CLOCK_EVERY === 0 && performance.now() > showEnd) break;
    }
    if (this.unshown.size > 0) {
      this.scheduleDrain();
      return;
    }
    // npm run bench times "list → last button" by this mark.
    if (shown > 0) performance.mark('sct-buttons-shown');
    const url = new URL(location.href);
    // A full extract (adapters without keyOf) can take long on a big item: then a look at the clock after each.
    const clockEvery = this.adapter.keyOf ? CLOCK_EVERY : 1;
    let checked = 0;
    for (const bar of this.identityQueue) {
      if (checked++ % clockEvery === 0 && performance.now() > sliceEnd) break;
      this.identityQueue.delete(bar);
      if (bar.host.isConnected) this.refreshIdentity(bar, url);
    }
    if (this.identityQueue.size > 0) this.scheduleDrain();
    else if (this.unmounted.size === 0) performance.mark('sct-identities-done');
  }

  /** Recomputes what the item shows now; a recycled card gets its new content's chips. */
  private refreshIdentity(bar: ItemBar, url: URL): void {
    let key: string;
    try {
      key = this.adapter.keyOf?.(bar.item, url) ?? itemKeyOf(this.adapter.extract(bar.item, url));
    } catch {
      return;
    }
    if (key !== bar.key) {
      // A recycled card: what the bar showed belongs to the previous content.
      if (bar.key) bar.resetChips();
      bar.key = key;
    }
    const chips = this.store.chipsOf(key);
    if (chips) bar.renderChips(chips);
  }

  private renderChips(keys: StoreChange): void {
    if (keys === 'search') return;
    for (const bar of this.bars.values()) {
      if (keys !== 'all' && !keys.has(bar.key)) continue;
      const chips = this.store.chipsOf(bar.key);
      if (chips) bar.renderChips(chips);
    }
  }

  /** Items inside open shadow roots: observe those roots too (a document observer does not see into them). */
  private observeRootsOf(item: Element): void {
    let root = item.getRootNode();
    while (root instanceof ShadowRoot) {
      this.observe(root);
      root = root.host.getRootNode();
    }
  }
}

function isOurs(node: Node): boolean {
  if (node instanceof Element && node.hasAttribute(UI_ATTRIBUTE)) return true;
  for (let current = composedParent(node); current; current = composedParent(current)) {
    if (current.hasAttribute(UI_ATTRIBUTE)) return true;
  }
  return false;
}

function onlyOurNodes(record: MutationRecord): boolean {
  const { addedNodes, removedNodes } = record;
  if (addedNodes.length + removedNodes.length === 0) return false;
  for (const list of [addedNodes, removedNodes]) {
    for (let i = 0; i < list.length; i++) {
      const node = list[i];
      if (!(node instanceof Element && node.hasAttribute(UI_ATTRIBUTE))) return false;
    }
  }
  return true;
}

/**
 * Light-DOM children of a shadow host without a slot are never rendered: there the bar goes into the host's open
 * shadow root (still inside the item's subtree, as the contract asks).
 */
function visibleMountOf(mount: Element): Element | ShadowRoot {
  const shadow = mount.shadowRoot;
  return shadow && !shadow.querySelector('slot') ? shadow : mount;
}

const STRAY_BAR = `:scope > ${BAR_TAG}`;

/** Bars copied by the page (e.g. a card cloned with its children) are not ours to keep. */
function removeStrayBars(mount: Element | ShadowRoot, keep: Element): void {
  // Almost every mount holds none: one native query says so without a wrapper for each child.
  if (mount.nodeType === 1 && !mount.querySelector(STRAY_BAR)) return;
  for (let child = mount.firstElementChild; child; ) {
    const next = child.nextElementSibling;
    if (child !== keep && child.localName === BAR_TAG) child.remove();
    child = next;
  }
}
