//! Intervision and case consultation (casuïstiekoverleg): a team records a
//! session with its cases and follow-ups; the team and whoever took part
//! read it back; a case names its client only to who may read that client
//! (one processing-log record each), and the client's timeline shows the
//! advice to the same readers. Follow-ups land on their owner's "Vandaag".
//! The counts per team and per caseworker per quarter feed the
//! effectenkaart.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use zicht_domain::{
    access::{may_read_client, Role},
    intervision::{
        may_finish_follow_up, may_read_session, may_record, quarter, CaseInput, FollowUpInput,
        IntervisionMethod, NewIntervision, SessionFacts,
    },
    ClientId, EmployeeId, FollowUpId, IntervisionId, TeamId,
};
use zicht_storage::{FollowUp, IntervisionSummary, LogStatus, NamedRef, TimelineEntry};

use crate::{
    door::{casework, forbidden},
    security, Acts, Caller,
};

/// A session as typed in (the form and the JSON body alike).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct IntervisionInput {
    /// `jjjj-mm-dd` or `dd-mm-jjjj`.
    pub held_on: String,
    pub method: String,
    pub participants: Vec<i64>,
    pub cases: Vec<CaseBody>,
    pub follow_ups: Vec<FollowUpBody>,
}

/// A case as typed in.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CaseBody {
    pub question: String,
    pub advice: String,
    pub client_id: Option<i64>,
}

/// A follow-up as typed in.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct FollowUpBody {
    pub owner_id: i64,
    pub description: String,
    /// `jjjj-mm-dd` or `dd-mm-jjjj`.
    pub due_on: String,
}

/// A session as shown to one reader.
#[derive(Debug, Clone, Serialize)]
pub struct IntervisionView {
    pub id: IntervisionId,
    pub team: NamedRef<TeamId>,
    pub held_on: Date,
    pub method: IntervisionMethod,
    pub recorded_by: NamedRef<EmployeeId>,
    #[serde(with = "time::serde::rfc3339")]
    pub recorded_at: OffsetDateTime,
    pub participants: Vec<NamedRef<EmployeeId>>,
    pub cases: Vec<CaseView>,
    pub follow_ups: Vec<FollowUpView>,
}

/// A case as shown to one reader: the client only when the reader may read
/// the client; `client_hidden` says a client is linked that is not theirs.
#[derive(Debug, Clone, Serialize)]
pub struct CaseView {
    pub question: String,
    pub advice: String,
    pub client: Option<NamedRef<ClientId>>,
    pub client_hidden: bool,
}

/// A follow-up as shown, with whether the reader may mark it done.
#[derive(Debug, Clone, Serialize)]
pub struct FollowUpView {
    #[serde(flatten)]
    pub follow_up: FollowUp,
    pub overdue: bool,
    pub may_finish: bool,
}

/// Sessions held by one team in one quarter.
#[derive(Debug, Clone, Serialize)]
pub struct TeamQuarter {
    pub team: NamedRef<TeamId>,
    /// `2026-Q4`.
    pub quarter: String,
    pub sessions: i64,
}

/// Sessions one caseworker took part in, in one quarter.
#[derive(Debug, Clone, Serialize)]
pub struct CaseworkerQuarter {
    pub employee: NamedRef<EmployeeId>,
    pub team_id: TeamId,
    pub quarter: String,
    pub sessions_attended: i64,
}

/// The counts for the effectenkaart: quarters with no session are left out.
#[derive(Debug, Clone, Serialize)]
pub struct IntervisionCounts {
    pub from: Date,
    pub to: Date,
    pub teams: Vec<TeamQuarter>,
    pub caseworkers: Vec<CaseworkerQuarter>,
}

/// The kind of the timeline entry a case about the client makes.
pub const CASE_CONSULTED: &str = "case_consulted";

