//! What the effectenkaart needs from storage, on a real database (SQLite, or
//! PostgreSQL with `ZICHT_TEST_BACKEND=postgres`): its settings, the event
//! feed, result agreements and how the latest roster run's ghosts were
//! resolved.

#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use time::{macros::date, macros::datetime, Duration, OffsetDateTime};
use zicht_domain::{
    client::{NewClient, Owner, Phase},
    contact::NewContact,
    effects::agreements::{AgreementKind, AgreementScope, NewResultAgreement},
    event::{ClientEvent, RegisterEvent},
    handover::Actor,
    organisation::{OrganisationSettings, TeamKind},
    AgreementId, Bsn, ClientId, DomainError, EmployeeId, OrganisationId, TeamId,
};
use zicht_storage::{testing, Ctx, Store, StoreError};

/// One organisation: an intake team with one caseworker and a werk team
/// with one caseworker.
struct Org {
    id: OrganisationId,
    intake: TeamId,
    werk: TeamId,
    ine: EmployeeId,
    wim: EmployeeId,
}

impl Org {
    async fn new(store: &dyn Store, name: &str) -> Org {
        let id = store
            .create_organisation(name, &OrganisationSettings::default())
            .await
            .unwrap();
        let intake = store
            .create_team(id, "Intake", TeamKind::Intake)
            .await
            .unwrap();
        let werk = store.create_team(id, "Werk", TeamKind::Werk).await.unwrap();
        let tag = name.to_lowercase().replace(' ', "");
        let ine = store
            .create_employee(id, intake, "Ine", &format!("ine@{tag}.example"), 36)
            .await
            .unwrap();
        let wim = store
            .create_employee(id, werk, "Wim", &format!("wim@{tag}.example"), 32)
            .await
            .unwrap();
        Org {
            id,
            intake,
            werk,
            ine,
            wim,
        }
    }

    /// Ine of intake acting at `at`.
    fn ctx(&self, at: OffsetDateTime) -> Ctx {
        Ctx {
            organisation_id: self.id,
            actor: Actor {
                employee_id: self.ine,
                team_id: self.intake,
            },
            at,
        }
    }

    async fn register(
        &self,
        store: &dyn Store,
        bsn: &Bsn,
        name: &str,
        at: OffsetDateTime,
    ) -> ClientId {
        let ctx = self.ctx(at);
        let c =
            NewClient::parse(&bsn.as_string(), name, "1980-01-01", "", None, ctx.today()).unwrap();
        store
            .register_client(
                &ctx,
                c,
                Owner {
                    team_id: self.intake,
                    employee_id: self.ine,
                },
            )
            .await
            .unwrap()
    }
}

fn bsn(n: u32) -> Bsn {
    (n..).find_map(Bsn::from_prefix).unwrap()
}

async fn open_store() -> (Arc<dyn Store>, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = testing::fresh_database_url(dir.path()).await;
    let store = zicht_storage::open(&url).await.unwrap();
    (store, url, dir)
}

fn rule(e: StoreError) -> DomainError {
    match e {
        StoreError::Rule(d) => d,
        other => panic!("expected a domain error, got {other:?}"),
    }
}

#[tokio::test]
async fn caseload_ceiling_and_return_window_are_stored_with_the_settings() {
    let (store, url, _dir) = open_store().await;
    let settings = OrganisationSettings::new(7, 9)
        .unwrap()
        .with_caseload_ceiling(80)
        .unwrap()
        .with_return_window_months(6)
        .unwrap();
    let org = store
        .create_organisation("Gemeente", &settings)
        .await
        .unwrap();
    let read = store.organisation(org).await.unwrap().settings;
    assert_eq!(read.caseload_ceiling, 80);
    assert_eq!(read.return_window_months, 6);
    assert_eq!(read.handover_overdue_working_days, 7);

    let changed = read
        .with_caseload_ceiling(1000)
        .unwrap()
        .with_return_window_months(24)
        .unwrap();
    store.update_settings(org, &changed).await.unwrap();
    let listed = store.organisations().await.unwrap().remove(0).settings;
    assert_eq!(listed.caseload_ceiling, 1000);
    assert_eq!(listed.return_window_months, 24);
    assert_eq!(listed.no_contact_weeks, 9);

    // An organisation made without them gets the defaults; the database
    // refuses values the domain would refuse.
    let pool = testing::raw_pool(&url).await;
    sqlx::query("INSERT INTO organisations (name) VALUES ('Oud')")
        .execute(&pool)
        .await
        .unwrap();
    let old = store.organisations().await.unwrap().remove(1).settings;
    assert_eq!((old.caseload_ceiling, old.return_window_months), (150, 12));
    for bad in [
        "UPDATE organisations SET caseload_ceiling = 0",
        "UPDATE organisations SET caseload_ceiling = 1001",
        "UPDATE organisations SET return_window_months = 18",
    ] {
        assert!(sqlx::query(bad).execute(&pool).await.is_err(), "{bad}");
    }
}

