//! Every save confirmed: after a page form (POST → 303 → GET) the page the
//! user lands on says what was saved, once, in the user's language, from a
//! code in a flash cookie; and a failed form lower on a long page shows its
//! errors at the top.

use reqwest::{Method, StatusCode};
use zicht_domain::EmployeeId;

use crate::common::{TestApp, VALID_BSNS};

/// One person's browser: the session, an optional language, and the flash
/// cookie as the server sets and clears it.
struct Browser<'a> {
    app: &'a TestApp,
    who: EmployeeId,
    lang: Option<&'static str>,
    flash: Option<String>,
}

impl<'a> Browser<'a> {
    fn new(app: &'a TestApp, who: EmployeeId) -> Self {
        Browser {
            app,
            who,
            lang: None,
            flash: None,
        }
    }

    fn english(mut self) -> Self {
        self.lang = Some("en");
        self
    }

    async fn cookies(&self) -> String {
        let (session, _) = self.app.session(self.who).await;
        let mut cookies = vec![session];
        if let Some(lang) = self.lang {
            cookies.push(format!("lang={lang}"));
        }
        if let Some(flash) = &self.flash {
            cookies.push(format!("zicht_saved={flash}"));
        }
        cookies.join("; ")
    }

    /// Applies the response's `Set-Cookie` for the flash cookie, checking
    /// its attributes.
    fn keep(&mut self, r: &reqwest::Response) {
        for v in r.headers().get_all("set-cookie") {
            let v = v.to_str().unwrap();
            let Some(rest) = v.strip_prefix("zicht_saved=") else {
                continue;
            };
            for attribute in ["Path=/", "HttpOnly", "SameSite=Lax"] {
                assert!(v.contains(attribute), "{v} lacks {attribute}");
            }
            let value = rest.split(';').next().unwrap();
            self.flash = (!value.is_empty() && !v.contains("Max-Age=0")).then(|| value.to_string());
        }
    }

    /// Submits a page form; returns the status and where it redirects to.
    async fn submit(&mut self, path: &str, fields: &[(&str, &str)]) -> (StatusCode, String) {
        let (_, csrf) = self.app.session(self.who).await;
        let mut form = vec![("csrf", csrf.as_str())];
        form.extend_from_slice(fields);
        let r = self
            .app
            .http
            .request(Method::POST, format!("{}{}", self.app.base, path))
            .header("cookie", self.cookies().await)
            .form(&form)
            .send()
            .await
            .unwrap();
        self.keep(&r);
        let status = r.status();
        let location = r
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        if status != StatusCode::SEE_OTHER {
            return (status, r.text().await.unwrap());
        }
        (status, location)
    }

    /// Opens a page; returns its status and HTML.
    async fn open(&mut self, path: &str) -> (StatusCode, String) {
        let r = self
            .app
            .http
            .get(format!("{}{}", self.app.base, path))
            .header("cookie", self.cookies().await)
            .send()
            .await
            .unwrap();
        self.keep(&r);
        (r.status(), r.text().await.unwrap())
    }

    /// Submits a form that saves, follows the redirect, and returns the
    /// confirmation on the page it lands on (none if none).
    async fn save(&mut self, path: &str, fields: &[(&str, &str)]) -> (String, Option<String>) {
        let (status, location) = self.submit(path, fields).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "POST {path}: {location}");
        assert!(
            !location.contains('?') || location.starts_with("/team/overleg?team="),
            "nothing but the page in the address: {location}"
        );
        assert!(self.flash.is_some(), "POST {path} set no confirmation");
        let page = location.split('#').next().unwrap().to_string();
        let (status, html) = self.open(&page).await;
        assert_eq!(status, StatusCode::OK, "GET {page}");
        (page, confirmation(&html))
    }
}

/// The id of the one handover in the inbox of `who`'s team.
async fn offered_to(app: &TestApp, who: EmployeeId) -> i64 {
    let html = app.get(who, "/team/inbox").await.text().await.unwrap();
    let rest = html
        .split("/overdrachten/")
        .nth(1)
        .expect("a handover in the inbox");
    rest.split('/').next().unwrap().parse().unwrap()
}

/// The text in the status region, if any.
fn confirmation(html: &str) -> Option<String> {
    let region = html
        .split("<div role=\"status\" aria-live=\"polite\" class=\"saved-region\">")
        .nth(1)
        .expect("every page has the status region")
        .split("</div>")
        .next()
        .unwrap();
    region
        .strip_prefix("<p class=\"notice saved\" id=\"saved\">")
        .map(|rest| rest.trim_end_matches("</p>").to_string())
}

