//! Client letters: templates the organisation edits, filled from the file.
//! Placeholders are written `{naam}`; a template may use only the known
//! ones, so a typo shows when the template is saved, not in a client's
//! letter. The defaults encourage: a client who starts work is
//! congratulated first and told plainly what changes.
//!
//! A letter is composed as a draft (filled from the file, then editable),
//! previewed, and only kept as sent when sent: with its *kenmerk*
//! ([`reference`]), the date and the client's address in its head. A letter
//! whose text still holds an unfilled value ([`UNKNOWN`] or a `{placeholder}`)
//! cannot be sent ([`check_sendable`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{error::DomainError, text};

/// The placeholders a template may use (what each is filled with is told
/// to the user by the web layer).
pub const PLACEHOLDERS: &[&str] = &[
    "naam",
    "datum",
    "klantmanager",
    "team",
    "organisatie",
    "werkgever",
    "uren",
    "startdatum",
    "nazorg_tot",
    "adres",
    "postcode",
    "woonplaats",
];

/// What [`fill`] writes for a placeholder without a value.
pub const UNKNOWN: &str = "(onbekend)";

/// The longest title and body a letter may have.
const TITLE_MAX: usize = crate::text::SHORT;
const BODY_MAX: usize = 20_000;

/// A letter template: a key, a title and a body with placeholders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterTemplate {
    pub key: String,
    pub title: String,
    pub body: String,
}

/// The templates every organisation starts with (and can change).
pub fn defaults() -> Vec<LetterTemplate> {
    let t = |key: &str, title: &str, body: &str| LetterTemplate {
        key: key.into(),
        title: title.into(),
        body: body.into(),
    };
    vec![
        t(
            "felicitatie_werk",
            "Gefeliciteerd met uw nieuwe baan",
            "Beste {naam},\n\n\
             Gefeliciteerd! Op {startdatum} begint u bij {werkgever}, {uren} uur per week. \
             Dat is een mooie stap, en u hebt hem zelf gezet.\n\n\
             Wat verandert er voor u?\n\
             - Werkt u minder dan fulltime, dan houdt u een deel van uw uitkering. Wij rekenen uw loon elke maand met uw uitkering af; u hoeft alleen uw loonstrook te sturen.\n\
             - Verdient u genoeg om van te leven, dan stopt uw uitkering. U ontvangt daarover een apart besluit.\n\
             - Tot {nazorg_tot} blijft u mij bellen of mailen als er iets is. Ik neem zelf ook een paar keer contact met u op om te horen hoe het gaat.\n\n\
             Veel succes en plezier in uw werk!\n\n\
             Met vriendelijke groet,\n\n\
             {klantmanager}\n\
             {team}, {organisatie}",
        ),
        t(
            "nazorg_contact",
            "Hoe gaat het op uw werk?",
            "Beste {naam},\n\n\
             U werkt nu een tijd bij {werkgever}. Ik ben benieuwd hoe het gaat en of ik ergens bij kan helpen, \
             bijvoorbeeld bij afspraken met uw werkgever of met de verrekening van uw uitkering.\n\n\
             Ik bel u de komende weken om even bij te praten. Schikt het u beter om zelf te bellen, dan hoor ik dat graag.\n\n\
             Met vriendelijke groet,\n\n\
             {klantmanager}\n\
             {team}, {organisatie}",
        ),
        t(
            "uitnodiging_gesprek",
            "Uitnodiging voor een gesprek",
            "Beste {naam},\n\n\
             Graag spreek ik u om samen te kijken naar uw volgende stap richting werk of meedoen. \
             Ik neem contact met u op om een moment af te spreken dat u uitkomt.\n\n\
             Met vriendelijke groet,\n\n\
             {klantmanager}\n\
             {team}, {organisatie}",
        ),
    ]
}

/// The placeholders in `body`, in order, each once.
pub fn placeholders_in(body: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = body;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let name = &after[..close];
        if !name.is_empty()
            && name.chars().all(|c| c.is_ascii_lowercase() || c == '_')
            && !out.iter().any(|n| n == name)
        {
            out.push(name.to_string());
        }
        rest = &after[close + 1..];
    }
    out
}