#[tokio::test]
async fn event_feed_pages_through_one_organisations_history_in_order() {
    let (store, _url, _dir) = open_store().await;
    let store = store.as_ref();
    let a = Org::new(store, "A").await;
    let b = Org::new(store, "B").await;
    let t0 = datetime!(2026-06-01 09:00 UTC);
    let at = |minutes: i64| t0 + Duration::minutes(minutes);

    let anna = a.register(store, &bsn(10_000_000), "Anna", at(0)).await;
    let bart = a.register(store, &bsn(10_000_100), "Bart", at(1)).await;
    let other = b.register(store, &bsn(10_000_200), "Cor", at(2)).await;
    store
        .change_phase(&a.ctx(at(3)), anna, Phase::Diagnose)
        .await
        .unwrap();
    store
        .change_phase(&b.ctx(at(4)), other, Phase::Activering)
        .await
        .unwrap();
    let contact =
        NewContact::parse("", "telefoon", "Anna", "gebeld", "", date!(2026 - 06 - 01)).unwrap();
    store
        .record_contact(&a.ctx(at(5)), anna, contact)
        .await
        .unwrap();
    store
        .close_client(&a.ctx(at(6)), bart, "verhuisd")
        .await
        .unwrap();

    let all = store.event_feed(a.id, 0, 100).await.unwrap().events;
    let seen: Vec<(ClientId, i64)> = all.iter().map(|e| (e.client_id, e.seq)).collect();
    assert_eq!(
        seen,
        [(anna, 1), (bart, 1), (anna, 2), (anna, 3), (bart, 2)],
        "the organisation's events only, in the order they were appended"
    );
    assert!(all.windows(2).all(|w| w[0].id < w[1].id));
    let when: Vec<OffsetDateTime> = all.iter().map(|e| e.occurred_at).collect();
    assert_eq!(when, [at(0), at(1), at(3), at(5), at(6)]);
    // The payloads come back as events.
    match &all[0].event {
        ClientEvent::Register(RegisterEvent::Created {
            name,
            bsn: Some(b),
            phase,
            ..
        }) => {
            assert_eq!(name, "Anna");
            assert_eq!(*b, bsn(10_000_000));
            assert_eq!(*phase, Phase::Intake);
        }
        e => panic!("expected created, got {e:?}"),
    }
    assert!(matches!(
        all[2].event,
        ClientEvent::Register(RegisterEvent::PhaseChanged {
            from: Phase::Intake,
            to: Phase::Diagnose
        })
    ));
    assert!(
        matches!(&all[3].event, ClientEvent::Register(RegisterEvent::ContactRecorded { summary, .. }) if summary == "gebeld")
    );
    assert!(
        matches!(&all[4].event, ClientEvent::Register(RegisterEvent::Closed { reason }) if reason == "verhuisd")
    );

    // After an id: only what came later. A limit: only that many, first first.
    let ids = |v: &[zicht_storage::FeedEvent]| v.iter().map(|e| e.id).collect::<Vec<_>>();
    let after = store.event_feed(a.id, all[1].id, 100).await.unwrap().events;
    assert_eq!(ids(&after), ids(&all[2..]));
    let first_two = store.event_feed(a.id, 0, 2).await.unwrap().events;
    assert_eq!(ids(&first_two), ids(&all[..2]));
    let page = store.event_feed(a.id, all[1].id, 2).await.unwrap().events;
    assert_eq!(ids(&page), ids(&all[2..4]));
    assert!(store
        .event_feed(a.id, all[4].id, 100)
        .await
        .unwrap()
        .events
        .is_empty());
    assert!(store
        .event_feed(a.id, 0, 0)
        .await
        .unwrap()
        .events
        .is_empty());
    // One writer: SQLite's pages are settled; PostgreSQL's never are.
    assert_eq!(
        store.event_feed(a.id, 0, 100).await.unwrap().settled,
        !testing::backend_is_postgres()
    );
    // An id between two of A's events that belongs to B changes nothing.
    let theirs = store.event_feed(b.id, 0, 100).await.unwrap().events;
    assert_eq!(
        theirs
            .iter()
            .map(|e| (e.client_id, e.seq))
            .collect::<Vec<_>>(),
        [(other, 1), (other, 2)]
    );
    assert!(theirs.iter().all(|e| !ids(&all).contains(&e.id)));
    let between = store
        .event_feed(a.id, theirs[0].id, 100)
        .await
        .unwrap()
        .events;
    assert_eq!(ids(&between), ids(&all[2..]));
}

