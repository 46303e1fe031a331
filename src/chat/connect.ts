/**
 * Wires a Wechaty instance to the bot and the outbox: messages in, replies queued, the queue sent while logged in.
 * After every login the bound groups are looked up again by topic, and a missing or doubled group is reported.
 */
import type { Wechaty } from 'wechaty';
import type { Bot, Handled } from '../bot.ts';
import { listBindings } from '../ledger/bindings.ts';
import { retryWhileBusy } from '../ledger/db.ts';
import type { Logger } from '../log.ts';
import type { Incoming } from './incoming.ts';
import type { Outbox } from './outbox.ts';
import { WechatyAdapter } from './wechaty-adapter.ts';

export interface Connection {
  adapter: WechatyAdapter;
  /** Resolves when every message received so far has been handled and its replies queued. */
  settled(): Promise<void>;
}

/** Sees every message and what the bot made of it: the demo uses it to explain a silence. */
export type Observer = (incoming: Incoming, handled: Handled) => void;

export function connect(wechaty: Wechaty, bot: Bot, outbox: Outbox, log: Logger, observe?: Observer): Connection {
  const adapter = new WechatyAdapter(wechaty);
  const inFlight = new Set<Promise<void>>();

  const checkBindings = async () => {
    for (const binding of listBindings(bot.db)) {
      const found = await adapter.findRoom(binding.roomTopic);
      if ('room' in found) continue;
      if (found.problem === 'missing') {
        log.warn({ room: binding.roomTopic }, '找不到已绑定的群，请确认机器人仍在群里、群名没有改动 / bound group not found');
        continue;
      }
      const text = `有 ${found.count} 个群都叫「${binding.roomTopic}」，督办无法判断该往哪个群推送。请修改其中一个群名后重新绑定。`;
      log.error({ room: binding.roomTopic, count: found.count }, '多个群同名，暂停该群推送 / several groups share a bound topic');
      outbox.enqueue(bot.roles.admins().map((admin) => ({ target: { contact: admin }, text })));
    }
  };

  wechaty.on('login', (user) => {
    log.info({ user: user.name() }, '已登录微信 / logged in');
    void checkBindings().catch((error) => log.error({ error: (error as Error).message }, 'binding check failed'));
    outbox.start(adapter.send);
  });
  wechaty.on('logout', (user) => {
    log.warn({ user: user.name() }, '已退出登录，等待重新扫码 / logged out');
    outbox.stop();
  });
  wechaty.on('message', (message) => {
    const work = (async () => {
      const incoming = await adapter.toIncoming(message);
      const handled = await bot.handle(incoming);
      // Queued once the database is free again, should another process hold it past the busy timeout.
      if (handled.replies.length) await retryWhileBusy(() => outbox.enqueue(handled.replies));
      observe?.(incoming, handled);
    })()
      .catch((error) => log.error({ messageId: message.id, error: (error as Error).stack }, '处理消息出错 / failed to handle a message'))
      .finally(() => inFlight.delete(work));
    inFlight.add(work);
  });

  return {
    adapter,
    settled: async () => {
      while (inFlight.size) await Promise.all(inFlight);
    },
  };
}
