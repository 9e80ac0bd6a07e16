/** Errors the UI can show: a stable code (translated by the UI) plus details for logs. */
export type ErrorCode =
  | 'invalid-message'
  | 'unknown-message'
  | 'forbidden-sender'
  | 'not-found'
  | 'duplicate-name'
  | 'cycle'
  | 'invalid-name'
  | 'has-taggings'
  | 'invalid-import'
  | 'quota-exceeded'
  | 'internal';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
}

export function errorInfoOf(error: unknown): ErrorInfo {
  if (error instanceof AppError) return { code: error.code, message: error.message };
  const name = (error as { name?: string } | null)?.name ?? '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'QuotaExceededError' || /quota/i.test(message)) return { code: 'quota-exceeded', message };
  return { code: 'internal', message };
}
