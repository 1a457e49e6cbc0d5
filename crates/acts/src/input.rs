//! Reading what a form or a JSON body sends: shapes both adapters share.

use serde::Deserialize;
use zicht_domain::DomainError;

/// A value a form sends as text and JSON may send as a number (an id, a
/// rung, hours): read as the text either way, so JSON clients can send back
/// the numeric ids the API gives them.
pub fn text_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Text(String),
        Number(i64),
    }
    Ok(match Raw::deserialize(d)? {
        Raw::Text(s) => s,
        Raw::Number(n) => n.to_string(),
    })
}

/// A numeric id typed into a form or sent as a string; `field` names it in errors.
pub fn parse_id(raw: &str, field: &'static str, code: &'static str) -> crate::Result<i64> {
    raw.trim()
        .parse()
        .map_err(|_| DomainError::invalid(field, code).into())
}

/// A list that a form sends as repeated fields and JSON as an array.
pub fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        One(String),
        Many(Vec<String>),
    }
    Ok(match Raw::deserialize(d)? {
        Raw::One(s) => vec![s],
        Raw::Many(v) => v,
    })
}
