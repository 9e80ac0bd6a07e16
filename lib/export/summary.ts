/**
 * The summary CSV: one row per (ASIN, tag) for every tag with taggings in its subtree, counts rolled up through
 * the hierarchy, plus an "ALL" block over every ASIN. The ALL block comes first; then ASINs in order, taggings
 * without an ASIN last (empty asin cell). Within a block rows go by total_count, descending, then by tag path
 * (so a parent precedes its children on ties).
 *
 * Per-source counts and first/last dates are rolled up like total_count: the source columns add up to
 * total_count.
 */
import { SOURCES, type Source, type Tagging } from '../model';
import { isoWithOffset } from '../period';
import { PATH_SEPARATOR } from '../text';
import { ancestorsOf, type TagIndex } from '../tree';

export const ALL_ASINS = 'ALL';

export const SUMMARY_HEADER = [
  'asin',
  'top_tag',
  'tag_path',
  'level',
  'own_count',
  'total_count',
  ...SOURCES,
  'first_tagged',
  'last_tagged',
] as const;

export interface SummaryEntry {
  asin: string;
  tagId: string;
  topTag: string;
  tagPath: string;
  level: number;
  own: number;
  total: number;
  bySource: Record<Source, number>;
  first: number;
  last: number;
}

/** The fields of a tagging the summary needs. */
export type SummaryInput = Pick<Tagging, 'asin' | 'tagId' | 'source' | 'createdAt'>;

function emptySources(): Record<Source, number> {
  return { review: 0, feedback: 0, message: 0, return: 0, voc: 0, other: 0 };
}

/** Incremental accumulator, so the background can feed it page by page. */
export class SummaryBuilder {
  private readonly entries = new Map<string, SummaryEntry>();
  private readonly chains = new Map<string, { id: string; name: string }[]>();

  constructor(
    private readonly index: TagIndex,
    private readonly withAllBlock = true,
  ) {}

  add(tagging: SummaryInput): void {
    const chain = this.chainOf(tagging.tagId);
    if (chain.length === 0) return;
    const asins = this.withAllBlock ? [tagging.asin ?? '', ALL_ASINS] : [tagging.asin ?? ''];
    for (const asin of asins) {
      for (const [depth, tag] of chain.entries()) {
        const entry = this.entryFor(asin, tag.id, chain, depth);
        entry.total += 1;
        if (depth === chain.length - 1) entry.own += 1;
        entry.bySource[tagging.source] += 1;
        entry.first = Math.min(entry.first, tagging.createdAt);
        entry.last = Math.max(entry.last, tagging.createdAt);
      }
    }
  }

  private chainOf(tagId: string): { id: string; name: string }[] {
    let chain = this.chains.get(tagId);
    if (!chain) {
      chain = ancestorsOf(this.index, tagId).map((tag) => ({ id: tag.id, name: tag.name }));
      this.chains.set(tagId, chain);
    }
    return chain;
  }

  private entryFor(asin: string, tagId: string, chain: { id: string; name: string }[], depth: number): SummaryEntry {
    const key = `${asin}\u0000${tagId}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = {
        asin,
        tagId,
        topTag: chain[0].name,
        tagPath: chain
          .slice(0, depth + 1)
          .map((tag) => tag.name)
          .join(PATH_SEPARATOR),
        level: depth + 1,
        own: 0,
        total: 0,
        bySource: emptySources(),
        first: Number.POSITIVE_INFINITY,
        last: Number.NEGATIVE_INFINITY,
      };
      this.entries.set(key, entry);
    }
    return entry;
  }

  /** Entries in file order. */
  result(): SummaryEntry[] {
    const blockRank = (asin: string) => (asin === ALL_ASINS ? 0 : asin === '' ? 2 : 1);
    return [...this.entries.values()].sort(
      (a, b) =>
        blockRank(a.asin) - blockRank(b.asin) ||
        (a.asin < b.asin ? -1 : a.asin > b.asin ? 1 : 0) ||
        b.total - a.total ||
        (a.tagPath < b.tagPath ? -1 : a.tagPath > b.tagPath ? 1 : 0),
    );
  }
}

export function summarise(taggings: Iterable<SummaryInput>, index: TagIndex): SummaryEntry[] {
  const builder = new SummaryBuilder(index);
  for (const tagging of taggings) builder.add(tagging);
  return builder.result();
}

/** One CSV row, cells in SUMMARY_HEADER order. */
export function summaryRow(entry: SummaryEntry): string[] {
  return [
    entry.asin,
    entry.topTag,
    entry.tagPath,
    String(entry.level),
    String(entry.own),
    String(entry.total),
    ...SOURCES.map((source) => String(entry.bySource[source])),
    isoWithOffset(entry.first),
    isoWithOffset(entry.last),
  ];
}