impl Acts {
    /// Records a session of the caller's team: its caseworkers and team lead
    /// may. Participants are casework staff of the organisation; a case may
    /// link only a client the recorder may read. One processing-log record
    /// per client linked.
    pub async fn record_intervision(
        &self,
        who: &Caller,
        input: &IntervisionInput,
    ) -> crate::Result<IntervisionId> {
        const OP: &str = "intervisie_vastleggen";
        casework(who, OP)?;
        let team = who.employee.team_id;
        if !may_record(&who.viewer(), team) {
            security::refused_act(who, OP);
            return Err(forbidden());
        }
        let org = who.organisation_id;
        let colleagues: Vec<EmployeeId> = self
            .store
            .employees(org)
            .await?
            .into_iter()
            .filter(|e| e.role.works_with_clients())
            .map(|e| e.id)
            .collect();
        let viewer = who.viewer();
        let mut readable = Vec::new();
        let mut bsns = Vec::new();
        for c in input.cases.iter().filter_map(|c| c.client_id) {
            let id = ClientId(c);
            if readable.contains(&id) {
                continue;
            }
            // A client of another organisation is unknown, like one not readable.
            if let Ok(scope) = self.store.client_scope(org, id).await {
                if may_read_client(&viewer, &scope) {
                    readable.push(id);
                    bsns.push(self.store.client_bsn(org, id).await?);
                }
            }
        }
        let participants: Vec<EmployeeId> =
            input.participants.iter().map(|p| EmployeeId(*p)).collect();
        let cases: Vec<CaseInput> = input
            .cases
            .iter()
            .map(|c| CaseInput {
                question: c.question.clone(),
                advice: c.advice.clone(),
                client: c.client_id.map(ClientId),
            })
            .collect();
        let follow_ups: Vec<FollowUpInput> = input
            .follow_ups
            .iter()
            .map(|f| FollowUpInput {
                owner: EmployeeId(f.owner_id),
                description: f.description.clone(),
                due_on: f.due_on.clone(),
            })
            .collect();
        let session = NewIntervision::parse(
            SessionFacts {
                team,
                colleagues: &colleagues,
                readable_clients: &readable,
            },
            &input.held_on,
            &input.method,
            &participants,
            &cases,
            &follow_ups,
            who.today(),
        )?;
        let id = self.store.record_intervision(&who.ctx, &session).await?;
        if let Err(e) = self
            .record(who, OP, LogStatus::Ok, bsns.iter().map(String::as_str))
            .await
        {
            tracing::error!(error = ?e, operation = OP, "processing log record not written");
        }
        Ok(id)
    }

    /// The sessions of the caller's team and those the caller took part in,
    /// latest first; counts only, no client.
    pub async fn intervisions(&self, who: &Caller) -> crate::Result<Vec<IntervisionSummary>> {
        casework(who, "intervisies_lezen")?;
        self.store
            .intervisions(who.organisation_id, who.employee.team_id, who.employee.id)
            .await
    }

    /// One session, for its team and its participants: a case names its
    /// client only to who may read the client (one processing-log record
    /// each). Another organisation's session is not found.
    pub async fn intervision(
        &self,
        who: &Caller,
        id: IntervisionId,
    ) -> crate::Result<IntervisionView> {
        const OP: &str = "intervisie_lezen";
        casework(who, OP)?;
        let org = who.organisation_id;
        let s = self.store.intervision(org, id).await?;
        let viewer = who.viewer();
        let people: Vec<EmployeeId> = s.participants.iter().map(|p| p.id).collect();
        if !may_read_session(&viewer, s.summary.team.id, &people) {
            security::refused_act(who, OP);
            return Err(forbidden());
        }
        let mut shown = Vec::new();
        let mut cases = Vec::new();
        for c in s.cases {
            let (client, hidden) = match c.client {
                None => (None, false),
                Some(client) => {
                    let scope = self.store.client_scope(org, client.id).await?;
                    if may_read_client(&viewer, &scope) {
                        let bsn = self.store.client_bsn(org, client.id).await?;
                        if !shown.contains(&bsn) {
                            shown.push(bsn);
                        }
                        (Some(client), false)
                    } else {
                        (None, true)
                    }
                }
            };
            cases.push(CaseView {
                question: c.question,
                advice: c.advice,
                client,
                client_hidden: hidden,
            });
        }
        self.record(who, OP, LogStatus::Ok, shown.iter().map(String::as_str))
            .await?;
        let today = who.today();
        let team = s.summary.team.id;
        let follow_ups = s
            .follow_ups
            .into_iter()
            .map(|f| view_of(f, &viewer, team, today))
            .collect();
        Ok(IntervisionView {
            id: s.summary.id,
            team: s.summary.team,
            held_on: s.summary.held_on,
            method: s.summary.method,
            recorded_by: s.summary.recorded_by,
            recorded_at: s.summary.recorded_at,
            participants: s.participants,
            cases,
            follow_ups,
        })
    }

    /// Marks a follow-up done: its owner or the session's team. Returns the
    /// session it belongs to.
    pub async fn finish_follow_up(
        &self,
        who: &Caller,
        id: FollowUpId,
    ) -> crate::Result<IntervisionId> {
        const OP: &str = "intervisie_afspraak_afronden";
        casework(who, OP)?;
        let f = self.store.follow_up(who.organisation_id, id).await?;
        if !may_finish_follow_up(&who.viewer(), f.owner.id, f.team.id) {
            security::refused_act(who, OP);
            return Err(forbidden());
        }
        self.store.finish_follow_up(&who.ctx, id).await?;
        Ok(f.session_id)
    }

    /// The caller's open follow-ups, overdue ones first, then by due date.
    pub async fn my_follow_ups(&self, who: &Caller) -> crate::Result<Vec<FollowUpView>> {
        casework(who, "intervisie_afspraken_lezen")?;
        let viewer = who.viewer();
        let today = who.today();
        let mut list: Vec<FollowUpView> = self
            .store
            .open_follow_ups(who.organisation_id, who.employee.id)
            .await?
            .into_iter()
            .map(|f| {
                let team = f.team.id;
                view_of(f, &viewer, team, today)
            })
            .collect();
        list.sort_by_key(|f| (!f.overdue, f.follow_up.due_on, f.follow_up.id));
        Ok(list)
    }

