//! The processing log cannot be rewritten unnoticed: its chain is keyed with
//! a secret outside the database, prunings are signed, a log from before the
//! key is sealed, and an anchor kept elsewhere finds records removed from its
//! end. Each attack is played the way someone with the database but without
//! the key would: edit or remove, then chain again (plain SHA-256, or the
//! log's own HMAC format with a key of their own).

#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use time::{Duration, OffsetDateTime};
use zicht_domain::{
    organisation::{OrganisationSettings, TeamKind},
    EmployeeId, OrganisationId,
};
use zicht_storage::{
    testing::{self, Rechain},
    LogAnchor, LogKey, ProcessingRecord, Store, StoreError, Violation,
};

const BSNS: [&str; 3] = ["123456782", "111222333", "100000009"];

struct Log {
    url: String,
    store: Arc<dyn Store>,
    org: OrganisationId,
    actor: EmployeeId,
    _dir: tempfile::TempDir,
}

impl Log {
    /// A database with one organisation and one employee, opened with the test key.
    async fn new() -> Log {
        Self::with(|url| async move { testing::open(&url).await }).await
    }

    async fn with<F, Fut>(open: F) -> Log
    where
        F: FnOnce(String) -> Fut,
        Fut: std::future::Future<Output = Arc<dyn Store>>,
    {
        let dir = tempfile::tempdir().unwrap();
        let url = testing::fresh_database_url(dir.path()).await;
        let store = open(url.clone()).await;
        let org = store
            .create_organisation("Gemeente", &OrganisationSettings::default())
            .await
            .unwrap();
        let team = store
            .create_team(org, "Intake", TeamKind::Intake)
            .await
            .unwrap();
        let actor = store
            .create_employee(org, team, "Ine", "ine@x.example", 36)
            .await
            .unwrap();
        Log {
            url,
            store,
            org,
            actor,
            _dir: dir,
        }
    }

    fn record(&self, n: usize, at: OffsetDateTime) -> ProcessingRecord {
        ProcessingRecord {
            trace_id: format!("{:032x}", n + 1),
            span_id: format!("{:016x}", n + 1),
            parent_span_id: n.is_multiple_of(2).then(|| "00f067aa0ba902b7".to_string()),
            operation: "klantkaart_lezen".into(),
            started_at: at,
            ended_at: at,
            status: zicht_storage::LogStatus::of(!n.is_multiple_of(7)),
            actor: self.actor,
            processing_activity: "zicht:test".into(),
            subject_bsn: BSNS[n % BSNS.len()].into(),
        }
    }

    /// `n` records in batches of 50, as the group commit writes them.
    async fn write(&self, n: usize) {
        let now = OffsetDateTime::now_utc();
        let records: Vec<_> = (0..n).map(|i| self.record(i, now)).collect();
        for batch in records.chunks(50) {
            self.store.log_processing(self.org, batch).await.unwrap();
        }
    }

    async fn ids(&self) -> Vec<i64> {
        sqlx::query_scalar("SELECT id FROM processing_log ORDER BY id")
            .fetch_all(&testing::raw_pool(&self.url).await)
            .await
            .unwrap()
    }

    async fn exec(&self, sql: &str) {
        sqlx::query(sql)
            .execute(&testing::raw_pool(&self.url).await)
            .await
            .unwrap();
    }

    async fn anchor(&self) -> LogAnchor {
        self.store
            .processing_log_anchor(OffsetDateTime::now_utc())
            .await
            .unwrap()
    }

    async fn check(&self) -> Vec<Violation> {
        self.store.check().await.unwrap()
    }

    async fn against(&self, anchor: &LogAnchor) -> Vec<Violation> {
        self.store
            .check_processing_log_anchors(std::slice::from_ref(anchor))
            .await
            .unwrap()
    }
}

fn rules(v: &[Violation]) -> Vec<&'static str> {
    let mut r: Vec<_> = v.iter().map(|v| v.rule).collect();
    r.dedup();
    r
}

fn has(v: &[Violation], rule: &str, detail: &str) -> bool {
    v.iter().any(|v| v.rule == rule && v.detail == detail)
}

