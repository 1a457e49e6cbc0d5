//! The citizen service number (BSN) and its eleven-test (*elfproef*).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::DomainError;

/// A BSN that passed the elfproef. Always nine ASCII digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Bsn([u8; 9]);

impl Bsn {
    /// Parses a BSN as typed by a person: surrounding whitespace, and spaces,
    /// dots or dashes between digit groups are tolerated (`123.456.782`).
    /// Eight-digit numbers get their leading zero back, as the
    /// benefits administration often drops it.
    pub fn parse(input: &str) -> Result<Self, DomainError> {
        let digits: String = input
            .trim()
            .chars()
            .filter(|c| !matches!(c, ' ' | '.' | '-'))
            .collect();
        if digits.is_empty() {
            return Err(DomainError::invalid("bsn", "bsn_required"));
        }
        if !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(DomainError::invalid("bsn", "bsn_not_digits"));
        }
        let digits = match digits.len() {
            9 => digits,
            8 => format!("0{digits}"),
            _ => return Err(DomainError::invalid("bsn", "bsn_length")),
        };
        let mut out = [0u8; 9];
        for (slot, c) in out.iter_mut().zip(digits.bytes()) {
            *slot = c - b'0';
        }
        if out.iter().all(|d| *d == 0) {
            return Err(DomainError::invalid("bsn", "bsn_elfproef"));
        }
        // Elfproef: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 must be divisible by 11.
        let sum: i32 = out[..8]
            .iter()
            .enumerate()
            .map(|(i, d)| (9 - i as i32) * i32::from(*d))
            .sum::<i32>()
            - i32::from(out[8]);
        if sum % 11 != 0 {
            return Err(DomainError::invalid("bsn", "bsn_elfproef"));
        }
        Ok(Bsn(out))
    }

    /// The nine digits as a string.
    pub fn as_string(&self) -> String {
        self.0.iter().map(|d| char::from(b'0' + d)).collect()
    }

    /// Builds a valid BSN from its first eight digits by choosing the check
    /// digit; `None` when no digit 0–9 satisfies the elfproef. Used by the
    /// demo and data generators, never for input.
    pub fn from_prefix(prefix: u32) -> Option<Self> {
        let s = format!("{:08}", prefix % 100_000_000);
        let weighted: i32 = s
            .bytes()
            .enumerate()
            .map(|(i, c)| (9 - i as i32) * i32::from(c - b'0'))
            .sum();
        let check = weighted % 11;
        if check > 9 {
            return None;
        }
        Bsn::parse(&format!("{s}{check}")).ok()
    }
}

impl fmt::Display for Bsn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_string())
    }
}

impl fmt::Debug for Bsn {
    // Keep BSNs out of debug output and therefore out of application logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Bsn(*****{}{}{}{})",
            self.0[5], self.0[6], self.0[7], self.0[8]
        )
    }
}

impl TryFrom<String> for Bsn {
    type Error = DomainError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Bsn::parse(&value)
    }
}

impl From<Bsn> for String {
    fn from(value: Bsn) -> Self {
        value.as_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(input: &str) -> &'static str {
        Bsn::parse(input).expect_err("should be rejected").code
    }

    #[test]
    fn accepts_known_valid_numbers() {
        // 9*1+8*1+7*1+6*2+5*2+4*2+3*3+2*3 = 9+8+7+12+10+8+9+6 = 69; 69-3 = 66 = 6*11.
        assert_eq!(Bsn::parse("111222333").unwrap().as_string(), "111222333");
        // 123456782: 9+16+21+24+25+24+21+16 = 156; 156-2 = 154 = 14*11.
        assert_eq!(Bsn::parse("123456782").unwrap().as_string(), "123456782");
    }

    #[test]
    fn tolerates_separators_and_whitespace() {
        assert_eq!(
            Bsn::parse(" 123.456.782 ").unwrap().as_string(),
            "123456782"
        );
        assert_eq!(Bsn::parse("1234-56-782").unwrap().as_string(), "123456782");
    }

    #[test]
    fn restores_leading_zero_of_eight_digits() {
        // 012345672: 0+8+14+18+20+20+18+14 = 112; 112-2 = 110 = 10*11.
        assert_eq!(Bsn::parse("12345672").unwrap().as_string(), "012345672");
    }

    #[test]
    fn rejects_wrong_check_digit() {
        assert_eq!(code("123456789"), "bsn_elfproef");
        assert_eq!(code("111222334"), "bsn_elfproef");
    }

    #[test]
    fn rejects_all_zeros_although_it_passes_the_sum() {
        assert_eq!(code("000000000"), "bsn_elfproef");
    }

    #[test]
    fn rejects_wrong_length_letters_and_empty() {
        assert_eq!(code("1234567"), "bsn_length");
        assert_eq!(code("1234567890"), "bsn_length");
        assert_eq!(code("12345678a"), "bsn_not_digits");
        assert_eq!(code("١٢٣٤٥٦٧٨٢"), "bsn_not_digits");
        assert_eq!(code("   "), "bsn_required");
    }

    #[test]
    fn last_digit_counts_negative() {
        // 100000009: 9 - 9 = 0 → valid; with a +1 weight it would be 18.
        // 100000002: 9 - 2 = 7 → invalid; with a +1 weight it would be 11.
        assert!(Bsn::parse("100000009").is_ok());
        assert_eq!(code("100000002"), "bsn_elfproef");
    }

    #[test]
    fn from_prefix_yields_valid_numbers_or_none() {
        let mut made = 0;
        for p in 10_000_000..10_000_200u32 {
            if let Some(b) = Bsn::from_prefix(p) {
                assert!(Bsn::parse(&b.as_string()).is_ok());
                made += 1;
            }
        }
        assert!(made > 150, "about 10/11 prefixes give a number, got {made}");
    }

    #[test]
    fn debug_hides_most_digits() {
        let b = Bsn::parse("123456782").unwrap();
        assert_eq!(format!("{b:?}"), "Bsn(*****6782)");
    }
}
