/**
 * Real carriers and messaging channels, from configuration: Twilio voice (its carrier and REST API),
 * the conversations of WhatsApp and SMS customers (through Twilio or Meta's Cloud API), and which
 * carrier our outbound calls leave on. Each inbound call or conversation becomes a session of the agent
 * its number is mapped to.
 */
import type { Carrier, CallLeg, CommandRouter, SessionActor, SessionRegistry, Store, Stt } from '@livespace/app';
import type { Logger } from 'pino';
import type { MediaPlane } from '@livespace/adapters/media/call-audio';
import { TwilioCarrier } from '@livespace/adapters/carrier-twilio/twilio.carrier';
import { twilioRest } from '@livespace/adapters/carrier-twilio/twilio.rest';
import type { SimulatorCarrier } from '@livespace/adapters/carrier-simulator/simulator.carrier';
import {
  ConversationDesk,
  type InboundChange,
  type InboundMessage,
} from '@livespace/adapters/channel-messaging/conversation-desk';
import type { MessageTransport } from '@livespace/adapters/channel-messaging/message-leg';
import {
  TWILIO_MESSAGE_STATUS_PATH,
  describeFailure,
  twilioAddress,
  type InboundTwilioMessage,
  type TwilioMessageStatus,
} from '@livespace/adapters/channel-twilio-messaging/twilio-messaging.wire';
import {
  customerId,
  type InboundWhatsApp,
  type WhatsAppStatus,
} from '@livespace/adapters/channel-whatsapp/whatsapp.wire';
import { WhatsAppClient } from '@livespace/adapters/channel-whatsapp/whatsapp.client';
import type { Config } from './config';
import type { AgentDirectory } from './agent-directory';
import type { NumberDirectory } from './number-directory';

export interface ChannelsDeps {
  config: Config;
  log: Logger;
  agents: AgentDirectory;
  numbers: NumberDirectory;
  registry: SessionRegistry;
  simulator: SimulatorCarrier;
  stt: Stt | null;
  /** Where voice calls' audio runs. */
  plane: MediaPlane;
  store: Store;
  nodeId: string;
  /** With several processes: carries a customer's message to the process that owns their conversation. */
  router(): CommandRouter | undefined;
}

/**
 * What is carried to the process that owns a customer's conversation: a Twilio message (the transport
 * is named, each process has its own), or a WhatsApp Cloud event as the webhook gave it.
 */
type Routed =
  | { op: 'message'; message: Omit<InboundMessage, 'transport'> & { via: TwilioTransport } }
  | { op: 'whatsapp'; event: InboundWhatsApp }
  | { op: 'failed'; failure: DeliveryFailure };
/** A message we sent that did not reach the customer: shown on their live conversation, wherever it lives. */
interface DeliveryFailure {
  channel: 'sms' | 'whatsapp';
  /** Every id of the customer the provider named. */
  customers: string[];
  /** The number we sent from, when the provider says (Twilio), to tell apart conversations with one customer. */
  local: string | null;
  reason: string;
}
type TwilioTransport = 'twilio-sms' | 'twilio-whatsapp';
type Customer = Pick<InboundMessage, 'channel' | 'to' | 'from' | 'alias'>;

/**
 * A new call or conversation is answered by its agent (the default agent when its number names none); null: no agent,
 * hung up.
 */
export function answerWith(agents: AgentDirectory, registry: SessionRegistry) {
  return (leg: CallLeg, meta: { agentId?: string }): SessionActor | null => {
    const agent = (meta.agentId && agents.get(meta.agentId)) || agents.fallback();
    if (!agent) {
      leg.hangup('no_agent');
      return null;
    }
    return registry.start(leg, agent);
  };
}

