//! Work and what follows it through the API on a running server: the
//! employer register with its contacts and the four-week indicator, vacancies
//! matched only to clients with all five basic skills whose wishes fit,
//! mediation steps, volunteer placements, outflow with aftercare, sanctions
//! with their mandatory consideration, client letters, and the effectenkaart.

#![allow(clippy::unwrap_used)]

use crate::common::json::*;

use crate::common::TestApp;
use serde_json::{json, Value};
use time::{Date, Duration};
use zicht_domain::{access::Role, reintegration::outflow::add_months, EmployeeId};

/// `n` distinct BSNs that pass the elfproef.
fn bsns(n: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut seed = 20_000_000u32;
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

/// Records a klantinzetformulier with the given skills ticked.
async fn assess_on(app: &TestApp, by: EmployeeId, client: i64, on: Date, skills: &[&str]) {
    let mut body = json!({"assessed_on": on.to_string(), "remarks": ""});
    for s in skills {
        body[*s] = json!(true);
    }
    let r = app
        .post(by, &format!("/api/clients/{client}/assessments"), body)
        .await;
    expect(r, 201, "assessment").await;
}

const ALL_FIVE: &[&str] = &[
    "on_time",
    "commitment",
    "accepts_direction",
    "says_in_time",
    "dresses_for_work",
];
const FOUR: &[&str] = &["on_time", "commitment", "accepts_direction", "says_in_time"];

async fn employer(app: &TestApp, by: EmployeeId, name: &str, sector: &str) -> i64 {
    created(
        app.post(
            by,
            "/api/employers",
            json!({"name": name, "sector": sector, "contact_name": "Els de Wit",
                   "contact_email": "els@example.nl", "contact_phone": "030-1234567"}),
        )
        .await,
        "employer",
    )
    .await
}

async fn contact(app: &TestApp, by: EmployeeId, employer: i64, on: Date, kind: &str) {
    let r = app
        .post(
            by,
            &format!("/api/employers/{employer}/contacts"),
            json!({"on": on.to_string(), "kind": kind, "outcome": format!("{kind} op {on}")}),
        )
        .await;
    expect(r, 201, "employer contact").await;
}

async fn vacancy(app: &TestApp, by: EmployeeId, employer: i64, sector: &str, hours: u32) -> i64 {
    created(
        app.post(
            by,
            &format!("/api/employers/{employer}/vacancies"),
            json!({"title": "Medewerker bediening", "sector": sector, "hours_per_week": hours,
                   "requirements": "Weekenddiensten; rijbewijs B"}),
        )
        .await,
        "vacancy",
    )
    .await
}

async fn wishes(app: &TestApp, by: EmployeeId, client: i64, body: Value) {
    let r = app
        .post(by, &format!("/api/clients/{client}/work-wishes"), body)
        .await;
    expect(r, 204, "work wishes").await;
}

fn ids(list: &Value) -> Vec<i64> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|s| s["client"]["id"].as_i64().unwrap())
        .collect()
}

async fn partial_outflow(app: &TestApp, by: EmployeeId, client: i64, on: Date) {
    let r = app
        .post(
            by,
            &format!("/api/clients/{client}/outflow"),
            json!({"kind": "partial", "reason": "paid_work", "on": on.to_string(),
                   "employer": "Bakkerij De Korrel", "hours_per_week": 20, "note": "Parttime"}),
        )
        .await;
    expect(r, 201, "partial outflow").await;
}

// --- employers and their contacts --------------------------------------------------

#[tokio::test]
async fn employer_contacts_count_over_the_last_four_weeks_per_scope() {
    let app = TestApp::spawn().await;
    let [wim, wendy] = app.werk_staff;
    let [ine, _] = app.intake_staff;

    let bakery = employer(&app, wim, "Bakkerij De Korrel", "hospitality").await;
    let r = app
        .post(
            wim,
            "/api/employers",
            json!({"name": " ", "sector": "bakery", "contact_email": "geen-adres"}),
        )
        .await;
    let err = expect(r, 422, "bad employer").await;
    assert_eq!(err["code"], "invalid_input");
    assert_eq!(
        field_codes(&err),
        pairs(&[
            ("name", "employer_name_required"),
            ("sector", "sector_invalid"),
            ("contact_email", "email_invalid"),
        ])
    );
    let r = app
        .post(
            wendy,
            "/api/employers",
            json!({"name": "Bakkerij De Korrel", "sector": "retail"}),
        )
        .await;
    let err = expect(r, 422, "same name").await;
    assert_eq!(err["code"], "name_taken");
    let garage = employer(&app, wendy, "Garage Noord", "technical").await;

    // Wim: today and 27 days ago are within four weeks, 28 days and five
    // weeks ago are not; Wendy and Ine one each today.
    contact(&app, wim, bakery, today(), "visit").await;
    contact(&app, wim, bakery, days_ago(27), "phone").await;
    contact(&app, wim, bakery, days_ago(28), "email").await;
    contact(&app, wim, garage, days_ago(35), "meeting").await;
    contact(&app, wendy, bakery, today(), "phone").await;
    contact(&app, ine, garage, days_ago(1), "email").await;
    app.assert_healthy().await;

    let r = app
        .post(
            wim,
            &format!("/api/employers/{bakery}/contacts"),
            json!({"on": (today() + Duration::days(1)).to_string(), "kind": "fax", "outcome": ""}),
        )
        .await;
    let err = expect(r, 422, "bad contact").await;
    assert_eq!(
        field_codes(&err),
        pairs(&[
            ("on", "date_future"),
            ("kind", "employer_contact_kind_invalid"),
            ("outcome", "employer_contact_outcome_required"),
        ])
    );
    let r = app
        .post(
            wim,
            "/api/employers/9999/contacts",
            json!({"on": "", "kind": "visit", "outcome": "Niemand"}),
        )
        .await;
    expect(r, 404, "unknown employer").await;
    expect(app.get(wim, "/api/employers/abc").await, 404, "non-numeric").await;

    let d = app.get_json(wim, &format!("/api/employers/{bakery}")).await;
    assert_eq!(d["employer"]["name"], "Bakkerij De Korrel");
    assert_eq!(d["employer"]["sector"], "hospitality");
    assert_eq!(d["employer"]["contact_email"], "els@example.nl");
    assert_eq!(d["employer"]["contacts_last_four_weeks"], 3);
    assert_eq!(d["employer"]["open_vacancies"], 0);
    let contacts = d["contacts"].as_array().unwrap();
    assert_eq!(contacts.len(), 4);
    // Newest first, each with who made it.
    let dates: Vec<_> = contacts.iter().map(|c| c["on"].as_str().unwrap()).collect();
    assert_eq!(
        dates,
        [
            today().to_string(),
            today().to_string(),
            days_ago(27).to_string(),
            days_ago(28).to_string()
        ]
    );
    assert_eq!(contacts[3]["kind"], "email");
    assert_eq!(contacts[3]["caseworker"]["id"], wim.0);
    assert_eq!(contacts[2]["outcome"], format!("phone op {}", days_ago(27)));

    let list = app.get_json(ine, "/api/employers").await;
    let names: Vec<_> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["name"].as_str().unwrap().to_string(),
                e["contacts_last_four_weeks"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            ("Bakkerij De Korrel".to_string(), 3),
            ("Garage Noord".to_string(), 1)
        ]
    );

    // The indicator on the effectenkaart, per scope.
    let from = days_ago(60);
    let q = |scope: String| {
        format!(
            "/api/effects/employer-contacts?scope={scope}&from={from}&to={}",
            dmy(today())
        )
    };
    let counts = |v: &Value| {
        (
            v["contacts_in_period"].as_i64().unwrap(),
            v["last_four_weeks"]["contacts"].as_i64().unwrap(),
        )
    };
    let own = app.get_json(wim, &q(format!("caseworker:{wim}"))).await;
    assert_eq!(counts(&own), (4, 2), "{own}");
    assert_eq!(own["from"], from.to_string());
    assert_eq!(own["to"], today().to_string());
    assert_eq!(own["last_four_weeks"]["from"], days_ago(27).to_string());
    assert_eq!(own["last_four_weeks"]["to"], today().to_string());
    let team = app.get_json(wim, &q(format!("team:{}", app.werk))).await;
    assert_eq!(counts(&team), (5, 3));
    let intake = app.get_json(ine, &q(format!("team:{}", app.intake))).await;
    assert_eq!(counts(&intake), (1, 1));
    let org = app.get_json(ine, &q("organisation".into())).await;
    assert_eq!(counts(&org), (6, 4));
    // A caseworker sees themself by default, not a colleague.
    let default = app.get_json(wendy, "/api/effects/employer-contacts").await;
    assert_eq!(default["last_four_weeks"]["contacts"], 1);
    let r = app.get(wim, &q(format!("caseworker:{wendy}"))).await;
    expect(r, 403, "colleague's scope").await;
    let r = app.get(wim, &q(format!("team:{}", app.intake))).await;
    expect(r, 403, "other team").await;
    let r = app.get(wim, &q("team:999".into())).await;
    let err = expect(r, 422, "unknown team").await;
    assert_eq!(field_codes(&err), pairs(&[("scope", "scope_invalid")]));
    // A shorter period counts fewer, the four weeks stay the four weeks.
    let r = app
        .get_json(
            wim,
            &format!(
                "/api/effects/employer-contacts?scope=caseworker:{wim}&from={}&to={}",
                days_ago(30),
                days_ago(1)
            ),
        )
        .await;
    assert_eq!(counts(&r), (2, 2));
}

