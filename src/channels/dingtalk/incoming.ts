/**
 * A DingTalk robot message (the stream's `/v1.0/im/bot/messages/get` callback) or card button press as duban's
 * `Incoming`. Groups are their `conversationId`, people their `staffId` (the org's userid: what an @ takes) with
 * their nick as name. In a group DingTalk hands the robot only messages that @ it, with the @ already taken out of
 * the text; a picture reaches it there as rich text (the @ and the picture).
 */
import { type Incoming, personKey } from '../../message.ts';

export interface RobotMessage {
  msgId: string;
  msgtype: string;
  conversationId: string;
  /** '1' a single chat, '2' a group. */
  conversationType: string;
  conversationTitle?: string;
  senderNick: string;
  senderStaffId?: string;
  senderId: string;
  createAt: number;
  sessionWebhook: string;
  sessionWebhookExpiredTime: number;
  isInAtList?: boolean;
  chatbotUserId?: string;
  /** Who the message @-mentions: the robot and anyone else (with their userid where they are of the org). */
  atUsers?: { dingtalkId: string; staffId?: string }[];
  text?: { content: string };
  content?: {
    downloadCode?: string;
    fileName?: string;
    richText?: { text?: string; type?: string; downloadCode?: string }[];
  };
}

/** The buttons duban puts on a card, by the action id the admin's card template gives them. */
export const buttonIds: Record<string, string> = { 确认: 'confirm', 取消: 'cancel' };
const buttonTexts = Object.fromEntries(Object.entries(buttonIds).map(([text, id]) => [id, text]));

export interface CardPress {
  outTrackId: string;
  userId: string;
  content: string;
}

/** The picture or file a message carries, by its download code. */
export function attachmentOf(message: RobotMessage): { downloadCode: string; name: string; kind: 'image' | 'file' } | undefined {
  if (message.msgtype === 'picture' && message.content?.downloadCode) return { downloadCode: message.content.downloadCode, name: `${message.msgId}.jpg`, kind: 'image' };
  if (message.msgtype === 'file' && message.content?.downloadCode) return { downloadCode: message.content.downloadCode, name: message.content.fileName ?? message.msgId, kind: 'file' };
  const picture = message.msgtype === 'richText' ? message.content?.richText?.find((part) => part.type === 'picture' && part.downloadCode) : undefined;
  if (picture) return { downloadCode: picture.downloadCode!, name: `${message.msgId}.jpg`, kind: 'image' };
  return undefined;
}

function textOf(message: RobotMessage): string {
  if (message.msgtype === 'text') return message.text?.content.trim() ?? '';
  if (message.msgtype === 'richText') return (message.content?.richText ?? []).map((part) => part.text ?? '').join('').trim();
  return '';
}

/**
 * The people a message @-mentions besides the robot, by userid and the name written after the @: an admin's
 * `指派 二/3 @张三` teaches duban 张三's userid. Paired in order, and only when the counts agree.
 */
export function mentionedPeople(message: RobotMessage): { userId: string; name: string }[] {
  const staff = (message.atUsers ?? []).filter((user) => user.staffId && user.dingtalkId !== message.chatbotUserId).map((user) => user.staffId!);
  const names = [...textOf(message).matchAll(/@([^\s@]+)/g)].map((match) => match[1]!);
  if (!staff.length || staff.length !== names.length) return [];
  return staff.map((userId, i) => ({ userId, name: names[i]! }));
}

export function toIncoming(message: RobotMessage, download: (code: string) => Promise<Buffer>): Incoming {
  const attachment = attachmentOf(message);
  const text = textOf(message);
  const userId = message.senderStaffId || message.senderId;
  const group = message.conversationType === '2';
  return {
    id: message.msgId,
    channel: 'dingtalk',
    ...(group ? { room: { channel: 'dingtalk', id: message.conversationId, name: message.conversationTitle || message.conversationId } } : {}),
    from: { id: userId, userId, key: personKey('dingtalk', userId), name: message.senderNick || userId },
    text,
    // A picture said with words is read as the words; a picture alone may be evidence.
    kind: attachment && !text ? attachment.kind : message.msgtype === 'text' || text ? 'text' : 'other',
    at: new Date(message.createAt),
    self: false,
    mentionsBot: group ? message.isInAtList !== false : true,
    botNames: [],
    ...(attachment ? { file: async () => ({ name: attachment.name, data: await download(attachment.downloadCode) }) } : {}),
  };
}

/**
 * `outTrackId` of a card duban sent: the outbox part's id, the proposal its buttons answer and the group, so that a
 * press after a restart still knows where it was, and a press of an old card answers nothing newer.
 */
export const cardTrackId = (sendingId: number, conversationId: string, proposal?: number) =>
  `duban.${sendingId}.${proposal === undefined ? '' : `p${proposal}.`}${conversationId}`;

/** A card button press as the words it stands for, said by the presser in the card's group; undefined if not ours. */
export function pressToIncoming(press: CardPress, at: Date, nameOf: (userId: string) => string | undefined): Incoming | undefined {
  const track = /^duban\.(\d+)\.(?:p(\d+)\.)?(.+)$/.exec(press.outTrackId);
  let actionIds: string[] = [];
  try {
    actionIds = (JSON.parse(press.content) as { cardPrivateData?: { actionIds?: string[] } }).cardPrivateData?.actionIds ?? [];
  } catch {
    return undefined;
  }
  const text = buttonTexts[actionIds[0] ?? ''];
  if (!track || !text) return undefined;
  const conversationId = track[3]!;
  return {
    // Pressing the same button twice is one answer.
    id: `card:${press.outTrackId}:${press.userId}:${actionIds[0]}`,
    channel: 'dingtalk',
    room: { channel: 'dingtalk', id: conversationId, name: conversationId },
    from: { id: press.userId, userId: press.userId, key: personKey('dingtalk', press.userId), name: nameOf(press.userId) ?? press.userId },
    text,
    kind: 'text',
    at,
    self: false,
    mentionsBot: true,
    botNames: [],
    ...(track[2] ? { press: { proposal: Number(track[2]) } } : {}),
  };
}
