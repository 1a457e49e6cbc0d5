//! The structured note that travels with a handover. Its own module, so the
//! events ([`crate::event`]) and the handover rules ([`crate::handover`],
//! which re-exports it) can both use it without importing each other.

use serde::{Deserialize, Serialize};

use crate::{error::DomainError, text};

/// The structured note that travels with a handover, instead of a post-it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoverNote {
    /// Why the client moves to the other team.
    pub reason: String,
    /// What has been done with the client so far.
    pub work_done: String,
    /// What is particular about this client.
    pub particulars: String,
    /// What has been agreed with the client.
    pub agreements: String,
}

impl HandoverNote {
    pub fn parse(
        reason: &str,
        work_done: &str,
        particulars: &str,
        agreements: &str,
    ) -> Result<Self, Vec<DomainError>> {
        let mut errors = Vec::new();
        let mut take =
            |r: Result<String, DomainError>| r.map_err(|e| errors.push(e)).unwrap_or_default();
        let note = HandoverNote {
            reason: take(text::required(
                "reason",
                reason,
                "handover_reason_required",
                text::LONG,
            )),
            work_done: take(text::required(
                "work_done",
                work_done,
                "handover_done_required",
                text::LONG,
            )),
            particulars: take(text::optional("particulars", particulars, text::LONG)),
            agreements: take(text::required(
                "agreements",
                agreements,
                "handover_agreements_required",
                text::LONG,
            )),
        };
        if errors.is_empty() {
            Ok(note)
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn note_requires_reason_done_and_agreements() {
        let errs = HandoverNote::parse(" ", "", "bijzonder", "").unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field.unwrap()).collect();
        assert_eq!(fields, vec!["reason", "work_done", "agreements"]);
    }
}