// --- vacancies and matching ---------------------------------------------------------

#[tokio::test]
async fn matching_suggests_only_ready_clients_whose_wishes_fit() {
    let app = TestApp::spawn().await;
    let [wim, wendy] = app.werk_staff;
    let [ine, _] = app.intake_staff;
    app.store.set_role(wendy, Role::Teamleider).await.unwrap();
    let b = bsns(9);

    let bakery = employer(&app, wim, "Bakkerij De Korrel", "hospitality").await;
    let r = app
        .post(
            wim,
            &format!("/api/employers/{bakery}/vacancies"),
            json!({"title": "", "sector": "bakery", "hours_per_week": "41"}),
        )
        .await;
    let err = expect(r, 422, "bad vacancy").await;
    assert_eq!(
        field_codes(&err),
        pairs(&[
            ("title", "vacancy_title_required"),
            ("sector", "sector_invalid"),
            ("hours_per_week", "hours_range"),
        ])
    );
    let r = app
        .post(
            wim,
            "/api/employers/9999/vacancies",
            json!({"title": "Kok", "sector": "hospitality", "hours_per_week": 24}),
        )
        .await;
    expect(r, 404, "vacancy of unknown employer").await;
    let job = vacancy(&app, wim, bakery, "hospitality", 24).await;

    // Anna wishes the sector and the hours; Cora and Femke wish nothing in
    // particular; Bram lacks a skill; Dirk wishes another sector; Eva fewer
    // hours; Hugo had all five before but not on his latest assessment; Gert
    // is ready but in another team.
    let anna = app.register(wim, &b[0], "Anna Akkerman").await;
    let bram = app.register(wim, &b[1], "Bram Bakker").await;
    let cora = app.register(wim, &b[2], "Cora Claes").await;
    let dirk = app.register(wim, &b[3], "Dirk Dekker").await;
    let eva = app.register(wim, &b[4], "Eva Evers").await;
    let femke = app.register(wendy, &b[5], "Femke Feenstra").await;
    let gert = app.register(ine, &b[6], "Gert Gerritsen").await;
    let hugo = app.register(wim, &b[7], "Hugo Hendriks").await;
    for (by, c) in [
        (wim, anna),
        (wim, cora),
        (wim, dirk),
        (wim, eva),
        (wendy, femke),
        (ine, gert),
    ] {
        assess_on(&app, by, c, today(), ALL_FIVE).await;
    }
    assess_on(&app, wim, bram, today(), FOUR).await;
    assess_on(&app, wim, hugo, days_ago(30), ALL_FIVE).await;
    assess_on(&app, wim, hugo, days_ago(2), FOUR).await;

    // Wishes: repeated values and numbers are read as a form would send them.
    wishes(
        &app,
        wim,
        anna,
        json!({"sectors": ["retail", "hospitality", "retail"], "min_hours": 16, "max_hours": "32", "remarks": "Liefst overdag"}),
    )
    .await;
    wishes(&app, wim, dirk, json!({"sectors": "care"})).await;
    wishes(
        &app,
        wim,
        eva,
        json!({"sectors": [], "min_hours": "", "max_hours": 16}),
    )
    .await;
    let r = app
        .post(
            wim,
            &format!("/api/clients/{bram}/work-wishes"),
            json!({"sectors": ["bakery"], "min_hours": "30", "max_hours": "20"}),
        )
        .await;
    let err = expect(r, 422, "bad wishes").await;
    assert_eq!(
        field_codes(&err),
        pairs(&[
            ("sector", "sector_invalid"),
            ("max_hours", "hours_reversed")
        ])
    );
    let r = app
        .post(
            wim,
            &format!("/api/clients/{bram}/work-wishes"),
            json!({"min_hours": 0}),
        )
        .await;
    let err = expect(r, 422, "zero hours").await;
    assert_eq!(field_codes(&err), pairs(&[("min_hours", "hours_range")]));
    let r = app
        .post(
            wim,
            &format!("/api/clients/{femke}/work-wishes"),
            json!({"sectors": ["care"]}),
        )
        .await;
    expect(r, 403, "wishes for a colleague's client").await;
    app.assert_healthy().await;

    let c = card(&app, wim, anna).await;
    assert_eq!(
        c["work"]["wishes"],
        json!({"sectors": ["hospitality", "retail"], "min_hours": 16, "max_hours": 32, "remarks": "Liefst overdag"})
    );
    assert_eq!(count(&c, "work_wishes_recorded"), 1);
    let c = card(&app, wim, bram).await;
    assert!(c["work"]["wishes"].is_null(), "refused wishes not saved");

    // Wim sees the ready clients of his team whose wishes fit, best fit first.
    let path = format!("/api/vacancies/{job}");
    let v = app.get_json(wim, &path).await;
    assert_eq!(v["vacancy"]["title"], "Medewerker bediening");
    assert_eq!(v["vacancy"]["hours_per_week"], 24);
    assert_eq!(v["vacancy"]["requirements"], "Weekenddiensten; rijbewijs B");
    assert_eq!(v["vacancy"]["status"], "open");
    assert_eq!(v["vacancy"]["employer"]["id"], bakery);
    assert_eq!(ids(&v["suggestions"]), [anna, cora, femke], "{v}");
    assert_eq!(v["proposals"], json!([]));
    let first = &v["suggestions"][0];
    let reason_kinds: Vec<_> = first["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        reason_kinds,
        ["all_five_skills", "sector_wished", "hours_fit"]
    );
    assert_eq!(first["reasons"][0]["assessed_on"], today().to_string());
    assert_eq!(
        first["reasons"][2],
        json!({"kind": "hours_fit", "hours": 24, "min": 16, "max": 32})
    );
    let texts: Vec<_> = first["reason_texts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap().to_string())
        .collect();
    assert_eq!(texts.len(), 3);
    assert_eq!(
        texts[0],
        format!(
            "Klaar voor bemiddeling: alle vijf basisvaardigheden (klantinzetformulier van {})",
            dmy(today())
        )
    );
    assert_eq!(texts[1], "Wil werken in horeca");
    assert_eq!(texts[2], "24 uur past bij de wens van 16 tot 32 uur");
    assert_eq!(first["owner_employee"]["id"], wim.0);
    let cora_reasons: Vec<_> = v["suggestions"][1]["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        cora_reasons,
        ["all_five_skills", "any_sector", "no_hours_wish"]
    );
    assert_eq!(
        v["suggestions"][1]["reason_texts"][1],
        "Heeft geen voorkeur voor een sector"
    );
    // Ine, in another team, sees only her own ready client.
    let v = app.get_json(ine, &path).await;
    assert_eq!(ids(&v["suggestions"]), [gert]);
    // Looking at the suggestions is logged for each client shown.
    let log = app
        .get_json(wendy, &format!("/api/clients/{anna}/processing-log"))
        .await;
    assert!(
        log.as_array()
            .unwrap()
            .iter()
            .any(|l| l["operation"] == "vacature_matchen" && l["actor"]["id"] == wim.0),
        "{log}"
    );
    expect(app.get(wim, "/api/vacancies/9999").await, 404, "no vacancy").await;

    // Proposing: only who is suggested, by who may change the client.
    let proposals = format!("/api/vacancies/{job}/proposals");
    for (client, what) in [
        (bram, "four skills"),
        (dirk, "other sector"),
        (eva, "too few hours"),
        (hugo, "latest assessment"),
    ] {
        let r = app
            .post(wim, &proposals, json!({"client_id": client}))
            .await;
        let err = expect(r, 409, what).await;
        assert_eq!(err["code"], "match_not_suggested", "{what}");
    }
    let r = app
        .post(wim, &proposals, json!({"client_id": 999_999}))
        .await;
    let err = expect(r, 422, "unknown client").await;
    assert_eq!(
        field_codes(&err),
        pairs(&[("client_id", "match_not_suggested")])
    );
    let r = app.post(wim, &proposals, json!({"client_id": femke})).await;
    expect(r, 403, "someone else's client").await;
    let r = app.post(ine, &proposals, json!({"client_id": anna})).await;
    expect(r, 403, "another team's client").await;
    let mediation = created(
        app.post(wim, &proposals, json!({"client_id": anna.to_string()}))
            .await,
        "propose Anna",
    )
    .await;
    let r = app.post(wim, &proposals, json!({"client_id": anna})).await;
    let err = expect(r, 409, "proposed twice").await;
    assert_eq!(err["code"], "match_not_suggested");
    // The team lead proposes the colleague's client.
    created(
        app.post(wendy, &proposals, json!({"client_id": femke}))
            .await,
        "lead proposes Femke",
    )
    .await;
    app.assert_healthy().await;

    let v = app.get_json(wim, &path).await;
    assert_eq!(
        ids(&v["suggestions"]),
        [cora],
        "proposed clients are not suggested again"
    );
    let proposed: Vec<_> = v["proposals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["client"]["id"].as_i64().unwrap(), p["status"].clone()))
        .collect();
    assert_eq!(proposed, [(anna, Value::Null), (femke, Value::Null)]);
    assert_eq!(v["proposals"][0]["mediation_id"], mediation);
    // Another team sees neither proposal.
    let v = app.get_json(ine, &path).await;
    assert_eq!(v["proposals"], json!([]));
    let d = app.get_json(wim, &format!("/api/employers/{bakery}")).await;
    assert_eq!(d["employer"]["open_vacancies"], 1);
    assert_eq!(d["vacancies"][0]["id"], job);

    let c = card(&app, wim, anna).await;
    let m = &c["work"]["mediations"][0];
    assert_eq!(m["id"], mediation);
    assert_eq!(m["vacancy_id"], job);
    assert_eq!(m["vacancy_title"], "Medewerker bediening");
    assert_eq!(m["employer"]["name"], "Bakkerij De Korrel");
    assert_eq!(m["reasons"].as_array().unwrap().len(), 3);
    assert!(m["result"].is_null());
    assert_eq!(count(&c, "mediation_started"), 1);

    // Steps and the result.
    let steps = format!("/api/clients/{anna}/mediations/{mediation}/steps");
    let r = app
        .post(
            wim,
            &steps,
            json!({"step": "application_support", "on": days_ago(3).to_string(), "note": "CV en brief"}),
        )
        .await;
    expect(r, 201, "application support").await;
    let r = app
        .post(
            wim,
            &steps,
            json!({"step": "interview_accompanied", "on": dmy(today()), "note": "Goed gesprek"}),
        )
        .await;
    expect(r, 201, "interview").await;
    let r = app
        .post(
            wim,
            &steps,
            json!({"step": "coffee", "on": (today() + Duration::days(1)).to_string()}),
        )
        .await;
    let err = expect(r, 422, "bad step").await;
    assert_eq!(err["code"], "mediation_step_invalid");
    let r = app
        .post(
            wim,
            &steps,
            json!({"step": "other", "on": (today() + Duration::days(1)).to_string()}),
        )
        .await;
    let err = expect(r, 422, "future step").await;
    assert_eq!(field_codes(&err), pairs(&[("on", "date_future")]));
    let r = app
        .post(
            wim,
            &format!("/api/clients/{cora}/mediations/{mediation}/steps"),
            json!({"step": "other"}),
        )
        .await;
    expect(r, 404, "another client's mediation").await;
    let end = format!("/api/clients/{anna}/mediations/{mediation}/end");
    let r = app.post(wim, &end, json!({"result": "promoted"})).await;
    let err = expect(r, 422, "bad result").await;
    assert_eq!(err["code"], "mediation_result_invalid");
    let r = app
        .post(
            wim,
            &end,
            json!({"result": "hired", "on": "", "note": "Begint volgende maand"}),
        )
        .await;
    expect(r, 204, "hired").await;
    let r = app.post(wim, &end, json!({"result": "not_hired"})).await;
    let err = expect(r, 409, "ended twice").await;
    assert_eq!(err["code"], "mediation_ended");
    let r = app.post(wim, &steps, json!({"step": "other"})).await;
    let err = expect(r, 409, "step after the end").await;
    assert_eq!(err["code"], "mediation_ended");
    app.assert_healthy().await;

    let c = card(&app, wim, anna).await;
    let m = &c["work"]["mediations"][0];
    assert_eq!(m["result"], "hired");
    assert_eq!(m["ended_on"], today().to_string());
    assert_eq!(m["end_note"], "Begint volgende maand");
    let recorded: Vec<_> = m["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["step"].as_str().unwrap(),
                s["on"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        recorded,
        [
            ("application_support", days_ago(3).to_string()),
            ("interview_accompanied", today().to_string())
        ]
    );
    assert_eq!(m["steps"][0]["note"], "CV en brief");
    assert_eq!(m["steps"][0]["recorded_by"]["id"], wim.0);
    assert_eq!(count(&c, "mediation_step_recorded"), 2);
    assert_eq!(count(&c, "mediation_ended"), 1);
    assert_eq!(kinds(&c)[0], "mediation_ended");

    // A filled vacancy suggests no one and takes no proposals.
    let status = format!("/api/vacancies/{job}/status");
    let r = app.post(wim, &status, json!({"status": "gone"})).await;
    let err = expect(r, 422, "bad status").await;
    assert_eq!(err["code"], "vacancy_status_invalid");
    expect(
        app.post(wim, &status, json!({"status": "filled"})).await,
        204,
        "filled",
    )
    .await;
    let v = app.get_json(wim, &path).await;
    assert_eq!(v["vacancy"]["status"], "filled");
    assert_eq!(v["suggestions"], json!([]));
    assert_eq!(v["proposals"][0]["status"], "hired");
    let r = app.post(wim, &proposals, json!({"client_id": cora})).await;
    let err = expect(r, 409, "filled vacancy").await;
    assert_eq!(err["code"], "vacancy_not_open");
    let r = app
        .post(wim, "/api/vacancies/9999/status", json!({"status": "open"}))
        .await;
    expect(r, 404, "status of no vacancy").await;
    let d = app.get_json(wim, &format!("/api/employers/{bakery}")).await;
    assert_eq!(d["employer"]["open_vacancies"], 0);

    // A vacancy in a sector Dirk wishes, with hours Eva wishes.
    let care = employer(&app, wim, "Zorgcentrum De Linde", "care").await;
    let care_job = vacancy(&app, wim, care, "care", 16).await;
    let v = app
        .get_json(wim, &format!("/api/vacancies/{care_job}"))
        .await;
    assert_eq!(ids(&v["suggestions"]), [dirk, cora, eva, femke], "{v}");

    // Off benefit for a job elsewhere: no longer matched; part-time work next
    // to a reduced benefit: still, for more hours.
    let r = app
        .post(
            wim,
            &format!("/api/clients/{cora}/outflow"),
            json!({"kind": "full", "reason": "paid_work", "employer": "Elders"}),
        )
        .await;
    expect(r, 201, "Cora flows out").await;
    let r = app
        .post(
            wim,
            &format!("/api/clients/{eva}/outflow"),
            json!({"kind": "partial", "reason": "paid_work", "employer": "Elders", "hours_per_week": 12}),
        )
        .await;
    expect(r, 201, "Eva flows out in part").await;
    let v = app
        .get_json(wim, &format!("/api/vacancies/{care_job}"))
        .await;
    assert_eq!(ids(&v["suggestions"]), [dirk, eva, femke], "{v}");
    let r = app
        .post(
            wim,
            &format!("/api/vacancies/{care_job}/proposals"),
            json!({"client_id": cora}),
        )
        .await;
    let err = expect(r, 409, "propose an outflowed client").await;
    assert_eq!(err["code"], "match_not_suggested");
    app.assert_healthy().await;
}

// --- volunteer work -------------------------------------------------------------------

/// The vacancy page (HTML) for `who`, with its query.
async fn vacancy_html(app: &TestApp, who: EmployeeId, job: i64, query: &str) -> String {
    let r = app.get(who, &format!("/vacatures/{job}{query}")).await;
    assert_eq!(r.status(), 200, "vacancy page {query}");
    r.text().await.unwrap()
}

/// The clients a vacancy page suggests, in order, by the links of their headings.
fn suggested_on_page(html: &str) -> Vec<i64> {
    html.split("<article class=\"handover\" aria-labelledby=\"match-")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().parse().unwrap())
        .collect()
}

/// Whether `who` is on record as having looked at `client` to match a vacancy.
async fn matched_in_log(app: &TestApp, lead: EmployeeId, who: EmployeeId, client: i64) -> bool {
    let log = app
        .get_json(lead, &format!("/api/clients/{client}/processing-log"))
        .await;
    log.as_array()
        .unwrap()
        .iter()
        .any(|l| l["operation"] == "vacature_matchen" && l["actor"]["id"] == who.0)
}

#[tokio::test]
async fn the_vacancy_page_shows_twenty_suggestions_at_a_time_and_logs_only_those() {
    let app = TestApp::spawn().await;
    let [wim, wendy] = app.werk_staff;
    app.store.set_role(wendy, Role::Teamleider).await.unwrap();
    let mut clients = Vec::new();
    for (i, bsn) in bsns(45).iter().enumerate() {
        let c = app.register(wim, bsn, &format!("Klant {i:02}")).await;
        assess_on(&app, wim, c, today(), ALL_FIVE).await;
        clients.push(c);
    }
    let shop = employer(&app, wim, "Supermarkt Om de Hoek", "retail").await;
    let job = vacancy(&app, wim, shop, "retail", 20).await;
    // The API gives every suggestion (here to the team lead, so that what
    // Wim is logged as having looked at is only what his pages showed him);
    // the page gives them twenty at a time.
    let all = ids(&app.get_json(wendy, &format!("/api/vacancies/{job}")).await["suggestions"]);
    let mut sorted = all.clone();
    sorted.sort();
    assert_eq!(sorted, clients);

    let first = vacancy_html(&app, wim, job, "").await;
    assert_eq!(suggested_on_page(&first), all[..20]);
    assert!(first.contains("Getoond: klant 1–20 van 45"), "{first}");
    assert!(first.contains("Pagina 1 van 3"));
    assert!(first.contains(&format!(
        "href=\"/vacatures/{job}?pagina=2#matches\" rel=\"next\""
    )));
    assert!(!first.contains("rel=\"prev\""), "no page before the first");
    // Only the clients shown were looked at.
    assert!(matched_in_log(&app, wendy, wim, all[0]).await);
    assert!(!matched_in_log(&app, wendy, wim, all[20]).await);
    assert!(!matched_in_log(&app, wendy, wim, all[44]).await);

    let second = vacancy_html(&app, wim, job, "?pagina=2").await;
    assert_eq!(suggested_on_page(&second), all[20..40]);
    assert!(second.contains("Getoond: klant 21–40 van 45"));
    assert!(second.contains(&format!(
        "href=\"/vacatures/{job}?pagina=1#matches\" rel=\"prev\""
    )));
    assert!(matched_in_log(&app, wendy, wim, all[20]).await);
    assert!(!matched_in_log(&app, wendy, wim, all[44]).await);

    let last = vacancy_html(&app, wim, job, "?pagina=3").await;
    assert_eq!(suggested_on_page(&last), all[40..]);
    assert!(last.contains("Getoond: klant 41–45 van 45"));
    assert!(!last.contains("rel=\"next\""), "no page after the last");
    assert!(matched_in_log(&app, wendy, wim, all[44]).await);
    // A page past the end shows the last; nonsense shows the first.
    assert_eq!(
        suggested_on_page(&vacancy_html(&app, wim, job, "?pagina=99").await),
        all[40..]
    );
    for nonsense in ["?pagina=0", "?pagina=twee", "?pagina=-1", "?pagina="] {
        let html = vacancy_html(&app, wim, job, nonsense).await;
        assert_eq!(suggested_on_page(&html), all[..20], "{nonsense}");
    }

    // The API gives a window too, with the total, and logs only that window.
    let [ine, _] = app.intake_staff;
    let path = format!("/api/vacancies/{job}");
    let w = app.get_json(ine, &format!("{path}?offset=0&limit=0")).await;
    assert_eq!(w["suggestions"], json!([]));
    assert_eq!(w["suggestions_total"], 0, "Ine reads none of Wim's clients");
    let w = app
        .get_json(wendy, &format!("{path}?offset=40&limit=10"))
        .await;
    assert_eq!(ids(&w["suggestions"]), all[40..]);
    assert_eq!(w["suggestions_total"], 45);
    let w = app.get_json(wendy, &format!("{path}?limit=3")).await;
    assert_eq!(ids(&w["suggestions"]), all[..3]);
    let w = app.get_json(wendy, &format!("{path}?offset=99")).await;
    assert_eq!(w["suggestions"], json!([]));
    assert_eq!(w["suggestions_total"], 45);
    for bad in ["?limit=abc", "?offset=-1", "?limit=1.5"] {
        let r = app.get(wendy, &format!("{path}{bad}")).await;
        assert_eq!(r.status(), 400, "{bad}");
    }

    // A proposal is listed only to who may read the client; the others see
    // that fitting clients of other teams exist, not who they are.
    let r = app
        .post(
            wim,
            &format!("{path}/proposals"),
            json!({"client_id": all[0]}),
        )
        .await;
    expect(r, 201, "proposal").await;
    let name = |c: i64| format!("Klant {:02}", clients.iter().position(|x| *x == c).unwrap());
    let wims = vacancy_html(&app, wim, job, "").await;
    assert!(wims.contains(&format!("{}: loopt", name(all[0]))), "{wims}");
    assert!(wims.contains("Getoond: klant 1–20 van 44"));
    let ines = vacancy_html(&app, ine, job, "").await;
    assert!(!ines.contains(&name(all[0])), "{ines}");
    assert!(ines.contains("Nog niemand voorgedragen."), "{ines}");
    assert!(ines.contains("Geen klanten die nu passen."));
    assert!(ines.contains("44 passende klanten van andere teams worden niet getoond."));
    assert!(suggested_on_page(&ines).is_empty());

    // A client offered to Ine's team is hers to read while the offer stands,
    // not hers to propose.
    app.offer(wim, all[1], app.intake).await;
    let ines = vacancy_html(&app, ine, job, "").await;
    assert_eq!(suggested_on_page(&ines), [all[1]]);
    assert!(ines.contains("Vraag de klantmanager van deze klant om voor te dragen."));
    assert!(ines.contains("43 passende klanten van andere teams worden niet getoond."));
    let w = app.get_json(ine, &path).await;
    assert_eq!(ids(&w["suggestions"]), [all[1]]);
    assert_eq!(w["suggestions_total"], 1);
    app.assert_healthy().await;
}

#[tokio::test]
async fn volunteer_placements_need_a_volunteering_organisation() {
    let app = TestApp::spawn().await;
    let [wim, wendy] = app.werk_staff;
    app.store.set_role(wendy, Role::Teamleider).await.unwrap();
    let b = bsns(2);
    let client = app.register(wim, &b[0], "Anna Akkerman").await;
    let other = app.register(wim, &b[1], "Bram Bakker").await;

    let r = app
        .post(
            wim,
            "/api/care-organisations",
            json!({"name": "Vrijwilligerscentrale", "kind": "volunteering"}),
        )
        .await;
    expect(r, 403, "caseworker registers an organisation").await;
    let centrale = created(
        app.post(
            wendy,
            "/api/care-organisations",
            json!({"name": "Vrijwilligerscentrale", "kind": "volunteering"}),
        )
        .await,
        "volunteering organisation",
    )
    .await;
    let debts = created(
        app.post(
            wendy,
            "/api/care-organisations",
            json!({"name": "Schuldhulp Midden", "kind": "support"}),
        )
        .await,
        "support organisation",
    )
    .await;

    let path = format!("/api/clients/{client}/volunteering");
    let placement = |org: Value| {
        json!({"organisation_id": org, "starts_on": days_ago(14).to_string(),
               "hours_per_week": "8", "description": "Kringloopwinkel, balie"})
    };
    let r = app.post(wim, &path, placement(json!(debts))).await;
    let err = expect(r, 422, "support organisation").await;
    assert_eq!(err["code"], "volunteer_organisation_required");
    assert_eq!(
        field_codes(&err),
        pairs(&[("organisation_id", "volunteer_organisation_required")])
    );
    let r = app.post(wim, &path, placement(json!(999_999))).await;
    let err = expect(r, 422, "unknown organisation").await;
    assert_eq!(err["code"], "volunteer_organisation_required");
    let r = app
        .post(
            wim,
            &path,
            json!({"organisation_id": "", "starts_on": "morgen", "hours_per_week": 50, "description": ""}),
        )
        .await;
    let err = expect(r, 422, "nothing right").await;
    assert_eq!(err["code"], "invalid_input");
    assert_eq!(
        field_codes(&err),
        pairs(&[
            ("organisation_id", "volunteer_organisation_required"),
            ("starts_on", "date_invalid"),
            ("hours_per_week", "hours_range"),
            ("description", "placement_description_required"),
        ])
    );
    let c = card(&app, wim, client).await;
    assert_eq!(c["work"]["placements"], json!([]));

    let id = created(
        app.post(wim, &path, placement(json!(centrale.to_string())))
            .await,
        "placement",
    )
    .await;
    let r = app.post(wendy, &path, placement(json!(centrale))).await;
    let second = created(r, "lead starts a second placement").await;
    app.assert_healthy().await;
    let c = card(&app, wim, client).await;
    let placements = c["work"]["placements"].as_array().unwrap();
    assert_eq!(placements.len(), 2);
    let p = placements.iter().find(|p| p["id"] == id).unwrap();
    assert_eq!(p["organisation"]["id"], centrale);
    assert_eq!(p["organisation"]["name"], "Vrijwilligerscentrale");
    assert_eq!(p["starts_on"], days_ago(14).to_string());
    assert_eq!(p["hours_per_week"], 8);
    assert_eq!(p["description"], "Kringloopwinkel, balie");
    assert!(p["ends_on"].is_null());
    assert_eq!(count(&c, "volunteer_placement_started"), 2);

    let end = format!("/api/clients/{client}/volunteering/{id}/end");
    let r = app
        .post(
            wim,
            &end,
            json!({"ends_on": days_ago(20).to_string(), "reason": ""}),
        )
        .await;
    // The input is checked first; the end against the placement's start once
    // the input is valid, since only the store knows when it started.
    let err = expect(r, 422, "bad end").await;
    assert_eq!(
        field_codes(&err),
        pairs(&[("reason", "placement_end_reason_required")])
    );
    let r = app
        .post(
            wim,
            &end,
            json!({"ends_on": days_ago(20).to_string(), "reason": "Verhuisd"}),
        )
        .await;
    let err = expect(r, 422, "end before start").await;
    assert_eq!(
        field_codes(&err),
        pairs(&[("ends_on", "ended_before_start")])
    );
    let r = app
        .post(
            wim,
            &format!("/api/clients/{other}/volunteering/{id}/end"),
            json!({"reason": "Niet van deze klant"}),
        )
        .await;
    expect(r, 404, "another client's placement").await;
    let r = app
        .post(
            wim,
            &end,
            json!({"ends_on": dmy(days_ago(1)), "reason": "Betaald werk gevonden"}),
        )
        .await;
    expect(r, 204, "ended").await;
    let r = app.post(wim, &end, json!({"reason": "Nog een keer"})).await;
    let err = expect(r, 409, "ended twice").await;
    assert_eq!(err["code"], "placement_ended");
    app.assert_healthy().await;

    let c = card(&app, wim, client).await;
    let placements = c["work"]["placements"].as_array().unwrap();
    let p = placements.iter().find(|p| p["id"] == id).unwrap();
    assert_eq!(p["ends_on"], days_ago(1).to_string());
    assert_eq!(p["end_reason"], "Betaald werk gevonden");
    let p = placements.iter().find(|p| p["id"] == second).unwrap();
    assert!(p["ends_on"].is_null());
    assert_eq!(count(&c, "volunteer_placement_ended"), 1);
}

// --- outflow and aftercare ----------------------------------------------------------

#[tokio::test]
async fn outflow_full_or_partial_starts_aftercare_with_check_ins() {
    let app = TestApp::spawn().await;
    let [wim, wendy] = app.werk_staff;
    let b = bsns(4);
    let part = app.register(wim, &b[0], "Anna Akkerman").await;
    let full = app.register(wim, &b[1], "Bram Bakker").await;
    let late = app.register(wim, &b[2], "Cora Claes").await;
    let none = app.register(wim, &b[3], "Dirk Dekker").await;

    let path = format!("/api/clients/{part}/outflow");
    let r = app
        .post(
            wim,
            &path,
            json!({"kind": "partial", "reason": "paid_work", "on": "", "employer": "Bakkerij De Korrel"}),
        )
        .await;
    let err = expect(r, 422, "partial without hours").await;
    assert_eq!(err["code"], "invalid_input");
    assert_eq!(
        field_codes(&err),
        pairs(&[("hours_per_week", "outflow_partial_hours_required")])
    );
    let r = app
        .post(
            wim,
            &path,
            json!({"kind": "half", "reason": "lottery", "on": add_months(today(), 4).to_string(), "hours_per_week": 41}),
        )
        .await;
    let err = expect(r, 422, "nothing right").await;
    assert_eq!(
        field_codes(&err),
        pairs(&[
            ("kind", "outflow_kind_invalid"),
            ("reason", "outflow_reason_invalid"),
            ("on", "outflow_too_far_ahead"),
            ("hours_per_week", "hours_range"),
        ])
    );
    let r = app
        .post(wendy, &path, json!({"kind": "full", "reason": "paid_work"}))
        .await;
    expect(r, 403, "a colleague").await;
    let c = card(&app, wim, part).await;
    assert_eq!(c["phase"], "intake");
    assert_eq!(c["work"]["outflows"], json!([]));

    // Partial: the client stays open, in aftercare.
    partial_outflow(&app, wim, part, today()).await;
    app.assert_healthy().await;
    let c = card(&app, wim, part).await;
    assert_eq!(c["open"], true);
    assert_eq!(c["phase"], "nazorg");
    let o = &c["work"]["outflows"][0];
    assert_eq!(o["kind"], "partial");
    assert_eq!(o["reason"], "paid_work");
    assert_eq!(o["on"], today().to_string());
    assert_eq!(o["employer"], "Bakkerij De Korrel");
    assert_eq!(o["hours_per_week"], 20);
    assert_eq!(o["note"], "Parttime");
    assert_eq!(
        o["aftercare"],
        json!({"until": add_months(today(), 6).to_string(),
               "next_check_in": add_months(today(), 1).to_string(),
               "check_in_due": false, "ended": false})
    );
    assert_eq!(o["durability"], "pending");
    assert_eq!(&kinds(&c)[..2], ["phase_changed", "outflow_registered"]);
    assert_eq!(c["timeline"][0]["event"]["to"], "nazorg");

    // A check-in moves the next one on: at one month, three, and the end.
    let check_ins = format!("/api/clients/{part}/aftercare-check-ins");
    let r = app
        .post(wim, &check_ins, json!({"on": "", "note": " "}))
        .await;
    let err = expect(r, 422, "no note").await;
    assert_eq!(
        field_codes(&err),
        pairs(&[("note", "check_in_note_required")])
    );
    let r = app
        .post(
            wim,
            &check_ins,
            json!({"on": today().to_string(), "note": "Gaat goed, werkgever tevreden"}),
        )
        .await;
    expect(r, 201, "check-in").await;
    let c = card(&app, wim, part).await;
    let o = &c["work"]["outflows"][0];
    assert_eq!(
        o["aftercare"]["next_check_in"],
        add_months(today(), 3).to_string()
    );
    assert_eq!(
        c["work"]["check_ins"][0]["note"],
        "Gaat goed, werkgever tevreden"
    );
    assert_eq!(c["work"]["check_ins"][0]["recorded_by"]["id"], wim.0);
    assert_eq!(count(&c, "aftercare_checked_in"), 1);
    let r = app
        .post(
            wim,
            &format!("/api/clients/{none}/aftercare-check-ins"),
            json!({"note": "Hoe gaat het?"}),
        )
        .await;
    let err = expect(r, 409, "no aftercare").await;
    assert_eq!(err["code"], "no_aftercare");

    // Full: off benefit, to uitgestroomd, aftercare the same.
    let r = app
        .post(
            wim,
            &format!("/api/clients/{full}/outflow"),
            json!({"kind": "full", "reason": "paid_work", "on": dmy(days_ago(3)), "employer": "Garage Noord",
                   "hours_per_week": "", "note": ""}),
        )
        .await;
    expect(r, 201, "full outflow").await;
    app.assert_healthy().await;
    let c = card(&app, wim, full).await;
    assert_eq!(c["phase"], "uitgestroomd");
    let o = &c["work"]["outflows"][0];
    assert_eq!(o["kind"], "full");
    assert!(o["hours_per_week"].is_null());
    assert_eq!(
        o["aftercare"]["until"],
        add_months(days_ago(3), 6).to_string()
    );
    assert_eq!(o["durability"], "pending");
    // Back on benefit within the return window: the outflow did not last.
    let r = app
        .post(
            wim,
            &format!("/api/clients/{full}/phase"),
            json!({"phase": "bemiddeling"}),
        )
        .await;
    expect(r, 204, "back to benefit").await;
    let c = card(&app, wim, full).await;
    assert_eq!(c["work"]["outflows"][0]["durability"], "not_durable");

    // An outflow over a month ago without a check-in is due on the list.
    partial_outflow(&app, wim, late, days_ago(40)).await;
    let c = card(&app, wim, late).await;
    assert_eq!(c["work"]["outflows"][0]["aftercare"]["check_in_due"], true);
    let due = |list: &Value| -> Vec<(i64, bool)> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["id"].as_i64().unwrap(),
                    c["aftercare_check_in_due"].as_bool().unwrap(),
                )
            })
            .collect()
    };
    let list = app.get_json(wim, "/api/clients").await;
    assert_eq!(
        due(&list),
        [(part, false), (full, false), (late, true), (none, false)]
    );
    let r = app
        .post(
            wim,
            &format!("/api/clients/{late}/aftercare-check-ins"),
            json!({"on": days_ago(1).to_string(), "note": "Gebeld"}),
        )
        .await;
    expect(r, 201, "late check-in").await;
    let list = app.get_json(wim, "/api/clients").await;
    assert_eq!(due(&list)[2], (late, false));

    // The organisation sets the term of aftercare.
    let mut settings = app.store.organisation(app.org).await.unwrap().settings;
    settings.aftercare_months = 3;
    app.store.update_settings(app.org, &settings).await.unwrap();
    // Past the return window (twelve months) without a return: durable.
    let long_ago = app.register(wim, &bsns(6)[5], "Fleur Fokker").await;
    let r = app
        .post(
            wim,
            &format!("/api/clients/{long_ago}/outflow"),
            json!({"kind": "full", "reason": "own_business", "on": days_ago(400).to_string()}),
        )
        .await;
    expect(r, 201, "outflow long ago").await;
    let c = card(&app, wim, long_ago).await;
    assert_eq!(c["work"]["outflows"][0]["durability"], "durable");
    assert_eq!(c["work"]["outflows"][0]["reason"], "own_business");
    let fresh = app.register(wim, &bsns(5)[4], "Eva Evers").await;
    partial_outflow(&app, wim, fresh, today()).await;
    let c = card(&app, wim, fresh).await;
    assert_eq!(
        c["work"]["outflows"][0]["aftercare"]["until"],
        add_months(today(), 3).to_string()
    );
    app.assert_healthy().await;
}

