import { useEffect, useState } from 'preact/hooks';
import { defineStrings } from '@/lib/i18n';
import { send } from '@/lib/messaging';

const t = defineStrings({
  en: { title: 'After-sales Tags', taggings: 'Taggings', items: 'Items', tags: 'Tags', loading: 'Loading…' },
  zh_CN: { title: '售后标签', taggings: '标记次数', items: '条目', tags: '标签', loading: '加载中…' },
});

export function Popup() {
  const [totals, setTotals] = useState<{ tags: number; items: number; taggings: number }>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    send('stats.totals', {}).then(setTotals, (e: Error) => setError(e.message));
  }, []);
  return (
    <main>
      <h1>{t('title')}</h1>
      {error && <p role="alert">{error}</p>}
      {!totals && !error && <p>{t('loading')}</p>}
      {totals && (
        <dl data-testid="sct-totals">
          <dt>{t('taggings')}</dt>
          <dd data-testid="sct-total-taggings">{totals.taggings}</dd>
          <dt>{t('items')}</dt>
          <dd data-testid="sct-total-items">{totals.items}</dd>
          <dt>{t('tags')}</dt>
          <dd data-testid="sct-total-tags">{totals.tags}</dd>
        </dl>
      )}
    </main>
  );
}
