//! The re-integration process in storage, on both backends: comply or
//! explain follows the phase the client is in, every process event keeps
//! its projection in step (and `check` notices when one is not), a refused
//! act writes nothing, and retention clears the process's free text.

#![allow(clippy::unwrap_used)]

use time::{macros::date, Duration, OffsetDateTime};
use zicht_domain::{
    client::{NewClient, Owner, Phase},
    handover::Actor,
    organisation::{OrganisationSettings, TeamKind},
    reintegration::{
        care::{Arrival, ArrivalConfirmation, CareKind, NewCareReferral},
        diagnosis::{
            DiagnosisSource, Instrument, LadderRung, NewDiagnosisNote, NewLadderMeasurement,
        },
        trajectory::{CatalogueKind, NewGoal, NewIntervention, Reasoning},
    },
    Bsn, ClientId, EmployeeId, OrganisationId, TeamId,
};
use zicht_storage::{testing, Ctx, InstrumentRequirement, NewCatalogueItem, Store, StoreError};

struct Fixture {
    store: std::sync::Arc<dyn Store>,
    url: String,
    org: OrganisationId,
    team: TeamId,
    caseworker: EmployeeId,
    _dir: tempfile::TempDir,
}

async fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let url = testing::fresh_database_url(dir.path()).await;
    let store = zicht_storage::open(&url).await.unwrap();
    let org = store
        .create_organisation("Test", &OrganisationSettings::default())
        .await
        .unwrap();
    let team = store
        .create_team(org, "Werk", TeamKind::Werk)
        .await
        .unwrap();
    let caseworker = store
        .create_employee(org, team, "Karin", "karin@x.example", 36)
        .await
        .unwrap();
    Fixture {
        store,
        url,
        org,
        team,
        caseworker,
        _dir: dir,
    }
}

impl Fixture {
    fn ctx(&self, at: OffsetDateTime) -> Ctx {
        Ctx {
            organisation_id: self.org,
            actor: Actor {
                employee_id: self.caseworker,
                team_id: self.team,
            },
            at,
        }
    }

    async fn client(&self, bsn: &str) -> ClientId {
        let c = NewClient {
            bsn: Bsn::parse(bsn).unwrap(),
            name: "Klant".into(),
            birth_date: Some(date!(1990 - 01 - 01)),
            particulars: String::new(),
            phase: Phase::Intake,
        };
        let owner = Owner {
            team_id: self.team,
            employee_id: self.caseworker,
        };
        self.store
            .register_client(&self.ctx(now()), c, owner)
            .await
            .unwrap()
    }

    async fn events(&self, client: ClientId) -> usize {
        let card = self
            .store
            .client_card(self.org, client, now().date())
            .await
            .unwrap();
        card.timeline.len()
    }
}

fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

fn ladder(rung: u8) -> NewLadderMeasurement {
    NewLadderMeasurement {
        measured_on: now().date() - Duration::days(1),
        rung: LadderRung::new(rung).unwrap(),
        remarks: String::new(),
    }
}

#[tokio::test]
async fn comply_or_explain_follows_the_phase_being_left() {
    let f = fixture().await;
    let client = f.client("111222333").await;
    f.store
        .set_instrument_requirements(
            f.org,
            &[
                InstrumentRequirement {
                    phase: Phase::Intake,
                    instrument: Instrument::Participatieladder,
                },
                InstrumentRequirement {
                    phase: Phase::Activering,
                    instrument: Instrument::Participatieladder,
                },
            ],
        )
        .await
        .unwrap();
    let ctx = f.ctx(now());
    // A measurement in intake lets the client leave intake...
    f.store
        .measure_ladder(&ctx, client, ladder(2))
        .await
        .unwrap();
    f.store
        .change_phase(&ctx, client, Phase::Activering)
        .await
        .unwrap();
    // ...but does not count for activering, which needs its own.
    let before = f.events(client).await;
    let err = f
        .store
        .change_phase(&ctx, client, Phase::Bemiddeling)
        .await
        .unwrap_err();
    let StoreError::Rule(e) = err else {
        panic!("{err:?}")
    };
    assert_eq!(
        (e.code, e.field),
        ("instrument_ladder_required", Some("explanation"))
    );
    assert_eq!(
        f.events(client).await,
        before,
        "a refused change writes nothing"
    );
    // Back to intake (not required on the way in), and out again: the old
    // intake measurement is from an earlier stay and no longer counts.
    f.store
        .change_phase_explained(&ctx, client, Phase::Intake, "Klant wil niet meten")
        .await
        .unwrap();
    assert!(f
        .store
        .change_phase(&ctx, client, Phase::Diagnose)
        .await
        .is_err());
    f.store
        .change_phase_explained(&ctx, client, Phase::Diagnose, "Meting volgt bij SW-bedrijf")
        .await
        .unwrap();
    let card = f
        .store
        .client_card(f.org, client, now().date())
        .await
        .unwrap();
    let explained: Vec<_> = card
        .diagnosis
        .explanations
        .iter()
        .map(|x| (x.phase, x.reason.as_str()))
        .collect();
    assert_eq!(
        explained,
        vec![
            (Phase::Intake, "Meting volgt bij SW-bedrijf"),
            (Phase::Activering, "Klant wil niet meten"),
        ]
    );
    let used = f
        .store
        .instrument_use(f.org, now().date() - Duration::days(7), now().date())
        .await
        .unwrap();
    let ladder_use = used
        .iter()
        .find(|u| u.instrument == Instrument::Participatieladder)
        .unwrap();
    assert_eq!((ladder_use.measurements, ladder_use.explained), (1, 2));
    assert!(f.store.check().await.unwrap().is_empty());
}

