/**
 * The provider the environment names (docs/OPERATIONS.md):
 *
 *   NOTIFY_SMS_PROVIDER = log (default) | webhook | aliyun
 *   webhook: NOTIFY_WEBHOOK_URL, NOTIFY_WEBHOOK_SECRET
 *   aliyun:  ALIYUN_SMS_ACCESS_KEY_ID, ALIYUN_SMS_ACCESS_KEY_SECRET, ALIYUN_SMS_SIGN_NAME,
 *            ALIYUN_SMS_TEMPLATES (JSON: event → template code), ALIYUN_SMS_ENDPOINT (optional)
 *
 * Throws on a setting it cannot use, so a server never starts sending into nowhere.
 */
import { notificationEvents, type NotificationEvent } from '../../../domain/notification-templates.ts';
import { aliyunSmsProvider } from './aliyun.ts';
import { logProvider, type ProviderLog } from './log.ts';
import type { NotificationProvider } from './provider.ts';
import { webhookProvider } from './webhook.ts';

export const smsProviderNames = ['log', 'webhook', 'aliyun'] as const;

export function providerFromEnv(env: NodeJS.ProcessEnv, log: ProviderLog): NotificationProvider {
  const name = (env.NOTIFY_SMS_PROVIDER ?? 'log').trim() || 'log';
  switch (name) {
    case 'log':
      return logProvider(log);
    case 'webhook': {
      const url = env.NOTIFY_WEBHOOK_URL ?? '';
      if (!/^https?:\/\//.test(url)) throw new Error('NOTIFY_SMS_PROVIDER=webhook needs NOTIFY_WEBHOOK_URL (http or https)');
      return webhookProvider({ url, secret: env.NOTIFY_WEBHOOK_SECRET ?? '' });
    }
    case 'aliyun': {
      let templates: Partial<Record<NotificationEvent, string>>;
      try {
        templates = JSON.parse(env.ALIYUN_SMS_TEMPLATES ?? '{}') as Partial<Record<NotificationEvent, string>>;
      } catch {
        throw new Error('ALIYUN_SMS_TEMPLATES must be JSON: {"accepted":"SMS_123456789", ...}');
      }
      const unknown = Object.keys(templates).filter((k) => !(notificationEvents as readonly string[]).includes(k));
      if (unknown.length > 0) throw new Error(`ALIYUN_SMS_TEMPLATES names unknown events: ${unknown.join(', ')} (known: ${notificationEvents.join(', ')})`);
      return aliyunSmsProvider({
        accessKeyId: env.ALIYUN_SMS_ACCESS_KEY_ID ?? '',
        accessKeySecret: env.ALIYUN_SMS_ACCESS_KEY_SECRET ?? '',
        signName: env.ALIYUN_SMS_SIGN_NAME ?? '',
        templates,
        endpoint: env.ALIYUN_SMS_ENDPOINT || undefined,
      });
    }
    default:
      throw new Error(`NOTIFY_SMS_PROVIDER must be one of ${smsProviderNames.join(', ')}, not ${JSON.stringify(name)}`);
  }
}
