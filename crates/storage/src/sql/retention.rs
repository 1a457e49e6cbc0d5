//! Retention: anonymising closed files after the organisation's term, and
//! pruning the processing log after its own.

use sqlx::Row;

use super::BackendStore;
use time::OffsetDateTime;
use zicht_domain::{
    event::{ClientEvent, RegisterEvent},
    ClientId,
};

use super::{history, logbook};
use crate::{Ctx, Result, StoreError};

/// Stands in for the BSN of an anonymised client (it fails the elfproef, so
/// it can never be a real person's).
pub const ANONYMOUS_BSN: &str = "000000000";
const GONE: &str = "[verwijderd]";

/// `years` calendar years before `t` (29 February becomes 28 February).
pub(crate) fn years_before(t: OffsetDateTime, years: u32) -> OffsetDateTime {
    let year = t.year() - years as i32;
    t.replace_year(year)
        .or_else(|_| t.replace_day(28).and_then(|d| d.replace_year(year)))
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

#[async_trait::async_trait]
impl crate::RetentionStore for BackendStore {
    async fn anonymise_closed_clients(&self, ctx: &Ctx) -> Result<Vec<ClientId>> {
        let pool = &self.writer;
        let org = ctx.organisation_id;
        let mut tx = pool.begin().await?;
        let years: i64 =
            sqlx::query_scalar("SELECT retention_years FROM organisations WHERE id = $1")
                .bind(org.0)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound("organisation"))?;
        let cutoff = years_before(ctx.at, years as u32);
        let rows = sqlx::query(
            "SELECT id, version, closed_at FROM clients
             WHERE organisation_id = $1 AND status = 'closed'
               AND id NOT IN (SELECT client_id FROM anonymisations)",
        )
        .bind(org.0)
        .fetch_all(&mut *tx)
        .await?;
        let mut done = Vec::new();
        for r in &rows {
            let closed_at: OffsetDateTime = r.try_get("closed_at")?;
            if closed_at >= cutoff {
                continue;
            }
            let id: i64 = r.try_get("id")?;
            let version: i64 = r.try_get("version")?;
            sqlx::query("INSERT INTO anonymisations (client_id, anonymised_at) VALUES ($1, $2)")
                .bind(id)
                .bind(logbook::stamp(ctx.at))
                .execute(&mut *tx)
                .await?;
            let events = sqlx::query(
                "SELECT id, payload FROM client_events WHERE client_id = $1 ORDER BY seq",
            )
            .bind(id)
            .fetch_all(&mut *tx)
            .await?;
            for e in &events {
                let payload: String = e.try_get("payload")?;
                let event: ClientEvent = serde_json::from_str(&payload)
                    .map_err(|err| StoreError::Corrupt(format!("event: {err}")))?;
                let cleaned = serde_json::to_string(&event.anonymised())
                    .map_err(|err| StoreError::Corrupt(err.to_string()))?;
                sqlx::query("UPDATE client_events SET payload = $1 WHERE id = $2")
                    .bind(cleaned)
                    .bind(e.try_get::<i64, _>("id")?)
                    .execute(&mut *tx)
                    .await?;
            }
            // Each statement binds what it uses: (client, placeholder BSN, "removed").
            sqlx::query(
                "UPDATE clients SET bsn = $2, name = $3, name_key = '', birth_date = NULL, particulars = '',
                     address = '', postcode = '', place = '', phone = '', email = '',
                     closed_reason = $3
                 WHERE id = $1",
            )
            .bind(id)
            .bind(ANONYMOUS_BSN)
            .bind(GONE)
            .execute(&mut *tx)
            .await?;
            for sql in [
                "UPDATE contacts SET with_whom = $2, summary = '' WHERE client_id = $1",
                "UPDATE handovers SET reason = $2, work_done = $2, particulars = '', agreements = $2,
                     return_reason = CASE WHEN return_reason IS NULL THEN NULL ELSE $2 END WHERE client_id = $1",
                // The re-integration process, as `ClientEvent::anonymised` leaves it.
                "UPDATE diagnosis_notes SET text = $2 WHERE client_id = $1",
                "UPDATE instrument_explanations SET reason = $2 WHERE client_id = $1",
                "UPDATE goals SET description = $2 WHERE client_id = $1",
                "UPDATE interventions SET why_this = $2, why_client = $2, expected = $2,
                     result = CASE WHEN result IS NULL THEN NULL ELSE $2 END WHERE client_id = $1",
                "UPDATE progress_reports SET summary = $2 WHERE client_id = $1",
                "UPDATE oversight_conversations SET summary = $2 WHERE client_id = $1",
                "UPDATE mediation_steps SET note = '' WHERE client_id = $1 AND $2 = $2",
                "UPDATE mediations SET end_note = CASE WHEN end_note IS NULL THEN NULL ELSE '' END WHERE client_id = $1 AND $2 = $2",
                "UPDATE volunteer_placements SET description = $2,
                     end_reason = CASE WHEN end_reason IS NULL THEN NULL ELSE $2 END WHERE client_id = $1",
                "UPDATE outflows SET note = '' WHERE client_id = $1 AND $2 = $2",
                "UPDATE aftercare_check_ins SET note = '' WHERE client_id = $1 AND $2 = $2",
                "UPDATE sanctions SET behaviour = $2, consideration = $2,
                     decision_reason = CASE WHEN decision_reason IS NULL THEN NULL ELSE $2 END WHERE client_id = $1",
                "UPDATE letters SET body = $2, address = '' WHERE client_id = $1",
                "UPDATE work_wishes SET remarks = '' WHERE client_id = $1 AND $2 = $2",
                "UPDATE care_referrals SET note = $2, arrival_note = CASE WHEN arrival_note IS NULL THEN NULL ELSE $2 END,
                     end_reason = CASE WHEN end_reason IS NULL THEN NULL ELSE $2 END WHERE client_id = $1",
            ] {
                sqlx::query(sql).bind(id).bind(GONE).execute(&mut *tx).await?;
            }
            for sql in [
                "UPDATE assessments SET remarks = '' WHERE client_id = $1",
                "UPDATE ladder_measurements SET remarks = '' WHERE client_id = $1",
                "UPDATE zrm_assessments SET remarks = '' WHERE client_id = $1",
                // A meeting's decision on the client's handover keeps its
                // outcome, not its words.
                "UPDATE handover_meeting_decisions SET note = ''
                 WHERE note <> '' AND handover_id IN (SELECT id FROM handovers WHERE client_id = $1)",
                // A case brought into intervision keeps that it was
                // discussed, not what was said.
                "UPDATE intervision_cases SET question = '', advice = ''
                 WHERE client_id = $1 AND (question <> '' OR advice <> '')",
            ] {
                sqlx::query(sql).bind(id).execute(&mut *tx).await?;
            }
            history::append(
                &mut tx,
                ctx,
                ClientId(id),
                version,
                &ClientEvent::Register(RegisterEvent::Anonymised),
            )
            .await?;
            done.push(ClientId(id));
        }
        tx.commit().await?;
        Ok(done)
    }

    /// Removes log records that started before `before`, keeping the hash where
    /// the remaining chain continues, signed with the log key: a range removed
    /// any other way breaks the chain at its start.
    async fn prune_processing_log(
        &self,
        before: OffsetDateTime,
        now: OffsetDateTime,
    ) -> Result<u64> {
        let pool = &self.writer;
        let key = self.log_key.as_ref();
        let key = key.ok_or(StoreError::LogKeyMissing)?;
        let mut tx = pool.begin().await?;
        let last = sqlx::query(
            "SELECT id, hash FROM processing_log WHERE started_at < $1 ORDER BY id DESC LIMIT 1",
        )
        .bind(logbook::stamp(before))
        .fetch_optional(&mut *tx)
        .await?;
        let Some(last) = last else {
            return Ok(0);
        };
        let upto: i64 = last.try_get("id")?;
        let hash: String = last.try_get("hash")?;
        let pruned_at = logbook::stamp(now);
        sqlx::query(
            "INSERT INTO processing_log_pruned (upto_id, last_hash, pruned_at, mac) VALUES ($1, $2, $3, $4)",
        )
        .bind(upto)
        .bind(&hash)
        .bind(&pruned_at)
        .bind(key.prune_mac(upto, &hash, &pruned_at))
        .execute(&mut *tx)
        .await?;
        let removed = sqlx::query("DELETE FROM processing_log WHERE id <= $1")
            .bind(upto)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(removed.rows_affected())
    }
}
