//! The re-integration process in the demo: a catalogue with in-house
//! modules and products of two providers, organisations for care and
//! volunteer work, the Participatieladder required in the diagnosis phase,
//! a provider's user, and for a share of the open clients a diagnosis, a
//! trajectplan with reasoned interventions and referrals to care, some of
//! which have not arrived in time.

use anyhow::Context as _;
use rand::{rngs::SmallRng, Rng, SeedableRng};
use time::{Duration, OffsetDateTime};
use zicht_domain::{
    access::Role,
    client::Phase,
    handover::Actor,
    reintegration::{
        care::{CareKind, NewCareReferral},
        diagnosis::{
            DiagnosisSource, Instrument, LadderRung, NewDiagnosisNote, NewLadderMeasurement,
            NewZrmAssessment, ZrmVersion,
        },
        trajectory::{CatalogueKind, DatedReport, GoalTarget, NewGoal, NewIntervention, Reasoning},
    },
    skills::Skill,
    CareOrganisationId, CatalogueItemId, OrganisationId, ProviderId, TeamId,
};
use zicht_storage::{
    ClientFilter, Ctx, InstrumentRequirement, NewCatalogueItem, NewContract, Store,
};

const SEED: u64 = 7_2026;
/// One in this many open clients has the process filled in.
const EVERY: usize = 6;

/// A provider's user of the demo, for signing in as a trajectaanbieder.
pub const PROVIDER_USER: (&str, &str) = ("Ria de Boer", "ria.deboer@voorwaarts.example");

const IN_HOUSE: [(&str, &str); 3] = [
    ("Werkfit-training", "Acht weken werkritme in de eigen werkplaats: op tijd komen, taken afmaken, aanwijzingen opvolgen."),
    ("Sollicitatietraining", "Vier bijeenkomsten: cv, brief, gesprek oefenen met een werkgever."),
    ("Taalcoaching", "Wekelijks Nederlands op de werkvloer met een vrijwillige taalcoach."),
];

const BOUGHT: [(&str, &str, usize); 2] = [
    (
        "Traject Werkritme",
        "Begeleid werken bij een leerwerkbedrijf, twaalf weken.",
        0,
    ),
    (
        "Jobcoaching op de werkplek",
        "Een jobcoach begeleidt de eerste maanden bij een werkgever.",
        1,
    ),
];

const CARE: [(&str, CareKind); 4] = [
    ("Schuldhulpverlening Westerkwartier", CareKind::Support),
    ("GGZ Noord", CareKind::Care),
    ("Maatschappelijk werk Zuid", CareKind::Support),
    (
        "Vrijwilligerscentrale Westerkwartier",
        CareKind::Volunteering,
    ),
];

