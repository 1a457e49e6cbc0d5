//! The re-integration process in the demo: a catalogue with in-house
//! modules and products of two providers, organisations for care and
//! volunteer work, the Participatieladder required in the diagnosis phase,
//! a provider's user, and for a share of the open clients a diagnosis, a
//! trajectplan with reasoned interventions and referrals to care, some of
//! which have not arrived in time; employers with contacts and vacancies,
//! proposals and hires, part-time outflow in aftercare with its letter,
//! volunteer work and sanctions.

use anyhow::Context as _;
use rand::{rngs::SmallRng, Rng, SeedableRng};
use time::{Date, Duration, OffsetDateTime};
use zicht_domain::{
    access::Role,
    client::Phase,
    handover::Actor,
    reintegration::{
        care::{Arrival, ArrivalConfirmation, CareKind, NewCareReferral},
        diagnosis::{
            DiagnosisSource, Instrument, LadderRung, NewDiagnosisNote, NewLadderMeasurement,
            NewZrmAssessment, ZrmVersion,
        },
        outflow::{NewOutflow, OutflowKind, OutflowReason},
        sanction::{Decision, LegalBasis, NewSanction, SanctionDecision},
        trajectory::{CatalogueKind, DatedReport, GoalTarget, NewGoal, NewIntervention, Reasoning},
        work::{
            DatedNote, EmployerContactKind, MediationResult, MediationStep, NewEmployer,
            NewEmployerContact, NewVacancy, NewVolunteerPlacement, Sector, WorkWishes,
        },
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

/// The providers the bought items come from, with their contract reference.
pub(crate) const PROVIDERS: [(&str, &str); 2] = [
    ("Voorwaarts Re-integratie", "WKZ-2026-014"),
    ("Werkpunt Jobcoaching", "WKZ-2025-031"),
];

pub(crate) const IN_HOUSE: [(&str, &str); 3] = [
    ("Werkfit-training", "Acht weken werkritme in de eigen werkplaats: op tijd komen, taken afmaken, aanwijzingen opvolgen."),
    ("Sollicitatietraining", "Vier bijeenkomsten: cv, brief, gesprek oefenen met een werkgever."),
    ("Taalcoaching", "Wekelijks Nederlands op de werkvloer met een vrijwillige taalcoach."),
];

pub(crate) const BOUGHT: [(&str, &str, usize); 2] = [
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
    for (name, reference) in PROVIDERS {
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
    let named: Vec<(&str, zicht_domain::CatalogueItemId)> = IN_HOUSE
        .iter()
        .map(|(name, _)| *name)
        .zip(in_house.iter().copied())
        .chain(
            BOUGHT
                .iter()
                .map(|(name, _, _)| *name)
                .zip(bought.iter().map(|(i, _)| *i)),
        )
        .collect();
    let protocols = crate::demo_methods::load(store, org, now, &named).await?;
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
                .map(|k| ((*k).to_string(), rng.gen_range(2..=5u8).to_string()))
                .collect();
            let assessed_on = zicht_domain::text::dmy(today - Duration::days(days_ago - 5));
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
                    description: format!("{} lukt zonder hulp.", crate::NL.label(skill)),
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
                        expected: format!(
                            "{} zonder aansporing, klaar voor bemiddeling.",
                            crate::NL.label(skill)
                        ),
                    },
                    starts_on,
                    planned_end_on: starts_on + Duration::days(days_ago + 30),
                    // Every other one records the protocol it follows.
                    protocol_version: protocols.get(&item).copied().filter(|_| n % 2 == 0),
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
                        Arrival {
                            arrived_on: today,
                            confirmation: ArrivalConfirmation::ByOrganisation,
                            note: "Intake heeft plaatsgevonden.".into(),
                        },
                    )
                    .await?;
            }
        }
    }
    work(store, org, now, today, &care).await?;
    Ok(1)
}

