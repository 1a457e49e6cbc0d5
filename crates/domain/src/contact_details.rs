//! A client's contact details: address, postcode, place, phone and e-mail.
//! Every field is optional; what is given must be plausible. A Dutch postcode
//! is kept as `1234 AB` however it was typed (`1234ab`, `1234 ab`), a phone
//! number as typed but checked to be a Dutch number (or an international one
//! with `+`), an e-mail address with one `@` and a dot in its domain.

use serde::{Deserialize, Serialize};

use crate::{error::DomainError, text};

/// The contact details of a client, each empty when not known.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactDetails {
    /// Street and house number, e.g. `Hoofdstraat 12a`.
    pub address: String,
    /// `1234 AB`, or empty.
    pub postcode: String,
    pub place: String,
    pub phone: String,
    pub email: String,
}

impl ContactDetails {
    /// Checks the details as typed; every error names its field.
    pub fn parse(
        address: &str,
        postcode: &str,
        place: &str,
        phone: &str,
        email: &str,
    ) -> Result<ContactDetails, Vec<DomainError>> {
        let mut errors = Vec::new();
        let mut keep =
            |r: Result<String, DomainError>| r.map_err(|e| errors.push(e)).unwrap_or_default();
        let details = ContactDetails {
            address: keep(text::optional("address", address, text::SHORT)),
            postcode: keep(parse_postcode(postcode)),
            place: keep(text::optional("place", place, 100)),
            phone: keep(parse_phone(phone)),
            email: keep(parse_email(email)),
        };
        if errors.is_empty() {
            Ok(details)
        } else {
            Err(errors)
        }
    }

    /// Nothing known.
    pub fn is_empty(&self) -> bool {
        *self == ContactDetails::default()
    }

    /// Whether a letter can be addressed: street, postcode and place.
    pub fn has_postal_address(&self) -> bool {
        !self.address.is_empty() && !self.postcode.is_empty() && !self.place.is_empty()
    }

    /// `1234 AB  Plaats`, as the second line of an address.
    pub fn postcode_and_place(&self) -> String {
        match (self.postcode.is_empty(), self.place.is_empty()) {
            (false, false) => format!("{}  {}", self.postcode, self.place),
            (false, true) => self.postcode.clone(),
            (true, _) => self.place.clone(),
        }
    }
}

/// A Dutch postcode, four digits (the first not 0) and two letters, kept as
/// `1234 AB`; empty stays empty. The combinations SA, SD and SS are not
/// issued.
pub fn parse_postcode(input: &str) -> Result<String, DomainError> {
    let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return Ok(String::new());
    }
    let bad = || DomainError::invalid("postcode", "postcode_invalid");
    let bytes = compact.as_bytes();
    if bytes.len() != 6
        || !bytes[..4].iter().all(u8::is_ascii_digit)
        || bytes[0] == b'0'
        || !bytes[4..].iter().all(u8::is_ascii_alphabetic)
    {
        return Err(bad());
    }
    let letters = compact[4..].to_ascii_uppercase();
    if matches!(letters.as_str(), "SA" | "SD" | "SS") {
        return Err(bad());
    }
    Ok(format!("{} {}", &compact[..4], letters))
}

/// A plausible Dutch phone number: ten digits starting with 0 (`06 1234
/// 5678`, `050-123 4567`), or `+31`/`0031` and nine digits, or another
/// country's number with `+` and 8 to 15 digits. Spaces, dashes, dots and
/// brackets may separate the digits; the number is kept as typed (trimmed).
pub fn parse_phone(input: &str) -> Result<String, DomainError> {
    let t = input.trim();
    if t.is_empty() {
        return Ok(String::new());
    }
    let bad = || DomainError::invalid("phone", "phone_invalid");
    if t.chars().count() > 30
        || !t
            .chars()
            .all(|c| c.is_ascii_digit() || " -.()+".contains(c))
        || t.chars().skip(1).any(|c| c == '+')
    {
        return Err(bad());
    }
    let digits: String = t.chars().filter(char::is_ascii_digit).collect();
    let ok = if let Some(rest) = digits.strip_prefix("0031").filter(|_| !t.starts_with('+')) {
        rest.len() == 9 && !rest.starts_with('0')
    } else if t.starts_with('+') {
        match digits.strip_prefix("31") {
            Some(rest) => rest.len() == 9 && !rest.starts_with('0'),
            None => (8..=15).contains(&digits.len()),
        }
    } else {
        digits.len() == 10 && digits.starts_with('0') && !digits.starts_with("00")
    };
    if ok {
        Ok(t.to_string())
    } else {
        Err(bad())
    }
}

