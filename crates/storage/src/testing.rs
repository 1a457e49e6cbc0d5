//! Databases for tests. The same tests run on both backends: SQLite by
//! default, PostgreSQL when `ZICHT_TEST_BACKEND=postgres` (then
//! `ZICHT_TEST_POSTGRES_URL` names a server the tests may create databases on;
//! `scripts/postgres.sh` starts one).

use std::{
    path::Path,
    sync::atomic::{AtomicU32, Ordering},
};

use sqlx::{Connection, Executor};

/// The backend the tests run on.
pub fn backend_is_postgres() -> bool {
    std::env::var("ZICHT_TEST_BACKEND").is_ok_and(|b| b == "postgres")
}

/// A URL of a new, empty database for one test: a file in `dir` on SQLite,
/// or a freshly created database on the test PostgreSQL server.
pub async fn fresh_database_url(dir: &Path) -> String {
    if !backend_is_postgres() {
        return format!("sqlite://{}", dir.join("zicht.db").display());
    }
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let server = std::env::var("ZICHT_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://zicht@127.0.0.1:55432/postgres".into());
    let name = format!(
        "zicht_test_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        rand::random::<u32>()
    );
    let mut conn = sqlx::PgConnection::connect(&server)
        .await
        .unwrap_or_else(|e| panic!("test PostgreSQL server at {server}: {e}"));
    conn.execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .unwrap_or_else(|e| panic!("creating test database {name}: {e}"));
    match server.rfind('/') {
        Some(i) => format!("{}/{name}", &server[..i]),
        None => panic!("ZICHT_TEST_POSTGRES_URL has no database part: {server}"),
    }
}

/// A raw connection pool for tests that must read or damage the database
/// behind the store's back; statements use `$1`-style parameters, which both
/// backends accept.
pub async fn raw_pool(url: &str) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(url)
        .await
        .unwrap_or_else(|e| panic!("raw test connection to {url}: {e}"))
}

/// The statement that removes the append-only guard of `table` against
/// `operation` (`update` or `delete`); PostgreSQL has one trigger for both.
pub fn drop_guard_sql(table: &str, operation: &str) -> String {
    if backend_is_postgres() {
        format!("DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    } else {
        format!("DROP TRIGGER IF EXISTS {table}_append_only_{operation}")
    }
}

/// Switches foreign-key enforcement for the raw connection off or on.
pub fn foreign_keys_sql(on: bool) -> &'static str {
    match (backend_is_postgres(), on) {
        (true, true) => "SET session_replication_role = origin",
        (true, false) => "SET session_replication_role = replica",
        (false, true) => "PRAGMA foreign_keys = ON",
        (false, false) => "PRAGMA foreign_keys = OFF",
    }
}

/// The fixed key the tests chain the processing log with; never for real data.
pub const TEST_LOG_KEY_HEX: &str =
    "74657374206f6e6c793a207a69636874206c6f67206b657920666f7220746573";

/// [`TEST_LOG_KEY_HEX`] as a key.
pub fn log_key() -> crate::LogKey {
    crate::LogKey::from_hex(TEST_LOG_KEY_HEX).unwrap_or_else(|e| panic!("test log key: {e}"))
}

/// Opens the store at `url` with the test log key.
pub async fn open(url: &str) -> std::sync::Arc<dyn crate::Store> {
    crate::open_with_log_key(url, Some(log_key()))
        .await
        .unwrap_or_else(|e| panic!("opening {url} with the test log key: {e}"))
}

/// How a test plays someone who rewrites the processing log without its key.
#[derive(Debug, Clone, Copy)]
pub enum Rechain<'a> {
    /// Plain SHA-256, the way the log was chained before it had a key.
    PlainSha256,
    /// HMAC-SHA256 in the log's own format, but with a key of their own.
    Hmac(&'a crate::LogKey),
}

