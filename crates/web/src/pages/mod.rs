//! Server-rendered pages. They work without JavaScript, speak Dutch by
//! default (English via the language switch), and call the same storage
//! commands as the API.

mod caseload;
mod catalogue;
mod client;
mod development;
pub mod effects;
pub mod filters;
mod handovers;
mod intervision;
pub mod learning;
mod letters;
mod meetings;
mod methods;
mod paging;
mod process;
mod provider;
mod roster;
pub mod saved;
mod search;
mod signals;
mod today;
mod work;

use askama::Template;
use axum::{
    extract::{Path, Query, Request, State},
    http::{header, HeaderValue, StatusCode},
    middleware::{self, Next},
    response::{Html, IntoResponse, Redirect, Response},
    routing::{get, post},
    Form,
};
use serde::Deserialize;
use time::{macros::format_description, OffsetDateTime};
use zicht_domain::{access::Role, DomainError, ErrorKind};
use zicht_storage::StoreError;

use std::net::SocketAddr;

use axum::extract::ConnectInfo;

use crate::{actor::Acting, auth, error::ErrorBody, i18n::Tr, AppState, WebError, WebResult};

const STYLESHEET: &str = include_str!("../../static/zicht.css");
const SCRIPT: &str = include_str!("../../static/zicht.js");

