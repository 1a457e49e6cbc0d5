//! The library of methods and protocols (werkwijzen): a module is owned by
//! an employee and linked to catalogue items and instruments; its text lives
//! in versions that go concept → (team comments) → definitive. Only a team
//! lead makes a version definitive; a definitive version is never changed,
//! only superseded by a later definitive version from that one's effective
//! date (ingangsdatum). The library holds no personal data of clients.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::{
    access::{Role, Viewer},
    code::code_enum,
    error::DomainError,
    ids::{CatalogueItemId, EmployeeId},
    text,
};

macro_rules! method_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

method_id!(
    /// A module (methodiek or protocol) in the library.
    MethodModuleId
);
method_id!(
    /// One version of a module's text.
    MethodVersionId
);
method_id!(
    /// A team member's comment on a concept version.
    MethodCommentId
);

code_enum! {
    /// What kind of module: a way of working, or a protocol to follow.
    pub enum MethodKind {
        Methodiek => "methodiek",
        Protocol => "protocol",
    }
    parse: invalid("kind", "method_kind_invalid")
}

code_enum! {
    /// Where a version stands as stored.
    pub enum VersionStatus {
        /// Being written; the team comments on it.
        Concept => "concept",
        /// Made definitive by a team lead; never changed again.
        Definitive => "definitive",
    }
    parse: exact
}

code_enum! {
    /// Where a version stands on a given day, as readers see it.
    pub enum Standing {
        Concept => "concept",
        /// Definitive, from an effective date still to come.
        Upcoming => "upcoming",
        /// Definitive and the one to follow now.
        InForce => "in_force",
        /// Definitive, and replaced by a later definitive version.
        Superseded => "superseded",
    }
    parse: exact
}

code_enum! {
    /// The assessment instruments a module can refer to: the two Dutch
    /// instruments the diagnosis uses, and the five basic skills of the
    /// klantinzetformulier.
    pub enum MethodInstrument {
        Participatieladder => "participatieladder",
        Zrm => "zrm",
        VijfVaardigheden => "vijf_vaardigheden",
    }
    parse: invalid("instruments", "method_instrument_invalid")
}

/// The longest text of one version (markdown), in characters.
pub const BODY_MAX: usize = 20_000;

/// Reading the library and taking part in it (writing a module, commenting
/// on a concept): the employees who work with clients.
pub fn may_use_library(v: &Viewer) -> bool {
    v.role.works_with_clients()
}

/// Making a version definitive: a team lead only.
pub fn may_make_definitive(v: &Viewer) -> bool {
    v.role == Role::Teamleider
}

/// Writing a module's text (changing its concept, starting a new version):
/// its owner, or a team lead.
pub fn may_write(v: &Viewer, owner: EmployeeId) -> bool {
    may_use_library(v) && (v.employee == owner || v.role == Role::Teamleider)
}

/// A version's text as typed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionText {
    pub effective_on: Date,
    pub body: String,
}

impl VersionText {
    /// Checks an effective date and a text; every error at once.
    pub fn parse(effective_on: &str, body: &str) -> Result<VersionText, Vec<DomainError>> {
        let mut errors = Vec::new();
        let effective_on = if effective_on.trim().is_empty() {
            Err(DomainError::invalid(
                "effective_on",
                "method_effective_required",
            ))
        } else {
            text::parse_date("effective_on", effective_on)
        }
        .map_err(|e| errors.push(e))
        .ok();
        let body = text::required("body", body, "method_body_required", BODY_MAX)
            .map_err(|e| errors.push(e))
            .ok();
        match (effective_on, body) {
            (Some(effective_on), Some(body)) if errors.is_empty() => {
                Ok(VersionText { effective_on, body })
            }
            _ => Err(errors),
        }
    }
}

/// What the rules need to know of the organisation: who may own a module,
/// and which catalogue items exist.
#[derive(Debug, Clone, Copy)]
pub struct LibraryFacts<'a> {
    pub owners: &'a [EmployeeId],
    pub items: &'a [CatalogueItemId],
}

/// A module as it may be stored, with its first (concept) version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewModule {
    pub kind: MethodKind,
    pub title: String,
    pub owner: EmployeeId,
    pub items: Vec<CatalogueItemId>,
    pub instruments: Vec<MethodInstrument>,
    pub first: VersionText,
}