/// Sets up the catalogue and fills in the process for some clients;
/// returns how many employee accounts it made (the provider's users).
pub async fn load(
    store: &dyn Store,
    org: OrganisationId,
    now: OffsetDateTime,
    provider_team: TeamId,
) -> anyhow::Result<usize> {
    let mut rng = SmallRng::seed_from_u64(SEED);
    // The dates people see are Dutch; one day before `now` keeps every
    // recorded moment's own "today" on or after the dates recorded.
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
    let Some(first) = clients.first() else {
        return Ok(0);
    };
    let setup = Ctx {
        organisation_id: org,
        actor: Actor {
            employee_id: first.owner_employee.id,
            team_id: first.owner_team.id,
        },
        at: now - Duration::days(200),
    };
    store
        .set_instrument_requirements(
            org,
            &[InstrumentRequirement {
                phase: Phase::Diagnose,
                instrument: Instrument::Participatieladder,
            }],
        )
        .await?;
    let mut providers = Vec::new();
    for (name, reference) in [
        ("Voorwaarts Re-integratie", "WKZ-2026-014"),
        ("Werkpunt Jobcoaching", "WKZ-2025-031"),
    ] {
        let id = store.create_provider(&setup, name).await?;
        store
            .create_contract(
                org,
                &NewContract {
                    provider_id: id,
                    reference: reference.into(),
                    starts_on: today - Duration::days(300),
                    ends_on: Some(today + Duration::days(400)),
                    description: "Raamovereenkomst re-integratietrajecten".into(),
                },
            )
            .await?;
        providers.push(id);
    }
    let mut in_house = Vec::new();
    for (name, description) in IN_HOUSE {
        in_house.push(item(store, org, name, description, None).await?);
    }
    let mut bought = Vec::new();
    for (name, description, provider) in BOUGHT {
        bought.push((
            item(store, org, name, description, Some(providers[provider])).await?,
            providers[provider],
        ));
    }
    let mut care = Vec::new();
    for (name, kind) in CARE {
        care.push(store.create_care_organisation(org, name, kind).await?);
    }

    let user = store
        .create_employee(org, provider_team, PROVIDER_USER.0, PROVIDER_USER.1, 32)
        .await
        .context("creating the provider's user")?;
    store.set_role(user, Role::Aanbieder).await?;
    store
        .set_employee_provider(org, user, Some(providers[0]))
        .await?;
    let provider_actor = Actor {
        employee_id: user,
        team_id: provider_team,
    };

    for (n, c) in clients
        .iter()
        .filter(|c| c.pending_handover.is_none())
        .step_by(EVERY)
        .enumerate()
    {
        let owner = Actor {
            employee_id: c.owner_employee.id,
            team_id: c.owner_team.id,
        };
        let client = c.id;
        let days_ago = rng.gen_range(40..160);
        // Recorded in the last day (after the rest of each history, which
        // runs up to now), about things dated earlier.
        let at = |d: i64| Ctx {
            organisation_id: org,
            actor: owner,
            at: now - Duration::hours(20) + Duration::minutes(n as i64) - Duration::seconds(d),
        };
        let first_rung = rng.gen_range(1..=4u8);
        let note = NewDiagnosisNote {
            source: [
                DiagnosisSource::File,
                DiagnosisSource::Client,
                DiagnosisSource::Observation,
            ][n % 3],
            noted_on: today - Duration::days(days_ago),
            text: DIAGNOSIS_NOTES[n % DIAGNOSIS_NOTES.len()].into(),
        };
        store.note_diagnosis(&at(days_ago), client, note).await?;
        store
            .measure_ladder(
                &at(days_ago),
                client,
                NewLadderMeasurement {
                    measured_on: today - Duration::days(days_ago),
                    rung: LadderRung::new(first_rung)?,
                    remarks: String::new(),
                },
            )
            .await?;
        if n % 2 == 0 {
            let rise = rng.gen_range(0..=2u8);
            store
                .measure_ladder(
                    &at(days_ago / 3),
                    client,
                    NewLadderMeasurement {
                        measured_on: today - Duration::days(days_ago / 3),
                        rung: LadderRung::new((first_rung + rise).min(6))?,
                        remarks: "Herhaalmeting na interventie.".into(),
                    },
                )
                .await?;
        }
        if n % 3 == 0 {
            let scores: Vec<(String, String)> = ZrmVersion::CURRENT
                .domains()
                .iter()
                .map(|(k, _)| ((*k).to_string(), rng.gen_range(2..=5u8).to_string()))
                .collect();
            let assessed_on = crate::demo::dutch_date(today - Duration::days(days_ago - 5));
            let a = NewZrmAssessment::parse(
                &assessed_on,
                "zrm_13",
                &scores,
                "",
                (now - Duration::days(days_ago - 5)).date(),
            )
            .map_err(|e| anyhow::anyhow!("demo ZRM: {e:?}"))?;
            store.assess_zrm(&at(days_ago - 5), client, a).await?;
        }
        let skill = Skill::ALL[n % Skill::ALL.len()];
        let goal = store
            .set_goal(
                &at(days_ago - 7),
                client,
                NewGoal {
                    target: GoalTarget::Skill(skill),
                    description: format!("{} lukt zonder hulp.", skill.label_nl()),
                },
            )
            .await?;
        let (item, provider) = if n % 3 == 1 {
            let (i, p) = bought[n % bought.len()];
            (i, Some(p))
        } else {
            (in_house[n % in_house.len()], None)
        };
        let starts_on = today - Duration::days(days_ago - 10);
        let intervention = store
            .plan_intervention(
                &at(days_ago - 10),
                client,
                NewIntervention {
                    catalogue_item: item,
                    goal: Some(goal),
                    reasoning: Reasoning {
                        why_this: "Oefent precies de vaardigheid die ontbreekt, in een echte werkomgeving.".into(),
                        why_client: "Uit observatie en het gesprek blijkt dat dit de drempel naar werk is.".into(),
                        expected: format!("{} zonder aansporing, klaar voor bemiddeling.", skill.label_nl()),
                    },
                    starts_on,
                    planned_end_on: starts_on + Duration::days(days_ago + 30),
                },
            )
            .await?;
        if provider == Some(providers[0]) {
            let ctx = Ctx {
                organisation_id: org,
                actor: provider_actor,
                at: now - Duration::hours(2),
            };
            store
                .report_progress(
                    &ctx,
                    providers[0],
                    client,
                    intervention,
                    DatedReport {
                        on: today - Duration::days(7),
                        summary: "Aanwezig op alle dagen, neemt steeds meer initiatief. Volgende stap: proefplaatsing.".into(),
                    },
                )
                .await?;
        }
        if n % 4 == 0 {
            // Every other one of these is still waiting, some past the arrival term.
            let waited = if n % 8 == 0 { 30 } else { 5 };
            let care_org: CareOrganisationId = care[n % care.len()];
            let referral = store
                .refer_to_care(
                    &at(waited),
                    client,
                    care_org,
                    NewCareReferral {
                        referred_on: today - Duration::days(waited),
                        note: "Aangemeld voor een eerste gesprek; klant stemde in.".into(),
                    },
                )
                .await?;
            if n % 16 == 4 {
                store
                    .confirm_arrival(
                        &at(2),
                        client,
                        referral,
                        "",
                        "by_organisation",
                        "Intake heeft plaatsgevonden.",
                    )
                    .await?;
            }
        }
    }
    Ok(1)
}

async fn item(
    store: &dyn Store,
    org: OrganisationId,
    name: &str,
    description: &str,
    provider: Option<ProviderId>,
) -> anyhow::Result<CatalogueItemId> {
    Ok(store
        .create_catalogue_item(
            org,
            &NewCatalogueItem {
                name: name.into(),
                kind: if provider.is_some() {
                    CatalogueKind::Bought
                } else {
                    CatalogueKind::InHouse
                },
                provider_id: provider,
                contract_id: None,
                description: description.into(),
            },
        )
        .await?)
}

const DIAGNOSIS_NOTES: &[&str] = &[
    "Eerder werkzaam in de schoonmaak; gestopt na een verhuizing. Wil graag weer aan de slag.",
    "Geeft aan moeite te hebben met vroeg opstaan; geen vast dagritme.",
    "Komt afspraken na, is gemotiveerd, maar heeft weinig werkervaring in Nederland.",
    "Schulden spelen een rol; aanmelding schuldhulp besproken.",
    "Volgens de huisarts lichamelijk belastbaar voor licht werk.",
];