/// The routes, ready to serve and to be listed.
pub fn router(state: AppState) -> crate::routes::Finished {
    crate::routes::Routes::new()
        .route("/", get(caseload::page))
        .route("/vandaag", get(today::page))
        .route("/zoeken", get(search::page).post(search::submit))
        .route("/inloggen", get(sign_in_form).post(sign_in))
        .route("/inloggen/oidc", get(crate::oidc::start))
        .route("/inloggen/oidc/terug", get(crate::oidc::callback))
        .route("/uitloggen", post(sign_out))
        .route("/taal/{lang}", get(set_language))
        .route("/klanten/{id}", get(client::card))
        .route(
            "/klanten/{id}/contact",
            get(client::contact_form).post(client::contact_submit),
        )
        .route(
            "/klanten/{id}/klantinzet",
            get(client::skills_form).post(client::skills_submit),
        )
        .route(
            "/klanten/{id}/overdracht",
            get(client::handover_form).post(client::handover_submit),
        )
        .route(
            "/klanten/{id}/overdracht/gezien",
            post(client::returned_seen_submit),
        )
        .route("/klanten/{id}/fase", post(client::phase_submit))
        .route("/klanten/{id}/diagnose", get(process::diagnosis))
        .route(
            "/klanten/{id}/diagnose/notitie",
            post(process::diagnosis_note),
        )
        .route(
            "/klanten/{id}/diagnose/ladder",
            post(process::diagnosis_ladder),
        )
        .route("/klanten/{id}/diagnose/zrm", post(process::diagnosis_zrm))
        .route("/klanten/{id}/trajectplan", get(process::trajectory))
        .route(
            "/klanten/{id}/trajectplan/klantversie",
            get(process::client_plan),
        )
        .route("/klanten/{id}/trajectplan/doel", post(process::goal_submit))
        .route(
            "/klanten/{id}/trajectplan/interventie",
            post(process::intervention_submit),
        )
        .route(
            "/klanten/{id}/trajectplan/interventie/{intervention}/afronden",
            post(process::intervention_end),
        )
        .route(
            "/klanten/{id}/trajectplan/regiegesprek",
            post(process::oversight_submit),
        )
        .route(
            "/klanten/{id}/verwijzingen",
            get(process::referrals).post(process::referral_submit),
        )
        .route(
            "/klanten/{id}/verwijzingen/{referral}/aangekomen",
            post(process::arrival_submit),
        )
        .route(
            "/klanten/{id}/verwijzingen/{referral}/beeindigd",
            post(process::referral_end_submit),
        )
        .route("/klanten/{id}/afsluiten", post(client::close_submit))
        .route(
            "/werkgevers",
            get(work::employers).post(work::employer_submit),
        )
        .route("/werkgevers/{employer}", get(work::employer))
        .route(
            "/werkgevers/{employer}/contacten",
            post(work::employer_contact_submit),
        )
        .route(
            "/werkgevers/{employer}/vacatures",
            post(work::vacancy_submit),
        )
        .route("/vacatures/{vacancy}", get(work::vacancy))
        .route("/vacatures/{vacancy}/voordragen", post(work::propose))
        .route("/vacatures/{vacancy}/status", post(work::vacancy_status))
        .route("/klanten/{id}/werk", get(work::client_work))
        .route("/klanten/{id}/werk/wensen", post(work::wishes_submit))
        .route(
            "/klanten/{id}/werk/bemiddeling/{mediation}/stap",
            post(work::mediation_step_submit),
        )
        .route(
            "/klanten/{id}/werk/bemiddeling/{mediation}/afronden",
            post(work::mediation_end_submit),
        )
        .route(
            "/klanten/{id}/werk/vrijwilligerswerk",
            post(work::placement_submit),
        )
        .route(
            "/klanten/{id}/werk/vrijwilligerswerk/{placement}/einde",
            post(work::placement_end_submit),
        )
        .route("/klanten/{id}/werk/uitstroom", post(work::outflow_submit))
        .route("/klanten/{id}/werk/nazorg", post(work::check_in_submit))
        .route(
            "/klanten/{id}/maatregelen",
            get(work::sanctions).post(work::sanction_submit),
        )
        .route(
            "/klanten/{id}/maatregelen/{sanction}/besluit",
            post(work::decision_submit),
        )
        .route(
            "/klanten/{id}/brieven",
            get(work::letters).post(work::letter_submit),
        )
        .route(
            "/klanten/{id}/brieven/{letter}",
            get(letters::letter).post(letters::letter_edit),
        )
        .route(
            "/klanten/{id}/brieven/{letter}/pdf",
            get(letters::letter_pdf),
        )
        .route(
            "/klanten/{id}/brieven/{letter}/versturen",
            post(letters::letter_send),
        )
        .route(
            "/klanten/{id}/brieven/{letter}/verwijderen",
            post(letters::letter_discard),
        )
        .route(
            "/klanten/{id}/contactgegevens",
            get(letters::contact_details).post(letters::contact_details_submit),
        )
        .route("/beheer/brieven", get(work::templates))
        .route("/beheer/brieven/{key}", post(work::template_submit))
        .route("/aanbieder", get(provider::clients))
        .route("/aanbieder/klanten/{id}", get(provider::client))
        .route("/aanbieder/klanten/{id}/voortgang", post(provider::report))
        .route(
            "/beheer/catalogus",
            get(catalogue::show).post(catalogue::item_submit),
        )
        .route(
            "/beheer/catalogus/{id}/actief",
            post(catalogue::item_active),
        )
        .route("/beheer/aanbieders", post(catalogue::provider_submit))
        .route(
            "/beheer/aanbieders/{id}/contracten",
            post(catalogue::contract_submit),
        )
        .route("/beheer/zorgorganisaties", post(catalogue::care_submit))
        .route("/beheer/instrumenten", post(catalogue::requirements_submit))
        .route("/team/inbox", get(handovers::inbox))
        .route("/team/overleg", get(meetings::agenda))
        .route(
            "/team/overleg/verslag",
            get(meetings::new_record).post(meetings::submit_record),
        )
        .route("/team/overleg/verslagen/{id}", get(meetings::record))
        .route("/ontwikkeling", get(development::index))
        .route("/ontwikkeling/{employee}", get(development::employee))
        .route("/ontwikkeling/{employee}/doelen", post(development::goal))
        .route(
            "/ontwikkeling/{employee}/doelen/{goal}/acties",
            post(development::action),
        )
        .route(
            "/ontwikkeling/{employee}/gesprekken",
            post(development::review),
        )
        .route(
            "/ontwikkeling/{employee}/trainingen",
            post(development::training),
        )
        .route("/intervisie", get(intervision::list))
        .route(
            "/intervisie/nieuw",
            get(intervision::new_form).post(intervision::submit),
        )
        .route("/intervisie/{id}", get(intervision::record))
        .route(
            "/intervisie/afspraken/{id}/afgerond",
            post(intervision::finish),
        )
        .route("/methodieken", get(methods::list))
        .route(
            "/methodieken/nieuw",
            get(methods::new_form).post(methods::new_submit),
        )
        .route("/methodieken/{id}", get(methods::module))
        .route("/methodieken/{id}/versies", post(methods::draft_submit))
        .route(
            "/methodieken/versies/{version}/wijzigen",
            post(methods::edit_submit),
        )
        .route(
            "/methodieken/versies/{version}/reacties",
            post(methods::comment_submit),
        )
        .route(
            "/methodieken/versies/{version}/definitief",
            post(methods::definitive_submit),
        )
        .route("/overdrachten/{id}", get(handovers::page))
        .route("/overdrachten/{id}/accepteren", post(handovers::accept))
        .route(
            "/overdrachten/{id}/terugsturen",
            post(handovers::return_handover),
        )
        .route("/overdrachten/{id}/intrekken", post(handovers::withdraw))
        .route("/afstemming", get(roster::page).post(roster::upload))
        .route("/afstemming/{run}", get(roster::run))
        .route(
            "/afstemming/{run}/spookklanten",
            post(roster::register_ghosts),
        )
        .route("/afstemming/{run}/bevestigen", post(roster::confirm))
        .route("/afstemming/{run}/annuleren", post(roster::cancel))
        .route("/wat-werkt", get(learning::page))
        .route("/wat-werkt/{format}", get(learning::export))
        .route("/effectenkaart", get(effects::page))
        .route("/effectenkaart/klanten", get(effects::clients))
        .route("/effectenkaart/{format}", get(effects::export))
        .route("/effectenkaart/afspraken", post(effects::create_agreement))
        .route(
            "/effectenkaart/afspraken/{id}/intrekken",
            post(effects::withdraw_agreement),
        )
        .route("/static/zicht.css", get(stylesheet))
        .route("/static/zicht.js", get(script))
        .finish(|router| {
            router
                .route_layer(middleware::from_fn_with_state(
                    state.clone(),
                    crate::access::authorize,
                ))
                .fallback(|| async { WebError::NotFound })
                .layer(middleware::from_fn_with_state(
                    state.clone(),
                    render_error_page,
                ))
                .layer(middleware::from_fn_with_state(state, saved::carry))
        })
}