// --- sanctions ---------------------------------------------------------------------------

#[tokio::test]
async fn a_sanction_is_considered_before_it_is_decided() {
    let app = TestApp::spawn().await;
    let [wim, wendy] = app.werk_staff;
    let b = bsns(2);
    let client = app.register(wim, &b[0], "Anna Akkerman").await;
    let other = app.register(wim, &b[1], "Bram Bakker").await;
    let path = format!("/api/clients/{client}/sanctions");
    let consideration = "Een korting raakt haar reiskosten naar het werkervaringsbedrijf; \
                         daarom een lage verlaging van korte duur.";
    let sanction = |consideration: &str| {
        json!({"on": days_ago(2).to_string(), "behaviour": "Drie keer niet verschenen op afspraken",
               "legal_basis": "pw_18_2", "consideration": consideration})
    };

    let r = app.post(wim, &path, sanction("")).await;
    let err = expect(r, 422, "no consideration").await;
    assert_eq!(
        field_codes(&err),
        pairs(&[("consideration", "sanction_consideration_required")])
    );
    let r = app.post(wim, &path, sanction("Geen effect")).await;
    let err = expect(r, 422, "short consideration").await;
    assert_eq!(
        field_codes(&err),
        pairs(&[("consideration", "sanction_consideration_too_short")])
    );
    let r = app
        .post(
            wim,
            &path,
            json!({"on": (today() + Duration::days(1)).to_string(), "behaviour": "", "legal_basis": "wet"}),
        )
        .await;
    let err = expect(r, 422, "nothing right").await;
    assert_eq!(
        field_codes(&err),
        pairs(&[
            ("on", "date_future"),
            ("behaviour", "sanction_behaviour_required"),
            ("legal_basis", "legal_basis_invalid"),
            ("consideration", "sanction_consideration_required"),
        ])
    );
    let r = app.post(wendy, &path, sanction(consideration)).await;
    expect(r, 403, "a colleague").await;
    let c = card(&app, wim, client).await;
    assert_eq!(c["work"]["sanctions"], json!([]));

    let imposed = created(
        app.post(wim, &path, sanction(consideration)).await,
        "considered",
    )
    .await;
    app.assert_healthy().await;
    let c = card(&app, wim, client).await;
    let s = &c["work"]["sanctions"][0];
    assert_eq!(s["id"], imposed);
    assert_eq!(s["considered_on"], days_ago(2).to_string());
    assert_eq!(s["behaviour"], "Drie keer niet verschenen op afspraken");
    assert_eq!(s["legal_basis"], "pw_18_2");
    assert_eq!(s["consideration"], consideration);
    assert!(s["decision"].is_null() && s["decided_on"].is_null());
    assert_eq!(kinds(&c)[0], "sanction_considered");

    let decide = format!("/api/clients/{client}/sanctions/{imposed}/decision");
    for (body, field, code) in [
        (
            json!({"decision": "imposed", "percent": 0, "months": 1, "reason": "Herhaald"}),
            "percent",
            "sanction_percent_range",
        ),
        (
            json!({"decision": "imposed", "percent": "101", "months": 1, "reason": "Herhaald"}),
            "percent",
            "sanction_percent_range",
        ),
        (
            json!({"decision": "imposed", "percent": 20, "months": 4, "reason": "Herhaald"}),
            "months",
            "sanction_months_range",
        ),
        (
            json!({"decision": "maybe", "reason": "Herhaald"}),
            "decision",
            "sanction_decision_invalid",
        ),
        (
            json!({"decision": "waived", "reason": ""}),
            "reason",
            "sanction_reason_required",
        ),
        (
            json!({"decision": "waived", "reason": "Te vroeg", "on": days_ago(3).to_string()}),
            "on",
            "decision_before_consideration",
        ),
    ] {
        let r = app.post(wim, &decide, body.clone()).await;
        let err = expect(r, 422, code).await;
        assert_eq!(field_codes(&err), pairs(&[(field, code)]), "{body}");
    }
    let r = app
        .post(
            wim,
            &format!("/api/clients/{other}/sanctions/{imposed}/decision"),
            json!({"decision": "waived", "reason": "Niet van deze klant"}),
        )
        .await;
    expect(r, 404, "another client's sanction").await;
    let r = app
        .post(
            wim,
            &decide,
            json!({"decision": "imposed", "percent": "20", "months": 2, "reason": "Herhaald niet verschenen", "on": ""}),
        )
        .await;
    expect(r, 204, "imposed").await;
    let r = app
        .post(
            wim,
            &decide,
            json!({"decision": "waived", "reason": "Toch niet"}),
        )
        .await;
    let err = expect(r, 409, "decided twice").await;
    assert_eq!(err["code"], "sanction_decided");

    let waived = created(
        app.post(wim, &path, sanction(consideration)).await,
        "second",
    )
    .await;
    let r = app
        .post(
            wim,
            &format!("/api/clients/{client}/sanctions/{waived}/decision"),
            json!({"decision": "waived", "on": dmy(today()), "reason": "Zou de re-integratie ongedaan maken"}),
        )
        .await;
    expect(r, 204, "waived").await;
    app.assert_healthy().await;

    let c = card(&app, wim, client).await;
    let sanctions = c["work"]["sanctions"].as_array().unwrap();
    let s = sanctions.iter().find(|s| s["id"] == imposed).unwrap();
    assert_eq!(
        s["decision"],
        json!({"kind": "imposed", "percent": 20, "months": 2})
    );
    assert_eq!(s["decided_on"], today().to_string());
    assert_eq!(s["decision_reason"], "Herhaald niet verschenen");
    let s = sanctions.iter().find(|s| s["id"] == waived).unwrap();
    assert_eq!(s["decision"], json!({"kind": "waived"}));
    assert_eq!(count(&c, "sanction_considered"), 2);
    assert_eq!(count(&c, "sanction_decided"), 2);
    let decided = c["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "sanction_decided")
        .unwrap();
    assert_eq!(decided["actor"]["id"], wim.0);
}

// --- letters ------------------------------------------------------------------------------

#[tokio::test]
async fn letters_congratulate_from_templates_the_organisation_may_change() {
    let app = TestApp::spawn().await;
    let [wim, wendy] = app.werk_staff;
    let [ine, _] = app.intake_staff;
    app.store.set_role(wendy, Role::Teamleider).await.unwrap();
    let b = bsns(2);
    let client = app.register(wim, &b[0], "Anna de Vries").await;
    let other = app.register(wim, &b[1], "Bram Bakker").await;

    let t = app.get_json(wim, "/api/letter-templates").await;
    let keys: Vec<_> = t["templates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        ["felicitatie_werk", "nazorg_contact", "uitnodiging_gesprek"]
    );
    assert_eq!(
        t["templates"][0]["title"],
        "Gefeliciteerd met uw nieuwe baan"
    );
    let names: Vec<_> = t["placeholders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "naam",
            "datum",
            "klantmanager",
            "team",
            "organisatie",
            "werkgever",
            "uren",
            "startdatum",
            "nazorg_tot",
            "adres",
            "postcode",
            "woonplaats"
        ]
    );
    assert_eq!(t["placeholders"][0]["description"], "naam van de klant");

    partial_outflow(&app, wim, client, today()).await;
    let letters = format!("/api/clients/{client}/letters");
    let r = app
        .post(wim, &letters, json!({"template": "ontslag"}))
        .await;
    let err = expect(r, 422, "unknown template").await;
    assert_eq!(err["code"], "letter_template_unknown");
    let r = app
        .post(wendy, &letters, json!({"template": "felicitatie_werk"}))
        .await;
    let by_lead = created(r, "the lead writes a letter").await;
    let id = created(
        app.post(wim, &letters, json!({"template": " felicitatie_werk "}))
            .await,
        "letter",
    )
    .await;
    assert_ne!(id, by_lead);
    app.assert_healthy().await;

    let letter = app
        .get_json(wim, &format!("/api/clients/{client}/letters/{id}"))
        .await;
    assert_eq!(letter["id"], id);
    assert_eq!(letter["template_key"], "felicitatie_werk");
    assert_eq!(letter["title"], "Gefeliciteerd met uw nieuwe baan");
    assert_eq!(letter["produced_by"]["id"], wim.0);
    let body = letter["body"].as_str().unwrap();
    assert!(body.starts_with("Beste Anna de Vries,"), "{body}");
    assert!(body.contains("Gefeliciteerd!"), "{body}");
    assert!(
        body.contains("bij Bakkerij De Korrel, 20 uur per week"),
        "{body}"
    );
    assert!(
        body.contains(&format!("Op {} begint u", dmy(today()))),
        "{body}"
    );
    assert!(
        body.contains(&format!("Tot {} blijft u", dmy(add_months(today(), 6)))),
        "{body}"
    );
    assert!(body.contains("Wim Werk\nWerk, Testgemeente"), "{body}");
    assert!(
        !body.contains('{') && !body.contains("(onbekend)"),
        "{body}"
    );

    let c = card(&app, wim, client).await;
    let listed = &c["work"]["letters"];
    assert_eq!(listed.as_array().unwrap().len(), 2);
    assert_eq!(listed[0]["id"], id, "newest first");
    assert_eq!(
        listed[0]["body"], "",
        "the card lists letters without their text"
    );
    assert_eq!(count(&c, "letter_drafted"), 2);

    // The PDF, for print or post.
    let r = app
        .get(wim, &format!("/api/clients/{client}/letters/{id}/pdf"))
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let disposition = r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        disposition.starts_with("inline; filename=\"") && disposition.ends_with(".pdf\""),
        "{disposition}"
    );
    let bytes = r.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF"), "not a PDF");
    assert!(bytes.len() > 500);

    // Only this client's letters, only for who may read the client.
    let r = app
        .get(wim, &format!("/api/clients/{other}/letters/{id}"))
        .await;
    expect(r, 404, "another client's letter").await;
    let r = app
        .get(wim, &format!("/api/clients/{other}/letters/{id}/pdf"))
        .await;
    expect(r, 404, "another client's PDF").await;
    let r = app
        .get(wim, &format!("/api/clients/{client}/letters/abc"))
        .await;
    expect(r, 404, "non-numeric letter").await;
    let r = app
        .get(ine, &format!("/api/clients/{client}/letters/{id}"))
        .await;
    expect(r, 403, "another team").await;
    let r = app
        .post(ine, &letters, json!({"template": "felicitatie_werk"}))
        .await;
    expect(r, 403, "another team writes").await;

    // The wording: a team lead may change it, a caseworker may not.
    let new_body = "Beste {naam},\n\nWat fijn dat u bij {werkgever} begint!\n\n{klantmanager}";
    let template = "/api/letter-templates/felicitatie_werk";
    let r = put(
        &app,
        wim,
        template,
        json!({"title": "Van harte", "body": new_body}),
    )
    .await;
    expect(r, 403, "caseworker edits a template").await;
    let r = put(
        &app,
        wendy,
        template,
        json!({"title": "Van harte", "body": "Beste {naam}, tot {einddatum}."}),
    )
    .await;
    let err = expect(r, 422, "unknown placeholder").await;
    assert_eq!(
        field_codes(&err),
        pairs(&[("body", "letter_placeholder_unknown")])
    );
    // The title is filled like the body, so a typo there is refused too.
    let r = put(
        &app,
        wendy,
        template,
        json!({"title": "Van harte, {voornaam}", "body": new_body}),
    )
    .await;
    let err = expect(r, 422, "unknown placeholder in the title").await;
    assert_eq!(
        field_codes(&err),
        pairs(&[("title", "letter_placeholder_unknown")])
    );
    let r = put(&app, wendy, template, json!({"title": "", "body": ""})).await;
    let err = expect(r, 422, "empty").await;
    assert_eq!(
        field_codes(&err),
        pairs(&[
            ("title", "letter_title_required"),
            ("body", "letter_body_required")
        ])
    );
    let r = put(
        &app,
        wendy,
        "/api/letter-templates/ontslag",
        json!({"title": "Ontslag", "body": "Beste {naam}"}),
    )
    .await;
    expect(r, 404, "unknown template").await;
    let t = app.get_json(wim, "/api/letter-templates").await;
    assert_eq!(
        t["templates"][0]["title"],
        "Gefeliciteerd met uw nieuwe baan"
    );
    let r = put(
        &app,
        wendy,
        template,
        json!({"title": "Van harte, {naam}", "body": new_body}),
    )
    .await;
    expect(r, 204, "lead edits a template").await;
    let t = app.get_json(wim, "/api/letter-templates").await;
    assert_eq!(t["templates"][0]["title"], "Van harte, {naam}");
    assert_eq!(t["templates"][0]["body"], new_body);
    assert_eq!(t["templates"][1]["key"], "nazorg_contact");

    let next = created(
        app.post(wim, &letters, json!({"template": "felicitatie_werk"}))
            .await,
        "letter in the new wording",
    )
    .await;
    let letter = app
        .get_json(wim, &format!("/api/clients/{client}/letters/{next}"))
        .await;
    assert_eq!(letter["title"], "Van harte, Anna de Vries");
    assert_eq!(
        letter["body"],
        "Beste Anna de Vries,\n\nWat fijn dat u bij Bakkerij De Korrel begint!\n\nWim Werk"
    );
    // The letter sent before keeps its words.
    let old = app
        .get_json(wim, &format!("/api/clients/{client}/letters/{id}"))
        .await;
    assert!(old["body"].as_str().unwrap().contains("Gefeliciteerd!"));
    app.assert_healthy().await;
}