#[tokio::test]
async fn contact_and_assessment_are_confirmed_once_in_the_users_language() {
    let app = TestApp::spawn().await;
    let ine = app.intake_staff[0];
    let client = app.register(ine, VALID_BSNS[0], "Greet Gerritsen").await;
    let card = format!("/klanten/{client}");
    let contact = [
        ("date", "2026-01-05"),
        ("kind", "gesprek"),
        ("with_whom", "klant"),
        ("summary", "Intake besproken"),
        ("next_contact_on", ""),
    ];

    let mut nl = Browser::new(&app, ine);
    let (page, said) = nl.save(&format!("{card}/contact"), &contact).await;
    assert_eq!(page, card);
    assert_eq!(said.as_deref(), Some("Contact vastgelegd."));
    assert!(nl.flash.is_none(), "shown once, then cleared");
    // A reload says nothing more.
    let (_, html) = nl.open(&card).await;
    assert_eq!(confirmation(&html), None);

    let (_, said) = nl
        .save(
            &format!("{card}/klantinzet"),
            &[("assessed_on", ""), ("on_time", "on"), ("remarks", "")],
        )
        .await;
    assert_eq!(said.as_deref(), Some("Klantinzet vastgelegd."));

    // The same in English for an English user.
    let mut en = Browser::new(&app, ine).english();
    let (_, said) = en.save(&format!("{card}/contact"), &contact).await;
    assert_eq!(said.as_deref(), Some("Contact recorded."));
    let (_, html) = en.open(&card).await;
    assert_eq!(confirmation(&html), None);
    let (_, said) = en
        .save(
            &format!("{card}/klantinzet"),
            &[("assessed_on", ""), ("remarks", "")],
        )
        .await;
    assert_eq!(said.as_deref(), Some("Five-skills assessment recorded."));
    app.assert_healthy().await;
}

#[tokio::test]
async fn handover_offer_and_return_are_confirmed_on_both_sides() {
    let app = TestApp::spawn().await;
    let ine = app.intake_staff[0];
    let wim = app.werk_staff[0];
    let client = app.register(ine, VALID_BSNS[1], "Hans Hendriks").await;
    let werk = app.werk.0.to_string();
    let offer = [
        ("to_team_id", werk.as_str()),
        ("to_employee_id", ""),
        ("reason", "Klaar voor bemiddeling"),
        ("work_done", "Intake en klantinzet"),
        ("particulars", ""),
        ("agreements", "Eerste gesprek binnen twee weken"),
    ];
    let mut ine_nl = Browser::new(&app, ine);
    let (page, said) = ine_nl
        .save(&format!("/klanten/{client}/overdracht"), &offer)
        .await;
    assert_eq!(page, format!("/klanten/{client}"));
    assert_eq!(
        said.as_deref(),
        Some("Overdracht aangeboden. De klant blijft bij u tot het andere team accepteert.")
    );
    let (_, html) = ine_nl.open(&page).await;
    assert_eq!(confirmation(&html), None);

    // The receiving team returns it, in English, from the inbox.
    let handover = offered_to(&app, wim).await;
    let mut wim_en = Browser::new(&app, wim).english();
    let (page, said) = wim_en
        .save(
            &format!("/overdrachten/{handover}/terugsturen"),
            &[("reason", "Eerst schuldhulp"), ("terug", "/team/inbox")],
        )
        .await;
    assert_eq!(page, "/team/inbox");
    assert_eq!(said.as_deref(), Some("Handover returned, with the reason."));
    let (_, html) = wim_en.open(&page).await;
    assert_eq!(confirmation(&html), None);

    // The sender offers again; the receiver returns it in Dutch.
    ine_nl
        .save(&format!("/klanten/{client}/overdracht"), &offer)
        .await;
    let handover = offered_to(&app, wim).await;
    let mut wim_nl = Browser::new(&app, wim);
    let (_, said) = wim_nl
        .save(
            &format!("/overdrachten/{handover}/terugsturen"),
            &[
                ("reason", "Nog steeds schuldhulp"),
                ("terug", "/team/inbox"),
            ],
        )
        .await;
    assert_eq!(
        said.as_deref(),
        Some("Overdracht teruggestuurd, met de reden.")
    );
    app.assert_healthy().await;
}

