//! The projection of process events (diagnosis, trajectplan, provider and
//! care events) into their tables, called by `history::append` inside its
//! transaction.

use zicht_domain::{
    event::ProcessEvent, reintegration::trajectory::GoalTarget, ClientId, DomainError,
};

use super::DbConnection;
use crate::{Ctx, Result};

/// Brings the process tables in step with one process event; called by
/// `history::append` inside its transaction.
pub(crate) async fn project(
    conn: &mut DbConnection,
    ctx: &Ctx,
    client: ClientId,
    event: &ProcessEvent,
) -> Result<()> {
    let org = ctx.organisation_id.0;
    let by = ctx.actor.employee_id.0;
    match event {
        ProcessEvent::DiagnosisNoted {
            source,
            noted_on,
            text,
        } => {
            sqlx::query(
                "INSERT INTO diagnosis_notes (organisation_id, client_id, source, noted_on, text, recorded_by, recorded_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(org)
            .bind(client.0)
            .bind(source.as_str())
            .bind(noted_on)
            .bind(text)
            .bind(by)
            .bind(ctx.at)
            .execute(&mut *conn)
            .await?;
        }
        ProcessEvent::LadderMeasured {
            measured_on,
            rung,
            remarks,
        } => {
            sqlx::query(
                "INSERT INTO ladder_measurements (organisation_id, client_id, measured_on, rung, remarks, recorded_by, recorded_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(org)
            .bind(client.0)
            .bind(measured_on)
            .bind(rung.number() as i64)
            .bind(remarks)
            .bind(by)
            .bind(ctx.at)
            .execute(&mut *conn)
            .await?;
        }
        ProcessEvent::ZrmAssessed {
            assessed_on,
            version,
            scores,
            remarks,
        } => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO zrm_assessments (organisation_id, client_id, assessed_on, version, remarks, recorded_by, recorded_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(org)
            .bind(client.0)
            .bind(assessed_on)
            .bind(version.as_str())
            .bind(remarks)
            .bind(by)
            .bind(ctx.at)
            .fetch_one(&mut *conn)
            .await?;
            for s in scores {
                sqlx::query("INSERT INTO zrm_scores (assessment_id, version, domain, score) VALUES ($1, $2, $3, $4)")
                    .bind(id)
                    .bind(version.as_str())
                    .bind(&s.domain)
                    .bind(s.score as i64)
                    .execute(&mut *conn)
                    .await?;
            }
        }
        ProcessEvent::InstrumentExplained {
            phase,
            instrument,
            reason,
        } => {
            sqlx::query(
                "INSERT INTO instrument_explanations (organisation_id, client_id, phase, instrument, reason, recorded_by, recorded_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(org)
            .bind(client.0)
            .bind(phase.as_str())
            .bind(instrument.as_str())
            .bind(reason)
            .bind(by)
            .bind(ctx.at)
            .execute(&mut *conn)
            .await?;
        }
        ProcessEvent::GoalSet {
            goal_id,
            target,
            description,
        } => {
            let (kind, value) = target_columns(*target);
            sqlx::query(
                "INSERT INTO goals (id, organisation_id, client_id, target_kind, target, description, recorded_by, recorded_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(goal_id.0)
            .bind(org)
            .bind(client.0)
            .bind(kind)
            .bind(value)
            .bind(description)
            .bind(by)
            .bind(ctx.at)
            .execute(&mut *conn)
            .await?;
        }
        ProcessEvent::InterventionPlanned {
            intervention_id,
            catalogue_item_id,
            name,
            provider_id,
            goal_id,
            reasoning,
            starts_on,
            planned_end_on,
            protocol_version_id,
        } => {
            sqlx::query(
                "INSERT INTO interventions (id, organisation_id, client_id, catalogue_item_id, name, provider_id, goal_id,
                     why_this, why_client, expected, starts_on, planned_end_on, recorded_by, recorded_at, protocol_version_id)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
            )
            .bind(intervention_id.0)
            .bind(org)
            .bind(client.0)
            .bind(catalogue_item_id.0)
            .bind(name)
            .bind(provider_id.map(|p| p.0))
            .bind(goal_id.map(|g| g.0))
            .bind(&reasoning.why_this)
            .bind(&reasoning.why_client)
            .bind(&reasoning.expected)
            .bind(starts_on)
            .bind(planned_end_on)
            .bind(by)
            .bind(ctx.at)
            .bind(protocol_version_id.map(|v| v.0))
            .execute(&mut *conn)
            .await?;
        }
        ProcessEvent::InterventionEnded {
            intervention_id,
            ended_on,
            outcome,
            result,
        } => {
            let n = sqlx::query(
                "UPDATE interventions SET ended_on = $1, outcome = $2, result = $3 WHERE client_id = $4 AND id = $5 AND ended_on IS NULL",
            )
            .bind(ended_on)
            .bind(outcome.as_str())
            .bind(result)
            .bind(client.0)
            .bind(intervention_id.0)
            .execute(&mut *conn)
            .await?
            .rows_affected();
            if n != 1 {
                return Err(DomainError::conflict("intervention_ended").into());
            }
        }
        ProcessEvent::ProgressReported {
            intervention_id,
            provider_id,
            reported_on,
            summary,
        } => {
            sqlx::query(
                "INSERT INTO progress_reports (organisation_id, client_id, intervention_id, provider_id, reported_on, summary, reported_by, recorded_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(org)
            .bind(client.0)
            .bind(intervention_id.0)
            .bind(provider_id.0)
            .bind(reported_on)
            .bind(summary)
            .bind(by)
            .bind(ctx.at)
            .execute(&mut *conn)
            .await?;
        }
        ProcessEvent::OversightRecorded {
            provider_id,
            held_on,
            summary,
        } => {
            sqlx::query(
                "INSERT INTO oversight_conversations (organisation_id, client_id, provider_id, held_on, summary, recorded_by, recorded_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(org)
            .bind(client.0)
            .bind(provider_id.0)
            .bind(held_on)
            .bind(summary)
            .bind(by)
            .bind(ctx.at)
            .execute(&mut *conn)
            .await?;
        }
        ProcessEvent::CareReferred {
            referral_id,
            care_organisation_id,
            referred_on,
            note,
            ..
        } => {
            sqlx::query(
                "INSERT INTO care_referrals (id, organisation_id, client_id, care_organisation_id, referred_on, note, status, recorded_by, recorded_at)
                 VALUES ($1, $2, $3, $4, $5, $6, 'referred', $7, $8)",
            )
            .bind(referral_id.0)
            .bind(org)
            .bind(client.0)
            .bind(care_organisation_id.0)
            .bind(referred_on)
            .bind(note)
            .bind(by)
            .bind(ctx.at)
            .execute(&mut *conn)
            .await?;
        }
        ProcessEvent::CareArrived {
            referral_id,
            arrived_on,
            confirmation,
            note,
        } => {
            let n = sqlx::query(
                "UPDATE care_referrals SET status = 'arrived', arrived_on = $1, confirmation = $2, arrival_note = $3
                 WHERE client_id = $4 AND id = $5 AND status = 'referred'",
            )
            .bind(arrived_on)
            .bind(confirmation.as_str())
            .bind(note)
            .bind(client.0)
            .bind(referral_id.0)
            .execute(&mut *conn)
            .await?
            .rows_affected();
            if n != 1 {
                return Err(DomainError::conflict("referral_not_waiting").into());
            }
        }
        ProcessEvent::CareEnded {
            referral_id,
            ended_on,
            reason,
        } => {
            let n = sqlx::query(
                "UPDATE care_referrals SET status = 'ended', ended_on = $1, end_reason = $2
                 WHERE client_id = $3 AND id = $4 AND status <> 'ended'",
            )
            .bind(ended_on)
            .bind(reason)
            .bind(client.0)
            .bind(referral_id.0)
            .execute(&mut *conn)
            .await?
            .rows_affected();
            if n != 1 {
                return Err(DomainError::conflict("referral_ended").into());
            }
        }
    }
    Ok(())
}

fn target_columns(t: GoalTarget) -> (&'static str, String) {
    match t {
        GoalTarget::Skill(s) => ("skill", s.as_str().to_string()),
        GoalTarget::Rung(r) => ("rung", r.number().to_string()),
    }
}
