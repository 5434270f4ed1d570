/** Every error leaves the server here, as `{ error: { code, message, messageEn, details? } }`. */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, errorStatus, type ErrorCode } from '../domain/errors.ts';

export interface ErrorBody {
  error: { code: ErrorCode; message: string; messageEn: string; details?: unknown };
}

export function errorBody(error: AppError): ErrorBody {
  return { error: { code: error.code, message: error.messageZh, messageEn: error.message, ...(error.details === undefined ? {} : { details: error.details }) } };
}

/** An issue as fastify-type-provider-zod reports it: zod's issue code as `keyword`, its path as `instancePath`. */
interface Issue {
  keyword?: string;
  instancePath?: string;
  message?: string;
  /** `params.zh`: the Chinese words of a custom check (see `distinct` in contracts/common.ts). */
  params?: { keys?: string[]; params?: { zh?: string } };
}

const issueZh: Record<string, string> = {
  invalid_type: '类型不正确或缺少该字段',
  unrecognized_keys: '包含不允许的字段',
  too_small: '过短或过小',
  too_big: '过长或过大',
  invalid_format: '格式不正确',
  invalid_value: '取值不在允许范围内',
  invalid_union: '取值不符合任何允许的形式',
  not_multiple_of: '取值不符合步长要求',
  custom: '取值不正确',
};

/** Turns zod's issues into a list a person can act on, naming each field in both languages. */
function describeIssues(issues: Issue[], where: string): { field: string; message: string; messageEn: string }[] {
  return issues.map((issue) => {
    const path = (issue.instancePath ?? '').split('/').filter(Boolean).join('.');
    const keys = issue.params?.keys;
    const extra = issue.keyword === 'unrecognized_keys' && keys ? `: ${keys.join(', ')}` : '';
    const field = [where, path].filter(Boolean).join('.');
    return {
      field,
      message: `${field} ${issue.params?.params?.zh ?? issueZh[issue.keyword ?? ''] ?? '不正确'}${extra}`,
      messageEn: `${field}: ${issue.message ?? 'invalid'}`,
    };
  });
}

/** An error PostgreSQL (or PGlite) raised: a five-character SQLSTATE and the server's own fields. */
export function isDatabaseError(error: unknown): error is Error & { code: string; severity: string; constraint?: string } {
  const { code, severity, routine } = (error ?? {}) as { code?: unknown; severity?: unknown; routine?: unknown };
  return error instanceof Error && typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && typeof severity === 'string' && routine !== undefined;
}

/**
 * The safety net under validation: a value the database refuses is the client's input, so a 4xx,
 * not a 500. Each one means a check is missing in front of the database; `handleError` logs it as
 * an error so that it is seen and fixed there. Anything else the database says stays a 500.
 */
function fromDatabase(error: Error & { code: string }): AppError | undefined {
  const state = error.code;
  if (state === '23505') return new AppError('ALREADY_EXISTS', { zh: '与已有记录重复', en: 'This conflicts with an existing record' });
  if (state === '23503') return new AppError('REFERENCE_VIOLATION', { zh: '引用的记录不存在,或仍被其他记录引用', en: 'A record referred to does not exist, or is still referred to' });
  if (state === '23502' || state === '23514' || state === '23P01') return new AppError('VALIDATION_FAILED', { zh: '数据不符合要求', en: 'The data breaks a rule of the record' });
  // Class 22, data exception: bad text encoding, a value too long or out of range, a malformed date or number.
  if (state.startsWith('22')) return new AppError('VALIDATION_FAILED', { zh: '数据格式或取值无效', en: 'A value has an invalid form or is out of range' });
  if (state === '54000') return new AppError('VALIDATION_FAILED', { zh: '取值过长', en: 'A value is too long' });
  return undefined;
}

/** Maps any thrown value to an AppError, so one place decides the status and the words. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (isDatabaseError(error)) return fromDatabase(error) ?? new AppError('INTERNAL', { zh: '服务器内部错误,请稍后再试', en: 'Internal server error' });
  const fastifyError = error as FastifyError & { validationContext?: string };
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = fastifyError.validationContext ?? 'body';
    const details = describeIssues(error.validation as unknown as Issue[], where);
    return new AppError('VALIDATION_FAILED', { zh: `请求数据不符合要求:${details.map((d) => d.message).join(';')}`, en: `Invalid request: ${details.map((d) => d.messageEn).join('; ')}` }, details);
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('BAD_REQUEST', { zh: '请求体不是有效的 JSON', en: 'The request body is not valid JSON' });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('BAD_REQUEST', { zh: '请求体为空,但声明为 JSON', en: 'The JSON request body is empty' });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE', { zh: '请求体过大', en: 'The request body is too large' });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', { zh: '不支持的内容类型,请使用 application/json', en: 'Unsupported content type; send application/json' });
    case 'FST_ERR_BAD_URL':
      return new AppError('BAD_REQUEST', { zh: '网址格式不正确(含有无法解码的字符)', en: 'The URL is malformed (it has characters that cannot be decoded)' });
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new AppError('URI_TOO_LONG', { zh: '网址中的参数过长', en: 'A parameter in the URL is too long' });
    case 'FST_ERR_VALIDATION':
      return new AppError('VALIDATION_FAILED', { zh: '请求数据不符合要求', en: `Invalid request: ${fastifyError.message}` });
  }
  if (error instanceof SyntaxError) return new AppError('BAD_REQUEST', { zh: '请求体不是有效的 JSON', en: 'The request body is not valid JSON' });
  const status = fastifyError.statusCode;
  if (status === 429) return new AppError('RATE_LIMITED', { zh: '请求过于频繁,请稍后再试', en: 'Too many requests; try again later' });
  if (status && status >= 400 && status < 500) {
    const code = (Object.keys(errorStatus) as ErrorCode[]).find((c) => errorStatus[c] === status) ?? 'BAD_REQUEST';
    return new AppError(code, { zh: '请求无效', en: fastifyError.message || 'Bad request' });
  }
  if (isResponseSerializationError(error)) {
    return new AppError('INTERNAL', { zh: '服务器内部错误', en: 'Internal server error' });
  }
  return new AppError('INTERNAL', { zh: '服务器内部错误,请稍后再试', en: 'Internal server error' });
}

export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const appError = toAppError(error);
  if (appError.status >= 500) request.log.error({ err: error }, 'request failed');
  else if (isDatabaseError(error)) request.log.error({ err: error }, 'the database refused input that validation let through');
  else request.log.info({ code: appError.code }, appError.message);
  const retryAfter = (error as { headers?: Record<string, string> }).headers?.['retry-after'] ?? (appError.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
  if (retryAfter) void reply.header('retry-after', retryAfter);
  return reply.status(appError.status).send(errorBody(appError));
}
