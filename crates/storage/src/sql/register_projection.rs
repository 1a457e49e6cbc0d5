//! The projection of register events (the file, contacts, assessments,
//! phase, benefit status, closing) into the current-state tables, called by
//! `history::append` inside its transaction.

use zicht_domain::{event::RegisterEvent, ClientId};

use super::DbConnection;
use crate::{Ctx, Result};

/// Brings the register's tables in step with one register event.
pub(crate) async fn project(
    conn: &mut DbConnection,
    ctx: &Ctx,
    client: ClientId,
    event: &RegisterEvent,
) -> Result<()> {
    let org = ctx.organisation_id.0;
    match event {
        RegisterEvent::Created { .. } | RegisterEvent::Anonymised => {}
        RegisterEvent::AssessmentRecorded {
            assessed_on,
            skills,
            remarks,
        } => {
            sqlx::query(
                "INSERT INTO assessments (organisation_id, client_id, assessed_on, on_time, commitment,
                     accepts_direction, says_in_time, dresses_for_work, remarks, assessor_id, recorded_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            )
            .bind(org)
            .bind(client.0)
            .bind(assessed_on)
            .bind(skills.on_time)
            .bind(skills.commitment)
            .bind(skills.accepts_direction)
            .bind(skills.says_in_time)
            .bind(skills.dresses_for_work)
            .bind(remarks)
            .bind(ctx.actor.employee_id.0)
            .bind(ctx.at)
            .execute(&mut *conn)
            .await?;
        }
        RegisterEvent::ContactRecorded {
            date,
            kind,
            with_whom,
            summary,
            next_contact_on,
        } => {
            sqlx::query(
                "INSERT INTO contacts (organisation_id, client_id, contact_on, kind, with_whom, summary,
                     next_contact_on, recorded_by, recorded_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(org)
            .bind(client.0)
            .bind(date)
            .bind(kind.as_str())
            .bind(with_whom)
            .bind(summary)
            .bind(next_contact_on)
            .bind(ctx.actor.employee_id.0)
            .bind(ctx.at)
            .execute(&mut *conn)
            .await?;
            // A contact recorded late must not move "last contact" backwards;
            // the next appointment comes from the most recent contact.
            sqlx::query(
                "UPDATE clients SET
                    next_contact_on = CASE WHEN last_contact_on IS NULL OR $1 >= last_contact_on THEN $2 ELSE next_contact_on END,
                    last_contact_on = CASE WHEN last_contact_on IS NULL OR $1 > last_contact_on THEN $1 ELSE last_contact_on END
                 WHERE id = $3",
            )
            .bind(date)
            .bind(next_contact_on)
            .bind(client.0)
            .execute(&mut *conn)
            .await?;
        }
        RegisterEvent::PhaseChanged { to, .. } => {
            sqlx::query("UPDATE clients SET phase = $1 WHERE id = $2")
                .bind(to.as_str())
                .bind(client.0)
                .execute(&mut *conn)
                .await?;
        }
        RegisterEvent::BenefitStatusChanged { to, .. } => {
            sqlx::query("UPDATE clients SET benefit_status = $1 WHERE id = $2")
                .bind(to.as_str())
                .bind(client.0)
                .execute(&mut *conn)
                .await?;
        }
        RegisterEvent::ContactDetailsChanged { details } => {
            sqlx::query(
                "UPDATE clients SET address = $1, postcode = $2, place = $3, phone = $4, email = $5 WHERE id = $6",
            )
            .bind(&details.address)
            .bind(&details.postcode)
            .bind(&details.place)
            .bind(&details.phone)
            .bind(&details.email)
            .bind(client.0)
            .execute(&mut *conn)
            .await?;
        }
        RegisterEvent::Closed { reason } => {
            sqlx::query("UPDATE clients SET status = 'closed', closed_reason = $1, closed_at = $2, returned_handover_id = NULL WHERE id = $3")
                .bind(reason)
                .bind(ctx.at)
                .bind(client.0)
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(())
}
