/**
 * Every tagging in a filterable, sortable table. Rows come from the background block by block and only the rows in
 * view are rendered (fixed row height, absolute positions), so 100,000 taggings scroll smoothly.
 */
import { Component } from 'preact';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { AsinInput } from '@/components/shared/AsinInput';
import { useDataChanged } from '@/components/shared/useDataChanged';
import type { TaggingRow } from '@/lib/db/issueQueries';
import type { TagWithCounts } from '@/lib/db/tags';
import { defineStrings } from '@/lib/i18n';
import type { TaggingFilter, TaggingSort } from '@/lib/messages';
import { send } from '@/lib/messaging';
import { SOURCES, type Source, type Tagging } from '@/lib/model';
import { addDays, isoWithOffset, parseLocalDate } from '@/lib/period';
import { describeError } from './errors';

const t = defineStrings({
  en: {
    filters: 'Filters',
    tag: 'Tag',
    allTags: 'All tags',
    source: 'Source',
    allSources: 'All sources',
    marketplace: 'Marketplace',
    allMarketplaces: 'All',
    from: 'From',
    to: 'To',
    text: 'Search snippets and notes',
    clear: 'Clear filters',
    count: '{0} taggings',
    date: 'Tagged',
    asin: 'ASIN',
    snippet: 'Snippet / note',
    note: 'Note',
    actions: 'Actions',
    editNote: 'Edit note',
    noteFor: 'Note for this tagging',
    changeTag: 'Change tag',
    remove: 'Remove tag',
    open: 'Open in Seller Central',
    removed: 'Tag removed.',
    undo: 'Undo',
    dismiss: 'Dismiss',
    empty: 'No taggings match these filters.',
    none: 'Nothing tagged yet.',
    loading: 'Loading…',
    review: 'Review',
    feedback: 'Feedback',
    message: 'Message',
    return: 'Return',
    voc: 'Voice of the Customer',
    other: 'Other',
    sortBy: 'Sort by {0}',
  },
  zh_CN: {
    filters: '筛选',
    tag: '标签',
    allTags: '全部标签',
    source: '来源',
    allSources: '全部来源',
    marketplace: '站点',
    allMarketplaces: '全部',
    from: '从',
    to: '到',
    text: '搜索摘录和备注',
    clear: '清除筛选',
    count: '{0} 条标记',
    date: '标记时间',
    asin: 'ASIN',
    snippet: '摘录 / 备注',
    note: '备注',
    actions: '操作',
    editNote: '编辑备注',
    noteFor: '此标记的备注',
    changeTag: '更换标签',
    remove: '移除标签',
    open: '在卖家中心打开',
    removed: '已移除标签。',
    undo: '撤销',
    dismiss: '关闭',
    empty: '没有符合筛选条件的标记。',
    none: '还没有任何标记。',
    loading: '加载中…',
    review: '评论',
    feedback: '反馈',
    message: '消息',
    return: '退货',
    voc: '买家之声',
    other: '其他',
    sortBy: '按{0}排序',
  },
});

const ROW_HEIGHT = 40;
/** Rows per request: a block lasts about 13 frames of very fast scrolling (600 px a frame). */
const BLOCK_SIZE = 200;
/** Blocks kept per query (least recently used go first): a few screens either way of the scroll position. */
const KEEP_BLOCKS = 12;
/** Rows rendered beyond the viewport on each side. */
const OVERSCAN = 3;
/** Rows fetched ahead of the viewport in the direction of scrolling. */
const FETCH_AHEAD = BLOCK_SIZE;
/**
 * Rows newly rendered per frame. A row costs about a millisecond of layout and script on a busy machine; scrolling
 * by more than this many rows a frame leaves empty ruled slots for the rest, filled in over the next frames.
 */
const NEW_ROWS_PER_FRAME = 4;
/** How long after a scroll event the table still counts as scrolling. */
const SCROLLING_MS = 200;

interface Filters {
  tagId: string;
  asin: string;
  source: '' | Source;
  marketplace: string;
  from: string;
  to: string;
  text: string;
  sort: TaggingSort;
  direction: 'asc' | 'desc';
}

const NO_FILTERS: Filters = {
  tagId: '',
  asin: '',
  source: '',
  marketplace: '',
  from: '',
  to: '',
  text: '',
  sort: 'createdAt',
  direction: 'desc',
};

