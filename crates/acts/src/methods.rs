//! The library of methods and protocols: modules owned by an employee,
//! versions that go concept → (team comments) → definitive, and the
//! definitive versions an intervention can follow. Casework reads and takes
//! part; the owner (or a team lead) writes; only a team lead makes a version
//! definitive. The library names no client, so its reads leave no
//! processing-log record; a refusal is a security event like any other.

use serde::{Deserialize, Serialize};
use zicht_domain::{
    method::{
        may_make_definitive, may_use_library, may_write, parse_comment, LibraryFacts,
        MethodCommentId, MethodModuleId, MethodVersionId, NewModule, Standing, VersionStatus,
        VersionText,
    },
    CatalogueItemId, DomainError, EmployeeId,
};
use zicht_storage::{MethodModule, NamedRef};

use crate::{door::forbidden, security, Acts, Caller};

/// A new module as typed in (the form and the JSON body alike).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ModuleInput {
    /// `methodiek` or `protocol`.
    pub kind: String,
    pub title: String,
    /// The owner; the caller when absent.
    pub owner_id: Option<i64>,
    pub catalogue_item_ids: Vec<i64>,
    /// Instrument codes.
    pub instruments: Vec<String>,
    /// `jjjj-mm-dd` or `dd-mm-jjjj`.
    pub effective_on: String,
    /// Markdown.
    pub body: String,
}

/// A version's text as typed in.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct VersionInput {
    pub effective_on: String,
    pub body: String,
}

/// A comment as typed in.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CommentInput {
    pub body: String,
}

/// A definitive version an intervention can follow: in force today, or
/// taking effect later.
#[derive(Debug, Clone, Serialize)]
pub struct ProtocolChoice {
    pub version_id: MethodVersionId,
    pub module_id: MethodModuleId,
    pub title: String,
    pub number: i64,
    pub standing: Standing,
    pub catalogue_items: Vec<NamedRef<CatalogueItemId>>,
}

impl Acts {
    /// Lets casework into the library, or refuses (a security event).
    fn library_door(&self, who: &Caller, operation: &str) -> crate::Result<()> {
        if may_use_library(&who.viewer()) {
            Ok(())
        } else {
            security::refused_act(who, operation);
            Err(forbidden())
        }
    }

    /// Lets the owner of a module or a team lead write its text.
    fn write_door(&self, who: &Caller, owner: EmployeeId, operation: &str) -> crate::Result<()> {
        if may_write(&who.viewer(), owner) {
            Ok(())
        } else {
            security::refused_act(who, operation);
            Err(DomainError::forbidden("method_write_owner_only").into())
        }
    }

    /// Every module of the organisation, with its versions.
    pub async fn method_library(&self, who: &Caller) -> crate::Result<Vec<MethodModule>> {
        self.library_door(who, "methodieken_lezen")?;
        self.store
            .method_modules(who.organisation_id, who.today())
            .await
    }

    /// One module with its versions, comments and history; another
    /// organisation's is not found.
    pub async fn method_module(
        &self,
        who: &Caller,
        id: MethodModuleId,
    ) -> crate::Result<MethodModule> {
        self.library_door(who, "methodiek_lezen")?;
        self.store
            .method_module(who.organisation_id, id, who.today())
            .await
    }

    /// The module a version belongs to.
    pub async fn method_version_module(
        &self,
        who: &Caller,
        version: MethodVersionId,
    ) -> crate::Result<MethodModuleId> {
        self.library_door(who, "methodiek_lezen")?;
        Ok(self
            .store
            .method_version_facts(who.organisation_id, version)
            .await?
            .module_id)
    }

    /// Adds a module with its first version, a concept; owned by an employee
    /// who works with clients (the caller when none is named).
    pub async fn create_method_module(
        &self,
        who: &Caller,
        input: &ModuleInput,
    ) -> crate::Result<(MethodModuleId, MethodVersionId)> {
        self.library_door(who, "methodiek_aanmaken")?;
        let org = who.organisation_id;
        let owners: Vec<EmployeeId> = self
            .store
            .employees(org)
            .await?
            .into_iter()
            .filter(|e| e.role.works_with_clients())
            .map(|e| e.id)
            .collect();
        let items: Vec<CatalogueItemId> = self
            .store
            .catalogue(org)
            .await?
            .into_iter()
            .map(|i| i.id)
            .collect();
        let chosen: Vec<CatalogueItemId> = input
            .catalogue_item_ids
            .iter()
            .map(|i| CatalogueItemId(*i))
            .collect();
        let module = NewModule::parse(
            LibraryFacts {
                owners: &owners,
                items: &items,
            },
            &input.kind,
            &input.title,
            Some(input.owner_id.map_or(who.employee.id, EmployeeId)),
            &chosen,
            &input.instruments,
            &input.effective_on,
            &input.body,
        )?;
        self.store.create_method_module(&who.ctx, &module).await
    }

