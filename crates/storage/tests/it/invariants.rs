//! The ownership invariant on a real database (SQLite, or PostgreSQL with
//! `ZICHT_TEST_BACKEND=postgres`): random sequences of
//! handover acts never break it, and `check` catches a database broken by hand.

#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use time::{Duration, OffsetDateTime};
use zicht_domain::{
    client::{NewClient, Owner, Phase},
    handover::{Actor, HandoverNote},
    organisation::{OrganisationSettings, TeamKind},
    Bsn, ClientId, EmployeeId, HandoverId, OrganisationId, TeamId,
};
use zicht_storage::{testing, Ctx, Store};

struct Fixture {
    store: std::sync::Arc<dyn Store>,
    url: String,
    org: OrganisationId,
    teams: Vec<TeamId>,
    /// (employee, team), two per team.
    staff: Vec<(EmployeeId, TeamId)>,
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
    let mut teams = Vec::new();
    let mut staff = Vec::new();
    for (i, kind) in [TeamKind::Intake, TeamKind::Werk, TeamKind::Participatie]
        .into_iter()
        .enumerate()
    {
        let t = store
            .create_team(org, &format!("Team {i}"), kind)
            .await
            .unwrap();
        teams.push(t);
        for j in 0..2 {
            let e = store
                .create_employee(
                    org,
                    t,
                    &format!("M {i}{j}"),
                    &format!("m{i}{j}@x.example"),
                    32,
                )
                .await
                .unwrap();
            staff.push((e, t));
        }
    }
    Fixture {
        store,
        url,
        org,
        teams,
        staff,
        _dir: dir,
    }
}

fn note() -> HandoverNote {
    HandoverNote::parse("reden", "gedaan", "", "afspraak").unwrap()
}

impl Fixture {
    fn ctx(&self, who: usize, at: OffsetDateTime) -> Ctx {
        let (e, t) = self.staff[who % self.staff.len()];
        Ctx {
            organisation_id: self.org,
            actor: Actor {
                employee_id: e,
                team_id: t,
            },
            at,
        }
    }

    async fn client(&self, n: u32) -> ClientId {
        let bsn = (n..).find_map(Bsn::from_prefix).unwrap();
        let c = NewClient::parse(
            &bsn.as_string(),
            "Klant",
            "1980-01-01",
            "",
            None,
            time::macros::date!(2026 - 01 - 01),
        )
        .unwrap();
        let owner = Owner {
            team_id: self.staff[0].1,
            employee_id: self.staff[0].0,
        };
        self.store
            .register_client(&self.ctx(0, OffsetDateTime::now_utc()), c, owner)
            .await
            .unwrap()
    }
}

