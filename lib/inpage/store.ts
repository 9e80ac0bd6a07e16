/**
 * The content script's view of the data: the tag list and the taggings of the items on the page, loaded from the
 * background in batches and kept in sync after each change made here.
 */
import type { ApplyResult } from '../db/taggings';
import type { TagWithCounts } from '../db/tags';
import { itemKeyOf } from '../itemKey';
import { send } from '../messaging';
import type { ItemContext, Snippet, Tag, Tagging } from '../model';
import { PATH_SEPARATOR } from '../text';
import { indexTags, subtreeIds } from '../tree';
import { type PickerTag, TagSearch } from './tagSearch';

/** How long item keys are gathered before their taggings are asked for. */
const FLUSH_DELAY_MS = 30;

/**
 * What changed: the taggings of some items, everything the chips show ('all': tag paths or colours may differ),
 * or only the picker's search (use counts, which no chip shows).
 */
export type StoreChange = ReadonlySet<string> | 'all' | 'search';
type Listener = (change: StoreChange) => void;

/**
 * A chip as a bar shows it: a saved tagging, or one applied here that the background has not confirmed yet
 * (no `tagging`: it shows as saving and cannot be removed until it is saved).
 */
export interface ChipView {
  /** The tagging's id, or a local id while pending. */
  id: string;
  tagId: string | undefined;
  path: string;
  /** Undefined for a tag being created: it gets its colour when saved. */
  color: string | undefined;
  snippetText: string;
  note: string;
  tagging: Tagging | undefined;
}

/** A tagging applied here and not yet confirmed by the background. */
interface PendingTagging extends ChipView {
  itemKey: string;
  tagging: undefined;
}

const NO_CHIPS: readonly ChipView[] = [];
let pendingSerial = 0;

export class InpageStore {
  tagsById = new Map<string, TagWithCounts>();
  private searchIndex: TagSearch | undefined;
  private readonly taggingsByKey = new Map<string, Tagging[]>();
  /** Taggings applied here whose save is under way, by item key (kept apart: reloads never drop them). */
  private readonly pendingByKey = new Map<string, PendingTagging[]>();
  private readonly pendingKeys = new Set<string>();
  private flushScheduled = false;
  private readonly listeners = new Set<Listener>();

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(change: StoreChange): void {
    for (const listener of this.listeners) listener(change);
  }

  async loadTags(): Promise<void> {
    const tags = await send('tags.list', {});
    this.tagsById = new Map(tags.map((tag) => [tag.id, tag]));
    this.searchIndex = undefined;
    this.emit('all');
  }

  /**
   * The picker's search over the known tags (archived subtrees left out), ranked by their use counts. Built when
   * the picker first asks for it after the tag list changed, not on every page load or tagging.
   */
  get search(): TagSearch {
    this.searchIndex ??= buildSearch([...this.tagsById.values()]);
    return this.searchIndex;
  }

  /** Taggings of an item if loaded; undefined while unknown (a batched load is then scheduled). */
  taggingsOf(key: string): Tagging[] | undefined {
    const known = this.taggingsByKey.get(key);
    if (known) return known;
    this.pendingKeys.add(key);
    this.scheduleFlush();
    return undefined;
  }

  /** The chips of an item: its saved taggings whose tags are known, then those still saving. */
  chipsOf(key: string): readonly ChipView[] | undefined {
    const saved = this.taggingsOf(key);
    const pending = this.pendingByKey.get(key);
    if (!pending) {
      if (!saved) return undefined;
      if (saved.length === 0) return NO_CHIPS;
    }
    const chips: ChipView[] = [];
    for (const tagging of saved ?? []) {
      const tag = this.tagsById.get(tagging.tagId);
      if (!tag) continue;
      const { id, tagId, snippetText, note } = tagging;
      chips.push({ id, tagId, path: tag.path, color: tag.color, snippetText, note, tagging });
    }
    if (pending) chips.push(...pending);
    return chips;
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // A moment's wait gathers the keys of a whole page (its bars are worked out in short slices) into a few
    // messages instead of one per slice.
    setTimeout(() => {
      this.flushScheduled = false;
      void this.flush();
    }, FLUSH_DELAY_MS);
  }

