-- Lists and the overview ask by status ("what is still open?"); on a large ledger that must not read every item.
CREATE INDEX items_ledger_status ON items (ledger_id, status, long_term);