export function startChannels({
  config,
  log,
  agents,
  numbers,
  registry,
  simulator,
  stt,
  plane,
  store,
  nodeId,
  router,
}: ChannelsDeps) {
  const answer = answerWith(agents, registry);
  const twilioMissing = (['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'PUBLIC_URL'] as const).filter((k) => !config[k]);
  const twilioApi =
    config.TWILIO_ACCOUNT_SID && config.TWILIO_AUTH_TOKEN
      ? twilioRest({
          accountSid: config.TWILIO_ACCOUNT_SID,
          authToken: config.TWILIO_AUTH_TOKEN,
          ...(config.TWILIO_API_BASE_URL ? { apiBaseUrl: config.TWILIO_API_BASE_URL } : {}),
        })
      : null;
  const twilio =
    twilioApi && config.TWILIO_ACCOUNT_SID && config.TWILIO_AUTH_TOKEN && config.PUBLIC_URL
      ? new TwilioCarrier({
          accountSid: config.TWILIO_ACCOUNT_SID,
          authToken: config.TWILIO_AUTH_TOKEN,
          publicUrl: config.PUBLIC_URL,
          stt,
          plane,
          rest: twilioApi,
          logger: log.child({ component: 'twilio' }),
        })
      : null;
  twilio?.onIncoming(answer);
  if (twilio) log.info({ stt: stt?.name ?? 'none' }, 'twilio is configured');
  else if (twilioMissing.length < 3)
    log.warn({ missing: twilioMissing }, 'twilio is partly configured: its webhooks answer 503');

  // WhatsApp and SMS: each customer's messages are one live session until it ends or goes quiet.
  const desk = new ConversationDesk({
    idleMs: config.LIVESPACE_CONVERSATION_IDLE_MINUTES * 60_000,
    agentFor: (to, channel) => numbers.agentFor(to, channel) ?? agents.fallback()?.id,
  });
  desk.onIncoming(answer);
  // Every reply names a StatusCallback, so a reply that never reached the customer shows on their conversation.
  const statusCallback = config.PUBLIC_URL
    ? `${config.PUBLIC_URL.replace(/\/$/, '')}${TWILIO_MESSAGE_STATUS_PATH}`
    : undefined;
  const viaTwilio = (channel: 'sms' | 'whatsapp'): MessageTransport => ({
    name: channel === 'sms' ? 'Twilio SMS' : 'Twilio WhatsApp',
    // Short codes are sent to and from as they are (digits, no +), numbers as E.164.
    send: async (to, from, body) => {
      await twilioApi!.sendMessage({
        to: twilioAddress(channel, to),
        from: twilioAddress(channel, from),
        body,
        ...(statusCallback ? { statusCallback } : {}),
      });
    },
  });
  const twilioSms = viaTwilio('sms');
  const twilioWhatsApp = viaTwilio('whatsapp');
  const whatsappMissing = (
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
  const cloudTransports = new Map<string, MessageTransport>();
  const viaCloud = (phoneNumberId: string): MessageTransport => {
    let t = cloudTransports.get(phoneNumberId);
    if (!t) {
      t = {
        name: 'WhatsApp',
        send: async (to, _from, body) => (await cloud!.sendText(to, body, { from: phoneNumberId })).ids,
      };
      cloudTransports.set(phoneNumberId, t);
    }
    return t;
  };
  const transports: Record<TwilioTransport, MessageTransport> = {
    'twilio-sms': twilioSms,
    'twilio-whatsapp': twilioWhatsApp,
  };

  /**
   * Several processes: the process that owns the customer's live conversation (found in the store) takes
   * what they sent. True or false: it did (false: a delivery taken already); null: ours to take here (no
   * live conversation elsewhere, or its owner did not answer: a new one opens here).
   */
  const elsewhere = async (m: Customer, routed: Routed): Promise<boolean | null> => {
    const r = router();
    if (!r || desk.hasLive(m)) return null;
    const open = await store.liveConversationWith(m.channel, m.from).catch(() => null);
    if (!open?.owner || open.owner === nodeId) return null;
    return r.request<boolean>(open.owner, routed).catch((err: unknown) => {
      log.warn({ err, owner: open.owner }, 'the owner of a conversation did not take its message; taking it here');
      return null;
    });
  };

  /**
   * A customer's message goes to their live conversation, here or on its owner; else it opens a new one here. False: a
   * delivery taken already.
   */
  const take = async (message: Extract<Routed, { op: 'message' }>['message']): Promise<boolean> => {
    const m: InboundMessage = { ...message, transport: transports[message.via] };
    const taken = await elsewhere(m, { op: 'message', message });
    if (taken !== null) return taken;
    return desk.deliver(m).status !== 'duplicate';
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
    const taken = await elsewhere(base, { op: 'whatsapp', event: ev });
    if (taken !== null) return taken;
    if (ev.kind === 'message') return desk.deliver({ ...base, text: ev.text }).status !== 'duplicate';
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
    const d = desk.change({ ...base, change });
    if (d.status === 'not_live')
      log.info(
        { kind: ev.kind, phoneNumberId: ev.phoneNumberId },
        'a whatsapp event for a customer with no live conversation: nothing to change',
      );
    return d.status !== 'duplicate';
  };

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
  const twilioStatus = async (st: TwilioMessageStatus): Promise<void> => {
    if (st.failed)
      await deliveryFailed({ channel: st.channel, customers: [st.to], local: st.from, reason: describeFailure(st) });
  };

  /**
   * A failed delivery shows on the customer's live conversation: on this process, or carried to the one that owns it.
   * True: shown.
   */
  const deliveryFailed = async (f: DeliveryFailure): Promise<boolean> => {
    const legs = [...new Set(f.customers.flatMap((id) => desk.withCustomer(f.channel, id)))].filter(
      (leg) => f.local === null || leg.local === f.local,
    );
    for (const leg of legs) leg.deliveryFailed(f.reason);
    if (legs.length) return true;
    const shown = await elsewhere(
      { channel: f.channel, from: f.customers[0]!, to: f.local ?? '' },
      { op: 'failed', failure: f },
    );
    if (!shown)
      log.info(
        { channel: f.channel, reason: f.reason },
        'a message we sent was not delivered; its conversation is not live',
      );
    return shown === true;
  };

  return {
    twilio,
    twilioMissing,
    /**
     * A message from Twilio's messaging webhook (false for a delivery taken already), or the status of one we sent
     * (true).
     */
    fromTwilio: async (m: InboundTwilioMessage | TwilioMessageStatus): Promise<boolean> => {
      if (m.kind === 'status') {
        await twilioStatus(m);
        return true;
      }
      return fromTwilio(m);
    },
    whatsapp: {
      ready: !!cloud,
      missing: whatsappMissing,
      onEvent: fromWhatsApp,
      onStatus: async (st: WhatsAppStatus) => {
        const customers = [st.recipient.phone, st.recipient.userId].filter((id): id is string => !!id);
        if (st.status === 'failed' && customers.length)
          await deliveryFailed({ channel: 'whatsapp', customers, local: null, reason: st.error ?? 'failed' });
      },
    },
    /**
     * Our calls leave on the carrier of the number they are placed from (its mapping in /api/numbers); unmapped numbers
     * use the simulator.
     */
    outbound: {
      name: 'by-number',
      onIncoming: () => {},
      close: async () => {},
      outbound: (req) => (twilio && numbers.carrierFor(req.from) === 'twilio' ? twilio : simulator).outbound(req),
    } satisfies Carrier,
    /** A request from another process: a message for a conversation this one owns (undefined: not ours to serve). */
    serveRouted(body: unknown): Promise<boolean> | undefined {
      const b = body as Partial<Routed> & { message?: unknown; event?: unknown; failure?: unknown };
      if (b.op === 'message' && b.message) return take(b.message as Extract<Routed, { op: 'message' }>['message']);
      if (b.op === 'whatsapp' && b.event) return fromWhatsApp(b.event as InboundWhatsApp);
      if (b.op === 'failed' && b.failure) return deliveryFailed(b.failure as DeliveryFailure);
      return undefined;
    },
    async close(): Promise<void> {
      await twilio?.close();
      await desk.close();
    },
  };
}