fn other_key() -> LogKey {
    LogKey::from_hex(&"5a".repeat(32)).unwrap()
}

#[tokio::test]
async fn an_untouched_log_passes_and_without_its_key_it_is_not_verified() {
    let log = Log::new().await;
    log.write(120).await;
    assert!(log.check().await.is_empty(), "{:?}", log.check().await);
    let anchor = log.anchor().await;
    assert_eq!(anchor.format, LogAnchor::FORMAT);
    assert_eq!(anchor.seq, *log.ids().await.last().unwrap());
    assert!(log.against(&anchor).await.is_empty());
    log.write(10).await;
    assert!(log.against(&anchor).await.is_empty(), "the log grew, fine");

    // The database holds no key: new organisations get none of their own.
    let stored: Vec<Option<String>> = sqlx::query_scalar("SELECT log_key FROM organisations")
        .fetch_all(&testing::raw_pool(&log.url).await)
        .await
        .unwrap();
    assert_eq!(stored, vec![None]);

    // Without the key: nothing is written or read, and check says it cannot verify.
    let keyless = zicht_storage::open(&log.url).await.unwrap();
    let v = keyless.check().await.unwrap();
    assert_eq!(rules(&v), ["processing_log_unverified"], "{v:?}");
    let now = OffsetDateTime::now_utc();
    assert!(matches!(
        keyless.log_processing(log.org, &[log.record(0, now)]).await,
        Err(StoreError::LogKeyMissing)
    ));
    assert!(matches!(
        keyless
            .processing_log_for(log.org, BSNS[0], now - Duration::days(1), now)
            .await,
        Err(StoreError::LogKeyMissing)
    ));
    // The anchor needs no key.
    assert!(keyless
        .check_processing_log_anchors(&[anchor])
        .await
        .unwrap()
        .is_empty());

    // Another key is refused at once rather than found out later.
    let wrong = zicht_storage::open_with_log_key(&log.url, Some(other_key())).await;
    assert!(matches!(wrong, Err(StoreError::LogKeyMismatch)));
    assert!(log.check().await.is_empty());
}

#[tokio::test]
async fn a_record_changed_and_chained_again_without_the_key_is_found() {
    let log = Log::new().await;
    log.write(130).await;
    let anchor = log.anchor().await;
    let ids = log.ids().await;
    let target = ids[40];
    log.exec(&testing::drop_guard_sql("processing_log", "update"))
        .await;
    log.exec(&format!(
        "UPDATE processing_log SET operation = 'niets_gezien' WHERE id = {target}"
    ))
    .await;
    let v = log.check().await;
    assert_eq!(rules(&v), ["processing_log_chain"]);
    assert!(has(&v, "processing_log_chain", &format!("record {target}")));

    // Chained again as before the key (plain SHA-256): every record from there.
    testing::rechain(&log.url, target, Rechain::PlainSha256).await;
    let v = log.check().await;
    assert!(
        has(&v, "processing_log_chain", &format!("record {target}")),
        "{v:?}"
    );
    assert_eq!(v.len(), ids.len() - 40, "{v:?}");
    assert_eq!(
        rules(&log.against(&anchor).await),
        ["processing_log_anchor"]
    );

    // Chained again in the log's own format, with a key of their own.
    testing::rechain(&log.url, target, Rechain::Hmac(&other_key())).await;
    let v = log.check().await;
    assert!(
        has(&v, "processing_log_chain", &format!("record {target}")),
        "{v:?}"
    );
    assert_eq!(v.len(), ids.len() - 40, "{v:?}");

    // Only the key makes it whole again; the anchor taken before still tells.
    testing::rechain(&log.url, target, Rechain::Hmac(&testing::log_key())).await;
    assert!(log.check().await.is_empty());
    let v = log.against(&anchor).await;
    assert_eq!(rules(&v), ["processing_log_anchor"]);
    assert!(v[0].detail.contains("rewritten"), "{v:?}");
}

