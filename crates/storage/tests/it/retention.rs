//! Retention: closed files anonymised after the term, nothing else touched,
//! the history still consistent; the processing log pruned after its term
//! with its chain intact.

#![allow(clippy::unwrap_used)]

use time::{Duration, OffsetDateTime};
use zicht_domain::{
    client::{NewClient, Owner},
    contact::NewContact,
    handover::{Actor, HandoverNote},
    organisation::{OrganisationSettings, TeamKind},
    skills::{NewAssessment, SkillSet},
    Bsn, ClientId,
};
use zicht_storage::{testing, Ctx, ProcessingRecord};

const SECRET: &str = "Schuldhulp bij Kredietbank, zoon ernstig ziek";

#[tokio::test]
async fn closed_files_are_anonymised_after_the_term_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let url = testing::fresh_database_url(dir.path()).await;
    let store = zicht_storage::open(&url).await.unwrap();
    let org = store
        .create_organisation("Gemeente", &OrganisationSettings::default())
        .await
        .unwrap();
    let intake = store
        .create_team(org, "Intake", TeamKind::Intake)
        .await
        .unwrap();
    let werk = store
        .create_team(org, "Werk", TeamKind::Werk)
        .await
        .unwrap();
    let ine = store
        .create_employee(org, intake, "Ine", "ine@x.example", 36)
        .await
        .unwrap();
    let wim = store
        .create_employee(org, werk, "Wim", "wim@x.example", 36)
        .await
        .unwrap();
    let now = OffsetDateTime::now_utc();
    let ctx = |at: OffsetDateTime, who| Ctx {
        organisation_id: org,
        actor: Actor {
            employee_id: who,
            team_id: if who == ine { intake } else { werk },
        },
        at,
    };
    let owner = Owner {
        team_id: intake,
        employee_id: ine,
    };
    let bsn = |n: u32| (n..).find_map(Bsn::from_prefix).unwrap();

    // A file closed eleven years ago, with free text everywhere.
    let long_ago = now - Duration::days(11 * 366);
    let old_bsn = bsn(70_000_000);
    let c = ctx(long_ago, ine);
    let nc = NewClient::parse(
        &old_bsn.as_string(),
        "Geheime Naam",
        "1970-01-01",
        SECRET,
        None,
        c.today(),
    )
    .unwrap();
    let old = store.register_client(&c, nc, owner).await.unwrap();
    let contact = NewContact::parse("", "gesprek", SECRET, SECRET, "", c.today()).unwrap();
    store.record_contact(&c, old, contact).await.unwrap();
    store
        .record_assessment(
            &c,
            old,
            NewAssessment {
                assessed_on: c.today(),
                skills: SkillSet::default(),
                remarks: SECRET.into(),
            },
        )
        .await
        .unwrap();
    let note = HandoverNote::parse(SECRET, SECRET, SECRET, SECRET).unwrap();
    let h = store
        .offer_handover(&c, old, werk, None, note)
        .await
        .unwrap();
    store
        .return_handover(&ctx(long_ago, wim), h, SECRET)
        .await
        .unwrap();
    store.close_client(&c, old, SECRET).await.unwrap();

    // A file closed two years ago, and an open one.
    let recent = ctx(now - Duration::days(730), ine);
    let nc = NewClient::parse(
        &bsn(70_000_100).as_string(),
        "Recent",
        "1980-01-01",
        SECRET,
        None,
        recent.today(),
    )
    .unwrap();
    let closed_recently = store.register_client(&recent, nc, owner).await.unwrap();
    store
        .close_client(&recent, closed_recently, "verhuisd")
        .await
        .unwrap();
    let nc = NewClient::parse(
        &bsn(70_000_200).as_string(),
        "Open",
        "1980-01-01",
        SECRET,
        None,
        recent.today(),
    )
    .unwrap();
    let open = store.register_client(&recent, nc, owner).await.unwrap();

    let done = store
        .anonymise_closed_clients(&ctx(now, ine))
        .await
        .unwrap();
    assert_eq!(done, vec![old]);
    assert!(
        store.check().await.unwrap().is_empty(),
        "{:?}",
        store.check().await.unwrap()
    );

    let card = store.client_card(org, old, now.date()).await.unwrap();
    assert_eq!(card.bsn, zicht_storage::ANONYMOUS_BSN);
    assert_eq!(card.birth_date, None);
    assert!(card.particulars.is_empty());
    assert_eq!(card.timeline[0].kind, "anonymised");
    let everything = serde_json::to_string(&card).unwrap();
    assert!(!everything.contains(SECRET), "{everything}");
    assert!(!everything.contains("Geheime Naam"));
    assert!(!everything.contains(&old_bsn.as_string()));
    // What the file was remains: its phases, owners, dates and skills.
    assert_eq!(card.owner_team.id, intake);
    assert_eq!(
        card.timeline.len(),
        7,
        "created, contact, assessment, offer, return, closed, anonymised"
    );
    let raw: Vec<String> = sqlx::query_scalar(
        "SELECT payload FROM client_events WHERE client_id = $1
         UNION ALL SELECT with_whom || summary FROM contacts WHERE client_id = $1
         UNION ALL SELECT remarks FROM assessments WHERE client_id = $1
         UNION ALL SELECT reason || work_done || particulars || agreements || coalesce(return_reason, '')
                   FROM handovers WHERE client_id = $1
         UNION ALL SELECT name || particulars || coalesce(closed_reason, '') FROM clients WHERE id = $1",
    )
    .bind(old.0)
    .fetch_all(&testing::raw_pool(&url).await)
    .await
    .unwrap();
    assert!(
        raw.iter()
            .all(|r| !r.contains(SECRET) && !r.contains(&old_bsn.as_string())),
        "{raw:?}"
    );

    // The others are untouched, and a second run does nothing.
    for id in [closed_recently, open] {
        assert!(store
            .client_card(org, id, now.date())
            .await
            .unwrap()
            .particulars
            .contains(SECRET));
    }
    assert!(store
        .anonymise_closed_clients(&ctx(now, ine))
        .await
        .unwrap()
        .is_empty());

    // History stays append-only: not even an anonymised event's kind may change.
    let pool = &testing::raw_pool(&url).await;
    let e = sqlx::query("UPDATE client_events SET kind = 'x' WHERE client_id = $1")
        .bind(old.0)
        .execute(pool)
        .await;
    assert!(e.unwrap_err().to_string().contains("append-only"));
    let e = sqlx::query("UPDATE client_events SET payload = '{}' WHERE client_id = $1")
        .bind(open.0)
        .execute(pool)
        .await;
    assert!(e.unwrap_err().to_string().contains("append-only"));

    // The person may come back: a new file with the same BSN is possible.
    let nc = NewClient::parse(
        &old_bsn.as_string(),
        "Terug",
        "1970-01-01",
        "",
        None,
        now.date(),
    )
    .unwrap();
    let back: ClientId = store
        .register_client(&ctx(now, ine), nc, owner)
        .await
        .unwrap();
    assert_ne!(back, old);
    assert!(store.check().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_log_is_pruned_after_its_term_and_its_chain_still_holds() {
    let dir = tempfile::tempdir().unwrap();
    let url = testing::fresh_database_url(dir.path()).await;
    let store = testing::open(&url).await;
    let org = store
        .create_organisation("Gemeente", &OrganisationSettings::default())
        .await
        .unwrap();
    let team = store
        .create_team(org, "Intake", TeamKind::Intake)
        .await
        .unwrap();
    let ine = store
        .create_employee(org, team, "Ine", "ine@x.example", 36)
        .await
        .unwrap();
    let now = OffsetDateTime::now_utc();
    let record = |at: OffsetDateTime| ProcessingRecord {
        trace_id: "4bf92f3577b34da6a3ce929d0e0e4736".into(),
        span_id: "00f067aa0ba902b7".into(),
        parent_span_id: None,
        operation: "klantkaart_lezen".into(),
        started_at: at,
        ended_at: at,
        status: zicht_storage::LogStatus::Ok,
        actor: ine,
        processing_activity: "test".into(),
        subject_bsn: "123456782".into(),
    };
    let old: Vec<_> = (0..3)
        .map(|i| record(now - Duration::days(365 * 21 + i)))
        .collect();
    let new: Vec<_> = (0..2).map(|i| record(now - Duration::days(i))).collect();
    store.log_processing(org, &old).await.unwrap();
    store.log_processing(org, &new).await.unwrap();
    let cutoff = now - Duration::days(365 * 20);
    assert_eq!(store.prune_processing_log(cutoff, now).await.unwrap(), 3);
    assert!(
        store.check().await.unwrap().is_empty(),
        "the chain continues from the pruned part"
    );
    let left = store
        .processing_log_for(org, "123456782", now - Duration::days(365 * 30), now)
        .await
        .unwrap();
    assert_eq!(left.len(), 2);
    // Records within the term still cannot be removed.
    let e = sqlx::query("DELETE FROM processing_log")
        .execute(&testing::raw_pool(&url).await)
        .await;
    assert!(e.unwrap_err().to_string().contains("append-only"));
    assert_eq!(store.prune_processing_log(cutoff, now).await.unwrap(), 0);
}
