//! Ended interventions in the demo, so "wat werkt voor wie" has something to
//! show: for a few hundred open clients, a trajectory of one or two years ago
//! with the ladder and the five skills measured before and after, a ZRM for
//! most, the outcome, and for some a step to paid or volunteer work. The
//! outcomes differ by intervention and by rung at the start, as they would
//! in a real organisation, so the page shows differences worth discussing.

use rand::{rngs::SmallRng, Rng, SeedableRng};
use time::{Date, Duration, OffsetDateTime};
use zicht_domain::{
    handover::Actor,
    reintegration::{
        care::CareKind,
        diagnosis::{LadderRung, NewLadderMeasurement, NewZrmAssessment, ZrmVersion},
        outflow::{NewOutflow, OutflowKind, OutflowReason},
        trajectory::{InterventionEnd, InterventionOutcome, NewIntervention, Reasoning},
        work::NewVolunteerPlacement,
    },
    skills::{NewAssessment, SkillSet},
    OrganisationId,
};
use zicht_storage::{ClientFilter, ClientSummary, Ctx, NewCatalogueItem, Store};

const SEED: u64 = 16_2026;
/// Clients with a trajectory in the past (at most).
const CLIENTS: usize = 420;

/// The chance of "goal reached" per catalogue item (by name, as the demo
/// catalogue has them) for clients on rung 1–2 and on rung 3–4.
fn achieved_chance(item: &str, rung: u8) -> f64 {
    let low = rung <= 2;
    match item {
        "Werkfit-training" => [0.55, 0.35][usize::from(!low)],
        "Sollicitatietraining" => [0.15, 0.55][usize::from(!low)],
        "Traject Werkritme" => [0.45, 0.25][usize::from(!low)],
        "Jobcoaching op de werkplek" => [0.25, 0.60][usize::from(!low)],
        _ => 0.40,
    }
}

fn skills(n: usize) -> SkillSet {
    SkillSet {
        on_time: n > 0,
        commitment: n > 1,
        accepts_direction: n > 2,
        says_in_time: n > 3,
        dresses_for_work: n > 4,
    }
}

pub async fn load(
    store: &dyn Store,
    org: OrganisationId,
    now: OffsetDateTime,
) -> anyhow::Result<()> {
    let today = zicht_domain::calendar::dutch_date(now) - Duration::days(1);
    let clients = store
        .clients(
            org,
            &ClientFilter {
                limit: Some(5000),
                ..Default::default()
            },
            today,
        )
        .await?;
    // Not the clients whose current process the demo fills in (every sixth
    // of these, see `demo_process`): theirs runs now.
    let chosen = clients
        .iter()
        .filter(|c| c.pending_handover.is_none())
        .enumerate()
        .filter(|(i, _)| i % 6 != 0 && i % 2 == 1)
        .map(|(_, c)| c)
        .filter(|c| c.open)
        .take(CLIENTS)
        .cloned()
        .collect::<Vec<_>>();
    // Recorded in the last day, after the rest of the history.
    ended_trajectories(store, org, today, now - Duration::hours(18), &chosen, SEED).await?;
    Ok(())
}

/// For `zicht generate`: a catalogue like the demo's when there is none
/// (two providers, three in-house and two bought items, a volunteer
/// centre).
pub async fn ensure_catalogue(
    store: &dyn Store,
    org: OrganisationId,
    setup: &Ctx,
) -> anyhow::Result<()> {
    if !store.catalogue(org).await?.is_empty() {
        return Ok(());
    }
    use crate::demo_process::{BOUGHT, IN_HOUSE, PROVIDERS};
    use zicht_domain::reintegration::trajectory::CatalogueKind;
    let mut providers = Vec::new();
    for (name, _) in PROVIDERS {
        providers.push(store.create_provider(setup, name).await?);
    }
    let items = IN_HOUSE
        .iter()
        .map(|(name, description)| (name, description, None))
        .chain(
            BOUGHT
                .iter()
                .map(|(name, description, p)| (name, description, Some(providers[*p]))),
        );
    for (name, description, provider) in items {
        store
            .create_catalogue_item(
                org,
                &NewCatalogueItem {
                    name: (*name).into(),
                    kind: if provider.is_some() {
                        CatalogueKind::Bought
                    } else {
                        CatalogueKind::InHouse
                    },
                    provider_id: provider,
                    contract_id: None,
                    description: (*description).into(),
                },
            )
            .await?;
    }
    store
        .create_care_organisation(org, "Vrijwilligerscentrale", CareKind::Volunteering)
        .await?;
    Ok(())
}

