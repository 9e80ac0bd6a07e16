import { useEffect, useState } from 'preact/hooks';
import { Dialog } from '@/components/shared/Dialog';
import type { Snapshot } from '@/lib/backup/undo';
import type { MergePreview } from '@/lib/db/queries';
import type { TagWithCounts } from '@/lib/db/tags';
import { defineStrings } from '@/lib/i18n';
import { send } from '@/lib/messaging';

const t = defineStrings({
  en: {
    mergeTitle: 'Merge “{0}”',
    mergeInto: 'Merge into',
    choose: 'Choose a tag…',
    preview: '{0} taggings move into “{1}”.',
    collapsed: '{0} of them are already on the same items there and merge into one.',
    mergedTags: 'Sub-tags with the same name are merged; “{0}” is removed.',
    merge: 'Merge',
    cancel: 'Cancel',
    deleteTitle: 'Delete “{0}”',
    noTaggings: 'This tag is not used on any item.',
    hasTaggings: 'This tag is used {0} times. Where should those taggings go?',
    toParent: 'To its parent “{0}”',
    toTag: 'To another tag:',
    children: 'Its sub-tags move up one level.',
    undoHint: 'You can undo this right after.',
    delete: 'Delete',
  },
  zh_CN: {
    mergeTitle: '合并“{0}”',
    mergeInto: '合并到',
    choose: '选择标签…',
    preview: '{0} 条标记将移到“{1}”。',
    collapsed: '其中 {0} 条在目标标签的同一条目上已存在，将合并为一条。',
    mergedTags: '同名子标签会合并；“{0}”将被移除。',
    merge: '合并',
    cancel: '取消',
    deleteTitle: '删除“{0}”',
    noTaggings: '该标签未被任何条目使用。',
    hasTaggings: '该标签已被使用 {0} 次。这些标记应移到哪里？',
    toParent: '移到其父标签“{0}”',
    toTag: '移到其他标签：',
    children: '其子标签将上移一级。',
    undoHint: '操作后可立即撤销。',
    delete: '删除',
  },
});

function TagSelect({
  tags,
  excluded,
  value,
  onChange,
  testId,
  label,
}: {
  tags: TagWithCounts[];
  excluded: Set<string>;
  value: string;
  onChange: (id: string) => void;
  testId: string;
  label: string;
}) {
  const options = tags.filter((tag) => !excluded.has(tag.id)).sort((a, b) => a.path.localeCompare(b.path));
  return (
    <select
      aria-label={label}
      data-testid={testId}
      value={value}
      onChange={(event) => onChange((event.currentTarget as HTMLSelectElement).value)}
    >
      <option value="">{t('choose')}</option>
      {options.map((tag) => (
        <option key={tag.id} value={tag.id}>
          {tag.path}
        </option>
      ))}
    </select>
  );
}

