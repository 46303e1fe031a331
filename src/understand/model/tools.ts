/**
 * The tools the model may call, and our code that runs them over the ledger. Three only read; the fourth,
 * `propose_update`, writes nothing: it becomes the same update intent the rules produce, which the dialog turns into
 * a proposal that waits for its author's 确认 and passes the roles and approvals like any other. Arguments are
 * validated with zod; a code is read as the rules read one typed by a person (`二／3` is `二/3`), and one the ledger
 * does not have is refused, and the model is told so.
 */
import type { ChatCompletionFunctionTool } from 'openai/resources/chat/completions';
import { z } from 'zod';
import { addDays } from '../../clock.ts';
import type { Db } from '../../ledger/db.ts';
import { dueWithin, itemIdsOf, openItemIds, overdueItems } from '../../ledger/listings.ts';
import { searchItems } from '../../ledger/search.ts';
import type { Item, Ledger } from '../../ledger/types.ts';
import { itemByCode, normalizeCode } from '../codes.ts';
import type { ProposedChange } from '../updates.ts';
import { itemRows, shown } from './context.ts';
import { ModelFailure } from './failure.ts';
import type { Prompts } from './prompts.ts';

const code = z.string().trim().min(1).max(40);
const date = z.iso.date();

export const toolArguments = {
  search_items: z.object({ query: z.string().trim().min(1).max(40) }),
  get_item: z.object({ code }),
  list_items: z.object({
    filter: z.enum(['open', 'overdue', 'due_soon', 'responsible']),
    days: z.number().int().min(1).max(366).optional(),
    name: z.string().trim().min(1).max(20).optional(),
  }),
  propose_update: z
    .object({
      code,
      change: z.enum(['done', 'progress', 'deadline', 'note']),
      progress: z.number().int().min(0).max(100).optional(),
      deadline: date.optional(),
    })
    .refine((args) => args.change !== 'deadline' || args.deadline !== undefined, { message: 'deadline needs a date', path: ['deadline'] }),
};
type ToolName = keyof typeof toolArguments;
type Arguments<Name extends ToolName> = z.infer<(typeof toolArguments)[Name]>;

/** A call's arguments, checked: JSON of the tool's shape, or the model's output is of no use. */
function argumentsOf<Name extends ToolName>(name: Name, json: string): Arguments<Name> {
  let value: unknown;
  try {
    value = JSON.parse(json || '{}');
  } catch {
    throw new ModelFailure('malformed', `arguments of ${name} are not JSON`);
  }
  const parsed = toolArguments[name].safeParse(value);
  if (!parsed.success) throw new ModelFailure('malformed', `arguments of ${name}: ${parsed.error.issues[0]!.message}`);
  return parsed.data as Arguments<Name>;
}

/**
 * The tools as the API describes them: parameters from the zod schemas, words from `prompts/tools.txt`. A tool or
 * parameter the prompts do not describe stops the start, rather than leaving the model to guess.
 */
export function toolDefinitions(prompts: Prompts): ChatCompletionFunctionTool[] {
  return (Object.keys(toolArguments) as ToolName[]).map((name) => {
    const text = prompts.tools[name];
    if (!text?.description) throw new Error(`prompts/tools.txt does not describe the tool ${name}`);
    const { $schema: _schemaVersion, ...schema } = z.toJSONSchema(toolArguments[name], { io: 'input' }) as {
      $schema?: string;
      properties: Record<string, Record<string, unknown>>;
    };
    for (const [parameter, property] of Object.entries(schema.properties)) {
      const description = text.parameters[parameter];
      if (!description) throw new Error(`prompts/tools.txt does not describe ${name}.${parameter}`);
      property.description = description;
    }
    return { type: 'function', function: { name, description: text.description, parameters: schema } };
  });
}

/** What a tool call comes to: words for the model and the codes they show it, or the update it proposes. */
export type ToolOutcome = { content: string; codes: string[] } | { proposal: { item: Item; change: ProposedChange } };

const unknownCode = (value: string): ToolOutcome => ({
  content: `台账里没有编号为"${value}"的问题。请用 search_items 查到台账中的准确编号后再试。`,
  codes: [],
});

/** Runs the model's tool calls over one ledger, as it stands `today`. */
export class LedgerTools {
  constructor(
    private readonly db: Db,
    private readonly ledger: Ledger,
    private readonly today: string,
    private readonly timeZone: string,
  ) {}

  #item(code: string): Item | undefined {
    return itemByCode(this.db, this.ledger.id, normalizeCode(code));
  }

  #rows(ids: number[], title: string, full = false): ToolOutcome {
    const { rows, codes } = itemRows(this.db, this.ledger.id, ids, this.timeZone, full);
    return { content: [...(title ? [title] : []), ...rows].join('\n'), codes };
  }

  /** Runs one call of the model's, its arguments as the model wrote them (JSON). */
  call(name: string, json: string): ToolOutcome {
    switch (name) {
      case 'search_items': {
        const { query } = argumentsOf(name, json);
        const ids = searchItems(this.db, this.ledger.id, query, shown.rows).map((hit) => hit.id);
        return ids.length ? this.#rows(ids, `与"${query}"相关的 ${ids.length} 项：`) : { content: `台账里没有找到与"${query}"相关的问题。`, codes: [] };
      }
      case 'get_item': {
        const { code } = argumentsOf(name, json);
        const item = this.#item(code);
        return item ? this.#rows([item.id], '', true) : unknownCode(code);
      }
      case 'list_items':
        return this.#list(argumentsOf(name, json));
      case 'propose_update': {
        const proposed = argumentsOf(name, json);
        const item = this.#item(proposed.code);
        if (!item) return unknownCode(proposed.code);
        return { proposal: { item, change: proposedChange(proposed) } };
      }
    }
    throw new ModelFailure('malformed', `no tool named ${name.slice(0, 40)}`);
  }

  #list({ filter, days = 7, name }: Arguments<'list_items'>): ToolOutcome {
    const [ids, what] =
      filter === 'open'
        ? [openItemIds(this.db, this.ledger.id), '未完成的']
        : filter === 'overdue'
          ? [overdueItems(this.db, this.ledger.id, this.today).map((d) => d.id), `截至 ${this.today} 逾期未完成的`]
          : filter === 'due_soon'
            ? [dueWithin(this.db, this.ledger.id, this.today, addDays(this.today, days)).map((d) => d.id), `${days} 天内到期的`]
            : [name ? itemIdsOf(this.db, this.ledger.id, name) : [], `${name ?? '（未写名字）'} 负责的`];
    const listed = ids.slice(0, shown.listRows);
    const more = ids.length > listed.length ? `（只列出前 ${listed.length} 项）` : '';
    return this.#rows(listed, `${what}共 ${ids.length} 项${more}：`);
  }
}

/** The change as the rules would have read it; its phrase is what people would have said. */
function proposedChange(args: Arguments<'propose_update'>): ProposedChange {
  switch (args.change) {
    case 'done':
      return { kind: 'done', phrase: '已完成' };
    case 'progress':
      if (args.progress === 100) return { kind: 'done', phrase: '已完成' };
      return { kind: 'progress', progress: args.progress, phrase: '有进展' };
    case 'deadline':
      return { kind: 'deadline', deadline: args.deadline!, phrase: '申请延期' };
    case 'note':
      return { kind: 'note', phrase: '备注' };
  }
}
