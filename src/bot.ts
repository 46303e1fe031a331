/**
 * The robot: one message in, the replies out, whatever channel carries them. Every message goes the same way
 * (filter → understand → dialog), whether it came from a group on any channel, the demo or `duban chat`; the channel
 * only delivers what this returns, through the outbox.
 */
import { InboundFilter, type SkipReason } from './chat/filter.ts';
import { type ChannelName, type Incoming, type Outgoing, displayName, mention, ownerOf, reachableOn, roomKey } from './message.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import { dateIn } from './clock.ts';
import { Dialog } from './dialog/dialog.ts';
import { dialogSettings } from './dialog/context.ts';
import { awaitsBareReply } from './dialog/bare-replies.ts';
import { awaitsEvidence, keepEvidence } from './dialog/evidence.ts';
import type { Said, Turn } from './dialog/turn.ts';
import { expireProposals, findOpenProposal, findProposal, hasExpired } from './ledger/proposals.ts';
import { discardedEvidence, removeDiscardedEvidence } from './ledger/evidence.ts';
import { Roles } from './dialog/roles.ts';
import { stripInvisible } from './text.ts';
import { findBinding } from './ledger/bindings.ts';
import { type Db, isBusy, read, write } from './ledger/db.ts';
import type { Logger } from './log.ts';
import type { Intent } from './understand/intent.ts';
import type { ModelReader } from './understand/model/reader.ts';
import { understand } from './understand/rules.ts';

export interface Handled {
  replies: Outgoing[];
  /** Why the message got no reply, when it was not for duban. */
  skipped?: SkipReason;
}

export class Bot {
  readonly roles: Roles;
  readonly #filter: InboundFilter;
  readonly #dialog: Dialog;
  /**
   * Absent without a configured model: rules only. Loaded only then: its client and tools (openai, zod) are a fifth
   * of what `duban chat` costs to start. Undefined once loaded when it could not be set up: the rules answer.
   */
  readonly #model?: Promise<ModelReader | undefined>;
  /** The last message in hand per person and chat; a later one from them waits for it. */
  readonly #queues = new Map<string, Promise<unknown>>();

