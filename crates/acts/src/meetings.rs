//! The overdrachtsoverleg as a meeting: the team's agenda of handovers, and
//! the record of a meeting (date, attendees, a decision per handover
//! discussed). Taking part is for the team's own caseworkers and team lead;
//! a record names a client only to who may read that client, and every
//! client named is written to the processing log.

use serde::{Deserialize, Serialize};
use time::{Date, Duration, OffsetDateTime};
use zicht_domain::{
    access::may_read_client,
    calendar,
    handover::HandoverStatus,
    meeting::{
        may_attend, AgendaSection, DecisionInput, MeetingId, MeetingOutcome, NewMeeting, TeamFacts,
        RETURNED_DAYS,
    },
    ClientId, EmployeeId, HandoverId, TeamId,
};
use zicht_storage::{HandoverFilter, HandoverView, LogStatus, MeetingSummary, NamedRef};

use crate::{
    door::{casework, forbidden},
    handovers::may_read,
    security, Acts, Caller,
};

/// What the agenda shows: one section, overdue ones only, one caseworker's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AgendaFilter {
    pub section: Option<AgendaSection>,
    pub overdue_only: bool,
    /// Handovers this employee offered or is named to receive.
    pub caseworker: Option<EmployeeId>,
}

/// One line of the agenda.
#[derive(Debug, Clone)]
pub struct AgendaItem {
    pub section: AgendaSection,
    pub h: HandoverView,
    pub offered_on: Date,
    /// The last day to answer in time (pending ones).
    pub due_on: Date,
}

/// The agenda of a team's overdrachtsoverleg.
#[derive(Debug, Clone)]
pub struct Agenda {
    pub items: Vec<AgendaItem>,
    /// The organisation's term in working days.
    pub term: u32,
}

/// A meeting as typed in (the form and the JSON body alike).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MeetingInput {
    /// `jjjj-mm-dd` or `dd-mm-jjjj`.
    pub held_on: String,
    pub attendees: Vec<i64>,
    pub decisions: Vec<MeetingDecisionInput>,
}

/// A decision on one handover, as typed in.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MeetingDecisionInput {
    pub handover_id: i64,
    pub outcome: String,
    pub note: String,
}

/// A meeting as shown to one reader.
#[derive(Debug, Clone, Serialize)]
pub struct MeetingView {
    pub id: MeetingId,
    pub team: NamedRef<TeamId>,
    pub held_on: Date,
    pub recorded_by: NamedRef<EmployeeId>,
    #[serde(with = "time::serde::rfc3339")]
    pub recorded_at: OffsetDateTime,
    pub attendees: Vec<NamedRef<EmployeeId>>,
    pub decisions: Vec<DecisionView>,
}

/// A decision as shown to one reader: the client and the note only when
/// the reader may read the client, else the team that owns the client.
#[derive(Debug, Clone, Serialize)]
pub struct DecisionView {
    pub handover_id: HandoverId,
    pub outcome: MeetingOutcome,
    pub client: Option<NamedRef<ClientId>>,
    /// The team that owns the client now.
    pub client_team: NamedRef<TeamId>,
    pub from_team: NamedRef<TeamId>,
    pub to_team: NamedRef<TeamId>,
    pub note: Option<String>,
}

impl Acts {
    /// Lets `who` take part in `team`'s meeting, or refuses (a security
    /// event; no person is involved yet).
    fn attend(&self, who: &Caller, team: TeamId, operation: &str) -> crate::Result<()> {
        casework(who, operation)?;
        if may_attend(&who.viewer(), team) {
            Ok(())
        } else {
            security::refused_act(who, operation);
            Err(forbidden())
        }
    }

    /// The agenda of `team`: its pending handovers either way and those sent
    /// back to it in the last four weeks, that `who` may read and `filter`
    /// keeps; one processing-log record per client shown.
    pub async fn meeting_agenda(
        &self,
        who: &Caller,
        team: TeamId,
        filter: AgendaFilter,
    ) -> crate::Result<Agenda> {
        const OP: &str = "overdrachtsoverleg_agenda_lezen";
        casework(who, OP)?;
        let org = who.organisation_id;
        let today = who.today();
        let term = self
            .store
            .organisation(org)
            .await?
            .settings
            .handover_overdue_working_days;
        let pending = self
            .store
            .handovers(
                org,
                &HandoverFilter {
                    team: Some(team),
                    status: Some(HandoverStatus::Pending),
                    ..Default::default()
                },
                today,
            )
            .await?;
        let returned = self
            .store
            .handovers(
                org,
                &HandoverFilter {
                    from_team: Some(team),
                    status: Some(HandoverStatus::Returned),
                    ..Default::default()
                },
                today,
            )
            .await?;
        let since = today - Duration::days(RETURNED_DAYS);
        let mut items: Vec<AgendaItem> = pending
            .into_iter()
            .chain(returned.into_iter().filter(|h| {
                h.settled_at
                    .is_some_and(|t| calendar::dutch_date(t) >= since)
            }))
            .filter(|h| may_read(who, h))
            .map(|h| {
                let section = if h.status == HandoverStatus::Returned {
                    AgendaSection::Returned
                } else if h.overdue {
                    AgendaSection::Overdue
                } else if h.to_team.id == team {
                    AgendaSection::Incoming
                } else {
                    AgendaSection::Outgoing
                };
                let offered_on = calendar::dutch_date(h.offered_at);
                AgendaItem {
                    section,
                    offered_on,
                    due_on: zicht_domain::meeting::due_on(offered_on, term),
                    h,
                }
            })
            .filter(|i| filter.section.is_none_or(|s| s == i.section))
            .filter(|i| !filter.overdue_only || i.section == AgendaSection::Overdue)
            .filter(|i| {
                filter.caseworker.is_none_or(|e| {
                    i.h.from_employee.id == e || i.h.to_employee.as_ref().is_some_and(|t| t.id == e)
                })
            })
            .collect();
        items.sort_by_key(|i| {
            (
                AgendaSection::ALL.iter().position(|s| *s == i.section),
                i.offered_on,
                i.h.id,
            )
        });
        self.record(
            who,
            OP,
            LogStatus::Ok,
            items.iter().map(|i| i.h.client_bsn.as_str()),
        )
        .await?;
        Ok(Agenda { items, term })
    }

