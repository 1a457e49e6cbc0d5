//! Writing the Logboek Dataverwerkingen: every read and change of personal
//! data, one record per action per data subject, with the W3C Trace Context
//! of the request (or of the command) that caused it.

use std::{
    collections::BTreeMap,
    future::Future,
    sync::{Arc, OnceLock},
};

use rand::RngCore;
use time::OffsetDateTime;
use tokio::sync::{mpsc, oneshot};
use zicht_domain::OrganisationId;
use zicht_storage::{LogStatus, ProcessingRecord, Store, StoreError};

use crate::{Acts, Caller};

/// The processing activity in the organisation's register of processing
/// activities (AVG art. 30) that Zicht's work falls under.
pub const PROCESSING_ACTIVITY: &str = "zicht:re-integratie-participatiewet";

#[derive(Debug, Clone)]
pub struct TraceContext {
    pub trace_id: String,
    pub span_id: String,
    pub parent_span_id: Option<String>,
    pub started_at: OffsetDateTime,
}

impl TraceContext {
    /// A span of its own, in the trace a `traceparent` header names (a
    /// missing or malformed one starts a new trace).
    pub fn from_traceparent(header: Option<&str>) -> TraceContext {
        let (trace_id, parent_span_id) = parse_traceparent(header);
        TraceContext {
            trace_id,
            span_id: random_hex(8),
            parent_span_id,
            started_at: OffsetDateTime::now_utc(),
        }
    }
}

tokio::task_local! {
    static TRACE: TraceContext;
}

/// Runs `work` (a request) in `trace`: the records it causes carry it.
pub async fn in_trace<F: Future>(trace: TraceContext, work: F) -> F::Output {
    TRACE.scope(trace, work).await
}

fn random_hex(bytes: usize) -> String {
    let mut b = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn is_hex(s: &str, len: usize) -> bool {
    s.len() == len
        && s.bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        && s.bytes().any(|b| b != b'0')
}

/// Reads `traceparent` (`00-<trace id>-<parent span id>-<flags>`); a missing
/// or malformed one starts a new trace.
pub fn parse_traceparent(header: Option<&str>) -> (String, Option<String>) {
    if let Some(h) = header {
        let parts: Vec<&str> = h.trim().split('-').collect();
        if parts.len() == 4 && parts[0].len() == 2 && is_hex(parts[1], 32) && is_hex(parts[2], 16) {
            return (parts[1].to_string(), Some(parts[2].to_string()));
        }
    }
    (random_hex(16), None)
}

impl Acts {
    /// Logs one action on the personal data of each subject (by BSN), with
    /// what came of it, and waits until the records are committed.
    pub async fn record<'a>(
        &self,
        who: &Caller,
        operation: &str,
        status: LogStatus,
        subjects: impl IntoIterator<Item = &'a str>,
    ) -> crate::Result<()> {
        let trace = TRACE
            .try_with(Clone::clone)
            .unwrap_or_else(|_| TraceContext::from_traceparent(None));
        let ended_at = OffsetDateTime::now_utc();
        let records: Vec<ProcessingRecord> = subjects
            .into_iter()
            .map(|bsn| ProcessingRecord {
                trace_id: trace.trace_id.clone(),
                span_id: trace.span_id.clone(),
                parent_span_id: trace.parent_span_id.clone(),
                operation: operation.to_string(),
                started_at: trace.started_at,
                ended_at,
                status,
                actor: who.employee.id,
                processing_activity: PROCESSING_ACTIVITY.to_string(),
                subject_bsn: bsn.to_string(),
            })
            .collect();
        self.log.append(who.organisation_id, records).await
    }
}

/// Appends processing-log records in batches (group commit): each act
/// queues its records and waits until the transaction holding them has
/// committed, so nothing is answered unlogged, while one transaction (and one
/// turn of SQLite's single writer) serves every act that queued meanwhile.
#[derive(Clone)]
pub(crate) struct LogWriter {
    store: Arc<dyn Store>,
    queue: Arc<OnceLock<mpsc::UnboundedSender<Queued>>>,
}

struct Queued {
    organisation: OrganisationId,
    records: Vec<ProcessingRecord>,
    done: oneshot::Sender<Result<(), String>>,
}

/// Records per transaction at most, so one batch never holds the writer long.
const MAX_BATCH_RECORDS: usize = 2048;

impl LogWriter {
    pub(crate) fn new(store: Arc<dyn Store>) -> Self {
        LogWriter {
            store,
            queue: Arc::new(OnceLock::new()),
        }
    }

    async fn append(
        &self,
        organisation: OrganisationId,
        records: Vec<ProcessingRecord>,
    ) -> crate::Result<()> {
        if records.is_empty() {
            return Ok(());
        }
        // Started on first use, inside the runtime that serves the acts.
        let queue = self.queue.get_or_init(|| {
            let (tx, rx) = mpsc::unbounded_channel();
            tokio::spawn(write_batches(self.store.clone(), rx));
            tx
        });
        let (done, committed) = oneshot::channel();
        let queued = Queued {
            organisation,
            records,
            done,
        };
        let failed = |e: String| StoreError::Corrupt(format!("processing log not written: {e}"));
        queue
            .send(queued)
            .map_err(|_| failed("log writer stopped".into()))?;
        committed
            .await
            .map_err(|_| failed("log writer stopped".into()))?
            .map_err(failed)
    }
}

async fn write_batches(store: Arc<dyn Store>, mut rx: mpsc::UnboundedReceiver<Queued>) {
    while let Some(first) = rx.recv().await {
        let mut batch = vec![first];
        let mut size = batch[0].records.len();
        while size < MAX_BATCH_RECORDS {
            match rx.try_recv() {
                Ok(q) => {
                    size += q.records.len();
                    batch.push(q);
                }
                Err(_) => break,
            }
        }
        // One transaction per organisation in the batch (usually one).
        let mut by_org: BTreeMap<i64, Vec<Queued>> = BTreeMap::new();
        for q in batch {
            by_org.entry(q.organisation.0).or_default().push(q);
        }
        for (org, waiting) in by_org {
            let records: Vec<ProcessingRecord> = waiting
                .iter()
                .flat_map(|q| q.records.iter().cloned())
                .collect();
            let result = store
                .log_processing(OrganisationId(org), &records)
                .await
                .map_err(|e| e.to_string());
            for q in waiting {
                // An act that gave up waiting no longer needs the answer.
                let _ = q.done.send(result.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traceparent_is_taken_when_valid() {
        let (t, p) = parse_traceparent(Some(
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        ));
        assert_eq!(t, "4bf92f3577b34da6a3ce929d0e0e4736");
        assert_eq!(p.as_deref(), Some("00f067aa0ba902b7"));
        for bad in [
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
            "garbage",
        ] {
            let (t, p) = parse_traceparent(Some(bad));
            assert_eq!(t.len(), 32);
            assert_ne!(t, "00000000000000000000000000000000");
            assert_eq!(p, None, "{bad}");
        }
    }
}