/// What the frame around every page needs.
pub struct Layout {
    pub tr: Tr,
    /// The session's CSRF token, for every form that changes something.
    pub csrf: String,
    pub me: String,
    /// Whom the signed-in person works for, named in the header: their
    /// team; a provider's user their provider; management and functional
    /// administration the organisation.
    pub team: String,
    pub title: String,
    /// The menu of the person's role: `(path, text key)`, see [`menu`].
    pub menu: Vec<(&'static str, &'static str)>,
    /// What the form before the redirect saved, said in the status region
    /// (see [`saved`]).
    pub saved: Option<&'static str>,
    /// How many things "Vandaag" lists, shown in the menu (casework only).
    pub today_count: Option<usize>,
}

/// Every menu entry, in order: `(path, text key)`. A role sees those the
/// route table lets it open ([`crate::access::may_link`]); the caseload at
/// `/` only the roles that start there.
const MENU: [(&str, &str); 13] = [
    ("/vandaag", "nav.today"),
    ("/", "nav.caseload"),
    ("/zoeken", "nav.search"),
    ("/aanbieder", "nav.provider"),
    ("/team/inbox", "nav.inbox"),
    ("/team/overleg", "nav.meeting"),
    ("/intervisie", "nav.intervision"),
    ("/werkgevers", "nav.employers"),
    ("/afstemming", "nav.roster"),
    ("/effectenkaart", "nav.effects"),
    ("/ontwikkeling", "nav.development"),
    ("/beheer/catalogus", "nav.catalogue"),
    ("/beheer/brieven", "nav.templates"),
];

