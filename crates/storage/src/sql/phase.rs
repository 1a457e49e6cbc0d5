//! Comply-or-explain at a phase change: the organisation's required
//! instruments per phase, which of them the client used or explained since
//! entering the phase, and the events of a phase change. Shared by the
//! process and the work commands.

use sqlx::Row;
use zicht_domain::{
    client::Phase,
    event::{ClientEvent, ProcessEvent},
    reintegration::diagnosis::{comply_or_explain, Instrument},
    ClientId, OrganisationId,
};

use super::{rows::corrupt, DbConnection};
use crate::{Ctx, InstrumentRequirement, Result, StoreError};

pub(crate) async fn requirements_on(
    conn: &mut DbConnection,
    org: OrganisationId,
    phase: Option<Phase>,
) -> Result<Vec<InstrumentRequirement>> {
    let rows = sqlx::query(
        "SELECT phase, instrument FROM instrument_requirements WHERE organisation_id = $1 AND ($2 IS NULL OR phase = $2)
         ORDER BY phase, instrument",
    )
    .bind(org.0)
    .bind(phase.map(|p| p.as_str()))
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| -> Result<InstrumentRequirement> {
            let phase: String = r.try_get("phase")?;
            let instrument: String = r.try_get("instrument")?;
            Ok(InstrumentRequirement {
                phase: Phase::parse(&phase).map_err(|_| corrupt("phase", &phase))?,
                instrument: Instrument::parse(&instrument)
                    .map_err(|_| corrupt("instrument", &instrument))?,
            })
        })
        .collect()
}

/// The events of a phase change under comply-or-explain: an explanation
/// per required instrument not used in the phase being left, then the change.
pub(crate) async fn phase_change_events(
    conn: &mut DbConnection,
    ctx: &Ctx,
    client: ClientId,
    state: &zicht_domain::event::ClientState,
    phase: Phase,
    explanation: &str,
) -> Result<Vec<ClientEvent>> {
    let change = state.change_phase(ctx.actor, phase)?;
    let required: Vec<Instrument> = requirements_on(conn, ctx.organisation_id, Some(state.phase))
        .await?
        .into_iter()
        .map(|r| r.instrument)
        .collect();
    let mut events = Vec::new();
    if !required.is_empty() {
        let (used, explained) = instruments_since_phase_entered(conn, client, state.phase).await?;
        for instrument in comply_or_explain(&required, &used, &explained, explanation)? {
            events.push(ClientEvent::Process(ProcessEvent::InstrumentExplained {
                phase: state.phase,
                instrument,
                reason: zicht_domain::reintegration::diagnosis::parse_explanation(explanation)?,
            }));
        }
    }
    events.push(change);
    Ok(events)
}

/// Which instruments were used, and which explained, since the client's
/// latest entry into `phase` (by event order, which dates cannot muddle).
pub(crate) async fn instruments_since_phase_entered(
    conn: &mut DbConnection,
    client: ClientId,
    phase: Phase,
) -> Result<(Vec<Instrument>, Vec<Instrument>)> {
    let entered: i64 = sqlx::query_scalar(
        "SELECT coalesce(max(seq), 1) FROM client_events WHERE client_id = $1 AND kind IN ('created', 'phase_changed')",
    )
    .bind(client.0)
    .fetch_one(&mut *conn)
    .await?;
    let rows = sqlx::query(
        "SELECT kind, payload FROM client_events
         WHERE client_id = $1 AND seq >= $2 AND kind IN ('ladder_measured', 'zrm_assessed', 'instrument_explained')",
    )
    .bind(client.0)
    .bind(entered)
    .fetch_all(&mut *conn)
    .await?;
    let (mut used, mut explained) = (Vec::new(), Vec::new());
    for r in rows {
        let kind: String = r.try_get("kind")?;
        match kind.as_str() {
            "ladder_measured" => used.push(Instrument::Participatieladder),
            "zrm_assessed" => used.push(Instrument::Zrm),
            _ => {
                let payload: String = r.try_get("payload")?;
                if let ClientEvent::Process(ProcessEvent::InstrumentExplained {
                    phase: p,
                    instrument,
                    ..
                }) = serde_json::from_str(&payload)
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?
                {
                    if p == phase {
                        explained.push(instrument);
                    }
                }
            }
        }
    }
    Ok((used, explained))
}
