import { useEffect, useState } from 'preact/hooks';
import type { TagWithCounts } from '@/lib/db/tags';
import { defineStrings } from '@/lib/i18n';
import { send } from '@/lib/messaging';

const t = defineStrings({
  en: { title: 'After-sales Tags — tags', empty: 'No tags yet. Tag an item in Seller Central to start.' },
  zh_CN: { title: '售后标签 — 标签', empty: '还没有标签。在卖家中心为条目添加标签即可开始。' },
});

export function Options() {
  const [tags, setTags] = useState<TagWithCounts[]>();
  useEffect(() => {
    send('tags.list', {}).then(setTags);
  }, []);
  return (
    <main>
      <h1>{t('title')}</h1>
      {tags && tags.length === 0 && <p>{t('empty')}</p>}
      <ul>
        {tags?.map((tag) => (
          <li key={tag.id} data-testid="sct-tree-node">
            {tag.path} ({tag.own}/{tag.total})
          </li>
        ))}
      </ul>
    </main>
  );
}