#[tokio::test]
async fn an_unknown_code_shows_nothing_and_is_cleared() {
    let app = TestApp::spawn().await;
    let ine = app.intake_staff[0];
    for code in [
        "onbekend",
        "Contact%20vastgelegd.",
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    ] {
        let mut b = Browser::new(&app, ine);
        b.flash = Some(code.to_string());
        let (status, html) = b.open("/").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(confirmation(&html), None, "{code}");
        assert!(b.flash.is_none(), "{code} is cleared");
    }
    // A known code waits through an error page for the next page.
    let mut b = Browser::new(&app, ine);
    b.flash = Some("contact".into());
    let (status, html) = b.open("/klanten/987654").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!html.contains("Contact vastgelegd."));
    assert_eq!(b.flash.as_deref(), Some("contact"));
    let (_, html) = b.open("/").await;
    assert_eq!(confirmation(&html).as_deref(), Some("Contact vastgelegd."));
    assert!(b.flash.is_none());
    app.assert_healthy().await;
}

/// "Terugsturen" without a reason on a long inbox: the page is answered
/// 422 with the error summary first in `<main>`, focusable and linking to
/// the field, and a title that starts with "Fout: ". Nothing is confirmed.
#[tokio::test]
async fn a_failed_return_in_the_inbox_is_summarised_at_the_top() {
    let app = TestApp::spawn().await;
    let ine = app.intake_staff[0];
    let wim = app.werk_staff[0];
    let mut last = 0;
    for (i, name) in ["Anna Aarts", "Bert Bakker", "Carla Claes"]
        .into_iter()
        .enumerate()
    {
        let client = app.register(ine, VALID_BSNS[i], name).await;
        last = app.offer(ine, client, app.werk).await;
    }
    for (lang, title, heading) in [
        (None, "<title>Fout: ", "Er is niets opgeslagen: Carla Claes"),
        (
            Some("en"),
            "<title>Error: ",
            "Nothing was saved: Carla Claes",
        ),
    ] {
        let mut b = Browser::new(&app, wim);
        b.lang = lang;
        // A confirmation still waiting is not shown on a failed form.
        b.flash = Some("contact".into());
        let (status, html) = b
            .submit(
                &format!("/overdrachten/{last}/terugsturen"),
                &[("reason", " "), ("terug", "/team/inbox")],
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains(title), "{html}");
        let main = html.split("<main id=\"inhoud\">").nth(1).unwrap();
        let summary = main.find("id=\"fout\"").expect("error summary");
        assert!(
            summary < main.find("<h1").unwrap(),
            "summary before the heading"
        );
        assert!(main.contains("role=\"alert\" tabindex=\"-1\" autofocus"));
        assert!(main.contains(heading), "{main}");
        assert!(
            main.contains(&format!("<a href=\"#return-{last}\">")),
            "{main}"
        );
        assert!(main.contains(&format!("id=\"return-{last}\"")));
        assert_eq!(confirmation(&html), None);
    }
    // A page that did not fail has neither.
    let (_, html) = Browser::new(&app, wim).open("/team/inbox").await;
    assert!(html.contains("<title>Inbox") || !html.contains("<title>Fout"));
    assert!(!html.contains("id=\"fout\""));
    app.assert_healthy().await;
}

#[tokio::test]
async fn any_failed_form_is_summarised_at_the_top_with_links_to_its_fields() {
    let app = TestApp::spawn().await;
    let ine = app.intake_staff[0];
    let client = app.register(ine, VALID_BSNS[0], "Greet Gerritsen").await;
    let r = app
        .post_form(
            ine,
            &format!("/klanten/{client}/contact"),
            &[
                ("date", "31-02-2026"),
                ("kind", "gesprek"),
                ("with_whom", ""),
                ("summary", ""),
                ("next_contact_on", ""),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    let main = html.find(r#"<main id="inhoud">"#).unwrap();
    let summary = html.find(r#"id="fout""#).expect("an error summary");
    assert!(
        summary > main && summary < html.find("<h1>").unwrap(),
        "at the top of main"
    );
    assert!(html.contains(r##"<a href="#date">"##), "{html}");
    assert!(html.contains(r##"<a href="#with_whom">"##));
    assert!(html.contains("autofocus"));
    // Nothing was saved.
    let card = app.get_json(ine, &format!("/api/clients/{client}")).await;
    assert!(card["last_contact"].is_null(), "{card}");
}
