/**
 * One Wechaty behind duban's `Transport`: a Wechaty message becomes an `Incoming`, a queued message is said in its
 * group or to its person. Groups are found by topic, never by a stored id (the web protocol's ids change at every
 * login); a reply goes to the very room the question came from when that room still exists, and a topic two rooms
 * share is refused, not guessed. Whoever built the Wechaty starts and stops it: the mock world, or the retrying
 * `WechatyTransport`.
 */
import { FileBox } from 'file-box';
import { type Wechaty, types } from 'wechaty';
import type { Contact, Message, Room } from 'wechaty';
import type { Capabilities, Sending, Transport, TransportEvents } from '../../chat/transport.ts';
import type { PeopleBook } from '../../ledger/people.ts';
import type { Logger } from '../../log.ts';
import { type Incoming, type Target, personKey, userIdIn } from '../../message.ts';

const kinds: Partial<Record<number, Incoming['kind']>> = {
  [types.Message.Text]: 'text',
  [types.Message.Image]: 'image',
  [types.Message.Attachment]: 'file',
};

export type RoomLookup = { room: Room } | { problem: 'missing' | 'ambiguous'; count: number };

/** How long a name's member is kept for its @: a person who left, or took another name, is mentioned as before for as long. */
const memberKeptMs = 60_000;
const membersKept = 1000;

/** The web protocol's puppets: a contact's id there is new at every login. */
const webProtocol = ['wechaty-puppet-wechat4u', 'wechaty-puppet-wechat'];

export const wechatyCapabilities = (puppet: string, maxBytes: number, perMinute: number): Capabilities => ({
  // The web protocol's messageSendText is handed the ids to @-mention and drops them: a mention is only text there.
  realMentions: puppet !== 'wechaty-puppet-wechat4u',
  markdown: false,
  images: true,
  cards: false,
  maxBytes,
  perMinute,
  groupsBy: 'name',
  peopleBy: webProtocol.includes(puppet) ? 'name' : 'id',
});

export class WechatyAdapter implements Transport {
  readonly channel = 'wechaty';

  /**
   * `people`: contact ids and names, learned from each message's talker and the people it @-mentions, as the platform
   * adapters learn theirs. Kept only where the puppet keeps ids (the web protocol's are new at every login).
   */
  constructor(
    readonly wechaty: Wechaty,
    readonly capabilities: Capabilities,
    private readonly log: Logger,
    private readonly people?: PeopleBook,
  ) {}

  /** Listens to the Wechaty: its messages, logins and logouts. */
  async start(events: TransportEvents): Promise<void> {
    const { log } = this;
    this.wechaty.on('login', (user) => {
      log.info({ user: user.name() }, '已登录微信 / logged in');
      // On the web protocol every contact has a new id after a login.
      this.#members.clear();
      void this.#checkBindings(events).catch((error) => log.error({ error: (error as Error).message }, 'binding check failed'));
      events.online();
    });
    this.wechaty.on('logout', (user) => {
      log.warn({ user: user.name() }, '已退出登录，等待重新扫码 / logged out');
      events.offline();
    });
    this.wechaty.on('message', (message) => events.deliver(this.toIncoming(message)));
  }

  async stop(): Promise<void> {}

