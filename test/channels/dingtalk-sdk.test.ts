/**
 * The official dingtalk-stream SDK against the fake DingTalk: it finds the stream through the gateway, receives a
 * robot message, acknowledges it with the frame's id, answers the platform's ping, and after a dropped connection
 * comes back on a fresh ticket. The OpenAPI calls duban makes are checked against the same fake.
 */
import type { DWClientDownStream } from 'dingtalk-stream';
import { afterEach, describe, expect, it } from 'vitest';
import { DingTalkApi } from '../../src/channels/dingtalk/api.ts';
import { DingTalkStream } from '../../src/channels/dingtalk/stream.ts';
import { UserError } from '../../src/errors.ts';
import { silentLogger } from '../../src/log.ts';
import { FakeDingTalk } from '../support/fake-dingtalk.ts';

const group = { conversationId: 'cidGROUP1', title: '整改工作群' };
const zhang = { staffId: 'zhangsan01', nick: '张三' };

let cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

async function connected(fake: FakeDingTalk, received: DWClientDownStream[], presses: DWClientDownStream[] = []) {
  const stream = new DingTalkStream({
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    apiBase: fake.url,
    log: silentLogger,
    retry: { firstMs: 50, maxMs: 400 },
    onMessage: async (frame) => {
      received.push(frame);
      return { ok: true };
    },
    onCard: async (frame) => {
      presses.push(frame);
      return { cardUpdateOptions: { updateCardDataByKey: true } };
    },
  });
  cleanup.push(() => stream.stop());
  await stream.start();
  return stream;
}

describe('dingtalk-stream SDK against the fake DingTalk', () => {
  it('opens the stream through the gateway, gets a robot message and acknowledges it by its frame id', async () => {
    const fake = await FakeDingTalk.start();
    cleanup.push(() => fake.close());
    const received: DWClientDownStream[] = [];
    const stream = await connected(fake, received);
    expect(stream.connected).toBe(true);
    const gateway = fake.platform.calls('POST', '/v1.0/gateway/connections/open');
    expect(gateway).toHaveLength(1);
    expect(gateway[0]!.body.subscriptions).toContainEqual({ type: 'CALLBACK', topic: '/v1.0/im/bot/messages/get' });

    const { msgId, streamId } = fake.say({ group, from: zhang, text: '公租房整改到哪一步了？' });
    const ack = await fake.acked(streamId);
    expect(JSON.parse(ack.data)).toEqual({ response: { ok: true } });
    const data = JSON.parse(received[0]!.data);
    expect(data).toMatchObject({ msgId, conversationId: 'cidGROUP1', senderStaffId: 'zhangsan01', senderNick: '张三', text: { content: ' 公租房整改到哪一步了？' } });

    const ping = fake.ping();
    expect((await fake.acked(ping)).data).toBe('{"opaque":"x"}');
  });

  it('comes back on a fresh ticket after the connection drops, and again after the platform asks it to', async () => {
    const fake = await FakeDingTalk.start();
    cleanup.push(() => fake.close());
    const received: DWClientDownStream[] = [];
    await connected(fake, received);
    await fake.streamOpen(1);
    fake.drop();
    await fake.streamOpen(2);
    fake.disconnect();
    await fake.streamOpen(3);
    expect(new Set(fake.connections).size).toBe(3);
    const { streamId } = fake.say({ group, from: zhang, text: '还在吗' });
    await fake.acked(streamId);
    expect(received).toHaveLength(1);
  });

  it('keeps trying with a growing wait while the gateway is unreachable, and connects once it is back', async () => {
    const fake = await FakeDingTalk.start();
    cleanup.push(() => fake.close());
    fake.platform.failNext('POST', '/v1.0/gateway/connections/open', { status: 503, json: { code: 'ServiceUnavailable' } });
    fake.platform.failNext('POST', '/v1.0/gateway/connections/open', { status: 503, json: { code: 'ServiceUnavailable' } });
    const stream = await connected(fake, []);
    expect(stream.connected).toBe(false);
    await fake.streamOpen(1);
    const [first, second, third] = fake.platform.calls('POST', '/v1.0/gateway/connections/open').map((call) => call.at);
    // The back-off starts at 50 ms and doubles: timers never fire early, so these are floors.
    expect(second! - first!).toBeGreaterThanOrEqual(45);
    expect(third! - second!).toBeGreaterThanOrEqual(95);
    expect(fake.platform.calls('POST', '/v1.0/gateway/connections/open')).toHaveLength(3);
  });
});