impl NewModule {
    /// Checks a module as typed in; every error at once, each with its field
    /// (`kind`, `title`, `owner_id`, `catalogue_item_ids`, `instruments`,
    /// `effective_on`, `body`).
    #[allow(clippy::too_many_arguments)]
    pub fn parse(
        facts: LibraryFacts<'_>,
        kind: &str,
        title: &str,
        owner: Option<EmployeeId>,
        items: &[CatalogueItemId],
        instruments: &[String],
        effective_on: &str,
        body: &str,
    ) -> Result<NewModule, Vec<DomainError>> {
        let mut errors = Vec::new();
        let kind = MethodKind::parse(kind).map_err(|e| errors.push(e)).ok();
        let title = text::required("title", title, "method_title_required", text::SHORT)
            .map_err(|e| errors.push(e))
            .ok();
        let owner = match owner {
            None => {
                errors.push(DomainError::invalid("owner_id", "method_owner_required"));
                None
            }
            Some(o) if !facts.owners.contains(&o) => {
                errors.push(DomainError::invalid("owner_id", "method_owner_unknown"));
                None
            }
            Some(o) => Some(o),
        };
        let mut kept_items: Vec<CatalogueItemId> = Vec::new();
        for i in items {
            if !facts.items.contains(i) {
                errors.push(DomainError::invalid(
                    "catalogue_item_ids",
                    "catalogue_item_unknown",
                ));
                break;
            }
            if !kept_items.contains(i) {
                kept_items.push(*i);
            }
        }
        let mut kept_instruments: Vec<MethodInstrument> = Vec::new();
        for raw in instruments.iter().filter(|r| !r.trim().is_empty()) {
            match MethodInstrument::parse(raw) {
                Ok(i) if !kept_instruments.contains(&i) => kept_instruments.push(i),
                Ok(_) => {}
                Err(e) => {
                    errors.push(e);
                    break;
                }
            }
        }
        let first = VersionText::parse(effective_on, body)
            .map_err(|e| errors.extend(e))
            .ok();
        match (kind, title, owner, first) {
            (Some(kind), Some(title), Some(owner), Some(first)) if errors.is_empty() => {
                Ok(NewModule {
                    kind,
                    title,
                    owner,
                    items: kept_items,
                    instruments: kept_instruments,
                    first,
                })
            }
            _ => Err(errors),
        }
    }
}

/// A comment on a concept, as typed in.
pub fn parse_comment(body: &str) -> Result<String, DomainError> {
    text::required("body", body, "method_comment_required", text::LONG)
}

/// Changing a version's text: only while it is a concept.
pub fn check_edit(status: VersionStatus) -> Result<(), DomainError> {
    match status {
        VersionStatus::Concept => Ok(()),
        VersionStatus::Definitive => Err(DomainError::conflict("method_version_definitive")),
    }
}

/// Commenting: only on a concept.
pub fn check_comment(status: VersionStatus) -> Result<(), DomainError> {
    match status {
        VersionStatus::Concept => Ok(()),
        VersionStatus::Definitive => Err(DomainError::conflict("method_comment_on_definitive")),
    }
}

/// Starting a new version: not while the module has a concept open, which
/// is the one to work on.
pub fn check_new_version(concept_open: bool) -> Result<(), DomainError> {
    if concept_open {
        Err(DomainError::conflict("method_concept_open"))
    } else {
        Ok(())
    }
}

/// Making a version definitive: a concept, effective no earlier than the
/// module's latest definitive version (which it then supersedes).
pub fn check_definitive(
    status: VersionStatus,
    effective_on: Date,
    latest_definitive: Option<Date>,
) -> Result<(), DomainError> {
    if status == VersionStatus::Definitive {
        return Err(DomainError::conflict("method_version_already_definitive"));
    }
    if latest_definitive.is_some_and(|d| effective_on < d) {
        return Err(DomainError::invalid(
            "effective_on",
            "method_effective_before_previous",
        ));
    }
    Ok(())
}

/// Where a version stands on `today`: `superseded_from` is the effective
/// date of the next definitive version of the module, if there is one.
pub fn standing(
    status: VersionStatus,
    effective_on: Date,
    superseded_from: Option<Date>,
    today: Date,
) -> Standing {
    match status {
        VersionStatus::Concept => Standing::Concept,
        VersionStatus::Definitive if superseded_from.is_some_and(|d| d <= today) => {
            Standing::Superseded
        }
        VersionStatus::Definitive if effective_on > today => Standing::Upcoming,
        VersionStatus::Definitive => Standing::InForce,
    }
}

/// One change to the library, as its history keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MethodEvent {
    ModuleCreated {
        module: NewModule,
        version_id: MethodVersionId,
    },
    VersionDrafted {
        version_id: MethodVersionId,
        number: i64,
        based_on: Option<MethodVersionId>,
        text: VersionText,
    },
    VersionEdited {
        version_id: MethodVersionId,
        text: VersionText,
    },
    Commented {
        version_id: MethodVersionId,
        comment_id: MethodCommentId,
        body: String,
    },
    MadeDefinitive {
        version_id: MethodVersionId,
        effective_on: Date,
        /// The definitive version this one supersedes from its effective date.
        supersedes: Option<MethodVersionId>,
    },
}

