//! Intervision in the demo: each team met every six weeks over the last
//! year, with a rotating method, most of its people, two cases (the first
//! about one of the team's clients) and a follow-up. Older follow-ups are
//! done; the latest session's are open, and in the first team one is open
//! past its due date, so "Vandaag" shows both kinds.

use anyhow::Context as _;
use time::{Duration, OffsetDateTime, Time};
use zicht_domain::{
    handover::Actor,
    intervision::{CaseInput, FollowUpInput, IntervisionMethod, NewIntervision, SessionFacts},
    ClientId, EmployeeId, OrganisationId,
};
use zicht_storage::{ClientFilter, Ctx, Store};

/// Sessions per team, six weeks apart.
const SESSIONS: i64 = 8;

const CASES: [(&str, &str); 4] = [
    (
        "De klant komt afspraken niet na; hoe krijgen we weer contact?",
        "Huisbezoek samen met de wijkcoach, en de volgende afspraak schriftelijk bevestigen.",
    ),
    (
        "Hoe motiveren we iemand die al jaren geen werk zoekt?",
        "Klein beginnen: vrijwilligerswerk in de buurt, en successen expliciet benoemen.",
    ),
    (
        "Schulden lijken de re-integratie te blokkeren. Eerst schuldhulp of parallel?",
        "Parallel: schuldhulp inschakelen en intussen een werkfit-traject starten.",
    ),
    (
        "De werkgever twijfelt na de proefplaatsing. Wat kunnen we bieden?",
        "Loonkostensubsidie en jobcoaching voorstellen, met een evaluatie na drie maanden.",
    ),
];

const FOLLOW_UPS: [&str; 3] = [
    "Casus terugkoppelen in het volgende teamoverleg",
    "Met de wijkcoach een huisbezoek plannen",
    "Werkgever bellen over loonkostensubsidie",
];

/// Records the demo's intervision sessions; returns how many.
pub async fn load(
    store: &dyn Store,
    org: OrganisationId,
    now: OffsetDateTime,
) -> anyhow::Result<usize> {
    let employees = store.employees(org).await?;
    let colleagues: Vec<EmployeeId> = employees
        .iter()
        .filter(|e| e.role.works_with_clients())
        .map(|e| e.id)
        .collect();
    let today = zicht_domain::calendar::dutch_date(now);
    let mut count = 0;
    for (t, team) in store.teams(org).await?.into_iter().enumerate() {
        let members: Vec<EmployeeId> = employees
            .iter()
            .filter(|e| e.team_id == team.id && e.role.works_with_clients())
            .map(|e| e.id)
            .collect();
        let Some(&recorder) = members.first() else {
            continue;
        };
        let clients: Vec<ClientId> = store
            .clients(
                org,
                &ClientFilter {
                    owner_team: Some(team.id),
                    limit: Some(50),
                    ..Default::default()
                },
                today,
            )
            .await?
            .into_iter()
            .map(|c| c.id)
            .collect();
        for k in (0..SESSIONS).rev() {
            let held_on = today - Duration::days(7 + 42 * k);
            let n = (k as usize) + t;
            let absent = n % members.len().max(1);
            let participants: Vec<EmployeeId> = members
                .iter()
                .enumerate()
                .filter(|(i, _)| members.len() == 1 || *i != absent)
                .map(|(_, e)| *e)
                .collect();
            let (q1, a1) = CASES[n % CASES.len()];
            let (q2, a2) = CASES[(n + 1) % CASES.len()];
            let cases = vec![
                CaseInput {
                    question: q1.into(),
                    advice: a1.into(),
                    client: clients.get(n % clients.len().max(1)).copied(),
                },
                CaseInput {
                    question: q2.into(),
                    advice: a2.into(),
                    client: None,
                },
            ];
            // The latest session's follow-up is due next week; the one
            // before it in the first team is overdue; the rest come due two
            // weeks after their session and are done.
            let due = if k == 0 {
                today + Duration::days(7)
            } else {
                held_on + Duration::days(14)
            };
            let owner = participants[n % participants.len()];
            let follow_ups = vec![FollowUpInput {
                owner,
                description: FOLLOW_UPS[n % FOLLOW_UPS.len()].into(),
                due_on: due.to_string(),
            }];
            let method = IntervisionMethod::ALL[n % IntervisionMethod::ALL.len()];
            let session = NewIntervision::parse(
                SessionFacts {
                    team: team.id,
                    colleagues: &colleagues,
                    readable_clients: &clients,
                },
                &held_on.to_string(),
                method.as_str(),
                &participants,
                &cases,
                &follow_ups,
                today,
            )
            .map_err(|e| anyhow::anyhow!("demo intervision of {}: {e:?}", team.name))?;
            let at = held_on.with_time(Time::from_hms(14, 0, 0)?).assume_utc();
            let ctx = Ctx {
                organisation_id: org,
                actor: Actor {
                    employee_id: recorder,
                    team_id: team.id,
                },
                at,
            };
            let id = store
                .record_intervision(&ctx, &session)
                .await
                .with_context(|| format!("recording a demo intervision of {}", team.name))?;
            let stays_open = k == 0 || (k == 1 && t == 0);
            if !stays_open {
                let record = store.intervision(org, id).await?;
                for f in record.follow_ups {
                    let done = Ctx {
                        actor: Actor {
                            employee_id: f.owner.id,
                            team_id: team.id,
                        },
                        at: f.due_on.with_time(Time::from_hms(10, 0, 0)?).assume_utc(),
                        ..ctx
                    };
                    store.finish_follow_up(&done, f.id).await?;
                }
            }
            count += 1;
        }
    }
    Ok(count)
}