// --- effectenkaart ----------------------------------------------------------------------

#[tokio::test]
async fn the_effectenkaart_counts_partial_outflow_volunteering_and_sanctions() {
    let app = TestApp::spawn().await;
    let [wim, wendy] = app.werk_staff;
    app.store.set_role(wendy, Role::Teamleider).await.unwrap();
    let b = bsns(5);
    let part = app.register(wim, &b[0], "Anna Akkerman").await;
    let volunteer = app.register(wim, &b[1], "Bram Bakker").await;
    let sanctioned = app.register(wim, &b[2], "Cora Claes").await;
    let waived = app.register(wim, &b[3], "Dirk Dekker").await;
    let _nothing = app.register(wim, &b[4], "Eva Evers").await;

    let effects = |scope: String| {
        format!(
            "/api/effects?scope={scope}&from={}&to={}",
            days_ago(30),
            today()
        )
    };
    let figure = |report: &Value, key: &str| -> Value {
        report["current"]["figures"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["indicator"] == key)
            .unwrap_or_else(|| panic!("no figure {key}: {report}"))["value"]
            .clone()
    };
    let before = app.get_json(wendy, &effects("organisation".into())).await;
    assert_eq!(
        figure(&before, "partial_outflow"),
        json!({"type": "count", "count": 0})
    );
    assert_eq!(
        figure(&before, "started_volunteering"),
        json!({"type": "count", "count": 0})
    );
    assert_eq!(
        figure(&before, "sanctioned"),
        json!({"type": "share", "count": 0, "of": 5})
    );

    partial_outflow(&app, wim, part, today()).await;
    let org = created(
        app.post(
            wendy,
            "/api/care-organisations",
            json!({"name": "Vrijwilligerscentrale", "kind": "volunteering"}),
        )
        .await,
        "volunteering organisation",
    )
    .await;
    created(
        app.post(
            wim,
            &format!("/api/clients/{volunteer}/volunteering"),
            json!({"organisation_id": org, "starts_on": days_ago(5).to_string(), "description": "Buurthuis"}),
        )
        .await,
        "placement",
    )
    .await;
    for (client, decision) in [
        (
            sanctioned,
            json!({"decision": "imposed", "percent": 10, "months": 1, "reason": "Afspraken gemist"}),
        ),
        (
            waived,
            json!({"decision": "waived", "reason": "Zou het werkritme breken"}),
        ),
    ] {
        let id = created(
            app.post(
                wim,
                &format!("/api/clients/{client}/sanctions"),
                json!({"on": "", "behaviour": "Afspraken gemist", "legal_basis": "pw_18_4",
                       "consideration": "Een verlaging maakt reizen naar de werkplek lastiger"}),
            )
            .await,
            "sanction",
        )
        .await;
        let r = app
            .post(
                wim,
                &format!("/api/clients/{client}/sanctions/{id}/decision"),
                decision,
            )
            .await;
        expect(r, 204, "decision").await;
    }
    app.assert_healthy().await;

    let after = app.get_json(wendy, &effects("organisation".into())).await;
    assert_eq!(
        figure(&after, "partial_outflow"),
        json!({"type": "count", "count": 1})
    );
    assert_eq!(
        figure(&after, "started_volunteering"),
        json!({"type": "count", "count": 1})
    );
    // Only the imposed sanction counts; the waived one was weighed and dropped.
    assert_eq!(
        figure(&after, "sanctioned"),
        json!({"type": "share", "count": 1, "of": 5})
    );
    let mine = app
        .get_json(wim, &effects(format!("caseworker:{wim}")))
        .await;
    assert_eq!(figure(&mine, "partial_outflow")["count"], 1);
    let hers = app
        .get_json(wendy, &effects(format!("caseworker:{wendy}")))
        .await;
    assert_eq!(figure(&hers, "partial_outflow")["count"], 0);
    assert_eq!(figure(&hers, "started_volunteering")["count"], 0);
    assert_eq!(figure(&hers, "sanctioned")["count"], 0);

    // The clients behind each figure.
    for (indicator, client) in [
        ("partial_outflow", part),
        ("started_volunteering", volunteer),
        ("sanctioned", sanctioned),
    ] {
        let list = app
            .get_json(
                wendy,
                &format!(
                    "/api/effects/clients?indicator={indicator}&scope=organisation&from={}&to={}",
                    days_ago(30),
                    today()
                ),
            )
            .await;
        let ids: Vec<_> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_i64().unwrap())
            .collect();
        assert_eq!(ids, [client], "{indicator}");
    }
    // A period before all of it counts none of it.
    let earlier = app
        .get_json(
            wendy,
            &format!(
                "/api/effects?scope=organisation&from={}&to={}",
                days_ago(90),
                days_ago(60)
            ),
        )
        .await;
    assert_eq!(figure(&earlier, "partial_outflow")["count"], 0);
    assert_eq!(figure(&earlier, "started_volunteering")["count"], 0);
}
