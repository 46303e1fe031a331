/**
 * A WeChat world with no network: a real Wechaty on wechaty-puppet-mock, a bot account, people and groups. The demo
 * runs duban in it, and the tests talk to duban through it, so both go through the same Wechaty code as a real login.
 * Messages carry the injected clock's time, so "older than the start" means the same in every run.
 */
import { randomUUID } from 'node:crypto';
import { FileBox } from 'file-box';
import { type Wechaty, WechatyBuilder, types } from 'wechaty';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import type { Clock } from '../../clock.ts';

/**
 * A contact of the bot account. A bare name is one whose remark (备注名) the bot account set to that same name, as
 * an office does for its colleagues; `{ name }` alone is a stranger the bot account never remarked.
 */
export type MockPerson = string | { name: string; remark?: string };

export interface MockWorldOptions {
  clock: Clock;
  botName: string;
  people: MockPerson[];
  rooms: { topic: string; members: string[] }[];
}

export interface BotMessage {
  room?: string;
  to?: string;
  text: string;
}

type MockContact = InstanceType<mock.Mocker['ContactMock']>;
type MockRoom = InstanceType<mock.Mocker['RoomMock']>;

export class MockWorld {
  readonly mocker = new mock.Mocker();
  readonly puppet = new PuppetMock({ mocker: this.mocker });
  readonly wechaty: Wechaty = WechatyBuilder.build({ puppet: this.puppet });
  readonly bot: MockContact;
  readonly #people = new Map<string, MockContact>();
  readonly #rooms = new Map<string, MockRoom>();
  readonly #listeners = new Set<(message: BotMessage) => void>();

  constructor(private readonly options: MockWorldOptions) {
    this.bot = this.mocker.createContact({ name: options.botName });
    for (const person of options.people) {
      const { name, remark } = typeof person === 'string' ? { name: person, remark: person } : person;
      this.#people.set(name, this.mocker.createContact({ name, alias: remark }));
    }
    for (const room of options.rooms) this.addRoom(room.topic, room.members);
    this.wechaty.on('message', async (message) => {
      if (!message.self()) return;
      const room = message.room();
      const out: BotMessage = room ? { room: await room.topic(), text: message.text() } : { to: message.listener()?.name(), text: message.text() };
      for (const listener of this.#listeners) listener(out);
    });
  }

  /** A group; another group may share a topic, as happens in WeChat. */
  addRoom(topic: string, members: string[]): MockRoom {
    const room = this.mocker.createRoom({ topic, memberIdList: [this.bot.id, ...members.map((name) => this.person(name).id)] });
    if (!this.#rooms.has(topic)) this.#rooms.set(topic, room);
    return room;
  }

  person(name: string): MockContact {
    const person = this.#people.get(name);
    if (!person) throw new Error(`no such person in the mock world: ${name}`);
    return person;
  }

  /** The person (as first named) takes another WeChat name, as anyone can at any time; their remark stays. */
  async rename(person: string, name: string): Promise<void> {
    const { id } = this.person(person);
    this.mocker.contactPayload(id, { ...this.mocker.contactPayload(id), name });
    await (await this.wechaty.Contact.find({ id }))?.sync();
  }

  room(topic: string): MockRoom {
    const room = this.#rooms.get(topic);
    if (!room) throw new Error(`no such group in the mock world: ${topic}`);
    return room;
  }

  /** Starts Wechaty and logs the bot in: start first, then login, or the mock puppet is left half logged in. */
  async start(): Promise<void> {
    await this.wechaty.start();
    this.mocker.login(this.bot);
    while (!this.wechaty.isLoggedIn) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  async stop(): Promise<void> {
    await this.wechaty.stop();
  }

  onBotMessage(listener: (message: BotMessage) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * `name` says `text` in a group (or to the bot, without one). `@督办` in the text @-mentions the bot as the
   * WeChat client would; `mentions` are the people (as first named) the text @-mentions, picked from the member list
   * as in the client; `quote` makes it a quoted reply.
   */
  say(
    name: string,
    text: string,
    options: { room?: string | MockRoom; quote?: { author: string; text: string }; mentions?: string[]; id?: string; at?: Date } = {},
  ): string {
    const talker = this.person(name);
    const body = options.quote ? `「${options.quote.author}：${options.quote.text}」\n- - - - - - - - - - - - - - -\n${text}` : text;
    const mentionsBot = new RegExp(`@${this.options.botName}(?:[\\u2005 ]|$)`).test(text);
    const id = options.id ?? randomUUID();
    const base = { id, talkerId: talker.id, timestamp: (options.at ?? this.options.clock.now()).getTime(), type: types.Message.Text, text: body };
    const room = typeof options.room === 'string' ? this.room(options.room) : options.room;
    const payload = room
      ? { ...base, roomId: room.id, mentionIdList: [...(mentionsBot ? [this.bot.id] : []), ...(options.mentions ?? []).map((person) => this.person(person).id)] }
      : { ...base, listenerId: this.bot.id };
    return this.#deliver(payload);
  }

  /**
   * `name` sends a picture (`.jpg`, `.png`) or a file into a group. Built here rather than with the mock's own
   * `say`, which types a file by its media type and so makes a PDF or a Word file an unknown message.
   */
  send(name: string, file: { name: string; data: Buffer }, room: string): string {
    const id = randomUUID();
    this.mocker.cacheFileBoxPayload.set(id, FileBox.fromBase64(file.data.toString('base64'), file.name).toJSON());
    const type = /\.(jpe?g|png|gif)$/i.test(file.name) ? types.Message.Image : types.Message.Attachment;
    return this.#deliver({ id, talkerId: this.person(name).id, roomId: this.room(room).id, timestamp: this.options.clock.now().getTime(), type, text: file.name });
  }

  /** The message arrives at the bot as the puppet hands any message over. */
  #deliver(payload: { id: string; [field: string]: unknown }): string {
    this.mocker.MessageMock.create(payload as never);
    this.puppet.emit('message', { messageId: payload.id });
    return payload.id;
  }

  /** The transport hands the same message over again, as happens after a reconnect. */
  redeliver(messageId: string): void {
    this.puppet.emit('message', { messageId });
  }
}
