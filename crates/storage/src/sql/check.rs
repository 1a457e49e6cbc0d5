//! `zicht check`: verifies every invariant over the whole database, including
//! that each client's history replays to exactly the state the tables hold.

use std::collections::HashMap;

use futures_util::TryStreamExt;
use sqlx::Row;

use super::BackendStore;
use super::DbPool;
use zicht_domain::{
    client::{BenefitStatus, Owner, Phase},
    event::{ClientEvent, ClientState, RegisterEvent},
    Bsn, EmployeeId, TeamId,
};

use super::rows::{pending_from_row, returned_from_row, skills_from_row};
use crate::{Result, Violation};

/// Queries that must return no rows; each row found is one violation.
const EMPTY_QUERIES: &[(&str, &str)] = &[
    (
        "owner_in_team",
        "SELECT c.id FROM clients c LEFT JOIN employees e
           ON e.id = c.owner_employee_id AND e.team_id = c.owner_team_id AND e.organisation_id = c.organisation_id
         WHERE c.status = 'open' AND e.id IS NULL",
    ),
    (
        "owner_team_in_organisation",
        "SELECT c.id FROM clients c LEFT JOIN teams t ON t.id = c.owner_team_id AND t.organisation_id = c.organisation_id
         WHERE t.id IS NULL",
    ),
    (
        "one_pending_handover",
        "SELECT client_id FROM handovers WHERE status = 'pending' GROUP BY client_id HAVING count(*) > 1",
    ),
    (
        "no_pending_handover_on_closed_client",
        "SELECT h.id FROM handovers h JOIN clients c ON c.id = h.client_id WHERE h.status = 'pending' AND c.status <> 'open'",
    ),
    (
        "pending_handover_from_owner",
        "SELECT h.id FROM handovers h JOIN clients c ON c.id = h.client_id
         WHERE h.status = 'pending' AND (h.from_team_id <> c.owner_team_id OR h.from_employee_id <> c.owner_employee_id)",
    ),
    (
        "handover_in_client_organisation",
        "SELECT h.id FROM handovers h JOIN clients c ON c.id = h.client_id WHERE h.organisation_id <> c.organisation_id",
    ),
    (
        "returned_handover_of_client",
        "SELECT c.id FROM clients c LEFT JOIN handovers h
           ON h.id = c.returned_handover_id AND h.client_id = c.id AND h.status = 'returned'
         WHERE c.returned_handover_id IS NOT NULL AND h.id IS NULL",
    ),
    (
        "closed_with_reason",
        "SELECT id FROM clients WHERE status = 'closed' AND (closed_reason IS NULL OR trim(closed_reason) = '')",
    ),
    (
        "one_open_client_per_bsn",
        "SELECT CAST(organisation_id AS TEXT) || ':' || bsn FROM clients WHERE status = 'open'
         GROUP BY organisation_id, bsn HAVING count(*) > 1",
    ),
    (
        "event_sequence",
        "SELECT c.id FROM clients c LEFT JOIN
            (SELECT client_id, count(*) AS n, max(seq) AS m FROM client_events GROUP BY client_id) ev
            ON ev.client_id = c.id
         WHERE ev.n IS NULL OR ev.n <> c.version OR ev.m <> c.version",
    ),
    (
        "event_in_client_organisation",
        "SELECT ev.id FROM client_events ev JOIN clients c ON c.id = ev.client_id
         WHERE ev.organisation_id <> c.organisation_id",
    ),
    (
        "event_without_client",
        "SELECT ev.id FROM client_events ev LEFT JOIN clients c ON c.id = ev.client_id WHERE c.id IS NULL",
    ),
    (
        "meeting_decision_on_own_handover",
        "SELECT d.meeting_id FROM handover_meeting_decisions d
           JOIN handover_meetings m ON m.id = d.meeting_id
           LEFT JOIN handovers h ON h.id = d.handover_id AND h.organisation_id = m.organisation_id
             AND (h.from_team_id = m.team_id OR h.to_team_id = m.team_id)
         WHERE h.id IS NULL",
    ),
    (
        "meeting_attended",
        "SELECT m.id FROM handover_meetings m
         WHERE NOT EXISTS (SELECT 1 FROM handover_meeting_attendees a WHERE a.meeting_id = m.id)",
    ),
    (
        "intervision_attended",
        "SELECT s.id FROM intervision_sessions s
         WHERE NOT EXISTS (SELECT 1 FROM intervision_participants p WHERE p.session_id = s.id)",
    ),
    (
        "intervision_follow_up_done_in_step",
        "SELECT f.id FROM intervision_follow_ups f
           LEFT JOIN intervision_follow_up_events ev ON ev.follow_up_id = f.id AND ev.kind = 'done'
         WHERE (f.done_at IS NULL) <> (ev.id IS NULL)
            OR (ev.id IS NOT NULL AND (ev.actor_employee_id <> f.done_by OR ev.organisation_id <> f.organisation_id))",
    ),
    (
        "intervision_case_client_in_organisation",
        "SELECT c.id FROM intervision_cases c JOIN intervision_sessions s ON s.id = c.session_id
         WHERE c.organisation_id <> s.organisation_id",
    ),
    // The methods library: every version, comment and decision has its
    // history row, and a protocol an intervention follows is definitive.
    (
        "method_version_in_history",
        "SELECT v.id FROM method_versions v
         WHERE NOT EXISTS (SELECT 1 FROM method_events e WHERE e.version_id = v.id
                             AND e.kind IN ('module_created', 'version_drafted'))",
    ),
    (
        "method_definitive_in_history",
        "SELECT v.id FROM method_versions v
         WHERE v.status = 'definitive'
           AND NOT EXISTS (SELECT 1 FROM method_events e WHERE e.version_id = v.id AND e.kind = 'made_definitive')",
    ),
    (
        "method_comments_in_history",
        "SELECT v.id FROM method_versions v
         WHERE (SELECT count(*) FROM method_comments c WHERE c.version_id = v.id)
            <> (SELECT count(*) FROM method_events e WHERE e.version_id = v.id AND e.kind = 'commented')",
    ),
    (
        "intervention_protocol_definitive",
        "SELECT i.id FROM interventions i JOIN method_versions v ON v.id = i.protocol_version_id
         WHERE v.status <> 'definitive' OR v.organisation_id <> i.organisation_id",
    ),
];

