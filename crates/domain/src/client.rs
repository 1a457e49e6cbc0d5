//! Clients: who they are, where they stand, and who owns them.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::{
    bsn::Bsn,
    code::code_enum,
    error::DomainError,
    ids::{EmployeeId, TeamId},
    text,
};

code_enum! {
    /// Where a client stands in the re-integration process (ordered as the
    /// process runs).
    #[derive(PartialOrd, Ord)]
    pub enum Phase {
        Intake => "intake",
        Diagnose => "diagnose",
        Activering => "activering",
        Bemiddeling => "bemiddeling",
        Nazorg => "nazorg",
        Uitgestroomd => "uitgestroomd",
    }
    parse: invalid("phase", "phase_invalid")
}

code_enum! {
    /// The client's benefit as the latest roster from the benefits administration shows it.
    pub enum BenefitStatus {
        /// No roster has been imported that mentions this client.
        Unknown => "unknown",
        Active => "active",
        Ended => "ended",
        /// The latest roster does not list this client.
        NotInRoster => "not_in_roster",
    }
    parse: exact
}

/// The one team and caseworker responsible for an open client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Owner {
    pub team_id: TeamId,
    pub employee_id: EmployeeId,
}

/// A validated request to register a client.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewClient {
    pub bsn: Bsn,
    pub name: String,
    /// Unknown for clients registered from a roster, which carries no date of birth.
    pub birth_date: Option<Date>,
    pub particulars: String,
    pub phase: Phase,
}

impl NewClient {
    /// Validates raw form input; `today` bounds the date of birth.
    pub fn parse(
        bsn: &str,
        name: &str,
        birth_date: &str,
        particulars: &str,
        phase: Option<&str>,
        today: Date,
    ) -> Result<Self, Vec<DomainError>> {
        let mut errors = Vec::new();
        let bsn = Bsn::parse(bsn).map_err(|e| errors.push(e)).ok();
        let name = text::required("name", name, "name_required", text::SHORT)
            .map_err(|e| errors.push(e))
            .ok();
        let birth_date = text::parse_date("birth_date", birth_date)
            .and_then(|d| check_birth_date(d, today))
            .map_err(|e| errors.push(e))
            .ok();
        let particulars = text::optional("particulars", particulars, text::LONG)
            .map_err(|e| errors.push(e))
            .ok();
        let phase = match phase.filter(|p| !p.trim().is_empty()) {
            None => Some(Phase::Intake),
            Some(p) => Phase::parse(p).map_err(|e| errors.push(e)).ok(),
        };
        match (bsn, name, birth_date, particulars, phase) {
            (Some(bsn), Some(name), Some(birth_date), Some(particulars), Some(phase))
                if errors.is_empty() =>
            {
                Ok(NewClient {
                    bsn,
                    name,
                    birth_date: Some(birth_date),
                    particulars,
                    phase,
                })
            }
            _ => Err(errors),
        }
    }
}

fn check_birth_date(d: Date, today: Date) -> Result<Date, DomainError> {
    if d > today {
        return Err(DomainError::invalid("birth_date", "birth_date_future"));
    }
    let age = today.year() - d.year();
    if !(15..=110).contains(&age) {
        return Err(DomainError::invalid("birth_date", "birth_date_implausible"));
    }
    Ok(d)
}

/// A closing reason; closing without one is refused.
pub fn parse_close_reason(reason: &str) -> Result<String, DomainError> {
    text::required("reason", reason, "close_reason_required", text::LONG)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 23);

    #[test]
    fn valid_client() {
        let c = NewClient::parse(
            "123456782",
            " Fatima el Amrani ",
            "14-02-1987",
            "",
            None,
            TODAY,
        )
        .unwrap();
        assert_eq!(c.name, "Fatima el Amrani");
        assert_eq!(c.phase, Phase::Intake);
        assert_eq!(c.birth_date, Some(date!(1987 - 02 - 14)));
    }

    #[test]
    fn reports_every_bad_field_at_once() {
        let errs = NewClient::parse("123456789", "", "2030-01-01", "", Some("vakantie"), TODAY)
            .unwrap_err();
        let codes: Vec<_> = errs.iter().map(|e| (e.field.unwrap(), e.code)).collect();
        assert_eq!(
            codes,
            vec![
                ("bsn", "bsn_elfproef"),
                ("name", "name_required"),
                ("birth_date", "birth_date_future"),
                ("phase", "phase_invalid"),
            ]
        );
    }

    #[test]
    fn implausible_age() {
        let errs = NewClient::parse("123456782", "A", "2020-01-01", "", None, TODAY).unwrap_err();
        assert_eq!(errs[0].code, "birth_date_implausible");
    }

    #[test]
    fn closing_needs_reason() {
        assert_eq!(
            parse_close_reason("  ").unwrap_err().code,
            "close_reason_required"
        );
        assert_eq!(parse_close_reason("verhuisd").unwrap(), "verhuisd");
    }

    #[test]
    fn phases_round_trip() {
        for p in Phase::ALL {
            assert_eq!(Phase::parse(p.as_str()).unwrap(), p);
        }
    }
}
