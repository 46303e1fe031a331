/**
 * The messages every stage speaks, whatever channel carries them: a channel adapter (`src/channels/<name>/`) fills
 * an `Incoming` in and sends an `Outgoing` out; nothing between the two knows which channel it was.
 */

/** The platforms duban reaches people on: one adapter each under `src/channels/`. */
export const channelNames = ['wechaty', 'wecom', 'dingtalk', 'feishu'] as const;
export type ChannelName = (typeof channelNames)[number];

export interface Person {
  /** The channel's id for this person in this session; on the web protocol it changes at every login. */
  id: string;
  /**
   * The platform's stable user id (WeCom `userid`, DingTalk `staffId`, Feishu `open_id`), where the platform has one:
   * the only person id that may be stored. Absent on the web protocol, where people are known by name alone.
   */
  userId?: string;
  /**
   * Who the person is wherever it matters (admin rights, responsibility, whose 确认 a proposal waits for): `personKey`
   * of the channel's stable id for them. Absent on the web protocol, where only the bot's `remark` proves anything.
   */
  key?: string;
  /** The name duban shows: their own name on the platform (anyone can take any), or where none is sent their user id. */
  name: string;
  /** Group alias (群昵称): what people see, set by the person themselves, so never a proof of who they are. */
  alias?: string;
  /** The bot account's own remark for the contact (备注名): set by whoever runs duban, so it may name an admin. */
  remark?: string;
}

/**
 * A group on a channel. `id` is the platform's id for it (WeCom `chatid`, DingTalk `conversationId`, Feishu
 * `chat_id`); on the web protocol it changes across logins, so such a group is known by its name (topic) instead.
 */
export interface Group {
  channel: ChannelName;
  id: string;
  /** The group's name where the channel tells it (always on the web protocol); otherwise its id. */
  name: string;
  /** The group is known by `name`, not `id` (the web protocol): see `roomKey`. */
  byName?: boolean;
}

/**
 * The one string a group is stored and looked up by (bindings, proposals, conversations, notices): its name where
 * the channel's ids are not stable, else `channel:id`.
 */
export const roomKey = (group: Group): string => (group.byName ? group.name : `${group.channel}:${group.id}`);

export interface Quote {
  author: string;
  text: string;
}

export interface Incoming {
  /** The platform's message id: a message delivered twice (a reconnect, a retry) is answered once by it. */
  id: string;
  channel: ChannelName;
  /** Absent for a direct message. */
  room?: Group;
  from: Person;
  /** What was said; a voice message as the platform transcribed it; a button press as the words it stands for. */
  text: string;
  kind: 'text' | 'image' | 'file' | 'other';
  at: Date;
  /** Sent by the bot itself: some channels hand those back. */
  self: boolean;
  /** The channel knows the message @-mentions the bot (or was a press of one of its buttons). */
  mentionsBot: boolean;
  /** The bot's own names here (its account name, its group alias), to find `@name` in the text. */
  botNames: string[];
  /** A picture's or file's content, fetched only when it is kept (as evidence for an update). */
  file?: () => Promise<{ name: string; data: Buffer }>;
  /** The quoted message, where the channel hands it apart from the text (WeChat writes it into the text instead). */
  quote?: Quote;
  /** A press of a card's button (`text` is the button's), with what the channel kept of the button's `for` and `proposal`. */
  press?: { for?: string; proposal?: number };
}

/** Where a message goes: a group by its room key (with the channel's id for it, when known), or a person. */
export type Target =
  | { channel: ChannelName; room: string; roomId?: string }
  /** A person by their `Person.key`, or by the name duban knows them by (`Person.name`). */
  | { channel: ChannelName; contact: string };

/** A button on a card; pressing it is the same as typing `text` (`确认`, `取消`). */
export interface Button {
  text: string;
  /**
   * Whom it is for, by the name shown (`Person.name`), for the answer to a press by anyone else; who that is is decided
   * by whose the `proposal` is (`ownerOf`), by the name only on a card that names no proposal.
   */
  for?: string;
  /** The proposal it answers: a press of an old card answers nothing, never the newer proposal waiting now. */
  proposal?: number;
}

export interface Outgoing {
  target: Target;
  text: string;
  /** Names to @-mention; the text already says `mention(name)` where they belong. */
  mentions?: string[];
  /** Buttons to show with the text where the channel has cards; elsewhere the text alone says what to type. */
  buttons?: Button[];
  /** What the message belongs to, e.g. `notice:整改工作群:2021-07-01`. */
  ref?: string;
  /** A PNG sent as the message instead of the text (the text then only says what it shows, for the log). */
  image?: Buffer;
}

/** How a mention is written in a neutral text: `@name` then U+2005, which is also WeChat's own real @. */
export const mentionSeparator = '\u2005';
export const mention = (name: string) => `@${name}${mentionSeparator}`;

/** A person's `key`: their stable user id on the channel, which no one can type. */
export const personKey = (channel: ChannelName, userId: string) => `${channel}:${userId}`;

/** The user id a person key names, if it is a key of this channel (an admin may be named by key in the settings). */
export function userIdIn(channel: ChannelName, key: string): string | undefined {
  return key.startsWith(`${channel}:`) ? key.slice(channel.length + 1) : undefined;
}

/**
 * What a name an admin types (`授权 张三`) can be taken as on each channel: WeChat's bot account keeps its own remark
 * for a contact; WeCom sends no names, so people go by their userid; DingTalk and Feishu names are looked up among the
 * people duban has heard from.
 */
export const typedNames: Record<ChannelName, 'remark' | 'userId' | 'lookedUp'> = { wechaty: 'remark', wecom: 'userId', dingtalk: 'lookedUp', feishu: 'lookedUp' };

/** The channel and user id a person key names; undefined for anything else (a remark, a console account). */
export function splitKey(key: string): { channel: ChannelName; userId: string } | undefined {
  const channel = channelNames.find((one) => userIdIn(one, key) !== undefined);
  return channel && { channel, userId: userIdIn(channel, key)! };
}

/** A person key of some channel, not a name (`dingtalk:manager4220`). */
export const isPersonKey = (text: string) => splitKey(text) !== undefined;

/**
 * Whether an admin (as rights name them: a person key, or a remark) is reached by a direct message on this channel:
 * a key on its own channel, a remark on WeChat. Elsewhere a name could reach whoever took it.
 */
export const reachableOn = (channel: ChannelName, admin: string) =>
  isPersonKey(admin) ? userIdIn(channel, admin) !== undefined : typedNames[channel] === 'remark';

/**
 * Whose a conversation, a proposal, an update or a piece of evidence is, as stored: their `key` where the channel gives
 * one; on the web protocol `remark:` and the bot account's remark for them, else `name:` and their name, which anyone
 * can take. Each form has its own prefix, so that no name can pass for a key or a remark.
 */
export const ownerOf = (person: Person): string => person.key ?? (person.remark ? `remark:${person.remark}` : `name:${person.name}`);

/** The name people see: the group alias if there is one. */
export const displayName = (person: Person) => person.alias || person.name;

/** A channel's name as stored (bindings, the outbox): one of `channelNames`. */
export function asChannel(name: string): ChannelName {
  if (!(channelNames as readonly string[]).includes(name)) throw new Error(`unknown channel: ${name}`);
  return name as ChannelName;
}