impl MethodEvent {
    /// The event's kind, as the history table stores it.
    pub fn kind(&self) -> &'static str {
        match self {
            MethodEvent::ModuleCreated { .. } => "module_created",
            MethodEvent::VersionDrafted { .. } => "version_drafted",
            MethodEvent::VersionEdited { .. } => "version_edited",
            MethodEvent::Commented { .. } => "commented",
            MethodEvent::MadeDefinitive { .. } => "made_definitive",
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::ids::TeamId;
    use time::macros::date;

    const OWNERS: [EmployeeId; 2] = [EmployeeId(1), EmployeeId(2)];
    const ITEMS: [CatalogueItemId; 2] = [CatalogueItemId(5), CatalogueItemId(6)];

    fn facts() -> LibraryFacts<'static> {
        LibraryFacts {
            owners: &OWNERS,
            items: &ITEMS,
        }
    }

    fn v(role: Role, employee: i64) -> Viewer {
        Viewer {
            role,
            employee: EmployeeId(employee),
            team: TeamId(1),
        }
    }

    #[test]
    fn a_module_with_links_and_a_first_concept() {
        let m = NewModule::parse(
            facts(),
            "protocol",
            " Warme overdracht naar zorg ",
            Some(EmployeeId(2)),
            &[CatalogueItemId(5), CatalogueItemId(5)],
            &["zrm".into(), "".into(), "zrm".into()],
            "01-01-2027",
            "# Stappen\n1. Bellen",
        )
        .unwrap();
        assert_eq!(m.kind, MethodKind::Protocol);
        assert_eq!(m.title, "Warme overdracht naar zorg");
        assert_eq!(m.items, vec![CatalogueItemId(5)]);
        assert_eq!(m.instruments, vec![MethodInstrument::Zrm]);
        assert_eq!(m.first.effective_on, date!(2027 - 01 - 01));
    }

    #[test]
    fn every_error_of_a_module_at_once() {
        let e = NewModule::parse(
            facts(),
            "recept",
            "",
            Some(EmployeeId(9)),
            &[CatalogueItemId(7)],
            &["horoscoop".into()],
            "",
            " ",
        )
        .unwrap_err();
        let codes: Vec<_> = e.iter().map(|e| (e.field.unwrap(), e.code)).collect();
        assert_eq!(
            codes,
            vec![
                ("kind", "method_kind_invalid"),
                ("title", "method_title_required"),
                ("owner_id", "method_owner_unknown"),
                ("catalogue_item_ids", "catalogue_item_unknown"),
                ("instruments", "method_instrument_invalid"),
                ("effective_on", "method_effective_required"),
                ("body", "method_body_required"),
            ]
        );
    }

    #[test]
    fn only_a_team_lead_makes_definitive_and_owners_write() {
        assert!(may_make_definitive(&v(Role::Teamleider, 3)));
        assert!(!may_make_definitive(&v(Role::Klantmanager, 3)));
        assert!(!may_make_definitive(&v(Role::Management, 3)));
        assert!(may_write(&v(Role::Klantmanager, 1), EmployeeId(1)));
        assert!(!may_write(&v(Role::Klantmanager, 2), EmployeeId(1)));
        assert!(may_write(&v(Role::Teamleider, 2), EmployeeId(1)));
        assert!(!may_use_library(&v(Role::Aanbieder, 1)));
    }

    #[test]
    fn a_definitive_version_is_never_edited_nor_commented() {
        assert!(check_edit(VersionStatus::Concept).is_ok());
        assert_eq!(
            check_edit(VersionStatus::Definitive).unwrap_err().code,
            "method_version_definitive"
        );
        assert_eq!(
            check_comment(VersionStatus::Definitive).unwrap_err().code,
            "method_comment_on_definitive"
        );
        assert_eq!(
            check_new_version(true).unwrap_err().code,
            "method_concept_open"
        );
    }

    #[test]
    fn definitive_once_and_not_before_the_previous() {
        let d = date!(2027 - 01 - 01);
        assert!(check_definitive(VersionStatus::Concept, d, None).is_ok());
        assert!(check_definitive(VersionStatus::Concept, d, Some(d)).is_ok());
        assert_eq!(
            check_definitive(VersionStatus::Definitive, d, None)
                .unwrap_err()
                .code,
            "method_version_already_definitive"
        );
        assert_eq!(
            check_definitive(VersionStatus::Concept, d, Some(date!(2027 - 02 - 01)))
                .unwrap_err()
                .code,
            "method_effective_before_previous"
        );
    }

    #[test]
    fn superseded_from_the_next_ones_effective_date() {
        let today = date!(2026 - 12 - 04);
        let def = VersionStatus::Definitive;
        assert_eq!(
            standing(VersionStatus::Concept, today, None, today),
            Standing::Concept
        );
        assert_eq!(
            standing(def, date!(2026 - 01 - 01), None, today),
            Standing::InForce
        );
        assert_eq!(
            standing(def, date!(2027 - 01 - 01), None, today),
            Standing::Upcoming
        );
        // The next one takes effect later: this one is still in force.
        assert_eq!(
            standing(
                def,
                date!(2026 - 01 - 01),
                Some(date!(2027 - 01 - 01)),
                today
            ),
            Standing::InForce
        );
        assert_eq!(
            standing(def, date!(2026 - 01 - 01), Some(today), today),
            Standing::Superseded
        );
    }
}
