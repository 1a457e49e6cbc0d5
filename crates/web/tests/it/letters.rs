//! Letters safe to send and the client's contact details, on the running
//! server: details validated and kept (or nothing changed), access per role,
//! letters composed as drafts, edited, previewed and sent with kenmerk,
//! date and address; a letter with an unfilled value refused; the
//! processing log's records.

#![allow(clippy::unwrap_used)]

use crate::common::json::*;
use crate::common::TestApp;
use reqwest::Method;
use serde_json::{json, Value};
use time::{Duration, OffsetDateTime};
use zicht_domain::{access::Role, EmployeeId};

fn bsns(n: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut seed = 30_000_000u32;
    while out.len() < n {
        seed += 1;
        let digits = format!("{seed:08}");
        let sum: u32 = digits
            .chars()
            .enumerate()
            .map(|(i, c)| (9 - i as u32) * c.to_digit(10).unwrap())
            .sum();
        let check = sum % 11;
        if check < 10 {
            out.push(format!("{digits}{check}"));
        }
    }
    out
}

async fn send(
    app: &TestApp,
    who: EmployeeId,
    method: Method,
    path: &str,
    body: Value,
) -> reqwest::Response {
    app.request(who, method, path)
        .await
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn operations(app: &TestApp, bsn: &str, start: OffsetDateTime) -> Vec<String> {
    app.store
        .processing_log_for(
            app.org,
            bsn,
            start,
            OffsetDateTime::now_utc() + Duration::minutes(1),
        )
        .await
        .unwrap()
        .into_iter()
        .map(|l| l.operation)
        .collect()
}

const ADDRESS: &str = "/contact-details";

/// The flash cookie a saved page form sets for the next page's confirmation.
fn saved_code(r: &reqwest::Response) -> String {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

#[tokio::test]
async fn contact_details_are_validated_kept_and_only_for_who_may_change_the_file() {
    let app = TestApp::spawn().await;
    let start = OffsetDateTime::now_utc() - Duration::seconds(1);
    let [wim, _] = app.werk_staff;
    let [ine, _] = app.intake_staff;
    let b = bsns(1);
    let client = app.register(wim, &b[0], "Fatma Yılmaz").await;
    let path = format!("/api/clients/{client}{ADDRESS}");

    let c = card(&app, wim, client).await;
    assert_eq!(
        c["contact"],
        json!({"address": "", "postcode": "", "place": "", "phone": "", "email": ""})
    );

    let r = send(
        &app,
        wim,
        Method::PUT,
        &path,
        json!({"address": " Hoofdstraat 12 ", "postcode": "9351ab", "place": "Leek",
               "phone": "06 1234 5678", "email": "f.yilmaz@voorbeeld.nl"}),
    )
    .await;
    let kept = expect(r, 200, "valid details").await;
    assert_eq!(kept["postcode"], "9351 AB", "normalised");
    assert_eq!(kept["address"], "Hoofdstraat 12", "trimmed");
    let c = card(&app, wim, client).await;
    assert_eq!(c["contact"], kept);
    assert_eq!(count(&c, "contact_details_changed"), 1);

    // Invalid: every field named, nothing changed.
    let r = send(
        &app,
        wim,
        Method::PUT,
        &path,
        json!({"address": "Kerkstraat 1", "postcode": "93 51", "place": "Leek",
               "phone": "06", "email": "f@yilmaz"}),
    )
    .await;
    let err = expect(r, 422, "invalid details").await;
    assert_eq!(
        field_codes(&err),
        pairs(&[
            ("postcode", "postcode_invalid"),
            ("phone", "phone_invalid"),
            ("email", "email_invalid")
        ])
    );
    let c = card(&app, wim, client).await;
    assert_eq!(c["contact"], kept, "nothing changed");
    assert_eq!(count(&c, "contact_details_changed"), 1);

    // English messages for an English request.
    let r = app
        .request(wim, Method::PUT, &path)
        .await
        .header("accept-language", "en")
        .json(&json!({"postcode": "0000 AA"}))
        .send()
        .await
        .unwrap();
    let err = expect(r, 422, "invalid postcode, English").await;
    assert!(
        err["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("Dutch postcode"),
        "{err}"
    );

    // Another team may not; a provider or management may not either (the
    // route table refuses them before the body is read).
    let r = send(&app, ine, Method::PUT, &path, json!({"place": "Elders"})).await;
    expect(r, 403, "another team").await;
    assert_eq!(card(&app, wim, client).await["contact"], kept);

    // Cleared by sending empty fields.
    let r = send(&app, wim, Method::PUT, &path, json!({})).await;
    let cleared = expect(r, 200, "cleared").await;
    assert_eq!(cleared["place"], "");

    let ops = operations(&app, &b[0], start).await;
    assert_eq!(
        ops.iter()
            .filter(|o| *o == "contactgegevens_wijzigen")
            .count(),
        4,
        "three saved and one refused as invalid: {ops:?}"
    );
    assert!(ops.iter().any(|o| o.ends_with("_geweigerd")), "{ops:?}");
    app.assert_healthy().await;
}

#[tokio::test]
async fn contact_details_form_keeps_input_on_error_and_confirms_a_save() {
    let app = TestApp::spawn().await;
    let [wim, _] = app.werk_staff;
    let b = bsns(1);
    let client = app.register(wim, &b[0], "Łukasz Øster").await;
    let page = format!("/klanten/{client}/contactgegevens");
    let r = app.get(wim, &page).await;
    assert_eq!(r.status(), 200);
    let r = app
        .post_form(
            wim,
            &page,
            &[
                ("address", "Molenweg 3"),
                ("postcode", "12"),
                ("place", "Marum"),
                ("phone", ""),
                ("email", ""),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("id=\"postcode-error\""),
        "error next to the field"
    );
    assert!(html.contains("value=\"Molenweg 3\""), "input kept");
    assert_eq!(
        card(&app, wim, client).await["contact"]["address"],
        "",
        "nothing saved"
    );

    let r = app
        .post_form(
            wim,
            &page,
            &[
                ("address", "Molenweg 3"),
                ("postcode", "9363 kl"),
                ("place", "Marum"),
                ("phone", "050-123 4567"),
                ("email", ""),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], format!("/klanten/{client}"));
    assert!(
        saved_code(&r).contains("zicht_saved=contact_details"),
        "confirmed"
    );
    let html = app
        .get(wim, &format!("/klanten/{client}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("9363 KL  Marum"), "shown on the klantkaart");
    assert!(!html.contains("9363 kl"), "normalised");
    app.assert_healthy().await;
}

#[tokio::test]
async fn letters_are_drafted_previewed_and_sent_only_when_complete() {
    let app = TestApp::spawn().await;
    let start = OffsetDateTime::now_utc() - Duration::seconds(1);
    let [wim, wendy] = app.werk_staff;
    let [ine, _] = app.intake_staff;
    app.store.set_role(wendy, Role::Teamleider).await.unwrap();
    let b = bsns(1);
    let client = app.register(wim, &b[0], "Fatma Yılmaz").await;
    let letters = format!("/api/clients/{client}/letters");

    // No outflow: the congratulation's employer is unknown.
    let id = created(
        app.post(wim, &letters, json!({"template": "felicitatie_werk"}))
            .await,
        "draft",
    )
    .await;
    let one = format!("{letters}/{id}");
    let letter = app.get_json(wim, &one).await;
    assert_eq!(letter["status"], "draft");
    assert_eq!(letter["reference"], Value::Null);
    assert!(letter["body"].as_str().unwrap().contains("bij (onbekend)"));

    // Drafts are listed for "Vandaag".
    let drafts = app.get_json(wim, "/api/letter-drafts").await;
    assert_eq!(drafts["count"], 1);
    assert_eq!(drafts["drafts"][0]["letter_id"], id);
    assert_eq!(drafts["drafts"][0]["client_id"], client);
    assert_eq!(app.get_json(wendy, "/api/letter-drafts").await["count"], 0);

    // Sending is refused, nothing changes: an unknown value, and no address.
    let r = app.post(wim, &format!("{one}/send"), json!({})).await;
    let err = expect(r, 422, "unfilled value and no address").await;
    assert_eq!(
        field_codes(&err),
        pairs(&[
            ("body", "letter_value_missing"),
            ("address", "letter_address_missing")
        ])
    );
    let r = app
        .request(wim, Method::POST, &format!("{one}/send"))
        .await
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    let err = expect(r, 422, "English").await;
    assert!(
        err["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("empty value"),
        "{err}"
    );
    assert_eq!(app.get_json(wim, &one).await["status"], "draft");

    // The address is filled in; the text still has the unknown value.
    let r = send(
        &app,
        wim,
        Method::PUT,
        &format!("/api/clients/{client}{ADDRESS}"),
        json!({"address": "Hoofdstraat 12", "postcode": "9351 AB", "place": "Leek"}),
    )
    .await;
    expect(r, 200, "address").await;
    let r = app.post(wim, &format!("{one}/send"), json!({})).await;
    let err = expect(r, 422, "unfilled value").await;
    assert_eq!(
        field_codes(&err),
        pairs(&[("body", "letter_value_missing")])
    );

    // A placeholder typed into the draft is an unfilled value too.
    let body = letter["body"]
        .as_str()
        .unwrap()
        .replace("(onbekend)", "Bakkerij De Korrel");
    let r = send(
        &app,
        wim,
        Method::PUT,
        &one,
        json!({"title": "Voor {naam}", "body": body}),
    )
    .await;
    expect(r, 204, "edit").await;
    let r = app.post(wim, &format!("{one}/send"), json!({})).await;
    let err = expect(r, 422, "placeholder in the title").await;
    assert_eq!(
        field_codes(&err),
        pairs(&[("title", "letter_value_missing")])
    );
    let r = send(
        &app,
        wim,
        Method::PUT,
        &one,
        json!({"title": "", "body": ""}),
    )
    .await;
    let err = expect(r, 422, "empty draft").await;
    assert_eq!(
        field_codes(&err),
        pairs(&[
            ("title", "letter_title_required"),
            ("body", "letter_body_required")
        ])
    );
    let r = send(
        &app,
        wim,
        Method::PUT,
        &one,
        json!({"title": "Gefeliciteerd", "body": body}),
    )
    .await;
    expect(r, 204, "edit").await;

    // The preview PDF holds the head: address, date, kenmerk; and the name as written.
    let pdf = app
        .get(wim, &format!("{one}/pdf"))
        .await
        .bytes()
        .await
        .unwrap();
    let text = pdf_extract::extract_text_from_mem(&pdf).unwrap();
    let reference = format!("ZICHT/{}/{:06}", today().year(), id);
    for expected in [
        "Fatma Yılmaz",
        "Hoofdstraat 12",
        "9351 AB",
        "Leek",
        &reference,
        &dmy(today()),
    ] {
        assert!(text.contains(expected), "{expected} not in {text}");
    }

    // Another team may not send; the owner may.
    let r = app.post(ine, &format!("{one}/send"), json!({})).await;
    expect(r, 403, "another team").await;
    let r = app.post(wim, &format!("{one}/send"), json!({})).await;
    let sent = expect(r, 200, "sent").await;
    assert_eq!(sent["status"], "sent");
    assert_eq!(sent["reference"], reference);
    assert_eq!(sent["sent_on"], today().to_string());
    assert_eq!(
        sent["address"],
        json!(["Fatma Yılmaz", "Hoofdstraat 12", "9351 AB  Leek"])
    );
    assert_eq!(app.get_json(wim, "/api/letter-drafts").await["count"], 0);

    // Sent is final.
    let r = app.post(wim, &format!("{one}/send"), json!({})).await;
    expect(r, 409, "sent twice").await;
    let r = send(
        &app,
        wim,
        Method::PUT,
        &one,
        json!({"title": "x", "body": "y"}),
    )
    .await;
    expect(r, 409, "edit after sending").await;
    let r = send(&app, wim, Method::DELETE, &one, json!({})).await;
    expect(r, 409, "discard after sending").await;

    // A second draft is discarded.
    let other = created(
        app.post(wendy, &letters, json!({"template": "uitnodiging_gesprek"}))
            .await,
        "second draft",
    )
    .await;
    assert_eq!(app.get_json(wendy, "/api/letter-drafts").await["count"], 1);
    let r = send(
        &app,
        wendy,
        Method::DELETE,
        &format!("{letters}/{other}"),
        json!({}),
    )
    .await;
    expect(r, 204, "discarded").await;
    assert_eq!(app.get_json(wendy, "/api/letter-drafts").await["count"], 0);
    let c = card(&app, wim, client).await;
    let listed: Vec<_> = c["work"]["letters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_i64().unwrap())
        .collect();
    assert_eq!(listed, vec![id], "a discarded draft is not listed");
    assert_eq!(count(&c, "letter_drafted"), 2);
    assert_eq!(count(&c, "letter_draft_edited"), 2);
    assert_eq!(count(&c, "letter_sent"), 1);
    assert_eq!(count(&c, "letter_draft_discarded"), 1);

    let ops = operations(&app, &b[0], start).await;
    for op in [
        "brief_opstellen",
        "brief_wijzigen",
        "brief_lezen",
        "brief_versturen",
        "brief_verwijderen",
        "concepten_lezen",
    ] {
        assert!(ops.iter().any(|o| o == op), "{op} not in {ops:?}");
    }
    // The other team's attempt, refused by the route table.
    assert!(
        ops.iter().any(|o| o.ends_with("/send_geweigerd")),
        "{ops:?}"
    );
    app.assert_healthy().await;
}

#[tokio::test]
async fn the_letter_page_refuses_a_letter_with_a_missing_value_then_sends_it() {
    let app = TestApp::spawn().await;
    let [wim, _] = app.werk_staff;
    let b = bsns(1);
    let client = app.register(wim, &b[0], "Fatma Yılmaz").await;
    let r = send(
        &app,
        wim,
        Method::PUT,
        &format!("/api/clients/{client}{ADDRESS}"),
        json!({"address": "Hoofdstraat 12", "postcode": "9351 AB", "place": "Leek"}),
    )
    .await;
    expect(r, 200, "address").await;
    let r = app
        .post_form(
            wim,
            &format!("/klanten/{client}/brieven"),
            &[("template", "felicitatie_werk")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let page = r.headers()["location"].to_str().unwrap().to_string();
    let html = app.get(wim, &page).await.text().await.unwrap();
    assert!(
        html.contains("Deze brief kan nog niet worden verstuurd"),
        "warned before sending"
    );
    assert!(html.contains("Kenmerk: ZICHT/"), "the head in the preview");

    let r = app.post_form(wim, &format!("{page}/versturen"), &[]).await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("De brief is niet verstuurd"), "{html}");
    assert!(html.contains("leeg invulveld"));

    let letter_id = page.rsplit('/').next().unwrap();
    let letter = app
        .get_json(wim, &format!("/api/clients/{client}/letters/{letter_id}"))
        .await;
    assert_eq!(letter["status"], "draft", "nothing changed");
    let body = letter["body"]
        .as_str()
        .unwrap()
        .replace("(onbekend)", "Bakkerij De Korrel");
    let r = app
        .post_form(
            wim,
            &page,
            &[
                ("title", "Gefeliciteerd met uw nieuwe baan"),
                ("body", &body),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let r = app.post_form(wim, &format!("{page}/versturen"), &[]).await;
    assert_eq!(r.status(), 303);
    assert!(
        saved_code(&r).contains("zicht_saved=letter_sent"),
        "confirmed"
    );
    let html = app.get(wim, &page).await.text().await.unwrap();
    assert!(
        !html.contains("id=\"send-letter\""),
        "no send button once sent"
    );
    app.assert_healthy().await;
}
