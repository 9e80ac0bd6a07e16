/**
 * Typeahead over the tag tree for the in-page picker: matches anywhere in the full path, ignoring case and
 * full/half width, and by pinyin initials (配件缺失 ← "pjqs"). Pure and fast: 2,000 tags per keystroke is trivial.
 */
import { nameKeyOf, PATH_SEPARATOR, searchKeyOf, splitTagPath } from '../text';

export interface PickerTag {
  id: string;
  name: string;
  path: string;
  color: string;
  /** How often it was used (own taggings) — frequent tags come first. */
  uses: number;
  /** Last change or use, for recency. */
  recent: number;
}

interface SearchEntry {
  tag: PickerTag;
  nameKey: string;
  pathKey: string;
  nameSearch: string;
  pathSearch: string;
  initials: string;
}

export type PickerOption = { kind: 'tag'; tag: PickerTag } | { kind: 'create'; path: string };

export class TagSearch {
  private readonly entries: SearchEntry[];
  private readonly byId = new Map<string, SearchEntry>();

  /** `initialsById`: pinyin initials per tag (computed by the background). */
  constructor(tags: readonly PickerTag[], initialsById: ReadonlyMap<string, string> = new Map()) {
    this.entries = tags.map((tag) => ({
      tag,
      nameKey: nameKeyOf(tag.name),
      pathKey: splitTagPath(tag.path).map(nameKeyOf).join(PATH_SEPARATOR),
      nameSearch: searchKeyOf(tag.name),
      pathSearch: searchKeyOf(tag.path.replaceAll(PATH_SEPARATOR, '>')),
      initials: initialsById.get(tag.id) ?? '',
    }));
    for (const entry of this.entries) this.byId.set(entry.tag.id, entry);
  }

  /** One more use of a tag (it ranks higher), without re-indexing every tag; false if the tag is not searched. */
  countUse(id: string, recent: number): boolean {
    const entry = this.byId.get(id);
    if (!entry) return false;
    entry.tag = { ...entry.tag, uses: entry.tag.uses + 1, recent: Math.max(entry.tag.recent, recent) };
    return true;
  }

  /** Options for the typed text: matching tags best first, then a "create" option unless a tag matches exactly. */
  options(query: string, limit = 50): PickerOption[] {
    const trimmed = query.trim();
    if (!trimmed) {
      return [...this.entries]
        .sort(byUse)
        .slice(0, limit)
        .map((entry) => ({ kind: 'tag', tag: entry.tag }));
    }
    const levels = splitTagPath(trimmed);
    const wantedPath = levels.map(nameKeyOf).join(PATH_SEPARATOR);
    const wantedName = nameKeyOf(trimmed);
    const needle = searchKeyOf(trimmed.replaceAll(/\s*>\s*/gu, '>'));
    const scored: Array<{ entry: SearchEntry; score: number }> = [];
    let exact = false;
    for (const entry of this.entries) {
      const score = scoreOf(entry, needle, wantedName, wantedPath);
      if (score === 0) continue;
      if (score >= 100) exact = true;
      scored.push({ entry, score });
    }
    scored.sort((a, b) => b.score - a.score || byUse(a.entry, b.entry));
    const options: PickerOption[] = scored.slice(0, limit).map(({ entry }) => ({ kind: 'tag', tag: entry.tag }));
    if (!exact && levels.length > 0) options.push({ kind: 'create', path: levels.join(PATH_SEPARATOR) });
    return options;
  }
}

function scoreOf(entry: SearchEntry, needle: string, wantedName: string, wantedPath: string): number {
  if (entry.pathKey === wantedPath) return 110;
  if (!wantedPath.includes('>') && entry.nameKey === wantedName) return 100;
  if (!needle) return 0;
  if (entry.nameSearch.startsWith(needle)) return 80;
  if (entry.nameSearch.includes(needle)) return 70;
  if (entry.pathSearch.includes(needle)) return 60;
  if (entry.initials && /^[a-z0-9]+$/.test(needle)) {
    if (entry.initials.startsWith(needle)) return 55;
    if (entry.initials.includes(needle)) return 45;
  }
  return 0;
}

function byUse(a: SearchEntry, b: SearchEntry): number {
  return b.tag.uses - a.tag.uses || b.tag.recent - a.tag.recent || a.tag.path.localeCompare(b.tag.path);
}
