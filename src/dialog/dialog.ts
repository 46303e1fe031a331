/**
 * Answers an understood message from the ledger. Every fact in an answer comes from the ledger; what is not there
 * is said to be not there. Long lists are paged ("更多"); a search with several good matches asks which one.
 */
import { describeWeekdays, readWeekdays } from '../weekdays.ts';
import { addDays, type Clock, dateIn, readTimeOfDay } from '../clock.ts';
import { bindRoom, findBinding, unbindRoom } from '../ledger/bindings.ts';
import type { Db } from '../ledger/db.ts';
import { listItems } from '../ledger/items.ts';
import { findLedger, listLedgers, matchLedger } from '../ledger/ledgers.ts';
import { type List, countDueWithin, countList, countOverdue, listPage, overview } from '../ledger/listings.ts';
import { searchItems } from '../ledger/search.ts';
import type { Item, Ledger } from '../ledger/types.ts';
import { hasOpenProposal } from '../ledger/proposals.ts';
import { latestUpdates } from '../ledger/updates.ts';
import type { Intent, ListFilter } from '../understand/intent.ts';
import { echo, truncate } from '../text.ts';
import {
  type Facts,
  candidatesAnswer,
  helpAnswer,
  itemAnswer,
  itemLine,
  listAnswer,
  notFoundAnswer,
  overviewAnswer,
} from './answers.ts';
import { type ConversationKey, Conversations, type More } from './conversation.ts';
import { itemByCode } from '../understand/codes.ts';
import { clearHit } from './lookup.ts';
import { Reporting, type ReportingSettings } from './reporting.ts';
import type { Roles } from './roles.ts';
import type { Said, Turn } from './turn.ts';

export interface DialogSettings extends ReportingSettings {
  timeZone: string;
  pageSize: number;
  prefix: string;
  /** HH:MM: a daily notice not sent by then is skipped, so no group's notice may be set later. */
  noticeCutoff: string;
  /** The language model consulted where the rules are not confident, if one is configured: help says so. */
  model?: string;
}

/** A message the rules are not sure of: the ledger it is about, and the items they found for it, best first. */
export interface Doubt {
  ledger: Ledger;
  itemIds: number[];
}

