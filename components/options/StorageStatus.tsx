/**
 * Storage state in the Backup & import panel: asks the browser once to keep this extension's data persistent
 * (navigator.storage.persist(), so it is not evicted under storage pressure) and shows whether it is, with the
 * usage and quota from navigator.storage.estimate().
 */
import { useEffect, useState } from 'preact/hooks';
import { defineStrings } from '@/lib/i18n';

const t = defineStrings({
  en: {
    title: 'Storage',
    persisted: 'Persistent: the browser will not clear this data to free space.',
    notPersisted: 'Not persistent: under storage pressure the browser may clear this data. Keep a backup.',
    unsupported: 'This browser does not report its storage state.',
    usage: 'Using {0} of {1} available.',
    request: 'Ask to keep data persistent',
  },
  zh_CN: {
    title: '存储',
    persisted: '持久存储：浏览器不会为释放空间而清除这些数据。',
    notPersisted: '非持久存储：存储空间紧张时浏览器可能清除这些数据，请保留备份。',
    unsupported: '此浏览器不提供存储状态。',
    usage: '已使用 {0}，共 {1} 可用。',
    request: '申请持久存储',
  },
});

function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

interface State {
  persisted?: boolean;
  usage?: number;
  quota?: number;
}

export function StorageStatus() {
  const [state, setState] = useState<State>();
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;

  const refresh = async (ask: boolean) => {
    if (!storage) return setState({});
    let persisted = storage.persisted ? await storage.persisted().catch(() => undefined) : undefined;
    if (ask && persisted === false && storage.persist) persisted = await storage.persist().catch(() => false);
    const estimate = storage.estimate ? await storage.estimate().catch(() => undefined) : undefined;
    setState({ persisted, usage: estimate?.usage, quota: estimate?.quota });
  };

  useEffect(() => {
    void refresh(true);
  }, []);

  if (!state) return null;
  return (
    <div class="card" data-testid="sct-storage">
      <h2>{t('title')}</h2>
      <p
        class={state.persisted ? 'ok' : 'muted'}
        data-testid="sct-storage-persisted"
        data-persisted={String(!!state.persisted)}
      >
        {state.persisted === undefined ? t('unsupported') : state.persisted ? t('persisted') : t('notPersisted')}
      </p>
      {state.usage !== undefined && state.quota !== undefined && (
        <p class="muted" data-testid="sct-storage-usage">
          {t('usage', formatBytes(state.usage), formatBytes(state.quota))}
        </p>
      )}
      {state.persisted === false && storage?.persist && (
        <button type="button" data-testid="sct-storage-persist" onClick={() => void refresh(true)}>
          {t('request')}
        </button>
      )}
    </div>
  );
}