  /** After every login the bound groups are looked up again by topic, and a missing or doubled group is reported. */
  async #checkBindings(events: TransportEvents): Promise<void> {
    for (const topic of events.boundRooms()) {
      const found = await this.findRoom(topic);
      if ('room' in found) continue;
      if (found.problem === 'missing') {
        this.log.warn({ room: topic }, '找不到已绑定的群，请确认机器人仍在群里、群名没有改动 / bound group not found');
        continue;
      }
      this.log.error({ room: topic, count: found.count }, '多个群同名，暂停该群推送 / several groups share a bound topic');
      events.alertAdmins(`有 ${found.count} 个群都叫「${topic}」，督办无法判断该往哪个群推送。请修改其中一个群名后重新绑定。`);
    }
  }

  async toIncoming(message: Message): Promise<Incoming> {
    const room = message.room();
    const talker = message.talker();
    const self = this.wechaty.currentUser;
    const [topic, alias, remark, botAlias, mentionsBot] = await Promise.all([
      room?.topic(),
      room?.alias(talker),
      talker.alias(),
      room?.alias(self),
      room && !message.self() ? message.mentionSelf() : false,
    ]);
    if (this.people && this.capabilities.peopleBy === 'id' && !message.self()) await this.#learnPeople(message, talker, self.id);
    return {
      id: message.id,
      channel: 'wechaty',
      room: room && topic !== undefined ? { channel: 'wechaty', id: room.id, name: topic, byName: true } : undefined,
      from: {
        id: talker.id,
        ...(this.capabilities.peopleBy === 'id' ? { key: personKey('wechaty', talker.id) } : {}),
        name: talker.name(),
        alias: alias || undefined,
        remark: remark || undefined,
      },
      text: message.text(),
      kind: kinds[message.type()] ?? 'other',
      at: message.date(),
      self: message.self(),
      mentionsBot,
      botNames: [self.name(), ...(botAlias ? [botAlias] : [])],
      file: async () => {
        const box = await message.toFileBox();
        return { name: box.name, data: await box.toBuffer() };
      },
    };
  }

  /**
   * The talker and everyone the message @-mentions (the puppet's mention list) but the bot, by contact id and name:
   * written only when new or renamed, so that a group's chatter writes nothing; a busy database or a puppet that
   * cannot list the mentions loses no message.
   */
  async #learnPeople(message: Message, talker: Contact, botId: string): Promise<void> {
    const people = this.people!;
    try {
      const mentioned = message.room() ? await message.mentionList() : [];
      for (const contact of [talker, ...mentioned]) {
        const name = contact.name();
        if (contact.id !== botId && name && people.nameOf(contact.id) !== name) people.remember({ userId: contact.id, name });
      }
    } catch (error) {
      this.log.warn({ messageId: message.id, error: (error as Error).message }, '记录联系人失败 / could not keep a contact');
    }
  }

  async findRoom(topic: string, id?: string): Promise<RoomLookup> {
    if (id) {
      const room = await this.wechaty.Room.find({ id });
      if (room && (await room.topic()) === topic) return { room };
    }
    const rooms = await this.wechaty.Room.findAll({ topic });
    if (rooms.length === 1) return { room: rooms[0]! };
    return { problem: rooms.length === 0 ? 'missing' : 'ambiguous', count: rooms.length };
  }

  async sendImage(target: Target, image: { name: string; data: Buffer }): Promise<void> {
    if (!this.wechaty.isLoggedIn) throw new Error('not logged in to WeChat');
    if (!('room' in target)) throw new Error('pictures go to groups only');
    const found = await this.findRoom(target.room, target.roomId);
    if (!('room' in found)) throw new Error(`group ${target.room}: ${found.problem === 'missing' ? 'not found' : `${found.count} groups share this topic`}`);
    // Base64, not a buffer: a FileBox every puppet can serialize (the service and mock puppets do).
    await found.room.say(FileBox.fromBase64(image.data.toString('base64'), image.name));
  }

  /** Who a name @-mentions in a room, kept a short while: a reply mentions the asker, and looking them up went through every member. */
  readonly #members = new Map<string, { id: string; until: number }>();

  async #memberId(room: Room, name: string): Promise<string | undefined> {
    const key = `${room.id}\n${name}`;
    const now = performance.now();
    const kept = this.#members.get(key);
    if (kept && kept.until > now) return kept.id;
    const contact = (await room.member({ roomAlias: name })) ?? (await room.member({ name })) ?? undefined;
    if (!contact) return undefined;
    if (this.#members.size >= membersKept) this.#members.clear();
    this.#members.set(key, { id: contact.id, until: now + memberKeptMs });
    return contact.id;
  }

  /** Throws when the message cannot go out now, so the outbox backs off and tries again. */
  readonly sendText = async (message: Sending): Promise<void> => {
    if (!this.wechaty.isLoggedIn) throw new Error('not logged in to WeChat');
    const { target } = message;
    if ('contact' in target) {
      const id = userIdIn('wechaty', target.contact);
      const contact = id
        ? await this.wechaty.Contact.find({ id })
        : ((await this.wechaty.Contact.find({ alias: target.contact })) ?? (await this.wechaty.Contact.find({ name: target.contact })));
      if (!contact) throw new Error(`contact ${target.contact} not found`);
      await contact.say(message.text);
      return;
    }
    const found = await this.findRoom(target.room, target.roomId);
    if (!('room' in found)) throw new Error(`group ${target.room}: ${found.problem === 'missing' ? 'not found' : `${found.count} groups share this topic`}`);
    const mentioned = await Promise.all(message.mentions.map(({ name }) => this.#memberId(found.room, name)));
    const ids = mentioned.filter((id): id is string => id !== undefined);
    await this.wechaty.puppet.messageSendText(found.room.id, message.text, ids);
  };
}