/// One ended trajectory for each of `clients`, written through the store's
/// commands (so the history, its projections and `zicht check` agree);
/// outcomes drawn from `seed`. Needs a catalogue.
/// Everything is dated up to `today` and recorded from `first_at` on.
pub async fn ended_trajectories(
    store: &dyn Store,
    org: OrganisationId,
    today: Date,
    first_at: OffsetDateTime,
    clients: &[ClientSummary],
    seed: u64,
) -> anyhow::Result<()> {
    let mut rng = SmallRng::seed_from_u64(seed);
    let catalogue = store.catalogue(org).await?;
    if catalogue.is_empty() {
        return Ok(());
    }
    let volunteering = store
        .care_organisations(org)
        .await?
        .into_iter()
        .find(|o| o.kind == CareKind::Volunteering)
        .map(|o| o.id);
    for (n, c) in clients.iter().enumerate() {
        let owner = Actor {
            employee_id: c.owner_employee.id,
            team_id: c.owner_team.id,
        };
        let ctx = |k: i64| Ctx {
            organisation_id: org,
            actor: owner,
            at: first_at + Duration::milliseconds(n as i64 * 10 + k),
        };
        let rung: u8 = [1, 2, 2, 3, 3, 4][rng.gen_range(0..6)];
        let item = {
            // Lower rungs get the work-rhythm items more often.
            let rhythm = ["Werkfit-training", "Traject Werkritme"][rng.gen_range(0..2)];
            let i = if rung <= 2 && rng.gen_bool(0.4) {
                catalogue.iter().position(|x| x.name == rhythm).unwrap_or(0)
            } else {
                rng.gen_range(0..catalogue.len())
            };
            &catalogue[i]
        };
        let start: Date = today - Duration::days(rng.gen_range(330..900));
        let end = start + Duration::days(rng.gen_range(60..150));
        let before = start - Duration::days(rng.gen_range(5..40));

        store
            .measure_ladder(
                &ctx(0),
                c.id,
                NewLadderMeasurement {
                    measured_on: before,
                    rung: LadderRung::new(rung)?,
                    remarks: "Meting bij de start van het traject.".into(),
                },
            )
            .await?;
        if rng.gen_bool(0.7) {
            // The lowest domain score follows the rung: further from work,
            // more often a domain in trouble.
            let lowest = (rung + rng.gen_range(0..=1)).clamp(1, 5);
            let scores: Vec<(String, String)> = ZrmVersion::CURRENT
                .domains()
                .iter()
                .enumerate()
                .map(|(k, d)| {
                    let s = if k == n % 5 {
                        lowest
                    } else {
                        rng.gen_range(lowest..=5)
                    };
                    ((*d).to_string(), s.to_string())
                })
                .collect();
            let a = NewZrmAssessment::parse(
                &zicht_domain::text::dmy(before),
                "zrm_13",
                &scores,
                "",
                today,
            )
            .map_err(|e| anyhow::anyhow!("demo ZRM: {e:?}"))?;
            store.assess_zrm(&ctx(1), c.id, a).await?;
        }
        let skills_before = rng.gen_range(0..=3usize);
        store
            .record_assessment(
                &ctx(2),
                c.id,
                NewAssessment {
                    assessed_on: before,
                    skills: skills(skills_before),
                    remarks: "Bij de start van het traject.".into(),
                },
            )
            .await?;
        let intervention = store
            .plan_intervention(
                &ctx(3),
                c.id,
                NewIntervention {
                    catalogue_item: item.id,
                    goal: None,
                    reasoning: Reasoning {
                        why_this: "Past bij wat er ontbreekt: werkritme en zelfvertrouwen.".into(),
                        why_client: "Klant wil graag, maar komt nu niet op gang.".into(),
                        expected: "Een trede hoger en klaar voor de volgende stap.".into(),
                    },
                    starts_on: start,
                    planned_end_on: end,
                    protocol_version: None,
                },
            )
            .await?;
        let p = achieved_chance(&item.name, rung);
        let roll: f64 = rng.gen();
        let rest = 1.0 - p;
        let outcome = if roll < p {
            InterventionOutcome::Achieved
        } else if roll < p + rest * 0.4 {
            InterventionOutcome::PartlyAchieved
        } else if roll < p + rest * 0.75 {
            InterventionOutcome::NotAchieved
        } else {
            InterventionOutcome::Stopped
        };
        let ended_on = if outcome == InterventionOutcome::Stopped {
            start + Duration::days(rng.gen_range(14..60))
        } else {
            end
        };
        store
            .end_intervention(
                &ctx(4),
                c.id,
                intervention,
                InterventionEnd {
                    ended_on,
                    outcome,
                    result: "Afgerond; zie de meting erna.".into(),
                },
            )
            .await?;
        let (rise, gain, step) = match outcome {
            InterventionOutcome::Achieved => (rng.gen_range(1..=2), rng.gen_range(1..=2), 0.5),
            InterventionOutcome::PartlyAchieved => {
                (rng.gen_range(0..=1), rng.gen_range(0..=1), 0.2)
            }
            InterventionOutcome::NotAchieved => (0, 0, 0.08),
            InterventionOutcome::Stopped => (-rng.gen_range(0..=1), 0, 0.05),
        };
        let after = (ended_on + Duration::days(rng.gen_range(10..60))).min(today);
        store
            .measure_ladder(
                &ctx(5),
                c.id,
                NewLadderMeasurement {
                    measured_on: after,
                    rung: LadderRung::new((i16::from(rung) + rise).clamp(1, 6) as u8)?,
                    remarks: "Meting na het traject.".into(),
                },
            )
            .await?;
        store
            .record_assessment(
                &ctx(6),
                c.id,
                NewAssessment {
                    assessed_on: after,
                    skills: skills((skills_before + gain).min(5)),
                    remarks: "Na het traject.".into(),
                },
            )
            .await?;
        if rng.gen_bool(step) {
            let on = (ended_on + Duration::days(rng.gen_range(0..300))).min(today);
            if rung >= 3 {
                store
                    .register_outflow(
                        &ctx(7),
                        c.id,
                        NewOutflow {
                            kind: OutflowKind::Partial,
                            reason: OutflowReason::PaidWork,
                            on,
                            employer: "Werkgever uit het netwerk".into(),
                            hours_per_week: Some(rng.gen_range(12..=32)),
                            note: String::new(),
                        },
                        "Klant is aan het werk; een nieuwe meting is niet nodig.",
                    )
                    .await?;
            } else if let Some(v) = volunteering {
                store
                    .start_volunteering(
                        &ctx(7),
                        c.id,
                        v,
                        NewVolunteerPlacement {
                            starts_on: on,
                            hours_per_week: Some(rng.gen_range(4..=16)),
                            description: "Vrijwilligerswerk na het traject".into(),
                        },
                    )
                    .await?;
            }
        }
    }
    Ok(())
}
