/**
 * `duban demo`: duban in a simulated WeChat group, offline, through the same Wechaty pipeline as a real login (on
 * wechaty-puppet-mock). The sample reports are imported into a temporary database that is removed on exit, so the
 * user's own ledger is never touched. The user types as a group member and sees duban's replies.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { explainSkip } from '../chat/filter.ts';
import { mentionSeparator } from '../message.ts';
import { botName, startSandbox } from '../runtime/sandbox.ts';
import { type Clock, clockFrom, parseInstant, timeIn, dateIn } from '../clock.ts';
import { importSamples, samples } from '../ingest/samples.ts';
import { dailyOptions, postNotice } from '../broadcast/post.ts';
import { bindRoom, findBinding } from '../ledger/bindings.ts';
import { openDatabase } from '../ledger/db.ts';
import { findItemByCode } from '../ledger/items.ts';
import { findLedger } from '../ledger/ledgers.ts';
import { assignResponsible } from '../ledger/record.ts';
import { overview } from '../ledger/listings.ts';
import { silentLogger } from '../log.ts';
import { pad } from './columns.ts';
import type { CommandContext } from './command.ts';

const workRoom = '整改工作群';
const otherRoom = '项目推进群';
const admin = '王主任';
const people = ['张三', '李四', admin];
/** Who answers for what in the demo, so that a member can report progress from the start. */
const responsibilities = [
  ['二/3', '张三'],
  ['一/3', '张三'],
  ['一/7/一是', '李四'],
] as const;
/** The sample reports are from 2021: by default the demo happens in the summer they describe. */
const defaultNow = '2021-07-01T09:00';

const examples = [
  ['@督办 帮助', '能问什么'],
  ['@督办 进度', '整体进展：各状态多少项、完成率'],
  ['@督办 公租房', '按问题里的词查事项'],
  ['@督办 一/3', '按编号查事项'],
  ['@督办 未完成', '还没完成的事项（长列表回复"更多"翻页）'],
  ['@督办 逾期', '过了时限还没完成的'],
  ['@督办 30天内到期', '快到期的'],
  ['督办 标准化厂房租金', '以"督办"开头，不必 @'],
  ['@督办 二/3 已完成80%', '报进展（张三负责二/3、一/3），督办复述后回复"确认"才记录'],
  ['@督办 一/3 已完成', '责任人报完成：待管理员销号（/as 王主任 后发"@督办 销号 一/3"）'],
  ['@督办 撤销', '撤回自己一天内的更新'],
];

const commands = [
  ['/as 名字', `换一个人说话（群成员：${people.join('、')}；${admin}是管理员）`],
  ['/room 群名', `换一个群（${workRoom} 已绑定台账，${otherRoom} 还没有：以管理员身份发"@督办 绑定 ${samples['000'].ledger}"试试）`],
  ['/notice', '现在发出本群今天的日报和到期提醒（duban serve 按群设定的日子和时间自动发出）'],
  ['/help', '再看一遍这些说明'],
  ['/quit', '退出（Ctrl-D 也可以）'],
];

function help(): string {
  const width = 21;
  return [
    '试着这样问：',
    ...examples.map(([say, what]) => `  ${pad(say!, width)} ${what}`),
    '演示命令：',
    ...commands.map(([command, what]) => `  ${pad(command!, width)} ${what}`),
  ].join('\n');
}

const indent = (text: string) => text.replaceAll(mentionSeparator, ' ').split('\n').join('\n       ');

