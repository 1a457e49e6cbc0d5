//! Pages for letters safe to send and the client's contact details: the
//! letter's preview (exactly what goes out, with its head) with the draft's
//! edit form, send and discard; the PDF; and the contact details form
//! reached from the klantkaart's particulars. A form that fails comes back
//! with its errors next to the fields and its input, status 422, nothing
//! saved.

use askama::Template;
use axum::{
    extract::{Path, State},
    response::{Html, Response},
    Form,
};
use zicht_acts::{
    clients::FileView,
    letters::{ContactDetailsInput, LetterDraftInput, LetterPreview},
};
use zicht_domain::{ClientId, LetterId};

use super::{
    path_id, render, render_invalid,
    saved::{see_other, Saved},
    Errors, Layout,
};
use crate::{actor::Acting, AppState, WebResult};

fn ids(c: &str, l: &str) -> WebResult<(ClientId, LetterId)> {
    Ok((ClientId(path_id(c)?), LetterId(path_id(l)?)))
}

// --- the letter: preview, edit, send, discard ---------------------------------------------

#[derive(Template)]
#[template(path = "letter.html")]
struct LetterPage {
    l: Layout,
    client_id: i64,
    organisation: String,
    p: LetterPreview,
    /// The head as it prints: address lines, the date, the kenmerk.
    head: Vec<String>,
    may_change: bool,
    /// The draft's text as typed (kept when a save fails).
    form: LetterDraftInput,
    errors: Errors,
    /// What the send rule would refuse now, in the user's words.
    problems: Vec<&'static str>,
    /// The letter's date, `dd-mm-jjjj`.
    date_text: String,
}

async fn letter_page(
    state: &AppState,
    acting: &Acting,
    client: ClientId,
    letter: LetterId,
    form: Option<LetterDraftInput>,
    errors: Errors,
) -> WebResult<LetterPage> {
    let p = state.acts.letter_preview(acting, client, letter).await?;
    let may_change = p.letter.is_draft()
        && zicht_domain::access::may_change_client(
            &acting.viewer(),
            &state
                .store
                .client_scope(acting.organisation_id, client)
                .await?,
        );
    let l = Layout::new(state, acting, "letters.title").await?;
    let problems = p.problems.iter().map(|d| l.tr.message(d.code)).collect();
    Ok(LetterPage {
        client_id: client.0,
        organisation: state.store.organisation(acting.organisation_id).await?.name,
        head: crate::letters::head_lines(&p),
        date_text: zicht_domain::text::dmy(p.date),
        form: form.unwrap_or_else(|| LetterDraftInput {
            title: p.letter.title.clone(),
            body: p.letter.body.clone(),
        }),
        may_change,
        errors,
        problems,
        p,
        l,
    })
}

pub async fn letter(
    State(state): State<AppState>,
    acting: Acting,
    Path((c, l)): Path<(String, String)>,
) -> WebResult<Html<String>> {
    let (client, letter) = ids(&c, &l)?;
    render(&letter_page(&state, &acting, client, letter, None, Errors::default()).await?)
}

pub async fn letter_edit(
    State(state): State<AppState>,
    acting: Acting,
    Path((c, l)): Path<(String, String)>,
    Form(form): Form<LetterDraftInput>,
) -> WebResult<Response> {
    let (client, letter) = ids(&c, &l)?;
    match state
        .acts
        .edit_letter(&acting, client, letter, form.clone())
        .await
    {
        Ok(()) => Ok(see_other(
            &format!("/klanten/{}/brieven/{}", client.0, letter.0),
            Saved::LetterDraft,
        )),
        Err(e) => {
            let errors = Errors::from_web(e)?;
            render_invalid(&letter_page(&state, &acting, client, letter, Some(form), errors).await?)
        }
    }
}

pub async fn letter_send(
    State(state): State<AppState>,
    acting: Acting,
    Path((c, l)): Path<(String, String)>,
) -> WebResult<Response> {
    let (client, letter) = ids(&c, &l)?;
    match state.acts.send_letter(&acting, client, letter).await {
        Ok(_) => Ok(see_other(
            &format!("/klanten/{}/brieven/{}", client.0, letter.0),
            Saved::LetterSent,
        )),
        Err(e) => {
            let errors = Errors::from_web(e)?;
            render_invalid(&letter_page(&state, &acting, client, letter, None, errors).await?)
        }
    }
}

pub async fn letter_discard(
    State(state): State<AppState>,
    acting: Acting,
    Path((c, l)): Path<(String, String)>,
) -> WebResult<Response> {
    let (client, letter) = ids(&c, &l)?;
    match state.acts.discard_letter(&acting, client, letter).await {
        Ok(()) => Ok(see_other(
            &format!("/klanten/{}/brieven", client.0),
            Saved::LetterDiscarded,
        )),
        Err(e) => {
            let errors = Errors::from_web(e)?;
            render_invalid(&letter_page(&state, &acting, client, letter, None, errors).await?)
        }
    }
}

pub async fn letter_pdf(
    State(state): State<AppState>,
    acting: Acting,
    Path((c, l)): Path<(String, String)>,
) -> WebResult<Response> {
    let (client, letter) = ids(&c, &l)?;
    let p = state.acts.letter_preview(&acting, client, letter).await?;
    crate::letters::letter_pdf_response(&state, &acting, &p).await
}

// --- contact details --------------------------------------------------------------------

#[derive(Template)]
#[template(path = "contact_details.html")]
struct ContactDetailsPage {
    l: Layout,
    client_id: i64,
    client_name: String,
    /// `(name, text key, value as typed, input kind)` per field.
    fields: Vec<(&'static str, &'static str, String, &'static str)>,
    errors: Errors,
}

async fn contact_details_page(
    state: &AppState,
    acting: &Acting,
    id: ClientId,
    form: Option<ContactDetailsInput>,
    errors: Errors,
) -> WebResult<ContactDetailsPage> {
    let viewed = state.acts.view(acting, id, FileView::Card).await?;
    let c = viewed.card;
    Ok(ContactDetailsPage {
        l: Layout::new(state, acting, "contact_details.title").await?,
        client_id: id.0,
        fields: {
            let f = form.unwrap_or_else(|| ContactDetailsInput {
                address: c.contact.address.clone(),
                postcode: c.contact.postcode.clone(),
                place: c.contact.place.clone(),
                phone: c.contact.phone.clone(),
                email: c.contact.email.clone(),
            });
            vec![
                ("address", "contact_details.address", f.address, "text"),
                ("postcode", "contact_details.postcode", f.postcode, "text"),
                ("place", "contact_details.place", f.place, "text"),
                ("phone", "contact_details.phone", f.phone, "tel"),
                ("email", "contact_details.email", f.email, "email"),
            ]
        },
        client_name: c.name,
        errors,
    })
}

pub async fn contact_details(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
) -> WebResult<Html<String>> {
    let id = ClientId(path_id(&raw)?);
    render(&contact_details_page(&state, &acting, id, None, Errors::default()).await?)
}

pub async fn contact_details_submit(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    Form(form): Form<ContactDetailsInput>,
) -> WebResult<Response> {
    let id = ClientId(path_id(&raw)?);
    match state
        .acts
        .change_contact_details(&acting, id, form.clone())
        .await
    {
        Ok(_) => Ok(see_other(
            &format!("/klanten/{}", id.0),
            Saved::ContactDetails,
        )),
        Err(e) => {
            let errors = Errors::from_web(e)?;
            render_invalid(&contact_details_page(&state, &acting, id, Some(form), errors).await?)
        }
    }
}
