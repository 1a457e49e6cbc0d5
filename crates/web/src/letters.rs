//! Letters safe to send and the client's contact details over HTTP: the JSON
//! API's handlers and the letter's head and PDF, shared with the pages. Each
//! handler calls one act (`zicht_acts::letters`).

use axum::{
    extract::{Path, State},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde::Serialize;
use zicht_acts::letters::{ContactDetailsInput, LetterDraftInput, LetterInput, LetterPreview};
use zicht_domain::{contact_details::ContactDetails, text::dmy, ClientId, LetterId};
use zicht_storage::{DraftLetter, Letter};

use crate::{
    actor::Acting,
    extract::{path_id, ApiJson, Created},
    i18n::{Lang, Tr},
    AppState, WebResult,
};

type One = Path<String>;
type Two = Path<(String, String)>;

fn ids(c: &str, l: &str) -> WebResult<(ClientId, LetterId)> {
    Ok((ClientId(path_id(c)?), LetterId(path_id(l)?)))
}

pub async fn api_contact_details(
    State(s): State<AppState>,
    a: Acting,
    Path(c): One,
    ApiJson(i): ApiJson<ContactDetailsInput>,
) -> WebResult<Json<ContactDetails>> {
    Ok(Json(
        s.acts
            .change_contact_details(&a, ClientId(path_id(&c)?), i)
            .await?,
    ))
}

pub async fn api_draft_letter(
    State(s): State<AppState>,
    a: Acting,
    Path(c): One,
    ApiJson(i): ApiJson<LetterInput>,
) -> WebResult<(StatusCode, Json<Created>)> {
    let id = s.acts.draft_letter(&a, ClientId(path_id(&c)?), i).await?;
    Ok((StatusCode::CREATED, Json(Created { id: id.0 })))
}

pub async fn api_edit_letter(
    State(s): State<AppState>,
    a: Acting,
    Path((c, l)): Two,
    ApiJson(i): ApiJson<LetterDraftInput>,
) -> WebResult<StatusCode> {
    let (client, letter) = ids(&c, &l)?;
    s.acts.edit_letter(&a, client, letter, i).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn api_discard_letter(
    State(s): State<AppState>,
    a: Acting,
    Path((c, l)): Two,
) -> WebResult<StatusCode> {
    let (client, letter) = ids(&c, &l)?;
    s.acts.discard_letter(&a, client, letter).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn api_send_letter(
    State(s): State<AppState>,
    a: Acting,
    Path((c, l)): Two,
) -> WebResult<Json<Letter>> {
    let (client, letter) = ids(&c, &l)?;
    Ok(Json(s.acts.send_letter(&a, client, letter).await?))
}

/// The caller's draft letters: how many, and which.
#[derive(Serialize)]
pub struct DraftsView {
    pub count: usize,
    pub drafts: Vec<DraftLetter>,
}

pub async fn api_letter_drafts(
    State(s): State<AppState>,
    a: Acting,
) -> WebResult<Json<DraftsView>> {
    let drafts = s.acts.draft_letters(&a).await?;
    Ok(Json(DraftsView {
        count: drafts.len(),
        drafts,
    }))
}

pub async fn api_letter_pdf(
    State(s): State<AppState>,
    a: Acting,
    Path((c, l)): Two,
) -> WebResult<Response> {
    let (client, letter) = ids(&c, &l)?;
    let preview = s.acts.letter_preview(&a, client, letter).await?;
    letter_pdf_response(&s, &a, &preview).await
}

/// The letter head under the sender: the address, a blank, the date and the
/// kenmerk. In Dutch whatever the user's language: the letter is.
pub fn head_lines(p: &LetterPreview) -> Vec<String> {
    let nl = Tr::new(Lang::Nl);
    let mut lines: Vec<String> = p
        .address
        .iter()
        .filter(|l| !l.trim().is_empty())
        .cloned()
        .collect();
    lines.push(String::new());
    lines.push(format!("{}: {}", nl.t("letter.head.date"), dmy(p.date)));
    if !p.reference.is_empty() {
        lines.push(format!(
            "{}: {}",
            nl.t("letter.head.reference"),
            p.reference
        ));
    }
    lines
}

/// The letter as a PDF, exactly as previewed (a draft) or as sent.
pub async fn letter_pdf_response(
    s: &AppState,
    a: &Acting,
    p: &LetterPreview,
) -> WebResult<Response> {
    let organisation = s.store.organisation(a.organisation_id).await?;
    let head = head_lines(p);
    let bytes = crate::letter_pdf::render(&crate::letter_pdf::LetterDoc {
        organisation: &organisation.name,
        head: &head,
        title: &p.letter.title,
        body: &p.letter.body,
    });
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    // The key is lower-case ASCII with underscores, so the name needs no quoting.
    let key: String = p
        .letter
        .template_key
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if let Ok(v) = HeaderValue::from_str(&format!(
        "inline; filename=\"brief-{}-{}.pdf\"",
        p.letter.id.0, key
    )) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(response)
}
