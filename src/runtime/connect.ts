/**
 * Wires transports to the bot and the outbox: messages in, replies queued on the channel they came from, the queue
 * sent on each channel while it is online. A transport offline keeps its messages queued; the others go on.
 */
import type { Bot, Handled } from '../bot.ts';
import type { Outbox, Send } from '../chat/outbox.ts';
import type { Sending, Transport, TransportEvents } from '../chat/transport.ts';
import { listBindings } from '../ledger/bindings.ts';
import { retryWhileBusy } from '../ledger/db.ts';
import type { Logger } from '../log.ts';
import { type ChannelName, type Incoming, reachableOn } from '../message.ts';

export interface Connection {
  transports: Transport[];
  /** Resolves when every message received so far has been handled and its replies queued. */
  settled(): Promise<void>;
}

/** Sees every message and what the bot made of it: the demo uses it to explain a silence. */
export type Observer = (incoming: Incoming, handled: Handled) => void;

export interface Hooks {
  observe?: Observer;
  /** A channel is logged in: `serve` starts the daily notices then. */
  online?: (channel: ChannelName) => void;
}

export async function connect(transports: Transport[], bot: Bot, outbox: Outbox, log: Logger, hooks: Hooks = {}): Promise<Connection> {
  const inFlight = new Set<Promise<void>>();
  const online = new Set<ChannelName>();
  // Nothing goes out, and no notice is posted, until every channel has started: one refusing its credentials stops
  // `serve` before another has said anything.
  let started = false;

  const sends = new Map(transports.map((transport) => [transport.channel, sendThrough(transport)]));
  const send: Send = async (message) => {
    const through = sends.get(message.target.channel);
    if (!through) throw new Error(`channel ${message.target.channel} is not running`);
    await through(message);
  };
  for (const { channel, capabilities } of transports) outbox.limit(channel, capabilities);
  outbox.start(send, (channel) => started && online.has(channel));

  const eventsOf = (transport: Transport): TransportEvents => ({
    deliver(arrived) {
      const work = (async () => {
        const incoming = await arrived;
        const handled = await bot.handle(incoming);
        // Queued once the database is free again, should another process hold it past the busy timeout.
        if (handled.replies.length) await retryWhileBusy(() => outbox.enqueue(handled.replies));
        hooks.observe?.(incoming, handled);
      })()
        .catch((error) => log.error({ channel: transport.channel, error: (error as Error).stack }, '处理消息出错 / failed to handle a message'))
        .finally(() => inFlight.delete(work));
      inFlight.add(work);
    },
    online() {
      online.add(transport.channel);
      if (!started) return;
      outbox.kick();
      hooks.online?.(transport.channel);
    },
    offline() {
      online.delete(transport.channel);
    },
    alertAdmins(text) {
      const admins = bot.roles.admins().filter((admin) => reachableOn(transport.channel, admin));
      outbox.enqueue(admins.map((admin) => ({ target: { channel: transport.channel, contact: admin }, text })));
    },
    boundRooms: () => listBindings(bot.db).filter((binding) => binding.channel === transport.channel).map((binding) => binding.roomTopic),
  });
  for (const transport of transports) await transport.start(eventsOf(transport));
  started = true;
  for (const channel of online) hooks.online?.(channel);
  outbox.kick();

  return {
    transports,
    settled: async () => {
      while (inFlight.size) await Promise.all(inFlight);
    },
  };
}

/**
 * The outbox's send on one transport: a picture as a picture, a message with buttons as a card, where the channel
 * can; otherwise the text.
 */
export function sendThrough(transport: Transport): Send {
  return async (message) => {
    const sending: Sending = {
      id: message.id,
      target: message.target,
      text: message.text,
      mentions: message.mentions.map((name) => ({ name })),
    };
    if (message.image && transport.sendImage) return transport.sendImage(message.target, { name: 'chart.png', data: message.image });
    if (message.buttons && transport.sendCard) return transport.sendCard({ ...sending, buttons: message.buttons });
    return transport.sendText(sending);
  };
}