export function MergeDialog({
  source,
  tags,
  excluded,
  onClose,
  onDone,
  onError,
}: {
  source: TagWithCounts;
  tags: TagWithCounts[];
  excluded: Set<string>;
  onClose: () => void;
  onDone: (target: TagWithCounts, snapshot: Snapshot) => void;
  onError: (error: unknown) => void;
}) {
  const [targetId, setTargetId] = useState('');
  const [preview, setPreview] = useState<MergePreview>();
  const [busy, setBusy] = useState(false);
  const target = tags.find((tag) => tag.id === targetId);
  useEffect(() => {
    setPreview(undefined);
    if (!targetId) return;
    let cancelled = false;
    send('tags.mergePreview', { sourceId: source.id, targetId }).then(
      (result) => !cancelled && setPreview(result),
      onError,
    );
    return () => {
      cancelled = true;
    };
  }, [targetId, source.id, onError]);
  const confirm = async () => {
    if (!target) return;
    setBusy(true);
    try {
      const snapshot = await send('tags.snapshot', { id: source.id });
      await send('tags.merge', { sourceId: source.id, targetId: target.id });
      onDone(target, snapshot);
    } catch (error) {
      onError(error);
      onClose();
    }
  };
  return (
    <Dialog title={t('mergeTitle', source.name)} onClose={onClose} testId="sct-merge-dialog">
      <div class="stack">
        <span class="muted">{t('mergeInto')}</span>
        <TagSelect
          tags={tags}
          excluded={excluded}
          value={targetId}
          onChange={setTargetId}
          testId="sct-merge-target"
          label={t('mergeInto')}
        />
      </div>
      {preview && target && (
        <div data-testid="sct-merge-preview" class="preview">
          <p>
            <b data-testid="sct-merge-count">{preview.taggings}</b> {t('preview', '', target.path).trim()}
          </p>
          {preview.collapsed > 0 && <p class="muted">{t('collapsed', preview.collapsed)}</p>}
          <p class="muted">{t('mergedTags', source.name)}</p>
          <p class="muted">{t('undoHint')}</p>
        </div>
      )}
      <div class="actions">
        <button type="button" onClick={onClose}>
          {t('cancel')}
        </button>
        <button
          type="button"
          class="primary"
          data-testid="sct-merge-confirm"
          disabled={!preview || !target || busy}
          onClick={confirm}
        >
          {t('merge')}
        </button>
      </div>
    </Dialog>
  );
}

export function DeleteDialog({
  tag,
  tags,
  excluded,
  parent,
  onClose,
  onDone,
  onError,
}: {
  tag: TagWithCounts;
  tags: TagWithCounts[];
  excluded: Set<string>;
  parent: TagWithCounts | undefined;
  onClose: () => void;
  onDone: (snapshot: Snapshot) => void;
  onError: (error: unknown) => void;
}) {
  const [choice, setChoice] = useState<'parent' | 'tag'>(parent ? 'parent' : 'tag');
  const [targetId, setTargetId] = useState('');
  const [busy, setBusy] = useState(false);
  const needsChoice = tag.own > 0;
  const ready = !needsChoice || choice === 'parent' || !!targetId;
  const confirm = async () => {
    setBusy(true);
    try {
      const snapshot = await send('tags.snapshot', { id: tag.id });
      await send('tags.delete', {
        id: tag.id,
        reassign: !needsChoice
          ? { to: 'nowhere' }
          : choice === 'parent'
            ? { to: 'parent' }
            : { to: 'tag', tagId: targetId },
      });
      onDone(snapshot);
    } catch (error) {
      onError(error);
      onClose();
    }
  };
  return (
    <Dialog title={t('deleteTitle', tag.name)} onClose={onClose} testId="sct-delete-dialog">
      {!needsChoice && <p>{t('noTaggings')}</p>}
      {needsChoice && (
        <fieldset class="choices">
          <legend>{t('hasTaggings', tag.own)}</legend>
          {parent && (
            <label class="row">
              <input
                type="radio"
                name="reassign"
                data-testid="sct-delete-to-parent"
                checked={choice === 'parent'}
                onChange={() => setChoice('parent')}
              />
              {t('toParent', parent.path)}
            </label>
          )}
          <label class="row">
            <input
              type="radio"
              name="reassign"
              data-testid="sct-delete-to-tag"
              checked={choice === 'tag'}
              onChange={() => setChoice('tag')}
            />
            {t('toTag')}
          </label>
          <TagSelect
            tags={tags}
            excluded={excluded}
            value={targetId}
            onChange={(id) => {
              setTargetId(id);
              setChoice('tag');
            }}
            testId="sct-delete-target"
            label={t('toTag')}
          />
        </fieldset>
      )}
      {tags.some((other) => other.parentId === tag.id) && <p class="muted">{t('children')}</p>}
      <p class="muted">{t('undoHint')}</p>
      <div class="actions">
        <button type="button" onClick={onClose}>
          {t('cancel')}
        </button>
        <button
          type="button"
          class="primary danger"
          data-testid="sct-delete-confirm"
          disabled={!ready || busy}
          onClick={confirm}
        >
          {t('delete')}
        </button>
      </div>
    </Dialog>
  );
}