#[tokio::test]
async fn check_notices_a_projection_out_of_step_with_the_history() {
    let f = fixture().await;
    let client = f.client("123456782").await;
    let ctx = f.ctx(now());
    f.store
        .measure_ladder(&ctx, client, ladder(3))
        .await
        .unwrap();
    f.store
        .note_diagnosis(
            &ctx,
            client,
            NewDiagnosisNote {
                source: DiagnosisSource::Client,
                noted_on: now().date() - Duration::days(2),
                text: "Wil in de zorg werken".into(),
            },
        )
        .await
        .unwrap();
    assert!(f.store.check().await.unwrap().is_empty());
    let pool = &testing::raw_pool(&f.url).await;
    sqlx::query("DELETE FROM ladder_measurements WHERE client_id = $1")
        .bind(client.0)
        .execute(pool)
        .await
        .unwrap();
    let v = f.store.check().await.unwrap();
    assert_eq!(v.len(), 1, "{v:?}");
    assert_eq!(v[0].rule, "process_in_step");
    assert!(v[0].detail.contains("ladder_measured"), "{v:?}");
}

#[tokio::test]
async fn refused_process_acts_write_nothing() {
    let f = fixture().await;
    let client = f.client("012345672").await;
    let ctx = f.ctx(now());
    let care = f
        .store
        .create_care_organisation(f.org, "GGZ", CareKind::Care)
        .await
        .unwrap();
    let referral = f
        .store
        .refer_to_care(
            &ctx,
            client,
            care,
            NewCareReferral {
                referred_on: now().date() - Duration::days(3),
                note: "Intake GGZ".into(),
            },
        )
        .await
        .unwrap();
    let arrival = Arrival {
        arrived_on: ctx.today(),
        confirmation: ArrivalConfirmation::ByClient,
        note: String::new(),
    };
    f.store
        .confirm_arrival(&ctx, client, referral, arrival.clone())
        .await
        .unwrap();
    let before = f.events(client).await;
    let again = f
        .store
        .confirm_arrival(&ctx, client, referral, arrival)
        .await
        .unwrap_err();
    assert!(
        matches!(again, StoreError::Rule(ref e) if e.code == "referral_not_waiting"),
        "{again:?}"
    );
    // An item of the catalogue that is no longer in use cannot be chosen.
    let item = f
        .store
        .create_catalogue_item(
            f.org,
            &NewCatalogueItem {
                name: "Werkfit".into(),
                kind: CatalogueKind::InHouse,
                provider_id: None,
                contract_id: None,
                description: String::new(),
            },
        )
        .await
        .unwrap();
    f.store
        .set_catalogue_item_active(f.org, item, false)
        .await
        .unwrap();
    let plan = NewIntervention {
        catalogue_item: item,
        goal: None,
        reasoning: Reasoning {
            why_this: "a".into(),
            why_client: "b".into(),
            expected: "c".into(),
        },
        starts_on: now().date(),
        planned_end_on: now().date() + Duration::days(30),
        protocol_version: None,
    };
    let refused = f
        .store
        .plan_intervention(&ctx, client, plan)
        .await
        .unwrap_err();
    assert!(
        matches!(refused, StoreError::Rule(ref e) if e.code == "catalogue_item_unknown"),
        "{refused:?}"
    );
    assert_eq!(f.events(client).await, before);
    assert!(f.store.check().await.unwrap().is_empty());
}

#[tokio::test]
async fn retention_clears_the_free_text_of_the_process() {
    let f = fixture().await;
    let client = f.client("100000009").await;
    let long_ago = now() - Duration::days(365 * 12);
    let ctx = f.ctx(long_ago);
    f.store
        .note_diagnosis(
            &ctx,
            client,
            NewDiagnosisNote {
                source: DiagnosisSource::File,
                noted_on: long_ago.date(),
                text: "Gevoelige diagnose".into(),
            },
        )
        .await
        .unwrap();
    f.store
        .set_goal(
            &ctx,
            client,
            NewGoal {
                target: zicht_domain::reintegration::trajectory::GoalTarget::Rung(
                    LadderRung::new(4).unwrap(),
                ),
                description: "Vrijwilligerswerk bij de kringloop".into(),
            },
        )
        .await
        .unwrap();
    f.store
        .close_client(&ctx, client, "Verhuisd")
        .await
        .unwrap();
    let done = f
        .store
        .anonymise_closed_clients(&f.ctx(now()))
        .await
        .unwrap();
    assert_eq!(done, vec![client]);
    let card = f
        .store
        .client_card(f.org, client, now().date())
        .await
        .unwrap();
    assert_eq!(card.diagnosis.notes[0].text, "[verwijderd]");
    assert_eq!(card.trajectory.goals[0].description, "[verwijderd]");
    let history = serde_json::to_string(&card.timeline).unwrap();
    assert!(!history.contains("Gevoelige"), "{history}");
    assert!(!history.contains("kringloop"), "{history}");
    assert!(f.store.check().await.unwrap().is_empty());
}
