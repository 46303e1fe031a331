/**
 * The phrasings corpus (`test/fixtures/phrasings.txt`): messages as a county group's members write them, each with what
 * a careful clerk expects, run through the same path as `duban chat` (filter, rules, dialog, a real SQLite file).
 */
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Bot } from '../../src/bot.ts';
import { mentionSeparator } from '../../src/message.ts';
import { ManualClock } from '../../src/clock.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import { readReportFile } from '../../src/ingest/import-file.ts';
import { samples } from '../../src/ingest/samples.ts';
import { applyReport } from '../../src/ledger/apply-report.ts';
import { dateIn } from '../../src/clock.ts';
import { bindRoom } from '../../src/ledger/bindings.ts';
import { openDatabase } from '../../src/ledger/db.ts';
import { findItemByCode } from '../../src/ledger/items.ts';
import { findLedger } from '../../src/ledger/ledgers.ts';
import { assignResponsible } from '../../src/ledger/record.ts';
import { silentLogger } from '../../src/log.ts';
import { tempDir } from './files.ts';
import { ledgers } from './world.ts';

export interface Phrasing {
  line: number;
  room: '000' | '003';
  speaker: string;
  turns: { text: string; bare: boolean }[];
  expected: string;
}

export const rooms = { '003': '整改工作群', '000': '党工委群' } as const;
const responsible: [keyof typeof rooms, string, string][] = [
  ['003', '一/3', '张三'],
  ['003', '二/3', '张三'],
  ['003', '一/7/一是', '李四'],
  ['000', '二/1/(1)', '孙七'],
];
/** 责任单位, as the office's Excel ledger names them beside the report's items. */
const units: Record<keyof typeof rooms, Record<string, string>> = {
  '003': {
    '一/1': '党政办',
    '一/2': '党政办',
    '一/3': '县住建局',
    '一/4/三是': '县住建局、县水利局',
    '一/5/一是': '县商务局',
    '一/6': '县环保局',
    '一/7/一是': '县公安局',
    '一/7/二是': '县公安局交警大队',
    '二/3': '集聚区财政分局',
    '三/3': '县人社局',
  },
  '000': { '二/1/(1)': '县发改委', '二/2/(1)': '县工信局', '二/2/(2)': '县工信局', '二/2/(3)': '县工信局', '三/3/(1)': '县财政局', '三/3/(2)': '县财政局' },
};
const now = '2021-07-01T09:00:00+08:00';

export function readPhrasings(file = new URL('../fixtures/phrasings.txt', import.meta.url)): Phrasing[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((text, i) => ({ text, line: i + 1 }))
    .filter(({ text }) => text.trim() && !text.startsWith('#'))
    .map(({ text, line }) => {
      const match = /^(000|003) (\S+?): (.*) => (.+)$/.exec(text);
      if (!match) throw new Error(`phrasings.txt:${line}: not ROOM SPEAKER: MESSAGE => EXPECTED`);
      const turns = match[3]!.split(' || ').map((turn) => ({ text: turn.replace(/^~/, ''), bare: turn.startsWith('~') }));
      return { line, room: match[1] as Phrasing['room'], speaker: match[2]!, turns, expected: match[4]!.trim() };
    });
}