function toQuery(filters: Filters): TaggingFilter {
  return {
    tagId: filters.tagId || undefined,
    asin: filters.asin || undefined,
    source: filters.source || undefined,
    marketplace: filters.marketplace || undefined,
    start: filters.from ? parseLocalDate(filters.from) : undefined,
    end: filters.to ? addDays(parseLocalDate(filters.to), 1) : undefined,
    text: filters.text.trim() || undefined,
    sort: filters.sort,
    direction: filters.direction,
  };
}

/** Only real web pages open from the table (never javascript: or data: URLs from stored text). */
function safeUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

function useDebounced<T>(value: T, delay: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return debounced;
}

/**
 * The rows of one query, fetched from the background block by block and kept in a small least-recently-used cache.
 * After a data change the previous instance is passed as `stale`: its rows stay on screen until fresh ones arrive,
 * so an edit does not blank the table.
 */
class RowBlocks {
  private readonly blocks = new Map<number, TaggingRow[]>();
  private readonly pending = new Set<number>();
  private closed = false;
  total: number | undefined;

  constructor(
    private readonly filter: TaggingFilter,
    private readonly onLoad: (total: number) => void,
    private readonly onError: (error: unknown) => void,
    private stale?: RowBlocks,
  ) {
    this.total = stale?.total;
    if (stale) stale.stale = undefined;
  }

  row(index: number): TaggingRow | undefined {
    return this.blocks.get(Math.floor(index / BLOCK_SIZE))?.[index % BLOCK_SIZE] ?? this.stale?.row(index);
  }

  /** Makes sure rows [first, last) are loaded or loading, visible blocks first. */
  want(first: number, last: number): void {
    const from = Math.floor(Math.max(0, first) / BLOCK_SIZE);
    const to = Math.floor(Math.max(0, last - 1) / BLOCK_SIZE);
    for (let block = from; block <= to; block++) this.request(block);
  }

  close(): void {
    this.closed = true;
  }

  private request(block: number): void {
    if (this.total !== undefined && block * BLOCK_SIZE >= this.total) return;
    const rows = this.blocks.get(block);
    if (rows) {
      // Most recently used last.
      this.blocks.delete(block);
      this.blocks.set(block, rows);
      return;
    }
    if (this.pending.has(block)) return;
    this.pending.add(block);
    send('taggings.query', { filter: this.filter, offset: block * BLOCK_SIZE, limit: BLOCK_SIZE }).then(
      (page) => {
        this.pending.delete(block);
        if (this.closed) return;
        this.total = page.total;
        this.blocks.set(block, page.rows);
        for (const oldest of this.blocks.keys()) {
          if (this.blocks.size <= KEEP_BLOCKS) break;
          this.blocks.delete(oldest);
        }
        this.stale = undefined;
        this.onLoad(page.total);
      },
      (error) => {
        this.pending.delete(block);
        if (!this.closed) this.onError(error);
      },
    );
  }
}

