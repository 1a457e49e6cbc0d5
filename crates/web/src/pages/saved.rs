//! "Saved" confirmations across the redirect that ends every page form
//! (POST → 303 → GET): the page the user lands on says what was saved.
//!
//! Only a short code crosses the redirect, in a flash cookie (`HttpOnly`,
//! `SameSite=Lax`, `Path=/`, a minute long) that the next page shown clears:
//! nothing in the address, so nothing in history, logs or a `Referer`, and a
//! reload, the back button or a bookmark does not confirm the save again.
//! A code that is not in [`Saved`] is dropped unseen.

use std::cell::Cell;

use axum::{
    extract::{Request, State},
    http::{header, HeaderValue, Method},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};

use crate::{auth, AppState};

/// The flash cookie.
pub const COOKIE: &str = "zicht_saved";

/// Declares [`Saved`] once: each variant with its code; its text is the
/// interface text `saved.<code>`.
macro_rules! saved_codes {
    ($($variant:ident = $code:literal,)*) => {
        /// What a page form saved, to confirm on the page it returns to.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Saved {
            $($variant,)*
        }

        impl Saved {
            pub const ALL: &'static [Saved] = &[$(Saved::$variant,)*];

            /// The code carried in the cookie.
            pub fn code(self) -> &'static str {
                match self {
                    $(Saved::$variant => $code,)*
                }
            }

            /// The text key of the confirmation.
            pub fn text_key(self) -> &'static str {
                match self {
                    $(Saved::$variant => concat!("saved.", $code),)*
                }
            }
        }
    };
}

saved_codes! {
    Contact = "contact",
    Assessment = "assessment",
    HandoverOffered = "handover_offered",
    HandoverAccepted = "handover_accepted",
    HandoverReturned = "handover_returned",
    HandoverWithdrawn = "handover_withdrawn",
    ReturnSeen = "return_seen",
    Phase = "phase",
    Closed = "closed",
    DiagnosisNote = "diagnosis_note",
    Ladder = "ladder",
    Zrm = "zrm",
    Goal = "goal",
    Intervention = "intervention",
    InterventionEnded = "intervention_ended",
    Oversight = "oversight",
    Referral = "referral",
    Arrival = "arrival",
    ReferralEnded = "referral_ended",
    Wishes = "wishes",
    MediationStep = "mediation_step",
    MediationEnded = "mediation_ended",
    Placement = "placement",
    PlacementEnded = "placement_ended",
    Outflow = "outflow",
    CheckIn = "check_in",
    Sanction = "sanction",
    SanctionDecision = "sanction_decision",
    Letter = "letter",
    LetterTemplate = "letter_template",
    Employer = "employer",
    EmployerContact = "employer_contact",
    Vacancy = "vacancy",
    Proposed = "proposed",
    VacancyStatus = "vacancy_status",
    ProgressReport = "progress_report",
    CatalogueItem = "catalogue_item",
    CatalogueItemActive = "catalogue_item_active",
    Provider = "provider",
    Contract = "contract",
    CareOrganisation = "care_organisation",
    Requirements = "requirements",
    GhostsRegistered = "ghosts_registered",
    RosterCancelled = "roster_cancelled",
    Agreement = "agreement",
    AgreementWithdrawn = "agreement_withdrawn",
    MeetingRecorded = "meeting_recorded",
    IntervisionRecorded = "intervision_recorded",
    FollowUpDone = "follow_up_done",
    Development = "development",
    LetterDraft = "letter_draft",
    LetterSent = "letter_sent",
    LetterDiscarded = "letter_discarded",
    ContactDetails = "contact_details",
    MethodModule = "method_module",
    MethodVersion = "method_version",
    MethodComment = "method_comment",
    MethodDefinitive = "method_definitive",
}

impl Saved {
    /// The code's confirmation, if it is one of ours.
    pub fn parse(code: &str) -> Option<Saved> {
        Saved::ALL.iter().copied().find(|s| s.code() == code)
    }
}

/// The redirect after a page form saved something, with its confirmation
/// for the page at `to`; [`carry`] puts it in the cookie.
pub fn see_other(to: &str, saved: Saved) -> Response {
    let mut response = Redirect::to(to).into_response();
    response.extensions_mut().insert(saved);
    response
}

/// The confirmation waiting for this request, and whether a page showed it.
struct Waiting {
    saved: Option<Saved>,
    shown: Cell<bool>,
}

tokio::task_local! {
    static WAITING: Waiting;
}

/// The confirmation for the page being built, if one is waiting; the page
/// that takes it shows it, and the cookie is cleared once that page is sent.
pub fn take() -> Option<Saved> {
    WAITING
        .try_with(|w| {
            w.shown.set(w.saved.is_some());
            w.saved
        })
        .ok()
        .flatten()
}

/// Carries confirmations across the redirect: sets the cookie for a
/// response made by [`see_other`]; offers a waiting confirmation to the
/// page a GET builds ([`take`]), and clears the cookie once a page showed
/// it (an error page leaves it for the next page) or when its code is not
/// one of ours.
pub async fn carry(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let presented = auth::cookie(request.headers(), COOKIE);
    // A failed form is rendered again on a POST; it confirms nothing.
    let saved = match request.method() {
        &Method::GET => presented.as_deref().and_then(Saved::parse),
        _ => None,
    };
    let waiting = Waiting {
        saved,
        shown: Cell::new(false),
    };
    let (mut response, shown) = WAITING
        .scope(waiting, async {
            let response = next.run(request).await;
            let shown = WAITING.with(|w| w.shown.get());
            (response, shown)
        })
        .await;
    let secure = if state.auth.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let attributes = format!("Path=/; HttpOnly; SameSite=Lax{secure}");
    let cookie = if let Some(saved) = response.extensions().get::<Saved>() {
        Some(format!(
            "{COOKIE}={}; {attributes}; Max-Age=60",
            saved.code()
        ))
    } else {
        let unknown = presented
            .as_deref()
            .is_some_and(|c| Saved::parse(c).is_none());
        let seen = shown && response.status().is_success();
        (unknown || seen).then(|| format!("{COOKIE}=; {attributes}; Max-Age=0"))
    };
    if let Some(Ok(v)) = cookie.map(|c| HeaderValue::from_str(&c)) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_short_and_read_back() {
        let mut seen = std::collections::HashSet::new();
        for s in Saved::ALL {
            assert!(seen.insert(s.code()), "duplicate {}", s.code());
            assert!(s.code().len() <= 32);
            assert!(s
                .code()
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'_'));
            assert_eq!(Saved::parse(s.code()), Some(*s));
        }
        assert_eq!(Saved::parse("Contact vastgelegd"), None);
        assert_eq!(Saved::parse(""), None);
    }
}