/// Per client: how many events of a kind, against the projection rows they
/// must have made. A write that reached one and not the other shows here.
const PROCESS_COUNTS: &[(&str, &str)] = &[
    ("diagnosis_noted", "SELECT client_id, count(*) FROM diagnosis_notes GROUP BY client_id"),
    ("ladder_measured", "SELECT client_id, count(*) FROM ladder_measurements GROUP BY client_id"),
    ("zrm_assessed", "SELECT client_id, count(*) FROM zrm_assessments GROUP BY client_id"),
    ("instrument_explained", "SELECT client_id, count(*) FROM instrument_explanations GROUP BY client_id"),
    ("goal_set", "SELECT client_id, count(*) FROM goals GROUP BY client_id"),
    ("intervention_planned", "SELECT client_id, count(*) FROM interventions GROUP BY client_id"),
    (
        "intervention_ended",
        "SELECT client_id, count(*) FROM interventions WHERE ended_on IS NOT NULL GROUP BY client_id",
    ),
    ("progress_reported", "SELECT client_id, count(*) FROM progress_reports GROUP BY client_id"),
    ("oversight_recorded", "SELECT client_id, count(*) FROM oversight_conversations GROUP BY client_id"),
    ("care_referred", "SELECT client_id, count(*) FROM care_referrals GROUP BY client_id"),
    (
        "care_arrived",
        "SELECT client_id, count(*) FROM care_referrals WHERE arrived_on IS NOT NULL GROUP BY client_id",
    ),
    (
        "care_ended",
        "SELECT client_id, count(*) FROM care_referrals WHERE status = 'ended' GROUP BY client_id",
    ),
    ("mediation_started", "SELECT client_id, count(*) FROM mediations GROUP BY client_id"),
    ("mediation_step_recorded", "SELECT client_id, count(*) FROM mediation_steps GROUP BY client_id"),
    (
        "mediation_ended",
        "SELECT client_id, count(*) FROM mediations WHERE status <> 'open' GROUP BY client_id",
    ),
    ("volunteer_placement_started", "SELECT client_id, count(*) FROM volunteer_placements GROUP BY client_id"),
    (
        "volunteer_placement_ended",
        "SELECT client_id, count(*) FROM volunteer_placements WHERE ends_on IS NOT NULL GROUP BY client_id",
    ),
    ("outflow_registered", "SELECT client_id, count(*) FROM outflows GROUP BY client_id"),
    ("aftercare_checked_in", "SELECT client_id, count(*) FROM aftercare_check_ins GROUP BY client_id"),
    ("sanction_considered", "SELECT client_id, count(*) FROM sanctions GROUP BY client_id"),
    (
        "sanction_decided",
        "SELECT client_id, count(*) FROM sanctions WHERE decided_on IS NOT NULL GROUP BY client_id",
    ),
    (
        "letter_produced",
        "SELECT client_id, count(*) FROM letters WHERE status = 'sent' AND reference IS NULL GROUP BY client_id",
    ),
    (
        "letter_drafted",
        "SELECT client_id, count(*) FROM letters WHERE status <> 'sent' OR reference IS NOT NULL GROUP BY client_id",
    ),
    (
        "letter_sent",
        "SELECT client_id, count(*) FROM letters WHERE reference IS NOT NULL GROUP BY client_id",
    ),
    (
        "letter_draft_discarded",
        "SELECT client_id, count(*) FROM letters WHERE status = 'discarded' GROUP BY client_id",
    ),
];