#[tokio::test]
async fn result_agreements_are_made_listed_and_withdrawn() {
    let (store, _url, _dir) = open_store().await;
    let store = store.as_ref();
    let a = Org::new(store, "A").await;
    let b = Org::new(store, "B").await;
    let made_at = datetime!(2026-01-05 10:30 UTC);
    let ctx = a.ctx(made_at);

    let q1 = NewResultAgreement::new(
        AgreementScope::Team(a.werk),
        AgreementKind::Outflow,
        date!(2026 - 01 - 01),
        date!(2026 - 03 - 31),
        12,
    )
    .unwrap();
    let year = NewResultAgreement::new(
        AgreementScope::Caseworker(a.wim),
        AgreementKind::LeadTimeDays,
        date!(2026 - 01 - 01),
        date!(2026 - 12 - 31),
        180,
    )
    .unwrap();
    let q2 = NewResultAgreement::new(
        AgreementScope::Team(a.intake),
        AgreementKind::InTrajectory,
        date!(2026 - 04 - 01),
        date!(2026 - 06 - 30),
        40,
    )
    .unwrap();
    let id_q1 = store.create_result_agreement(&ctx, &q1).await.unwrap();
    let id_year = store.create_result_agreement(&ctx, &year).await.unwrap();
    let id_q2 = store.create_result_agreement(&ctx, &q2).await.unwrap();

    let listed = store.result_agreements(a.id).await.unwrap();
    assert_eq!(
        listed.iter().map(|r| r.id).collect::<Vec<_>>(),
        [id_q2, id_q1, id_year],
        "latest period first, then in the order made"
    );
    let first = &listed[1];
    assert_eq!(first.scope, AgreementScope::Team(a.werk));
    assert_eq!(first.kind, AgreementKind::Outflow);
    assert_eq!(
        (first.from, first.to, first.target),
        (date!(2026 - 01 - 01), date!(2026 - 03 - 31), 12)
    );
    assert_eq!(first.created_by, a.ine);
    assert_eq!(first.created_at, made_at);
    assert_eq!(listed[2].scope, AgreementScope::Caseworker(a.wim));
    assert_eq!(listed[2].kind, AgreementKind::LeadTimeDays);
    assert!(store.result_agreements(b.id).await.unwrap().is_empty());

    // Withdrawn: gone from the list; a second time, or by another
    // organisation, or an id that never existed: not found.
    store
        .withdraw_result_agreement(&a.ctx(made_at + Duration::days(1)), id_q1)
        .await
        .unwrap();
    assert_eq!(
        store
            .result_agreements(a.id)
            .await
            .unwrap()
            .iter()
            .map(|r| r.id)
            .collect::<Vec<_>>(),
        [id_q2, id_year]
    );
    for (ctx, id) in [
        (a.ctx(made_at), id_q1),
        (b.ctx(made_at), id_q2),
        (a.ctx(made_at), AgreementId(id_q2.0 + 1000)),
    ] {
        assert!(matches!(
            store.withdraw_result_agreement(&ctx, id).await,
            Err(StoreError::NotFound(_))
        ));
    }
    assert_eq!(store.result_agreements(a.id).await.unwrap().len(), 2);
    assert!(store.check().await.unwrap().is_empty());
}

