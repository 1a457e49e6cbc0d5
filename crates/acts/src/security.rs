//! Security events (BIO 12.4.1): refused reads of a person's file, failed and
//! throttled sign-ins, and forged or expired forms, each one structured log
//! line under the target `zicht::security`, so a SIEM can pick them out.
//! Lines name the account and address, never a client's data.

use std::net::IpAddr;

/// The log target every security event is written under.
pub const TARGET: &str = "zicht::security";

/// What kind of event; the `event` field of the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// A signed-in employee was refused a person's file (403).
    AccessDenied,
    /// A wrong password or an unknown account.
    SignInFailed,
    /// Sign-in refused because of too many failures.
    SignInThrottled,
    /// A change without a valid CSRF token, or from a foreign origin.
    CsrfRejected,
}

impl Event {
    pub fn as_str(self) -> &'static str {
        match self {
            Event::AccessDenied => "access_denied",
            Event::SignInFailed => "sign_in_failed",
            Event::SignInThrottled => "sign_in_throttled",
            Event::CsrfRejected => "csrf_rejected",
        }
    }
}

/// Logs a refused sign-in. `account` is the address typed in; it is logged
/// only when it names an account, so a password typed into the wrong field
/// never lands in the log.
pub fn sign_in(event: Event, account: Option<&str>, address: Option<IpAddr>) {
    let account = account.unwrap_or("(onbekend account)");
    let address = address.map_or_else(|| "-".to_string(), |a| a.to_string());
    tracing::warn!(target: TARGET, event = event.as_str(), %account, %address, "security event");
}

/// Logs a refused request of a signed-in employee: the route pattern (never
/// the path, which holds ids) and who asked.
pub fn refused(event: Event, employee: Option<i64>, method: &str, route: &str) {
    let employee = employee.map_or_else(|| "-".to_string(), |e| e.to_string());
    tracing::warn!(target: TARGET, event = event.as_str(), %employee, %method, %route, "security event");
}

/// Logs an act refused to a signed-in employee: the act's name (never a
/// path or an id) and who asked.
pub fn refused_act(who: &crate::Caller, operation: &str) {
    tracing::warn!(
        target: TARGET,
        event = Event::AccessDenied.as_str(),
        employee = %who.employee.id.0,
        act = %operation,
        "security event"
    );
}