  constructor(
    readonly db: Db,
    readonly clock: Clock,
    readonly config: Config,
    private readonly log: Logger,
  ) {
    this.roles = new Roles(db, config.admins, () => clock.now());
    this.#filter = new InboundFilter(db, clock, config.prefix, {
      isBound: (topic) => findBinding(db, topic) !== undefined,
      isAdmin: (person) => this.roles.isAdmin(person),
      awaitsReply: (topic, person, text) => awaitsBareReply(db, clock, config.confirmMinutes, topic, person, text),
      awaitsEvidence: (topic, person) => awaitsEvidence(db, clock, topic, person),
    });
    this.#dialog = new Dialog(db, clock, this.roles, dialogSettings(config));
    if (config.model) {
      const settings = config.model;
      this.#model = import('./understand/model/reader.ts')
        .then(({ ModelReader }) => new ModelReader(db, clock, config.timeZone, settings, log))
        .catch((error: unknown) => {
          log.error({ error: (error as Error).stack ?? String(error) }, '语言模型无法启用，按规则回答 / model could not be set up, rules answer');
          return undefined;
        });
    }
  }

  /**
   * One person's messages in one group (or direct chat) are handled in the order they came: a message that waits
   * for the model (seconds) must not be answered after, nor have its proposal replace, one they sent later. Other
   * people and other groups do not wait.
   */
  handle(incoming: Incoming): Promise<Handled> {
    const key = JSON.stringify([incoming.room ? roomKey(incoming.room) : null, incoming.from.name]);
    const run = () => this.#handle(incoming);
    // The entry goes once its chain has settled, before the caller hears of it; a failure does not stop the next.
    const handled: Promise<Handled> = (this.#queues.get(key) ?? Promise.resolve())
      .then(run, run)
      .finally(() => {
        if (this.#queues.get(key) === handled) this.#queues.delete(key);
      });
    this.#queues.set(key, handled);
    return handled;
  }

  /**
   * Closes the proposals left waiting for over an hour past their time and removes the files of evidence whose
   * proposal was never confirmed: after a message for duban that leaves some (the group's chatter and duban's own
   * messages leave nothing), and on `serve`'s schedule.
   */
  tidy(): void {
    try {
      const now = this.clock.now();
      expireProposals(this.db, expiredBefore(now), now);
      removeDiscardedEvidence(this.db, this.config.dataDir);
    } catch (error) {
      this.log.warn({ error: (error as Error).message }, '清理过期待确认更新失败，稍后再试 / tidying up failed, will retry');
    }
  }

  /** Whether `tidy` has something to do: asked inside an answer's transaction, whose lock it reads under. */
  #untidy(): boolean {
    return hasExpired(this.db, expiredBefore(this.clock.now())) || discardedEvidence(this.db).length > 0;
  }

  /** People (per chat) with a message in hand; none once everything is answered. */
  get queued(): number {
    return this.#queues.size;
  }

  async #handle(incoming: Incoming): Promise<Handled> {
    let verdict: ReturnType<InboundFilter['check']>;
    try {
      verdict = read(this.db, () => this.#filter.check(incoming));
    } catch (error) {
      // Whether it was for duban is not known: a person who asked hears that it failed, the rest of the group nothing.
      this.#logFailure(incoming, error);
      return { replies: incoming.mentionsBot ? this.#toOutgoing(incoming, [failureReply(error)]) : [] };
    }
    if (!verdict.accept) return this.#skip(incoming, verdict.reason);
    const { addressed } = verdict;
    const pressed = this.#pressRefusal(incoming);
    if (pressed) return this.#once(incoming, () => [pressed]);
    if (addressed.via === 'evidence') return this.#once(incoming, () => this.#keep(incoming));
    const length = [...addressed.body].length;
    const room = incoming.room && roomKey(incoming.room);
    if (length > this.config.inputMaxChars) {
      this.log.info({ messageId: incoming.id, room, from: incoming.from.name, length }, 'message too long');
      return this.#once(incoming, () => [tooLongReply(this.config.inputMaxChars)]);
    }
    // Control and bidi characters mean nothing to duban and would only be said back or kept in the trail.
    const body = stripInvisible(addressed.body);
    const { intent, rule } = understand(body, addressed.quote, dateIn(this.clock.now(), this.config.timeZone));
    this.log.info(
      { messageId: incoming.id, channel: incoming.channel, room, from: incoming.from.name, via: addressed.via, intent: intent.kind },
      'message',
    );
    this.log.debug({ messageId: incoming.id, rule }, 'rule');
    const turn: Turn = { room, group: incoming.room, channel: incoming.channel, person: incoming.from, isAdmin: addressed.isAdmin, messageId: incoming.id, text: body };
    const said = await this.#respond(incoming, async () => {
      const model = this.#model && (await this.#model);
      const understood = await this.#understand(turn, intent, model);
      // Everything the answer reads to decide what to write (a proposal still open, an update still waiting) is read
      // under the write lock, so another process answering at the same moment cannot record it twice; the message is
      // remembered as answered, and the exchange for the model, in the same transaction.
      let untidy = false;
      const replies = write(this.db, () => {
        if (!this.#filter.remember(incoming.id)) return undefined;
        const said = this.#dialog.respond(turn, understood.intent);
        model?.remember(turn.room ?? '', ownerOf(turn.person), body, said.flatMap((one) => (typeof one === 'string' ? [one] : 'buttons' in one ? [one.text] : [])).join('\n'));
        // Tidying is best effort: a failure to tell whether it is due must not undo the answer.
        try {
          untidy = this.#untidy();
        } catch {
          untidy = true;
        }
        return said;
      });
      if (!replies) return undefined;
      if (untidy) this.tidy();
      return [...replies, ...understood.alerts];
    });
    return said ? { replies: this.#toOutgoing(incoming, said) } : this.#skip(incoming, 'duplicate');
  }

  #skip(incoming: Incoming, reason: SkipReason): Handled {
    if (reason !== 'own') this.log.debug({ messageId: incoming.id, room: incoming.room && roomKey(incoming.room), reason }, 'skipped');
    return { replies: [], skipped: reason };
  }

  /** Replies to a message remembered as answered first; none when it already was (by another process). */
  async #once(incoming: Incoming, reply: () => Said[] | Promise<Said[]>): Promise<Handled> {
    const said = await this.#respond(incoming, async () => (this.#filter.remember(incoming.id) ? reply() : undefined));
    if (!said) return this.#skip(incoming, 'duplicate');
    this.tidy();
    return { replies: this.#toOutgoing(incoming, said) };
  }

  /**
   * Why a button press answers nothing: the proposal it answers is someone else's (by whose it is, not the name shown),
   * or it is no longer the one waiting.
   */
  #pressRefusal(incoming: Incoming): string | undefined {
    const { press } = incoming;
    if (!press) return undefined;
    if (press.proposal === undefined) return press.for !== undefined && press.for !== incoming.from.name ? pressedByOtherReply(press.for) : undefined;
    const pressed = findProposal(this.db, press.proposal);
    if (pressed && pressed.personKey !== ownerOf(incoming.from)) return pressedByOtherReply(pressed.person);
    // A direct chat's proposal waits under no room, as the dialog keeps it.
    const waiting = findOpenProposal(this.db, incoming.room ? roomKey(incoming.room) : '', ownerOf(incoming.from));
    return waiting?.id === press.proposal ? undefined : stalePressReply;
  }

  /** The rules' reading, or, where they are unsure and a model is configured, the model's; alerts for the admins. */
  async #understand(turn: Turn, intent: Intent, model: ModelReader | undefined): Promise<{ intent: Intent; alerts: Said[] }> {
    if (!model) return { intent, alerts: [] };
    // A message delivered again, and answered already, is not read again: it gets no answer.
    if (turn.messageId !== undefined && this.#filter.answered(turn.messageId)) return { intent, alerts: [] };
    const doubt = this.#dialog.unsure(turn, intent);
    if (!doubt) return { intent, alerts: [] };
    const reading = await model.read({
      ledger: doubt.ledger,
      room: turn.room ?? '',
      person: turn.person.name,
      owner: ownerOf(turn.person),
      text: turn.text ?? '',
      itemIds: doubt.itemIds,
    });
    // Every admin, granted in a group as well as configured, as the daily notice's escalations go.
    const admins = this.roles.admins(doubt.ledger.id).filter((admin) => turn.channel === undefined || reachableOn(turn.channel, admin));
    const alerts = reading.alert ? admins.map((admin): Said => ({ room: null, person: admin, text: reading.alert! })) : [];
    return { intent: reading.intent ?? intent, alerts };
  }

  /** Replies go out on the channel the message came from. */
  #toOutgoing(incoming: Incoming, said: Said[]): Outgoing[] {
    const { channel, room } = incoming;
    return said.map((one): Outgoing => {
      // Whatever of a person's words an answer repeats, no control or bidi character goes out with it.
      if (typeof one !== 'string' && 'person' in one) {
        return mentioning(channel, one.person, stripInvisible(one.text), one.room === null ? undefined : { room: one.room });
      }
      const name = displayName(incoming.from);
      const reply = mentioning(channel, name, stripInvisible(typeof one === 'string' ? one : one.text), room && { room: roomKey(room), roomId: room.id }, incoming.from.name);
      return typeof one === 'string' ? reply : { ...reply, buttons: one.buttons };
    });
  }

  async #keep(incoming: Incoming): Promise<Said[]> {
    try {
      return await keepEvidence(this.db, this.clock, this.config.dataDir, incoming);
    } catch (error) {
      this.log.error({ messageId: incoming.id, error: (error as Error).stack }, '保存佐证材料失败 / could not keep evidence');
      return ['佐证材料没有保存成功，请稍后重新发送。'];
    }
  }

  /** A bug must not leave a person waiting in silence: they are told, and the maintainers get the stack. */
  async #respond(incoming: Incoming, respond: () => Promise<Said[] | undefined>): Promise<Said[] | undefined> {
    try {
      return await respond();
    } catch (error) {
      this.#logFailure(incoming, error);
      return [failureReply(error)];
    }
  }

  #logFailure(incoming: Incoming, error: unknown): void {
    const busy = isBusy(error);
    this.log.error(
      { messageId: incoming.id, room: incoming.room && roomKey(incoming.room), error: busy ? (error as Error).message : (error as Error).stack },
      busy ? '数据库长时间被占用，消息没有处理 / database busy, message not handled' : '处理消息出错 / failed to answer',
    );
  }
}

