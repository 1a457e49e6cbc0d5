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
        queries::fill_name_keys(&writer).await?;
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

#[cfg(test)]
mod tests {
    //! SQLite names no index when one refuses a statement, so the race guards
    //! of `sql/errors.rs` decide by the error's kind and code; these tests
    //! hold the migrations to what makes that sound.

    #![allow(clippy::unwrap_used)]

    use sqlx::Row;
    use time::{macros::date, OffsetDateTime};
    use zicht_domain::{
        client::{NewClient, Owner, Phase},
        handover::Actor,
        organisation::{OrganisationSettings, TeamKind},
        Bsn,
    };

    use super::{
        errors::{RaceGuard, ONE_OPEN_CLIENT_PER_BSN, ONE_PENDING_HANDOVER},
        SqliteStore,
    };
    use crate::{prelude::*, Ctx, StoreError};

    const GUARDS: [RaceGuard; 2] = [ONE_PENDING_HANDOVER, ONE_OPEN_CLIENT_PER_BSN];

    async fn store() -> (SqliteStore, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("zicht.db").display());
        (SqliteStore::open(&url).await.unwrap(), dir)
    }

    fn is_rule(err: &StoreError, code: &str) -> bool {
        matches!(err, StoreError::Rule(e) if e.code == code)
    }

    /// A guarded table's primary key is `id`, which SQLite checks first, and
    /// every other unique index on it contains `id`: so the one unique index
    /// that can refuse a statement on its own is the guarded one.
    #[tokio::test]
    async fn a_guarded_index_is_the_only_unique_index_that_can_fail_alone() {
        let (store, _dir) = store().await;
        for guard in GUARDS {
            let table: String = sqlx::query_scalar(
                "SELECT tbl_name FROM sqlite_master WHERE type = 'index' AND name = $1",
            )
            .bind(guard.index)
            .fetch_one(&store.writer)
            .await
            .unwrap();
            let key: Vec<String> = sqlx::query(&format!("PRAGMA table_info('{table}')"))
                .fetch_all(&store.writer)
                .await
                .unwrap()
                .iter()
                .filter(|c| c.get::<i64, _>("pk") > 0)
                .map(|c| c.get("name"))
                .collect();
            assert_eq!(key, ["id"], "primary key of {table}");
            let indexes = sqlx::query(&format!("PRAGMA index_list('{table}')"))
                .fetch_all(&store.writer)
                .await
                .unwrap();
            let mut guarded = false;
            for index in indexes {
                let name: String = index.get("name");
                if index.get::<i64, _>("unique") != 1 {
                    continue;
                }
                if name == guard.index {
                    guarded = true;
                    continue;
                }
                let columns: Vec<Option<String>> =
                    sqlx::query(&format!("PRAGMA index_info('{name}')"))
                        .fetch_all(&store.writer)
                        .await
                        .unwrap()
                        .iter()
                        .map(|c| c.get("name"))
                        .collect();
                assert!(
                    columns.iter().any(|c| c.as_deref() == Some("id")),
                    "unique index {name} on {table} {columns:?} can fail without the primary key; \
                     SQLite would report it like {}, which no longer tells them apart",
                    guard.index
                );
            }
            assert!(guarded, "{} is a unique index on {table}", guard.index);
        }
    }

    #[tokio::test]
    async fn the_guarded_index_means_its_rule_and_the_primary_key_does_not() {
        let (store, _dir) = store().await;
        let org = store
            .create_organisation("Test", &OrganisationSettings::default())
            .await
            .unwrap();
        let team = store
            .create_team(org, "Werk", TeamKind::Werk)
            .await
            .unwrap();
        let employee = store
            .create_employee(org, team, "Karin", "karin@x.example", 36)
            .await
            .unwrap();
        let ctx = Ctx {
            organisation_id: org,
            actor: Actor {
                employee_id: employee,
                team_id: team,
            },
            at: OffsetDateTime::now_utc(),
        };
        let client = NewClient {
            bsn: Bsn::parse("111222333").unwrap(),
            name: "Klant".into(),
            birth_date: Some(date!(1990 - 01 - 01)),
            particulars: String::new(),
            phase: Phase::Intake,
        };
        let owner = Owner {
            team_id: team,
            employee_id: employee,
        };
        store
            .register_client(&ctx, client.clone(), owner)
            .await
            .unwrap();
        // Nothing but the index refuses a second open client with the BSN.
        let again = store.register_client(&ctx, client, owner).await;
        assert!(is_rule(&again.unwrap_err(), "client_exists"));

        // The same, bypassing the store; and a copy that repeats the id.
        let copy = |id: &str| {
            format!(
                "INSERT INTO clients (id, organisation_id, bsn, name, birth_date, particulars, phase,
                     status, owner_team_id, owner_employee_id, registered_at, version)
                 SELECT {id}, organisation_id, bsn, name, birth_date, particulars, phase,
                     status, owner_team_id, owner_employee_id, registered_at, version FROM clients"
            )
        };
        let bsn = sqlx::query(&copy("id + 100"))
            .execute(&store.writer)
            .await
            .unwrap_err();
        assert!(is_rule(
            &ONE_OPEN_CLIENT_PER_BSN.refused(bsn),
            "client_exists"
        ));
        let id = sqlx::query(&copy("id"))
            .execute(&store.writer)
            .await
            .unwrap_err();
        assert!(matches!(
            ONE_OPEN_CLIENT_PER_BSN.refused(id),
            StoreError::Database(_)
        ));
    }
}