/// An e-mail address: one `@`, something before it, a domain with a dot
/// that neither starts nor ends it, no spaces. Kept trimmed.
pub fn parse_email(input: &str) -> Result<String, DomainError> {
    let t = input.trim();
    if t.is_empty() {
        return Ok(String::new());
    }
    let bad = || DomainError::invalid("email", "email_invalid");
    if t.chars().count() > 254 || t.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad());
    }
    let mut parts = t.split('@');
    let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err(bad());
    };
    if local.is_empty()
        || !domain.contains('.')
        || domain.starts_with('.')
        || domain.ends_with('.')
        || domain.contains("..")
    {
        return Err(bad());
    }
    Ok(t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postcodes_are_normalised() {
        for typed in ["1234ab", "1234 ab", " 1234AB ", "1234 AB", "1234  aB"] {
            assert_eq!(parse_postcode(typed).unwrap(), "1234 AB", "{typed}");
        }
        assert_eq!(parse_postcode("  ").unwrap(), "");
        for wrong in [
            "0123 AB", "123 AB", "12345 AB", "1234 A", "1234 A1", "1234 SS", "ABCD 12", "1234 ÄB",
        ] {
            assert_eq!(
                parse_postcode(wrong).unwrap_err().code,
                "postcode_invalid",
                "{wrong}"
            );
        }
    }

    #[test]
    fn phone_numbers_must_be_plausible() {
        for ok in [
            "06 1234 5678",
            "06-12345678",
            "050-123 4567",
            "(050) 123 45 67",
            "+31 6 1234 5678",
            "0031 50 123 4567",
            "+49 30 1234567",
        ] {
            assert_eq!(parse_phone(ok).unwrap(), ok.trim(), "{ok}");
        }
        for wrong in [
            "12345",
            "06 1234 567",
            "06 1234 56789",
            "+31 06 1234 5678",
            "bel me",
            "06 1234 5678 of 050",
            "1234567890",
            "0612+345678",
        ] {
            assert_eq!(
                parse_phone(wrong).unwrap_err().code,
                "phone_invalid",
                "{wrong}"
            );
        }
    }

    #[test]
    fn email_needs_one_at_and_a_dot_in_the_domain() {
        assert_eq!(parse_email(" a.b@gemeente.nl ").unwrap(), "a.b@gemeente.nl");
        for wrong in [
            "ab", "a@b", "a@@b.nl", "a@b@c.nl", "@b.nl", "a@.nl", "a@b.", "a b@c.nl", "a@b..nl",
        ] {
            assert_eq!(
                parse_email(wrong).unwrap_err().code,
                "email_invalid",
                "{wrong}"
            );
        }
    }

    #[test]
    fn every_field_is_optional_and_errors_name_their_fields() {
        assert_eq!(
            ContactDetails::parse("", "", "", "", "").unwrap(),
            ContactDetails::default()
        );
        let d = ContactDetails::parse(
            " Hoofdstraat 12 ",
            "9351ab",
            "Leek",
            "06 1234 5678",
            "f@x.nl",
        )
        .unwrap();
        assert_eq!(d.postcode, "9351 AB");
        assert!(d.has_postal_address());
        assert_eq!(d.postcode_and_place(), "9351 AB  Leek");
        let errors =
            ContactDetails::parse("Hoofdstraat 1", "93 51", "Leek", "06", "x@y").unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| (e.field.unwrap(), e.code)).collect();
        assert_eq!(
            fields,
            vec![
                ("postcode", "postcode_invalid"),
                ("phone", "phone_invalid"),
                ("email", "email_invalid")
            ]
        );
    }
}
