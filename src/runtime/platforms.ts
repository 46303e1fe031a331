/**
 * The DingTalk and Feishu channels as `serve` starts them, from the settings: a setting the channel cannot do without
 * stops the start, named, before anything connects.
 */
import { DingTalkTransport } from '../channels/dingtalk/transport.ts';
import { FeishuTransport } from '../channels/feishu/transport.ts';
import type { Transport } from '../chat/transport.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { UserError } from '../errors.ts';
import type { Db } from '../ledger/db.ts';
import { peopleBook } from '../ledger/people.ts';
import type { Logger } from '../log.ts';

function required(channel: string, setting: string, value: string | undefined, where: string): string {
  if (value) return value;
  throw new UserError(
    `DUBAN_CHANNELS 含 ${channel}，需要设置 ${setting}（${where}）`,
    `DUBAN_CHANNELS includes ${channel}: set ${setting} (${where})`,
  );
}

export function dingtalkTransport(config: Config, db: Db, clock: Clock, log: Logger, retry?: { firstMs: number; maxMs: number }): Transport {
  const { dingtalk } = config;
  const clientId = required('dingtalk', 'DINGTALK_CLIENT_ID', dingtalk.clientId, '钉钉开发者后台 → 应用 → 凭证与基础信息 → Client ID');
  return new DingTalkTransport({
    settings: {
      clientId,
      clientSecret: required('dingtalk', 'DINGTALK_CLIENT_SECRET', dingtalk.clientSecret, '钉钉开发者后台 → 应用 → 凭证与基础信息 → Client Secret'),
      robotCode: dingtalk.robotCode ?? clientId,
      apiBase: dingtalk.apiBase,
      ...(dingtalk.cardTemplateId ? { cardTemplateId: dingtalk.cardTemplateId } : {}),
      perMinute: dingtalk.perMinute,
      maxBytes: config.outbox.maxBytes,
    },
    clock,
    log: log.child({ channel: 'dingtalk' }),
    people: peopleBook(db, 'dingtalk', () => clock.now()),
    ...(retry ? { retry } : {}),
  });
}

export function feishuTransport(config: Config, db: Db, clock: Clock, log: Logger): Transport {
  const { feishu } = config;
  return new FeishuTransport({
    settings: {
      appId: required('feishu', 'FEISHU_APP_ID', feishu.appId, '飞书开发者后台 → 凭证与基础信息 → App ID'),
      appSecret: required('feishu', 'FEISHU_APP_SECRET', feishu.appSecret, '飞书开发者后台 → 凭证与基础信息 → App Secret'),
      domain: feishu.domain,
      perMinute: feishu.perMinute,
      maxBytes: config.outbox.maxBytes,
    },
    clock,
    log: log.child({ channel: 'feishu' }),
    people: peopleBook(db, 'feishu', () => clock.now()),
  });
}