/** A proposal left waiting for an hour past its time is closed as expired. */
const expiredBefore = (now: Date) => new Date(now.getTime() - 3_600_000);

const failureReply = (error: unknown) => (isBusy(error) ? busyReply : internalErrorReply);

/** In a group, `@name` leads the message and the name is mentioned; to a person, the message goes to them. */
export function mentioning(
  channel: ChannelName,
  name: string,
  text: string,
  room: { room: string; roomId?: string } | undefined,
  contact = name,
): Outgoing {
  if (!room) return { target: { channel, contact }, text };
  return { target: { channel, ...room }, text: `${mention(name)}${text}`, mentions: [name] };
}

export const internalErrorReply = '抱歉，督办处理这条消息时出错了，没有做任何改动。已记录错误，请稍后再试或联系管理员。';
/** Not read, so not repeated either: a wall of text pasted into a group gets one line back. */
export const tooLongReply = (max: number) => `消息太长（超过 ${max} 字），督办没有处理。请只发要问或要报的那一句，例如"公租房整改到哪一步了"。`;
export const pressedByOtherReply = (name: string) => `这是给 ${name} 的确认按钮，只有 ${name} 本人可以确认；你的按键没有记录任何内容。`;
/** A card left from an earlier proposal: pressing it must not confirm what waits now. */
export const stalePressReply = '这张卡片上的更新已经确认、取消或过期了，按键没有记录任何内容。要记录现在待确认的更新，请按最新一张卡片上的按钮，或回复"确认"。';
export const busyReply = '督办正忙（台账正在导入或写入），这条消息没有处理，也没有做任何改动。请过一分钟再发一次。';
