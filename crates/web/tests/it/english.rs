//! The pages in English name the domain's codes in English too: phases, the
//! five skills and their questions, ladder rungs, ZRM domains and scores,
//! sectors, legal bases, goal targets. Dutch stays the default.

use serde_json::{json, Value};
use zicht_domain::EmployeeId;

use crate::common::{TestApp, VALID_BSNS};

/// A page as `who` sees it with the language switch's cookie set to `lang`.
async fn page(app: &TestApp, who: EmployeeId, path: &str, lang: &str) -> String {
    let (cookie, _) = app.session(who).await;
    let r = app
        .http
        .get(format!("{}{path}", app.base))
        .header("cookie", format!("{cookie}; lang={lang}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "GET {path} ({lang})");
    r.text().await.unwrap()
}

fn shows(html: &str, texts: &[&str]) {
    for t in texts {
        assert!(html.contains(t), "{t:?} missing");
    }
}

fn hides(html: &str, texts: &[&str]) {
    for t in texts {
        assert!(!html.contains(t), "{t:?} shown");
    }
}

#[tokio::test]
async fn english_pages_name_codes_in_english() {
    let app = TestApp::spawn().await;
    let wim = app.werk_staff[0];
    let client = app.register(wim, VALID_BSNS[0], "Anna de Vries").await;
    for (act, body) in [
        ("assessments", json!({"on_time": true, "commitment": true})),
        ("ladder", json!({"rung": "4"})),
        (
            "zrm",
            json!({"version": "zrm_13", "scores": {"financien": "3"}}),
        ),
        (
            "goals",
            json!({"target": "rung:4", "description": "Vrijwilligerswerk doen"}),
        ),
        ("work-wishes", json!({"sectors": ["hospitality"]})),
        (
            "sanctions",
            json!({"behaviour": "Drie keer niet verschenen", "legal_basis": "pw_18_2",
                   "consideration": "Een lage verlaging raakt het traject nauwelijks."}),
        ),
        ("phase", json!({"phase": "activering"})),
    ] {
        let r = app
            .post(wim, &format!("/api/clients/{client}/{act}"), body)
            .await;
        let status = r.status();
        assert!(status.is_success(), "{act}: {}", r.text().await.unwrap());
    }

    // The klantkaart.
    let card = format!("/klanten/{client}");
    let en = page(&app, wim, &card, "en").await;
    shows(
        &en,
        &[
            "Activation",
            "Arriving on time",
            "Dressing for what the workplace asks",
            "Unpaid work",
            "Finances 3",
            "Participation ladder rung 4: Unpaid work",
            "Participation Act art. 18(2)",
            // The timeline's particulars too.
            "2 of 5 basic skills",
            "rung 4 (Unpaid work) on",
            "1 domains scored",
            "phase Intake",
        ],
    );
    hides(
        &en,
        &[
            "Activering",
            "Op tijd komen",
            "Onbetaald werk",
            "Financiën",
            "Participatieladder trede",
            "Participatiewet",
            "van 5 basisvaardigheden",
            "domeinen gescoord",
            "fase Intake",
        ],
    );
    let nl = page(&app, wim, &card, "nl").await;
    shows(
        &nl,
        &["Activering", "Op tijd komen", "Onbetaald werk", "Financiën"],
    );
    hides(&nl, &["Activation", "Arriving on time", "Unpaid work"]);

    // The klantinzetformulier: the skills and their questions.
    let form = format!("/klanten/{client}/klantinzet");
    let en = page(&app, wim, &form, "en").await;
    shows(
        &en,
        &[
            "Showing commitment",
            "Was the client on time for every appointment",
            "Did the client complete the assigned tasks without needing to be urged?",
        ],
    );
    hides(&en, &["Inzet tonen", "Was de klant", "Heeft de klant"]);
    let nl = page(&app, wim, &form, "nl").await;
    shows(
        &nl,
        &[
            "Inzet tonen",
            "Heeft de klant de opgedragen taken volledig uitgevoerd",
        ],
    );

    // The diagnosis: rungs, ZRM versions, domains and scores.
    let en = page(&app, wim, &format!("/klanten/{client}/diagnose"), "en").await;
    shows(
        &en,
        &[
            "Paid work with support",
            "Self-sufficiency matrix, current version (13 domains)",
            "Community participation",
            "3 — barely self-sufficient",
        ],
    );
    hides(
        &en,
        &[
            "Betaald werk met ondersteuning",
            "huidige versie",
            "Maatschappelijke participatie",
            "beperkt zelfredzaam",
        ],
    );

    // The trajectplan, work and sanctions: goal targets, sectors, reasons, bases.
    let en = page(&app, wim, &format!("/klanten/{client}/trajectplan"), "en").await;
    shows(&en, &["Basic skill: Accepting direction"]);
    hides(&en, &["Basisvaardigheid", "Leiding accepteren"]);
    let en = page(&app, wim, &format!("/klanten/{client}/werk"), "en").await;
    shows(&en, &["Hospitality", "Care and welfare", "Paid employment"]);
    hides(
        &en,
        &["Horeca", "Zorg en welzijn", "Betaald werk in loondienst"],
    );
    let en = page(&app, wim, &format!("/klanten/{client}/maatregelen"), "en").await;
    shows(
        &en,
        &["sanctions regulation", "Participation Act art. 18(4)"],
    );
    hides(&en, &["Afstemmingsverordening"]);

    // The API names ZRM domains in the request's language, Dutch by default.
    let api = format!("/api/clients/{client}");
    let dutch = app.get_json(wim, &api).await;
    assert_eq!(
        dutch["diagnosis"]["zrm"][0]["scores"][0]["label"],
        "Financiën"
    );
    let english: Value = app
        .request(wim, reqwest::Method::GET, &api)
        .await
        .header("accept-language", "en")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        english["diagnosis"]["zrm"][0]["scores"][0]["label"],
        "Finances"
    );
    app.assert_healthy().await;
}