#[tokio::test]
async fn the_last_hundred_records_removed_are_found_against_an_anchor() {
    let log = Log::new().await;
    log.write(250).await;
    let anchor = log.anchor().await;
    let ids = log.ids().await;
    log.exec(&testing::drop_guard_sql("processing_log", "delete"))
        .await;
    log.exec(&format!(
        "DELETE FROM processing_log WHERE id > {}",
        ids[ids.len() - 101]
    ))
    .await;
    // What is left is a whole chain: only the anchor can tell.
    assert!(log.check().await.is_empty());
    let v = log.against(&anchor).await;
    assert_eq!(rules(&v), ["processing_log_anchor"]);
    assert!(v[0].detail.contains("no longer exists"), "{v:?}");

    // The log goes on being written: the anchored place holds another record
    // now, or none.
    log.write(150).await;
    assert!(log.check().await.is_empty());
    assert_eq!(
        rules(&log.against(&anchor).await),
        ["processing_log_anchor"]
    );
}

#[tokio::test]
async fn a_range_removed_and_the_rest_chained_again_is_found() {
    let log = Log::new().await;
    log.write(200).await;
    let anchor = log.anchor().await;
    let ids = log.ids().await;
    log.exec(&testing::drop_guard_sql("processing_log", "delete"))
        .await;
    log.exec(&testing::drop_guard_sql("processing_log", "update"))
        .await;
    log.exec(&format!(
        "DELETE FROM processing_log WHERE id BETWEEN {} AND {}",
        ids[50], ids[99]
    ))
    .await;
    let v = log.check().await;
    assert_eq!(v.len(), 1);
    assert!(has(
        &v,
        "processing_log_chain",
        &format!("record {}", ids[100])
    ));

    for how in [Rechain::PlainSha256, Rechain::Hmac(&other_key())] {
        testing::rechain(&log.url, ids[100], how).await;
        let v = log.check().await;
        assert!(
            has(&v, "processing_log_chain", &format!("record {}", ids[100])),
            "{how:?}: {v:?}"
        );
        assert_eq!(v.len(), 100, "{how:?}: every record after the gap");
        assert_eq!(
            rules(&log.against(&anchor).await),
            ["processing_log_anchor"]
        );
    }
}

#[tokio::test]
async fn old_records_removed_as_if_pruned_are_found() {
    let log = Log::new().await;
    log.write(100).await;
    let ids = log.ids().await;
    let pool = testing::raw_pool(&log.url).await;
    let last_hash: String = sqlx::query_scalar("SELECT hash FROM processing_log WHERE id = $1")
        .bind(ids[29])
        .fetch_one(&pool)
        .await
        .unwrap();
    // A record of a pruning that `zicht retention` never made: unsigned, or
    // with a made-up MAC. The guard lets the records go; the check does not.
    for mac in [None, Some("ab".repeat(32))] {
        sqlx::query("DELETE FROM processing_log_pruned")
            .execute(&pool)
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO processing_log_pruned (upto_id, last_hash, pruned_at, mac) VALUES ($1, $2, $3, $4)",
        )
        .bind(ids[29])
        .bind(&last_hash)
        .bind("2026-01-01T00:00:00.000000Z")
        .bind(mac)
        .execute(&pool)
        .await
        .unwrap();
        sqlx::query("DELETE FROM processing_log WHERE id <= $1")
            .bind(ids[29])
            .execute(&pool)
            .await
            .unwrap();
        let v = log.check().await;
        assert_eq!(rules(&v), ["processing_log_pruning"], "{v:?}");
    }
}

