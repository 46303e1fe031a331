/** What a message asks of duban, as understood: by rules now, by a model where rules are not confident. */
import type { ProposedChange } from './updates.ts';

export type ListFilter =
  | { kind: 'open' }
  | { kind: 'inProgress' }
  | { kind: 'notStarted' }
  | { kind: 'done' }
  | { kind: 'longTerm' }
  | { kind: 'all' }
  | { kind: 'overdue' }
  | { kind: 'dueWithin'; days: number }
  /** Open items with a deadline on or before `date` (`年底前`, `8月底前`), `words` as they were said. */
  | { kind: 'dueBefore'; date: string; words: string }
  /** Open items nothing has been recorded on for `days` days. */
  | { kind: 'stalled'; days: number }
  /** `name` absent: the person asking (`我负责的`). */
  | { kind: 'responsible'; name?: string }
  /** Items whose 责任单位 is `unit`, as it was said (`县住建局`, `住建局`). */
  | { kind: 'unit'; unit: string };

export type Intent =
  | { kind: 'help' }
  /** Thanks, a greeting or an acknowledgement (收到): no question about the ledger. */
  | { kind: 'courtesy'; what: 'thanks' | 'greeting' | 'ack' }
  | { kind: 'overview' }
  | { kind: 'more' }
  | { kind: 'bind'; ledger: string }
  | { kind: 'unbind' }
  /** `绑定推送 KEY`: the group's WeCom 消息推送 robot key, through which its @ of people go. */
  | { kind: 'bindWebhook'; key: string }
  /** The group's daily notice: shown, or its time and weekdays changed (`日报时间 08:30 周一至周六`). */
  | { kind: 'noticeSchedule'; spec: string }
  | { kind: 'useLedger'; ledger: string }
  | { kind: 'items'; codes: string[] }
  | { kind: 'list'; filter: ListFilter }
  | { kind: 'search'; query: string }
  /** About the item just talked about (`那它现在谁负责`). */
  | { kind: 'followUp' }
  /** Written in English or pinyin: duban speaks Chinese. */
  | { kind: 'foreign' }
  /** A progress report: the change, the codes it names and the words to find its item by otherwise. */
  | { kind: 'update'; change: ProposedChange; codes: string[]; quoted: string[]; topic: string; text: string }
  | { kind: 'bulk' }
  | { kind: 'confirm' }
  | { kind: 'cancel' }
  /** A numbered choice among candidate items: 1-based. */
  | { kind: 'choose'; index: number }
  | { kind: 'assign'; code: string; names: string[] }
  | { kind: 'grant'; name: string }
  | { kind: 'revoke'; name: string }
  /** 销号 (close: approve a waiting closure, or close a done item), 批准/同意 (approve a waiting deadline change). */
  | { kind: 'approve'; code: string; what: 'closure' | 'deadline' }
  | { kind: 'return'; code: string; reason: string }
  | { kind: 'undo'; code?: string }
  | { kind: 'pending' }
  /** A model's answer to a question the rules could not place, naming the items it is about (codes in the ledger). */
  | { kind: 'answer'; text: string; codes: string[] };
