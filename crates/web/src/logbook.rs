//! Writing the Logboek Dataverwerkingen: every read and change of personal
//! data, one record per action per data subject, with the W3C Trace Context
//! of the request.

use axum::{extract::Request, middleware::Next, response::Response};
use rand::RngCore;
use time::OffsetDateTime;
use zicht_storage::ProcessingRecord;

use crate::{actor::Acting, AppState, WebResult};

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

tokio::task_local! {
    static TRACE: TraceContext;
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

/// Gives every request a span in its trace, for the log records it causes.
pub async fn trace(request: Request, next: Next) -> Response {
    let header = request
        .headers()
        .get("traceparent")
        .and_then(|v| v.to_str().ok());
    let (trace_id, parent_span_id) = parse_traceparent(header);
    let ctx = TraceContext {
        trace_id,
        span_id: random_hex(8),
        parent_span_id,
        started_at: OffsetDateTime::now_utc(),
    };
    TRACE.scope(ctx, next.run(request)).await
}

/// Logs one successful action on the personal data of each subject (by BSN).
pub async fn record<'a>(
    state: &AppState,
    acting: &Acting,
    operation: &str,
    subjects: impl IntoIterator<Item = &'a str>,
) -> WebResult<()> {
    record_outcome(state, acting, operation, true, subjects).await
}

/// Logs one action, successful or not, per subject.
pub async fn record_outcome<'a>(
    state: &AppState,
    acting: &Acting,
    operation: &str,
    ok: bool,
    subjects: impl IntoIterator<Item = &'a str>,
) -> WebResult<()> {
    let trace = TRACE
        .try_with(Clone::clone)
        .unwrap_or_else(|_| TraceContext {
            trace_id: random_hex(16),
            span_id: random_hex(8),
            parent_span_id: None,
            started_at: OffsetDateTime::now_utc(),
        });
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
            ok,
            actor: acting.employee.id,
            processing_activity: PROCESSING_ACTIVITY.to_string(),
            subject_bsn: bsn.to_string(),
        })
        .collect();
    Ok(state
        .store
        .log_processing(acting.organisation_id, &records)
        .await?)
}

/// The action name for a route that works on one client or handover.
pub fn operation_name(method: &str, pattern: &str) -> String {
    let name = match (method, pattern.trim_start_matches("/api")) {
        ("GET", "/clients/{id}") | ("GET", "/klanten/{id}") => "klantkaart_lezen",
        ("POST", "/clients/{id}/handovers") | ("POST", "/klanten/{id}/overdracht") => {
            "overdracht_aanbieden"
        }
        ("GET", "/klanten/{id}/overdracht") => "overdrachtformulier_lezen",
        ("POST", "/clients/{id}/contacts") | ("POST", "/klanten/{id}/contact") => {
            "contact_vastleggen"
        }
        ("GET", "/klanten/{id}/contact") => "contactformulier_lezen",
        ("POST", "/clients/{id}/assessments") | ("POST", "/klanten/{id}/klantinzet") => {
            "klantinzet_vastleggen"
        }
        ("GET", "/klanten/{id}/klantinzet") => "klantinzetformulier_lezen",
        ("POST", "/clients/{id}/phase") | ("POST", "/klanten/{id}/fase") => "fase_wijzigen",
        ("POST", "/clients/{id}/close") | ("POST", "/klanten/{id}/afsluiten") => "klant_afsluiten",
        ("GET", "/handovers/{id}") => "overdracht_lezen",
        ("GET", "/clients/{id}/processing-log") => "verwerkingenlog_lezen",
        ("POST", "/handovers/{id}/accept") | ("POST", "/overdrachten/{id}/accepteren") => {
            "overdracht_accepteren"
        }
        ("POST", "/handovers/{id}/return") | ("POST", "/overdrachten/{id}/terugsturen") => {
            "overdracht_terugsturen"
        }
        ("POST", "/handovers/{id}/withdraw") | ("POST", "/overdrachten/{id}/intrekken") => {
            "overdracht_intrekken"
        }
        _ => return format!("{method} {pattern}"),
    };
    name.to_string()
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