  private async flush(): Promise<void> {
    const keys = [...this.pendingKeys];
    this.pendingKeys.clear();
    for (let start = 0; start < keys.length; start += 2000) {
      const batch = keys.slice(start, start + 2000);
      const taggings = await send('taggings.forItems', { keys: batch });
      for (const key of batch) this.taggingsByKey.set(key, []);
      for (const tagging of taggings) this.taggingsByKey.get(tagging.itemKey)?.push(tagging);
      for (const list of this.taggingsByKey.values()) list.sort((a, b) => a.createdAt - b.createdAt);
      this.emit(new Set(batch));
    }
  }

  /** Reloads everything (after another tab or the options page may have changed data). */
  async refresh(): Promise<void> {
    const keys = [...this.taggingsByKey.keys()];
    this.taggingsByKey.clear();
    await this.loadTags();
    for (const key of keys) this.pendingKeys.add(key);
    await this.flush();
  }

  /**
   * Applies a tag to an item. Its chip shows at once, before anything else (synchronously, as saving), and turns
   * into the saved tagging when the background confirms it; if the save fails the chip goes and the promise
   * rejects, so the caller can say that nothing was saved.
   */
  apply(
    item: ItemContext,
    choice: { tagId: string } | { tagPath: string },
    snippet: Snippet | undefined,
    note: string,
    key = itemKeyOf(item),
  ): Promise<Tagging> {
    const pending = this.addPending(key, choice, snippet, note);
    return this.save(pending, item, choice, snippet, note);
  }

  /**
   * The saving chip. None when the item already shows the same tag on the same snippet (saved or saving): the
   * background will answer that it exists, and that chip stands for it.
   */
  private addPending(
    key: string,
    choice: { tagId: string } | { tagPath: string },
    snippet: Snippet | undefined,
    note: string,
  ): PendingTagging | undefined {
    const known = 'tagId' in choice ? this.tagsById.get(choice.tagId) : undefined;
    const tagId = known?.id;
    const path = 'tagId' in choice ? known?.path : choice.tagPath;
    // A tag this tab does not know yet (another tab made it): the chip waits for the background's answer.
    if (path === undefined) return undefined;
    const snippetText = snippet?.exact ?? '';
    const same = (chipTagId: string | undefined, chipPath: string | undefined, chipSnippet: string) =>
      chipSnippet === snippetText && (tagId ? chipTagId === tagId : chipPath === path);
    const saved = this.taggingsByKey.get(key) ?? [];
    if (saved.some((t) => same(t.tagId, this.tagsById.get(t.tagId)?.path, t.snippetText))) return undefined;
    const list = this.pendingByKey.get(key) ?? [];
    if (list.some((chip) => same(chip.tagId, chip.path, chip.snippetText))) return undefined;
    const pending: PendingTagging = {
      id: `pending-${++pendingSerial}`,
      itemKey: key,
      tagId,
      path,
      color: known?.color,
      snippetText,
      note,
      tagging: undefined,
    };
    list.push(pending);
    this.pendingByKey.set(key, list);
    this.emit(new Set([key]));
    return pending;
  }

  private async save(
    pending: PendingTagging | undefined,
    item: ItemContext,
    choice: { tagId: string } | { tagPath: string },
    snippet: Snippet | undefined,
    note: string,
  ): Promise<Tagging> {
    let result: ApplyResult;
    try {
      result = await send('taggings.apply', { item, ...choice, snippet, note: note || undefined });
    } catch (error) {
      if (pending) this.dropPending(pending);
      throw error;
    }
    // Tags created by this tagging get their paths here, from their parents, so the chip can show them at once.
    this.addCreatedTags(result.createdTags);
    // A tag another tab or the options page created: only the full list knows its path (the saving chip stays).
    if (!this.tagsById.has(result.tag.id)) await this.loadTags().catch(() => undefined);
    const key = result.tagging.itemKey;
    const list = this.taggingsByKey.get(key) ?? [];
    // Already there when the tagging existed (created: false): the saving chip merges into it.
    if (!list.some((tagging) => tagging.id === result.tagging.id)) list.push(result.tagging);
    this.taggingsByKey.set(key, list);
    const changed = new Set([key]);
    if (pending) {
      this.removePending(pending);
      changed.add(pending.itemKey);
    }
    // The saved chip first; the use count that ranks the picker after it. Reloading the tag list would count
    // every tagging (slow on big databases), and re-indexing the search re-read 1,000 tags.
    this.emit(changed);
    if (result.created) this.countUse(result.tag);
    return result.tagging;
  }