export function IssuesTable() {
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [tags, setTags] = useState<TagWithCounts[]>([]);
  const [marketplaces, setMarketplaces] = useState<string[]>([]);
  const [total, setTotal] = useState<number>();
  const [error, setError] = useState<string>();
  const [removed, setRemoved] = useState<Tagging>();
  const [version, setVersion] = useState(0);
  const text = useDebounced(filters.text, 250);
  const query = useMemo(() => toQuery({ ...filters, text }), [filters, text]);
  const queryKey = JSON.stringify(query);
  // The body only sees a new filter object when the query really changes (not on every keystroke of the search).
  const stableQuery = useMemo(() => query, [queryKey]);

  const loadMeta = useCallback(() => {
    send('tags.list', {}).then(setTags, () => undefined);
    send('taggings.marketplaces', {}).then(setMarketplaces, () => undefined);
  }, []);
  useEffect(loadMeta, [loadMeta]);

  // A data change refetches the rows in view (the old ones stay until then) and the filter choices.
  const refresh = useCallback(() => {
    setVersion((v) => v + 1);
    loadMeta();
  }, [loadMeta]);
  useDataChanged(refresh);

  const set = (changes: Partial<Filters>) => setFilters((current) => ({ ...current, ...changes }));
  const sortBy = (sort: TaggingSort) =>
    setFilters((current) => ({
      ...current,
      sort,
      direction:
        current.sort === sort ? (current.direction === 'asc' ? 'desc' : 'asc') : sort === 'createdAt' ? 'desc' : 'asc',
    }));

  const sortedTags = useMemo(() => [...tags].sort((a, b) => a.path.localeCompare(b.path)), [tags]);

  // Stable callbacks, so rows that did not change skip rendering.
  const act = useCallback(async (action: () => Promise<unknown>) => {
    try {
      setError(undefined);
      await action();
    } catch (e) {
      setError(describeError(e));
    }
  }, []);
  const onError = useCallback((e: unknown) => setError(describeError(e)), []);

  const header = (sort: TaggingSort | undefined, label: string, className: string) => {
    const active = sort && filters.sort === sort;
    return (
      // biome-ignore lint/a11y/useSemanticElements: ARIA table built from divs so rows can be virtualised.
      <div
        role="columnheader"
        tabIndex={-1}
        class={`cell ${className}`}
        aria-sort={active ? (filters.direction === 'asc' ? 'ascending' : 'descending') : undefined}
      >
        {sort ? (
          <button
            type="button"
            class="link sort"
            data-testid={`sct-sort-${sort}`}
            title={t('sortBy', label)}
            onClick={() => sortBy(sort)}
          >
            {label} {active ? (filters.direction === 'asc' ? '▲' : '▼') : ''}
          </button>
        ) : (
          label
        )}
      </div>
    );
  };

  return (
    <section class="issues" aria-label={t('filters')}>
      <div class="issue-filters">
        <select
          aria-label={t('tag')}
          data-testid="sct-filter-tag"
          value={filters.tagId}
          onChange={(e) => set({ tagId: (e.currentTarget as HTMLSelectElement).value })}
        >
          <option value="">{t('allTags')}</option>
          {sortedTags.map((tag) => (
            <option key={tag.id} value={tag.id}>
              {tag.path}
            </option>
          ))}
        </select>
        <AsinInput value={filters.asin} onChange={(asin) => set({ asin })} testId="sct-filter-asin" />
        <select
          aria-label={t('source')}
          data-testid="sct-filter-source"
          value={filters.source}
          onChange={(e) => set({ source: (e.currentTarget as HTMLSelectElement).value as Source })}
        >
          <option value="">{t('allSources')}</option>
          {SOURCES.map((source) => (
            <option key={source} value={source}>
              {t(source)}
            </option>
          ))}
        </select>
        <select
          aria-label={t('marketplace')}
          data-testid="sct-filter-marketplace"
          value={filters.marketplace}
          onChange={(e) => set({ marketplace: (e.currentTarget as HTMLSelectElement).value })}
        >
          <option value="">
            {t('marketplace')}: {t('allMarketplaces')}
          </option>
          {marketplaces.map((code) => (
            <option key={code} value={code}>
              {code}
            </option>
          ))}
        </select>
        <input
          type="date"
          aria-label={t('from')}
          data-testid="sct-filter-from"
          value={filters.from}
          onChange={(e) => set({ from: (e.currentTarget as HTMLInputElement).value })}
        />
        <input
          type="date"
          aria-label={t('to')}
          data-testid="sct-filter-to"
          value={filters.to}
          onChange={(e) => set({ to: (e.currentTarget as HTMLInputElement).value })}
        />
        <input
          type="search"
          aria-label={t('text')}
          placeholder={t('text')}
          data-testid="sct-filter-text"
          value={filters.text}
          onInput={(e) => set({ text: (e.currentTarget as HTMLInputElement).value })}
        />
        <button
          type="button"
          onClick={() => setFilters({ ...NO_FILTERS, sort: filters.sort, direction: filters.direction })}
        >
          {t('clear')}
        </button>
        <span class="spacer" />
        <span class="muted" role="status" data-testid="sct-issue-count" data-count={total ?? ''}>
          {total === undefined ? t('loading') : t('count', total)}
        </span>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {/* biome-ignore lint/a11y/useSemanticElements: ARIA table built from divs so rows can be virtualised. */}
      <div class="grid" role="table" aria-rowcount={(total ?? 0) + 1} aria-label={t('count', total ?? 0)}>
        {/* biome-ignore lint/a11y/useSemanticElements: see above. */}
        <div class="grid-row grid-head" role="row" tabIndex={-1} aria-rowindex={1}>
          {header('createdAt', t('date'), 'c-date')}
          {header('tag', t('tag'), 'c-tag')}
          {header('asin', t('asin'), 'c-asin')}
          {header('source', t('source'), 'c-source')}
          {header('marketplace', t('marketplace'), 'c-market')}
          {header('note', t('snippet'), 'c-text')}
          {header(undefined, t('actions'), 'c-actions')}
        </div>
        <IssuesBody
          filter={stableQuery}
          version={version}
          emptyText={filters === NO_FILTERS ? t('none') : t('empty')}
          tags={sortedTags}
          act={act}
          onRemoved={setRemoved}
          onTotal={setTotal}
          onError={onError}
        />
      </div>
      {removed && (
        <div class="toast" data-testid="sct-issue-undo">
          <span>{t('removed')}</span>
          <button
            type="button"
            onClick={() => {
              const tagging = removed;
              setRemoved(undefined);
              act(() => send('taggings.restore', { tagging }));
            }}
          >
            {t('undo')}
          </button>
          <button type="button" class="icon-button" aria-label={t('dismiss')} onClick={() => setRemoved(undefined)}>
            ×
          </button>
        </div>
      )}
    </section>
  );
}

