import { createInterface } from 'node:readline';
import { UserError } from '../errors.ts';
import { addAccount, findAccount, listAccounts, removeAccount, type Role, roles, setPassword } from '../ledger/accounts.ts';
import { hashPassword, passwordProblem } from '../web/passwords.ts';
import type { CommandContext, Values } from './command.ts';

const roleNames: Record<Role, string> = { admin: '管理员', viewer: '只读' };

/** Reads a password: from a terminal without echoing it, twice; from a pipe, its first line. */
async function askPassword(context: CommandContext): Promise<string> {
  const input = context.input as NodeJS.ReadStream;
  if (!input.isTTY) {
    const lines = createInterface({ input });
    for await (const line of lines) {
      lines.close();
      return line;
    }
    throw new UserError('没有读到密码：请在提示后输入，或从标准输入传入一行', 'No password read: type it at the prompt or pipe one line');
  }
  const ask = (prompt: string) =>
    new Promise<string>((resolve) => {
      process.stderr.write(prompt);
      input.setRawMode(true);
      let typed = '';
      const onData = (chunk: Buffer) => {
        for (const char of chunk.toString('utf8')) {
          if (char === '\r' || char === '\n') {
            input.setRawMode(false);
            input.off('data', onData);
            input.pause();
            process.stderr.write('\n');
            return resolve(typed);
          }
          if (char === '\u0003') process.exit(130);
          typed = char === '\u007f' ? typed.slice(0, -1) : typed + char;
        }
      };
      input.on('data', onData);
      input.resume();
    });
  const first = await ask('密码：');
  if ((await ask('再输一次：')) !== first) throw new UserError('两次输入的密码不一样，没有保存', 'The passwords differ: nothing saved');
  return first;
}

async function newPassword(context: CommandContext): Promise<string> {
  const password = await askPassword(context);
  const problem = passwordProblem(password);
  if (problem) throw new UserError(`${problem}，没有保存`, 'The password needs at least 8 characters: nothing saved');
  return hashPassword(password);
}

export async function run(context: CommandContext, values: Values, [action, name]: string[]): Promise<void> {
  const db = context.db();
  const needName = () => {
    if (!name) throw new UserError(`请写明账号名：duban user ${action} 名字`, `Name the account: duban user ${action} NAME`);
    return name;
  };
  switch (action) {
    case 'list': {
      const accounts = listAccounts(db);
      if (context.json) return context.print(JSON.stringify(accounts.map((a) => ({ name: a.name, role: a.role, createdAt: a.createdAt })), null, 2));
      if (accounts.length === 0) return context.print('还没有账号。用 duban user add 名字 --role admin 添加。');
      for (const a of accounts) context.print(`${a.name}\t${roleNames[a.role]}\t${a.createdAt.slice(0, 10)}`);
      return;
    }
    case 'add': {
      const account = needName();
      const role = roles.find((r) => r === values.role);
      if (!role) throw new UserError('请用 --role admin（管理员，可操作）或 --role viewer（只读，领导查看）', 'Give --role admin or --role viewer');
      if (findAccount(db, account)) throw new UserError(`账号"${account}"已经存在（改密码用 duban user passwd）`, `Account "${account}" exists (use duban user passwd)`);
      const passwordHash = await newPassword(context);
      if (!addAccount(db, { name: account, role, passwordHash }, context.clock.now())) throw new UserError(`账号"${account}"已经存在`, `Account "${account}" exists`);
      return context.print(`已添加账号"${account}"（${roleNames[role]}）。`);
    }
    case 'passwd': {
      const account = needName();
      if (!findAccount(db, account)) throw new UserError(`没有账号"${account}"`, `No account "${account}"`);
      if (!setPassword(db, account, await newPassword(context), context.clock.now())) throw new UserError(`没有账号"${account}"`, `No account "${account}"`);
      return context.print(`已修改账号"${account}"的密码，它在各处的登录已退出。`);
    }
    case 'remove': {
      const account = needName();
      if (!removeAccount(db, account)) throw new UserError(`没有账号"${account}"`, `No account "${account}"`);
      return context.print(`已删除账号"${account}"；它做过的操作仍留在审计记录里。`);
    }
    default:
      throw new UserError(`未知的 user 操作"${action}"：可用 add、list、remove、passwd`, `Unknown user action "${action}": add, list, remove or passwd`);
  }
}