/** A ledger file with both samples imported, the two rooms bound and the responsible people assigned, to copy per case. */
export function templateDatabase(): { path: string; config: Config } {
  const dir = tempDir();
  const path = join(dir, 'template.db');
  const config = loadConfig({ DUBAN_DB: path, DUBAN_DATA_DIR: dir, DUBAN_ADMINS: '王主任' });
  const db = openDatabase(path);
  const at = new Date(now);
  for (const room of Object.keys(rooms) as (keyof typeof rooms)[]) {
    const { draft, source } = readReportFile(samples[room].file, { today: dateIn(at, config.timeZone) });
    const items = draft.items.map((item) => (units[room][item.code] ? { ...item, unit: units[room][item.code] } : item));
    applyReport(db, ledgers[room], { ...draft, items }, source, at);
  }
  for (const [room, topic] of Object.entries(rooms)) {
    bindRoom(db, { roomTopic: topic, ledgerId: findLedger(db, ledgers[room as keyof typeof rooms])!.id, by: 'test' }, at);
  }
  for (const [room, code, name] of responsible) {
    const item = findItemByCode(db, findLedger(db, ledgers[room])!.id, code)!;
    assignResponsible(db, item.id, name, { author: '王主任', room: rooms[room], messageId: null, text: null, at });
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { path, config };
}

/** Runs one case on a fresh copy of the template: the replies to its last message, without the leading @name. */
export async function runPhrasing(template: { path: string; config: Config }, phrasing: Phrasing, index: number): Promise<string[]> {
  const path = join(tempDir(), `case-${index}.db`);
  copyFileSync(template.path, path);
  const db = openDatabase(path);
  const clock = new ManualClock(now);
  const config = { ...template.config, db: path };
  const bot = new Bot(db, clock, config, silentLogger);
  const topic = rooms[phrasing.room];
  let replies: string[] = [];
  try {
    for (const [i, turn] of phrasing.turns.entries()) {
      clock.advance(20_000);
      const { replies: out } = await bot.handle({
        id: `phrasing:${index}:${i}`,
        channel: 'wechaty',
        room: { channel: 'wechaty', id: `room:${topic}`, name: topic, byName: true },
        from: { id: `person:${phrasing.speaker}`, name: phrasing.speaker, remark: phrasing.speaker },
        text: turn.text,
        kind: 'text',
        at: clock.now(),
        self: false,
        mentionsBot: !turn.bare,
        botNames: ['督办'],
      });
      replies = out.map((reply) => reply.text.replace(new RegExp(`^@${phrasing.speaker}${mentionSeparator}`), ''));
    }
  } finally {
    db.close();
  }
  return replies;
}

const listTitles: Record<string, RegExp> = {
  open: /^未完成的共 \d+ 项|所有问题都已完成/,
  inprogress: /^正在整改的共 \d+ 项/,
  done: /^已完成的共 \d+ 项/,
  all: /^全部 \d+ 项：/,
  longterm: /^长期坚持的共 \d+ 项/,
  notstarted: /未启动/,
  overdue: /^逾期未完成的共 \d+ 项|没有逾期未完成/,
  due: /^\d+ 天内到期的共 \d+ 项|天内.*没有到期/,
  before: /前到期的未完成问题共 \d+ 项|前没有到期/,
  person: /^\S+ 负责的共 \d+ 项|没有 \S+ 负责的/,
  unit: /^责任单位 \S+ 负责的共 \d+ 项/,
  nounit: /^台账里没有责任单位为 \S+ 的问题/,
  stalled: /天没有更新的未完成问题共 \d+ 项|天内都有更新/,
  overview: /整改总体情况（截至/,
};

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether the replies are what the case expects; why not, when they are not. */
export function judge(expected: string, replies: string[]): string | undefined {
  const [what, arg = '', detail] = expected.split(' ');
  const text = replies.join('\n---\n');
  const first = replies[0] ?? '';
  const codes = arg.split(',');
  const ok = (() => {
    switch (what) {
      case 'item':
        return first.startsWith(`【${arg}】`);
      case 'ask':
        return /哪一项/.test(first) && codes.every((code) => first.includes(code)) && !first.startsWith('【');
      case 'list':
        return listTitles[arg]!.test(first);
      case 'then':
      case 'propose': {
        const proposal = what === 'then' ? (replies.slice(1).find((reply) => reply.startsWith('请确认要记录的更新：')) ?? '') : first;
        if (!proposal.startsWith(`请确认要记录的更新：\n【${arg}】`)) return false;
        if (!detail) return true;
        const [kind, value] = detail.split('=');
        if (kind === 'done') return /→ 已完成|记为进展/.test(proposal);
        if (kind === 'progress') return value ? new RegExp(`→ ${value}%`).test(proposal) : /进展：|→ \d+%/.test(proposal) && !/→ 已完成/.test(proposal);
        if (kind === 'note') return /备注：/.test(proposal);
        if (kind === 'deadline') return /时限：/.test(proposal);
        return false;
      }
      case 'choose':
        return /说的是哪一项/.test(first) && codes.every((code) => new RegExp(`\\d\\. ${escape(code)} `).test(first));
      case 'recorded':
        return first.startsWith('已记录（#') && first.includes(`【${arg}】`);
      case 'unrecorded':
        return /没有记录/.test(text) && !/请确认要记录|已记录（/.test(text);
      case 'undone':
        return first.startsWith('已撤销 #');
      case 'cancelled':
        return first.startsWith('已取消，没有记录');
      case 'notfound':
        return /没有找到/.test(first);
      case 'chinese':
        return /中文/.test(first);
      case 'help':
        return /^督办可以回答/.test(first);
      case 'courtesy':
        return /^(?:不客气|你好)/.test(first);
      case 'silent':
        return replies.length === 0;
      case 'quiet':
        return replies.length === 0 || /^督办可以回答/.test(first);
      default:
        throw new Error(`unknown expectation: ${expected}`);
    }
  })();
  return ok ? undefined : `expected ${expected}, got: ${text ? text.slice(0, 160).replace(/\n/g, '⏎') : '(nothing)'}`;
}
