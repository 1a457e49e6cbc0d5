//! The Logboek Dataverwerkingen on SQLite: append-only, hash-chained, with
//! data subjects pseudonymised by a keyed hash per organisation.

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::Row;

use super::{dialect, DbConnection, DbPool};
use time::{macros::format_description, OffsetDateTime, UtcOffset};
use zicht_domain::{EmployeeId, OrganisationId};

use crate::{LoggedProcessing, NamedRef, ProcessingRecord, Result, StoreError, Violation};

/// The hash before the first record.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Fixed-width UTC timestamps, so text order is time order and the hashed
/// text is exactly what is stored.
pub(crate) fn stamp(t: OffsetDateTime) -> String {
    t.to_offset(UtcOffset::UTC)
        .format(format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z"
        ))
        .unwrap_or_default()
}

async fn organisation_key(conn: &mut DbConnection, org: OrganisationId) -> Result<String> {
    let key: Option<String> = sqlx::query_scalar("SELECT log_key FROM organisations WHERE id = $1")
        .bind(org.0)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound("organisation"))?;
    if let Some(k) = key {
        return Ok(k);
    }
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let k: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    // Whoever sets the key first wins; everyone uses the stored one.
    Ok(sqlx::query_scalar(
        "UPDATE organisations SET log_key = coalesce(log_key, $1) WHERE id = $2 RETURNING log_key",
    )
    .bind(&k)
    .bind(org.0)
    .fetch_one(&mut *conn)
    .await?)
}

fn pseudonym(key: &str, bsn: &str) -> String {
    let mut mac = match Hmac::<Sha256>::new_from_slice(key.as_bytes()) {
        Ok(m) => m,
        Err(_) => return String::new(),
    };
    mac.update(bsn.as_bytes());
    format!("{:x}", mac.finalize().into_bytes())
}

/// The text a record's hash covers: every field, and the previous hash.
fn chained_hash(fields: &[&str]) -> String {
    format!("{:x}", Sha256::digest(fields.join("\u{1f}").as_bytes()))
}

pub(crate) async fn append(
    pool: &DbPool,
    org: OrganisationId,
    records: &[ProcessingRecord],
) -> Result<()> {
    if records.is_empty() {
        return Ok(());
    }
    let mut tx = pool.begin().await?;
    let key = organisation_key(&mut tx, org).await?;
    // The chain is one sequence: appenders take turns where the backend
    // would otherwise let them run side by side.
    if let Some(lock) = dialect::LOCK_PROCESSING_LOG {
        sqlx::query(lock).execute(&mut *tx).await?;
    }
    let mut prev: String =
        sqlx::query_scalar("SELECT hash FROM processing_log ORDER BY id DESC LIMIT 1")
            .fetch_optional(&mut *tx)
            .await?
            .unwrap_or_else(|| GENESIS.to_string());
    for r in records {
        let org_text = org.0.to_string();
        let actor = r.actor.0.to_string();
        let (started, ended) = (stamp(r.started_at), stamp(r.ended_at));
        let status = if r.ok { "ok" } else { "error" };
        let subject = pseudonym(&key, &r.subject_bsn);
        let parent = r.parent_span_id.clone().unwrap_or_default();
        let hash = chained_hash(&[
            &org_text,
            &r.trace_id,
            &r.span_id,
            &parent,
            &r.operation,
            &started,
            &ended,
            status,
            &actor,
            &r.processing_activity,
            &subject,
            "BSN",
            &prev,
        ]);
        sqlx::query(
            "INSERT INTO processing_log (organisation_id, trace_id, span_id, parent_span_id, operation, started_at,
                 ended_at, status, actor_employee_id, processing_activity, subject_id, subject_id_type, prev_hash, hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'BSN', $12, $13)",
        )
        .bind(org.0)
        .bind(&r.trace_id)
        .bind(&r.span_id)
        .bind(&r.parent_span_id)
        .bind(&r.operation)
        .bind(&started)
        .bind(&ended)
        .bind(status)
        .bind(r.actor.0)
        .bind(&r.processing_activity)
        .bind(&subject)
        .bind(&prev)
        .bind(&hash)
        .execute(&mut *tx)
        .await?;
        prev = hash;
    }
    tx.commit().await?;
    Ok(())
}

