//! The SQLite backend, the embedded default: one writer connection (SQLite
//! allows one writer at a time; queueing in the pool beats retrying on
//! `SQLITE_BUSY`) and a pool of readers, in WAL mode so reads never wait for
//! writes. The statements themselves are shared with PostgreSQL (`sql/`).

use std::{str::FromStr, time::Duration};

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::Result;

pub type Db = sqlx::Sqlite;
pub(crate) type DbPool = sqlx::SqlitePool;
pub(crate) type DbConnection = sqlx::SqliteConnection;
pub(crate) type DbRow = sqlx::sqlite::SqliteRow;
type BackendStore = SqliteStore;

#[path = "sql/bulk.rs"]
mod bulk;
#[path = "sql/check.rs"]
mod check;
#[path = "sql/commands.rs"]
mod commands;
#[path = "sql/effects.rs"]
mod effects;
#[path = "sql/errors.rs"]
mod errors;
#[path = "sql/history.rs"]
mod history;
#[path = "sql/logbook.rs"]
mod logbook;
#[path = "sql/phase.rs"]
mod phase;
#[path = "sql/process.rs"]
mod process;
#[path = "sql/process_projection.rs"]
mod process_projection;
#[path = "sql/queries.rs"]
mod queries;
#[path = "sql/retention.rs"]
mod retention;
#[path = "sql/roster.rs"]
mod roster;
#[path = "sql/rows.rs"]
mod rows;
#[path = "sql/store.rs"]
mod store;
#[path = "sql/work.rs"]
mod work;
#[path = "sql/work_projection.rs"]
mod work_projection;

pub use retention::ANONYMOUS_BSN;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

/// What SQLite spells differently from PostgreSQL.
mod dialect {
    use super::DbPool;
    use crate::{Result, Violation};

    /// No row locks: the single writer connection already serialises writes.
    pub const LOCK_ROW: &str = "";
    /// One writer at a time, so the next id cannot be taken in between.
    pub const NEXT_HANDOVER_ID: &str = "SELECT coalesce(max(id), 0) + 1 FROM handovers";
    /// Ids for `n` new rows of `table`; the single writer makes `max + 1` safe.
    pub async fn reserve_ids(
        conn: &mut super::DbConnection,
        table: &str,
        n: usize,
    ) -> Result<Vec<i64>> {
        let max: i64 = sqlx::query_scalar(&format!("SELECT coalesce(max(id), 0) FROM {table}"))
            .fetch_one(&mut *conn)
            .await?;
        Ok((1..=n as i64).map(|i| max + i).collect())
    }

    pub const LOCK_PROCESSING_LOG: Option<&str> = None;

    /// One writer: rows become visible in the order of their ids, so every
    /// page of the event feed is settled.
    pub async fn feed_settled(_: &mut super::DbConnection) -> Result<bool> {
        Ok(true)
    }

    /// SQLite's own consistency checks; foreign keys are only checked per
    /// connection, so a file written without them is checked here.
    pub async fn integrity(pool: &DbPool, out: &mut Vec<Violation>) -> Result<()> {
        use sqlx::Row;
        let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(pool)
            .await?;
        if integrity != "ok" {
            out.push(Violation {
                rule: "sqlite_integrity",
                detail: integrity,
            });
        }
        for row in sqlx::query("PRAGMA foreign_key_check")
            .fetch_all(pool)
            .await?
        {
            let table: String = row.try_get(0)?;
            let rowid: Option<i64> = row.try_get(1)?;
            out.push(Violation {
                rule: "foreign_key",
                detail: format!("{table} row {rowid:?}"),
            });
        }
        Ok(())
    }
}

#[derive(Clone)]
pub struct SqliteStore {
    writer: DbPool,
    reader: DbPool,
    /// The processing log's key; see [`crate::logchain`].
    log_key: Option<crate::LogKey>,
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `url` (`sqlite://path` or
    /// `sqlite:path`) and applies pending migrations.
    pub async fn open(url: &str) -> Result<Self> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true);
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options.clone())
            .await?;
        MIGRATOR.run(&writer).await.map_err(sqlx::Error::from)?;
        let reader = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options.read_only(true))
            .await?;
        Ok(SqliteStore {
            writer,
            reader,
            log_key: None,
        })
    }
}
