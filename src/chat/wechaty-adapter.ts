/**
 * Wechaty behind duban's transport interface: a Wechaty message becomes an `Incoming`, a queued message is said in
 * its group or to its person. Groups are found by topic, never by a stored id; a reply goes to the very room the
 * question came from when that room still exists, and a topic two rooms share is refused, not guessed.
 */
import { FileBox } from 'file-box';
import { type Wechaty, types } from 'wechaty';
import type { Contact, Message, Room } from 'wechaty';
import type { Incoming } from './incoming.ts';
import type { QueuedMessage } from './outbox.ts';

const kinds: Partial<Record<number, Incoming['kind']>> = {
  [types.Message.Text]: 'text',
  [types.Message.Image]: 'image',
  [types.Message.Attachment]: 'file',
};

export type RoomLookup = { room: Room } | { problem: 'missing' | 'ambiguous'; count: number };

export class WechatyAdapter {
  constructor(readonly wechaty: Wechaty) {}

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
    return {
      id: message.id,
      room: room && topic !== undefined ? { id: room.id, topic } : undefined,
      from: { id: talker.id, name: talker.name(), alias: alias || undefined, remark: remark || undefined },
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

  async findRoom(topic: string, id?: string): Promise<RoomLookup> {
    if (id) {
      const room = await this.wechaty.Room.find({ id });
      if (room && (await room.topic()) === topic) return { room };
    }
    const rooms = await this.wechaty.Room.findAll({ topic });
    if (rooms.length === 1) return { room: rooms[0]! };
    return { problem: rooms.length === 0 ? 'missing' : 'ambiguous', count: rooms.length };
  }

  async #member(room: Room, name: string): Promise<Contact | undefined> {
    return (await room.member({ roomAlias: name })) ?? (await room.member({ name })) ?? undefined;
  }

  /** The outbox's send: throws when the message cannot go out now, so the outbox backs off and tries again. */
  readonly send = async (message: QueuedMessage): Promise<void> => {
    if (!this.wechaty.isLoggedIn) throw new Error('not logged in to WeChat');
    const { target } = message;
    if ('contact' in target) {
      const contact = (await this.wechaty.Contact.find({ alias: target.contact })) ?? (await this.wechaty.Contact.find({ name: target.contact }));
      if (!contact) throw new Error(`contact ${target.contact} not found`);
      await contact.say(message.text);
      return;
    }
    const found = await this.findRoom(target.room, target.roomId);
    if (!('room' in found)) throw new Error(`group ${target.room}: ${found.problem === 'missing' ? 'not found' : `${found.count} groups share this topic`}`);
    if (message.image) {
      // Base64, not a buffer: a FileBox every puppet can serialize (the service and mock puppets do).
      await found.room.say(FileBox.fromBase64(message.image.toString('base64'), 'chart.png'));
      return;
    }
    const mentioned = await Promise.all(message.mentions.map((name) => this.#member(found.room, name)));
    const ids = mentioned.filter((c): c is Contact => c !== undefined).map((c) => c.id);
    await this.wechaty.puppet.messageSendText(found.room.id, message.text, ids);
  };
}
