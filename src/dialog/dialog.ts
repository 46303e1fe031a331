/**
 * Answers an understood message from the ledger. One handler per kind of intent, in families (asking, lists,
 * reporting, approving, administering), looked up in one table; every sentence comes from the reply catalogue.
 * Every fact in an answer comes from the ledger; what is not there is said to be not there.
 */
import type { Clock } from '../clock.ts';
import { Conversations } from '../ledger/conversations.ts';
import type { Db } from '../ledger/db.ts';
import { findItems } from '../understand/retrieval.ts';
import type { Ledger } from '../ledger/types.ts';
import type { Intent } from '../understand/intent.ts';
import { administering } from './administering.ts';
import { approving } from './approving.ts';
import { asking } from './asking.ts';
import { type DialogContext, type DialogSettings, type Handlers, keyOf, ledgerFor } from './context.ts';
import { lists } from './lists.ts';
import { clearHit } from './lookup.ts';
import { candidates, reporting } from './reporting.ts';
import type { Roles } from './roles.ts';
import type { Said, Turn } from './turn.ts';

export type { DialogSettings } from './context.ts';

/** A message the rules are not sure of: the ledger it is about, and the items they found for it, best first. */
export interface Doubt {
  ledger: Ledger;
  itemIds: number[];
}

export const handlers: Handlers = { ...asking, ...lists, ...reporting, ...approving, ...administering };

export class Dialog {
  readonly #conversations: Conversations;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly roles: Roles,
    private readonly settings: DialogSettings,
  ) {
    this.#conversations = new Conversations(db, clock);
  }

  #context(turn: Turn): DialogContext {
    return { db: this.db, clock: this.clock, roles: this.roles, conversations: this.#conversations, settings: this.settings, turn, key: keyOf(turn) };
  }

  respond(turn: Turn, intent: Intent): Said[] {
    const handle = handlers[intent.kind] as (context: DialogContext, intent: Intent) => Said[];
    return handle(this.#context(turn), intent);
  }

  /**
   * Whether the rules are unsure what a message means, so that a model may read it: a search that finds no item or
   * several, or a progress report whose item they cannot settle. Commands, codes and lists are never in doubt.
   * Only reads: when the rules answer after all, they answer as if never asked.
   */
  unsure(turn: Turn, intent: Intent): Doubt | undefined {
    if (intent.kind !== 'search' && !(intent.kind === 'update' && intent.codes.length === 0)) return undefined;
    const context = this.#context(turn);
    const ledger = ledgerFor(context);
    if (typeof ledger === 'string') return undefined;
    const found = (query: string) => findItems(this.db, ledger.id, query, 10);
    if (intent.kind === 'search') {
      const hits = found(intent.query);
      return clearHit(hits).chosen ? undefined : { ledger, itemIds: hits.map((h) => h.id) };
    }
    const items = candidates(context, ledger, intent);
    if (typeof items === 'string' || items.length === 1) return undefined;
    const itemIds = items.length ? items.map((item) => item.id) : found(intent.topic || intent.text).map((h) => h.id);
    return { ledger, itemIds };
  }
}
