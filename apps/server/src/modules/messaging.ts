/**
 * The conversations of WhatsApp and SMS customers, which every messaging channel's module delivers to: each customer's
 * messages are one live session until it ends or goes quiet, answered by the agent their number is mapped to. With
 * several processes, what a customer sends goes to the process that owns their live conversation, carried over the
 * bus on a route the channel's module serves (`serve`).
 */
import { route, type CommandRouter, type Route, type Store } from '@livespace/app';
import type { Logger } from 'pino';
import { ConversationDesk, type InboundMessage } from '@livespace/adapters/channel-messaging/conversation-desk';
import type { Config } from '../config';
import type { AgentDirectory } from '../agent-directory';
import type { NumberDirectory } from '../number-directory';
import type { Answer } from './module';

/** A customer as a channel names them, and the number they wrote to. */
type Customer = Pick<InboundMessage, 'channel' | 'to' | 'from' | 'alias'>;

/** A message we sent that did not reach the customer: shown on their live conversation, wherever it lives. */
interface DeliveryFailure {
  channel: 'sms' | 'whatsapp';
  /** Every id of the customer the provider named. */
  customers: string[];
  /** The number we sent from, when the provider says (Twilio), to tell apart conversations with one customer. */
  local: string | null;
  reason: string;
}

/** A failed delivery, carried to the process that owns the customer's conversation: true when shown there. */
const FAILED = route<DeliveryFailure, boolean>('failed');

export interface Messaging {
  desk: ConversationDesk;
  /**
   * Several processes: the process that owns the customer's live conversation (found in the store) takes what they
   * sent. True or false: it did (false: a delivery taken already); null: ours to take here (no live conversation
   * elsewhere, or its owner did not answer: a new one opens here).
   */
  elsewhere<Req>(m: Customer, r: Route<Req, boolean>, body: Req): Promise<boolean | null>;
  /**
   * A failed delivery shows on the customer's live conversation: on this process, or carried to the one that owns it.
   * True: shown.
   */
  deliveryFailed(f: DeliveryFailure): Promise<boolean>;
  /** Serves `r` when another process carries it here (`elsewhere`); nothing to do with a single process. */
  serve<Req>(r: Route<Req, boolean>, handle: (body: Req) => Promise<boolean>): void;
  close(): Promise<void>;
}

export interface MessagingDeps {
  config: Config;
  log: Logger;
  agents: AgentDirectory;
  numbers: NumberDirectory;
  store: Store;
  processId: string;
  answer: Answer;
  /** With several processes: carries a customer's message to the process that owns their conversation. */
  router: CommandRouter | undefined;
}

export function openMessaging({
  config,
  log,
  agents,
  numbers,
  store,
  processId,
  answer,
  router,
}: MessagingDeps): Messaging {
  const desk = new ConversationDesk({
    idleMs: config.LIVESPACE_CONVERSATION_IDLE_MINUTES * 60_000,
    agentFor: (to, channel) => numbers.agentFor(to, channel) ?? agents.fallback()?.id,
  });
  desk.onIncoming(answer);
  const elsewhere = async <Req>(m: Customer, r: Route<Req, boolean>, body: Req): Promise<boolean | null> => {
    if (!router || desk.hasLive(m)) return null;
    const open = await store.liveConversationWith(m.channel, m.from).catch(() => null);
    if (!open?.owner || open.owner === processId) return null;
    return router.request(open.owner, r, body).catch((err: unknown) => {
      log.warn({ err, owner: open.owner }, 'the owner of a conversation did not take its message; taking it here');
      return null;
    });
  };

  const deliveryFailed = async (f: DeliveryFailure): Promise<boolean> => {
    const legs = [...new Set(f.customers.flatMap((id) => desk.withCustomer(f.channel, id)))].filter(
      (leg) => f.local === null || leg.local === f.local,
    );
    for (const leg of legs) leg.deliveryFailed(f.reason);
    if (legs.length) return true;
    const shown = await elsewhere({ channel: f.channel, from: f.customers[0]!, to: f.local ?? '' }, FAILED, f);
    if (!shown)
      log.info(
        { channel: f.channel, reason: f.reason },
        'a message we sent was not delivered; its conversation is not live',
      );
    return shown === true;
  };

  const messaging: Messaging = {
    desk,
    elsewhere,
    deliveryFailed,
    serve(r, handle) {
      router?.serve(r, handle);
    },
    close: () => desk.close(),
  };
  messaging.serve(FAILED, deliveryFailed);
  return messaging;
}