#[tokio::test]
async fn an_agreement_with_another_organisations_team_or_caseworker_is_refused() {
    let (store, url, _dir) = open_store().await;
    let store = store.as_ref();
    let a = Org::new(store, "A").await;
    let b = Org::new(store, "B").await;
    let ctx = a.ctx(datetime!(2026-01-05 10:30 UTC));
    for scope in [
        AgreementScope::Team(b.werk),
        AgreementScope::Caseworker(b.wim),
        AgreementScope::Team(TeamId(9_999)),
        AgreementScope::Caseworker(EmployeeId(9_999)),
    ] {
        let agreement = NewResultAgreement::new(
            scope,
            AgreementKind::PositiveDevelopment,
            date!(2026 - 01 - 01),
            date!(2026 - 12 - 31),
            5,
        )
        .unwrap();
        let e = rule(
            store
                .create_result_agreement(&ctx, &agreement)
                .await
                .unwrap_err(),
        );
        assert_eq!(e, DomainError::invalid("scope", "agreement_scope_invalid"));
    }
    assert!(store.result_agreements(a.id).await.unwrap().is_empty());
    assert!(store.result_agreements(b.id).await.unwrap().is_empty());
    let pool = testing::raw_pool(&url).await;
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM result_agreements")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(rows, 0, "nothing written");

    // Behind the store's back the database refuses it too, and an agreement
    // with both a team and a caseworker, or neither.
    let insert = |team: Option<i64>, employee: Option<i64>| {
        sqlx::query(
            "INSERT INTO result_agreements (organisation_id, team_id, employee_id, kind, period_from,
                 period_to, target, created_by, created_at)
             VALUES ($1, $2, $3, 'outflow', '2026-01-01', '2026-12-31', 5, $4, '2026-01-05T10:30:00Z')",
        )
        .bind(a.id.0)
        .bind(team)
        .bind(employee)
        .bind(a.ine.0)
        .execute(&pool)
    };
    for (team, employee) in [
        (Some(b.werk.0), None),
        (None, Some(b.wim.0)),
        (Some(a.werk.0), Some(a.wim.0)),
        (None, None),
    ] {
        let r = insert(team, employee).await;
        assert!(r.is_err(), "team {team:?}, employee {employee:?}");
    }
    // The same statement with the organisation's own team is fine.
    insert(Some(a.werk.0), None).await.unwrap();
    insert(None, Some(a.wim.0)).await.unwrap();
    assert_eq!(store.result_agreements(a.id).await.unwrap().len(), 2);
}

/// A roster with one known client and the given ghosts.
fn roster(known: &Bsn, ghosts: &[&Bsn]) -> Vec<u8> {
    let mut text = format!(
        "bsn;naam;ingangsdatum;einddatum\n{};Anna Aarts;01-01-2024;\n",
        known.as_string()
    );
    for (i, g) in ghosts.iter().enumerate() {
        text.push_str(&format!("{};Geest {i};01-03-2026;\n", g.as_string()));
    }
    text.into_bytes()
}