/// The menu of `role`: the entries of [`MENU`] it may open.
pub fn menu(role: Role) -> Vec<(&'static str, &'static str)> {
    MENU.into_iter()
        .filter(|(path, _)| match *path {
            // Everyone may open `/`; only casework finds its caseload there.
            "/" => role.works_with_clients(),
            // Casework's menu is full at 1366 px: casework reaches the POP
            // from the intervision page.
            "/ontwikkeling" => !role.works_with_clients() && crate::access::may_link(role, path),
            path => crate::access::may_link(role, path),
        })
        .collect()
}

/// Where a role starts after signing in, and where `/` takes a role without
/// a caseload: "Vandaag" for casework (whose caseload is `/`), the referred
/// clients for a provider's user, the effectenkaart for management, the
/// catalogue for functional administration. The SW-bedrijf
/// role has no pages yet (its coaches work as caseworkers in a team of kind
/// SW-bedrijf).
pub fn start_page(role: Role) -> Option<&'static str> {
    match role {
        Role::Klantmanager | Role::Teamleider => Some("/vandaag"),
        Role::Aanbieder => Some("/aanbieder"),
        Role::Management => Some("/effectenkaart"),
        Role::FunctioneelBeheer => Some("/beheer/catalogus"),
        Role::SwBedrijf => None,
    }
}

impl Layout {
    pub async fn new(state: &AppState, acting: &Acting, title_key: &str) -> WebResult<Layout> {
        let tr = Tr::current();
        let org = acting.organisation_id;
        let employee = &acting.employee;
        let team = match (employee.role, employee.provider_id) {
            (Role::Aanbieder, Some(provider)) => state
                .store
                .providers(org)
                .await?
                .into_iter()
                .find(|p| p.id == provider)
                .map(|p| p.name),
            (Role::Management | Role::FunctioneelBeheer, _) => {
                Some(state.store.organisation(org).await?.name)
            }
            _ => None,
        };
        let team = match team {
            Some(name) => name,
            // A provider's user without a provider names no municipal team either.
            None if employee.role == Role::Aanbieder => String::new(),
            None => state
                .store
                .teams(org)
                .await?
                .into_iter()
                .find(|t| t.id == employee.team_id)
                .map(|t| t.name)
                .unwrap_or_default(),
        };
        Ok(Layout {
            tr,
            csrf: acting.csrf_token.clone(),
            me: employee.name.clone(),
            team,
            title: tr.t(title_key).to_string(),
            menu: menu(employee.role),
            saved: saved::take().map(|s| tr.t(s.text_key())),
            today_count: state.acts.today_count(acting).await?,
        })
    }

    /// Whether the page is a form rendered again with its errors
    /// ([`render_invalid`]).
    pub fn invalid(&self) -> bool {
        RENDERING_INVALID.get()
    }

    /// The frame for someone not signed in: no menu.
    fn anonymous(title_key: &str) -> Layout {
        let tr = Tr::current();
        Layout {
            tr,
            csrf: String::new(),
            me: String::new(),
            team: String::new(),
            title: tr.t(title_key).to_string(),
            menu: Vec::new(),
            saved: None,
            today_count: None,
        }
    }
}

/// Field errors for a form, shown next to their fields; `general` above the form.
#[derive(Default)]
pub struct Errors {
    fields: Vec<(&'static str, &'static str)>,
    pub general: Option<String>,
}