/// Chains every record from `from_id` on again to the record now before it,
/// as someone who edited or removed records would to hide it. Drops the
/// append-only guard against updates first.
pub async fn rechain(url: &str, from_id: i64, how: Rechain<'_>) {
    use sqlx::Row;
    let pool = raw_pool(url).await;
    let fail = |e: sqlx::Error| -> ! { panic!("rechaining the log: {e}") };
    pool.execute(drop_guard_sql("processing_log", "update").as_str())
        .await
        .unwrap_or_else(|e| fail(e));
    let before = sqlx::query(
        "SELECT hash FROM (SELECT id, hash FROM processing_log WHERE id < $1 ORDER BY id DESC LIMIT 1) l
         UNION ALL
         SELECT last_hash FROM (SELECT upto_id, last_hash FROM processing_log_pruned ORDER BY upto_id DESC LIMIT 1) p",
    )
    .bind(from_id)
    .fetch_all(&pool)
    .await
    .unwrap_or_else(|e| fail(e));
    let mut prev: String = match before.first() {
        Some(r) => r.try_get(0).unwrap_or_else(|e| fail(e)),
        None => crate::logchain::GENESIS.to_string(),
    };
    let rows = sqlx::query("SELECT * FROM processing_log WHERE id >= $1 ORDER BY id")
        .bind(from_id)
        .fetch_all(&pool)
        .await
        .unwrap_or_else(|e| fail(e));
    for r in rows {
        let get = |c: &str| -> String {
            r.try_get::<Option<String>, _>(c)
                .unwrap_or_else(|e| fail(e))
                .unwrap_or_default()
        };
        let id: i64 = r.try_get("id").unwrap_or_else(|e| fail(e));
        let fields = crate::logchain::LogFields {
            organisation_id: r.try_get("organisation_id").unwrap_or_else(|e| fail(e)),
            trace_id: get("trace_id"),
            span_id: get("span_id"),
            parent_span_id: get("parent_span_id"),
            operation: get("operation"),
            started_at: get("started_at"),
            ended_at: get("ended_at"),
            status: get("status"),
            actor_employee_id: r.try_get("actor_employee_id").unwrap_or_else(|e| fail(e)),
            processing_activity: get("processing_activity"),
            subject_id: get("subject_id"),
            subject_id_type: get("subject_id_type"),
        };
        let hash = match how {
            Rechain::PlainSha256 => fields.v1_hash(&prev),
            Rechain::Hmac(key) => fields.v2_mac(key, id, &prev),
        };
        sqlx::query("UPDATE processing_log SET prev_hash = $1, hash = $2 WHERE id = $3")
            .bind(&prev)
            .bind(&hash)
            .bind(id)
            .execute(&pool)
            .await
            .unwrap_or_else(|e| fail(e));
        prev = hash;
    }
}

/// Writes records the way Zicht did before the log had a key (chain version
/// 1: plain SHA-256; subjects pseudonymised with the organisation's key kept
/// in the database, `org_key_hex`), for tests of databases from then. Use it
/// on a store opened without a key, before the first open with one.
pub async fn write_unkeyed_log(
    url: &str,
    org: zicht_domain::OrganisationId,
    org_key_hex: &str,
    records: &[crate::ProcessingRecord],
) {
    use crate::logchain::{stamp, v1_pseudonym, LogFields, GENESIS};
    let pool = raw_pool(url).await;
    let fail = |e: sqlx::Error| -> ! { panic!("writing an unkeyed log: {e}") };
    sqlx::query("UPDATE organisations SET log_key = $1 WHERE id = $2")
        .bind(org_key_hex)
        .bind(org.0)
        .execute(&pool)
        .await
        .unwrap_or_else(|e| fail(e));
    let mut prev: String =
        sqlx::query_scalar("SELECT hash FROM processing_log ORDER BY id DESC LIMIT 1")
            .fetch_optional(&pool)
            .await
            .unwrap_or_else(|e| fail(e))
            .unwrap_or_else(|| GENESIS.to_string());
    for r in records {
        let f = LogFields {
            organisation_id: org.0,
            trace_id: r.trace_id.clone(),
            span_id: r.span_id.clone(),
            parent_span_id: r.parent_span_id.clone().unwrap_or_default(),
            operation: r.operation.clone(),
            started_at: stamp(r.started_at),
            ended_at: stamp(r.ended_at),
            status: r.status.as_str().into(),
            actor_employee_id: r.actor.0,
            processing_activity: r.processing_activity.clone(),
            subject_id: v1_pseudonym(org_key_hex, &r.subject_bsn),
            subject_id_type: "BSN".into(),
        };
        let hash = f.v1_hash(&prev);
        sqlx::query(
            "INSERT INTO processing_log (organisation_id, trace_id, span_id, parent_span_id, operation, started_at,
                 ended_at, status, actor_employee_id, processing_activity, subject_id, subject_id_type, prev_hash, hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        )
        .bind(f.organisation_id)
        .bind(&f.trace_id)
        .bind(&f.span_id)
        .bind(r.parent_span_id.clone())
        .bind(&f.operation)
        .bind(&f.started_at)
        .bind(&f.ended_at)
        .bind(&f.status)
        .bind(f.actor_employee_id)
        .bind(&f.processing_activity)
        .bind(&f.subject_id)
        .bind(&f.subject_id_type)
        .bind(&prev)
        .bind(&hash)
        .execute(&pool)
        .await
        .unwrap_or_else(|e| fail(e));
        prev = hash;
    }
}
