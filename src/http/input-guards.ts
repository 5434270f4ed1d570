/**
 * Checks every request's input once, before any validator or handler sees it, for what no route
 * schema can express and PostgreSQL cannot store:
 *
 * - JSON nested deeper than `maxJsonDepth` is refused before it is parsed: recursive code further
 *   on (validation, the request digest of a write) would run out of stack on 100,000 levels.
 * - A NUL character or an unpaired UTF-16 surrogate in any string or key of the body, the query or
 *   the path is refused naming the field: PostgreSQL rejects both in text and jsonb.
 * - A PATCH with nothing in it is refused: there is nothing to change, and saying so beats
 *   writing an audit row for a change that did not happen.
 *
 * Uploads go through `receiveOneFile`, which turns a malformed multipart body into a clear 4xx.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../domain/errors.ts';

/** Deeper than any body the API accepts (an item's content is 4 levels), far below the stack's limit. */
export const maxJsonDepth = 64;

/**
 * Whether JSON text nests arrays and objects deeper than `limit`: one pass over the characters,
 * brackets inside strings not counted. The text need not be valid JSON (the parser judges that).
 */
export function jsonNestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character, quotes included
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** What is wrong with a string PostgreSQL would refuse, if anything. */
function textFault(text: string): 'nul' | 'surrogate' | undefined {
  if (text.includes('\u0000')) return 'nul';
  if (!text.isWellFormed()) return 'surrogate';
  return undefined;
}

interface TextFault {
  field: string;
  fault: 'nul' | 'surrogate';
}

/** A key as it may appear in a field path: its NUL or lone surrogate written as an escape, never raw. */
function printableKey(key: string): string {
  if (!textFault(key)) return key;
  return JSON.stringify(key).slice(1, -1).replaceAll('\u0000', '\\u0000');
}

/** The first string or key in `value` that PostgreSQL would refuse, with its path (`body.materials.0.name`). */
export function findTextFault(value: unknown, where: string): TextFault | undefined {
  // Iterative: a body is at most `maxJsonDepth` deep, but the query and params never went through that check.
  const stack: { value: unknown; path: string }[] = [{ value, path: where }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') {
      const fault = textFault(current);
      if (fault) return { field: path, fault };
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], path: `${path}.${i}` });
    } else if (current !== null && typeof current === 'object' && !Buffer.isBuffer(current)) {
      for (const [key, inner] of Object.entries(current)) {
        const keyFault = textFault(key);
        if (keyFault) return { field: `${path}.${printableKey(key)}`, fault: keyFault };
        stack.push({ value: inner, path: `${path}.${key}` });
      }
    }
  }
  return undefined;
}

const faultWords = {
  nul: { zh: '含有空字符(U+0000)', en: 'contains a NUL character (U+0000)' },
  surrogate: { zh: '含有无效的 Unicode 字符(未配对的代理项)', en: 'contains an unpaired UTF-16 surrogate' },
} as const;

function textFaultError({ field, fault }: TextFault): AppError {
  const words = faultWords[fault];
  return new AppError('VALIDATION_FAILED', { zh: `请求数据不符合要求:${field} ${words.zh}`, en: `Invalid request: ${field} ${words.en}` }, [{ field, message: `${field} ${words.zh}`, messageEn: `${field}: ${words.en}` }]);
}

function tooDeep(): AppError {
  return new AppError('BAD_REQUEST', {
    zh: `请求体嵌套层级过深(最多 ${maxJsonDepth} 层)`,
    en: `The JSON request body nests too deeply (at most ${maxJsonDepth} levels)`,
  });
}

function isEmptyObject(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0;
}

/**
 * Registers the guards on `app` and every route registered after it: the JSON parser with its
 * depth limit (keeping Fastify's protection against `__proto__` and `constructor` keys), and one
 * preValidation hook for text faults and empty PATCHes.
 */
export function registerInputGuards(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string; // parseAs: 'string'
    if (jsonNestsDeeperThan(text, maxJsonDepth)) {
      done(tooDeep(), undefined);
      return;
    }
    parseJson(request, text, done);
  });

  app.addHook('preValidation', async (request) => {
    const fault = findTextFault(request.params, 'params') ?? findTextFault(request.query, 'query') ?? findTextFault(request.body, 'body');
    if (fault) throw textFaultError(fault);
    if (request.method === 'PATCH' && isEmptyObject(request.body)) {
      throw new AppError('VALIDATION_FAILED', { zh: '没有要修改的内容:请至少给出一个字段', en: 'Nothing to change: give at least one field' });
    }
  });
}

export interface ReceivedFile {
  filename: string;
  mimetype: string;
  data: Buffer;
}

/** Why a multipart body could not be read, in words a person can act on. */
function multipartError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const { code, statusCode } = error as { code?: string; statusCode?: number };
  if (code === 'FST_FILES_LIMIT') return new AppError('VALIDATION_FAILED', { zh: '一次只能上传一个文件', en: 'Upload one file at a time' });
  if (code === 'FST_REQ_FILE_TOO_LARGE') return new AppError('PAYLOAD_TOO_LARGE', { zh: '文件过大', en: 'The file is too large' });
  if (statusCode === 413) return new AppError('PAYLOAD_TOO_LARGE', { zh: '表单字段过多', en: 'Too many form fields' });
  // busboy's own errors (no boundary, truncated body, malformed part header) carry no status.
  return new AppError('BAD_REQUEST', { zh: '上传的 multipart/form-data 内容不完整或格式错误', en: 'The multipart/form-data body is malformed or truncated' });
}

/**
 * Reads the one file of an upload (form field `field`): 415 if the body is not multipart, 400 if
 * it is malformed or truncated, holds no file, holds a file under another name or more than one
 * file, or the file name has a character that cannot be stored; 413 if the file is too large.
 * Other form fields are ignored.
 */
export async function receiveOneFile(request: FastifyRequest, field = 'file'): Promise<ReceivedFile> {
  if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', { zh: '请以 multipart/form-data 上传文件', en: 'Upload the file as multipart/form-data' });
  let received: ReceivedFile | undefined;
  try {
    for await (const part of request.files()) {
      if (part.fieldname !== field) throw new AppError('VALIDATION_FAILED', { zh: `请在表单字段 ${field} 中上传文件`, en: `Send the file in the form field "${field}"` });
      if (received) throw new AppError('VALIDATION_FAILED', { zh: '一次只能上传一个文件', en: 'Upload one file at a time' });
      // A part with a binary Content-Type but no filename still comes as a file, named undefined.
      received = { filename: part.filename ?? '', mimetype: part.mimetype ?? '', data: await part.toBuffer() };
    }
  } catch (error) {
    throw multipartError(error);
  }
  if (!received) throw new AppError('VALIDATION_FAILED', { zh: '没有收到文件', en: 'No file received' });
  for (const [name, text] of [
    ['filename', received.filename],
    ['mimetype', received.mimetype],
  ] as const) {
    const fault = textFault(text);
    if (fault) throw textFaultError({ field: `${field}.${name}`, fault });
  }
  return received;
}
