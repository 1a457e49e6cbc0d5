//! What a search for a client is: a BSN, checked with the elfproef, or a
//! part of a name, compared without case or diacritics so `yilmaz` finds
//! Yılmaz and `ozturk` finds Öztürk.

use serde::{Deserialize, Serialize};

use crate::{bsn::Bsn, DomainError};

/// The fewest letters a name search needs: one letter would list half the
/// register.
pub const MIN_NAME_LETTERS: usize = 2;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SearchTerm {
    Bsn(Bsn),
    /// A part of a name, folded by [`fold`].
    Name(String),
}

impl SearchTerm {
    /// Digits only (spaces, dots and dashes allowed, as BSNs are written) is a BSN
    /// and must pass the elfproef; anything else is a part of a name.
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let raw: String = raw.chars().filter(|c| !c.is_control()).collect();
        let raw = raw.trim();
        let digits: String = raw
            .chars()
            .filter(|c| !matches!(c, ' ' | '.' | '-'))
            .collect();
        if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
            // The BSN's own message, on the search field.
            return Bsn::parse(&digits)
                .map(SearchTerm::Bsn)
                .map_err(|e| DomainError::invalid("q", e.code));
        }
        let key = fold(raw);
        if key.chars().filter(|c| c.is_alphanumeric()).count() < MIN_NAME_LETTERS {
            return Err(DomainError::invalid("q", "search_too_short"));
        }
        Ok(SearchTerm::Name(key))
    }
}

/// A name as it is compared: lower case, diacritics and letters such as
/// ı, ł, ø and ß written in ASCII, spaces collapsed.
pub fn fold(name: &str) -> String {
    deunicode::deunicode(name)
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_without_case_or_diacritics() {
        assert_eq!(fold("Yılmaz"), "yilmaz");
        assert_eq!(fold("Öztürk"), "ozturk");
        assert_eq!(fold("Łukasz  Wójcik"), "lukasz wojcik");
        assert_eq!(fold("Søren Ærø"), "soren aero");
        assert_eq!(fold("Đorđević"), "dordevic");
        assert_eq!(fold("Şahin Güneş"), "sahin gunes");
        assert_eq!(fold("van der Meer"), "van der meer");
    }

    #[test]
    fn a_search_is_a_bsn_or_a_part_of_a_name() {
        assert_eq!(
            SearchTerm::parse(" yILMaz ").unwrap(),
            SearchTerm::Name("yilmaz".into())
        );
        let SearchTerm::Bsn(b) = SearchTerm::parse("1112.22.333").unwrap() else {
            panic!("a valid BSN is a BSN search");
        };
        assert_eq!(b.as_string(), "111222333");
        assert_eq!(
            SearchTerm::parse("111222334").unwrap_err().code,
            "bsn_elfproef"
        );
        assert_eq!(SearchTerm::parse("1234").unwrap_err().code, "bsn_length");
        assert_eq!(
            SearchTerm::parse(" a ").unwrap_err().code,
            "search_too_short"
        );
        assert_eq!(SearchTerm::parse("").unwrap_err().code, "search_too_short");
    }
}
