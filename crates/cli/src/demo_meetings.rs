//! Overdrachtsoverleggen in the demo: each team met weekly over the last
//! three weeks, with most of its people, and noted a decision on a few of
//! the handovers then open; so the list of earlier meetings is not empty.

use anyhow::Context as _;
use time::{Duration, OffsetDateTime, Time, Weekday};
use zicht_domain::{
    handover::Actor,
    meeting::{DecisionInput, NewMeeting, TeamFacts},
    EmployeeId, HandoverId, OrganisationId,
};
use zicht_storage::{Ctx, HandoverFilter, Store};

/// How many past meetings each team has.
const WEEKS: i64 = 3;
/// At most this many decisions per meeting.
const DECISIONS: usize = 4;

/// What a meeting noted, in turn.
const OUTCOMES: [(&str, &str); 4] = [
    (
        "postponed",
        "Volgende week opnieuw, na het gesprek met de klant.",
    ),
    ("accepted", ""),
    ("other", "Eerst driegesprek met beide klantmanagers."),
    (
        "returned",
        "Past beter bij het eigen team; zie de reden van terugsturen.",
    ),
];

/// Records the demo's past meetings; returns how many.
pub async fn load(
    store: &dyn Store,
    org: OrganisationId,
    now: OffsetDateTime,
) -> anyhow::Result<usize> {
    let employees = store.employees(org).await?;
    let today = zicht_domain::calendar::dutch_date(now);
    // The Tuesday of this week, or last week's when it is still to come.
    let mut tuesday = today;
    while tuesday.weekday() != Weekday::Tuesday {
        tuesday -= Duration::days(1);
    }
    let mut count = 0;
    for team in store.teams(org).await? {
        let members: Vec<EmployeeId> = employees
            .iter()
            .filter(|e| e.team_id == team.id && e.role.works_with_clients())
            .map(|e| e.id)
            .collect();
        let Some(&recorder) = members.first() else {
            continue;
        };
        let handovers = store
            .handovers(
                org,
                &HandoverFilter {
                    team: Some(team.id),
                    ..Default::default()
                },
                today,
            )
            .await?;
        let ids: Vec<HandoverId> = handovers.iter().map(|h| h.id).collect();
        for week in (1..=WEEKS).rev() {
            let held_on = tuesday - Duration::weeks(week - 1);
            if held_on > today {
                continue;
            }
            // Everyone but one, in turn.
            let absent = (week as usize) % members.len().max(1);
            let attendees: Vec<EmployeeId> = members
                .iter()
                .enumerate()
                .filter(|(i, _)| members.len() == 1 || *i != absent)
                .map(|(_, e)| *e)
                .collect();
            let decisions: Vec<DecisionInput> = handovers
                .iter()
                .filter(|h| {
                    let offered = zicht_domain::calendar::dutch_date(h.offered_at);
                    offered < held_on
                        && h.settled_at
                            .is_none_or(|s| zicht_domain::calendar::dutch_date(s) >= held_on)
                })
                .take(DECISIONS)
                .enumerate()
                .map(|(i, h)| {
                    let (outcome, note) = OUTCOMES[(i + week as usize) % OUTCOMES.len()];
                    DecisionInput {
                        handover: h.id,
                        outcome: outcome.to_string(),
                        note: note.to_string(),
                    }
                })
                .collect();
            let meeting = NewMeeting::parse(
                TeamFacts {
                    team: team.id,
                    members: &members,
                    handovers: &ids,
                },
                &held_on.to_string(),
                &attendees,
                &decisions,
                today,
            )
            .map_err(|e| anyhow::anyhow!("demo meeting of {}: {e:?}", team.name))?;
            let at = held_on.with_time(Time::from_hms(11, 30, 0)?).assume_utc();
            let ctx = Ctx {
                organisation_id: org,
                actor: Actor {
                    employee_id: recorder,
                    team_id: team.id,
                },
                at,
            };
            store
                .record_meeting(&ctx, &meeting)
                .await
                .with_context(|| format!("recording a demo meeting of {}", team.name))?;
            count += 1;
        }
    }
    Ok(count)
}