describe('DingTalk OpenAPI against the fake', () => {
  it('sends through the session webhook with real @, to a group, as a card with @, and downloads a picture', async () => {
    const fake = await FakeDingTalk.start();
    cleanup.push(() => fake.close());
    const api = new DingTalkApi({ clientId: fake.clientId, clientSecret: fake.clientSecret, robotCode: fake.robotCode, apiBase: fake.url });
    const received: DWClientDownStream[] = [];
    await connected(fake, received);
    fake.say({ group, from: zhang, text: '图', picture: { name: 'a.png', data: Buffer.from('PNG!') } });
    await fake.platform.until(() => received.length === 1);
    const data = JSON.parse(received[0]!.data);
    expect(data.msgtype).toBe('richText');

    await api.replyBySession(data.sessionWebhook, { title: '督办', text: '收到 @zhangsan01' }, ['zhangsan01']);
    await api.sendToGroup('cidGROUP1', { title: '督办', text: '日报' });
    await api.sendCardToGroup('cidGROUP1', 'notice-1', '督办日报', '请 @zhangsan01 更新', [{ userId: 'zhangsan01', nickName: '张三' }]);
    expect(fake.sent).toEqual([
      { via: 'webhook', conversationId: 'cidGROUP1', text: '收到 @zhangsan01', atUserIds: ['zhangsan01'] },
      { via: 'group', conversationId: 'cidGROUP1', text: '日报', atUserIds: [] },
      { via: 'card', conversationId: 'cidGROUP1', text: '请 @zhangsan01 更新', atUserIds: ['zhangsan01'], outTrackId: 'notice-1' },
    ]);
    const picture = data.content.richText.find((part: { type?: string }) => part.type === 'picture');
    expect(String(await api.download(picture.downloadCode))).toBe('PNG!');
    expect(fake.platform.calls('POST', '/v1.0/oauth2/accessToken')).toHaveLength(1);
  });

  it('delivers a card with buttons whose press comes back over the stream, and messages one person', async () => {
    const fake = await FakeDingTalk.start();
    cleanup.push(() => fake.close());
    const api = new DingTalkApi({ clientId: fake.clientId, clientSecret: fake.clientSecret, robotCode: fake.robotCode, apiBase: fake.url });
    const presses: DWClientDownStream[] = [];
    await connected(fake, [], presses);
    await api.sendButtonCard('cidGROUP1', 'tpl.schema', 'track-1', '请确认', [{ id: 'confirm', label: '确认' }, { id: 'cancel', label: '取消' }], { zhangsan01: '张三' });
    expect(fake.sent[0]).toEqual({ via: 'button-card', conversationId: 'cidGROUP1', text: '请确认', atUserIds: ['zhangsan01'], buttons: ['confirm', 'cancel'], outTrackId: 'track-1' });
    const press = fake.press({ outTrackId: 'track-1', button: 'confirm', from: zhang });
    expect(JSON.parse((await fake.acked(press)).data)).toEqual({ response: { cardUpdateOptions: { updateCardDataByKey: true } } });
    expect(JSON.parse(presses[0]!.data)).toMatchObject({ outTrackId: 'track-1', userId: 'zhangsan01' });

    await api.sendToPerson('zhangsan01', { title: '督办', text: '提醒' });
    expect(fake.sent[1]).toEqual({ via: 'single', userIds: ['zhangsan01'], text: '提醒', atUserIds: [] });
  });

  it('names the settings when the credentials are refused', async () => {
    const fake = await FakeDingTalk.start();
    cleanup.push(() => fake.close());
    const api = new DingTalkApi({ clientId: fake.clientId, clientSecret: 'wrong', robotCode: fake.robotCode, apiBase: fake.url });
    const error = await api.token().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).zh).toContain('DINGTALK_CLIENT_SECRET');
  });
});
