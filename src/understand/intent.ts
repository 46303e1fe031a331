/** What a message asks of duban, as understood: by rules now, by a model where rules are not confident. */

export type ListFilter =
  | { kind: 'open' }
  | { kind: 'overdue' }
  | { kind: 'dueWithin'; days: number }
  | { kind: 'responsible'; name: string };

export type Intent =
  | { kind: 'help' }
  | { kind: 'overview' }
  | { kind: 'more' }
  | { kind: 'bind'; ledger: string }
  | { kind: 'unbind' }
  | { kind: 'useLedger'; ledger: string }
  | { kind: 'items'; codes: string[] }
  | { kind: 'list'; filter: ListFilter }
  | { kind: 'search'; query: string };
