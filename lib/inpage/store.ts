/**
 * The content script's view of the data: the tag list and the taggings of the items on the page, loaded from the
 * background in batches and kept in sync after each change made here.
 */
import type { TagWithCounts } from '../db/tags';
import { send } from '../messaging';
import type { ItemContext, Snippet, Tag, Tagging } from '../model';
import { indexTags, subtreeIds } from '../tree';
import { type PickerTag, TagSearch } from './tagSearch';

type Listener = (changedKeys: ReadonlySet<string> | 'all') => void;

export class InpageStore {
  tagsById = new Map<string, TagWithCounts>();
  search = new TagSearch([]);
  private readonly taggingsByKey = new Map<string, Tagging[]>();
  private readonly pendingKeys = new Set<string>();
  private flushScheduled = false;
  private readonly listeners = new Set<Listener>();

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(keys: ReadonlySet<string> | 'all'): void {
    for (const listener of this.listeners) listener(keys);
  }

  async loadTags(): Promise<void> {
    const tags = await send('tags.list', {});
    this.tagsById = new Map(tags.map((tag) => [tag.id, tag]));
    this.rebuildSearch();
  }

  /** The picker's search over the known tags (archived subtrees left out), ranked by their use counts. */
  private rebuildSearch(): void {
    const tags = [...this.tagsById.values()];
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
    this.search = new TagSearch(pickable, new Map(tags.map((tag) => [tag.id, tag.initials])));
    this.emit('all');
  }

  /** Taggings of an item if loaded; undefined while unknown (a batched load is then scheduled). */
  taggingsOf(key: string): Tagging[] | undefined {
    const known = this.taggingsByKey.get(key);
    if (known) return known;
    this.pendingKeys.add(key);
    this.scheduleFlush();
    return undefined;
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    queueMicrotask(() => {
      this.flushScheduled = false;
      void this.flush();
    });
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

  async apply(
    item: ItemContext,
    choice: { tagId: string } | { tagPath: string },
    snippet: Snippet | undefined,
    note: string,
  ): Promise<Tagging> {
    const result = await send('taggings.apply', { item, ...choice, snippet, note: note || undefined });
    const key = result.tagging.itemKey;
    const list = this.taggingsByKey.get(key) ?? [];
    if (!list.some((tagging) => tagging.id === result.tagging.id)) list.push(result.tagging);
    this.taggingsByKey.set(key, list);
    // New tags must be known before their chip can show their path. Otherwise the use count that ranks the picker
    // is bumped here: reloading the tag list counts every tagging, slow on big databases, and the next tagging
    // would queue behind it in the background (npm run bench: 1.3 s round trips at 100k taggings).
    if (result.createdTags.length > 0) await this.loadTags();
    else if (result.created) await this.countUse(result.tag);
    this.emit(new Set([key]));
    return result.tagging;
  }

  /** One more use of a tag, as the background now has it (e.g. brought back from the archive). */
  private async countUse(tag: Tag): Promise<void> {
    const known = this.tagsById.get(tag.id);
    // A tag another tab or the options page created: only the full list knows its path.
    if (!known) return this.loadTags();
    this.tagsById.set(tag.id, { ...known, ...tag, own: known.own + 1, total: known.total + 1 });
    this.rebuildSearch();
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
