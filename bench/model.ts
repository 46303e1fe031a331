/**
 * What the model is sent for one question, on a small ledger and a large one: the same free-form question
 * (`上次说的那个污水管网的事怎么样了`, which the rules cannot place) asked of seed 003 (25 items) and of a
 * 10,000-item ledger, each through the real bot and the real `openai` client to a fake OpenAI-compatible server on
 * 127.0.0.1 that plays the same script (the first item retrieved with the question looked at in full, then an
 * answer) and counts the bytes it receives, over both requests. Aim: the large ledger's prompt within 1.2x of the
 * small one's, because the model sees only the few rows retrieved for the question, each of a fixed size. Beside the
 * total, the part that comes from the ledger: the rows retrieved with the question and the tools' results, which
 * are what could grow with it (the rest is the instructions and the tools' descriptions, the same on both).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bot } from '../src/bot.ts';
import { ManualClock } from '../src/clock.ts';
import { loadConfig } from '../src/config.ts';
import { readTextReport } from '../src/ingest/text-report.ts';
import { samples } from '../src/ingest/samples.ts';
import { readReportFile } from '../src/ingest/import-file.ts';
import { applyReport } from '../src/ledger/apply-report.ts';
import { bindRoom } from '../src/ledger/bindings.ts';
import { type Db, openDatabase } from '../src/ledger/db.ts';
import { findLedger } from '../src/ledger/ledgers.ts';
import type { ReportDraft } from '../src/ledger/types.ts';
import { silentLogger } from '../src/log.ts';
import { answer, messagesOf, startFakeModel, toolCall } from '../test/support/fake-model.ts';
import { syntheticReport } from './synthetic.ts';
import { report, round } from './support.ts';

const question = '上次说的那个污水管网的事怎么样了';
const room = '整改工作群';

interface Prompt {
  /** All the requests' bodies. */
  bytes: number;
  /** The rows retrieved with the question, as the first request shows them. */
  rowsBytes: number;
  /** The tools' results, as the last request shows them. */
  toolBytes: number;
  requests: number;
  promptTokens: number;
  items: number;
}

const utf8 = (text: string) => Buffer.byteLength(text);

/** The bytes (and the tokens the budget counted) the model server received for the question on this ledger. */
async function promptFor(dir: string, name: string, draft: ReportDraft): Promise<Prompt> {
  const model = await startFakeModel();
  const clock = new ManualClock('2021-07-01T09:00:00+08:00');
  const config = loadConfig({
    DUBAN_DB: join(dir, `${name}.db`),
    DUBAN_DATA_DIR: dir,
    OPENAI_API_KEY: 'sk-bench',
    OPENAI_BASE_URL: model.baseURL,
    DUBAN_MODEL: 'bench',
  });
  const db: Db = openDatabase(config.db);
  try {
    applyReport(db, name, draft, { fileName: `${name}.txt`, sha256: '-', format: 'text', encoding: 'utf-8' }, clock.now());
    bindRoom(db, { roomTopic: room, ledgerId: findLedger(db, name)!.id, by: 'bench' }, clock.now());
    // As a model does: looks at the first item retrieved with the question in full, then answers about it.
    let code = '';
    model.play(
      (request) => {
        code = /【([^】]+\/[^】]*)】/.exec(messagesOf(request, 'user').at(-1)!)?.[1] ?? '';
        return toolCall('get_item', { code });
      },
      () => answer(`【${code}】已完成。`, [code]),
    );
    const bot = new Bot(db, clock, config, silentLogger);
    await bot.handle({
      id: `bench-${name}`,
      channel: 'wechaty',
      room: { channel: 'wechaty', id: room, name: room, byName: true },
      from: { id: '张三', name: '张三' },
      text: question,
      kind: 'text',
      at: clock.now(),
      self: false,
      mentionsBot: true,
      botNames: ['督办'],
    });
    const shownInFull = model.received[1]?.body.messages.at(-1)?.content;
    if (typeof shownInFull !== 'string' || !shownInFull.includes('整改情况')) throw new Error(`the model did not see an item in full on ${name}`);
    const promptTokens = db.prepare('SELECT sum(prompt_tokens) FROM model_usage').pluck().get() as number;
    const items = db.prepare('SELECT count(*) FROM items').pluck().get() as number;
    const rows = messagesOf(model.received[0]!, 'user').at(-1)!.split('\n').filter((line) => /^【[^】]+\/[^】]*】/.test(line));
    const toolResults = messagesOf(model.received.at(-1)!, 'tool');
    return {
      bytes: model.received.reduce((sum, request) => sum + request.bytes, 0),
      rowsBytes: rows.reduce((sum, row) => sum + utf8(row), 0),
      toolBytes: toolResults.reduce((sum, result) => sum + utf8(result), 0),
      requests: model.received.length,
      promptTokens,
      items,
    };
  } finally {
    db.close();
    await model.close();
  }
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'duban-bench-'));
  try {
    const small = await promptFor(dir, 'seed003', readReportFile(samples['003'].file, { today: '2021-07-01' }).draft);
    const large = await promptFor(dir, 'large', readTextReport(syntheticReport(10_000), { today: '2021-01-01' }));
    report({
      bench: 'model.prompt',
      unit: 'bytes',
      value: large.bytes,
      baseline: `the same question on seed 003 (${small.items} items)`,
      baselineValue: small.bytes,
      ratio: round(large.bytes / small.bytes, 2),
      aim: 'ratio <= 1.2',
      items: large.items,
      rowsBytes: large.rowsBytes,
      baselineRowsBytes: small.rowsBytes,
      toolBytes: large.toolBytes,
      baselineToolBytes: small.toolBytes,
      requests: large.requests,
      baselineRequests: small.requests,
      promptTokens: large.promptTokens,
      baselinePromptTokens: small.promptTokens,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