async fn process_in_step(pool: &DbPool, out: &mut Vec<Violation>) -> Result<()> {
    for (kind, rows_sql) in PROCESS_COUNTS {
        let mut counts: HashMap<i64, (i64, i64)> = HashMap::new();
        for r in sqlx::query(
            "SELECT client_id, count(*) FROM client_events WHERE kind = $1 GROUP BY client_id",
        )
        .bind(*kind)
        .fetch_all(pool)
        .await?
        {
            counts.entry(r.try_get(0)?).or_default().0 = r.try_get(1)?;
        }
        for r in sqlx::query(rows_sql).fetch_all(pool).await? {
            counts.entry(r.try_get(0)?).or_default().1 = r.try_get(1)?;
        }
        let mut off: Vec<_> = counts
            .into_iter()
            .filter(|(_, (events, rows))| events != rows)
            .collect();
        off.sort_unstable();
        for (client, (events, rows)) in off {
            out.push(Violation {
                rule: "process_in_step",
                detail: format!("client {client}: {events} {kind} events, {rows} rows"),
            });
        }
    }
    Ok(())
}

/// The state the tables hold for every client, with its stored BSN.
async fn projected(
    pool: &DbPool,
    out: &mut Vec<Violation>,
) -> Result<HashMap<i64, (ClientState, String)>> {
    let mut states = HashMap::new();
    let mut rows = sqlx::query(
        "SELECT id, bsn, status, owner_team_id, owner_employee_id, phase, benefit_status, last_contact_on FROM clients",
    )
    .fetch(pool);
    while let Some(r) = rows.try_next().await? {
        let id: i64 = r.try_get("id")?;
        let phase: String = r.try_get("phase")?;
        let benefit: String = r.try_get("benefit_status")?;
        let (Ok(phase), Some(benefit)) = (Phase::parse(&phase), BenefitStatus::parse(&benefit))
        else {
            out.push(Violation {
                rule: "known_values",
                detail: format!("client {id}"),
            });
            continue;
        };
        let bsn: String = r.try_get("bsn")?;
        if bsn != super::retention::ANONYMOUS_BSN
            && Bsn::parse(&bsn).map(|b| b.as_string()) != Ok(bsn.clone())
        {
            out.push(Violation {
                rule: "bsn_elfproef",
                detail: format!("client {id}"),
            });
        }
        let state = ClientState {
            open: r.try_get::<String, _>("status")? == "open",
            owner: Owner {
                team_id: TeamId(r.try_get("owner_team_id")?),
                employee_id: EmployeeId(r.try_get("owner_employee_id")?),
            },
            phase,
            benefit_status: benefit,
            pending: None,
            returned: None,
            last_contact: r.try_get("last_contact_on")?,
            latest_skills: None,
        };
        states.insert(id, (state, bsn));
    }
    drop(rows);
    let mut rows = sqlx::query(
        "SELECT id, client_id, from_team_id, from_employee_id, to_team_id, to_employee_id
         FROM handovers WHERE status = 'pending'",
    )
    .fetch(pool);
    while let Some(r) = rows.try_next().await? {
        if let Some((s, _)) = states.get_mut(&r.try_get::<i64, _>("client_id")?) {
            s.pending = Some(pending_from_row(&r)?);
        }
    }
    drop(rows);
    let mut rows = sqlx::query(
        "SELECT c.id AS client_id, h.id, h.to_team_id, h.return_reason
         FROM clients c JOIN handovers h ON h.id = c.returned_handover_id",
    )
    .fetch(pool);
    while let Some(r) = rows.try_next().await? {
        if let Some((s, _)) = states.get_mut(&r.try_get::<i64, _>("client_id")?) {
            s.returned = Some(returned_from_row(&r)?);
        }
    }
    drop(rows);
    // Ordered so that the last row per client is its latest assessment.
    let mut rows = sqlx::query(
        "SELECT client_id, assessed_on, on_time, commitment, accepts_direction, says_in_time, dresses_for_work
         FROM assessments ORDER BY client_id, assessed_on, id",
    )
    .fetch(pool);
    while let Some(r) = rows.try_next().await? {
        if let Some((s, _)) = states.get_mut(&r.try_get::<i64, _>("client_id")?) {
            s.latest_skills = Some((r.try_get("assessed_on")?, skills_from_row(&r)?));
        }
    }
    Ok(states)
}

