/**
 * Aliyun SMS (阿里云短信服务, Dysmsapi `SendSms`, API version 2017-05-25) as a provider: the RPC
 * request signed with signature version 1.0 (HMAC-SHA1 over the sorted, percent-encoded
 * parameters, key = AccessKeySecret + "&"). Aliyun sends templates registered and approved in its
 * console, so each event maps to a template code (`ALIYUN_SMS_TEMPLATES`), and the values go as
 * `TemplateParam`; the rendered text is what the message log keeps. `OutId` carries the message id,
 * so a re-send after a crash is recognisable in Aliyun's delivery reports.
 *
 * Codes: `OK` is delivered to the carrier; `isp.*` (Aliyun's side), throttling, the per-number flow
 * control `isv.BUSINESS_LIMIT_CONTROL` and an empty balance are temporary; any other `isv.*`
 * (a bad number, a template or signature not approved, missing parameters) is permanent.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { NotificationEvent } from '../../../domain/notification-templates.ts';
import { httpFailureKind, postWithTimeout, ProviderError, type NotificationProvider, type OutgoingMessage, type SendResult } from './provider.ts';

export interface AliyunSmsOptions {
  accessKeyId: string;
  accessKeySecret: string;
  /** The approved signature (签名), e.g. 一窗通. */
  signName: string;
  /** Event → approved template code (SMS_123456789). */
  templates: Partial<Record<NotificationEvent, string>>;
  /** Default https://dysmsapi.aliyuncs.com/ (a test points it at a local server). */
  endpoint?: string;
  regionId?: string;
  timeoutMs?: number;
  /** Tests fix the time and nonce. */
  now?: () => Date;
  nonce?: () => string;
}

/** RFC 3986 encoding as Aliyun's signature wants it: only A-Z a-z 0-9 - _ . ~ stay as they are. */
export function aliyunPercentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The signature of a request's parameters (without `Signature`), for method `POST` or `GET`. */
export function aliyunSignature(method: string, params: Record<string, string>, accessKeySecret: string): string {
  const canonical = Object.keys(params)
    .sort()
    .map((k) => `${aliyunPercentEncode(k)}=${aliyunPercentEncode(params[k]!)}`)
    .join('&');
  const stringToSign = `${method}&${aliyunPercentEncode('/')}&${aliyunPercentEncode(canonical)}`;
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign).digest('base64');
}

const temporaryCodes = new Set(['isv.BUSINESS_LIMIT_CONTROL', 'isv.AMOUNT_NOT_ENOUGH', 'isv.OUT_OF_SERVICE', 'ServiceUnavailable', 'InternalError']);

export function aliyunFailureKind(code: string): 'temporary' | 'permanent' {
  return code.startsWith('isp.') || code.startsWith('Throttling') || temporaryCodes.has(code) ? 'temporary' : 'permanent';
}

export function aliyunSmsProvider(options: AliyunSmsOptions): NotificationProvider {
  if (!options.accessKeyId || !options.accessKeySecret || !options.signName) throw new Error('Aliyun SMS needs ALIYUN_SMS_ACCESS_KEY_ID, ALIYUN_SMS_ACCESS_KEY_SECRET and ALIYUN_SMS_SIGN_NAME');
  const endpoint = options.endpoint ?? 'https://dysmsapi.aliyuncs.com/';
  const now = options.now ?? (() => new Date());
  const nonce = options.nonce ?? randomUUID;
  return {
    name: 'aliyun',
    async send(message: OutgoingMessage): Promise<SendResult> {
      const templateCode = options.templates[message.event];
      if (!templateCode) throw new ProviderError('permanent', 'TEMPLATE_NOT_CONFIGURED', `ALIYUN_SMS_TEMPLATES names no template code for ${message.event}`);
      const params: Record<string, string> = {
        AccessKeyId: options.accessKeyId,
        Action: 'SendSms',
        Format: 'JSON',
        OutId: message.clientReference,
        PhoneNumbers: message.to,
        RegionId: options.regionId ?? 'cn-hangzhou',
        SignName: options.signName,
        SignatureMethod: 'HMAC-SHA1',
        SignatureNonce: nonce(),
        SignatureVersion: '1.0',
        TemplateCode: templateCode,
        TemplateParam: JSON.stringify(message.params),
        Timestamp: now()
          .toISOString()
          .replace(/\.\d{3}Z$/, 'Z'),
        Version: '2017-05-25',
      };
      const signed = { ...params, Signature: aliyunSignature('POST', params, options.accessKeySecret) };
      const body = Object.entries(signed)
        .map(([k, v]) => `${aliyunPercentEncode(k)}=${aliyunPercentEncode(v)}`)
        .join('&');
      const response = await postWithTimeout(endpoint, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }, options.timeoutMs ?? 10_000);
      const text = await response.text().catch(() => '');
      let answer: { Code?: string; Message?: string; BizId?: string } = {};
      try {
        answer = JSON.parse(text) as typeof answer;
      } catch {
        throw new ProviderError(response.ok ? 'temporary' : httpFailureKind(response.status), `HTTP ${response.status}`, `Aliyun answered ${response.status} without JSON`);
      }
      if (answer.Code === 'OK') return { providerReference: answer.BizId ?? null };
      const code = answer.Code ?? `HTTP ${response.status}`;
      throw new ProviderError(answer.Code ? aliyunFailureKind(answer.Code) : httpFailureKind(response.status), code, `Aliyun ${code}: ${answer.Message ?? ''}`);
    },
  };
}
