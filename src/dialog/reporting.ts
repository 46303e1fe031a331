/**
 * Progress reported in a group, made safe: duban says back what it understood and records it only on its author's
 * 确认. Status, progress and deadline changes come from an item's responsible people or an admin; a responsible
 * person's 已完成 waits for an admin's 销号 and a deadline change for an admin's approval; the author is told either
 * way. Every change is a row in the audit trail, and 撤销 adds a compensating one.
 */
import type { Clock } from '../clock.ts';
import { type Db, write } from '../ledger/db.ts';
import { listItems } from '../ledger/items.ts';
import { closeProposal, confirmedSince, currentProposal, openProposal, type Proposal, settleCandidate } from '../ledger/proposals.ts';
import {
  type Change,
  type Source,
  type UpdateKind,
  approve,
  assignResponsible,
  awaitingUpdate,
  awaitingUpdates,
  latestBy,
  recordUpdate,
  returnUpdate,
  revert,
  undoableUpdate,
} from '../ledger/record.ts';
import { linkEvidence } from '../ledger/evidence.ts';
import { searchItems } from '../ledger/search.ts';
import { type Item, type Ledger, statusNames } from '../ledger/types.ts';
import type { Update } from '../ledger/updates.ts';
import { codePattern, itemByCode } from '../understand/codes.ts';
import type { Intent } from '../understand/intent.ts';
import type { ProposedChange } from '../understand/updates.ts';
import { echo, truncate } from '../text.ts';
import type { ConversationKey, Conversations } from './conversation.ts';
import type { Roles } from './roles.ts';
import { type Said, type Turn, confirmButtons } from './turn.ts';

type UpdateIntent = Extract<Intent, { kind: 'update' }>;

/** What a proposal holds until it is confirmed: the change as understood, and the words it came from. */
interface Pending {
  change: ProposedChange;
  note: string;
}

export interface ReportingSettings {
  /** How long a proposal waits for its 确认. */
  proposalMinutes: number;
  /** How long after it an update may still be taken back with 撤销. */
  undoHours: number;
}

const maxChoices = 5;


