import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { AsinInput } from '@/components/shared/AsinInput';
import { PeriodPicker, periodName } from '@/components/shared/PeriodPicker';
import { useDataChanged } from '@/components/shared/useDataChanged';
import { defineStrings } from '@/lib/i18n';
import { type Period, rangeLabel, resolvePeriod } from '@/lib/period';
import { DEFAULT_PERIOD, loadOverview, type Overview } from './overview';

const t = defineStrings({
  en: {
    title: 'After-sales Tags',
    manage: 'Manage tags',
    thisWeek: 'This week',
    lastWeek: 'Last week',
    taggings: 'taggings',
    items: 'items',
    asins: 'ASINs',
    vsLastWeek: 'vs last week',
    top: 'Top problems',
    noData: 'Nothing tagged in this period.',
    firstRun: 'No tags yet. Open a review, return or buyer message in Seller Central and click “Add tag”.',
    exportDetail: 'Detail CSV',
    exportSummary: 'Summary CSV',
    exportHint: 'Excel-ready CSV for the chosen period',
    exporting: 'Exporting… {0} / {1}',
    exported: 'Saved {0} ({1} rows)',
    allTime: 'All time',
    tags: 'tags',
    loading: 'Loading…',
    failed: 'Something went wrong: {0}',
    inPeriod: 'In period',
    own: 'own {0}',
  },
  zh_CN: {
    title: '售后标签',
    manage: '管理标签',
    thisWeek: '本周',
    lastWeek: '上周',
    taggings: '次标记',
    items: '条目',
    asins: '个 ASIN',
    vsLastWeek: '较上周',
    top: '主要问题',
    noData: '该时间段内没有标记。',
    firstRun: '还没有标签。在卖家中心打开评论、退货或买家消息，点击“添加标签”即可开始。',
    exportDetail: '明细 CSV',
    exportSummary: '汇总 CSV',
    exportHint: '按所选时间段导出，可直接用 Excel 打开',
    exporting: '正在导出… {0} / {1}',
    exported: '已保存 {0}（{1} 行）',
    allTime: '全部',
    tags: '个标签',
    loading: '加载中…',
    failed: '出错了：{0}',
    inPeriod: '所选时间段',
    own: '自身 {0}',
  },
});

function Delta({ now, before }: { now: number; before: number }) {
  const diff = now - before;
  if (diff === 0) return <span class="delta muted">±0</span>;
  const up = diff > 0;
  return (
    <span class={`delta ${up ? 'up' : 'down'}`} title={t('vsLastWeek')}>
      {up ? '▲' : '▼'} {Math.abs(diff)}
    </span>
  );
}

let exportCode:
  | Promise<
      [
        typeof import('@/lib/export/build'),
        typeof import('@/lib/export/detail'),
        typeof import('@/components/shared/download'),
      ]
    >
  | undefined;

/**
 * The export code (CSV writing), loaded once: not for the first screen, which does not need it, but as soon as the
 * popup is idle after it, so that pressing an export button does not wait for it.
 */
function loadExportCode() {
  exportCode ??= Promise.all([
    import('@/lib/export/build'),
    import('@/lib/export/detail'),
    import('@/components/shared/download'),
  ]).catch((error: unknown) => {
    exportCode = undefined; // tried again on the next press
    throw error;
  });
  return exportCode;
}

/**
 * `initial`: the first screen's data for the default period and no ASIN, asked before the first render; `ready`:
 * the same data when it was already in at the first render.
 */