impl Errors {
    pub fn get(&self, field: &str) -> Option<&'static str> {
        self.fields
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| *m)
    }

    pub fn any(&self) -> bool {
        !self.fields.is_empty() || self.general.is_some()
    }

    /// `(field, message)` of every field error, in order.
    pub fn fields(&self) -> &[(&'static str, &'static str)] {
        &self.fields
    }

    /// One message for one field, for checks made by the page itself.
    pub fn single(field: &'static str, message: &'static str) -> Errors {
        Errors {
            fields: vec![(field, message)],
            general: None,
        }
    }

    /// Sorts an error into "show on the form" or "show an error page".
    pub fn from_web(e: impl Into<WebError>) -> Result<Errors, WebError> {
        let e: WebError = e.into();
        let tr = Tr::current();
        let msg = |code| tr.message(code);
        let mut out = Errors::default();
        match e {
            WebError::Store(StoreError::Invalid(list)) => {
                for d in list {
                    out.push(&d, msg(d.code));
                }
            }
            WebError::Store(StoreError::Rule(d))
                if d.field.is_some() && d.kind == ErrorKind::Invalid =>
            {
                out.push(&d, msg(d.code));
            }
            WebError::Store(StoreError::Rule(d)) => out.general = Some(msg(d.code).to_string()),
            other => return Err(other),
        }
        Ok(out)
    }

    fn push(&mut self, d: &DomainError, message: &'static str) {
        self.fields.push((d.field.unwrap_or(""), message));
    }
}

pub fn render<T: Template>(t: &T) -> WebResult<Html<String>> {
    t.render()
        .map(Html)
        .map_err(|e| WebError::Store(StoreError::Corrupt(format!("template: {e}"))))
}

thread_local! {
    /// Set while [`render_invalid`] renders, for [`Layout::invalid`].
    static RENDERING_INVALID: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Renders a form again with its errors, status 422, nothing saved; its
/// title starts with "Fout: " / "Error: ", so the failure is the first thing
/// a screen reader says.
pub fn render_invalid<T: Template>(t: &T) -> WebResult<Response> {
    /// Ends the flag however rendering ends.
    struct Rendering;
    impl Drop for Rendering {
        fn drop(&mut self) {
            RENDERING_INVALID.set(false);
        }
    }
    // Rendering is synchronous: the flag holds for exactly this page.
    RENDERING_INVALID.set(true);
    let _rendering = Rendering;
    let Html(page) = render(t)?;
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        Html(with_error_summary(page, Tr::current())),
    )
        .into_response())
}

/// Puts an error summary at the top of a page that comes back with field
/// errors, so a form far down a long page is not failed out of sight: in
/// view, focused, each message a link to its field (a field `x` says what
/// is wrong in `x-error`). A page with a summary of its own keeps it.
fn with_error_summary(page: String, tr: Tr) -> String {
    const ERROR: &str = "<p class=\"field-error\" id=\"";
    const MAIN: &str = "<main id=\"inhoud\">";
    if page.contains("id=\"fout\"") {
        return page;
    }
    let mut items: Vec<(&str, &str)> = Vec::new();
    let mut rest = page.as_str();
    while let Some(at) = rest.find(ERROR) {
        rest = &rest[at + ERROR.len()..];
        let Some((id, after)) = rest.split_once("\">") else {
            break;
        };
        let Some((message, _)) = after.split_once("</p>") else {
            break;
        };
        let field = id.strip_suffix("-error").unwrap_or(id);
        if !items.iter().any(|(f, _)| *f == field) {
            items.push((field, message));
        }
        rest = after;
    }
    let Some(main) = page.find(MAIN).map(|i| i + MAIN.len()) else {
        return page;
    };
    if items.is_empty() {
        return page;
    }
    // Ids and messages come from this page's own escaped rendering.
    let list: String = items
        .iter()
        .map(|(field, message)| format!("<li><a href=\"#{field}\">{message}</a></li>"))
        .collect();
    let summary = format!(
        "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" autofocus id=\"fout\" \
         aria-labelledby=\"fout-title\"><h2 id=\"fout-title\">{}</h2><ul>{list}</ul></div>",
        tr.t("errors.summary_title")
    );
    let mut out = page;
    out.insert_str(main, &summary);
    out
}

pub fn dmy_hm(t: OffsetDateTime) -> String {
    t.format(format_description!("[day]-[month]-[year] [hour]:[minute]"))
        .unwrap_or_default()
}

