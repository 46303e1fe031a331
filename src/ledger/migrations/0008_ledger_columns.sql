-- What a spreadsheet ledger (整改台账) says of an item beside the report's text: the measures planned (整改措施), the
-- leader and the unit responsible (责任领导, 责任单位) and remarks (备注). Kept, so that a ledger exported to Excel
-- imports back unchanged. '' when the ledger says nothing.
ALTER TABLE items ADD COLUMN planned_measures TEXT NOT NULL DEFAULT '';
ALTER TABLE items ADD COLUMN leader TEXT NOT NULL DEFAULT '';
ALTER TABLE items ADD COLUMN unit TEXT NOT NULL DEFAULT '';
ALTER TABLE items ADD COLUMN remark TEXT NOT NULL DEFAULT '';
