//! The library of methods and protocols: modules, versions, comments, and
//! the history row each change appends in the same transaction.

use sqlx::Row;
use time::Date;
use zicht_domain::{
    method::{
        self, MethodCommentId, MethodEvent, MethodInstrument, MethodKind, MethodModuleId,
        MethodVersionId, NewModule, VersionStatus, VersionText,
    },
    CatalogueItemId, DomainError, EmployeeId, OrganisationId,
};

use super::{rows::corrupt, rows::named, BackendStore, DbConnection, DbRow};
use crate::{
    Ctx, MethodComment, MethodHistoryEntry, MethodModule, MethodVersion, MethodVersionFacts,
    Result, StoreError,
};

/// Appends one row to the library's history.
async fn append(
    conn: &mut DbConnection,
    ctx: &Ctx,
    module: MethodModuleId,
    version: Option<MethodVersionId>,
    event: &MethodEvent,
) -> Result<()> {
    let payload = serde_json::to_string(event).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    sqlx::query(
        "INSERT INTO method_events (organisation_id, module_id, version_id, kind, payload, actor_employee_id, occurred_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(ctx.organisation_id.0)
    .bind(module.0)
    .bind(version.map(|v| v.0))
    .bind(event.kind())
    .bind(payload)
    .bind(ctx.actor.employee_id.0)
    .bind(ctx.at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn insert_version(
    conn: &mut DbConnection,
    ctx: &Ctx,
    module: MethodModuleId,
    number: i64,
    based_on: Option<MethodVersionId>,
    text: &VersionText,
) -> Result<MethodVersionId> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO method_versions (organisation_id, module_id, number, status, effective_on, body,
             based_on_version_id, created_by, created_at)
         VALUES ($1, $2, $3, 'concept', $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(ctx.organisation_id.0)
    .bind(module.0)
    .bind(number)
    .bind(text.effective_on)
    .bind(&text.body)
    .bind(based_on.map(|b| b.0))
    .bind(ctx.actor.employee_id.0)
    .bind(ctx.at)
    .fetch_one(&mut *conn)
    .await?;
    Ok(MethodVersionId(id))
}

const VERSION_FACTS: &str = "SELECT v.module_id, v.status, v.effective_on, m.owner_employee_id
     FROM method_versions v JOIN method_modules m ON m.id = v.module_id
     WHERE v.organisation_id = $1 AND v.id = $2";

fn facts_from_row(r: &DbRow) -> Result<(MethodVersionFacts, Date)> {
    let status: String = r.try_get("status")?;
    Ok((
        MethodVersionFacts {
            module_id: MethodModuleId(r.try_get("module_id")?),
            owner: EmployeeId(r.try_get("owner_employee_id")?),
            status: VersionStatus::parse(&status)
                .ok_or_else(|| corrupt("version status", &status))?,
        },
        r.try_get("effective_on")?,
    ))
}

async fn version_facts(
    conn: &mut DbConnection,
    org: OrganisationId,
    id: MethodVersionId,
) -> Result<(MethodVersionFacts, Date)> {
    let row = sqlx::query(VERSION_FACTS)
        .bind(org.0)
        .bind(id.0)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound("method_version"))?;
    facts_from_row(&row)
}

fn version_from_row(r: &DbRow) -> Result<MethodVersion> {
    let status: String = r.try_get("status")?;
    let decided_by = match r.try_get::<Option<i64>, _>("decided_by")? {
        Some(id) => Some(crate::NamedRef {
            id: EmployeeId(id),
            name: r
                .try_get::<Option<String>, _>("decided_by_name")?
                .unwrap_or_default(),
        }),
        None => None,
    };
    Ok(MethodVersion {
        id: MethodVersionId(r.try_get("id")?),
        module_id: MethodModuleId(r.try_get("module_id")?),
        number: r.try_get("number")?,
        status: VersionStatus::parse(&status).ok_or_else(|| corrupt("version status", &status))?,
        standing: method::Standing::Concept,
        effective_on: r.try_get("effective_on")?,
        superseded_from: None,
        based_on: r
            .try_get::<Option<i64>, _>("based_on_version_id")?
            .map(MethodVersionId),
        body: r.try_get("body")?,
        created_by: named(r, "created_by", "created_by_name", EmployeeId)?,
        created_at: r.try_get("created_at")?,
        decided_by,
        decided_at: r.try_get("decided_at")?,
        comments: Vec::new(),
    })
}

/// Says where each version of one module stands on `today`: a definitive
/// version is superseded from the effective date of the next definitive one.
fn place(versions: &mut [MethodVersion], today: Date) {
    let definitive: Vec<(i64, Date)> = versions
        .iter()
        .filter(|v| v.status == VersionStatus::Definitive)
        .map(|v| (v.number, v.effective_on))
        .collect();
    for v in versions.iter_mut() {
        if v.status == VersionStatus::Definitive {
            v.superseded_from = definitive
                .iter()
                .filter(|(n, _)| *n > v.number)
                .min_by_key(|(n, _)| *n)
                .map(|(_, d)| *d);
        }
        v.standing = method::standing(v.status, v.effective_on, v.superseded_from, today);
    }
}

const MODULE_SELECT: &str = "
    SELECT m.id, m.kind, m.title, m.owner_employee_id, o.name AS owner_name, m.created_at
    FROM method_modules m JOIN employees o ON o.id = m.owner_employee_id
    WHERE m.organisation_id = $1";

const VERSION_SELECT: &str = "
    SELECT v.*, c.name AS created_by_name, d.name AS decided_by_name
    FROM method_versions v
    JOIN employees c ON c.id = v.created_by
    LEFT JOIN employees d ON d.id = v.decided_by
    WHERE v.organisation_id = $1";

impl BackendStore {
    /// Modules (all, or one) with links and versions; no comments or history.
    async fn load_modules(
        &self,
        org: OrganisationId,
        only: Option<MethodModuleId>,
        today: Date,
    ) -> Result<Vec<MethodModule>> {
        let only = only.map(|m| m.0);
        let mut modules = sqlx::query(&format!(
            "{MODULE_SELECT} AND ($2 IS NULL OR m.id = $2) ORDER BY m.title, m.id"
        ))
        .bind(org.0)
        .bind(only)
        .fetch_all(&self.reader)
        .await?
        .iter()
        .map(|r| {
            let kind: String = r.try_get("kind")?;
            Ok(MethodModule {
                id: MethodModuleId(r.try_get("id")?),
                kind: MethodKind::from_code(&kind).ok_or_else(|| corrupt("method kind", &kind))?,
                title: r.try_get("title")?,
                owner: named(r, "owner_employee_id", "owner_name", EmployeeId)?,
                catalogue_items: Vec::new(),
                instruments: Vec::new(),
                created_at: r.try_get("created_at")?,
                versions: Vec::new(),
                history: Vec::new(),
            })
        })
        .collect::<Result<Vec<_>>>()?;
        let items = sqlx::query(
            "SELECT i.module_id, c.id, c.name FROM method_module_items i
             JOIN catalogue_items c ON c.id = i.catalogue_item_id
             WHERE i.organisation_id = $1 AND ($2 IS NULL OR i.module_id = $2) ORDER BY c.name, c.id",
        )
        .bind(org.0)
        .bind(only)
        .fetch_all(&self.reader)
        .await?;
        for r in &items {
            let module: i64 = r.try_get("module_id")?;
            if let Some(m) = modules.iter_mut().find(|m| m.id.0 == module) {
                m.catalogue_items
                    .push(named(r, "id", "name", CatalogueItemId)?);
            }
        }
        let instruments = sqlx::query(
            "SELECT n.module_id, n.instrument FROM method_module_instruments n
             JOIN method_modules m ON m.id = n.module_id
             WHERE m.organisation_id = $1 AND ($2 IS NULL OR n.module_id = $2) ORDER BY n.instrument",
        )
        .bind(org.0)
        .bind(only)
        .fetch_all(&self.reader)
        .await?;
        for r in &instruments {
            let module: i64 = r.try_get("module_id")?;
            let code: String = r.try_get("instrument")?;
            let i =
                MethodInstrument::from_code(&code).ok_or_else(|| corrupt("instrument", &code))?;
            if let Some(m) = modules.iter_mut().find(|m| m.id.0 == module) {
                m.instruments.push(i);
            }
        }
        let versions = sqlx::query(&format!(
            "{VERSION_SELECT} AND ($2 IS NULL OR v.module_id = $2) ORDER BY v.module_id, v.number DESC"
        ))
        .bind(org.0)
        .bind(only)
        .fetch_all(&self.reader)
        .await?;
        for r in &versions {
            let v = version_from_row(r)?;
            if let Some(m) = modules.iter_mut().find(|m| m.id == v.module_id) {
                m.versions.push(v);
            }
        }
        for m in &mut modules {
            place(&mut m.versions, today);
        }
        Ok(modules)
    }
}

#[async_trait::async_trait]
impl crate::MethodStore for BackendStore {
    async fn create_method_module(
        &self,
        ctx: &Ctx,
        m: &NewModule,
    ) -> Result<(MethodModuleId, MethodVersionId)> {
        let org = ctx.organisation_id.0;
        let mut tx = self.writer.begin().await?;
        let taken: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM method_modules WHERE organisation_id = $1 AND title = $2",
        )
        .bind(org)
        .bind(&m.title)
        .fetch_optional(&mut *tx)
        .await?;
        if taken.is_some() {
            return Err(DomainError::invalid("title", "method_title_taken").into());
        }
        let id = MethodModuleId(
            sqlx::query_scalar(
                "INSERT INTO method_modules (organisation_id, kind, title, owner_employee_id, created_by, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(org)
            .bind(m.kind.as_str())
            .bind(&m.title)
            .bind(m.owner.0)
            .bind(ctx.actor.employee_id.0)
            .bind(ctx.at)
            .fetch_one(&mut *tx)
            .await?,
        );
        for item in &m.items {
            sqlx::query(
                "INSERT INTO method_module_items (module_id, organisation_id, catalogue_item_id) VALUES ($1, $2, $3)",
            )
            .bind(id.0)
            .bind(org)
            .bind(item.0)
            .execute(&mut *tx)
            .await?;
        }
        for i in &m.instruments {
            sqlx::query(
                "INSERT INTO method_module_instruments (module_id, instrument) VALUES ($1, $2)",
            )
            .bind(id.0)
            .bind(i.as_str())
            .execute(&mut *tx)
            .await?;
        }
        let version = insert_version(&mut tx, ctx, id, 1, None, &m.first).await?;
        append(
            &mut tx,
            ctx,
            id,
            Some(version),
            &MethodEvent::ModuleCreated {
                module: m.clone(),
                version_id: version,
            },
        )
        .await?;
        tx.commit().await?;
        Ok((id, version))
    }

    async fn method_modules(&self, org: OrganisationId, today: Date) -> Result<Vec<MethodModule>> {
        self.load_modules(org, None, today).await
    }

    async fn method_module(
        &self,
        org: OrganisationId,
        id: MethodModuleId,
        today: Date,
    ) -> Result<MethodModule> {
        let mut m = self
            .load_modules(org, Some(id), today)
            .await?
            .pop()
            .ok_or(StoreError::NotFound("method_module"))?;
        let comments = sqlx::query(
            "SELECT c.id, c.version_id, c.author_employee_id, e.name AS author_name, c.body, c.created_at
             FROM method_comments c
             JOIN method_versions v ON v.id = c.version_id
             JOIN employees e ON e.id = c.author_employee_id
             WHERE c.organisation_id = $1 AND v.module_id = $2 ORDER BY c.id",
        )
        .bind(org.0)
        .bind(id.0)
        .fetch_all(&self.reader)
        .await?;
        for r in &comments {
            let version: i64 = r.try_get("version_id")?;
            let c = MethodComment {
                id: MethodCommentId(r.try_get("id")?),
                author: named(r, "author_employee_id", "author_name", EmployeeId)?,
                body: r.try_get("body")?,
                created_at: r.try_get("created_at")?,
            };
            if let Some(v) = m.versions.iter_mut().find(|v| v.id.0 == version) {
                v.comments.push(c);
            }
        }
        m.history = sqlx::query(
            "SELECT h.kind, h.version_id, h.actor_employee_id, e.name AS actor_name, h.occurred_at
             FROM method_events h JOIN employees e ON e.id = h.actor_employee_id
             WHERE h.organisation_id = $1 AND h.module_id = $2 ORDER BY h.id",
        )
        .bind(org.0)
        .bind(id.0)
        .fetch_all(&self.reader)
        .await?
        .iter()
        .map(|r| {
            Ok(MethodHistoryEntry {
                kind: r.try_get("kind")?,
                version_id: r
                    .try_get::<Option<i64>, _>("version_id")?
                    .map(MethodVersionId),
                actor: named(r, "actor_employee_id", "actor_name", EmployeeId)?,
                occurred_at: r.try_get("occurred_at")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        Ok(m)
    }

    async fn method_version_facts(
        &self,
        org: OrganisationId,
        id: MethodVersionId,
    ) -> Result<MethodVersionFacts> {
        let row = sqlx::query(VERSION_FACTS)
            .bind(org.0)
            .bind(id.0)
            .fetch_optional(&self.reader)
            .await?
            .ok_or(StoreError::NotFound("method_version"))?;
        Ok(facts_from_row(&row)?.0)
    }

    async fn draft_method_version(
        &self,
        ctx: &Ctx,
        module: MethodModuleId,
        based_on: Option<MethodVersionId>,
        text: &VersionText,
    ) -> Result<MethodVersionId> {
        let org = ctx.organisation_id;
        let mut tx = self.writer.begin().await?;
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM method_modules WHERE organisation_id = $1 AND id = $2",
        )
        .bind(org.0)
        .bind(module.0)
        .fetch_optional(&mut *tx)
        .await?;
        if found.is_none() {
            return Err(StoreError::NotFound("method_module"));
        }
        if let Some(b) = based_on {
            let (facts, _) = version_facts(&mut tx, org, b).await?;
            if facts.module_id != module {
                return Err(
                    DomainError::invalid("based_on", "method_version_of_other_module").into(),
                );
            }
        }
        let concepts: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM method_versions WHERE module_id = $1 AND status = 'concept'",
        )
        .bind(module.0)
        .fetch_one(&mut *tx)
        .await?;
        method::check_new_version(concepts > 0)?;
        let last: Option<i64> =
            sqlx::query_scalar("SELECT max(number) FROM method_versions WHERE module_id = $1")
                .bind(module.0)
                .fetch_one(&mut *tx)
                .await?;
        let number = last.unwrap_or(0) + 1;
        let id = insert_version(&mut tx, ctx, module, number, based_on, text).await?;
        append(
            &mut tx,
            ctx,
            module,
            Some(id),
            &MethodEvent::VersionDrafted {
                version_id: id,
                number,
                based_on,
                text: text.clone(),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn edit_method_version(
        &self,
        ctx: &Ctx,
        version: MethodVersionId,
        text: &VersionText,
    ) -> Result<()> {
        let mut tx = self.writer.begin().await?;
        let (facts, _) = version_facts(&mut tx, ctx.organisation_id, version).await?;
        method::check_edit(facts.status)?;
        sqlx::query(
            "UPDATE method_versions SET effective_on = $1, body = $2
             WHERE id = $3 AND status = 'concept'",
        )
        .bind(text.effective_on)
        .bind(&text.body)
        .bind(version.0)
        .execute(&mut *tx)
        .await?;
        append(
            &mut tx,
            ctx,
            facts.module_id,
            Some(version),
            &MethodEvent::VersionEdited {
                version_id: version,
                text: text.clone(),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn comment_method_version(
        &self,
        ctx: &Ctx,
        version: MethodVersionId,
        body: &str,
    ) -> Result<MethodCommentId> {
        let mut tx = self.writer.begin().await?;
        let (facts, _) = version_facts(&mut tx, ctx.organisation_id, version).await?;
        method::check_comment(facts.status)?;
        let id = MethodCommentId(
            sqlx::query_scalar(
                "INSERT INTO method_comments (organisation_id, version_id, author_employee_id, body, created_at)
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(ctx.organisation_id.0)
            .bind(version.0)
            .bind(ctx.actor.employee_id.0)
            .bind(body)
            .bind(ctx.at)
            .fetch_one(&mut *tx)
            .await?,
        );
        append(
            &mut tx,
            ctx,
            facts.module_id,
            Some(version),
            &MethodEvent::Commented {
                version_id: version,
                comment_id: id,
                body: body.to_string(),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn make_method_version_definitive(
        &self,
        ctx: &Ctx,
        version: MethodVersionId,
    ) -> Result<()> {
        let mut tx = self.writer.begin().await?;
        let (facts, effective_on) = version_facts(&mut tx, ctx.organisation_id, version).await?;
        let latest = sqlx::query(
            "SELECT id, effective_on FROM method_versions
             WHERE module_id = $1 AND status = 'definitive' ORDER BY number DESC LIMIT 1",
        )
        .bind(facts.module_id.0)
        .fetch_optional(&mut *tx)
        .await?;
        let (supersedes, latest_on) = match &latest {
            Some(r) => (
                Some(MethodVersionId(r.try_get("id")?)),
                Some(r.try_get::<Date, _>("effective_on")?),
            ),
            None => (None, None),
        };
        method::check_definitive(facts.status, effective_on, latest_on)?;
        sqlx::query(
            "UPDATE method_versions SET status = 'definitive', decided_by = $1, decided_at = $2
             WHERE id = $3 AND status = 'concept'",
        )
        .bind(ctx.actor.employee_id.0)
        .bind(ctx.at)
        .bind(version.0)
        .execute(&mut *tx)
        .await?;
        append(
            &mut tx,
            ctx,
            facts.module_id,
            Some(version),
            &MethodEvent::MadeDefinitive {
                version_id: version,
                effective_on,
                supersedes,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
