/**
 * The one error type of OneWindow. Every failure a caller can act on carries a stable code,
 * a Chinese message for the screen and an English one for integrators; `http/errors.ts` maps
 * the code to an HTTP status in one place.
 *
 * @example
 * throw new AppError('NOT_FOUND', { zh: '部门不存在', en: 'Department not found' });
 */
export const errorStatus = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  /** A well-formed request whose application form does not meet the item's form definition. */
  FORM_INVALID: 422,
  CALENDAR_UNKNOWN: 422,
  PAYLOAD_TOO_LARGE: 413,
  URI_TOO_LONG: 414,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  /** Something the server needs is missing where it runs (e.g. the CJK font for licence PDFs); the operator can fix it. */
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export interface BilingualMessage {
  zh: string;
  en: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly messageZh: string;
  readonly details: unknown;

  constructor(code: ErrorCode, message: BilingualMessage, details?: unknown) {
    super(message.en);
    this.name = 'AppError';
    this.code = code;
    this.messageZh = message.zh;
    this.details = details;
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
