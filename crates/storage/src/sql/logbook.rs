//! The Logboek Dataverwerkingen: append-only, each record chained to the one
//! before by an HMAC under the log key, data subjects pseudonymised with a
//! key derived from it (the key and the formats: `src/logchain.rs`).

use futures_util::TryStreamExt;
use sqlx::Row;

use super::BackendStore;
use super::{dialect, Db, DbConnection, DbPool, DbRow};
use time::OffsetDateTime;
use zicht_domain::{EmployeeId, OrganisationId};

use crate::{
    logchain::{self, LogFields, GENESIS},
    LogAnchor, LogKey, LoggedProcessing, NamedRef, ProcessingRecord, Result, StoreError, Violation,
};

/// Marks an organisation's chain-version-1 pseudonymisation key once it is
/// hidden under the log key.
const WRAPPED: &str = "wrapped1:";

/// Chain violations listed one by one; beyond this, one line counts the rest.
const LISTED: usize = 100;

pub(crate) use logchain::stamp;

/// Where the chain stands: the newest record, or where pruning left it when
/// it removed every record; `(0, GENESIS)` for a log never written.
async fn head<'e, E: sqlx::Executor<'e, Database = Db>>(e: E) -> Result<(i64, String)> {
    let row = sqlx::query(
        "SELECT id, hash FROM (SELECT id, hash FROM processing_log ORDER BY id DESC LIMIT 1) l
         UNION ALL
         SELECT upto_id, last_hash FROM
             (SELECT upto_id, last_hash FROM processing_log_pruned ORDER BY upto_id DESC LIMIT 1) p
         ORDER BY 1 DESC LIMIT 1",
    )
    .fetch_optional(e)
    .await?;
    match row {
        Some(r) => Ok((r.try_get(0)?, r.try_get(1)?)),
        None => Ok((0, GENESIS.to_string())),
    }
}

async fn lock(conn: &mut DbConnection) -> Result<()> {
    // The chain is one sequence: appenders take turns where the backend
    // would otherwise let them run side by side.
    if let Some(lock) = dialect::LOCK_PROCESSING_LOG {
        sqlx::query(lock).execute(&mut *conn).await?;
    }
    Ok(())
}

fn fields_of(org: OrganisationId, r: &ProcessingRecord, subject_id: String) -> LogFields {
    LogFields {
        organisation_id: org.0,
        trace_id: r.trace_id.clone(),
        span_id: r.span_id.clone(),
        parent_span_id: r.parent_span_id.clone().unwrap_or_default(),
        operation: r.operation.clone(),
        started_at: stamp(r.started_at),
        ended_at: stamp(r.ended_at),
        status: r.status.as_str().to_string(),
        actor_employee_id: r.actor.0,
        processing_activity: r.processing_activity.clone(),
        subject_id,
        subject_id_type: "BSN".to_string(),
    }
}

fn stored_fields(r: &DbRow) -> Result<LogFields> {
    let text =
        |c: &str| -> Result<String> { Ok(r.try_get::<Option<String>, _>(c)?.unwrap_or_default()) };
    Ok(LogFields {
        organisation_id: r.try_get("organisation_id")?,
        trace_id: text("trace_id")?,
        span_id: text("span_id")?,
        parent_span_id: text("parent_span_id")?,
        operation: text("operation")?,
        started_at: text("started_at")?,
        ended_at: text("ended_at")?,
        status: text("status")?,
        actor_employee_id: r.try_get("actor_employee_id")?,
        processing_activity: text("processing_activity")?,
        subject_id: text("subject_id")?,
        subject_id_type: text("subject_id_type")?,
    })
}

/// The pseudonym a BSN had in records of chain version 1, when the
/// organisation had a key of its own then.
async fn legacy_pseudonym(
    pool: &DbPool,
    key: &LogKey,
    org: OrganisationId,
    bsn: &str,
) -> Result<Option<String>> {
    let stored: Option<String> =
        sqlx::query_scalar("SELECT log_key FROM organisations WHERE id = $1")
            .bind(org.0)
            .fetch_optional(pool)
            .await?
            .ok_or(StoreError::NotFound("organisation"))?;
    let Some(stored) = stored else {
        return Ok(None);
    };
    let org_key = match stored.strip_prefix(WRAPPED) {
        Some(wrapped) => {
            let hidden = logchain::decode_hex(wrapped)
                .filter(|b| b.len() == 32)
                .ok_or_else(|| StoreError::Corrupt(format!("organisation {} log key", org.0)))?;
            let pad = key.legacy_pad(org.0);
            let plain: Vec<u8> = hidden.iter().zip(pad).map(|(h, p)| h ^ p).collect();
            logchain::encode_hex(&plain)
        }
        None => stored,
    };
    Ok(Some(logchain::v1_pseudonym(&org_key, bsn)))
}