const EMPLOYERS: [(&str, Sector, &str); 6] = [
    ("Zorggroep De Linde", Sector::Care, "Marieke Bos"),
    (
        "Schoonmaakbedrijf Helder",
        Sector::Cleaning,
        "Johan Dijkstra",
    ),
    (
        "Distributiecentrum Noord",
        Sector::Logistics,
        "Sandra Meijer",
    ),
    ("Hotel De Gouden Leeuw", Sector::Hospitality, "Erik Smit"),
    ("Bouwbedrijf Wierenga", Sector::Technical, "Henk Wierenga"),
    ("Hoveniersbedrijf Groenrijk", Sector::Green, "Anja Mulder"),
];

const VACANCIES: [(usize, &str, u32, &str); 8] = [
    (0, "Helpende in de thuiszorg", 24, "Rijbewijs B is een pre."),
    (0, "Medewerker huishouding", 16, ""),
    (
        1,
        "Schoonmaker kantoren (avond)",
        20,
        "Werken in de avond, 18.00-22.00 uur.",
    ),
    (2, "Orderpicker", 32, "Ploegendienst; tillen tot 15 kg."),
    (3, "Afwasser", 20, "Ook in het weekend."),
    (3, "Medewerker housekeeping", 28, ""),
    (
        4,
        "Hulp op de bouwplaats",
        36,
        "VCA wordt in de eerste maand gehaald.",
    ),
    (
        5,
        "Medewerker groenonderhoud",
        30,
        "Buitenwerk in alle seizoenen.",
    ),
];

