/**
 * Twilio: voice (its carrier: TwiML, Media Streams, the REST API for the calls we place) and SMS and WhatsApp
 * messages through its messaging API, with their webhooks (routes/twilio.routes.ts). Needs TWILIO_ACCOUNT_SID,
 * TWILIO_AUTH_TOKEN and PUBLIC_URL (TWILIO_API_BASE_URL for Twilio-compatible carriers); without them its webhooks
 * answer 503 naming what is missing. Calls from numbers mapped to `twilio` leave on it.
 */
import { route } from '@livespace/app';
import { TwilioCarrier } from '@livespace/adapters/carrier-twilio/twilio.carrier';
import { twilioRest } from '@livespace/adapters/carrier-twilio/twilio-rest';
import type { InboundMessage } from '@livespace/adapters/channel-messaging/conversation-desk';
import type { MessageTransport } from '@livespace/adapters/channel-messaging/message-leg';
import {
  TWILIO_MESSAGE_STATUS_PATH,
  describeFailure,
  twilioAddress,
  type InboundTwilioMessage,
  type TwilioMessageStatus,
} from '@livespace/adapters/channel-twilio-messaging/twilio-messaging.wire';
import { twilioRoutes } from '../routes/twilio.routes';
import type { Plug, ServerModule } from './module';

export interface TwilioPlug extends Plug {
  /** Set when Twilio is configured (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, PUBLIC_URL). */
  twilio: TwilioCarrier | null;
}

/** Each process has its own transports: a message carried to another process names its transport. */
type TwilioTransport = 'twilio-sms' | 'twilio-whatsapp';
type CarriedMessage = Omit<InboundMessage, 'transport'> & { via: TwilioTransport };
/** A customer's message, carried to the process that owns their conversation: true when taken there. */
const MESSAGE = route<CarriedMessage, boolean>('message');

export const twilioModule: ServerModule<TwilioPlug> = {
  name: 'twilio',
  // Always: without its settings its webhooks answer 503 naming the variables to set.
  enabled: () => true,
  connect({ config, log, providers, plane, answer, messaging, numbers, agents }) {
    const missing = (['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'PUBLIC_URL'] as const).filter((k) => !config[k]);
    const api =
      config.TWILIO_ACCOUNT_SID && config.TWILIO_AUTH_TOKEN
        ? twilioRest({
            accountSid: config.TWILIO_ACCOUNT_SID,
            authToken: config.TWILIO_AUTH_TOKEN,
            ...(config.TWILIO_API_BASE_URL ? { apiBaseUrl: config.TWILIO_API_BASE_URL } : {}),
          })
        : null;
    const twilio =
      api && config.TWILIO_ACCOUNT_SID && config.TWILIO_AUTH_TOKEN && config.PUBLIC_URL
        ? new TwilioCarrier({
            accountSid: config.TWILIO_ACCOUNT_SID,
            authToken: config.TWILIO_AUTH_TOKEN,
            publicUrl: config.PUBLIC_URL,
            stt: providers.stt,
            plane,
            rest: api,
            logger: log.child({ component: 'twilio' }),
          })
        : null;
    twilio?.onIncoming(answer);
    if (twilio) log.info({ stt: providers.stt?.name ?? 'none' }, 'twilio is configured');
    else if (missing.length < 3) log.warn({ missing }, 'twilio is partly configured: its webhooks answer 503');

    // Every reply names a StatusCallback, so a reply that never reached the customer shows on their conversation.
    const statusCallback = config.PUBLIC_URL
      ? `${config.PUBLIC_URL.replace(/\/$/, '')}${TWILIO_MESSAGE_STATUS_PATH}`
      : undefined;
    const viaTwilio = (channel: 'sms' | 'whatsapp'): MessageTransport => ({
      name: channel === 'sms' ? 'Twilio SMS' : 'Twilio WhatsApp',
      // Short codes are sent to and from as they are (digits, no +), numbers as E.164.
      send: async (to, from, body) => {
        await api!.sendMessage({
          to: twilioAddress(channel, to),
          from: twilioAddress(channel, from),
          body,
          ...(statusCallback ? { statusCallback } : {}),
        });
      },
    });
    const transports: Record<TwilioTransport, MessageTransport> = {
      'twilio-sms': viaTwilio('sms'),
      'twilio-whatsapp': viaTwilio('whatsapp'),
    };

    /**
     * A customer's message goes to their live conversation, here or on its owner; else it opens a new one here. False:
     * a delivery taken already.
     */
    const take = async (message: CarriedMessage): Promise<boolean> => {
      const m: InboundMessage = { ...message, transport: transports[message.via] };
      const taken = await messaging.elsewhere(m, MESSAGE, message);
      if (taken !== null) return taken;
      return messaging.desk.deliver(m).status !== 'duplicate';
    };
    messaging.serve(MESSAGE, take);

    /**
     * A customer's message from Twilio. An alphanumeric sender ID (`MyBrand`: a company's one-way messages)
     * cannot be replied to. Decision: the message is not dropped, it opens a conversation like any other, so
     * supervisors see it, with an error line saying it cannot be answered, and that conversation ends at once
     * (end reason `unanswerable`): nothing is sent and the AI does not answer into the void. Each later message
     * from that sender is shown the same way. It is logged too.
     */
    const fromTwilio = (m: InboundTwilioMessage) => {
      const via: TwilioTransport = m.channel === 'sms' ? 'twilio-sms' : 'twilio-whatsapp';
      if (m.fromKind === 'alphanumeric') {
        log.warn(
          { sid: m.sid, from: m.from },
          'an sms from an alphanumeric sender id cannot be replied to: shown as a conversation that is not answerable',
        );
        return take({
          id: m.sid,
          channel: m.channel,
          from: m.from,
          to: m.to,
          text: m.text,
          via,
          unanswerable: `${m.from} is an alphanumeric sender ID, which cannot be replied to: this conversation is not answerable and nothing was sent`,
        });
      }
      return take({ id: m.sid, channel: m.channel, from: m.from, to: m.to, text: m.text, via, name: m.profileName });
    };

    /**
     * A status callback for a message we sent through Twilio: undelivered and failed show on the customer's live
     * conversation from that number (the transcript and the session's health), as WhatsApp Cloud failures do;
     * queued, sent, delivered and read change nothing.
     */
    const status = async (st: TwilioMessageStatus): Promise<void> => {
      if (st.failed)
        await messaging.deliveryFailed({
          channel: st.channel,
          customers: [st.to],
          local: st.from,
          reason: describeFailure(st),
        });
    };

    return {
      twilio,
      ...(twilio ? { carrier: { name: 'twilio' as const, carrier: twilio } } : {}),
      routes: (app) =>
        twilioRoutes(app, {
          carrier: twilio,
          missing,
          publicUrl: config.PUBLIC_URL,
          agentFor: (to) => numbers.agentFor(to, 'voice') ?? agents.fallback()?.id,
          // A message from Twilio's messaging webhook (false for a delivery taken already), or the status of one we
          // sent (true).
          onMessage: async (m) => {
            if (m.kind === 'status') {
              await status(m);
              return true;
            }
            return fromTwilio(m);
          },
        }),
      close: async () => {
        await twilio?.close();
      },
    };
  },
};
