import { AppError } from '@/lib/errors';
import { defineStrings } from '@/lib/i18n';

const t = defineStrings({
  en: {
    'duplicate-name': 'A tag with that name already exists there.',
    cycle: 'A tag cannot go under itself or its own sub-tags.',
    'invalid-name': 'Tag names cannot be empty or contain “>”.',
    'has-taggings': 'This tag has taggings: choose where they go.',
    'not-found': 'That was changed elsewhere. The view has been refreshed.',
    'invalid-import': 'The file was rejected; nothing was written.',
    'quota-exceeded':
      'The browser is out of storage space, so nothing was saved. Free some disk space (or delete old data after a backup) and try again.',
    other: 'Something went wrong: {0}',
  },
  zh_CN: {
    'duplicate-name': '该位置已有同名标签。',
    cycle: '标签不能移动到自身或其子标签之下。',
    'invalid-name': '标签名不能为空，也不能包含“>”。',
    'has-taggings': '该标签已被使用：请选择这些标记的去向。',
    'not-found': '数据已在别处更改，视图已刷新。',
    'invalid-import': '文件被拒绝，没有写入任何数据。',
    'quota-exceeded': '浏览器存储空间不足，没有保存任何内容。请释放磁盘空间（或在备份后删除旧数据）后重试。',
    other: '出错了：{0}',
  },
});

/** A user-facing sentence for an error from the background. */
export function describeError(error: unknown): string {
  if (error instanceof AppError) {
    switch (error.code) {
      case 'duplicate-name':
      case 'cycle':
      case 'invalid-name':
      case 'has-taggings':
      case 'not-found':
      case 'invalid-import':
      case 'quota-exceeded':
        return t(error.code);
      default:
        return t('other', error.message);
    }
  }
  return t('other', error instanceof Error ? error.message : String(error));
}
