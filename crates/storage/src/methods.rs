//! Read models of the library of methods and protocols. Nothing here names
//! a client: the library holds no personal data of clients.

use serde::Serialize;
use time::{Date, OffsetDateTime};
use zicht_domain::{
    method::{
        MethodCommentId, MethodInstrument, MethodKind, MethodModuleId, MethodVersionId, Standing,
        VersionStatus,
    },
    CatalogueItemId, EmployeeId,
};

use crate::NamedRef;

/// A module with its versions (newest first); comments and history only
/// when one module is read.
#[derive(Debug, Clone, Serialize)]
pub struct MethodModule {
    pub id: MethodModuleId,
    pub kind: MethodKind,
    pub title: String,
    pub owner: NamedRef<EmployeeId>,
    pub catalogue_items: Vec<NamedRef<CatalogueItemId>>,
    pub instruments: Vec<MethodInstrument>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    pub versions: Vec<MethodVersion>,
    pub history: Vec<MethodHistoryEntry>,
}

impl MethodModule {
    /// The version to follow today, if any.
    pub fn in_force(&self) -> Option<&MethodVersion> {
        self.versions
            .iter()
            .find(|v| v.standing == Standing::InForce)
    }

    /// The concept being written, if any.
    pub fn concept(&self) -> Option<&MethodVersion> {
        self.versions
            .iter()
            .find(|v| v.status == VersionStatus::Concept)
    }
}

/// One version of a module's text (markdown, as typed).
#[derive(Debug, Clone, Serialize)]
pub struct MethodVersion {
    pub id: MethodVersionId,
    pub module_id: MethodModuleId,
    pub number: i64,
    pub status: VersionStatus,
    /// Where it stands today.
    pub standing: Standing,
    pub effective_on: Date,
    /// From when a later definitive version replaces it.
    pub superseded_from: Option<Date>,
    pub based_on: Option<MethodVersionId>,
    pub body: String,
    pub created_by: NamedRef<EmployeeId>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    pub decided_by: Option<NamedRef<EmployeeId>>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub decided_at: Option<OffsetDateTime>,
    pub comments: Vec<MethodComment>,
}

/// A team member's comment on a concept.
#[derive(Debug, Clone, Serialize)]
pub struct MethodComment {
    pub id: MethodCommentId,
    pub author: NamedRef<EmployeeId>,
    pub body: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// One change in a module's history.
#[derive(Debug, Clone, Serialize)]
pub struct MethodHistoryEntry {
    pub kind: String,
    pub version_id: Option<MethodVersionId>,
    pub actor: NamedRef<EmployeeId>,
    #[serde(with = "time::serde::rfc3339")]
    pub occurred_at: OffsetDateTime,
}

/// What the rules need to know of one version before changing it.
#[derive(Debug, Clone, Copy)]
pub struct MethodVersionFacts {
    pub module_id: MethodModuleId,
    pub owner: EmployeeId,
    pub status: VersionStatus,
}

/// The protocol version an intervention followed, as the trajectplan shows it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ProtocolRef {
    pub version_id: MethodVersionId,
    pub module_id: MethodModuleId,
    pub title: String,
    pub number: i64,
}