pub use crate::extract::path_id;

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    l: Layout,
    body: ErrorBody,
    /// The signed-in person's start page, if their role has one; `/` for
    /// someone not signed in.
    start: Option<&'static str>,
}

/// Turns the JSON error of any page route into an HTML page in the user's
/// language, framed with the menu of their role; a request without an
/// employee goes to the sign-in page.
async fn render_error_page(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let session = auth::cookie(request.headers(), auth::SESSION_COOKIE);
    let response = next.run(request).await;
    if response.extensions().get::<ErrorBody>().is_none() {
        return response;
    }
    // Only for an error page: who is signed in, to frame it for their role.
    let acting = match session {
        Some(token) => crate::actor::resolve(&state, &token).await.ok(),
        None => None,
    };
    let layout = match &acting {
        Some(acting) => Layout::new(&state, acting, "error.title").await.ok(),
        None => None,
    };
    let start = match &acting {
        Some(acting) => start_page(acting.employee.role),
        None => Some("/"),
    };
    error_page_in(response, layout, start)
}

/// The error page for an error response of a page route, for someone not
/// known (e.g. a request refused before it was read); other responses pass
/// unchanged.
pub fn error_page(response: Response) -> Response {
    error_page_in(response, None, Some("/"))
}

fn error_page_in(
    response: Response,
    layout: Option<Layout>,
    start: Option<&'static str>,
) -> Response {
    let Some(mut body) = response.extensions().get::<ErrorBody>().cloned() else {
        return response;
    };
    if body.code == "actor_required" {
        return Redirect::to("/inloggen").into_response();
    }
    // A refusal names itself once: in the message, not again as a field error.
    body.errors.retain(|e| e.message != body.message);
    let status = response.status();
    let mut l = layout.unwrap_or_else(|| Layout::anonymous("error.title"));
    // An error page confirms nothing; the confirmation waits for the next page.
    l.saved = None;
    l.title = l.tr.t(error_title(status)).to_string();
    match (ErrorPage { l, body, start }).render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, "Er ging iets mis.").into_response(),
    }
}

/// The text key of an error page's title, by status.
pub(crate) fn error_title(status: StatusCode) -> &'static str {
    match status {
        StatusCode::FORBIDDEN => "error.title.forbidden",
        StatusCode::NOT_FOUND => "error.title.not_found",
        StatusCode::CONFLICT => "error.title.conflict",
        StatusCode::TOO_MANY_REQUESTS => "error.title.throttled",
        StatusCode::PAYLOAD_TOO_LARGE => "error.title.too_large",
        s if s.is_client_error() => "error.title.request",
        _ => "error.title.server",
    }
}

async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLESHEET,
    )
}

async fn script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        SCRIPT,
    )
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct BackTo {
    terug: String,
}

/// Sets the interface language and returns to the page the user came from.
async fn set_language(Path(lang): Path<String>, Query(q): Query<BackTo>) -> Response {
    let lang = if lang == "en" { "en" } else { "nl" };
    // Only local paths, so the switch cannot be used to redirect elsewhere.
    let back = if q.terug.starts_with('/') && !q.terug.starts_with("//") {
        q.terug
    } else {
        "/".into()
    };
    let mut response = Redirect::to(&back).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!(
        "lang={lang}; Path=/; SameSite=Lax; Max-Age=31536000"
    )) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    response
}

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    l: Layout,
    email: String,
    errors: Errors,
    /// Offer single sign-on with the municipality's identity provider.
    sso: bool,
    /// The pre-session token: also in a cookie only this site can set, so a
    /// foreign page cannot sign a browser in to an account of its choosing.
    signin_token: String,
}

/// The pre-session cookie, sent back only to the sign-in form.
const SIGNIN_COOKIE: &str = "zicht_signin";