#[tokio::test]
async fn ghost_resolution_counts_the_latest_runs_ghosts_registered_since() {
    let (store, url, _dir) = open_store().await;
    let store = store.as_ref();
    let a = Org::new(store, "A").await;
    let b = Org::new(store, "B").await;
    assert!(store.latest_ghost_resolution(a.id).await.unwrap().is_none());
    // A manager in the intake team, with no clients: the least loaded
    // member, but not one who may own a client.
    let manager = store
        .create_employee(a.id, a.intake, "Mia", "mia@a.example", 36)
        .await
        .unwrap();
    store
        .set_role(manager, zicht_domain::access::Role::Management)
        .await
        .unwrap();

    let t1 = datetime!(2026-06-01 09:00 UTC);
    let known = bsn(20_000_000);
    let [g1, g2, g3, g4] = [20_000_100, 20_000_200, 20_000_300, 20_000_400].map(bsn);
    a.register(store, &known, "Anna Aarts", t1 - Duration::days(30))
        .await;
    // G2 had a file once, closed before the run: still a ghost, and that old
    // registration does not resolve it.
    let old = a
        .register(store, &g2, "Geest 1", t1 - Duration::days(20))
        .await;
    store
        .close_client(&a.ctx(t1 - Duration::days(10)), old, "verhuisd")
        .await
        .unwrap();

    let report = store
        .reconcile_roster(
            &a.ctx(t1),
            "juni.csv",
            &roster(&known, &[&g1, &g2, &g3]),
            false,
        )
        .await
        .unwrap();
    assert_eq!(report.ghosts.len(), 3);
    let run1 = report.run.id;
    let resolution = |org: OrganisationId| async move {
        let r = store.latest_ghost_resolution(org).await.unwrap().unwrap();
        (r.run_id, r.imported_at, r.ghosts, r.resolved)
    };
    assert_eq!(resolution(a.id).await, (run1, t1, 3, 0));
    assert!(store.latest_ghost_resolution(b.id).await.unwrap().is_none());

    // G1 registered by hand a day later, G3 at the very moment of the import.
    a.register(store, &g1, "Geest 0", t1 + Duration::days(1))
        .await;
    assert_eq!(resolution(a.id).await, (run1, t1, 3, 1));
    a.register(store, &g3, "Geest 2", t1).await;
    assert_eq!(resolution(a.id).await, (run1, t1, 3, 2));
    // The same BSN registered in another organisation resolves nothing here.
    b.register(store, &g2, "Geest 1", t1 + Duration::days(1))
        .await;
    assert_eq!(resolution(a.id).await, (run1, t1, 3, 2));
    // Registering the run's remaining ghosts: only G2 is still one.
    let registered = store
        .register_run_ghosts(&a.ctx(t1 + Duration::days(2)), run1)
        .await
        .unwrap();
    assert_eq!(registered, 1);
    assert_eq!(resolution(a.id).await, (run1, t1, 3, 3));
    let owned_by_manager: i64 =
        sqlx::query_scalar("SELECT count(*) FROM clients WHERE owner_employee_id = $1")
            .bind(manager.0)
            .fetch_one(&testing::raw_pool(&url).await)
            .await
            .unwrap();
    assert_eq!(owned_by_manager, 0, "a ghost went to a manager");

    // A later run counts on its own: only G4 is new.
    let t2 = t1 + Duration::days(31);
    let report = store
        .reconcile_roster(
            &a.ctx(t2),
            "juli.csv",
            &roster(&known, &[&g1, &g2, &g3, &g4]),
            false,
        )
        .await
        .unwrap();
    let run2 = report.run.id;
    assert_ne!(run1, run2);
    assert_eq!(resolution(a.id).await, (run2, t2, 1, 0));
    b.register(store, &g4, "Geest 3", t2 + Duration::hours(1))
        .await;
    assert_eq!(resolution(a.id).await, (run2, t2, 1, 0));
    a.register(store, &g4, "Geest 3", t2 + Duration::hours(2))
        .await;
    assert_eq!(resolution(a.id).await, (run2, t2, 1, 1));

    // A run that registers its ghosts itself resolves them all at once.
    let g5 = bsn(20_000_500);
    let t3 = t2 + Duration::days(31);
    let report = store
        .reconcile_roster(
            &a.ctx(t3),
            "augustus.csv",
            &roster(&known, &[&g1, &g2, &g3, &g4, &g5]),
            true,
        )
        .await
        .unwrap();
    assert_eq!(resolution(a.id).await, (report.run.id, t3, 1, 1));
    assert!(store.check().await.unwrap().is_empty());
}
