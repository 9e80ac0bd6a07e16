import { describe, expect, it } from 'vitest';
import { notSavedMessage, saveFailedMessage } from '@/components/inpage/strings';
import { AppError } from '@/lib/errors';
import { setLanguage } from '@/lib/i18n';

describe('in-page save errors', () => {
  it('explain a full storage in the user’s language instead of the raw error', () => {
    setLanguage('en');
    expect(saveFailedMessage(new AppError('quota-exceeded', 'QuotaExceededError: …'))).toMatch(/storage is full/);
    expect(saveFailedMessage(new AppError('not-found', 'No tag x'))).toBe('Could not save the tag: No tag x');
    setLanguage('zh_CN');
    expect(saveFailedMessage(new AppError('quota-exceeded', 'x'))).toMatch(/存储空间已满/);
    setLanguage(undefined);
  });

  it('name the tag that was not saved when a chip had to go', () => {
    setLanguage('en');
    expect(notSavedMessage('Lid > Leaks', new AppError('not-found', 'No tag x'))).toBe(
      '“Lid > Leaks” was not saved: No tag x',
    );
    expect(notSavedMessage('Lid', new AppError('quota-exceeded', 'x'))).toMatch(
      /^“Lid” was not saved: .*storage is full/,
    );
    setLanguage('zh_CN');
    expect(notSavedMessage('盖子', new Error('x'))).toBe('“盖子”未保存：x');
    setLanguage(undefined);
  });
});