#[derive(Debug, Clone)]
enum Op {
    Offer {
        client: usize,
        by: usize,
        to: usize,
        named: Option<usize>,
    },
    Accept {
        client: usize,
        by: usize,
        caseworker: usize,
    },
    Return {
        client: usize,
        by: usize,
        reason: bool,
    },
    Withdraw {
        client: usize,
        by: usize,
    },
    Close {
        client: usize,
        by: usize,
    },
    Phase {
        client: usize,
        by: usize,
        phase: usize,
    },
    SeeReturn {
        client: usize,
        by: usize,
        reason: bool,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let c = 0..3usize;
    let e = 0..6usize;
    prop_oneof![
        (
            c.clone(),
            e.clone(),
            0..3usize,
            proptest::option::of(0..6usize)
        )
            .prop_map(|(client, by, to, named)| Op::Offer {
                client,
                by,
                to,
                named
            }),
        (c.clone(), e.clone(), e.clone()).prop_map(|(client, by, caseworker)| Op::Accept {
            client,
            by,
            caseworker
        }),
        (c.clone(), e.clone(), any::<bool>()).prop_map(|(client, by, reason)| Op::Return {
            client,
            by,
            reason
        }),
        (c.clone(), e.clone()).prop_map(|(client, by)| Op::Withdraw { client, by }),
        (c.clone(), e.clone()).prop_map(|(client, by)| Op::Close { client, by }),
        (c.clone(), e.clone(), 0..6usize).prop_map(|(client, by, phase)| Op::Phase {
            client,
            by,
            phase
        }),
        (c, e, any::<bool>()).prop_map(|(client, by, reason)| Op::SeeReturn { client, by, reason }),
    ]
}

async fn pending(f: &Fixture, client: ClientId) -> HandoverId {
    let card = f
        .store
        .client_card(f.org, client, time::macros::date!(2026 - 01 - 01))
        .await
        .unwrap();
    card.pending_handover.map(|h| h.id).unwrap_or(HandoverId(0))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Whatever people attempt, and whether each act is allowed or refused,
    /// the stored register keeps every invariant and its history replays to
    /// the stored state.
    #[test]
    fn random_handover_sequences_keep_the_invariant(ops in proptest::collection::vec(op(), 1..40)) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            let f = fixture().await;
            let clients = [f.client(40_000_000).await, f.client(40_000_100).await, f.client(40_000_200).await];
            let mut at = OffsetDateTime::now_utc();
            for op in ops {
                at += Duration::minutes(5);
                let before = f.store.check().await.unwrap();
                assert!(before.is_empty());
                let result = match op {
                    Op::Offer { client, by, to, named } => f
                        .store
                        .offer_handover(&f.ctx(by, at), clients[client], f.teams[to], named.map(|n| f.staff[n].0), note())
                        .await
                        .map(|_| ()),
                    Op::Accept { client, by, caseworker } => {
                        let h = pending(&f, clients[client]).await;
                        f.store.accept_handover(&f.ctx(by, at), h, f.staff[caseworker].0).await
                    }
                    Op::Return { client, by, reason } => {
                        let h = pending(&f, clients[client]).await;
                        f.store.return_handover(&f.ctx(by, at), h, if reason { "past niet" } else { "" }).await
                    }
                    Op::Withdraw { client, by } => {
                        let h = pending(&f, clients[client]).await;
                        f.store.withdraw_handover(&f.ctx(by, at), h).await
                    }
                    Op::Close { client, by } => f.store.close_client(&f.ctx(by, at), clients[client], "klaar").await,
                    Op::Phase { client, by, phase } => {
                        f.store.change_phase(&f.ctx(by, at), clients[client], Phase::ALL[phase]).await
                    }
                    Op::SeeReturn { client, by, reason } => f
                        .store
                        .see_returned_handover(&f.ctx(by, at), clients[client], if reason { "blijft" } else { "" })
                        .await,
                };
                // Refusals are rule errors or "not found", never database errors.
                if let Err(e) = &result {
                    assert!(
                        matches!(e, zicht_storage::StoreError::Rule(_) | zicht_storage::StoreError::NotFound(_)),
                        "unexpected error {e:?}"
                    );
                }
                let violations = f.store.check().await.unwrap();
                assert!(violations.is_empty(), "after {op:?}: {violations:?}");
                for c in clients {
                    let card = f.store.client_card(f.org, c, at.date()).await.unwrap();
                    if card.open {
                        let member = f.staff.iter().find(|(e, _)| *e == card.owner_employee.id).unwrap();
                        assert_eq!(member.1, card.owner_team.id, "owner caseworker belongs to owner team");
                    }
                }
            }
        });
    }
}

