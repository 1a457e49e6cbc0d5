//! Every human text of Zicht, in Dutch (the default) and English, found by
//! one lookup. The domain speaks in codes; this module puts them into words:
//! - `interface`: the pages' own texts, keyed by where they appear;
//! - `labels`: the names of the domain's codes (phases, skills, sectors…),
//!   keyed `<group>.<code>`;
//! - `messages`: the message of every error code, keyed `error.<code>`.

mod interface;
mod labels;
mod messages;

use std::{collections::HashMap, sync::LazyLock};

pub use labels::Label;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Nl,
    En,
}

impl Lang {
    /// Reads a language tag such as `en`, `en-GB` or `nl`; Dutch otherwise.
    pub fn from_tag(tag: &str) -> Lang {
        if tag.trim().to_ascii_lowercase().starts_with("en") {
            Lang::En
        } else {
            Lang::Nl
        }
    }
}

// The language of the request, read by a middleware and kept in a task-local
// so texts can be chosen without threading it through every handler.
tokio::task_local! {
    pub static REQUEST_LANG: Lang;
}

/// The language of the request being handled; Dutch outside one.
pub fn current_lang() -> Lang {
    REQUEST_LANG.try_with(|l| *l).unwrap_or_default()
}

/// Every text by its key, built once from the three tables.
static INDEX: LazyLock<HashMap<String, (&'static str, &'static str)>> = LazyLock::new(|| {
    let plain = interface::TEXTS.iter().chain(labels::LABELS);
    plain
        .map(|(k, nl, en)| (k.to_string(), (*nl, *en)))
        .chain(
            messages::MESSAGES
                .iter()
                .map(|(code, nl, en)| (message_key(code), (*nl, *en))),
        )
        .collect()
});

fn message_key(code: &str) -> String {
    format!("error.{code}")
}

/// Looks up texts in one language.
#[derive(Debug, Clone, Copy)]
pub struct Tr {
    pub lang: Lang,
}

impl Tr {
    pub const fn new(lang: Lang) -> Self {
        Tr { lang }
    }

    /// In the language of the request being handled.
    pub fn current() -> Self {
        Tr::new(current_lang())
    }

    fn lookup(&self, key: &str) -> Option<&'static str> {
        INDEX.get(key).map(|(nl, en)| match self.lang {
            Lang::Nl => *nl,
            Lang::En => *en,
        })
    }

    /// The text for `key`; the key itself when missing, so gaps are visible.
    pub fn t<'a>(&self, key: &'a str) -> &'a str {
        self.lookup(key).unwrap_or(key)
    }

    /// The text for a key built at run time; a dash when missing (tests
    /// check that every code has its texts).
    pub fn t_owned(&self, key: &str) -> &'static str {
        self.lookup(key).unwrap_or("—")
    }

    /// The text for `key` with each `{name}` in it filled with its value.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        fill(self.t(key), values)
    }

    /// The message for an error code; a general one if the code is unknown
    /// (a test checks that every code the domain uses has its message).
    pub fn message(&self, code: &str) -> &'static str {
        self.lookup(&message_key(code)).unwrap_or(match self.lang {
            Lang::Nl => "Er ging iets mis.",
            Lang::En => "Something went wrong.",
        })
    }

    pub fn code(&self) -> &'static str {
        match self.lang {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    /// The language to offer a switch to.
    pub fn other(&self) -> (&'static str, &'static str) {
        match self.lang {
            Lang::Nl => ("en", "English"),
            Lang::En => ("nl", "Nederlands"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_unique_and_translated() {
        let messages: Vec<_> = messages::MESSAGES
            .iter()
            .map(|(c, nl, en)| (message_key(c), *nl, *en))
            .collect();
        let all = interface::TEXTS
            .iter()
            .chain(labels::LABELS)
            .map(|(k, nl, en)| (k.to_string(), *nl, *en))
            .chain(messages);
        let mut seen = std::collections::HashSet::new();
        for (k, nl, en) in all {
            assert!(!nl.is_empty() && !en.is_empty(), "{k} lacks a text");
            assert!(seen.insert(k.clone()), "duplicate key {k}");
        }
    }

    #[test]
    fn every_key_used_in_templates_exists() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            for part in text.split("tr.t(\"").skip(1) {
                let key = part.split('"').next().unwrap();
                assert!(
                    INDEX.contains_key(key),
                    "{} uses unknown key {key}",
                    path.display()
                );
            }
        }
    }

    #[test]
    fn every_event_kind_has_a_timeline_label() {
        for kind in zicht_domain::event::ClientEvent::kinds() {
            let key = format!("event.{kind}");
            assert!(INDEX.contains_key(key.as_str()), "{key} missing");
        }
    }

    #[test]
    fn every_menu_entry_and_error_title_has_texts() {
        use zicht_domain::access::Role;
        for role in Role::ALL {
            for (_, key) in crate::pages::menu(role) {
                assert!(INDEX.contains_key(key), "{key} missing");
            }
        }
        for status in 400..600 {
            let status = axum::http::StatusCode::from_u16(status).unwrap();
            let key = crate::pages::error_title(status);
            assert!(INDEX.contains_key(key), "{key} missing");
        }
    }

    #[test]
    fn every_saved_confirmation_has_texts() {
        for saved in crate::pages::saved::Saved::ALL {
            let key = saved.text_key();
            assert!(INDEX.contains_key(key), "{key} missing");
        }
    }

    #[test]
    fn language_tags() {
        assert_eq!(Lang::from_tag("en-GB"), Lang::En);
        assert_eq!(Lang::from_tag("nl-NL"), Lang::Nl);
        assert_eq!(Lang::from_tag(""), Lang::Nl);
    }

    #[test]
    fn missing_texts_show() {
        let en = Tr::new(Lang::En);
        assert_eq!(en.t("no.such.key"), "no.such.key");
        assert_eq!(en.t_owned("no.such.key"), "—");
        assert_eq!(en.message("no_such_code"), "Something went wrong.");
        assert_eq!(
            Tr::new(Lang::Nl).message("no_such_code"),
            "Er ging iets mis."
        );
    }
}

/// Puts each `{name}` of `text` in one pass: a value that itself holds
/// `{…}` (a reason typed by a user) is never filled in again.
fn fill(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            values
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v, close))
        });
        match value {
            Some((v, close)) => {
                out.push_str(v);
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

#[cfg(test)]
mod fill_tests {
    #[test]
    fn fills_each_placeholder_once_and_leaves_typed_braces_alone() {
        assert_eq!(
            super::fill("{a} en {b}", &[("a", "x {b}"), ("b", "y")]),
            "x {b} en y"
        );
        assert_eq!(super::fill("{onbekend} {", &[("a", "x")]), "{onbekend} {");
        assert_eq!(super::fill("", &[]), "");
    }
}
