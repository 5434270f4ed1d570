/**
 * The `log` provider (the default; for the demo and development): writes each message to the
 * server's log, the number masked, and "delivers" it. The demo's sign-in codes are read there, so
 * it is never for production.
 */
import { maskPhone } from '../../../domain/notification-templates.ts';
import type { NotificationProvider, OutgoingMessage, SendResult } from './provider.ts';

export type ProviderLog = (fields: Record<string, unknown>, message: string) => void;

export function logProvider(log: ProviderLog): NotificationProvider {
  return {
    name: 'log',
    async send(message: OutgoingMessage): Promise<SendResult> {
      log({ notification: message.clientReference, event: message.event, channel: message.channel, to: maskPhone(message.to), templateVersion: message.templateVersion }, message.body);
      return { providerReference: `log:${message.clientReference}` };
    },
  };
}
