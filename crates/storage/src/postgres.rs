//! The PostgreSQL backend, for a shared service or national scale: one pool
//! of connections that read and write side by side. Where SQLite relies on
//! its single writer, this backend locks: the client's row for every act on
//! a client, and the processing log's table while a batch joins its chain.
//! The statements themselves are shared with SQLite (`sql/`).

use std::{str::FromStr, time::Duration};

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

use crate::Result;

pub type Db = sqlx::Postgres;
pub(crate) type DbPool = sqlx::PgPool;
pub(crate) type DbConnection = sqlx::PgConnection;
pub(crate) type DbRow = sqlx::postgres::PgRow;
type BackendStore = PostgresStore;

#[path = "sql/bulk.rs"]
mod bulk;
#[path = "sql/check.rs"]
mod check;
#[path = "sql/commands.rs"]
mod commands;
#[path = "sql/development.rs"]
mod development;
#[path = "sql/effects.rs"]
mod effects;
#[path = "sql/errors.rs"]
mod errors;
#[path = "sql/handover_projection.rs"]
mod handover_projection;
#[path = "sql/history.rs"]
mod history;
#[path = "sql/identity.rs"]
mod identity;
#[path = "sql/intervision.rs"]
mod intervision;
#[path = "sql/letters.rs"]
mod letters;
#[path = "sql/logbook.rs"]
mod logbook;
#[path = "sql/meetings.rs"]
mod meetings;
#[path = "sql/methods.rs"]
mod methods;
#[path = "sql/organisation.rs"]
mod organisation;
#[path = "sql/phase.rs"]
mod phase;
#[path = "sql/process.rs"]
mod process;
#[path = "sql/process_projection.rs"]
mod process_projection;
#[path = "sql/queries.rs"]
mod queries;
#[path = "sql/register_projection.rs"]
mod register_projection;
#[path = "sql/retention.rs"]
mod retention;
#[path = "sql/roster.rs"]
mod roster;
#[path = "sql/rows.rs"]
mod rows;
#[path = "sql/work.rs"]
mod work;
#[path = "sql/work_projection.rs"]
mod work_projection;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// What PostgreSQL spells differently from SQLite.
mod dialect {
    use super::DbPool;
    use crate::{Result, Violation};

    pub const LOCK_ROW: &str = " FOR UPDATE";
    pub const NEXT_HANDOVER_ID: &str = "SELECT nextval(pg_get_serial_sequence('handovers', 'id'))";
    /// Blocks other appenders (not readers) until the batch commits, so the
    /// chain's order is the order of ids.
    /// Ids for `n` new rows of `table`, taken from its sequence.
    pub async fn reserve_ids(
        conn: &mut super::DbConnection,
        table: &str,
        n: usize,
    ) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, $2)",
        )
        .bind(table)
        .bind(n as i64)
        .fetch_all(&mut *conn)
        .await?)
    }

    pub const LOCK_PROCESSING_LOG: Option<&str> =
        Some("LOCK TABLE processing_log IN SHARE ROW EXCLUSIVE MODE");

    /// Sequence values are taken at insert and shown at commit, so a lower
    /// id can become visible after a higher one while a transaction is
    /// still under way; a reader has to look back (see the web layer's
    /// history cache). A snapshot's list of running transactions does not
    /// help: the newest running one is above its horizon, not in the list.
    pub async fn feed_settled(_: &mut super::DbConnection) -> Result<bool> {
        Ok(false)
    }

    /// PostgreSQL enforces foreign keys and checks on every statement and
    /// has no cheap whole-database check; constraints left unvalidated (added
    /// `NOT VALID` by hand) are the one thing worth reporting.
    pub async fn integrity(pool: &DbPool, out: &mut Vec<Violation>) -> Result<()> {
        let unvalidated: Vec<String> = sqlx::query_scalar(
            "SELECT conrelid::regclass::text || '.' || conname FROM pg_constraint
             WHERE NOT convalidated AND connamespace = current_schema()::regnamespace",
        )
        .fetch_all(pool)
        .await?;
        for c in unvalidated {
            out.push(Violation {
                rule: "constraint_validated",
                detail: c,
            });
        }
        Ok(())
    }
}

#[derive(Clone)]
pub struct PostgresStore {
    writer: DbPool,
    reader: DbPool,
    /// The processing log's key; see [`crate::logchain`].
    log_key: Option<crate::LogKey>,
}

impl PostgresStore {
    /// Connects to `url` (`postgres://user:password@host/database`) and
    /// applies pending migrations.
    pub async fn open(url: &str) -> Result<Self> {
        let options = PgConnectOptions::from_str(url)?;
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options)
            .await?;
        MIGRATOR.run(&pool).await.map_err(sqlx::Error::from)?;
        queries::fill_name_keys(&pool).await?;
        Ok(PostgresStore {
            writer: pool.clone(),
            reader: pool,
            log_key: None,
        })
    }
}
