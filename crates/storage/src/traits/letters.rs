//! Storage of one feature; see the crate documentation for the contract.

use async_trait::async_trait;
use zicht_domain::{ClientId, EmployeeId, LetterId, OrganisationId};

use crate::{Ctx, DraftLetter, Letter, Result};

/// Letters as draft → preview → send. Composing fills a template from the
/// file and keeps a draft; a draft can be edited or discarded; sending checks
/// the send rule (`letters::check_sendable`) and keeps the letter as sent
/// with its kenmerk, the date and the client's address.
#[async_trait]
pub trait LetterStore: Send + Sync {
    /// Fills the template `template_key` from the client's file and keeps it
    /// as a draft.
    async fn draft_letter(
        &self,
        ctx: &Ctx,
        client: ClientId,
        template_key: &str,
    ) -> Result<LetterId>;
    /// Changes a draft's title and body (checked by `letters::parse_draft`).
    async fn edit_letter_draft(
        &self,
        ctx: &Ctx,
        client: ClientId,
        letter: LetterId,
        title: &str,
        body: &str,
    ) -> Result<()>;
    async fn discard_letter_draft(
        &self,
        ctx: &Ctx,
        client: ClientId,
        letter: LetterId,
    ) -> Result<()>;
    /// Sends a draft: refused (nothing changes) while a value is unfilled or
    /// the client has no postal address; returns the letter as sent.
    async fn send_letter(&self, ctx: &Ctx, client: ClientId, letter: LetterId) -> Result<Letter>;
    /// The drafts `employee` composed and has not sent or discarded, on
    /// clients whose file is open; oldest first.
    async fn draft_letters(
        &self,
        org: OrganisationId,
        employee: EmployeeId,
    ) -> Result<Vec<DraftLetter>>;
}
