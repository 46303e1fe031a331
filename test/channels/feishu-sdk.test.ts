/**
 * The official Feishu SDK against the fake Feishu: the WSClient asks the endpoint for its long connection, pings and
 * gets the platform's config back, receives a message event and a card button press in protobuf frames and answers
 * each; after a drop it comes back on its own. The IM API calls duban makes are checked against the same fake.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FeishuApi, cardContent, textContent } from '../../src/channels/feishu/api.ts';
import { type FeishuCardAction, FeishuConnection, type FeishuMessageEvent, sdkLogger } from '../../src/channels/feishu/connection.ts';
import { UserError } from '../../src/errors.ts';
import { silentLogger } from '../../src/log.ts';
import { FakeFeishu } from '../support/fake-feishu.ts';
import { memoryLog } from '../support/log.ts';

const quiet = sdkLogger(silentLogger);
const zhang = { openId: 'ou_zhangsan', name: '张三' };
const li = { openId: 'ou_lisi', name: '李四' };
const chat = { chatId: 'oc_group1', name: '整改工作群', members: [zhang, li] };

let cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

async function open(fake: FakeFeishu, messages: FeishuMessageEvent[], presses: FeishuCardAction[] = []) {
  const connection = new FeishuConnection({
    credentials: { appId: fake.appId, appSecret: fake.appSecret, domain: fake.url },
    log: silentLogger,
    onMessage: async (event) => void messages.push(event),
    onCardAction: async (event) => {
      presses.push(event);
      return { toast: { type: 'success', content: '已确认' } };
    },
  });
  cleanup.push(() => connection.stop());
  await connection.start();
  await fake.connectionOpen(1);
  return connection;
}

describe('Feishu WSClient against the fake Feishu', () => {
  it('connects through the endpoint, pings, receives a message and a button press, and answers both', async () => {
    const fake = await FakeFeishu.start({ chats: [chat] });
    cleanup.push(() => fake.close());
    fake.clientConfig = { ...fake.clientConfig, PingInterval: 1 };
    const messages: FeishuMessageEvent[] = [];
    const presses: FeishuCardAction[] = [];
    await open(fake, messages, presses);
    expect(fake.platform.calls('POST', '/callback/ws/endpoint')[0]!.body).toEqual({ AppID: fake.appId, AppSecret: fake.appSecret });
    await fake.platform.until(() => fake.frames.some((f) => f.direction === 'up' && f.frame.headers.type === 'ping'));

    const { messageId, frameId } = fake.say({ chat, from: zhang, text: '公租房整改到哪一步了？' });
    expect(await fake.answered(frameId)).toEqual({ code: 200 });
    expect(messages[0]!.message).toMatchObject({ message_id: messageId, chat_id: 'oc_group1', message_type: 'text' });
    expect(JSON.parse(messages[0]!.message.content).text).toBe('@_user_1 公租房整改到哪一步了？');
    expect(messages[0]!.message.mentions![0]!.id.open_id).toBe(fake.botOpenId);

    const api = new FeishuApi({ appId: fake.appId, appSecret: fake.appSecret, domain: fake.url }, quiet);
    await api.send('oc_group1', { msgType: 'interactive', content: cardContent('督办', '请 @张三 确认', [zhang], [{ text: '确认', value: { action: 'confirm' }, primary: true }]) });
    const [card] = await fake.waitSent(1);
    expect(card).toMatchObject({ text: '请 @张三 确认', atOpenIds: ['ou_zhangsan'], buttons: [{ text: '确认', value: { action: 'confirm' } }] });
    const press = fake.press({ sent: card!, button: '确认', from: zhang });
    expect(await fake.answered(press)).toEqual({ code: 200, data: { toast: { type: 'success', content: '已确认' } } });
    expect(presses[0]).toMatchObject({ operator: { open_id: 'ou_zhangsan' }, action: { value: { action: 'confirm' } }, context: { open_message_id: card!.messageId } });
  });

  it('comes back by itself after the connection drops', async () => {
    const fake = await FakeFeishu.start({ chats: [chat] });
    cleanup.push(() => fake.close());
    const messages: FeishuMessageEvent[] = [];
    await open(fake, messages);
    fake.drop();
    await fake.connectionOpen(2);
    const { frameId } = fake.say({ chat, from: zhang, text: '在吗' });
    await fake.answered(frameId);
    expect(messages).toHaveLength(1);
  });
});

describe('Feishu IM API against the fake', () => {
  it('replies with real @, knows the bot, the chat and its members, downloads an image', async () => {
    const fake = await FakeFeishu.start({ chats: [chat] });
    cleanup.push(() => fake.close());
    const messages: FeishuMessageEvent[] = [];
    await open(fake, messages);
    const api = new FeishuApi({ appId: fake.appId, appSecret: fake.appSecret, domain: fake.url }, quiet);
    await api.checkCredentials();
    expect(await api.botOpenId()).toBe(fake.botOpenId);
    expect(await api.chatName('oc_group1')).toBe('整改工作群');
    expect(await api.memberName('oc_group1', 'ou_lisi')).toBe('李四');

    const { messageId, frameId } = fake.say({ chat, from: zhang, image: { name: 'a.png', data: Buffer.from('PNG!') } });
    await fake.answered(frameId);
    const key = JSON.parse(messages[0]!.message.content).image_key;
    expect(String(await api.resource(messageId, key, 'image'))).toBe('PNG!');

    await api.send('oc_group1', { msgType: 'text', content: textContent('收到 @张三', [zhang]) }, messageId);
    expect(fake.sent[0]).toMatchObject({ chatId: 'oc_group1', replyTo: messageId, text: '收到 @张三', atOpenIds: ['ou_zhangsan'] });
  });

  it('holds a group to 5 messages a second', async () => {
    const fake = await FakeFeishu.start({ chats: [chat] });
    cleanup.push(() => fake.close());
    const api = new FeishuApi({ appId: fake.appId, appSecret: fake.appSecret, domain: fake.url }, quiet);
    for (let i = 0; i < 5; i++) await api.send('oc_group1', { msgType: 'text', content: textContent(`第${i}条`, []) });
    await expect(api.send('oc_group1', { msgType: 'text', content: textContent('第6条', []) })).rejects.toMatchObject({ code: 230020 });
  });

  it('names the setting when the credentials are refused, and logs the refusal without the secret', async () => {
    const fake = await FakeFeishu.start();
    cleanup.push(() => fake.close());
    const { log, lines } = memoryLog();
    const error = await new FeishuApi({ appId: fake.appId, appSecret: 'wrong-secret-123', domain: fake.url }, sdkLogger(log)).checkCredentials().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).zh).toContain('FEISHU_APP_SECRET');
    expect(lines.join('')).toContain('10014 app secret invalid');
    expect(lines.join('')).not.toContain('wrong-secret-123');
  });
});