    /// Records a meeting of `team`: its members and team lead may. The
    /// decisions are noted, not taken: accepting or returning a handover is
    /// the handover's own act. One processing-log record per client whose
    /// handover a decision names.
    pub async fn record_meeting(
        &self,
        who: &Caller,
        team: TeamId,
        input: &MeetingInput,
    ) -> crate::Result<MeetingId> {
        const OP: &str = "overdrachtsoverleg_vastleggen";
        self.attend(who, team, OP)?;
        let org = who.organisation_id;
        let members: Vec<EmployeeId> = self
            .store
            .employees(org)
            .await?
            .into_iter()
            .filter(|e| e.team_id == team && e.role.works_with_clients())
            .map(|e| e.id)
            .collect();
        let handovers = self.store.team_handover_ids(org, team).await?;
        let attendees: Vec<EmployeeId> = input.attendees.iter().map(|a| EmployeeId(*a)).collect();
        let decisions: Vec<DecisionInput> = input
            .decisions
            .iter()
            .map(|d| DecisionInput {
                handover: HandoverId(d.handover_id),
                outcome: d.outcome.clone(),
                note: d.note.clone(),
            })
            .collect();
        let meeting = NewMeeting::parse(
            TeamFacts {
                team,
                members: &members,
                handovers: &handovers,
            },
            &input.held_on,
            &attendees,
            &decisions,
            who.today(),
        )?;
        let mut bsns = Vec::new();
        for d in &meeting.decisions {
            let h = self.store.handover(org, d.handover, who.today()).await?;
            bsns.push(h.client_bsn);
        }
        let id = self.store.record_meeting(&who.ctx, &meeting).await?;
        if let Err(e) = self
            .record(who, OP, LogStatus::Ok, bsns.iter().map(String::as_str))
            .await
        {
            tracing::error!(error = ?e, operation = OP, "processing log record not written");
        }
        Ok(id)
    }

    /// The meetings `team` recorded, latest first; counts only, no person.
    pub async fn meetings(&self, who: &Caller, team: TeamId) -> crate::Result<Vec<MeetingSummary>> {
        self.attend(who, team, "overdrachtsoverleggen_lezen")?;
        self.store.meetings(who.organisation_id, team).await
    }

    /// One meeting, for its team: a client named only to who may read the
    /// client (one processing-log record each), else "a client of team X".
    /// Another organisation's meeting is not found.
    pub async fn meeting(&self, who: &Caller, id: MeetingId) -> crate::Result<MeetingView> {
        const OP: &str = "overdrachtsoverleg_lezen";
        casework(who, OP)?;
        let org = who.organisation_id;
        let m = self.store.meeting(org, id).await?;
        self.attend(who, m.team.id, OP)?;
        let today = who.today();
        let teams = self.store.teams(org).await?;
        let viewer = who.viewer();
        let mut decisions = Vec::new();
        let mut shown = Vec::new();
        for d in m.decisions {
            let h = self.store.handover(org, d.handover, today).await?;
            let readable = may_read_client(&viewer, &h.client_scope);
            let owner = h.client_scope.owner_team;
            let client_team = NamedRef {
                id: owner,
                name: teams
                    .iter()
                    .find(|t| t.id == owner)
                    .map(|t| t.name.clone())
                    .unwrap_or_default(),
            };
            if readable {
                shown.push(h.client_bsn.clone());
            }
            decisions.push(DecisionView {
                handover_id: d.handover,
                outcome: d.outcome,
                client: readable.then(|| h.client.clone()),
                client_team,
                from_team: h.from_team,
                to_team: h.to_team,
                note: readable.then_some(d.note),
            });
        }
        self.record(who, OP, LogStatus::Ok, shown.iter().map(String::as_str))
            .await?;
        Ok(MeetingView {
            id: m.id,
            team: m.team,
            held_on: m.held_on,
            recorded_by: m.recorded_by,
            recorded_at: m.recorded_at,
            attendees: m.attendees,
            decisions,
        })
    }
}
