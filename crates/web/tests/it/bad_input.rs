//! Bad input through the API gets a clear 4xx in the user's language, never
//! a 5xx or a dropped connection. Each case was found by fuzzing
//! (`scripts/schemathesis.sh`, `scripts/fuzz.sh`).

#![allow(clippy::unwrap_used)]

use crate::common::{TestApp, VALID_BSNS};
use reqwest::Method;
use serde_json::{json, Value};
use zicht_domain::access::Role;
use zicht_web::i18n::{Lang, Tr};

/// The one field error of a 422 response, as `(field, code, message)`.
async fn field_error(r: reqwest::Response) -> (String, String, String) {
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.unwrap();
    let e = &body["errors"][0];
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    (text(&e["field"]), text(&e["code"]), text(&e["message"]))
}

/// Asking for the processing log up to the calendar's last day made the
/// handler add a day past it: a panic, and the connection closed unanswered.
#[tokio::test]
async fn processing_log_up_to_the_last_day_of_the_calendar() {
    let app = TestApp::spawn().await;
    let [ine, ivo] = app.intake_staff;
    app.store.set_role(ivo, Role::Teamleider).await.unwrap();
    let client = app.register(ine, VALID_BSNS[0], "Logboek Klant").await;
    for to in ["9999-12-31", "31-12-9999"] {
        let path = format!("/api/clients/{client}/processing-log?from=0001-01-01&to={to}");
        let r = app.get(ivo, &path).await;
        assert_eq!(r.status(), 200, "to={to}");
        let log: Value = r.json().await.unwrap();
        assert!(
            log.as_array()
                .unwrap()
                .iter()
                .any(|l| l["operation"] == "klant_inschrijven"),
            "the registration is in the log up to {to}: {log}"
        );
    }
}

/// Signed years (`-9999-01-01`) and year 0 parsed as dates: a contact in
/// 10,000 BC was saved, and PostgreSQL cannot store such a date at all.
#[tokio::test]
async fn dates_before_year_one_are_refused_in_the_users_language() {
    let app = TestApp::spawn().await;
    let [ine, ivo] = app.intake_staff;
    app.store.set_role(ivo, Role::Teamleider).await.unwrap();
    let client = app.register(ine, VALID_BSNS[0], "Datum Klant").await;
    let contacts = format!("/api/clients/{client}/contacts");

    let bad = json!({"date": "-9999-01-01", "kind": "gesprek", "with_whom": "klant"});
    let dutch = app.post(ine, &contacts, bad.clone()).await;
    let nl = Tr::new(Lang::Nl).message("date_invalid");
    assert_eq!(
        field_error(dutch).await,
        ("date".into(), "date_invalid".into(), nl.into())
    );
    let english = app
        .request(ine, Method::POST, &contacts)
        .await
        .header("accept-language", "en")
        .json(&bad)
        .send()
        .await
        .unwrap();
    let en = Tr::new(Lang::En).message("date_invalid");
    assert_eq!(
        field_error(english).await,
        ("date".into(), "date_invalid".into(), en.into())
    );

    let r = app
        .post(
            ine,
            &format!("/api/clients/{client}/assessments"),
            json!({"assessed_on": "0000-06-01"}),
        )
        .await;
    assert_eq!(field_error(r).await.1, "date_invalid");
    let r = app
        .get(
            ivo,
            &format!("/api/clients/{client}/processing-log?from=-0001-01-01"),
        )
        .await;
    assert_eq!(field_error(r).await.0, "from");

    let card = app.get_json(ine, &format!("/api/clients/{client}")).await;
    assert_eq!(card["last_contact"], Value::Null, "nothing was saved");
    app.assert_healthy().await;
}

/// A name of only control characters was saved as an empty name, and one
/// that started with them kept a leading space (found by the roster fuzz
/// target; the API shares the rule).
#[tokio::test]
async fn names_of_control_characters() {
    let app = TestApp::spawn().await;
    let [ine, _] = app.intake_staff;
    let r = app
        .post(
            ine,
            "/api/clients",
            json!({"bsn": VALID_BSNS[0], "name": "\u{1}\u{0}", "birth_date": "01-02-1980"}),
        )
        .await;
    assert_eq!(field_error(r).await.1, "name_required");

    let client = app
        .register(ine, VALID_BSNS[0], "\u{0}\u{7} Jan Jansen")
        .await;
    let card = app.get_json(ine, &format!("/api/clients/{client}")).await;
    assert_eq!(card["name"], "Jan Jansen");
}

/// PostgreSQL refuses the NUL character in text: a search, a sign-in
/// address or a roster's file name with one must still get a proper answer
/// (on SQLite as well, where the same test runs).
#[tokio::test]
async fn nul_characters_in_search_sign_in_and_file_name() {
    let app = TestApp::spawn().await;
    let ine = app.intake_staff[0];
    app.register(ine, VALID_BSNS[0], "Nul Teken").await;
    let r = app.get(ine, "/api/clients?q=Nul%00").await;
    assert_eq!(r.status(), 200);
    let found: Value = r.json().await.unwrap();
    assert_eq!(found.as_array().unwrap().len(), 1, "{found}");
    // Only a NUL is no term at all: said on the form, nothing searched.
    let r = app.post_form(ine, "/zoeken", &[("q", "\0")]).await;
    assert_eq!(r.status(), 422);

    let r = app
        .http
        .post(format!("{}/api/session", app.base))
        .json(&json!({"email": "ine\u{0}@test.example", "password": "wrong password here"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422, "a failed sign-in, not a server error");

    let r = app
        .post_raw(
            ine,
            "/api/roster?file_name=uit%00kering.csv",
            b"bsn;naam;ingangsdatum\n111222333;Nul Teken;01-01-2026\n".to_vec(),
        )
        .await;
    assert!(r.status().is_success(), "{}", r.status());
    app.assert_healthy().await;
}
