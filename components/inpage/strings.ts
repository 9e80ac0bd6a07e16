import { defineStrings } from '@/lib/i18n';

/** Strings of the UI injected into Seller Central pages. */
export const t = defineStrings({
  en: {
    addTag: 'Add tag',
    removeTag: 'Remove tag {0}',
    removed: 'Removed “{0}”.',
    undo: 'Undo',
    pickerLabel: 'Tag this item',
    searchPlaceholder: 'Find or create a tag (Parent > Child)',
    create: 'Create “{0}”',
    noTags: 'No tags yet — type a name to create the first one.',
    noteLabel: 'Note (optional)',
    snippetLabel: 'Selected text',
    tagSelection: 'Tag selection',
    close: 'Close',
    saveFailed: 'Could not save the tag: {0}',
    storageFull: 'The browser’s storage is full, so nothing was saved. Export a backup and free some space.',
    loadFailed: 'Could not load tags: {0}',
    usedTimes: 'used {0}×',
    nothingSelected: 'Select some text first.',
    saving: 'Saving…',
    savingTag: 'Saving tag {0}…',
    notSaved: '“{0}” was not saved: {1}',
    retry: 'Retry',
  },
  zh_CN: {
    addTag: '添加标签',
    removeTag: '移除标签 {0}',
    removed: '已移除“{0}”。',
    undo: '撤销',
    pickerLabel: '为此条目添加标签',
    searchPlaceholder: '搜索或新建标签（父级 > 子级）',
    create: '新建“{0}”',
    noTags: '还没有标签——输入名称即可新建第一个。',
    noteLabel: '备注（可选）',
    snippetLabel: '选中的文字',
    tagSelection: '为选中文字添加标签',
    close: '关闭',
    saveFailed: '标签未能保存：{0}',
    storageFull: '浏览器存储空间已满，本次未保存。请先导出备份并释放空间。',
    loadFailed: '标签未能加载：{0}',
    usedTimes: '已用 {0} 次',
    nothingSelected: '请先选中一段文字。',
    saving: '正在保存…',
    savingTag: '正在保存标签 {0}…',
    notSaved: '“{0}”未保存：{1}',
    retry: '重试',
  },
});

/** The sentence to show when saving failed: a translated one for known causes, else the error's own text. */
export function saveFailedMessage(error: unknown): string {
  if (isQuotaError(error)) return t('storageFull');
  return t('saveFailed', errorText(error));
}

/** The sentence for a tag applied in a bar whose save failed (its chip is gone): names the tag that was not saved. */
export function notSavedMessage(tagPath: string, error: unknown): string {
  if (!tagPath) return saveFailedMessage(error);
  return t('notSaved', tagPath, isQuotaError(error) ? t('storageFull') : errorText(error));
}

const isQuotaError = (error: unknown) => (error as { code?: string } | null)?.code === 'quota-exceeded';
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));
