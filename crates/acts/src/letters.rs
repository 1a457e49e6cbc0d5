//! Letters safe to send, and the client's contact details they are
//! addressed with. A letter is composed as a draft (filled from the file),
//! edited or discarded, previewed, and kept as sent only when sent; the send
//! rule is the domain's (`letters::check_sendable`). Each act on a client
//! opens the file through the door and logs what came of it.

use serde::{Deserialize, Serialize};
use zicht_domain::{contact_details::ContactDetails, ClientId, LetterId};
use zicht_storage::{DraftLetter, Letter, LogStatus};

use crate::{Acts, Caller, Need};

/// The contact details as typed in a form or sent to the API.
#[derive(Deserialize, Serialize, Default, Clone, Debug)]
#[serde(default)]
pub struct ContactDetailsInput {
    pub address: String,
    pub postcode: String,
    pub place: String,
    pub phone: String,
    pub email: String,
}

/// Which template to compose a letter from.
#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct LetterInput {
    pub template: String,
}

/// A draft's text as edited.
#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct LetterDraftInput {
    pub title: String,
    pub body: String,
}

impl Acts {
    /// Changes the client's address, postcode, place, phone and e-mail.
    pub async fn change_contact_details(
        &self,
        who: &Caller,
        client: ClientId,
        i: ContactDetailsInput,
    ) -> crate::Result<ContactDetails> {
        self.on_file(
            who,
            client,
            Need::Change,
            "contactgegevens_wijzigen",
            async {
                let d =
                    ContactDetails::parse(&i.address, &i.postcode, &i.place, &i.phone, &i.email)?;
                self.store
                    .change_contact_details(&who.ctx, client, d.clone())
                    .await?;
                Ok(d)
            },
        )
        .await
    }

    /// Composes a letter from a template, filled from the file, as a draft.
    pub async fn draft_letter(
        &self,
        who: &Caller,
        client: ClientId,
        i: LetterInput,
    ) -> crate::Result<LetterId> {
        self.on_file(who, client, Need::Change, "brief_opstellen", async {
            self.store
                .draft_letter(&who.ctx, client, i.template.trim())
                .await
        })
        .await
    }

    /// Changes a draft's title and body.
    pub async fn edit_letter(
        &self,
        who: &Caller,
        client: ClientId,
        letter: LetterId,
        i: LetterDraftInput,
    ) -> crate::Result<()> {
        self.on_file(who, client, Need::Change, "brief_wijzigen", async {
            self.store
                .edit_letter_draft(&who.ctx, client, letter, &i.title, &i.body)
                .await
        })
        .await
    }

    /// Throws a draft away unsent.
    pub async fn discard_letter(
        &self,
        who: &Caller,
        client: ClientId,
        letter: LetterId,
    ) -> crate::Result<()> {
        self.on_file(who, client, Need::Change, "brief_verwijderen", async {
            self.store
                .discard_letter_draft(&who.ctx, client, letter)
                .await
        })
        .await
    }

    /// Sends a draft: refused while a value is unfilled or the client has no
    /// postal address (nothing changes then); kept as sent with its kenmerk.
    pub async fn send_letter(
        &self,
        who: &Caller,
        client: ClientId,
        letter: LetterId,
    ) -> crate::Result<Letter> {
        self.on_file(who, client, Need::Change, "brief_versturen", async {
            self.store.send_letter(&who.ctx, client, letter).await
        })
        .await
    }

    /// The caller's own draft letters (for "Vandaag": letters in draft),
    /// oldest first, on open files; every client shown is logged as read.
    pub async fn draft_letters(&self, who: &Caller) -> crate::Result<Vec<DraftLetter>> {
        self.draft_letters_as(who, "concepten_lezen").await
    }

    /// [`Acts::draft_letters`] under the operation of the page showing them.
    pub(crate) async fn draft_letters_as(
        &self,
        who: &Caller,
        operation: &str,
    ) -> crate::Result<Vec<DraftLetter>> {
        let drafts = self
            .store
            .draft_letters(who.organisation_id, who.employee.id)
            .await?;
        let mut clients: Vec<ClientId> = drafts.iter().map(|d| d.client_id).collect();
        clients.sort_by_key(|c| c.0);
        clients.dedup();
        let mut bsns = Vec::with_capacity(clients.len());
        for c in clients {
            bsns.push(self.store.client_bsn(who.organisation_id, c).await?);
        }
        self.record(
            who,
            operation,
            LogStatus::Ok,
            bsns.iter().map(String::as_str),
        )
        .await?;
        Ok(drafts)
    }

    /// How many draft letters the caller has (a count shows no person, so
    /// nothing is logged).
    pub async fn draft_letter_count(&self, who: &Caller) -> crate::Result<usize> {
        Ok(self
            .store
            .draft_letters(who.organisation_id, who.employee.id)
            .await?
            .len())
    }
}

/// A letter as it goes (or went) out: the text and its head. For a draft the
/// head is what sending it today would give, and `problems` says what the
/// send rule would refuse; for a sent letter, the head as sent.
#[derive(Debug, Clone, Serialize)]
pub struct LetterPreview {
    pub letter: Letter,
    /// The client's name, street and number, postcode and place.
    pub address: Vec<String>,
    pub date: time::Date,
    pub reference: String,
    /// The send rule's objections (empty for a sent letter, or one ready to send).
    #[serde(skip)]
    pub problems: Vec<zicht_domain::DomainError>,
}

impl Acts {
    /// One letter with its head, to preview (HTML or PDF) or print.
    pub async fn letter_preview(
        &self,
        who: &Caller,
        client: ClientId,
        letter: LetterId,
    ) -> crate::Result<LetterPreview> {
        self.on_file(who, client, Need::Read, "brief_lezen", async {
            let org = who.organisation_id;
            let letter = self.store.letter(org, client, letter).await?;
            if !letter.is_draft() {
                let reference = letter.reference.clone().unwrap_or_default();
                return Ok(LetterPreview {
                    address: letter.address.clone(),
                    date: letter.sent_on.unwrap_or_else(|| {
                        zicht_domain::calendar::dutch_time(letter.produced_at).date()
                    }),
                    reference,
                    problems: Vec::new(),
                    letter,
                });
            }
            let card = self.store.client_card(org, client, who.today()).await?;
            let c = &card.contact;
            let problems = zicht_domain::reintegration::letters::check_sendable(
                &letter.title,
                &letter.body,
                c.has_postal_address(),
            )
            .err()
            .unwrap_or_default();
            Ok(LetterPreview {
                address: vec![card.name.clone(), c.address.clone(), c.postcode_and_place()],
                date: who.today(),
                reference: zicht_domain::reintegration::letters::reference(
                    who.today().year(),
                    letter.id,
                ),
                problems,
                letter,
            })
        })
        .await
    }
}