#[tokio::test]
async fn pruning_even_the_head_keeps_the_chain_verifiable() {
    let log = Log::new().await;
    let now = OffsetDateTime::now_utc();
    let old: Vec<_> = (0..30)
        .map(|i| log.record(i, now - Duration::days(365 * 21)))
        .collect();
    log.store.log_processing(log.org, &old).await.unwrap();
    log.write(20).await;
    let first = log.anchor().await;
    let cutoff = now - Duration::days(365 * 20);
    assert_eq!(
        log.store.prune_processing_log(cutoff, now).await.unwrap(),
        30
    );
    assert!(log.check().await.is_empty(), "{:?}", log.check().await);
    assert!(log.against(&first).await.is_empty());

    // Everything, the head too: the chain goes on from the signed pruning.
    let all = now + Duration::days(1);
    assert_eq!(log.store.prune_processing_log(all, now).await.unwrap(), 20);
    assert!(log.ids().await.is_empty());
    assert!(log.check().await.is_empty(), "{:?}", log.check().await);
    let emptied = log.anchor().await;
    assert_eq!(emptied.seq, first.seq, "the head is where pruning left it");
    assert!(log.against(&emptied).await.is_empty());
    log.write(20).await;
    assert!(log.check().await.is_empty(), "{:?}", log.check().await);
    assert!(
        log.ids().await[0] > first.seq,
        "pruned sequence numbers are not used again"
    );
    assert!(log.against(&first).await.is_empty());
    assert!(log.against(&emptied).await.is_empty());
    let left = log
        .store
        .processing_log_for(log.org, BSNS[0], now - Duration::days(1), all)
        .await
        .unwrap();
    assert_eq!(left.len(), 7);

    // Without the key there is no pruning.
    let keyless = zicht_storage::open(&log.url).await.unwrap();
    assert!(matches!(
        keyless.prune_processing_log(all, now).await,
        Err(StoreError::LogKeyMissing)
    ));
}

#[tokio::test]
async fn a_log_from_before_the_key_is_sealed_and_stays_readable() {
    // A database as Zicht left it before the log had a key.
    let log = Log::with(|url| async move { zicht_storage::open(&url).await.unwrap() }).await;
    let org_key = "0123456789abcdef".repeat(4);
    let now = OffsetDateTime::now_utc();
    let records: Vec<_> = (0..30).map(|i| log.record(i, now)).collect();
    testing::write_unkeyed_log(&log.url, log.org, &org_key, &records).await;
    let ids = log.ids().await;
    // ...pruned once then, unsigned.
    let pool = testing::raw_pool(&log.url).await;
    sqlx::query(
        "INSERT INTO processing_log_pruned (upto_id, last_hash, pruned_at)
         SELECT id, hash, '2025-01-01T00:00:00.000000Z' FROM processing_log WHERE id = $1",
    )
    .bind(ids[4])
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query("DELETE FROM processing_log WHERE id <= $1")
        .bind(ids[4])
        .execute(&pool)
        .await
        .unwrap();

    // The first start with the key seals it; it verifies, and grows keyed.
    let store = testing::open(&log.url).await;
    assert!(
        store.check().await.unwrap().is_empty(),
        "{:?}",
        store.check().await
    );
    let stored: String = sqlx::query_scalar("SELECT log_key FROM organisations")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(stored.starts_with("wrapped1:") && !stored.contains(&org_key));
    store
        .log_processing(log.org, &[log.record(0, now), log.record(3, now)])
        .await
        .unwrap();
    assert!(store.check().await.unwrap().is_empty());
    let found = store
        .processing_log_for(log.org, BSNS[0], now - Duration::days(1), now)
        .await
        .unwrap();
    assert_eq!(found.len(), 8 + 2, "old pseudonyms are still found by BSN");
    assert_ne!(
        found[0].subject_id, found[9].subject_id,
        "new ones are keyed"
    );
    let again = testing::open(&log.url).await;
    assert!(again.check().await.unwrap().is_empty(), "sealed once");

    // An old record changed and chained again as it was then: the seal tells.
    sqlx::query(&testing::drop_guard_sql("processing_log", "update"))
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query("UPDATE processing_log SET actor_employee_id = 999 WHERE id = $1")
        .bind(ids[10])
        .execute(&pool)
        .await
        .unwrap();
    testing::rechain(&log.url, ids[10], Rechain::PlainSha256).await;
    let v = store.check().await.unwrap();
    assert!(
        has(
            &v,
            "processing_log_seal",
            &format!(
                "record {}, the last one chained before the log had a key, differs from the seal",
                ids[29]
            )
        ),
        "{v:?}"
    );
    // Nor can the whole log pass for one from before the key.
    sqlx::query("DELETE FROM processing_log_seal")
        .execute(&pool)
        .await
        .unwrap();
    let v = store.check().await.unwrap();
    assert!(v.iter().any(|v| v.rule == "processing_log_seal"), "{v:?}");
}
