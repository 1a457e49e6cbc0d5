//! What the effectenkaart needs from storage, on a real database (SQLite, or
//! PostgreSQL with `ZICHT_TEST_BACKEND=postgres`): its settings.

#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use zicht_domain::organisation::OrganisationSettings;
use zicht_storage::{testing, Store};

async fn open_store() -> (Arc<dyn Store>, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = testing::fresh_database_url(dir.path()).await;
    let store = zicht_storage::open(&url).await.unwrap();
    (store, url, dir)
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
