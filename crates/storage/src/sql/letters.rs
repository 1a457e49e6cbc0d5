//! Letters as draft → preview → send (see [`crate::LetterStore`]). Every
//! change is a work event on the client's history, projected into `letters`
//! by `work_projection` in the same transaction.

use std::collections::BTreeMap;

use sqlx::Row;
use zicht_domain::{
    event::{ClientEvent, WorkEvent},
    reintegration::letters,
    ClientId, DomainError, EmployeeId, LetterId, OrganisationId,
};

use super::{
    history::{append, open_version},
    rows::next_id,
    work::{letter_from_row, letter_templates},
    BackendStore, DbConnection,
};
use crate::{Ctx, DraftLetter, Letter, Result, StoreError};

/// A letter of the client as it stands in the transaction, or 404.
async fn letter_in(conn: &mut DbConnection, client: ClientId, letter: LetterId) -> Result<Letter> {
    sqlx::query(
        "SELECT l.*, e.name AS by_name FROM letters l JOIN employees e ON e.id = l.produced_by
         WHERE l.client_id = $1 AND l.id = $2",
    )
    .bind(client.0)
    .bind(letter.0)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(StoreError::NotFound("letter"))
    .and_then(|r| letter_from_row(&r))
}

/// The letter must still be a draft to change it or send it.
fn draft(letter: Letter) -> Result<Letter> {
    if letter.is_draft() {
        Ok(letter)
    } else {
        Err(DomainError::conflict("letter_not_draft").into())
    }
}

#[async_trait::async_trait]
impl crate::LetterStore for BackendStore {
    async fn draft_letter(&self, ctx: &Ctx, client: ClientId, key: &str) -> Result<LetterId> {
        // Templates are read on the writer, so a template saved a moment ago is used.
        let templates = letter_templates(&self.writer, ctx.organisation_id).await?;
        let template = templates
            .into_iter()
            .find(|t| t.key == key)
            .ok_or(DomainError::invalid("template", "letter_template_unknown"))?;
        let mut tx = self.writer.begin().await?;
        let version = open_version(&mut tx, ctx, client).await?;
        let row = sqlx::query(
            "SELECT c.name, c.address, c.postcode, c.place, e.name AS caseworker, t.name AS team,
                 o.name AS organisation FROM clients c
             JOIN employees e ON e.id = c.owner_employee_id JOIN teams t ON t.id = c.owner_team_id
             JOIN organisations o ON o.id = c.organisation_id WHERE c.id = $1",
        )
        .bind(client.0)
        .fetch_one(&mut *tx)
        .await?;
        let outflow = sqlx::query("SELECT employer, hours_per_week, outflow_on, aftercare_until FROM outflows WHERE client_id = $1 ORDER BY outflow_on DESC, id DESC LIMIT 1")
            .bind(client.0)
            .fetch_optional(&mut *tx)
            .await?;
        let mut values: BTreeMap<&str, String> = BTreeMap::new();
        values.insert("naam", row.try_get("name")?);
        values.insert("datum", zicht_domain::text::dmy(ctx.today()));
        values.insert("klantmanager", row.try_get("caseworker")?);
        values.insert("team", row.try_get("team")?);
        values.insert("organisatie", row.try_get("organisation")?);
        values.insert("adres", row.try_get("address")?);
        values.insert("postcode", row.try_get("postcode")?);
        values.insert("woonplaats", row.try_get("place")?);
        if let Some(o) = outflow {
            values.insert("werkgever", o.try_get("employer")?);
            if let Some(h) = o.try_get::<Option<i64>, _>("hours_per_week")? {
                values.insert("uren", h.to_string());
            }
            values.insert(
                "startdatum",
                zicht_domain::text::dmy(o.try_get("outflow_on")?),
            );
            values.insert(
                "nazorg_tot",
                zicht_domain::text::dmy(o.try_get("aftercare_until")?),
            );
        }
        let id = LetterId(next_id(&mut tx, "letters").await?);
        let event = ClientEvent::Work(WorkEvent::LetterDrafted {
            letter_id: id,
            template_key: template.key,
            title: letters::fill(&template.title, &values),
            body: letters::fill(&template.body, &values),
        });
        append(&mut tx, ctx, client, version, &event).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn edit_letter_draft(
        &self,
        ctx: &Ctx,
        client: ClientId,
        letter: LetterId,
        title: &str,
        body: &str,
    ) -> Result<()> {
        let (title, body) = letters::parse_draft(title, body)?;
        let mut tx = self.writer.begin().await?;
        let version = open_version(&mut tx, ctx, client).await?;
        draft(letter_in(&mut tx, client, letter).await?)?;
        let event = ClientEvent::Work(WorkEvent::LetterDraftEdited {
            letter_id: letter,
            title,
            body,
        });
        append(&mut tx, ctx, client, version, &event).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn discard_letter_draft(
        &self,
        ctx: &Ctx,
        client: ClientId,
        letter: LetterId,
    ) -> Result<()> {
        let mut tx = self.writer.begin().await?;
        let version = open_version(&mut tx, ctx, client).await?;
        draft(letter_in(&mut tx, client, letter).await?)?;
        let event = ClientEvent::Work(WorkEvent::LetterDraftDiscarded { letter_id: letter });
        append(&mut tx, ctx, client, version, &event).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn send_letter(&self, ctx: &Ctx, client: ClientId, letter: LetterId) -> Result<Letter> {
        let mut tx = self.writer.begin().await?;
        let version = open_version(&mut tx, ctx, client).await?;
        let found = draft(letter_in(&mut tx, client, letter).await?)?;
        let row = sqlx::query("SELECT name, address, postcode, place FROM clients WHERE id = $1")
            .bind(client.0)
            .fetch_one(&mut *tx)
            .await?;
        let details = zicht_domain::contact_details::ContactDetails {
            address: row.try_get("address")?,
            postcode: row.try_get("postcode")?,
            place: row.try_get("place")?,
            ..Default::default()
        };
        letters::check_sendable(&found.title, &found.body, details.has_postal_address())?;
        let today = ctx.today();
        let event = ClientEvent::Work(WorkEvent::LetterSent {
            letter_id: letter,
            reference: letters::reference(today.year(), letter),
            sent_on: today,
            address: vec![
                row.try_get("name")?,
                details.address.clone(),
                details.postcode_and_place(),
            ],
        });
        append(&mut tx, ctx, client, version, &event).await?;
        let sent = letter_in(&mut tx, client, letter).await?;
        tx.commit().await?;
        Ok(sent)
    }

    async fn draft_letters(
        &self,
        org: OrganisationId,
        employee: EmployeeId,
    ) -> Result<Vec<DraftLetter>> {
        sqlx::query(
            "SELECT l.client_id, c.name AS client_name, l.id, l.title, l.produced_at FROM letters l
             JOIN clients c ON c.id = l.client_id
             WHERE l.organisation_id = $1 AND l.produced_by = $2 AND l.status = 'draft' AND c.status = 'open'
             ORDER BY l.produced_at, l.id",
        )
        .bind(org.0)
        .bind(employee.0)
        .fetch_all(&self.reader)
        .await?
        .iter()
        .map(|r| {
            Ok(DraftLetter {
                client_id: ClientId(r.try_get("client_id")?),
                client_name: r.try_get("client_name")?,
                letter_id: LetterId(r.try_get("id")?),
                title: r.try_get("title")?,
                created_at: r.try_get("produced_at")?,
            })
        })
        .collect()
    }
}
