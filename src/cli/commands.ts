/**
 * Every command, as `--help` lists it and as its arguments are parsed. A command's code is loaded only when it is the
 * one chosen, so `duban items` never loads Wechaty, and `duban --help` loads none of them.
 */
import type { Command } from './command.ts';

export const commands: Command[] = [
  {
    name: 'import',
    usage: 'import FILE [--ledger NAME] [--as-of YYYY-MM-DD] [--strict] [--dry-run] [--review OUT.xlsx]',
    summary: '导入整改报告到台账；--dry-run 或 --review 先核对 / import a report into a ledger; review it first',
    options: {
      ledger: { type: 'string' },
      'as-of': { type: 'string' },
      strict: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      review: { type: 'string' },
    },
    positionals: [1, 1],
    load: () => import('./import.ts'),
  },
  {
    name: 'items',
    readsLedger: true,
    usage: 'items [--ledger NAME] [--json]',
    summary: '列出台账中的问题 / list a ledger\'s items',
    options: { ledger: { type: 'string' } },
    positionals: [0, 0],
    load: () => import('./items.ts'),
  },
  {
    name: 'updates',
    readsLedger: true,
    usage: 'updates [--ledger NAME] [--item CODE] [--json]',
    summary: '列出更新记录（审计轨迹）/ the audit trail of changes',
    options: {
      ledger: { type: 'string' },
      item: { type: 'string' },
    },
    positionals: [0, 0],
    load: () => import('./updates.ts'),
  },
  {
    name: 'bind',
    usage: 'bind [--room TOPIC (--ledger NAME [--at HH:MM] [--days 1-5] | --remove)]',
    summary: '把微信群（按群名）绑定到台账，或列出已绑定的群 / bind a group to a ledger, or list bindings',
    options: {
      room: { type: 'string' },
      ledger: { type: 'string' },
      at: { type: 'string' },
      days: { type: 'string' },
      remove: { type: 'boolean' },
    },
    positionals: [0, 0],
    load: () => import('./bind.ts'),
  },
  {
    name: 'broadcast',
    usage: 'broadcast --room TOPIC [--dry-run]',
    summary: '生成群的整改进展日报：--dry-run 只打印，否则加入发送队列 / the daily notice for a group',
    options: {
      room: { type: 'string' },
      'dry-run': { type: 'boolean' },
    },
    positionals: [0, 0],
    load: () => import('./broadcast.ts'),
  },
  {
    name: 'chat',
    usage: 'chat [--room TOPIC] --from NAME TEXT',
    summary: '以群成员身份对督办说一句话，打印回复（不经微信）/ one message through the bot, replies printed',
    options: {
      room: { type: 'string' },
      from: { type: 'string' },
    },
    positionals: [1, Number.MAX_SAFE_INTEGER],
    load: () => import('./chat.ts'),
  },
  {
    name: 'serve',
    usage: 'serve',
    summary: '登录微信，在已绑定的群里工作，并开启网页控制台（npm start）/ run the bot in WeChat and the web console',
    options: {},
    positionals: [0, 0],
    load: () => import('./serve.ts'),
  },
  {
    name: 'demo',
    usage: 'demo [--now ISO-8601]',
    summary: '离线演示：在模拟的微信群里和督办对话（npm run demo）/ offline demo in a simulated group',
    options: {},
    positionals: [0, 0],
    load: () => import('./demo.ts'),
  },
  {
    name: 'export',
    readsLedger: true,
    usage: 'export [--ledger NAME] --out FILE.xlsx',
    summary: '导出台账为 Excel 表格 / export a ledger as an Excel sheet',
    options: { ledger: { type: 'string' }, out: { type: 'string' } },
    positionals: [0, 0],
    load: () => import('./export.ts'),
  },
  {
    name: 'report',
    readsLedger: true,
    usage: 'report [--ledger NAME] [--format docx|txt] --out FILE',
    summary: '生成整改情况公布（Word 或文本）/ the public progress report',
    options: { ledger: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } },
    positionals: [0, 0],
    load: () => import('./report.ts'),
  },
  {
    name: 'web',
    usage: 'web',
    summary: '只启动网页控制台（DUBAN_WEB_HOST:DUBAN_WEB_PORT）/ the web console alone',
    options: {},
    positionals: [0, 0],
    load: () => import('./web.ts'),
  },
  {
    name: 'user',
    usage: 'user (add NAME --role admin|viewer | list | remove NAME | passwd NAME)',
    summary: '网页控制台的账号（密码在提示后输入）/ accounts of the web console',
    options: { role: { type: 'string' } },
    positionals: [1, 2],
    load: () => import('./user.ts'),
  },
];
