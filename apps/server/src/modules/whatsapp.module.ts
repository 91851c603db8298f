/**
 * Meta's WhatsApp Cloud API: its webhook (routes/whatsapp.routes.ts) and the replies, sent through the Graph API from
 * the business number the customer wrote to. Needs WHATSAPP_VERIFY_TOKEN, WHATSAPP_APP_SECRET, WHATSAPP_ACCESS_TOKEN
 * and WHATSAPP_PHONE_NUMBER_ID (WHATSAPP_API_BASE_URL for a stand-in); without them its webhook answers 503 naming
 * what is missing.
 */
import { route } from '@livespace/app';
import type { InboundChange } from '@livespace/adapters/channel-messaging/conversation-desk';
import type { MessageTransport } from '@livespace/adapters/channel-messaging/message-leg';
import { WhatsAppClient } from '@livespace/adapters/channel-whatsapp/whatsapp-client';
import {
  customerId,
  type InboundWhatsApp,
  type WhatsAppStatus,
} from '@livespace/adapters/channel-whatsapp/whatsapp.wire';
import { whatsappRoutes } from '../routes/whatsapp.routes';
import type { ServerModule } from './module';

/**
 * A WhatsApp Cloud event as the webhook gave it, carried to the process that owns the customer's conversation: true
 * when taken there.
 */
const EVENT = route<InboundWhatsApp, boolean>('whatsapp');

export const whatsappModule: ServerModule = {
  name: 'whatsapp',
  // Always: without its settings its webhook answers 503 naming the variables to set.
  enabled: () => true,
  connect({ config, log, messaging }) {
    const missing = (
      ['WHATSAPP_VERIFY_TOKEN', 'WHATSAPP_APP_SECRET', 'WHATSAPP_ACCESS_TOKEN', 'WHATSAPP_PHONE_NUMBER_ID'] as const
    ).filter((k) => !config[k]);
    const cloud =
      config.WHATSAPP_ACCESS_TOKEN && config.WHATSAPP_PHONE_NUMBER_ID
        ? new WhatsAppClient({
            accessToken: config.WHATSAPP_ACCESS_TOKEN,
            phoneNumberId: config.WHATSAPP_PHONE_NUMBER_ID,
            ...(config.WHATSAPP_API_BASE_URL ? { baseUrl: config.WHATSAPP_API_BASE_URL } : {}),
          })
        : null;
    // A reply leaves from the business number the customer wrote to (its phone number id): one transport per number.
    const transports = new Map<string, MessageTransport>();
    const viaCloud = (phoneNumberId: string): MessageTransport => {
      let t = transports.get(phoneNumberId);
      if (!t) {
        t = {
          name: 'WhatsApp',
          send: async (to, _from, body) => (await cloud!.sendText(to, body, { from: phoneNumberId })).ids,
        };
        transports.set(phoneNumberId, t);
      }
      return t;
    };

    /**
     * A WhatsApp Cloud event. A customer is named by their number, else by their user id (Meta withholds the
     * number of a user with a username); a user id given beside the number finds the same conversation. A
     * message is shown and answered; an edit, deletion or reaction changes the line it names (no answer); a
     * number change moves the live conversation to the new number; a welcome request opens a conversation the
     * agent greets (see ConversationDesk for each with no live conversation).
     */
    const fromWhatsApp = async (ev: InboundWhatsApp): Promise<boolean> => {
      const who = ev.kind === 'number_changed' ? ev.oldId : ev.customer;
      const base = {
        id: ev.id,
        channel: 'whatsapp' as const,
        from: customerId(who),
        ...(who.phone && who.userId ? { alias: who.userId } : {}),
        to: ev.displayNumber,
        name: ev.profileName,
        transport: viaCloud(ev.phoneNumberId),
      };
      const taken = await messaging.elsewhere(base, EVENT, ev);
      if (taken !== null) return taken;
      if (ev.kind === 'message') return messaging.desk.deliver({ ...base, text: ev.text }).status !== 'duplicate';
      const change: InboundChange['change'] =
        ev.kind === 'edit'
          ? { kind: 'edit', targetId: ev.targetId, text: ev.text }
          : ev.kind === 'revoke'
            ? { kind: 'revoke', targetId: ev.targetId }
            : ev.kind === 'reaction'
              ? { kind: 'reaction', targetId: ev.targetId, emoji: ev.emoji }
              : ev.kind === 'number_changed'
                ? {
                    kind: 'number_changed',
                    newId: customerId(ev.newId),
                    ...(ev.newId.phone && ev.newId.userId ? { newAlias: ev.newId.userId } : {}),
                  }
                : { kind: 'welcome' };
      const d = messaging.desk.change({ ...base, change });
      if (d.status === 'not_live')
        log.info(
          { kind: ev.kind, phoneNumberId: ev.phoneNumberId },
          'a whatsapp event for a customer with no live conversation: nothing to change',
        );
      return d.status !== 'duplicate';
    };
    messaging.serve(EVENT, fromWhatsApp);

    /** A `failed` status shows on the customer's conversation; the others change nothing. */
    const onStatus = async (st: WhatsAppStatus) => {
      const customers = [st.recipient.phone, st.recipient.userId].filter((id): id is string => !!id);
      if (st.status === 'failed' && customers.length)
        await messaging.deliveryFailed({ channel: 'whatsapp', customers, local: null, reason: st.error ?? 'failed' });
    };

    return {
      routes: (app) =>
        whatsappRoutes(app, {
          verifyToken: config.WHATSAPP_VERIFY_TOKEN,
          appSecret: config.WHATSAPP_APP_SECRET,
          ready: !!cloud,
          missing,
          onEvent: fromWhatsApp,
          onStatus,
        }),
    };
  },
};