export class Reporting {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly roles: Roles,
    private readonly conversations: Conversations,
    private readonly settings: ReportingSettings,
  ) {}

  #source(turn: Turn): Source {
    const via = turn.via ? { via: turn.via } : {};
    return { author: turn.person.name, room: turn.room ?? null, messageId: turn.messageId ?? null, text: turn.text ?? null, at: this.clock.now(), ...via };
  }

  #item(ledger: Ledger, code: string): Item | undefined {
    return itemByCode(this.db, ledger.id, code);
  }

  /**
   * The items a report may be about, best first: by code, by the quoted message, by its words, by the last item
   * talked about; or why none can be (a code the ledger does not have).
   */
  candidates(ledger: Ledger, key: ConversationKey, intent: UpdateIntent): Item[] | string {
    if (intent.codes.length) {
      const items = intent.codes.map((code) => this.#item(ledger, code));
      const missing = intent.codes.filter((_, i) => !items[i]);
      if (missing.length) return `台账「${ledger.name}」里没有编号为 ${echo(missing.join('、'), 40)} 的问题，没有记录任何内容。`;
      return items as Item[];
    }
    const quoted = intent.quoted.map((code) => this.#item(ledger, code)).filter((item): item is Item => item !== undefined);
    if (intent.topic.length >= 2) {
      const hits = searchItems(this.db, ledger.id, intent.topic, 10).filter((h) => h.exact || h.coverage >= 0.6);
      const within = quoted.length ? hits.filter((h) => quoted.some((item) => item.id === h.id)) : hits;
      const exact = within.filter((h) => h.exact);
      const chosen = exact.length === 1 ? exact : within;
      if (chosen.length) {
        const items = listItems(this.db, ledger.id, chosen.slice(0, maxChoices).map((h) => h.id)).sort(
          (a, b) => chosen.findIndex((h) => h.id === a.id) - chosen.findIndex((h) => h.id === b.id),
        );
        // Found by words, a change is about an item still open: a closed one is offered only when nothing else fits.
        const open = intent.change.kind === 'note' ? items : items.filter((item) => item.status !== 'closed');
        return open.length ? open : items;
      }
    }
    if (quoted.length) return quoted.slice(0, maxChoices);
    const recent = this.conversations.recentItem(key, this.settings.proposalMinutes);
    if (recent !== undefined) return listItems(this.db, ledger.id, [recent]);
    return [];
  }

  propose(ledger: Ledger, turn: Turn, key: ConversationKey, intent: UpdateIntent): Said[] {
    const candidates = this.candidates(ledger, key, intent);
    if (typeof candidates === 'string') return [candidates];
    if (candidates.length === 0) {
      return [`没能确定"${echo(intent.text, 20)}"说的是哪一项，没有记录。请带上编号再发一次，例如"二/3 ${intent.change.phrase}"。`];
    }
    const note = intent.text.replace(codePattern, '').replace(/^[\s,，:：]+|[\s,，。]+$/g, '') || intent.text;
    const now = this.clock.now();
    const proposal = openProposal<Pending>(this.db, {
      ledgerId: ledger.id,
      room: key.room,
      person: key.person,
      messageId: turn.messageId ?? null,
      sourceText: turn.text ?? intent.text,
      change: { change: intent.change, note },
      candidates: candidates.map((item) => item.id),
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.settings.proposalMinutes * 60_000).toISOString(),
    });
    if (candidates.length === 1) return [this.#echo(turn, proposal, candidates[0]!)];
    const lines = candidates.map((item, i) => `${i + 1}. ${item.code} ${truncate(item.title, 24)}（${statusNames[item.status]}）`);
    return [[`"${echo(intent.text, 20)}"说的是哪一项？请回复序号：`, ...lines, '回复"取消"放弃。'].join('\n')];
  }

  /** What would be recorded, or why it cannot be (the caller then closes the proposal). */
  #plan(turn: Turn, item: Item, pending: Pending): { kind: UpdateKind; change: Change; awaiting?: 'closure' | 'deadline'; summary: string } | string {
    const { change } = pending;
    const isAdmin = this.roles.isAdmin(turn.person, item.ledgerId);
    if (change.kind === 'note') return { kind: 'note', change: { note: pending.note }, summary: `备注：${echo(pending.note, 60)}` };
    if (!isAdmin && !this.roles.isResponsible(turn.person, item.id)) {
      const who = item.responsible.length ? `（${item.responsible.join('、')}）` : '（还没有指派，管理员可发"指派 编号 姓名"）';
      return `只有【${item.code}】的责任人${who}或管理员可以更新状态、进度和时限，没有记录。如需补充情况，可发"${item.code} 备注：……"。`;
    }
    const waiting = awaitingUpdate(this.db, item.id);
    if (waiting && change.kind !== 'progress') {
      return `【${item.code}】已有一条待审核的申报（${waiting.author}：${echo(waiting.sourceText ?? '', 20)}），请等管理员处理后再报。`;
    }
    // A finished step or a percentage for an item already done (a measure of a 长期坚持 item): worth keeping, as progress.
    const finished = item.status === 'done' || item.status === 'closed';
    const asProgress = () =>
      ({ kind: 'progress', change: { note: pending.note }, summary: `进展：${echo(pending.note, 60)}\n（该项已是"${statusNames[item.status]}"，记为进展，状态和进度不变）` }) as const;
    switch (change.kind) {
      case 'done': {
        if (finished) return asProgress();
        const summary = `状态：${statusNames[item.status]} → ${statusNames.done}`;
        return isAdmin
          ? { kind: 'status', change: { status: 'done', progress: 100 }, summary }
          : { kind: 'status', change: { status: 'done', progress: 100 }, awaiting: 'closure', summary: `${summary}（需管理员销号审核）` };
      }
      case 'progress': {
        if (finished) return asProgress();
        const status = item.status === 'not_started' ? ({ status: 'in_progress' } as const) : {};
        const parts = [
          ...(status.status ? [`状态：${statusNames.not_started} → ${statusNames.in_progress}`] : []),
          ...(change.progress !== undefined ? [`进度：${item.progress === null ? '未报' : `${item.progress}%`} → ${change.progress}%`] : []),
          `进展：${echo(pending.note, 60)}`,
        ];
        return { kind: 'progress', change: { ...status, ...(change.progress !== undefined ? { progress: change.progress } : {}), note: pending.note }, summary: parts.join('\n') };
      }
      case 'deadline': {
        if (item.status === 'closed') return `【${item.code}】已销号，不再调整时限，没有记录。`;
        const summary = `时限：${item.deadlines.at(-1) ?? '未定'} → ${change.deadline}`;
        return isAdmin
          ? { kind: 'deadline', change: { deadline: change.deadline }, summary }
          : { kind: 'deadline', change: { deadline: change.deadline }, awaiting: 'deadline', summary: `${summary}（需管理员批准）` };
      }
    }
  }

  #echo(turn: Turn, proposal: Proposal<Pending>, item: Item): Said {
    const plan = this.#plan(turn, item, proposal.change);
    if (typeof plan === 'string') {
      closeProposal(this.db, proposal.id, 'cancelled', this.clock.now());
      return plan;
    }
    const text = [
      '请确认要记录的更新：',
      `【${item.code}】${truncate(item.title, 30)}`,
      plan.summary,
      `回复"确认"保存，"取消"放弃（${this.settings.proposalMinutes} 分钟内有效）。`,
    ].join('\n');
    return { text, buttons: confirmButtons };
  }

  #current(key: ConversationKey, confirming = false): Proposal<Pending> | string {
    const now = this.clock.now();
    const { open, expired } = currentProposal<Pending>(this.db, key.room, key.person, now);
    if (open) return open;
    if (expired) return `你刚才的更新超过 ${this.settings.proposalMinutes} 分钟没有确认，已作废，没有记录。请重新发送。`;
    // A second 确认 (sent twice, or heard by two processes at once) finds the first one's record.
    const confirmed = confirming && confirmedSince(this.db, key.room, key.person, new Date(now.getTime() - this.settings.proposalMinutes * 60_000));
    if (confirmed) return `这条更新已经记录过了（#${confirmed.updateId}），没有重复记录。`;
    return '你没有待确认的更新。';
  }

  choose(turn: Turn, key: ConversationKey, index: number): Said[] {
    const proposal = this.#current(key);
    if (typeof proposal === 'string') return [proposal];
    const itemId = proposal.candidates[index - 1];
    if (proposal.candidates.length < 2 || itemId === undefined) {
      return [proposal.candidates.length < 2 ? '请回复"确认"保存，或"取消"放弃。' : `请回复 1 到 ${proposal.candidates.length} 之间的序号。`];
    }
    settleCandidate(this.db, proposal.id, itemId);
    const [item] = listItems(this.db, proposal.ledgerId, [itemId]);
    return [this.#echo(turn, { ...proposal, candidates: [itemId] }, item!)];
  }

  confirm(turn: Turn, key: ConversationKey): Said[] {
    const proposal = this.#current(key, true);
    if (typeof proposal === 'string') return [proposal];
    if (proposal.candidates.length !== 1) return ['请先回复序号，选择是哪一项。'];
    const [item] = listItems(this.db, proposal.ledgerId, proposal.candidates);
    const plan = this.#plan(turn, item!, proposal.change);
    if (typeof plan === 'string') {
      closeProposal(this.db, proposal.id, 'cancelled', this.clock.now());
      return [plan];
    }
    const source: Source = { ...this.#source(turn), messageId: proposal.messageId, text: proposal.sourceText };
    const update = write(this.db, () => {
      const recorded = recordUpdate(this.db, {
        itemId: item!.id,
        kind: plan.kind,
        change: plan.change,
        source,
        confirmedBy: turn.person.name,
        awaiting: plan.awaiting,
      });
      closeProposal(this.db, proposal.id, 'confirmed', this.clock.now(), recorded.id);
      linkEvidence(this.db, proposal.id, recorded.id);
      return recorded;
    });
    this.conversations.setRecentItem(key, item!.id);
    const next =
      plan.awaiting === 'closure' ? '已报管理员销号审核。' : plan.awaiting === 'deadline' ? '已报管理员批准。' : '可发"撤销"撤回（一天内）。';
    return [`已记录（#${update.id}）：【${item!.code}】${truncate(item!.title, 24)}\n${plan.summary}\n${next}可发送图片或文件作为佐证材料。`];
  }

  cancel(key: ConversationKey): Said[] {
    const proposal = this.#current(key);
    if (typeof proposal === 'string') return [proposal];
    closeProposal(this.db, proposal.id, 'cancelled', this.clock.now());
    return ['已取消，没有记录。'];
  }

  #adminOnly(ledger: Ledger, turn: Turn, what: string): string | undefined {
    return this.roles.isAdmin(turn.person, ledger.id) ? undefined : `只有管理员可以${what}。`;
  }

  approve(ledger: Ledger, turn: Turn, code: string, what: 'closure' | 'deadline'): Said[] {
    const refused = this.#adminOnly(ledger, turn, '销号和批准');
    if (refused) return [refused];
    const item = this.#item(ledger, code);
    if (!item) return [`台账「${ledger.name}」里没有编号为 ${code} 的问题。`];
    const waiting = awaitingUpdate(this.db, item.id);
    if (what === 'deadline' && waiting?.awaiting !== 'deadline') return [`【${item.code}】没有待批准的延期申请。`];
    if (what === 'closure' && waiting?.awaiting === 'deadline') return [`【${item.code}】待处理的是延期申请，请用"批准 ${item.code}"。`];
    if (what === 'closure' && !waiting && item.status !== 'done') {
      return [`【${item.code}】目前是"${statusNames[item.status]}"，没有待审核的申报，不能销号。`];
    }
    const update = approve(this.db, item.id, this.#source(turn));
    const done = what === 'deadline' ? `时限改为 ${update.newDeadline}` : '已销号';
    const said: Said[] = [`【${item.code}】${truncate(item.title, 24)}：${done}（#${update.id}）。`];
    if (waiting && waiting.author !== turn.person.name) {
      said.push({ room: waiting.room, person: waiting.author, text: `你报的【${item.code}】${waiting.awaiting === 'deadline' ? '延期申请已批准' : '完成情况已审核销号'}（${turn.person.name}）。` });
    }
    return said;
  }

  returnUpdate(ledger: Ledger, turn: Turn, code: string, reason: string): Said[] {
    const refused = this.#adminOnly(ledger, turn, '退回申报');
    if (refused) return [refused];
    if (!reason) return [`请写明退回原因，例如"退回 ${code} 缺少佐证"。`];
    const item = this.#item(ledger, code);
    if (!item) return [`台账「${ledger.name}」里没有编号为 ${code} 的问题。`];
    const waiting = awaitingUpdate(this.db, item.id);
    if (!waiting) return [`【${item.code}】没有待审核的申报。`];
    returnUpdate(this.db, waiting, reason, this.#source(turn));
    const what = waiting.awaiting === 'deadline' ? '延期申请' : '完成申报';
    return [
      `已退回【${item.code}】的${what}：${echo(reason, 60)}。`,
      { room: waiting.room, person: waiting.author, text: `你报的【${item.code}】${what}被退回：${echo(reason, 60)}。请补充后重新报送。` },
    ];
  }

  /**
   * 撤销: the speaker's own latest update (or, with a code, that item's latest update; an admin may take back
   * anyone's), within a day, and only while nothing has been recorded on the item after it.
   */
  undo(ledger: Ledger, turn: Turn, code?: string): Said[] {
    const item = code === undefined ? undefined : this.#item(ledger, code);
    if (code !== undefined && !item) return [`台账「${ledger.name}」里没有编号为 ${code} 的问题。`];
    const isAdmin = this.roles.isAdmin(turn.person, ledger.id);
    const me = turn.person.name;
    const target = item ? undoableUpdate(this.db, item.id) : latestBy(this.db, ledger.id, me);
    const since = this.clock.now().getTime() - this.settings.undoHours * 3_600_000;
    if (!target || new Date(target.at).getTime() < since || (target.author !== me && !isAdmin)) {
      return [`没有可以撤销的更新：只能撤销自己 ${this.settings.undoHours} 小时内的更新${isAdmin ? '（管理员可用"撤销 编号"撤销该项最近一条）' : ''}。`];
    }
    const latest = undoableUpdate(this.db, target.itemId);
    const [changed] = listItems(this.db, ledger.id, [target.itemId]);
    if (latest?.id !== target.id) {
      return [`【${changed!.code}】在 #${target.id} 之后已有新的记录（审核、退回或其他更新），不能再撤销；如需更正，请直接报新的进展。`];
    }
    const reverted = revert(this.db, target, this.#source(turn));
    const [now] = listItems(this.db, ledger.id, [target.itemId]);
    const said: Said[] = [`已撤销 #${target.id}（${target.author}：${echo(target.sourceText ?? target.note ?? '', 20)}），记为 #${reverted.id}。【${now!.code}】现在是"${statusNames[now!.status]}"。`];
    if (target.author !== me) said.push({ room: target.room, person: target.author, text: `你在【${now!.code}】的更新 #${target.id} 已被 ${me} 撤销。` });
    return said;
  }

  assign(ledger: Ledger, turn: Turn, code: string, names: string[]): Said[] {
    const refused = this.#adminOnly(ledger, turn, '指派责任人');
    if (refused) return [refused];
    const item = this.#item(ledger, code);
    if (!item) return [`台账「${ledger.name}」里没有编号为 ${code} 的问题。`];
    if (names.length === 0) return [`请写明责任人，例如"指派 ${code} 张三"。`];
    const source = this.#source(turn);
    const added = names.filter((name) => assignResponsible(this.db, item.id, name, source));
    const [now] = listItems(this.db, ledger.id, [item.id]);
    const head = added.length ? `已指派 ${echo(added.join('、'), 40)} 为【${item.code}】${truncate(item.title, 24)}的责任人。` : `${echo(names.join('、'), 40)} 已经是【${item.code}】的责任人。`;
    return [`${head}现在的责任人：${now!.responsible.join('、')}。`];
  }

  grant(ledger: Ledger, turn: Turn, name: string): Said[] {
    const refused = this.#adminOnly(ledger, turn, '授权');
    if (refused) return [refused];
    const granted = this.roles.grant(name, ledger.id, { name: turn.person.name, room: turn.room ?? null, at: this.clock.now() });
    return [granted ? `已授权 ${echo(name, 20)} 为台账「${ledger.name}」的管理员。` : `${echo(name, 20)} 已经是台账「${ledger.name}」的管理员。`];
  }

  revoke(ledger: Ledger, turn: Turn, name: string): Said[] {
    const refused = this.#adminOnly(ledger, turn, '取消授权');
    if (refused) return [refused];
    if (this.roles.revoke(name, { name: turn.person.name, room: turn.room ?? null, at: this.clock.now() })) return [`已取消 ${echo(name, 20)} 的管理员授权。`];
    return [`${echo(name, 20)} 没有在群里被授权${this.roles.isConfiguredAdmin({ id: '', name }) ? '（配置文件中的管理员只能在配置里去掉）' : ''}。`];
  }

  pending(ledger: Ledger): Said[] {
    const waiting = awaitingUpdates(this.db, ledger.id);
    if (waiting.length === 0) return ['没有待审核的申报。'];
    const items = new Map(listItems(this.db, ledger.id, waiting.map((u) => u.itemId)).map((item) => [item.id, item]));
    const lines = waiting.map((u: Update, i) => {
      const item = items.get(u.itemId)!;
      const what = u.awaiting === 'deadline' ? `申请延期到 ${u.newDeadline}` : '报已完成';
      return `${i + 1}. ${item.code} ${truncate(item.title, 20)}：${u.author}${what}（#${u.id}）`;
    });
    return [[`待审核 ${waiting.length} 项：`, ...lines, '管理员可回复"销号 编号"或"批准 编号"，或"退回 编号 原因"。'].join('\n')];
  }

  bulk(): Said[] {
    return ['督办一次只记录一项的进展，不会批量修改台账，没有记录任何内容。请写明编号和进展，例如"二/3 已完成"。'];
  }
}