/// Employers with contacts and vacancies; wishes of clients ready for
/// mediation, some proposals under way and some hired; a partial outflow
/// in aftercare with its congratulation letter; volunteer work; sanctions.
async fn work(
    store: &dyn Store,
    org: OrganisationId,
    now: OffsetDateTime,
    today: Date,
    care: &[CareOrganisationId],
) -> anyhow::Result<()> {
    let mut rng = SmallRng::seed_from_u64(SEED + 1);
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
    let employees = store.employees(org).await?;
    let teams = store.teams(org).await?;
    let werk = teams.iter().find(|t| t.name == "Werk").map(|t| t.id);
    let werk_staff: Vec<_> = employees
        .iter()
        .filter(|e| Some(e.team_id) == werk && e.role.works_with_clients())
        .collect();
    let ctx_of = |employee: &zicht_domain::organisation::Employee, minutes: i64| Ctx {
        organisation_id: org,
        actor: Actor {
            employee_id: employee.id,
            team_id: employee.team_id,
        },
        at: now - Duration::hours(10) + Duration::minutes(minutes),
    };
    let mut employer_ids = Vec::new();
    for (i, (name, sector, contact)) in EMPLOYERS.iter().enumerate() {
        let Some(by) = werk_staff.get(i % werk_staff.len().max(1)) else {
            return Ok(());
        };
        let id = store
            .create_employer(
                &ctx_of(by, 0),
                NewEmployer {
                    name: (*name).into(),
                    sector: *sector,
                    contact_name: (*contact).into(),
                    contact_email: format!(
                        "{}@{}.example",
                        contact.split(' ').next().unwrap_or("info").to_lowercase(),
                        name.split(' ')
                            .next_back()
                            .unwrap_or("werkgever")
                            .to_lowercase()
                    ),
                    contact_phone: "050 123 45 67".into(),
                },
            )
            .await?;
        // Some contacts in the last four weeks, some longer ago.
        for k in 0..rng.gen_range(1..=4) {
            let kind = EmployerContactKind::ALL[(i + k) % EmployerContactKind::ALL.len()];
            let on = today - Duration::days(rng.gen_range(1..50));
            store
                .record_employer_contact(
                    &ctx_of(werk_staff[(i + k) % werk_staff.len()], k as i64),
                    id,
                    NewEmployerContact {
                        on,
                        kind,
                        outcome: EMPLOYER_OUTCOMES[(i + k) % EMPLOYER_OUTCOMES.len()].into(),
                    },
                )
                .await?;
        }
        employer_ids.push(id);
    }
    let mut vacancies = Vec::new();
    for (e, title, hours, requirements) in VACANCIES {
        let v = store
            .create_vacancy(
                &ctx_of(werk_staff[e % werk_staff.len()], 5),
                employer_ids[e],
                NewVacancy {
                    title: title.into(),
                    sector: EMPLOYERS[e].1,
                    hours_per_week: hours,
                    requirements: requirements.into(),
                },
            )
            .await?;
        vacancies.push(v);
    }

    let owner_ctx = |c: &zicht_storage::ClientSummary, minutes: i64| Ctx {
        organisation_id: org,
        actor: Actor {
            employee_id: c.owner_employee.id,
            team_id: c.owner_team.id,
        },
        at: now - Duration::hours(8) + Duration::minutes(minutes),
    };
    let ready: Vec<_> = clients
        .iter()
        .filter(|c| c.ready_for_mediation && c.pending_handover.is_none())
        .collect();
    // Wishes for every other client ready for mediation.
    for (n, c) in ready.iter().enumerate().filter(|(n, _)| n % 2 == 0) {
        let a = Sector::ALL[n % 6];
        let b = Sector::ALL[(n / 2) % 6];
        let min = [None, Some(12), Some(16), Some(20)][n % 4];
        let max = [Some(24), Some(32), None, Some(36)][n % 4];
        store
            .record_work_wishes(
                &owner_ctx(c, 0),
                c.id,
                WorkWishes {
                    sectors: if a == b {
                        vec![a]
                    } else {
                        vec![a.min(b), a.max(b)]
                    },
                    min_hours: min,
                    max_hours: max,
                    remarks: String::new(),
                },
            )
            .await?;
    }
    // A few proposals, each for a vacancy the matching suggests.
    let mut hired = Vec::new();
    for (k, v) in vacancies.iter().enumerate().take(5) {
        let suggestions = store.suggestions(org, *v).await?;
        let Some(s) = suggestions.get(k % 3) else {
            continue;
        };
        let Some(c) = ready.iter().find(|c| c.id == s.client.id) else {
            continue;
        };
        let ctx = owner_ctx(c, 10 + k as i64);
        let m = store.start_mediation(&ctx, c.id, *v).await?;
        store
            .record_mediation_step(
                &ctx,
                c.id,
                m,
                MediationStep::ApplicationSupport,
                note(today, "Cv en motivatiebrief samen gemaakt."),
            )
            .await?;
        if k < 2 {
            store
                .record_mediation_step(
                    &ctx,
                    c.id,
                    m,
                    MediationStep::InterviewAccompanied,
                    note(today, "Samen naar het gesprek; goede klik."),
                )
                .await?;
            store
                .end_mediation(
                    &ctx,
                    c.id,
                    m,
                    MediationResult::Hired,
                    note(today, "Start met een contract van een half jaar."),
                )
                .await?;
            hired.push((c, VACANCIES[k]));
        }
    }
    // The hired ones started part-time, one of them more than a month ago,
    // so an aftercare check-in is due; each got the congratulation letter.
    for (i, (c, (e, _, hours, _))) in hired.iter().enumerate() {
        let on = today - Duration::days(if i == 0 { 40 } else { 3 });
        let ctx = owner_ctx(c, 30 + i as i64);
        let outflow = NewOutflow {
            kind: OutflowKind::Partial,
            reason: OutflowReason::PaidWork,
            on,
            employer: EMPLOYERS[*e].0.into(),
            hours_per_week: Some(*hours),
            note: String::new(),
        };
        store
            .register_outflow(
                &ctx,
                c.id,
                outflow,
                "Meting niet meer nodig: klant is aan het werk.",
            )
            .await?;
        // Every hired client has an address (below), so the letter goes out.
        store
            .change_contact_details(&ctx, c.id, demo_contact_details(i))
            .await?;
        let letter = store.draft_letter(&ctx, c.id, "felicitatie_werk").await?;
        store.send_letter(&ctx, c.id, letter).await?;
    }
    // Addresses, phone numbers and e-mail for a third of the open files; the
    // rest have none yet, so a letter to them waits for an address.
    for (i, c) in clients
        .iter()
        .enumerate()
        .filter(|(i, c)| i % 3 == 1 && c.open)
    {
        if hired.iter().any(|(h, _)| h.id == c.id) {
            continue;
        }
        store
            .change_contact_details(&owner_ctx(c, 50), c.id, demo_contact_details(i))
            .await?;
    }
    // Volunteer work for some clients further from work.
    let volunteering = store
        .care_organisations(org)
        .await?
        .into_iter()
        .find(|o| o.kind == zicht_domain::reintegration::care::CareKind::Volunteering)
        .map(|o| o.id)
        .or_else(|| care.last().copied());
    let further: Vec<_> = clients
        .iter()
        .filter(|c| !c.ready_for_mediation && c.pending_handover.is_none())
        .collect();
    if let Some(v) = volunteering {
        for (n, c) in further.iter().step_by(25).take(8).enumerate() {
            let starts_on = today - Duration::days(10 + 7 * n as i64);
            store
                .start_volunteering(
                    &owner_ctx(c, 40),
                    c.id,
                    v,
                    NewVolunteerPlacement {
                        starts_on,
                        hours_per_week: Some(8),
                        description: [
                            "Kringloopwinkel, kassa en sorteren",
                            "Buurthuis, koffie en gastvrouw",
                            "Voedselbank, uitgifte",
                        ][n % 3]
                            .into(),
                    },
                )
                .await?;
        }
    }
    // Two sanctions: one waived after weighing its effect, one imposed.
    for (n, c) in further.iter().skip(7).step_by(40).take(2).enumerate() {
        let ctx = owner_ctx(c, 50 + n as i64);
        let s = store
            .consider_sanction(
                &ctx,
                c.id,
                NewSanction {
                    on: today - Duration::days(12),
                    behaviour: "Drie keer zonder bericht niet verschenen bij de werkfit-training.".into(),
                    legal_basis: LegalBasis::Pw18Lid4,
                    consideration: if n == 0 {
                        "Klant heeft net een proefplaats; een verlaging brengt die in gevaar. Eerst afspraken over afmelden.".into()
                    } else {
                        "Na twee waarschuwingen geen verandering; een korte verlaging maakt de afspraken duidelijk zonder het traject te stoppen.".into()
                    },
                },
            )
            .await?;
        let (decision, reason) = if n == 0 {
            (
                SanctionDecision::Waived,
                "Afgezien: het zou de proefplaatsing kosten.",
            )
        } else {
            (
                SanctionDecision::Imposed {
                    percent: 10,
                    months: 1,
                },
                "Opgelegd na hoorzitting; traject loopt door.",
            )
        };
        let decision = Decision {
            on: today,
            decision,
            reason: reason.into(),
        };
        store.decide_sanction(&ctx, c.id, s, decision).await?;
    }
    Ok(())
}