interface BodyProps {
  filter: TaggingFilter;
  version: number;
  emptyText: string;
  tags: TagWithCounts[];
  act: (action: () => Promise<unknown>) => Promise<void>;
  onRemoved: (tagging: Tagging) => void;
  onTotal: (total: number | undefined) => void;
  onError: (error: unknown) => void;
}

/**
 * The scrolling part of the table, a component of its own so that scrolling and arriving rows re-render only the
 * rows (and only those whose data changed), never the filters or the header.
 */
function IssuesBody({ filter, version, emptyText, tags, act, onRemoved, onTotal, onError }: BodyProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [firstVisible, setFirstVisible] = useState(0);
  const [viewport, setViewport] = useState(480);
  const [, setLoaded] = useState(0);
  const [, setFrames] = useState(0);
  // Ids of the rows rendered in full last time, and when.
  const rendered = useRef(new Set<string>());
  const renderedAt = useRef(0);
  const scrolledAt = useRef(Number.NEGATIVE_INFINITY);
  const deferredBefore = useRef(false);
  // The pending animation frame that renders rows left out (one at a time).
  const upgrade = useRef(0);
  const direction = useRef<1 | -1>(1);
  const lastIndex = useRef(0);
  const previous = useRef<{ filter: TaggingFilter; blocks?: RowBlocks }>({ filter });

  // One cache per query and data version; after a data change the old rows stay on screen until fresh ones arrive.
  const blocks = useMemo(() => {
    const stale = previous.current.filter === filter ? previous.current.blocks : undefined;
    stale?.close();
    const next = new RowBlocks(
      filter,
      (count) => {
        onTotal(count);
        setLoaded((n) => n + 1);
      },
      onError,
      stale,
    );
    previous.current = { filter, blocks: next };
    return next;
  }, [filter, version, onTotal, onError]);
  useEffect(() => () => previous.current.blocks?.close(), []);

  // A new query starts at the top.
  useLayoutEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
    lastIndex.current = 0;
    setFirstVisible(0);
  }, [filter]);
  // The count shown above the table: none yet for a new query, the old one until a refresh's rows arrive.
  useLayoutEffect(() => onTotal(blocks.total), [blocks, onTotal]);

  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setViewport(element.clientHeight || 480));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const count = blocks.total;
  const visibleRows = Math.ceil(viewport / ROW_HEIGHT) + 1;
  const first = Math.max(0, firstVisible - OVERSCAN);
  const last = Math.min(count ?? BLOCK_SIZE, firstVisible + visibleRows + OVERSCAN);

  // Rows in view first, then a block's worth ahead in the direction of scrolling.
  useLayoutEffect(() => {
    blocks.want(firstVisible, firstVisible + visibleRows);
    if (direction.current > 0) blocks.want(firstVisible + visibleRows, firstVisible + visibleRows + FETCH_AHEAD);
    else blocks.want(firstVisible - FETCH_AHEAD, firstVisible);
  }, [blocks, firstVisible, visibleRows]);

  const onScroll = (event: Event) => {
    const index = Math.floor((event.currentTarget as HTMLDivElement).scrollTop / ROW_HEIGHT);
    if (index === lastIndex.current) return;
    direction.current = index > lastIndex.current ? 1 : -1;
    lastIndex.current = index;
    scrolledAt.current = performance.now();
    setFirstVisible(index);
  };

  // While scrolling (and until rows left out then are in), rows already on screen stay and new ones are rendered
  // within the frame's budget, rows in view first. Otherwise (opening, a new filter, a refresh) all at once.
  const now = performance.now();
  const budgeted = now - scrolledAt.current < SCROLLING_MS || deferredBefore.current;
  const full = new Set<string>();
  let budget = budgeted ? NEW_ROWS_PER_FRAME : Number.POSITIVE_INFINITY;
  const admit = (index: number) => {
    const row = blocks.row(index);
    if (row && (rendered.current.has(row.id) || budget-- > 0)) full.add(row.id);
  };
  const lastVisible = Math.min(last, firstVisible + visibleRows);
  for (let index = firstVisible; index < lastVisible; index++) admit(index);
  for (let index = first; index < last; index++) if (index < firstVisible || index >= lastVisible) admit(index);
  rendered.current = full;
  renderedAt.current = now;
  const deferred = budget < 0;
  deferredBefore.current = deferred;

  // Rows not loaded or not rendered yet are no elements at all: the rows' background rules their slots.
  const rows = [];
  for (let index = first; index < last; index++) {
    const row = blocks.row(index);
    if (row && full.has(row.id)) {
      rows.push(<MemoIssueRow key={row.id} index={index} row={row} tags={tags} act={act} onRemoved={onRemoved} />);
    }
  }

  // Rows left out get their turn in a later frame: one budgeted render per frame, so the next frame
  // is skipped too when this one already rendered (a scroll).
  useLayoutEffect(() => {
    if (!deferred || upgrade.current) return;
    const next = (frameStart: number) => {
      if (renderedAt.current > frameStart) {
        upgrade.current = requestAnimationFrame(next);
        return;
      }
      upgrade.current = 0;
      setFrames((n) => n + 1);
    };
    upgrade.current = requestAnimationFrame(next);
  });
  useEffect(() => () => cancelAnimationFrame(upgrade.current), []);

  return (
    <div class="grid-body" ref={scroller} data-testid="sct-issue-scroller" onScroll={onScroll}>
      {count === 0 && <p class="empty">{emptyText}</p>}
      <div class="grid-rows" style={{ height: `${(count ?? 0) * ROW_HEIGHT}px` }}>
        {rows}
      </div>
    </div>
  );
}

