//! The projection of handover events into the `handovers` table and the
//! client's owner and returned-handover signal, called by `history::append`
//! inside its transaction.

use zicht_domain::{event::HandoverEvent, ClientId, DomainError, EmployeeId, HandoverId};

use super::{errors::ONE_PENDING_HANDOVER, DbConnection};
use crate::{Ctx, Result};

/// Brings the handover tables in step with one handover event.
pub(crate) async fn project(
    conn: &mut DbConnection,
    ctx: &Ctx,
    client: ClientId,
    event: &HandoverEvent,
) -> Result<()> {
    let org = ctx.organisation_id.0;
    match event {
        HandoverEvent::Offered {
            handover_id,
            from,
            to_team,
            to_employee,
            note,
        } => {
            sqlx::query(
                "INSERT INTO handovers (id, organisation_id, client_id, from_team_id, from_employee_id, to_team_id,
                     to_employee_id, reason, work_done, particulars, agreements, status, offered_by, offered_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'pending', $12, $13)",
            )
            .bind(handover_id.0)
            .bind(org)
            .bind(client.0)
            .bind(from.team_id.0)
            .bind(from.employee_id.0)
            .bind(to_team.0)
            .bind(to_employee.map(|e| e.0))
            .bind(&note.reason)
            .bind(&note.work_done)
            .bind(&note.particulars)
            .bind(&note.agreements)
            .bind(ctx.actor.employee_id.0)
            .bind(ctx.at)
            .execute(&mut *conn)
            .await
            .map_err(|e| ONE_PENDING_HANDOVER.refused(e))?;
            // Offering again acts on an earlier return.
            set_returned(conn, client, None).await?;
        }
        HandoverEvent::Accepted {
            handover_id,
            new_owner,
        } => {
            settle(
                conn,
                ctx,
                *handover_id,
                "accepted",
                None,
                Some(new_owner.employee_id),
            )
            .await?;
            sqlx::query(
                "UPDATE clients SET owner_team_id = $1, owner_employee_id = $2 WHERE id = $3",
            )
            .bind(new_owner.team_id.0)
            .bind(new_owner.employee_id.0)
            .bind(client.0)
            .execute(&mut *conn)
            .await?;
        }
        HandoverEvent::Returned {
            handover_id,
            reason,
        } => {
            settle(conn, ctx, *handover_id, "returned", Some(reason), None).await?;
            set_returned(conn, client, Some(*handover_id)).await?;
        }
        HandoverEvent::Withdrawn { handover_id } => {
            settle(conn, ctx, *handover_id, "withdrawn", None, None).await?;
        }
        HandoverEvent::ReturnSeen { .. } => set_returned(conn, client, None).await?,
    }
    Ok(())
}

/// The handover that came back and waits for the sender to act, if any.
async fn set_returned(
    conn: &mut DbConnection,
    client: ClientId,
    handover: Option<HandoverId>,
) -> Result<()> {
    sqlx::query("UPDATE clients SET returned_handover_id = $1 WHERE id = $2")
        .bind(handover.map(|h| h.0))
        .bind(client.0)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

async fn settle(
    conn: &mut DbConnection,
    ctx: &Ctx,
    handover: HandoverId,
    status: &str,
    return_reason: Option<&String>,
    accepted: Option<EmployeeId>,
) -> Result<()> {
    let n = sqlx::query(
        "UPDATE handovers SET status = $1, settled_by = $2, settled_at = $3, return_reason = $4, accepted_employee_id = $5
         WHERE id = $6 AND organisation_id = $7 AND status = 'pending'",
    )
    .bind(status)
    .bind(ctx.actor.employee_id.0)
    .bind(ctx.at)
    .bind(return_reason)
    .bind(accepted.map(|e| e.0))
    .bind(handover.0)
    .bind(ctx.organisation_id.0)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if n == 1 {
        Ok(())
    } else {
        Err(DomainError::conflict("handover_not_pending").into())
    }
}