export class Dialog {
  readonly #conversations: Conversations;
  readonly #reporting: Reporting;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly roles: Roles,
    private readonly settings: DialogSettings,
  ) {
    this.#conversations = new Conversations(db, clock);
    this.#reporting = new Reporting(db, clock, roles, this.#conversations, settings);
  }

  #facts(): Facts {
    return { today: dateIn(this.clock.now(), this.settings.timeZone), timeZone: this.settings.timeZone };
  }

  respond(turn: Turn, intent: Intent): Said[] {
    const key: ConversationKey = { room: turn.room ?? '', person: turn.person.name };
    switch (intent.kind) {
      case 'confirm':
        return this.#reporting.confirm(turn, key);
      case 'cancel':
        return this.#reporting.cancel(key);
      case 'choose':
        return this.#reporting.choose(turn, key, intent.index);
      case 'bulk':
        return this.#reporting.bulk();
      case 'courtesy':
        // An acknowledgement (收到) needs no answer: in a group it would only add noise. But 好的 to a proposal
        // waiting for 确认 must not look like a confirmation.
        if (intent.what === 'ack') return hasOpenProposal(this.db, key.room, key.person) ? ['请回复"确认"保存，"取消"放弃。'] : [];
        return [intent.what === 'thanks' ? '不客气。' : `你好，我是督办。发"@${this.settings.prefix} 帮助"看看能问什么。`];
      case 'help':
        return [helpAnswer(this.settings.prefix, turn.isAdmin, this.settings.model) + this.#unboundNote(turn)];
      case 'bind':
        return [this.#bind(turn, intent.ledger)];
      case 'unbind':
        return [this.#unbind(turn)];
      case 'bindWebhook':
        return [this.#bindWebhook(turn, intent.key)];
      case 'noticeSchedule':
        return [this.#noticeSchedule(turn, intent.spec)];
      case 'useLedger':
        return [this.#use(turn, key, intent.ledger)];
    }
    const ledger = this.#ledgerFor(turn, key);
    if (typeof ledger === 'string') return [ledger];
    switch (intent.kind) {
      case 'overview':
        return [this.#overview(ledger)];
      case 'items':
        return [intent.codes.map((code) => this.#item(ledger, key, code)).join('\n\n')];
      case 'list':
        return [this.#list(ledger, key, intent.filter)];
      case 'search':
        return [this.#search(ledger, key, intent.query)];
      case 'more':
        return [this.#more(ledger, key)];
      case 'update':
        return this.#reporting.propose(ledger, turn, key, intent);
      case 'approve':
        return this.#reporting.approve(ledger, turn, intent.code, intent.what);
      case 'return':
        return this.#reporting.returnUpdate(ledger, turn, intent.code, intent.reason);
      case 'undo':
        return this.#reporting.undo(ledger, turn, intent.code);
      case 'assign':
        return this.#reporting.assign(ledger, turn, intent.code, intent.names);
      case 'grant':
        return this.#reporting.grant(ledger, turn, intent.name);
      case 'revoke':
        return this.#reporting.revoke(ledger, turn, intent.name);
      case 'pending':
        return this.#reporting.pending(ledger);
      case 'answer':
        return [this.#relay(ledger, key, intent.text, intent.codes)];
    }
  }

  /**
   * Whether the rules are unsure what a message means, so that a model may read it: a search that finds no item or
   * several, or a progress report whose item they cannot settle. Commands, codes and lists are never in doubt.
   * Only reads: when the rules answer after all, they answer as if never asked.
   */
  unsure(turn: Turn, intent: Intent): Doubt | undefined {
    if (intent.kind !== 'search' && !(intent.kind === 'update' && intent.codes.length === 0)) return undefined;
    const key: ConversationKey = { room: turn.room ?? '', person: turn.person.name };
    const ledger = this.#ledgerFor(turn, key);
    if (typeof ledger === 'string') return undefined;
    const found = (query: string) => searchItems(this.db, ledger.id, query, 10);
    if (intent.kind === 'search') {
      const hits = found(intent.query);
      return clearHit(hits).chosen ? undefined : { ledger, itemIds: hits.map((h) => h.id) };
    }
    const candidates = this.#reporting.candidates(ledger, key, intent);
    if (typeof candidates === 'string' || candidates.length === 1) return undefined;
    const itemIds = candidates.length ? candidates.map((item) => item.id) : found(intent.topic || intent.text).map((h) => h.id);
    return { ledger, itemIds };
  }

  /** A model's answer. The one item it names becomes what this person is talking about, as after a rules answer. */
  #relay(ledger: Ledger, key: ConversationKey, text: string, codes: string[]): string {
    const items = codes.map((code) => itemByCode(this.db, ledger.id, code)).filter((item): item is Item => item !== undefined);
    if (items.length === 1) this.#conversations.setRecentItem(key, items[0]!.id);
    return text;
  }

  #unboundNote(turn: Turn): string {
    if (!turn.room || findBinding(this.db, turn.room)) return '';
    return `\n本群还没有绑定台账。管理员可发送"绑定 台账名称"，现有台账：${this.#ledgerNames()}`;
  }

  #ledgerNames(): string {
    return listLedgers(this.db).map((l) => l.name).join('、') || '（还没有导入台账）';
  }

  #bind(turn: Turn, name: string): string {
    if (!turn.isAdmin) return '只有管理员可以绑定台账。';
    if (!turn.room) return '请在要绑定的群里发送"绑定 台账名称"。';
    if (!name) return `请发送"绑定 台账名称"。现有台账：${this.#ledgerNames()}`;
    const ledger = matchLedger(this.db, name);
    if (!ledger) return `没有找到台账"${echo(name, 30)}"。现有台账：${this.#ledgerNames()}`;
    // Granted over another ledger, an admin may not put a group on this one.
    if (!this.roles.isAdmin(turn.person, ledger.id)) return `只有台账「${ledger.name}」的管理员可以把群绑定到它。`;
    const binding = bindRoom(
      this.db,
      { roomTopic: turn.room, channel: turn.group?.channel, roomName: turn.group?.name, ledgerId: ledger.id, by: turn.person.name },
      this.clock.now(),
    );
    const count = overview(this.db, ledger.id).total;
    return `已将本群「${binding.roomName}」绑定到台账「${ledger.name}」（${count} 项），${describeWeekdays(binding.days)} ${binding.broadcastAt} 推送整改进展日报。发送"帮助"查看用法。`;
  }

  #bindWebhook(turn: Turn, key: string): string {
    if (!turn.room || turn.group?.channel !== 'wecom') return '消息推送机器人只用于企业微信群：请在要设置的企业微信群里发送"绑定推送 key"。';
    const bound = findBinding(this.db, turn.room);
    if (!bound) return '本群还没有绑定台账：请先发送"绑定 台账名称"。';
    if (!turn.isAdmin || !this.roles.isAdmin(turn.person, bound.ledgerId)) return `只有台账「${bound.ledgerName}」的管理员可以设置消息推送。`;
    if (!/^[\w-]{8,}$/.test(key)) return '请发送"绑定推送 key"：key 是群消息推送地址里 key= 后面的那一串。';
    bindRoom(this.db, { roomTopic: turn.room, channel: 'wecom', ledgerId: bound.ledgerId, webhookKey: key, by: turn.person.name }, this.clock.now());
    return '已设置本群的消息推送机器人：日报和提醒里的 @ 将经它发出，被 @ 的人会收到提醒。';
  }

  #unbind(turn: Turn): string {
    if (!turn.isAdmin) return '只有管理员可以解除绑定。';
    if (!turn.room) return '请在要解绑的群里发送"解绑"。';
    const bound = findBinding(this.db, turn.room);
    if (bound && !this.roles.isAdmin(turn.person, bound.ledgerId)) return `只有台账「${bound.ledgerName}」的管理员可以解除绑定。`;
    return unbindRoom(this.db, turn.room) ? `已解除本群「${bound?.roomName ?? turn.room}」与台账的绑定，不再推送进展。` : '本群没有绑定台账。';
  }

  /** Shows the group's notice time and days, or (an admin) changes them: `日报时间 08:30 周一至周六`. */
  #noticeSchedule(turn: Turn, spec: string): string {
    const binding = turn.room ? findBinding(this.db, turn.room) : undefined;
    if (!turn.room || !binding) return '请在已绑定台账的群里发送"日报时间"。';
    const current = `本群日报${describeWeekdays(binding.days)} ${binding.broadcastAt} 推送。`;
    const example = '例如"日报时间 08:30 周一至周六"或"日报时间 每天 9:00"';
    if (!spec) return `${current}管理员可以修改，${example}。`;
    if (!this.roles.isAdmin(turn.person, binding.ledgerId)) return `只有管理员可以修改日报时间。${current}`;
    if (/几点|什么时候|多会|^[呢吗？?]+$/.test(spec)) return `${current}管理员可以修改，${example}。`;
    const at = readTimeOfDay(spec);
    const days = readWeekdays(spec);
    // A time that cannot be read must not leave the days changed alone, as if all were understood.
    if ((!at && /\d|点/.test(spec)) || (!at && !days)) return `没看懂"${echo(spec, 20)}"，没有修改。${example}。`;
    const { noticeCutoff } = this.settings;
    if (at && at >= noticeCutoff) return `日报时间须早于 ${noticeCutoff}（过了这个时间的日报不再补发），没有修改。`;
    const changed = bindRoom(this.db, { roomTopic: turn.room, ledgerId: binding.ledgerId, broadcastAt: at, days, by: turn.person.name }, this.clock.now());
    return `好的，本群日报改为${describeWeekdays(changed.days)} ${changed.broadcastAt} 推送。`;
  }

  #use(turn: Turn, key: ConversationKey, name: string): string {
    if (turn.room) return '在群里查询的是本群绑定的台账；选择台账请私聊我。';
    if (!name) return `请发送"使用 台账名称"。现有台账：${this.#ledgerNames()}`;
    const ledger = matchLedger(this.db, name);
    if (!ledger) return `没有找到台账"${echo(name, 30)}"。现有台账：${this.#ledgerNames()}`;
    this.#conversations.setLedgerId(key, ledger.id);
    return `好的，接下来查询台账「${ledger.name}」。`;
  }

  #ledgerFor(turn: Turn, key: ConversationKey): Ledger | string {
    if (turn.room) {
      const binding = findBinding(this.db, turn.room);
      if (binding) return findLedger(this.db, binding.ledgerName)!;
      return `本群还没有绑定台账。管理员可发送"绑定 台账名称"，现有台账：${this.#ledgerNames()}`;
    }
    const chosen = this.#conversations.ledgerId(key);
    const ledgers = listLedgers(this.db);
    const ledger = ledgers.find((l) => l.id === chosen) ?? (ledgers.length === 1 ? ledgers[0] : undefined);
    if (ledger) return ledger;
    if (ledgers.length === 0) return '还没有导入任何台账。';
    return `有多个台账：${this.#ledgerNames()}。请回复"使用 台账名称"选择要查询的台账。`;
  }

  #overview(ledger: Ledger): string {
    const facts = this.#facts();
    const overdue = countOverdue(this.db, ledger.id, facts.today);
    const soon = countDueWithin(this.db, ledger.id, facts.today, addDays(facts.today, 7));
    return overviewAnswer(ledger.name, overview(this.db, ledger.id), overdue, soon, facts);
  }

  /** Lines for items in the order given, numbered from `from`. */
  #lines(ledger: Ledger, ids: number[], from = 1): string[] {
    const facts = this.#facts();
    const byId = new Map(listItems(this.db, ledger.id, ids).map((item) => [item.id, item]));
    const updates = latestUpdates(this.db, ids);
    return ids.map((id, i) => itemLine(byId.get(id)!, updates.get(id), facts, from + i));
  }

  #item(ledger: Ledger, key: ConversationKey, code: string): string {
    const item = itemByCode(this.db, ledger.id, code);
    if (item) return this.#answer(item, key);
    const children = this.db
      .prepare("SELECT code FROM items WHERE ledger_id = ? AND code LIKE ? ESCAPE '\\' ORDER BY seq LIMIT 8")
      .pluck()
      .all(ledger.id, `${code.replace(/[%_\\]/g, (c) => `\\${c}`)}/%`) as string[];
    if (children.length) return `${code} 下有 ${children.length} 项：${children.join('、')}。请回复其中一个编号。`;
    return `台账「${ledger.name}」里没有编号为 ${code} 的问题。编号按报告原文，例如"一/3""二/1/(1)"；发送"还有哪些没完成"可以看编号。`;
  }

  /** One item in full; it becomes what this person is talking about, so a following 已完成 is about it. */
  #answer(item: Item, key: ConversationKey): string {
    this.#conversations.setRecentItem(key, item.id);
    return itemAnswer(item, latestUpdates(this.db, [item.id]).get(item.id), this.#facts());
  }

  /** The next page of a list; the conversation keeps where it stopped, for "更多". */
  #page(ledger: Ledger, key: ConversationKey, more: More): string {
    const page = listPage(this.db, ledger.id, more.list, more.after, this.settings.pageSize);
    const shown = more.shown + page.ids.length;
    // The ledger may have changed since the list was asked: what follows is never said to be nothing while it is there.
    const rest = page.more ? Math.max(more.total - shown, 1) : 0;
    this.#conversations.setMore(key, rest ? { ...more, after: page.last, shown } : undefined);
    const title = more.shown ? more.title.replace(/：$/, '（续）：') : more.title;
    return listAnswer(title, this.#lines(ledger, page.ids, more.shown + 1), rest);
  }

  #list(ledger: Ledger, key: ConversationKey, filter: ListFilter): string {
    const today = this.#facts().today;
    let list: List;
    let title: (total: number) => string;
    let empty: string;
    switch (filter.kind) {
      case 'open':
        list = { kind: 'open' };
        title = (total) => `未完成的共 ${total} 项：`;
        empty = '所有问题都已完成整改。';
        break;
      case 'overdue':
        list = { kind: 'overdue', today };
        title = (total) => `逾期未完成的共 ${total} 项：`;
        empty = `截至 ${today} 没有逾期未完成的问题。`;
        break;
      case 'dueWithin':
        list = { kind: 'dueWithin', today, until: addDays(today, filter.days) };
        title = (total) => `${filter.days} 天内到期的共 ${total} 项：`;
        empty = `${filter.days} 天内（到 ${addDays(today, filter.days)}）没有到期的未完成问题。`;
        break;
      case 'responsible':
        list = { kind: 'responsible', name: filter.name };
        title = (total) => `${filter.name} 负责的共 ${total} 项：`;
        empty = `台账里没有 ${filter.name} 负责的问题（责任人由管理员指派）。`;
        break;
    }
    const total = countList(this.db, ledger.id, list);
    // `公租房的事项` reads like a person's list but is about 公租房.
    if (total === 0 && filter.kind === 'responsible' && searchItems(this.db, ledger.id, filter.name, 1)[0]?.exact) {
      return this.#search(ledger, key, filter.name);
    }
    if (total === 0) {
      this.#conversations.setMore(key, undefined);
      return empty;
    }
    return this.#page(ledger, key, { title: title(total), list, shown: 0, total });
  }

  #more(ledger: Ledger, key: ConversationKey): string {
    const more = this.#conversations.more(key);
    if (!more) return '没有更多了。';
    return this.#page(ledger, key, more);
  }

  #search(ledger: Ledger, key: ConversationKey, query: string): string {
    const hits = searchItems(this.db, ledger.id, query, 10);
    const { strong, chosen } = clearHit(hits);
    if (chosen) {
      const [item] = listItems(this.db, ledger.id, [chosen.id]);
      const answer = this.#answer(item!, key);
      const others = strong.filter((h) => h !== chosen).slice(0, 5);
      if (others.length === 0) return answer;
      const codes = listItems(this.db, ledger.id, others.map((h) => h.id)).map((i) => i.code);
      return `${answer}\n另有 ${codes.length} 项也提到"${echo(query, 20)}"：${codes.join('、')}`;
    }
    if (strong.length > 1) {
      const shown = strong.slice(0, 5).map((h) => h.id);
      const first = listItems(this.db, ledger.id, [shown[0]!])[0]!;
      return candidatesAnswer(query, this.#lines(ledger, shown), first.code);
    }
    const weak = hits.filter((h) => h.coverage >= 0.34).slice(0, 3);
    const suggestions = weak.length ? listItems(this.db, ledger.id, weak.map((h) => h.id)).map((i) => `${i.code} ${i.title}`) : [];
    return notFoundAnswer(query, suggestions);
  }
}
