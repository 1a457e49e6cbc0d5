//! The request's side of the Logboek Dataverwerkingen: every request runs in
//! its W3C trace, which the records the acts write carry; and the names of
//! the acts behind routes, for a refusal at the route's gate. The web layer
//! writes no record itself.

use axum::{extract::Request, middleware::Next, response::Response};
use zicht_acts::logbook::{in_trace, TraceContext};
pub use zicht_acts::logbook::{parse_traceparent, PROCESSING_ACTIVITY};

/// Gives every request a span in its trace, for the log records it causes.
pub async fn trace(request: Request, next: Next) -> Response {
    let header = request
        .headers()
        .get("traceparent")
        .and_then(|v| v.to_str().ok());
    in_trace(TraceContext::from_traceparent(header), next.run(request)).await
}

/// The name of the act behind a route on one client or handover, for a
/// refusal the middleware records; other routes are named by method and
/// pattern (never the path, which holds ids).
pub fn operation_name(method: &str, pattern: &str) -> String {
    let name = match (method, pattern.trim_start_matches("/api")) {
        ("GET", "/clients/{id}") | ("GET", "/klanten/{id}") => "klantkaart_lezen",
        ("POST", "/clients/{id}/handovers") | ("POST", "/klanten/{id}/overdracht") => {
            "overdracht_aanbieden"
        }
        ("GET", "/klanten/{id}/overdracht") => "overdrachtformulier_lezen",
        ("POST", "/clients/{id}/returned-handover/seen")
        | ("POST", "/klanten/{id}/overdracht/gezien") => "teruggestuurde_overdracht_gezien",
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
        ("GET", "/handovers/{id}") | ("GET", "/overdrachten/{id}") => "overdracht_lezen",
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
