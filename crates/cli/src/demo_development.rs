//! Professional development in the demo: each employee of a team has a POP
//! goal with an action and a training or two; the team lead reviewed every
//! other POP in the last year, so the totals per team are not empty.

use time::{Duration, OffsetDateTime, Time};
use zicht_domain::{
    access::Role,
    development::{NewReview, NewTraining},
    handover::Actor,
    OrganisationId,
};
use zicht_storage::{Ctx, Store};

const GOALS: [(&str, &str); 3] = [
    (
        "Motiverende gespreksvoering beter toepassen",
        "Training MGV volgen en twee gesprekken laten observeren",
    ),
    (
        "Netwerk met werkgevers in de regio uitbreiden",
        "Drie bedrijfsbezoeken samen met een accountmanager",
    ),
    (
        "Kennis van schuldhulpverlening verdiepen",
        "Meelopen met een schuldhulpverlener",
    ),
];

const COURSES: [(&str, u32, bool); 4] = [
    ("Motiverende gespreksvoering", 16, true),
    ("AVG in de praktijk", 4, false),
    ("Werken met de Participatiewet", 8, true),
    ("Omgaan met agressie", 6, false),
];

/// Records the demo's POPs, reviews and trainings; returns how many employees.
pub async fn load(
    store: &dyn Store,
    org: OrganisationId,
    now: OffsetDateTime,
) -> anyhow::Result<usize> {
    let today = zicht_domain::calendar::dutch_date(now);
    let employees = store.employees(org).await?;
    let mut count = 0;
    for (i, e) in employees.iter().enumerate() {
        if !e.role.works_with_clients() {
            continue;
        }
        let lead = employees
            .iter()
            .find(|l| l.team_id == e.team_id && l.role == Role::Teamleider && l.id != e.id);
        let at = (today - Duration::days(200))
            .with_time(Time::from_hms(9, 0, 0)?)
            .assume_utc();
        let ctx = Ctx {
            organisation_id: org,
            actor: Actor {
                employee_id: e.id,
                team_id: e.team_id,
            },
            at,
        };
        let (goal, action) = GOALS[i % GOALS.len()];
        let g = store.add_pop_goal(&ctx, e.id, goal).await?;
        store
            .add_pop_action(
                &ctx,
                e.id,
                g,
                action,
                today + Duration::days(30 + 10 * i as i64),
            )
            .await?;
        for k in 0..(1 + i % 2) {
            let (course, hours, certificate) = COURSES[(i + k) % COURSES.len()];
            let t = NewTraining::parse(
                course,
                &(today - Duration::days(20 + 60 * k as i64 + i as i64)).to_string(),
                &hours.to_string(),
                certificate,
                today,
            )
            .map_err(|e| anyhow::anyhow!("demo training: {e:?}"))?;
            store.record_training(&ctx, e.id, &t).await?;
        }
        if let Some(lead) = lead.filter(|_| i % 2 == 0) {
            let r = NewReview::parse(
                &(today - Duration::days(30 + i as i64)).to_string(),
                "POP besproken: doelen passen bij het werk; voortgang goed, volgende stap afgesproken.",
                today,
            )
            .map_err(|e| anyhow::anyhow!("demo review: {e:?}"))?;
            let by = Ctx {
                actor: Actor {
                    employee_id: lead.id,
                    team_id: lead.team_id,
                },
                ..ctx
            };
            store.record_pop_review(&by, e.id, &r).await?;
        }
        count += 1;
    }
    Ok(count)
}
