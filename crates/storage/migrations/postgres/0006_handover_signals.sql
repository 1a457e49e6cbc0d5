-- The handover the receiving team sent back and the sending team has not
-- acted on yet (offered the client again, or marked the return seen): it is
-- signalled on the caseload and the klantkaart. Kept in step with
-- client_events like the rest of the current state; `zicht check` replays.
ALTER TABLE clients ADD COLUMN returned_handover_id BIGINT,
    ADD CONSTRAINT clients_returned_only_open CHECK (returned_handover_id IS NULL OR status = 'open');

-- Histories from before: an open client whose latest handover came back.
UPDATE clients SET returned_handover_id = latest.id
FROM (SELECT DISTINCT ON (client_id) client_id, id, status FROM handovers ORDER BY client_id, id DESC) latest
WHERE latest.client_id = clients.id AND latest.status = 'returned' AND clients.status = 'open';