/// The sign-in page with a fresh pre-session token in the form and cookie.
fn sign_in_page(
    state: &AppState,
    email: String,
    errors: Errors,
    status: StatusCode,
) -> WebResult<Response> {
    let signin_token = auth::random_token();
    let secure = if state.auth.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{SIGNIN_COOKIE}={signin_token}; Path=/inloggen; HttpOnly; SameSite=Strict; Max-Age=3600{secure}"
    );
    let page = render(&SignInPage {
        l: Layout::anonymous("signin.title"),
        email,
        errors,
        sso: state.oidc.is_some(),
        signin_token,
    })?;
    let mut response = (status, page).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(response)
}

async fn sign_in_form(State(state): State<AppState>) -> WebResult<Response> {
    sign_in_page(&state, String::new(), Errors::default(), StatusCode::OK)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SignInForm {
    email: String,
    password: String,
    signin_token: String,
}

async fn sign_in(
    State(state): State<AppState>,
    ConnectInfo(address): ConnectInfo<SocketAddr>,
    headers: axum::http::HeaderMap,
    Form(form): Form<SignInForm>,
) -> WebResult<Response> {
    let expected = crate::auth::cookie(&headers, SIGNIN_COOKIE).unwrap_or_default();
    if expected.is_empty() || !auth::tokens_equal(&expected, &form.signin_token) {
        crate::security::sign_in(
            crate::security::Event::CsrfRejected,
            None,
            Some(address.ip()),
        );
        let errors = Errors::from_web(zicht_domain::DomainError::forbidden("csrf_invalid"))?;
        return sign_in_page(&state, form.email, errors, StatusCode::FORBIDDEN);
    }
    match auth::sign_in(&state, &form.email, &form.password, Some(address.ip())).await {
        Ok(session) => {
            auth::end_presented_session(&state, &headers).await?;
            let start = start_page(session.credentials.employee.role).unwrap_or("/");
            let mut response = Redirect::to(start).into_response();
            if let Ok(v) =
                HeaderValue::from_str(&auth::session_cookie(&state, Some(&session.token)))
            {
                response.headers_mut().insert(header::SET_COOKIE, v);
            }
            Ok(response)
        }
        Err(e) => {
            let errors = Errors::from_web(e)?;
            sign_in_page(&state, form.email, errors, StatusCode::UNPROCESSABLE_ENTITY)
        }
    }
}

async fn sign_out(
    State(state): State<AppState>,
    acting: Acting,
    headers: axum::http::HeaderMap,
) -> WebResult<Response> {
    let cookie = auth::sign_out(&state, &headers).await?;
    tracing::debug!(employee = acting.employee.id.0, "signed out");
    let mut response = Redirect::to("/inloggen").into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_form_gets_a_summary_at_the_top_linking_to_its_fields() {
        let page = r#"<main id="inhoud"><h1>Werk</h1><form><input id="min_hours" aria-describedby="min_hours-error"><p class="field-error" id="min_hours-error">Geef een aantal uren &lt; 40.</p><p class="field-error" id="step_on-7-error">Datum ongeldig</p><p class="field-error" id="min_hours-error">dubbel</p></form></main>"#;
        let out = with_error_summary(page.to_string(), Tr::current());
        let summary_at = out.find(r#"id="fout""#).expect("a summary");
        assert!(summary_at < out.find("<h1>").unwrap(), "above the content");
        assert!(
            out.contains(r##"<li><a href="#min_hours">Geef een aantal uren &lt; 40.</a></li>"##)
        );
        assert!(out.contains(r##"<li><a href="#step_on-7">Datum ongeldig</a></li>"##));
        assert!(!out.contains(r##">dubbel</a>"##), "one line per field");
        // A page with its own summary, or without field errors, is left alone.
        let own = r#"<main id="inhoud"><div id="fout"></div><p class="field-error" id="a-error">x</p></main>"#;
        assert_eq!(with_error_summary(own.to_string(), Tr::current()), own);
        let none = r#"<main id="inhoud"><p>ok</p></main>"#;
        assert_eq!(with_error_summary(none.to_string(), Tr::current()), none);
    }
}
