-- The handover the receiving team sent back and the sending team has not
-- acted on yet (offered the client again, or marked the return seen): it is
-- signalled on the caseload and the klantkaart. Kept in step with
-- client_events like the rest of the current state; `zicht check` replays.
ALTER TABLE clients ADD COLUMN returned_handover_id INTEGER
    CHECK (returned_handover_id IS NULL OR status = 'open');

-- Histories from before: an open client whose latest handover came back.
UPDATE clients SET returned_handover_id = (
    SELECT h.id FROM handovers h WHERE h.client_id = clients.id ORDER BY h.id DESC LIMIT 1)
WHERE status = 'open'
  AND (SELECT h.status FROM handovers h WHERE h.client_id = clients.id ORDER BY h.id DESC LIMIT 1) = 'returned';