export function Popup({ initial, ready }: { initial?: Promise<Overview>; ready?: Overview }) {
  const [period, setPeriod] = useState<Period>(DEFAULT_PERIOD);
  const [asin, setAsin] = useState('');
  const [overview, setOverview] = useState<Overview | undefined>(ready);
  const [error, setError] = useState<string>();
  const [progress, setProgress] = useState<{ done: number; total: number }>();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string>();
  const range = useMemo(() => resolvePeriod(period), [period]);

  const pendingInitial = useRef(initial);
  const latest = useRef(0);
  const load = useCallback(() => {
    const pending = pendingInitial.current ?? loadOverview(range, asin);
    pendingInitial.current = undefined;
    // One state update with everything (one render), and only from the latest request.
    const request = ++latest.current;
    pending.then(
      (next) => request === latest.current && setOverview(next),
      (e: Error) => request === latest.current && setError(t('failed', e.message)),
    );
  }, [range, asin]);
  const { totals, stats } = overview ?? {};
  const weeks = overview && { current: overview.current, previous: overview.previous };

  // Before the first paint (an effect would wait a frame): an answer already in shows in the first frame.
  useLayoutEffect(load, [load]);
  useDataChanged(load);
  useEffect(() => {
    const loadSoon = () => void loadExportCode().catch(() => undefined);
    if (typeof requestIdleCallback === 'function') {
      const handle = requestIdleCallback(loadSoon, { timeout: 2_000 });
      return () => cancelIdleCallback(handle);
    }
    const timer = setTimeout(loadSoon, 500);
    return () => clearTimeout(timer);
  }, []);

  const exportFile = async (kind: 'detail' | 'summary') => {
    setBusy(true);
    setMessage(undefined);
    setError(undefined);
    try {
      const [{ buildDetailCsv, buildSummaryCsv, CSV_MIME }, { exportFileName }, { saveFile }] = await loadExportCode();
      const onProgress = (done: number, total: number) => setProgress({ done, total });
      const build = kind === 'detail' ? buildDetailCsv : buildSummaryCsv;
      const built = await build(range, asin || undefined, onProgress);
      const name = exportFileName(kind, rangeLabel(range), asin || undefined);
      saveFile(name, built.parts, CSV_MIME);
      setMessage(t('exported', name, built.rows));
    } catch (e) {
      setError(t('failed', (e as Error).message));
    } finally {
      setBusy(false);
      setProgress(undefined);
    }
  };

  const maxTop = Math.max(1, ...(stats?.top.map((problem) => problem.total) ?? []));

  return (
    <main class="popup">
      <header class="row">
        <h1>{t('title')}</h1>
        <span class="spacer" />
        <a
          href={browser.runtime.getURL('/options.html')}
          target="_blank"
          rel="noopener"
          data-testid="sct-open-options"
          onClick={(event) => {
            // In the toolbar popup, open (or focus) the options tab instead of navigating the popup.
            event.preventDefault();
            browser.runtime.openOptionsPage().catch(() => window.open(browser.runtime.getURL('/options.html')));
          }}
        >
          {t('manage')} ↗
        </a>
      </header>

      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}

      <section class="weeks" aria-label={t('thisWeek')}>
        <div class="week card" data-testid="sct-this-week">
          <div class="muted">{t('thisWeek')}</div>
          <div class="big">
            <span data-testid="sct-week-taggings">{weeks?.current.taggings ?? '–'}</span> <small>{t('taggings')}</small>
            {weeks && <Delta now={weeks.current.taggings} before={weeks.previous.taggings} />}
          </div>
          <div>
            <span data-testid="sct-week-items">{weeks?.current.items ?? '–'}</span> <small>{t('items')}</small>
            {weeks && <Delta now={weeks.current.items} before={weeks.previous.items} />}
          </div>
        </div>
        <div class="week card" data-testid="sct-last-week">
          <div class="muted">{t('lastWeek')}</div>
          <div class="big">
            <span data-testid="sct-lastweek-taggings">{weeks?.previous.taggings ?? '–'}</span>{' '}
            <small>{t('taggings')}</small>
          </div>
          <div>
            <span data-testid="sct-lastweek-items">{weeks?.previous.items ?? '–'}</span> <small>{t('items')}</small>
          </div>
        </div>
      </section>

      <section class="filters">
        <PeriodPicker value={period} onChange={setPeriod} />
        <AsinInput value={asin} onChange={setAsin} />
      </section>

      <section class="period" aria-labelledby="sct-top-heading">
        <div class="row">
          <h2 id="sct-top-heading">{t('top')}</h2>
          <span class="spacer" />
          <span class="muted" data-testid="sct-period-summary">
            {periodName(period.kind)}: <b data-testid="sct-period-taggings">{stats?.taggings ?? '–'}</b> {t('taggings')}{' '}
            · <b data-testid="sct-period-items">{stats?.items ?? '–'}</b> {t('items')}
          </span>
        </div>
        {!stats && !error && <p class="muted">{t('loading')}</p>}
        {stats && stats.top.length === 0 && (
          <p class="empty" data-testid="sct-top-empty">
            {totals?.taggings === 0 ? t('firstRun') : t('noData')}
          </p>
        )}
        {stats && stats.top.length > 0 && (
          <ol class="top-list">
            {stats.top.map((problem) => (
              <li key={problem.id} data-testid="sct-top-problem" data-path={problem.path}>
                <div class="top-row">
                  <span class="swatch" style={{ background: problem.color }} />
                  <span class="name" title={problem.path}>
                    {problem.name}
                  </span>
                  <span class="count" data-testid="sct-top-count">
                    {problem.total}
                  </span>
                </div>
                <div class="bar" style={{ width: `${(problem.total / maxTop) * 100}%`, background: problem.color }} />
                {problem.children.length > 0 && (
                  <ul class="top-children">
                    {problem.children.map((child) => (
                      <li key={child.id} data-testid="sct-top-child" data-path={child.path}>
                        <span class="name" title={child.path}>
                          {child.name}
                        </span>
                        <span class="count">{child.total}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>

      <section class="exports" aria-label={t('exportHint')}>
        <div class="row">
          <button
            type="button"
            class="primary"
            data-testid="sct-export-detail"
            disabled={busy}
            onClick={() => exportFile('detail')}
          >
            ⤓ {t('exportDetail')}
          </button>
          <button type="button" data-testid="sct-export-summary" disabled={busy} onClick={() => exportFile('summary')}>
            ⤓ {t('exportSummary')}
          </button>
        </div>
        <p class="muted hint">{t('exportHint')}</p>
        {progress && (
          <div role="status" data-testid="sct-export-progress">
            <progress class="progress" max={Math.max(progress.total, 1)} value={progress.done} />
            {t('exporting', progress.done, progress.total)}
          </div>
        )}
        {message && (
          <p role="status" class="ok" data-testid="sct-export-done">
            {message}
          </p>
        )}
      </section>

      <footer class="muted" data-testid="sct-totals">
        {t('allTime')}: <span data-testid="sct-total-taggings">{totals?.taggings ?? '–'}</span> {t('taggings')} ·{' '}
        <span data-testid="sct-total-items">{totals?.items ?? '–'}</span> {t('items')} ·{' '}
        <span data-testid="sct-total-tags">{totals?.tags ?? '–'}</span> {t('tags')}
      </footer>
    </main>
  );
}
