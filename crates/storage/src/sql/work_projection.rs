//! The projection of work events (wishes, mediation, volunteer placements,
//! outflow with aftercare, sanctions and letters) into their tables, called by
//! `history::append` inside its transaction.

use zicht_domain::{
    event::WorkEvent, reintegration::sanction::SanctionDecision, ClientId, DomainError,
};

use super::DbConnection;
use crate::{Ctx, Result, StoreError};

fn json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Corrupt(e.to_string()))
}

pub(crate) async fn project(
    conn: &mut DbConnection,
    ctx: &Ctx,
    client: ClientId,
    event: &WorkEvent,
) -> Result<()> {
    let org = ctx.organisation_id.0;
    let by = ctx.actor.employee_id.0;
    let one = |n: u64, code: &'static str| -> Result<()> {
        if n == 1 {
            Ok(())
        } else {
            Err(DomainError::conflict(code).into())
        }
    };
    match event {
        WorkEvent::WorkWishesRecorded { wishes } => {
            sqlx::query("DELETE FROM work_wishes WHERE client_id = $1")
                .bind(client.0)
                .execute(&mut *conn)
                .await?;
            let sectors: Vec<&str> = wishes.sectors.iter().map(|s| s.as_str()).collect();
            sqlx::query(
                "INSERT INTO work_wishes (client_id, organisation_id, sectors, min_hours, max_hours, remarks, recorded_by, recorded_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(client.0)
            .bind(org)
            .bind(sectors.join(","))
            .bind(wishes.min_hours.map(i64::from))
            .bind(wishes.max_hours.map(i64::from))
            .bind(&wishes.remarks)
            .bind(by)
            .bind(ctx.at)
            .execute(&mut *conn)
            .await?;
        }
        WorkEvent::MediationStarted {
            mediation_id,
            vacancy_id,
            employer_id,
            reasons,
            ..
        } => {
            sqlx::query(
                "INSERT INTO mediations (id, organisation_id, client_id, vacancy_id, employer_id, reasons, status, recorded_by, recorded_at)
                 VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8)",
            )
            .bind(mediation_id.0)
            .bind(org)
            .bind(client.0)
            .bind(vacancy_id.0)
            .bind(employer_id.0)
            .bind(json(reasons)?)
            .bind(by)
            .bind(ctx.at)
            .execute(&mut *conn)
            .await?;
        }
        WorkEvent::MediationStepRecorded {
            mediation_id,
            step,
            on,
            note,
        } => {
            sqlx::query(
                "INSERT INTO mediation_steps (organisation_id, client_id, mediation_id, step, step_on, note, recorded_by, recorded_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(org)
            .bind(client.0)
            .bind(mediation_id.0)
            .bind(step.as_str())
            .bind(on)
            .bind(note)
            .bind(by)
            .bind(ctx.at)
            .execute(&mut *conn)
            .await?;
        }
        WorkEvent::MediationEnded {
            mediation_id,
            result,
            on,
            note,
        } => {
            let n = sqlx::query(
                "UPDATE mediations SET status = $1, ended_on = $2, end_note = $3 WHERE client_id = $4 AND id = $5 AND status = 'open'",
            )
            .bind(result.as_str())
            .bind(on)
            .bind(note)
            .bind(client.0)
            .bind(mediation_id.0)
            .execute(&mut *conn)
            .await?
            .rows_affected();
            one(n, "mediation_ended")?;
        }
        WorkEvent::VolunteerPlacementStarted {
            placement_id,
            organisation_id,
            starts_on,
            hours_per_week,
            description,
            ..
        } => {
            sqlx::query(
                "INSERT INTO volunteer_placements (id, organisation_id, client_id, care_organisation_id, starts_on, hours_per_week, description, recorded_by, recorded_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(placement_id.0)
            .bind(org)
            .bind(client.0)
            .bind(organisation_id.0)
            .bind(starts_on)
            .bind(hours_per_week.map(i64::from))
            .bind(description)
            .bind(by)
            .bind(ctx.at)
            .execute(&mut *conn)
            .await?;
        }
        WorkEvent::VolunteerPlacementEnded {
            placement_id,
            ends_on,
            reason,
        } => {
            let n = sqlx::query(
                "UPDATE volunteer_placements SET ends_on = $1, end_reason = $2 WHERE client_id = $3 AND id = $4 AND ends_on IS NULL",
            )
            .bind(ends_on)
            .bind(reason)
            .bind(client.0)
            .bind(placement_id.0)
            .execute(&mut *conn)
            .await?
            .rows_affected();
            one(n, "placement_ended")?;
        }
        WorkEvent::OutflowRegistered {
            kind,
            reason,
            on,
            employer,
            hours_per_week,
            note,
            aftercare_until,
        } => {
            sqlx::query(
                "INSERT INTO outflows (organisation_id, client_id, kind, reason, outflow_on, employer, hours_per_week, note, aftercare_until, recorded_by, recorded_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            )
            .bind(org)
            .bind(client.0)
            .bind(kind.as_str())
            .bind(reason.as_str())
            .bind(on)
            .bind(employer)
            .bind(hours_per_week.map(i64::from))
            .bind(note)
            .bind(aftercare_until)
            .bind(by)
            .bind(ctx.at)
            .execute(&mut *conn)
            .await?;
        }
        WorkEvent::AftercareCheckedIn { on, note } => {
            sqlx::query(
                "INSERT INTO aftercare_check_ins (organisation_id, client_id, checked_on, note, recorded_by, recorded_at)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(org)
            .bind(client.0)
            .bind(on)
            .bind(note)
            .bind(by)
            .bind(ctx.at)
            .execute(&mut *conn)
            .await?;
        }
        WorkEvent::SanctionConsidered {
            sanction_id,
            on,
            behaviour,
            legal_basis,
            consideration,
        } => {
            sqlx::query(
                "INSERT INTO sanctions (id, organisation_id, client_id, considered_on, behaviour, legal_basis, consideration, recorded_by, recorded_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(sanction_id.0)
            .bind(org)
            .bind(client.0)
            .bind(on)
            .bind(behaviour)
            .bind(legal_basis.as_str())
            .bind(consideration)
            .bind(by)
            .bind(ctx.at)
            .execute(&mut *conn)
            .await?;
        }
        WorkEvent::SanctionDecided {
            sanction_id,
            on,
            decision,
            reason,
        } => {
            let (kind, percent, months) = match decision {
                SanctionDecision::Imposed { percent, months } => (
                    "imposed",
                    Some(i64::from(*percent)),
                    Some(i64::from(*months)),
                ),
                SanctionDecision::Waived => ("waived", None, None),
            };
            let n = sqlx::query(
                "UPDATE sanctions SET decided_on = $1, decision = $2, percent = $3, months = $4, decision_reason = $5
                 WHERE client_id = $6 AND id = $7 AND decided_on IS NULL",
            )
            .bind(on)
            .bind(kind)
            .bind(percent)
            .bind(months)
            .bind(reason)
            .bind(client.0)
            .bind(sanction_id.0)
            .execute(&mut *conn)
            .await?
            .rows_affected();
            one(n, "sanction_decided")?;
        }
        WorkEvent::LetterProduced {
            letter_id,
            template_key,
            title,
            body,
        } => {
            sqlx::query(
                "INSERT INTO letters (id, organisation_id, client_id, template_key, title, body, produced_by, produced_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(letter_id.0)
            .bind(org)
            .bind(client.0)
            .bind(template_key)
            .bind(title)
            .bind(body)
            .bind(by)
            .bind(ctx.at)
            .execute(&mut *conn)
            .await?;
        }
        WorkEvent::LetterDrafted {
            letter_id,
            template_key,
            title,
            body,
        } => {
            sqlx::query(
                "INSERT INTO letters (id, organisation_id, client_id, template_key, title, body, produced_by, produced_at, status)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'draft')",
            )
            .bind(letter_id.0)
            .bind(org)
            .bind(client.0)
            .bind(template_key)
            .bind(title)
            .bind(body)
            .bind(by)
            .bind(ctx.at)
            .execute(&mut *conn)
            .await?;
        }
        WorkEvent::LetterDraftEdited {
            letter_id,
            title,
            body,
        } => {
            let n = sqlx::query(
                "UPDATE letters SET title = $1, body = $2 WHERE client_id = $3 AND id = $4 AND status = 'draft'",
            )
            .bind(title)
            .bind(body)
            .bind(client.0)
            .bind(letter_id.0)
            .execute(&mut *conn)
            .await?
            .rows_affected();
            one(n, "letter_draft_edited")?;
        }
        WorkEvent::LetterDraftDiscarded { letter_id } => {
            let n = sqlx::query(
                "UPDATE letters SET status = 'discarded' WHERE client_id = $1 AND id = $2 AND status = 'draft'",
            )
            .bind(client.0)
            .bind(letter_id.0)
            .execute(&mut *conn)
            .await?
            .rows_affected();
            one(n, "letter_draft_discarded")?;
        }
        WorkEvent::LetterSent {
            letter_id,
            reference,
            sent_on,
            address,
        } => {
            let n = sqlx::query(
                "UPDATE letters SET status = 'sent', reference = $1, sent_on = $2, sent_by = $3, address = $4
                 WHERE client_id = $5 AND id = $6 AND status = 'draft'",
            )
            .bind(reference)
            .bind(sent_on)
            .bind(by)
            .bind(address.join("\n"))
            .bind(client.0)
            .bind(letter_id.0)
            .execute(&mut *conn)
            .await?
            .rows_affected();
            one(n, "letter_sent")?;
        }
    }
    Ok(())
}