interface RowProps {
  index: number;
  row: TaggingRow;
  tags: TagWithCounts[];
  act: (action: () => Promise<unknown>) => Promise<void>;
  onRemoved: (tagging: Tagging) => void;
}

/** A row re-renders only when its own props change (scrolling keeps most rows as they are). */
class MemoIssueRow extends Component<RowProps> {
  shouldComponentUpdate(next: RowProps): boolean {
    const current = this.props;
    return (
      next.index !== current.index ||
      next.row !== current.row ||
      next.tags !== current.tags ||
      next.act !== current.act ||
      next.onRemoved !== current.onRemoved
    );
  }

  render(props: RowProps) {
    return <IssueRow {...props} />;
  }
}

/**
 * The start of a long text, enough to fill the cell: the browser shapes every character of a text even where it
 * is cut off, and a note can be 10,000 characters. The whole text is in the cell's title.
 */
function visiblePart(text: string): string {
  return text.length > 300 ? text.slice(0, 300) : text;
}

let dateFormat: Intl.DateTimeFormat | undefined;
/** One formatter for every row: `toLocaleString` with options builds a new one per call, which is slow. */
function shortDateTime(ms: number): string {
  dateFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });
  return dateFormat.format(ms);
}

function IssueRow({ index, row, tags, act, onRemoved }: RowProps) {
  const [editing, setEditing] = useState<'note' | 'tag'>();
  const style = { top: `${index * ROW_HEIGHT}px`, height: `${ROW_HEIGHT}px` };
  const url = safeUrl(row.pageUrl);
  const details = [
    row.title,
    row.reviewId && `#${row.reviewId}`,
    row.orderId,
    row.sku,
    row.rating ? `${row.rating}★` : '',
    row.returnReason,
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    // biome-ignore lint/a11y/useSemanticElements: virtualised ARIA row.
    <div
      class="grid-row"
      role="row"
      tabIndex={-1}
      aria-rowindex={index + 2}
      style={style}
      data-testid="sct-issue-row"
      data-tagging-id={row.id}
    >
      {/* biome-ignore lint/a11y/useSemanticElements: virtualised ARIA cell. */}
      <div class="cell c-date" role="cell" title={isoWithOffset(row.createdAt)}>
        {shortDateTime(row.createdAt)}
      </div>
      {/* biome-ignore lint/a11y/useSemanticElements: virtualised ARIA cell. */}
      <div class="cell c-tag" role="cell">
        {editing === 'tag' ? (
          <select
            aria-label={t('changeTag')}
            data-testid="sct-issue-tag-select"
            value={row.tagId}
            // biome-ignore lint/a11y/noAutofocus: the user just asked to change the tag.
            autoFocus
            onBlur={() => setEditing(undefined)}
            onKeyDown={(event) => event.key === 'Escape' && setEditing(undefined)}
            onChange={(event) => {
              const tagId = (event.currentTarget as HTMLSelectElement).value;
              setEditing(undefined);
              if (tagId && tagId !== row.tagId) act(() => send('taggings.changeTag', { id: row.id, tagId }));
            }}
          >
            {tags.map((tag) => (
              <option key={tag.id} value={tag.id}>
                {tag.path}
              </option>
            ))}
          </select>
        ) : (
          <button
            type="button"
            class="chip"
            data-testid="sct-issue-tag"
            title={t('changeTag')}
            onClick={() => setEditing('tag')}
          >
            <span class="swatch" style={{ background: row.tagColor }} />
            {row.tagPath}
          </button>
        )}
      </div>
      {/* biome-ignore lint/a11y/useSemanticElements: virtualised ARIA cell. */}
      <div class="cell c-asin" role="cell" data-testid="sct-issue-asin">
        {row.asin}
      </div>
      {/* biome-ignore lint/a11y/useSemanticElements: virtualised ARIA cell. */}
      <div class="cell c-source" role="cell">
        {t(row.source)}
      </div>
      {/* biome-ignore lint/a11y/useSemanticElements: virtualised ARIA cell. */}
      <div class="cell c-market" role="cell">
        {row.marketplace}
      </div>
      {/* biome-ignore lint/a11y/useSemanticElements: virtualised ARIA cell. */}
      <div class="cell c-text" role="cell">
        {editing === 'note' ? (
          <input
            class="note-input"
            aria-label={t('noteFor')}
            data-testid="sct-issue-note-input"
            defaultValue={row.note}
            maxLength={10_000}
            // biome-ignore lint/a11y/noAutofocus: the user just asked to edit the note.
            autoFocus
            onKeyDown={(event) => {
              if (event.key === 'Escape') setEditing(undefined);
              if (event.key === 'Enter') {
                const note = (event.currentTarget as HTMLInputElement).value;
                setEditing(undefined);
                if (note !== row.note) act(() => send('taggings.updateNote', { id: row.id, note }));
              }
            }}
            onBlur={(event) => {
              const note = (event.currentTarget as HTMLInputElement).value;
              setEditing(undefined);
              if (note !== row.note) act(() => send('taggings.updateNote', { id: row.id, note }));
            }}
          />
        ) : (
          <div class="text-lines" title={[row.snippet, row.note, details].filter(Boolean).join('\n')}>
            <span class="snippet" data-testid="sct-issue-snippet">
              {visiblePart(row.snippet || details)}
            </span>
            <span class="note" data-testid="sct-issue-note">
              {visiblePart(row.note)}
            </span>
          </div>
        )}
      </div>
      {/* biome-ignore lint/a11y/useSemanticElements: virtualised ARIA cell. */}
      <div class="cell c-actions" role="cell">
        <button
          type="button"
          class="icon-button"
          aria-label={t('editNote')}
          title={t('editNote')}
          data-testid="sct-issue-edit-note"
          onClick={() => setEditing('note')}
        >
          ✎
        </button>
        {url ? (
          <a
            class="icon-button"
            href={url}
            target="_blank"
            rel="noopener noreferrer"
            aria-label={t('open')}
            title={t('open')}
            data-testid="sct-issue-open"
          >
            ↗
          </a>
        ) : (
          <span class="icon-button" />
        )}
        <button
          type="button"
          class="icon-button danger"
          aria-label={t('remove')}
          title={t('remove')}
          data-testid="sct-issue-remove"
          onClick={() =>
            act(async () => {
              onRemoved(await send('taggings.remove', { id: row.id }));
            })
          }
        >
          ×
        </button>
      </div>
    </div>
  );
}
