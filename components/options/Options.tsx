import { useEffect, useState } from 'preact/hooks';
import { defineStrings } from '@/lib/i18n';
import { DataPanel } from './DataPanel';
import { IssuesTable } from './IssuesTable';
import { TagTree } from './TagTree';

const t = defineStrings({
  en: {
    title: 'After-sales Tags',
    tags: 'Tag tree',
    issues: 'Tagged issues',
    data: 'Backup & import',
    sections: 'Sections',
  },
  zh_CN: {
    title: '售后标签',
    tags: '标签树',
    issues: '已标记问题',
    data: '备份与导入',
    sections: '栏目',
  },
});

const TABS = ['tags', 'issues', 'data'] as const;
type Tab = (typeof TABS)[number];

function tabFromHash(): Tab {
  const hash = location.hash.replace('#', '');
  return (TABS as readonly string[]).includes(hash) ? (hash as Tab) : 'tags';
}

export function Options() {
  const [tab, setTab] = useState<Tab>(tabFromHash);
  useEffect(() => {
    const onHash = () => setTab(tabFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const select = (next: Tab) => {
    history.replaceState(null, '', `#${next}`);
    setTab(next);
  };
  return (
    <main class="options">
      <header class="options-header">
        <h1>{t('title')}</h1>
        <div class="tabs" role="tablist" aria-label={t('sections')}>
          {TABS.map((id, i) => (
            <button
              key={id}
              type="button"
              role="tab"
              id={`tab-${id}`}
              aria-selected={tab === id}
              aria-controls={`panel-${id}`}
              tabIndex={tab === id ? 0 : -1}
              data-testid={`sct-tab-${id}`}
              onClick={() => select(id)}
              onKeyDown={(event) => {
                const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
                if (!step) return;
                event.preventDefault();
                const next = TABS[(i + step + TABS.length) % TABS.length];
                select(next);
                document.getElementById(`tab-${next}`)?.focus();
              }}
            >
              {t(id)}
            </button>
          ))}
        </div>
      </header>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} class="panel">
        {tab === 'tags' && <TagTree />}
        {tab === 'issues' && <IssuesTable />}
        {tab === 'data' && <DataPanel />}
      </div>
    </main>
  );
}