const EMPLOYER_OUTCOMES: &[&str] = &[
    "Kennismaking; staat open voor kandidaten met begeleiding.",
    "Twee vacatures besproken, ook parttime mogelijk.",
    "Proefplaatsing geëvalueerd: positief.",
    "Netwerkbijeenkomst ondernemers; afspraak voor bedrijfsbezoek.",
    "Vraagt om kandidaten die op tijd komen en zich afmelden als het niet gaat.",
];

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

/// A believable address in the Westerkwartier, a mobile number and, for
/// some, an e-mail address.
fn demo_contact_details(i: usize) -> zicht_domain::contact_details::ContactDetails {
    const STREETS: [&str; 8] = [
        "Hoofdstraat",
        "Tolberterstraat",
        "Oude Postweg",
        "Kerkstraat",
        "Wilhelminastraat",
        "Molenweg",
        "Schoolstraat",
        "Nienoord",
    ];
    const PLACES: [(&str, &str); 4] = [
        ("9351", "Leek"),
        ("9801", "Zuidhorn"),
        ("9861", "Grootegast"),
        ("9363", "Marum"),
    ];
    let (digits, place) = PLACES[i % PLACES.len()];
    let letters = ["AB", "CD", "EG", "KL", "MN"][i % 5];
    zicht_domain::contact_details::ContactDetails {
        address: format!("{} {}", STREETS[i % STREETS.len()], 1 + i % 97),
        postcode: format!("{digits} {letters}"),
        place: place.into(),
        phone: format!(
            "06 {:04} {:04}",
            1000 + (i * 37) % 9000,
            1000 + (i * 53) % 9000
        ),
        email: if i.is_multiple_of(2) {
            format!("klant{i}@voorbeeld.nl")
        } else {
            String::new()
        },
    }
}

fn note(on: Date, note: &str) -> DatedNote {
    DatedNote {
        on,
        note: note.into(),
    }
}