pub(crate) async fn for_subject(
    writer: &DbPool,
    reader: &DbPool,
    org: OrganisationId,
    bsn: &str,
    from: OffsetDateTime,
    to: OffsetDateTime,
) -> Result<Vec<LoggedProcessing>> {
    let key = {
        let mut conn = writer.acquire().await?;
        organisation_key(&mut conn, org).await?
    };
    let rows = sqlx::query(
        "SELECT l.*, e.name AS actor_name FROM processing_log l JOIN employees e ON e.id = l.actor_employee_id
         WHERE l.organisation_id = $1 AND l.subject_id = $2 AND l.started_at >= $3 AND l.started_at <= $4
         ORDER BY l.id",
    )
    .bind(org.0)
    .bind(pseudonym(&key, bsn))
    .bind(stamp(from))
    .bind(stamp(to))
    .fetch_all(reader)
    .await?;
    rows.iter()
        .map(|r| {
            let started: String = r.try_get("started_at")?;
            let ended: String = r.try_get("ended_at")?;
            let parse = |s: &str| {
                OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
                    .map_err(|e| StoreError::Corrupt(format!("log time {s}: {e}")))
            };
            Ok(LoggedProcessing {
                id: r.try_get("id")?,
                trace_id: r.try_get("trace_id")?,
                span_id: r.try_get("span_id")?,
                operation: r.try_get("operation")?,
                started_at: parse(&started)?,
                ended_at: parse(&ended)?,
                status: r.try_get("status")?,
                actor: NamedRef {
                    id: EmployeeId(r.try_get("actor_employee_id")?),
                    name: r.try_get("actor_name")?,
                },
                processing_activity: r.try_get("processing_activity")?,
                subject_id: r.try_get("subject_id")?,
                subject_id_type: r.try_get("subject_id_type")?,
            })
        })
        .collect()
}

/// Recomputes the chain; any edited, inserted or removed record breaks it.
pub(crate) async fn verify(pool: &DbPool, out: &mut Vec<Violation>) -> Result<()> {
    use futures_util::TryStreamExt;
    // After pruning, the chain continues from the last removed record.
    let mut prev: String = sqlx::query_scalar(
        "SELECT last_hash FROM processing_log_pruned ORDER BY upto_id DESC LIMIT 1",
    )
    .fetch_optional(pool)
    .await?
    .unwrap_or_else(|| GENESIS.to_string());
    let mut rows = sqlx::query("SELECT * FROM processing_log ORDER BY id").fetch(pool);
    while let Some(r) = rows.try_next().await? {
        let id: i64 = r.try_get("id")?;
        let text = |c: &str| -> Result<String> {
            Ok(r.try_get::<Option<String>, _>(c)?.unwrap_or_default())
        };
        let org: i64 = r.try_get("organisation_id")?;
        let actor: i64 = r.try_get("actor_employee_id")?;
        let stored_prev = text("prev_hash")?;
        let stored_hash = text("hash")?;
        let expected = chained_hash(&[
            &org.to_string(),
            &text("trace_id")?,
            &text("span_id")?,
            &text("parent_span_id")?,
            &text("operation")?,
            &text("started_at")?,
            &text("ended_at")?,
            &text("status")?,
            &actor.to_string(),
            &text("processing_activity")?,
            &text("subject_id")?,
            &text("subject_id_type")?,
            &stored_prev,
        ]);
        if stored_prev != prev || stored_hash != expected {
            out.push(Violation {
                rule: "processing_log_chain",
                detail: format!("record {id}"),
            });
        }
        prev = stored_hash;
    }
    Ok(())
}
