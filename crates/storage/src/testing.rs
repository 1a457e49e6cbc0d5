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
