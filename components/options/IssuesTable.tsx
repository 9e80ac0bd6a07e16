/**
 * Every tagging in a filterable, sortable table. Rows come from the background page by page and only the rows in
 * view are rendered (fixed row height, absolute positions), so 100,000 taggings scroll smoothly.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
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
const PAGE_SIZE = 100;
const OVERSCAN = 8;

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

export function IssuesTable() {
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [tags, setTags] = useState<TagWithCounts[]>([]);
  const [marketplaces, setMarketplaces] = useState<string[]>([]);
  const [total, setTotal] = useState<number>();
  const [pages, setPages] = useState<Map<number, TaggingRow[]>>(new Map());
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(480);
  const [error, setError] = useState<string>();
  const [removed, setRemoved] = useState<Tagging>();
  const [version, setVersion] = useState(0);
  const scroller = useRef<HTMLDivElement>(null);
  const loading = useRef(new Set<string>());
  const text = useDebounced(filters.text, 250);
  const query = useMemo(() => toQuery({ ...filters, text }), [filters, text]);
  const queryKey = JSON.stringify(query);

  const loadMeta = useCallback(() => {
    send('tags.list', {}).then(setTags, () => undefined);
    send('taggings.marketplaces', {}).then(setMarketplaces, () => undefined);
  }, []);
  useEffect(loadMeta, [loadMeta]);

  // A new query (or a data change) starts from an empty page cache.
  const refresh = useCallback(() => {
    loading.current.clear();
    setPages(new Map());
    setVersion((v) => v + 1);
    loadMeta();
  }, [loadMeta]);
  useEffect(() => {
    loading.current.clear();
    setPages(new Map());
    setTotal(undefined);
    setVersion((v) => v + 1);
    if (scroller.current) scroller.current.scrollTop = 0;
    setScrollTop(0);
  }, [queryKey]);
  useDataChanged(refresh);

  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setViewport(element.clientHeight || 480));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(total ?? PAGE_SIZE, Math.ceil((scrollTop + viewport) / ROW_HEIGHT) + OVERSCAN);

  // Fetch the pages the visible rows fall on.
  useEffect(() => {
    const needed = new Set<number>();
    for (let page = Math.floor(first / PAGE_SIZE); page <= Math.floor(Math.max(first, last - 1) / PAGE_SIZE); page++) {
      needed.add(page);
    }
    const currentVersion = version;
    for (const page of needed) {
      const key = `${currentVersion}:${page}`;
      if (pages.has(page) || loading.current.has(key)) continue;
      loading.current.add(key);
      send('taggings.query', { filter: query, offset: page * PAGE_SIZE, limit: PAGE_SIZE }).then(
        (result) => {
          setTotal(result.total);
          setPages((map) => {
            const next = new Map(map);
            next.set(page, result.rows);
            return next;
          });
        },
        (e) => setError(describeError(e)),
      );
    }
  }, [first, last, version, pages, queryKey]);

  const rowAt = (index: number): TaggingRow | undefined =>
    pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];

  const set = (changes: Partial<Filters>) => setFilters((current) => ({ ...current, ...changes }));
  const sortBy = (sort: TaggingSort) =>
    setFilters((current) => ({
      ...current,
      sort,
      direction:
        current.sort === sort ? (current.direction === 'asc' ? 'desc' : 'asc') : sort === 'createdAt' ? 'desc' : 'asc',
    }));

  const sortedTags = useMemo(() => [...tags].sort((a, b) => a.path.localeCompare(b.path)), [tags]);
  const rows: { index: number; row: TaggingRow | undefined }[] = [];
  for (let index = first; index < last; index++) rows.push({ index, row: rowAt(index) });

  const act = async (action: () => Promise<unknown>) => {
    try {
      setError(undefined);
      await action();
    } catch (e) {
      setError(describeError(e));
    }
  };

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
        <div
          class="grid-body"
          ref={scroller}
          data-testid="sct-issue-scroller"
          onScroll={(event) => setScrollTop((event.currentTarget as HTMLDivElement).scrollTop)}
        >
          {total === 0 && <p class="empty">{filters === NO_FILTERS ? t('none') : t('empty')}</p>}
          <div style={{ height: `${(total ?? 0) * ROW_HEIGHT}px`, position: 'relative' }}>
            {rows.map(({ index, row }) => (
              <IssueRow
                key={row?.id ?? `i${index}`}
                index={index}
                row={row}
                tags={sortedTags}
                act={act}
                onRemoved={setRemoved}
              />
            ))}
          </div>
        </div>
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

function IssueRow({
  index,
  row,
  tags,
  act,
  onRemoved,
}: {
  index: number;
  row: TaggingRow | undefined;
  tags: TagWithCounts[];
  act: (action: () => Promise<unknown>) => Promise<void>;
  onRemoved: (tagging: Tagging) => void;
}) {
  const [editing, setEditing] = useState<'note' | 'tag'>();
  const style = { top: `${index * ROW_HEIGHT}px`, height: `${ROW_HEIGHT}px` };
  if (!row) {
    return (
      // biome-ignore lint/a11y/useSemanticElements: virtualised ARIA row.
      <div class="grid-row placeholder" role="row" tabIndex={-1} aria-rowindex={index + 2} style={style}>
        {/* biome-ignore lint/a11y/useSemanticElements: virtualised ARIA cell. */}
        <div class="cell muted" role="cell">
          …
        </div>
      </div>
    );
  }
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
        {new Date(row.createdAt).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' })}
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
              {row.snippet || details}
            </span>
            <span class="note" data-testid="sct-issue-note">
              {row.note}
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