export async function run(context: CommandContext): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'duban-demo-'));
  try {
    await runDemo(context, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runDemo(context: CommandContext, dir: string): Promise<void> {
  const { print } = context;
  const timeZone = context.config.timeZone;
  const clock: Clock = context.config.now ? context.clock : clockFrom(parseInstant(defaultNow, timeZone));
  const config = {
    ...context.config,
    db: join(dir, 'duban.db'),
    dataDir: dir,
    admins: [...new Set([...context.config.admins, admin])],
    // Quick enough not to keep a person waiting, slow enough to show that replies are paced.
    outbox: { ...context.config.outbox, gapMs: 400, jitterMs: 300, perMinute: 120 },
  };
  const db = openDatabase(config.db);
  importSamples(db, clock.now(), timeZone);
  const ledger = findLedger(db, samples['003'].ledger)!;
  bindRoom(db, { roomTopic: workRoom, ledgerId: ledger.id, by: 'demo' }, clock.now());
  const source = { author: admin, room: workRoom, messageId: null, text: null, at: clock.now() };
  for (const [code, person] of responsibilities) assignResponsible(db, findItemByCode(db, ledger.id, code)!.id, person, source);

  const sandbox = await startSandbox({
    db,
    clock,
    config,
    log: silentLogger,
    people,
    rooms: [workRoom, otherRoom].map((topic) => ({ topic, members: people })),
    observe: (incoming, handled) => {
      const why = handled.skipped && explainSkip(handled.skipped, { room: incoming.room?.name, prefix: config.prefix });
      if (why) print(`  （${why}）`);
    },
  });
  sandbox.world.onBotMessage((message) => print(`${botName}${message.to ? ` → ${message.to}（私信）` : ''}> ${indent(message.text)}`));

  const now = clock.now();
  print(
    [
      '督办演示：一个离线的模拟微信群，消息走真实的处理流程（Wechaty + mock puppet）。',
      `台账是 data/samples 里的两份整改报告，导入到临时数据库，退出即删除，不会改动 ${context.config.db}。`,
      `群「${workRoom}」已绑定台账「${ledger.name}」（${overview(db, ledger.id).total} 项）；责任人：${responsibilities.map(([code, person]) => `${code} ${person}`).join('，')}。`,
      `现在是 ${dateIn(now, timeZone)} ${timeIn(now, timeZone)}（${timeZone}；用 --now 换一个时间）。`,
      '',
      help(),
      '',
    ].join('\n'),
  );

  let speaker = people[0]!;
  let room = workRoom;
  const prompt = () => `[${room}] ${speaker}> `;
  const terminal = (context.input as NodeJS.ReadStream).isTTY === true;
  const lines = createInterface({ input: context.input, output: terminal ? process.stdout : undefined, terminal });
  lines.setPrompt(prompt());
  lines.prompt();
  for await (const raw of lines) {
    const line = raw.trim();
    if (!terminal && line) print(prompt() + line);
    const [command, ...args] = line.split(/\s+/);
    const argument = args.join(' ');
    if (command === '/quit' || command === '/exit') break;
    if (command === '/help') print(help());
    else if (command === '/as') {
      if (people.includes(argument)) speaker = argument;
      else print(`  群里没有"${argument}"。可以是：${people.join('、')}`);
    } else if (command === '/room') {
      if (argument === workRoom || argument === otherRoom) room = argument;
      else print(`  没有这个群。可以是：${workRoom}、${otherRoom}`);
    } else if (command === '/notice') {
      const binding = findBinding(db, room);
      if (!binding) print(`  群「${room}」还没有绑定台账，没有日报。`);
      else {
        const options = dailyOptions(config, clock.now(), sandbox.bot.roles.admins());
        const posted = postNotice(db, (messages) => sandbox.outbox.enqueue(messages), binding, options);
        if (!posted.posted) print(`  群「${room}」今天的日报已经发过了，每个群每天只发一次。`);
        await sandbox.settle(60_000);
      }
    } else if (command?.startsWith('/')) print(`  不认识的命令 ${command}，输入 /help 查看。`);
    else if (line) {
      sandbox.world.say(speaker, line, { room });
      await sandbox.settle(60_000);
    }
    lines.setPrompt(prompt());
    lines.prompt();
  }
  lines.close();
  await sandbox.settle(60_000);
  await sandbox.stop();
  db.close();
  print('再见。');
}