/// On opening the database with the log key: refuses a key other than the
/// one the log was sealed with, and seals it on the first start with a key.
/// Sealing records where the chain made without a key (version 1) ends,
/// signs the prunings made before, and hides the organisations' old
/// pseudonymisation keys under the log key. It never changes a record.
pub(crate) async fn seal(pool: &DbPool, key: &LogKey, now: OffsetDateTime) -> Result<()> {
    let check = key.key_check();
    let sealed_with = "SELECT key_check FROM processing_log_seal WHERE id = 1";
    let fits = |stored: String| {
        if logchain::same(&stored, &check) {
            Ok(())
        } else {
            Err(StoreError::LogKeyMismatch)
        }
    };
    if let Some(stored) = sqlx::query_scalar::<_, String>(sealed_with)
        .fetch_optional(pool)
        .await?
    {
        return fits(stored);
    }
    let mut tx = pool.begin().await?;
    lock(&mut tx).await?;
    if let Some(stored) = sqlx::query_scalar::<_, String>(sealed_with)
        .fetch_optional(&mut *tx)
        .await?
    {
        return fits(stored);
    }
    let (legacy_upto, legacy_last) = head(&mut *tx).await?;
    for p in sqlx::query(
        "SELECT upto_id, last_hash, pruned_at FROM processing_log_pruned WHERE mac IS NULL",
    )
    .fetch_all(&mut *tx)
    .await?
    {
        let upto: i64 = p.try_get("upto_id")?;
        let mac = key.prune_mac(
            upto,
            &p.try_get::<String, _>("last_hash")?,
            &p.try_get::<String, _>("pruned_at")?,
        );
        sqlx::query("UPDATE processing_log_pruned SET mac = $1 WHERE upto_id = $2")
            .bind(mac)
            .bind(upto)
            .execute(&mut *tx)
            .await?;
    }
    for o in sqlx::query(
        "SELECT id, log_key FROM organisations WHERE log_key IS NOT NULL AND log_key NOT LIKE 'wrapped1:%'",
    )
    .fetch_all(&mut *tx)
    .await?
    {
        let id: i64 = o.try_get("id")?;
        let plain = logchain::decode_hex(&o.try_get::<String, _>("log_key")?)
            .filter(|b| b.len() == 32)
            .ok_or_else(|| StoreError::Corrupt(format!("organisation {id} log key")))?;
        let hidden: Vec<u8> = plain.iter().zip(key.legacy_pad(id)).map(|(p, k)| p ^ k).collect();
        sqlx::query("UPDATE organisations SET log_key = $1 WHERE id = $2")
            .bind(format!("{WRAPPED}{}", logchain::encode_hex(&hidden)))
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    let sealed_at = stamp(now);
    sqlx::query(
        "INSERT INTO processing_log_seal (id, key_check, legacy_upto_id, legacy_last_hash, sealed_at, mac)
         VALUES (1, $1, $2, $3, $4, $5)",
    )
    .bind(&check)
    .bind(legacy_upto)
    .bind(&legacy_last)
    .bind(&sealed_at)
    .bind(key.seal_mac(&check, legacy_upto, &legacy_last, &sealed_at))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Recomputes the chain; any edited, inserted or removed record breaks it,
/// and without the key nobody can make it whole again. Removing the newest
/// records leaves a whole chain: that takes an anchor ([`check_anchors`]).
pub(crate) async fn verify(
    pool: &DbPool,
    key: Option<&LogKey>,
    out: &mut Vec<Violation>,
) -> Result<()> {
    let any_record = sqlx::query("SELECT id FROM processing_log LIMIT 1")
        .fetch_optional(pool)
        .await?
        .is_some();
    let pruned = sqlx::query(
        "SELECT upto_id, last_hash, pruned_at, mac FROM processing_log_pruned ORDER BY upto_id DESC LIMIT 1",
    )
    .fetch_optional(pool)
    .await?;
    let seal = sqlx::query(
        "SELECT key_check, legacy_upto_id, legacy_last_hash, sealed_at, mac FROM processing_log_seal WHERE id = 1",
    )
    .fetch_optional(pool)
    .await?;
    let Some(key) = key else {
        if any_record || pruned.is_some() || seal.is_some() {
            out.push(Violation {
                rule: "processing_log_unverified",
                detail: "no log key given (--log-key-file or ZICHT_LOG_KEY): the MACs of the \
                         processing log cannot be verified"
                    .into(),
            });
        }
        return Ok(());
    };

    let mut legacy_end: Option<(i64, String)> = None;
    match &seal {
        Some(s) => {
            let upto: i64 = s.try_get("legacy_upto_id")?;
            let last: String = s.try_get("legacy_last_hash")?;
            let expected = key.seal_mac(
                &s.try_get::<String, _>("key_check")?,
                upto,
                &last,
                &s.try_get::<String, _>("sealed_at")?,
            );
            if !logchain::same(&s.try_get::<String, _>("mac")?, &expected) {
                out.push(Violation {
                    rule: "processing_log_seal",
                    detail: "the seal of the records chained before the log had a key does not fit the key".into(),
                });
            }
            legacy_end = Some((upto, last));
        }
        None if any_record || pruned.is_some() => out.push(Violation {
            rule: "processing_log_seal",
            detail: "missing: the log was written without being sealed with its key, or the seal was removed".into(),
        }),
        None => {}
    }
    let legacy_upto = legacy_end.as_ref().map_or(0, |(id, _)| *id);

    // After pruning, the chain continues from the last removed record.
    let (mut prev, start) = match &pruned {
        Some(p) => {
            let upto: i64 = p.try_get("upto_id")?;
            let last: String = p.try_get("last_hash")?;
            let expected = key.prune_mac(upto, &last, &p.try_get::<String, _>("pruned_at")?);
            let signed = p
                .try_get::<Option<String>, _>("mac")?
                .is_some_and(|m| logchain::same(&m, &expected));
            if !signed {
                out.push(Violation {
                    rule: "processing_log_pruning",
                    detail: format!(
                        "records up to {upto} were removed without a pruning signed with the log key"
                    ),
                });
            }
            (last, upto)
        }
        None => (GENESIS.to_string(), 0),
    };

    let chain = key.chain();
    let mut broken = 0usize;
    let mut legacy_end_seen = false;
    let mut rows = sqlx::query("SELECT * FROM processing_log ORDER BY id").fetch(pool);
    while let Some(r) = rows.try_next().await? {
        let id: i64 = r.try_get("id")?;
        let fields = stored_fields(&r)?;
        let stored_prev: String = r.try_get("prev_hash")?;
        let stored: String = r.try_get("hash")?;
        let expected = if id <= legacy_upto {
            fields.v1_hash(&stored_prev)
        } else {
            chain.mac(id, &fields, &stored_prev)
        };
        if stored_prev != prev || !logchain::same(&stored, &expected) {
            broken += 1;
            if broken <= LISTED {
                out.push(Violation {
                    rule: "processing_log_chain",
                    detail: format!("record {id}"),
                });
            }
        }
        if let Some((upto, last)) = &legacy_end {
            if id == *upto {
                legacy_end_seen = true;
                if stored != *last {
                    out.push(Violation {
                        rule: "processing_log_seal",
                        detail: format!("record {id}, the last one chained before the log had a key, differs from the seal"),
                    });
                }
            }
        }
        prev = stored;
    }
    if broken > LISTED {
        out.push(Violation {
            rule: "processing_log_chain",
            detail: format!("and {} more records", broken - LISTED),
        });
    }
    if legacy_upto > start && !legacy_end_seen {
        out.push(Violation {
            rule: "processing_log_seal",
            detail: format!(
                "record {legacy_upto}, the last one chained before the log had a key, is missing"
            ),
        });
    }
    Ok(())
}

#[async_trait::async_trait]
impl crate::LogbookStore for BackendStore {
    async fn log_processing(
        &self,
        org: OrganisationId,
        records: &[ProcessingRecord],
    ) -> Result<()> {
        let pool = &self.writer;
        let key = self.log_key.as_ref();
        if records.is_empty() {
            return Ok(());
        }
        let key = key.ok_or(StoreError::LogKeyMissing)?;
        let chain = key.chain();
        let pseudonyms = key.pseudonymiser(org.0);
        let mut tx = pool.begin().await?;
        lock(&mut tx).await?;
        let (head_id, mut prev) = head(&mut *tx).await?;
        // The MAC covers the id, so ids are chosen before the insert: after the
        // head, also when pruning removed every record (SQLite would hand out
        // the pruned ids again).
        let mut ids = dialect::reserve_ids(&mut tx, "processing_log", records.len()).await?;
        ids.sort_unstable();
        let shift = ids.first().map_or(0, |first| (head_id + 1 - first).max(0));
        for (r, id) in records.iter().zip(ids) {
            let id = id + shift;
            let f = fields_of(org, r, pseudonyms.pseudonym(&r.subject_bsn));
            let mac = chain.mac(id, &f, &prev);
            sqlx::query(
                "INSERT INTO processing_log (id, organisation_id, trace_id, span_id, parent_span_id, operation,
                     started_at, ended_at, status, actor_employee_id, processing_activity, subject_id,
                     subject_id_type, prev_hash, hash)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
            )
            .bind(id)
            .bind(org.0)
            .bind(&f.trace_id)
            .bind(&f.span_id)
            .bind(&r.parent_span_id)
            .bind(&f.operation)
            .bind(&f.started_at)
            .bind(&f.ended_at)
            .bind(&f.status)
            .bind(f.actor_employee_id)
            .bind(&f.processing_activity)
            .bind(&f.subject_id)
            .bind(&f.subject_id_type)
            .bind(&prev)
            .bind(&mac)
            .execute(&mut *tx)
            .await?;
            prev = mac;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn processing_log_for(
        &self,
        org: OrganisationId,
        bsn: &str,
        from: OffsetDateTime,
        to: OffsetDateTime,
    ) -> Result<Vec<LoggedProcessing>> {
        let reader = &self.reader;
        let key = self.log_key.as_ref();
        let key = key.ok_or(StoreError::LogKeyMissing)?;
        let current = key.pseudonymiser(org.0).pseudonym(bsn);
        let legacy = legacy_pseudonym(reader, key, org, bsn)
            .await?
            .unwrap_or_else(|| current.clone());
        let rows = sqlx::query(
            "SELECT l.*, e.name AS actor_name FROM processing_log l JOIN employees e ON e.id = l.actor_employee_id
             WHERE l.organisation_id = $1 AND l.subject_id IN ($2, $3) AND l.started_at >= $4 AND l.started_at <= $5
             ORDER BY l.id",
        )
        .bind(org.0)
        .bind(&current)
        .bind(&legacy)
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

    /// The head of the log, to be kept elsewhere.
    async fn processing_log_anchor(&self, now: OffsetDateTime) -> Result<LogAnchor> {
        let pool = &self.reader;
        let (seq, mac) = head(pool).await?;
        Ok(LogAnchor {
            format: LogAnchor::FORMAT.to_string(),
            seq,
            mac,
            taken_at: stamp(now),
        })
    }

    /// Compares anchors taken before with the log as it is: the anchored record
    /// must still be there with the same MAC, unless a pruning removed it.
    /// Needs no key; whether the log from there on is whole is `verify`'s part.
    async fn check_processing_log_anchors(&self, anchors: &[LogAnchor]) -> Result<Vec<Violation>> {
        let pool = &self.reader;
        let mut out = Vec::new();
        let (head_id, _) = head(pool).await?;
        let pruned_upto: i64 =
            sqlx::query_scalar::<_, Option<i64>>("SELECT max(upto_id) FROM processing_log_pruned")
                .fetch_one(pool)
                .await?
                .unwrap_or(0);
        for a in anchors {
            if a.seq == 0 {
                continue;
            }
            let stored: Option<String> =
                match sqlx::query_scalar("SELECT hash FROM processing_log WHERE id = $1")
                    .bind(a.seq)
                    .fetch_optional(pool)
                    .await?
                {
                    Some(h) => Some(h),
                    None => {
                        sqlx::query_scalar(
                            "SELECT last_hash FROM processing_log_pruned WHERE upto_id = $1",
                        )
                        .bind(a.seq)
                        .fetch_optional(pool)
                        .await?
                    }
                };
            match stored {
                Some(h) if logchain::same(&h, &a.mac) => {}
                Some(_) => out.push(Violation {
                    rule: "processing_log_anchor",
                    detail: format!(
                        "record {} differs from the anchor taken at {}: the log was rewritten",
                        a.seq, a.taken_at
                    ),
                }),
                // Removed by a pruning (whose signature `verify` checks).
                None if a.seq < pruned_upto => {}
                None => out.push(Violation {
                    rule: "processing_log_anchor",
                    detail: format!(
                        "record {} of the anchor taken at {} no longer exists (the log now ends at {head_id}): \
                         records were removed from the log",
                        a.seq, a.taken_at
                    ),
                }),
            }
        }
        Ok(out)
    }
}