/// Checks a template as typed: title and body required, known placeholders only.
pub fn parse_template(
    key: &str,
    title: &str,
    body: &str,
) -> Result<LetterTemplate, Vec<DomainError>> {
    let mut errors = Vec::new();
    let title = text::required("title", title, "letter_title_required", text::SHORT)
        .map_err(|e| errors.push(e))
        .ok();
    let body = text::required("body", body, "letter_body_required", 20_000)
        .map_err(|e| errors.push(e))
        .ok();
    // The title is filled like the body, so it may hold the same placeholders.
    let unknown = |text: &str| {
        placeholders_in(text)
            .iter()
            .any(|p| !PLACEHOLDERS.contains(&p.as_str()))
    };
    if title.as_deref().is_some_and(unknown) {
        errors.push(DomainError::invalid("title", "letter_placeholder_unknown"));
    }
    if body.as_deref().is_some_and(unknown) {
        errors.push(DomainError::invalid("body", "letter_placeholder_unknown"));
    }
    match (title, body) {
        (Some(title), Some(body)) if errors.is_empty() => Ok(LetterTemplate {
            key: key.to_string(),
            title,
            body,
        }),
        _ => Err(errors),
    }
}

/// Fills the known placeholders; one without a value reads "(onbekend)", so
/// a letter never goes out with a bare `{werkgever}` in it. One pass over the
/// template: a filled-in value is never read as a template itself (a client
/// named `Piet {klantmanager}` keeps that name).
pub fn fill(body: &str, values: &BTreeMap<&str, String>) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let known = after.find('}').and_then(|close| {
            let name = &after[..close];
            PLACEHOLDERS
                .iter()
                .find(|k| **k == name)
                .map(|k| (*k, close))
        });
        match known {
            Some((key, close)) => {
                match values.get(key).filter(|v| !v.trim().is_empty()) {
                    Some(v) => out.push_str(v),
                    None => out.push_str(UNKNOWN),
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A draft's text as edited: title and body required and not too long.
/// Placeholders and unknown values may stay in a draft; they only stop it
/// from being sent.
pub fn parse_draft(title: &str, body: &str) -> Result<(String, String), Vec<DomainError>> {
    let mut errors = Vec::new();
    let title = text::required("title", title, "letter_title_required", TITLE_MAX)
        .map_err(|e| errors.push(e))
        .ok();
    let body = text::required("body", body, "letter_body_required", BODY_MAX)
        .map_err(|e| errors.push(e))
        .ok();
    match (title, body) {
        (Some(t), Some(b)) if errors.is_empty() => Ok((t, b)),
        _ => Err(errors),
    }
}

/// Whether `text` still holds a value nobody filled in: the [`UNKNOWN`]
/// fill, or a `{placeholder}` left as written.
pub fn has_unfilled(text: &str) -> bool {
    text.contains(UNKNOWN) || !placeholders_in(text).is_empty()
}

/// The send rule: a letter goes out only when every value in its title and
/// body is filled in, and the client has a postal address to put in its
/// head. Each error names the field to fix.
pub fn check_sendable(
    title: &str,
    body: &str,
    has_postal_address: bool,
) -> Result<(), Vec<DomainError>> {
    let mut errors = Vec::new();
    if has_unfilled(title) {
        errors.push(DomainError::invalid("title", "letter_value_missing"));
    }
    if has_unfilled(body) {
        errors.push(DomainError::invalid("body", "letter_value_missing"));
    }
    if !has_postal_address {
        errors.push(DomainError::invalid("address", "letter_address_missing"));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The letter's *kenmerk*: `ZICHT/2026/000123`, the year it is sent and the
/// letter's number, which no other letter of any organisation has.
pub fn reference(year: i32, letter: crate::LetterId) -> String {
    format!("ZICHT/{year}/{:06}", letter.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_use_only_known_placeholders() {
        for t in defaults() {
            assert!(
                parse_template(&t.key, &t.title, &t.body).is_ok(),
                "{}",
                t.key
            );
        }
    }

    #[test]
    fn the_congratulation_congratulates_first_and_says_what_changes() {
        let t = defaults()
            .into_iter()
            .find(|t| t.key == "felicitatie_werk")
            .unwrap();
        let first_line = t.body.lines().nth(2).unwrap();
        assert!(first_line.starts_with("Gefeliciteerd!"), "{first_line}");
        assert!(t.body.contains("Wat verandert er voor u?"));
    }

    #[test]
    fn unknown_placeholders_are_refused_when_saved() {
        let e = parse_template("x", "Titel", "Beste {naam}, {wergever}").unwrap_err();
        assert_eq!(e[0].code, "letter_placeholder_unknown");
        // The title is filled too, so it is checked too.
        let e = parse_template("x", "Voor {nam}", "Beste {naam}").unwrap_err();
        assert_eq!(
            (e[0].field, e[0].code),
            (Some("title"), "letter_placeholder_unknown")
        );
        assert!(parse_template("x", "Voor {naam}", "Beste {naam}").is_ok());
        assert_eq!(placeholders_in("{a} {b} {a} {Not} {}"), vec!["a", "b"]);
    }

    #[test]
    fn filling_leaves_no_placeholder_behind() {
        let mut v = BTreeMap::new();
        v.insert("naam", "Fatima".to_string());
        let filled = fill("Beste {naam}, bij {werkgever}.", &v);
        assert_eq!(filled, "Beste Fatima, bij (onbekend).");
    }

    #[test]
    fn filled_values_are_not_filled_again() {
        let mut v = BTreeMap::new();
        v.insert("naam", "Piet {klantmanager}".to_string());
        v.insert("klantmanager", "Wim Werk".to_string());
        let filled = fill("Beste {naam}, groet {klantmanager}. {onbekend_veld} {", &v);
        assert_eq!(
            filled,
            "Beste Piet {klantmanager}, groet Wim Werk. {onbekend_veld} {"
        );
    }

    #[test]
    fn a_letter_with_a_value_left_open_cannot_be_sent() {
        assert!(check_sendable("Titel", "Beste Fatima, welkom.", true).is_ok());
        let e = check_sendable("Titel", "Bij (onbekend) begint u.", true).unwrap_err();
        assert_eq!(
            (e[0].field, e[0].code),
            (Some("body"), "letter_value_missing")
        );
        let e = check_sendable("Voor {naam}", "Beste {werkgever}", true).unwrap_err();
        let fields: Vec<_> = e.iter().map(|e| e.field.unwrap()).collect();
        assert_eq!(fields, vec!["title", "body"]);
        let e = check_sendable("Titel", "Tekst", false).unwrap_err();
        assert_eq!(
            (e[0].field, e[0].code),
            (Some("address"), "letter_address_missing")
        );
        // Braces that are no placeholder do not stop a letter.
        assert!(check_sendable("Titel", "Zie {} en {Bijlage 2}.", true).is_ok());
    }

    #[test]
    fn filling_an_empty_address_leaves_it_unknown_so_it_cannot_be_sent() {
        let mut v = BTreeMap::new();
        v.insert("naam", "Fatma Yılmaz".to_string());
        v.insert("postcode", "9351 AB".to_string());
        let filled = fill("{naam}\n{adres}\n{postcode} {woonplaats}", &v);
        assert_eq!(filled, "Fatma Yılmaz\n(onbekend)\n9351 AB (onbekend)");
        assert!(has_unfilled(&filled));
    }

    #[test]
    fn drafts_need_a_title_and_a_body_but_may_hold_placeholders() {
        assert!(parse_draft("Titel", "Beste {naam}, (onbekend)").is_ok());
        let e = parse_draft(" ", "").unwrap_err();
        let codes: Vec<_> = e.iter().map(|e| e.code).collect();
        assert_eq!(codes, vec!["letter_title_required", "letter_body_required"]);
    }

    #[test]
    fn the_reference_names_the_year_and_the_letter() {
        assert_eq!(reference(2026, crate::LetterId(123)), "ZICHT/2026/000123");
    }
}
