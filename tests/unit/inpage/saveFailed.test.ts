import { describe, expect, it } from 'vitest';
import { saveFailedMessage } from '@/components/inpage/strings';
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
});