async fn replay_all(pool: &DbPool, out: &mut Vec<Violation>) -> Result<()> {
    let mut states = projected(pool, out).await?;
    let mut rows =
        sqlx::query("SELECT client_id, seq, payload FROM client_events ORDER BY client_id, seq")
            .fetch(pool);
    let mut current: Option<(i64, Option<ClientState>, Option<String>)> = None;
    let mut finish = |entry: Option<(i64, Option<ClientState>, Option<String>)>,
                      out: &mut Vec<Violation>| {
        let Some((client, replayed, bsn)) = entry else {
            return;
        };
        match (replayed, states.remove(&client)) {
            (Some(r), Some((p, stored_bsn))) => {
                if r != p {
                    out.push(Violation {
                        rule: "history_matches_state",
                        detail: format!("client {client}: history gives {r:?}, tables hold {p:?}"),
                    });
                }
                if bsn.as_deref() != Some(stored_bsn.as_str()) {
                    out.push(Violation {
                        rule: "history_matches_state",
                        detail: format!("client {client}: BSN differs"),
                    });
                }
            }
            (None, _) => out.push(Violation {
                rule: "history_starts_with_created",
                detail: format!("client {client}"),
            }),
            (Some(_), None) => {}
        }
    };
    while let Some(r) = rows.try_next().await? {
        let client: i64 = r.try_get("client_id")?;
        let payload: String = r.try_get("payload")?;
        let event: ClientEvent = match serde_json::from_str(&payload) {
            Ok(e) => e,
            Err(e) => {
                out.push(Violation {
                    rule: "event_readable",
                    detail: format!("client {client}: {e}"),
                });
                continue;
            }
        };
        if current.as_ref().map(|c| c.0) != Some(client) {
            finish(current.take(), out);
            let (state, bsn) = match &event {
                ClientEvent::Register(RegisterEvent::Created {
                    phase, owner, bsn, ..
                }) => (
                    Some(ClientState::new(*phase, *owner)),
                    Some(
                        bsn.map_or(super::retention::ANONYMOUS_BSN.to_string(), |b| {
                            b.as_string()
                        }),
                    ),
                ),
                _ => (None, None),
            };
            current = Some((client, state, bsn));
        } else if let Some((_, Some(state), _)) = current.as_mut() {
            state.apply(&event);
        }
    }
    finish(current.take(), out);
    drop(rows);
    // Clients without any event were reported by `event_sequence` already.
    Ok(())
}

#[async_trait::async_trait]
impl crate::IntegrityStore for BackendStore {
    async fn is_empty(&self) -> Result<bool> {
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM organisations")
            .fetch_one(&self.reader)
            .await?;
        Ok(n == 0)
    }

    async fn check(&self) -> Result<Vec<Violation>> {
        let pool = &self.reader;
        let log_key = self.log_key.as_ref();
        let mut out = Vec::new();

        super::dialect::integrity(pool, &mut out).await?;
        for (rule, sql) in EMPTY_QUERIES {
            for row in sqlx::query(sql).fetch_all(pool).await? {
                let what: String = match row.try_get::<i64, _>(0) {
                    Ok(id) => id.to_string(),
                    Err(_) => row.try_get(0)?,
                };
                out.push(Violation {
                    rule,
                    detail: format!("row {what}"),
                });
            }
        }

        replay_all(pool, &mut out).await?;
        process_in_step(pool, &mut out).await?;
        super::logbook::verify(pool, log_key, &mut out).await?;
        Ok(out)
    }
}
