//! Contacts with a client: who has seen them, and when again.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::{code::code_enum, error::DomainError, text};

code_enum! {
    pub enum ContactKind {
        Gesprek => "gesprek",
        Telefoon => "telefoon",
        Email => "email",
        Huisbezoek => "huisbezoek",
    }
}

impl ContactKind {
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let s = s.trim().to_ascii_lowercase().replace('-', "");
        ContactKind::from_code(&s).ok_or(DomainError::invalid("kind", "contact_kind_invalid"))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewContact {
    pub date: Date,
    pub kind: ContactKind,
    pub with_whom: String,
    pub summary: String,
    pub next_contact_on: Option<Date>,
}

impl NewContact {
    pub fn parse(
        date: &str,
        kind: &str,
        with_whom: &str,
        summary: &str,
        next_contact_on: &str,
        today: Date,
    ) -> Result<Self, Vec<DomainError>> {
        let mut errors = Vec::new();
        let date = if date.trim().is_empty() {
            Some(today)
        } else {
            text::parse_date("date", date)
                .and_then(|d| {
                    if d > today {
                        Err(DomainError::invalid("date", "date_future"))
                    } else {
                        Ok(d)
                    }
                })
                .map_err(|e| errors.push(e))
                .ok()
        };
        let kind = ContactKind::parse(kind).map_err(|e| errors.push(e)).ok();
        let with_whom = text::required("with_whom", with_whom, "with_whom_required", text::SHORT)
            .map_err(|e| errors.push(e))
            .ok();
        let summary = text::optional("summary", summary, text::LONG)
            .map_err(|e| errors.push(e))
            .ok();
        let next = if next_contact_on.trim().is_empty() {
            Some(None)
        } else {
            text::parse_date("next_contact_on", next_contact_on)
                .and_then(|n| match date {
                    Some(d) if n <= d => {
                        Err(DomainError::invalid("next_contact_on", "next_contact_past"))
                    }
                    _ => Ok(Some(n)),
                })
                .map_err(|e| errors.push(e))
                .ok()
        };
        match (date, kind, with_whom, summary, next) {
            (Some(date), Some(kind), Some(with_whom), Some(summary), Some(next_contact_on))
                if errors.is_empty() =>
            {
                Ok(NewContact {
                    date,
                    kind,
                    with_whom,
                    summary,
                    next_contact_on,
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 23);

    #[test]
    fn defaults_to_today() {
        let c = NewContact::parse("", "telefoon", "klant", "", "", TODAY).unwrap();
        assert_eq!(c.date, TODAY);
        assert_eq!(c.kind, ContactKind::Telefoon);
        assert_eq!(c.next_contact_on, None);
        assert_eq!(
            NewContact::parse("", "E-mail", "klant", "", "", TODAY)
                .unwrap()
                .kind,
            ContactKind::Email
        );
    }

    #[test]
    fn rejects_future_and_unknown_kind_and_missing_person() {
        let errs = NewContact::parse("2026-12-01", "brief", " ", "", "", TODAY).unwrap_err();
        let codes: Vec<_> = errs.iter().map(|e| e.code).collect();
        assert_eq!(
            codes,
            vec!["date_future", "contact_kind_invalid", "with_whom_required"]
        );
    }

    #[test]
    fn next_contact_after_contact() {
        let errs = NewContact::parse("2026-11-20", "gesprek", "klant", "", "2026-11-20", TODAY)
            .unwrap_err();
        assert_eq!(errs[0].code, "next_contact_past");
        let ok =
            NewContact::parse("2026-11-20", "gesprek", "klant", "", "4-12-2026", TODAY).unwrap();
        assert_eq!(ok.next_contact_on, Some(date!(2026 - 12 - 04)));
    }
}