#[tokio::test]
async fn check_passes_on_healthy_and_fails_on_databases_broken_by_hand() {
    let f = fixture().await;
    let a = f.client(50_000_000).await;
    let b = f.client(50_000_100).await;
    let now = OffsetDateTime::now_utc();
    let h = f
        .store
        .offer_handover(&f.ctx(0, now), a, f.teams[1], None, note())
        .await
        .unwrap();
    f.store
        .accept_handover(&f.ctx(2, now), h, f.staff[3].0)
        .await
        .unwrap();
    assert!(f.store.check().await.unwrap().is_empty());

    let pool = &testing::raw_pool(&f.url).await;
    // 1. Ownership moved without any event: the history disagrees.
    sqlx::query("UPDATE clients SET owner_employee_id = $1 WHERE id = $2")
        .bind(f.staff[2].0 .0)
        .bind(a.0)
        .execute(pool)
        .await
        .unwrap();
    let v = f.store.check().await.unwrap();
    assert!(v.iter().any(|v| v.rule == "history_matches_state"), "{v:?}");

    // 1b. A returned handover's signal dropped without the event that acts on it.
    let c = f.client(50_000_200).await;
    let h = f
        .store
        .offer_handover(&f.ctx(0, now), c, f.teams[1], None, note())
        .await
        .unwrap();
    f.store
        .return_handover(&f.ctx(2, now), h, "past niet")
        .await
        .unwrap();
    sqlx::query("UPDATE clients SET returned_handover_id = NULL WHERE id = $1")
        .bind(c.0)
        .execute(pool)
        .await
        .unwrap();
    let v = f.store.check().await.unwrap();
    assert!(
        v.iter()
            .any(|v| v.rule == "history_matches_state"
                && v.detail.contains(&format!("client {}", c.0))),
        "{v:?}"
    );
    // And one pointing at a handover that did not come back.
    sqlx::query("UPDATE clients SET returned_handover_id = $1 WHERE id = $2")
        .bind(h.0)
        .bind(a.0)
        .execute(pool)
        .await
        .unwrap();
    let v = f.store.check().await.unwrap();
    assert!(
        v.iter().any(|v| v.rule == "returned_handover_of_client"),
        "{v:?}"
    );

    // 2. A caseworker of another team as owner (constraints switched off by hand).
    sqlx::query(testing::foreign_keys_sql(false))
        .execute(pool)
        .await
        .unwrap();
    sqlx::query("UPDATE clients SET owner_employee_id = $1 WHERE id = $2")
        .bind(f.staff[4].0 .0)
        .bind(b.0)
        .execute(pool)
        .await
        .unwrap();
    sqlx::query(testing::foreign_keys_sql(true))
        .execute(pool)
        .await
        .unwrap();
    let v = f.store.check().await.unwrap();
    let rules: Vec<_> = v.iter().map(|v| v.rule).collect();
    assert!(rules.contains(&"owner_in_team"), "{rules:?}");
    // SQLite can list rows whose keys dangle; PostgreSQL has no such check.
    if !testing::backend_is_postgres() {
        assert!(rules.contains(&"foreign_key"), "{rules:?}");
    }
}

#[tokio::test]
async fn history_cannot_be_rewritten() {
    let f = fixture().await;
    let a = f.client(60_000_000).await;
    let pool = &testing::raw_pool(&f.url).await;
    let err = sqlx::query("UPDATE client_events SET payload = '{}' WHERE client_id = $1")
        .bind(a.0)
        .execute(pool)
        .await;
    assert!(err.unwrap_err().to_string().contains("append-only"));
    let err = sqlx::query("DELETE FROM client_events WHERE client_id = $1")
        .bind(a.0)
        .execute(pool)
        .await;
    assert!(err.unwrap_err().to_string().contains("append-only"));
}

#[tokio::test]
async fn database_refuses_a_second_pending_handover_and_an_owner_outside_the_team() {
    let f = fixture().await;
    let a = f.client(70_000_000).await;
    let now = OffsetDateTime::now_utc();
    f.store
        .offer_handover(&f.ctx(0, now), a, f.teams[1], None, note())
        .await
        .unwrap();
    let pool = &testing::raw_pool(&f.url).await;
    // Bypassing the domain, the unique index still says no.
    let second = sqlx::query(
        "INSERT INTO handovers (organisation_id, client_id, from_team_id, from_employee_id, to_team_id, reason,
            work_done, particulars, agreements, status, offered_by, offered_at)
         VALUES ($1, $2, $3, $4, $5, 'r', 'w', '', 'a', 'pending', $6, '2026-01-01')",
    )
    .bind(f.org.0)
    .bind(a.0)
    .bind(f.teams[0].0)
    .bind(f.staff[0].0 .0)
    .bind(f.teams[2].0)
    .bind(f.staff[0].0 .0)
    .execute(pool)
    .await;
    assert!(second
        .unwrap_err()
        .as_database_error()
        .is_some_and(|e| e.is_unique_violation()));
    // And the composite foreign key refuses an owner from another team.
    let wrong = sqlx::query("UPDATE clients SET owner_employee_id = $1 WHERE id = $2")
        .bind(f.staff[4].0 .0)
        .bind(a.0)
        .execute(pool)
        .await;
    assert!(wrong
        .unwrap_err()
        .to_string()
        .to_lowercase()
        .contains("foreign key"));
}