    /// Starts a new concept of a module, based on `based_on` (a version of
    /// the module) or else on its latest definitive version; the owner or a
    /// team lead, and not while a concept is open.
    pub async fn draft_method_version(
        &self,
        who: &Caller,
        module: MethodModuleId,
        based_on: Option<MethodVersionId>,
        input: &VersionInput,
    ) -> crate::Result<MethodVersionId> {
        const OP: &str = "methodiek_versie_aanmaken";
        self.library_door(who, OP)?;
        let m = self
            .store
            .method_module(who.organisation_id, module, who.today())
            .await?;
        self.write_door(who, m.owner.id, OP)?;
        let based_on = based_on.or_else(|| {
            m.versions
                .iter()
                .find(|v| v.status == VersionStatus::Definitive)
                .map(|v| v.id)
        });
        let text = VersionText::parse(&input.effective_on, &input.body)?;
        self.store
            .draft_method_version(&who.ctx, module, based_on, &text)
            .await
    }

    /// Changes a concept's text: the owner or a team lead. A definitive
    /// version is refused, and stays as it was.
    pub async fn edit_method_version(
        &self,
        who: &Caller,
        version: MethodVersionId,
        input: &VersionInput,
    ) -> crate::Result<()> {
        const OP: &str = "methodiek_versie_wijzigen";
        self.library_door(who, OP)?;
        let facts = self
            .store
            .method_version_facts(who.organisation_id, version)
            .await?;
        self.write_door(who, facts.owner, OP)?;
        zicht_domain::method::check_edit(facts.status)?;
        let text = VersionText::parse(&input.effective_on, &input.body)?;
        self.store
            .edit_method_version(&who.ctx, version, &text)
            .await
    }

    /// A team member's comment on a concept.
    pub async fn comment_method_version(
        &self,
        who: &Caller,
        version: MethodVersionId,
        input: &CommentInput,
    ) -> crate::Result<MethodCommentId> {
        self.library_door(who, "methodiek_becommentarieren")?;
        let facts = self
            .store
            .method_version_facts(who.organisation_id, version)
            .await?;
        zicht_domain::method::check_comment(facts.status)?;
        let body = parse_comment(&input.body)?;
        self.store
            .comment_method_version(&who.ctx, version, &body)
            .await
    }

    /// Makes a concept definitive: a team lead only; anyone else is refused
    /// and nothing changes.
    pub async fn make_method_version_definitive(
        &self,
        who: &Caller,
        version: MethodVersionId,
    ) -> crate::Result<()> {
        const OP: &str = "methodiek_definitief_maken";
        self.library_door(who, OP)?;
        // Not found before refused: another organisation's version is unknown.
        self.store
            .method_version_facts(who.organisation_id, version)
            .await?;
        if !may_make_definitive(&who.viewer()) {
            security::refused_act(who, OP);
            return Err(DomainError::forbidden("method_definitive_team_lead_only").into());
        }
        self.store
            .make_method_version_definitive(&who.ctx, version)
            .await
    }

    /// The definitive versions an intervention can follow: each module's
    /// version in force today and any that takes effect later.
    pub async fn protocol_choices(&self, who: &Caller) -> crate::Result<Vec<ProtocolChoice>> {
        self.library_door(who, "methodieken_lezen")?;
        let modules = self
            .store
            .method_modules(who.organisation_id, who.today())
            .await?;
        let mut out = Vec::new();
        for m in modules {
            for v in m
                .versions
                .iter()
                .filter(|v| matches!(v.standing, Standing::InForce | Standing::Upcoming))
            {
                out.push(ProtocolChoice {
                    version_id: v.id,
                    module_id: m.id,
                    title: m.title.clone(),
                    number: v.number,
                    standing: v.standing,
                    catalogue_items: m.catalogue_items.clone(),
                });
            }
        }
        Ok(out)
    }
}

/// How the library stands, for the effectenkaart: counts only, so
/// management may read it too.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct LibraryStanding {
    /// Modules with a version in force.
    pub in_force: usize,
    /// Modules with a concept being written.
    pub in_concept: usize,
    /// Days since the version in force took effect, the median over the
    /// modules with one.
    pub median_age_days: Option<i64>,
    /// The oldest version in force, in days.
    pub oldest_age_days: Option<i64>,
}

impl Acts {
    pub async fn library_standing(&self, who: &Caller) -> crate::Result<LibraryStanding> {
        const OP: &str = "methodieken_stand_lezen";
        let me = who.viewer();
        if !matches!(
            me.role,
            zicht_domain::access::Role::Management
                | zicht_domain::access::Role::Teamleider
                | zicht_domain::access::Role::Klantmanager
        ) {
            security::refused_act(who, OP);
            return Err(forbidden());
        }
        let today = who.today();
        let modules = self
            .store
            .method_modules(who.organisation_id, today)
            .await?;
        let mut ages: Vec<i64> = modules
            .iter()
            .filter_map(|m| m.in_force())
            .map(|v| (today - v.effective_on).whole_days())
            .collect();
        ages.sort_unstable();
        Ok(LibraryStanding {
            in_force: ages.len(),
            in_concept: modules.iter().filter(|m| m.concept().is_some()).count(),
            median_age_days: (!ages.is_empty()).then(|| ages[ages.len() / 2]),
            oldest_age_days: ages.last().copied(),
        })
    }
}