  private removePending(pending: PendingTagging): void {
    const list = this.pendingByKey.get(pending.itemKey)?.filter((other) => other !== pending) ?? [];
    if (list.length > 0) this.pendingByKey.set(pending.itemKey, list);
    else this.pendingByKey.delete(pending.itemKey);
  }

  private dropPending(pending: PendingTagging): void {
    this.removePending(pending);
    this.emit(new Set([pending.itemKey]));
  }

  private addCreatedTags(created: readonly Tag[]): void {
    if (created.length === 0) return;
    const pending = [...created];
    // Parents before children: each pass places the tags whose parent's path is known.
    for (let placed = true; pending.length > 0 && placed; ) {
      placed = false;
      for (const [index, tag] of pending.entries()) {
        const parentPath = tag.parentId ? this.tagsById.get(tag.parentId)?.path : '';
        if (parentPath === undefined) continue;
        const path = parentPath ? `${parentPath}${PATH_SEPARATOR}${tag.name}` : tag.name;
        this.tagsById.set(tag.id, { ...tag, path, own: 0, total: 0 });
        pending.splice(index, 1);
        placed = true;
        break;
      }
    }
    this.searchIndex = undefined;
  }

  /** One more use of a tag, as the background now has it (e.g. brought back from the archive). */
  private countUse(tag: Tag): void {
    const known = this.tagsById.get(tag.id);
    if (!known) return;
    const archivedChanged = known.archived !== tag.archived;
    this.tagsById.set(tag.id, { ...known, ...tag, own: known.own + 1, total: known.total + 1 });
    // An archived tag brought back changes which tags are searched: the search is rebuilt when next needed.
    if (archivedChanged || !this.searchIndex?.countUse(tag.id, tag.updatedAt)) this.searchIndex = undefined;
    this.emit('search');
  }

  async remove(tagging: Tagging): Promise<Tagging> {
    const removed = await send('taggings.remove', { id: tagging.id });
    this.forget(tagging);
    return removed;
  }

  async restore(tagging: Tagging): Promise<void> {
    const restored = await send('taggings.restore', { tagging });
    const list = this.taggingsByKey.get(restored.itemKey) ?? [];
    if (!list.some((existing) => existing.id === restored.id)) list.push(restored);
    list.sort((a, b) => a.createdAt - b.createdAt);
    this.taggingsByKey.set(restored.itemKey, list);
    this.emit(new Set([restored.itemKey]));
  }

  private forget(tagging: Tagging): void {
    const list = this.taggingsByKey.get(tagging.itemKey) ?? [];
    this.taggingsByKey.set(
      tagging.itemKey,
      list.filter((existing) => existing.id !== tagging.id),
    );
    this.emit(new Set([tagging.itemKey]));
  }
}

function buildSearch(tags: TagWithCounts[]): TagSearch {
  const index = indexTags(tags);
  const hidden = new Set<string>();
  for (const tag of tags) if (tag.archived) for (const id of subtreeIds(index, tag.id)) hidden.add(id);
  const pickable: PickerTag[] = tags
    .filter((tag) => !hidden.has(tag.id))
    .map((tag) => ({
      id: tag.id,
      name: tag.name,
      path: tag.path,
      color: tag.color,
      uses: tag.own,
      recent: tag.updatedAt,
    }));
  return new TagSearch(pickable, new Map(tags.map((tag) => [tag.id, tag.initials])));
}
