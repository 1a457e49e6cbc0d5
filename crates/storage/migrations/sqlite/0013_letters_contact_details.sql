-- Letters safe to send: a client's contact details (address, postcode,
-- place, phone, e-mail; empty when unknown), and letters as drafts that are
-- edited, discarded or sent; a sent letter keeps its kenmerk, date and the
-- address in its head. Letters from before drafts were kept as sent at once
-- (status 'sent', no kenmerk).

ALTER TABLE clients ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE clients ADD COLUMN postcode TEXT NOT NULL DEFAULT '';
ALTER TABLE clients ADD COLUMN place TEXT NOT NULL DEFAULT '';
ALTER TABLE clients ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE clients ADD COLUMN email TEXT NOT NULL DEFAULT '';

ALTER TABLE letters ADD COLUMN status TEXT NOT NULL DEFAULT 'sent'
    CHECK (status IN ('draft', 'sent', 'discarded'));
ALTER TABLE letters ADD COLUMN reference TEXT;
ALTER TABLE letters ADD COLUMN sent_on TEXT;
ALTER TABLE letters ADD COLUMN sent_by INTEGER;
-- The letter head's address lines, one per line.
ALTER TABLE letters ADD COLUMN address TEXT NOT NULL DEFAULT '';

CREATE UNIQUE INDEX letters_reference ON letters (organisation_id, reference)
    WHERE reference IS NOT NULL;
CREATE INDEX letters_drafts ON letters (organisation_id, produced_by) WHERE status = 'draft';