    /// How many of the caller's follow-ups are past their due date, for the
    /// menu's count.
    pub async fn overdue_follow_up_count(&self, who: &Caller) -> crate::Result<usize> {
        let today = who.today();
        Ok(self
            .store
            .open_follow_ups(who.organisation_id, who.employee.id)
            .await?
            .iter()
            .filter(|f| f.due_on < today)
            .count())
    }

    /// The cases about a client as timeline entries, latest first; for a
    /// reader the file door has let in (and logged).
    pub(crate) async fn consultation_entries(
        &self,
        who: &Caller,
        client: ClientId,
    ) -> crate::Result<Vec<TimelineEntry>> {
        Ok(self
            .store
            .client_consultations(who.organisation_id, client)
            .await?
            .into_iter()
            .map(|c| TimelineEntry {
                seq: 0,
                at: c.recorded_at,
                kind: CASE_CONSULTED.to_string(),
                actor: c.recorded_by,
                event: serde_json::json!({
                    "type": CASE_CONSULTED,
                    "session_id": c.session_id,
                    "team": c.team,
                    "held_on": c.held_on,
                    "method": c.method,
                    "question": c.question,
                    "advice": c.advice,
                }),
            })
            .collect())
    }

    /// Sessions held per team and attendance per caseworker, per quarter,
    /// for sessions held from `from` to `to`. Management sees every team
    /// and caseworker; a team lead their own team and its people; a
    /// caseworker their own team and themself. Aggregates of staff only: no
    /// client, so no processing-log record.
    pub async fn intervision_counts(
        &self,
        who: &Caller,
        from: Date,
        to: Date,
    ) -> crate::Result<IntervisionCounts> {
        const OP: &str = "intervisie_tellingen_lezen";
        let me = who.viewer();
        if !matches!(
            me.role,
            Role::Management | Role::Teamleider | Role::Klantmanager
        ) {
            security::refused_act(who, OP);
            return Err(forbidden());
        }
        let rows = self
            .store
            .intervision_attendance(who.organisation_id, from, to)
            .await?;
        let team_ok = |t: TeamId| me.role == Role::Management || t == me.team;
        let person_ok = |e: EmployeeId, t: TeamId| match me.role {
            Role::Management => true,
            Role::Teamleider => t == me.team,
            _ => e == me.employee,
        };
        let mut sessions: BTreeMap<(String, i64, String), BTreeSet<IntervisionId>> =
            BTreeMap::new();
        let mut attended: BTreeMap<(String, i64, String, i64), BTreeSet<IntervisionId>> =
            BTreeMap::new();
        for r in &rows {
            let q = quarter(r.held_on);
            if team_ok(r.team.id) {
                sessions
                    .entry((r.team.name.clone(), r.team.id.0, q.clone()))
                    .or_default()
                    .insert(r.session_id);
            }
            if person_ok(r.participant.id, r.participant_team) {
                attended
                    .entry((
                        r.participant.name.clone(),
                        r.participant.id.0,
                        q,
                        r.participant_team.0,
                    ))
                    .or_default()
                    .insert(r.session_id);
            }
        }
        Ok(IntervisionCounts {
            from,
            to,
            teams: sessions
                .into_iter()
                .map(|((name, id, quarter), s)| TeamQuarter {
                    team: NamedRef {
                        id: TeamId(id),
                        name,
                    },
                    quarter,
                    sessions: s.len() as i64,
                })
                .collect(),
            caseworkers: attended
                .into_iter()
                .map(|((name, id, quarter, team), s)| CaseworkerQuarter {
                    employee: NamedRef {
                        id: EmployeeId(id),
                        name,
                    },
                    team_id: TeamId(team),
                    quarter,
                    sessions_attended: s.len() as i64,
                })
                .collect(),
        })
    }
}

fn view_of(
    f: FollowUp,
    viewer: &zicht_domain::access::Viewer,
    team: TeamId,
    today: Date,
) -> FollowUpView {
    FollowUpView {
        overdue: f.done_at.is_none() && f.due_on < today,
        may_finish: f.done_at.is_none() && may_finish_follow_up(viewer, f.owner.id, team),
        follow_up: f,
    }
}

/// The period of the counts from text: `from` defaults to a year before
/// `to`, `to` to today; `to` before `from` is refused (field `to`).
pub fn counts_period(from: &str, to: &str, today: Date) -> crate::Result<(Date, Date)> {
    let to = if to.trim().is_empty() {
        today
    } else {
        zicht_domain::text::parse_date("to", to)?
    };
    let from = if from.trim().is_empty() {
        to - time::Duration::days(365)
    } else {
        zicht_domain::text::parse_date("from", from)?
    };
    if to < from {
        return Err(zicht_domain::DomainError::invalid("to", "period_reversed").into());
    }
    Ok((from, to))
}
