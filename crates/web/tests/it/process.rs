//! The re-integration process through the API on a running server: the
//! diagnosis with its instruments and comply-or-explain, the trajectplan with
//! its reasoning, providers who see only their referred clients, and care
//! referrals tracked until the client arrives.

#![allow(clippy::unwrap_used)]

use crate::common::json::*;

use crate::common::{TestApp, VALID_BSNS};
use reqwest::Method;
use serde_json::{json, Value};
use time::{Date, Duration};
use zicht_domain::{access::Role, EmployeeId, ProviderId};
use zicht_web::i18n::{Lang, Tr};

fn intervention(card: &Value, id: i64) -> &Value {
    card["trajectory"]["interventions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("no intervention {id} on the card"))
}

fn referral(card: &Value, id: i64) -> &Value {
    card["care_referrals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no referral {id} on the card"))
}

/// The catalogue a team lead sets up: two providers, a contract, an item
/// bought from each, and an in-house module.
struct Catalogue {
    provider: i64,
    other_provider: i64,
    contract: i64,
    bought: i64,
    other_bought: i64,
    in_house: i64,
}

async fn set_up_catalogue(app: &TestApp, lead: EmployeeId) -> Catalogue {
    let provider = created(
        app.post(lead, "/api/providers", json!({"name": "Werkfit BV"}))
            .await,
        "provider",
    )
    .await;
    let other_provider = created(
        app.post(lead, "/api/providers", json!({"name": "Andere Aanbieder"}))
            .await,
        "other provider",
    )
    .await;
    let contract = created(
        app.post(
            lead,
            &format!("/api/providers/{provider}/contracts"),
            json!({"reference": "WF-2026-01", "starts_on": "01-01-2026", "ends_on": "", "description": "Raamcontract"}),
        )
        .await,
        "contract",
    )
    .await;
    let bought = created(
        app.post(
            lead,
            "/api/catalogue-items",
            json!({"name": "Werkfit-traject", "kind": "bought", "provider_id": provider.to_string(),
                   "contract_id": contract.to_string(), "description": "Twaalf weken werkritme"}),
        )
        .await,
        "bought item",
    )
    .await;
    let other_bought = created(
        app.post(
            lead,
            "/api/catalogue-items",
            json!({"name": "Ander traject", "kind": "bought", "provider_id": other_provider.to_string()}),
        )
        .await,
        "other bought item",
    )
    .await;
    let in_house = created(
        app.post(
            lead,
            "/api/catalogue-items",
            json!({"name": "Sollicitatietraining", "kind": "in_house", "description": "Eigen module"}),
        )
        .await,
        "in-house item",
    )
    .await;
    Catalogue {
        provider,
        other_provider,
        contract,
        bought,
        other_bought,
        in_house,
    }
}

fn reasoned(item: i64, goal: Option<i64>, starts_on: Date, planned_end_on: Date) -> Value {
    json!({
        "catalogue_item_id": item.to_string(),
        "goal_id": goal.map(|g| g.to_string()).unwrap_or_default(),
        "why_this": "Werkritme opbouwen in een echte werkomgeving",
        "why_client": "Komt vaak te laat op afspraken",
        "expected": "Komt drie maanden lang op tijd",
        "starts_on": starts_on.to_string(),
        "planned_end_on": planned_end_on.to_string(),
    })
}

async fn plan(app: &TestApp, by: EmployeeId, client: i64, item: i64, goal: Option<i64>) -> i64 {
    created(
        app.post(
            by,
            &format!("/api/clients/{client}/interventions"),
            reasoned(item, goal, days_ago(7), today() + Duration::days(90)),
        )
        .await,
        "plan intervention",
    )
    .await
}

/// An account of a provider: role aanbieder, linked to the provider.
async fn provider_user(app: &TestApp, provider: i64, name: &str) -> EmployeeId {
    let email = format!(
        "{}@aanbieder.example",
        name.to_lowercase().replace(' ', ".")
    );
    let id = app
        .store
        .create_employee(app.org, app.werk, name, &email, 36)
        .await
        .unwrap();
    app.store
        .set_password_hash(id, crate::common::password_hash())
        .await
        .unwrap();
    app.store.set_role(id, Role::Aanbieder).await.unwrap();
    app.store
        .set_employee_provider(app.org, id, Some(ProviderId(provider)))
        .await
        .unwrap();
    id
}

// --- 1. diagnosis ------------------------------------------------------------------

#[tokio::test]
async fn diagnosis_notes_ladder_and_zrm_are_recorded_and_validated() {
    let app = TestApp::spawn().await;
    let [ine, ivo] = app.intake_staff;
    let client = app.register(ine, VALID_BSNS[0], "Anna de Vries").await;
    let notes = format!("/api/clients/{client}/diagnosis-notes");

    // One note from each source, typed in either date format.
    for (i, source) in ["file", "client", "observation", "other_organisation"]
        .into_iter()
        .enumerate()
    {
        let on = days_ago(10 - i as i64);
        let noted_on = if i % 2 == 0 { dmy(on) } else { on.to_string() };
        let r = app
            .post(
                ine,
                &notes,
                json!({"source": source, "noted_on": noted_on, "text": format!("Uit {source}")}),
            )
            .await;
        expect(r, 201, source).await;
    }
    let r = app
        .post(
            ine,
            &notes,
            json!({"source": "roddel", "noted_on": "", "text": "  "}),
        )
        .await;
    let err = expect(r, 422, "bad note").await;
    assert_eq!(err["code"], "invalid_input");
    assert_eq!(
        field_codes(&err),
        pairs(&[
            ("source", "diagnosis_source_invalid"),
            ("text", "diagnosis_text_required")
        ])
    );
    let future = today() + Duration::days(3);
    let r = app
        .post(
            ine,
            &notes,
            json!({"source": "file", "noted_on": future.to_string(), "text": "Later"}),
        )
        .await;
    let err = expect(r, 422, "future note").await;
    assert_eq!(field_codes(&err), pairs(&[("noted_on", "date_future")]));
    // A colleague in the team may read, not write.
    let r = app
        .post(
            ivo,
            &notes,
            json!({"source": "file", "noted_on": "", "text": "Niet van mij"}),
        )
        .await;
    expect(r, 403, "colleague note").await;

    let c = card(&app, ine, client).await;
    let sources: Vec<_> = c["diagnosis"]["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["source"].as_str().unwrap())
        .collect();
    // Newest first.
    assert_eq!(
        sources,
        ["other_organisation", "observation", "client", "file"]
    );
    assert_eq!(
        c["diagnosis"]["notes"][3]["noted_on"],
        days_ago(10).to_string()
    );
    assert_eq!(c["diagnosis"]["notes"][3]["text"], "Uit file");
    assert_eq!(c["diagnosis"]["notes"][0]["recorded_by"]["id"], ine.0);
    assert_eq!(count(&c, "diagnosis_noted"), 4);
    assert!(c["diagnosis"]["ladder_progress"].is_null());

    // The Participatieladder: the first measurement has no rise yet.
    let ladder = format!("/api/clients/{client}/ladder");
    let measure = |on: Date, rung: &str| json!({"measured_on": on.to_string(), "rung": rung, "remarks": format!("Trede {rung}")});
    expect(
        app.post(ine, &ladder, measure(days_ago(60), "2")).await,
        201,
        "rung 2",
    )
    .await;
    let c = card(&app, ine, client).await;
    let p = &c["diagnosis"]["ladder_progress"];
    assert_eq!(p["latest"], 2);
    assert!(
        p["rise"].is_null() && p["rise_since_first"].is_null(),
        "{p}"
    );

    // Recorded out of order: the dates decide which is latest.
    expect(
        app.post(ine, &ladder, measure(today(), "5")).await,
        201,
        "rung 5",
    )
    .await;
    expect(
        app.post(ine, &ladder, measure(days_ago(30), "3")).await,
        201,
        "rung 3",
    )
    .await;
    let c = card(&app, ine, client).await;
    let p = &c["diagnosis"]["ladder_progress"];
    assert_eq!(p["latest"], 5);
    assert_eq!(p["latest_on"], today().to_string());
    assert_eq!(p["rise"], 2, "5 against 3");
    assert_eq!(p["rise_since_first"], 3, "5 against 2");
    let rungs: Vec<_> = c["diagnosis"]["ladder"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["rung"].as_i64().unwrap())
        .collect();
    assert_eq!(rungs, [5, 3, 2]);
    let version_before = c["timeline"].as_array().unwrap().len();

    // Rung 7 does not exist; nothing changes.
    for bad in ["7", "0", "drie"] {
        let r = app.post(ine, &ladder, measure(today(), bad)).await;
        let err = expect(r, 422, bad).await;
        assert_eq!(
            field_codes(&err),
            pairs(&[("rung", "ladder_rung_invalid")]),
            "rung {bad}"
        );
    }
    let c = card(&app, ine, client).await;
    assert_eq!(c["diagnosis"]["ladder"].as_array().unwrap().len(), 3);
    assert_eq!(c["diagnosis"]["ladder_progress"]["latest"], 5);
    assert_eq!(c["timeline"].as_array().unwrap().len(), version_before);

    // The Zelfredzaamheid-Matrix in both editions.
    let zrm = format!("/api/clients/{client}/zrm");
    let domains_13 = [
        "financien",
        "werk_opleiding",
        "tijdsbesteding",
        "huisvesting",
        "huiselijke_relaties",
        "geestelijke_gezondheid",
        "lichamelijke_gezondheid",
        "middelengebruik",
        "basale_adl",
        "instrumentele_adl",
        "sociaal_netwerk",
        "maatschappelijke_participatie",
        "justitie",
    ];
    let mut scores = serde_json::Map::new();
    for (i, d) in domains_13.iter().enumerate().rev() {
        scores.insert(d.to_string(), json!(((i % 5) + 1).to_string()));
    }
    let r = app
        .post(
            ine,
            &zrm,
            json!({"assessed_on": days_ago(1).to_string(), "version": "zrm_13", "scores": scores, "remarks": "Volledig"}),
        )
        .await;
    expect(r, 201, "zrm_13").await;
    let r = app
        .post(
            ine,
            &zrm,
            json!({"assessed_on": days_ago(400).to_string(), "version": "zrm_11",
                   "scores": {"verslaving": "3", "dagbesteding": "2", "financien": ""}, "remarks": ""}),
        )
        .await;
    expect(r, 201, "zrm_11").await;

    // A domain of the other edition, or a score out of 1..5, is refused.
    for (version, scores, code) in [
        ("zrm_13", json!({"verslaving": "3"}), "zrm_domain_unknown"),
        (
            "zrm_11",
            json!({"werk_opleiding": "3"}),
            "zrm_domain_unknown",
        ),
        ("zrm_13", json!({"financien": "6"}), "zrm_score_range"),
        ("zrm_13", json!({"financien": ""}), "zrm_scores_required"),
        ("zrm_99", json!({"financien": "3"}), "zrm_version_invalid"),
    ] {
        let r = app
            .post(
                ine,
                &zrm,
                json!({"assessed_on": "", "version": version, "scores": scores}),
            )
            .await;
        let err = expect(r, 422, code).await;
        let got: Vec<_> = field_codes(&err).into_iter().map(|(_, c)| c).collect();
        assert_eq!(got, [code], "{version} {scores}");
    }

    let c = card(&app, ine, client).await;
    let entries = c["diagnosis"]["zrm"].as_array().unwrap();
    assert_eq!(entries.len(), 2, "refused scorings were not saved");
    // Newest first; each keeps its edition.
    assert_eq!(entries[0]["version"], "zrm_13");
    assert_eq!(entries[0]["assessed_on"], days_ago(1).to_string());
    let keys: Vec<_> = entries[0]["scores"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["domain"].as_str().unwrap())
        .collect();
    assert_eq!(keys, domains_13, "all 13, in the edition's order");
    assert_eq!(entries[0]["scores"][0]["score"], 1);
    assert_eq!(entries[0]["scores"][12]["score"], 3);
    assert_eq!(entries[0]["scores"][0]["label"], "Financiën");
    assert_eq!(entries[1]["version"], "zrm_11");
    let old: Vec<_> = entries[1]["scores"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["domain"].as_str().unwrap(), s["score"].as_i64().unwrap()))
        .collect();
    assert_eq!(old, [("dagbesteding", 2), ("verslaving", 3)]);
    assert_eq!(count(&c, "ladder_measured"), 3);
    assert_eq!(count(&c, "zrm_assessed"), 2);
    app.assert_healthy().await;
}

// --- 2. comply or explain -------------------------------------------------------------

#[tokio::test]
async fn a_required_instrument_is_used_or_its_absence_explained() {
    let app = TestApp::spawn().await;
    let [ine, ivo] = app.intake_staff;
    app.store.set_role(ivo, Role::Teamleider).await.unwrap();

    let requirement = json!([{"phase": "intake", "instrument": "participatieladder"}]);
    let r = put(
        &app,
        ine,
        "/api/instrument-requirements",
        requirement.clone(),
    )
    .await;
    expect(r, 403, "caseworker sets requirements").await;
    let catalogue = app.get_json(ine, "/api/catalogue").await;
    assert_eq!(catalogue["instrument_requirements"], json!([]));
    let r = put(&app, ivo, "/api/instrument-requirements", requirement).await;
    expect(r, 204, "lead sets requirements").await;
    // A bad entry changes nothing.
    let r = put(
        &app,
        ivo,
        "/api/instrument-requirements",
        json!([{"phase": "diagnose", "instrument": "thermometer"}]),
    )
    .await;
    let err = expect(r, 422, "bad requirement").await;
    assert_eq!(
        field_codes(&err),
        pairs(&[("instrument", "instrument_invalid")])
    );
    let catalogue = app.get_json(ine, "/api/catalogue").await;
    assert_eq!(
        catalogue["instrument_requirements"],
        json!([{"phase": "intake", "instrument": "participatieladder"}])
    );

    // Explained.
    let explained = app.register(ine, VALID_BSNS[0], "Anna de Vries").await;
    let c = card(&app, ine, explained).await;
    assert_eq!(
        c["diagnosis"]["required_now"],
        json!(["participatieladder"])
    );
    let phase = format!("/api/clients/{explained}/phase");
    let r = app.post(ine, &phase, json!({"phase": "diagnose"})).await;
    let err = expect(r, 422, "phase without ladder").await;
    assert_eq!(err["code"], "instrument_ladder_required");
    assert_eq!(
        field_codes(&err),
        pairs(&[("explanation", "instrument_ladder_required")])
    );
    let r = app
        .post(
            ine,
            &phase,
            json!({"phase": "diagnose", "explanation": "   "}),
        )
        .await;
    expect(r, 422, "blank explanation").await;
    let c = card(&app, ine, explained).await;
    assert_eq!(c["phase"], "intake");
    assert_eq!(c["diagnosis"]["explanations"], json!([]));
    assert_eq!(kinds(&c), ["created"]);

    let reason = "Klant spreekt nog geen Nederlands; meting na de taalcursus";
    let r = app
        .post(
            ine,
            &phase,
            json!({"phase": "diagnose", "explanation": reason}),
        )
        .await;
    expect(r, 204, "explained").await;
    let c = card(&app, ine, explained).await;
    assert_eq!(c["phase"], "diagnose");
    let x = &c["diagnosis"]["explanations"];
    assert_eq!(x.as_array().unwrap().len(), 1);
    assert_eq!(x[0]["phase"], "intake");
    assert_eq!(x[0]["instrument"], "participatieladder");
    assert_eq!(x[0]["reason"], reason);
    assert_eq!(x[0]["recorded_by"]["id"], ine.0);
    assert_eq!(
        kinds(&c),
        ["phase_changed", "instrument_explained", "created"]
    );
    assert_eq!(c["timeline"][1]["event"]["reason"], reason);
    assert_eq!(c["diagnosis"]["required_now"], json!([]));

    // Complied: measured first, no explanation needed (and none recorded).
    let measured = app.register(ine, VALID_BSNS[1], "Bram Bakker").await;
    let c = card(&app, ine, measured).await;
    assert_eq!(
        c["diagnosis"]["required_now"],
        json!(["participatieladder"])
    );
    let r = app
        .post(
            ine,
            &format!("/api/clients/{measured}/ladder"),
            json!({"measured_on": "", "rung": "2"}),
        )
        .await;
    expect(r, 201, "measure").await;
    // Met: no longer shown as required (issue 15, item 9).
    let c = card(&app, ine, measured).await;
    assert_eq!(c["diagnosis"]["required_now"], json!([]));
    let r = app
        .post(
            ine,
            &format!("/api/clients/{measured}/phase"),
            json!({"phase": "diagnose", "explanation": "overbodig"}),
        )
        .await;
    expect(r, 204, "complied").await;
    let c = card(&app, ine, measured).await;
    assert_eq!(c["phase"], "diagnose");
    assert_eq!(c["diagnosis"]["explanations"], json!([]));
    assert_eq!(count(&c, "instrument_explained"), 0);

    // A measurement counts only for the phase it was made in.
    let r = put(
        &app,
        ivo,
        "/api/instrument-requirements",
        json!([{"phase": "intake", "instrument": "participatieladder"},
               {"phase": "diagnose", "instrument": "participatieladder"}]),
    )
    .await;
    expect(r, 204, "second requirement").await;
    let r = app
        .post(
            ine,
            &format!("/api/clients/{measured}/phase"),
            json!({"phase": "activering"}),
        )
        .await;
    let err = expect(r, 422, "ladder of intake does not count for diagnose").await;
    assert_eq!(err["code"], "instrument_ladder_required");
    let r = app
        .post(
            ine,
            &format!("/api/clients/{measured}/ladder"),
            json!({"measured_on": "", "rung": "3"}),
        )
        .await;
    expect(r, 201, "measure again").await;
    let r = app
        .post(
            ine,
            &format!("/api/clients/{measured}/phase"),
            json!({"phase": "activering"}),
        )
        .await;
    expect(r, 204, "complied in diagnose").await;

    // The effectenkaart counts both.
    let q = format!("from={}&to={}", days_ago(30), today());
    let use_ = app
        .get_json(ivo, &format!("/api/effects/instruments?{q}"))
        .await;
    let row = |i: &str| {
        use_["instruments"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["instrument"] == i)
            .unwrap_or_else(|| panic!("no {i}: {use_}"))
            .clone()
    };
    let ladder = row("participatieladder");
    assert_eq!(ladder["clients_measured"], 1);
    assert_eq!(ladder["measurements"], 2);
    assert_eq!(ladder["explained"], 1);
    let zrm = row("zrm");
    assert_eq!(
        (
            &zrm["clients_measured"],
            &zrm["measurements"],
            &zrm["explained"]
        ),
        (&json!(0), &json!(0), &json!(0))
    );
    // A period before any of it counts nothing.
    let q = format!("from={}&to={}", days_ago(400), days_ago(300));
    let old = app
        .get_json(ivo, &format!("/api/effects/instruments?{q}"))
        .await;
    assert!(old["instruments"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["measurements"] == 0 && r["explained"] == 0));
    app.assert_healthy().await;
}

// --- 3. trajectplan ------------------------------------------------------------------

#[tokio::test]
async fn trajectplan_goals_and_interventions_with_reasoning() {
    let app = TestApp::spawn().await;
    let [wim, wendy] = app.werk_staff;

    // Only those who maintain the catalogue set it up.
    let r = app
        .post(wim, "/api/providers", json!({"name": "Niet van mij"}))
        .await;
    expect(r, 403, "caseworker creates provider").await;
    app.store.set_role(wendy, Role::Teamleider).await.unwrap();
    let cat = set_up_catalogue(&app, wendy).await;
    let r = app
        .post(wendy, "/api/providers", json!({"name": "Werkfit BV"}))
        .await;
    let err = expect(r, 422, "provider name taken").await;
    assert_eq!(field_codes(&err), pairs(&[("name", "name_taken")]));
    for (body, code) in [
        (
            json!({"name": "Zonder aanbieder", "kind": "bought"}),
            "catalogue_provider_required",
        ),
        (
            json!({"name": "Eigen met aanbieder", "kind": "in_house", "provider_id": cat.provider.to_string()}),
            "catalogue_provider_in_house",
        ),
        (
            json!({"name": "Raar", "kind": "gekocht"}),
            "catalogue_kind_invalid",
        ),
    ] {
        let r = app.post(wendy, "/api/catalogue-items", body).await;
        let err = expect(r, 422, code).await;
        assert_eq!(err["code"], code);
    }
    let catalogue = app.get_json(wim, "/api/catalogue").await;
    let items = catalogue["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    let bought = items.iter().find(|i| i["id"] == cat.bought).unwrap();
    assert_eq!(bought["kind"], "bought");
    assert_eq!(bought["provider"]["id"], cat.provider);
    assert_eq!(bought["contract_id"], cat.contract);
    assert_eq!(bought["active"], true);
    let werkfit = catalogue["providers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == cat.provider)
        .unwrap();
    assert_eq!(werkfit["contracts"][0]["reference"], "WF-2026-01");
    assert_eq!(werkfit["contracts"][0]["starts_on"], "2026-01-01");

    let client = app.register(wim, VALID_BSNS[0], "Anna de Vries").await;
    let other = app.register(wim, VALID_BSNS[1], "Bram Bakker").await;
    let goals = format!("/api/clients/{client}/goals");
    let on_time = created(
        app.post(
            wim,
            &goals,
            json!({"target": "skill:on_time", "description": "Elke dag om negen uur aanwezig"}),
        )
        .await,
        "skill goal",
    )
    .await;
    let rung = created(
        app.post(
            wim,
            &goals,
            json!({"target": "rung:4", "description": "Vrijwilligerswerk doen"}),
        )
        .await,
        "rung goal",
    )
    .await;
    for target in ["rung:7", "skill:jongleren", "trede:3", ""] {
        let r = app
            .post(
                wim,
                &goals,
                json!({"target": target, "description": "Doel"}),
            )
            .await;
        let err = expect(r, 422, target).await;
        assert_eq!(
            field_codes(&err),
            pairs(&[("target", "goal_target_invalid")]),
            "{target}"
        );
    }
    let other_goal = created(
        app.post(
            wim,
            &format!("/api/clients/{other}/goals"),
            json!({"target": "skill:commitment", "description": "Inzet tonen"}),
        )
        .await,
        "other client's goal",
    )
    .await;

    // The reasoning is required, all three parts, reported at once.
    let interventions = format!("/api/clients/{client}/interventions");
    let r = app
        .post(
            wim,
            &interventions,
            json!({"catalogue_item_id": cat.bought.to_string(), "goal_id": on_time.to_string(),
                   "why_this": " ", "starts_on": today().to_string(),
                   "planned_end_on": (today() + Duration::days(30)).to_string()}),
        )
        .await;
    let err = expect(r, 422, "no reasoning").await;
    assert_eq!(err["code"], "invalid_input");
    assert_eq!(
        field_codes(&err),
        pairs(&[
            ("why_this", "reasoning_why_this_required"),
            ("why_client", "reasoning_why_client_required"),
            ("expected", "reasoning_expected_required"),
        ])
    );
    let r = app
        .post(
            wim,
            &interventions,
            reasoned(cat.bought, None, today(), days_ago(1)),
        )
        .await;
    let err = expect(r, 422, "end before start").await;
    assert_eq!(
        field_codes(&err),
        pairs(&[("planned_end_on", "planned_end_before_start")])
    );
    let r = app
        .post(
            wim,
            &interventions,
            reasoned(cat.bought, Some(other_goal), today(), today()),
        )
        .await;
    let err = expect(r, 422, "goal of another client").await;
    assert_eq!(err["code"], "goal_unknown");
    let c = card(&app, wim, client).await;
    assert_eq!(c["trajectory"]["interventions"], json!([]));

    let starts = days_ago(14);
    let ends = today() + Duration::days(76);
    let bought_id = created(
        app.post(
            wim,
            &interventions,
            reasoned(cat.bought, Some(on_time), starts, ends),
        )
        .await,
        "bought intervention",
    )
    .await;
    // Started long ago, planned to end last week: overdue.
    let in_house_id = created(
        app.post(
            wim,
            &interventions,
            reasoned(cat.in_house, Some(rung), days_ago(100), days_ago(7)),
        )
        .await,
        "in-house intervention",
    )
    .await;

    // An item taken out of the catalogue can no longer be chosen.
    let active = format!("/api/catalogue-items/{}/active", cat.in_house);
    let r = app.post(wim, &active, json!({"active": false})).await;
    expect(r, 403, "caseworker deactivates").await;
    let r = app.post(wendy, &active, json!({"active": false})).await;
    expect(r, 204, "deactivate").await;
    let catalogue = app.get_json(wim, "/api/catalogue").await;
    let item = catalogue["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == cat.in_house)
        .unwrap();
    assert_eq!(item["active"], false);
    let r = app
        .post(
            wim,
            &interventions,
            reasoned(cat.in_house, None, today(), today()),
        )
        .await;
    let err = expect(r, 422, "inactive item").await;
    assert_eq!(err["code"], "catalogue_item_unknown");
    assert_eq!(
        field_codes(&err),
        pairs(&[("catalogue_item_id", "catalogue_item_unknown")])
    );
    let r = app
        .post(
            wim,
            &interventions,
            reasoned(999_999, None, today(), today()),
        )
        .await;
    assert_eq!(
        expect(r, 422, "unknown item").await["code"],
        "catalogue_item_unknown"
    );

    let c = card(&app, wim, client).await;
    let t = &c["trajectory"];
    assert_eq!(t["goals"].as_array().unwrap().len(), 2);
    assert_eq!(t["goals"][0]["id"], on_time);
    assert_eq!(
        t["goals"][0]["target"],
        json!({"kind": "skill", "value": "on_time"})
    );
    assert_eq!(t["goals"][1]["target"], json!({"kind": "rung", "value": 4}));
    assert_eq!(t["goals"][1]["description"], "Vrijwilligerswerk doen");
    // By start date.
    let ids: Vec<_> = t["interventions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [in_house_id, bought_id]);
    let b = intervention(&c, bought_id);
    assert_eq!(b["name"], "Werkfit-traject");
    assert_eq!(b["catalogue_item_id"], cat.bought);
    assert_eq!(b["provider"]["id"], cat.provider);
    assert_eq!(b["provider"]["name"], "Werkfit BV");
    assert_eq!(b["goal_id"], on_time);
    assert_eq!(
        b["reasoning"],
        json!({"why_this": "Werkritme opbouwen in een echte werkomgeving",
               "why_client": "Komt vaak te laat op afspraken",
               "expected": "Komt drie maanden lang op tijd"})
    );
    assert_eq!(b["starts_on"], starts.to_string());
    assert_eq!(b["planned_end_on"], ends.to_string());
    assert!(b["ended_on"].is_null() && b["outcome"].is_null());
    assert_eq!(b["overdue"], false);
    let h = intervention(&c, in_house_id);
    assert!(h["provider"].is_null(), "in-house has no provider");
    assert_eq!(h["overdue"], true);
    assert_eq!(h["name"], "Sollicitatietraining", "kept after deactivation");

    // Ending: outcome and result are required; a second end is a conflict.
    let end = |id: i64| format!("/api/clients/{client}/interventions/{id}/end");
    let r = app
        .post(
            wim,
            &end(bought_id),
            json!({"ended_on": "", "outcome": "misschien", "result": ""}),
        )
        .await;
    let err = expect(r, 422, "bad end").await;
    assert_eq!(
        field_codes(&err),
        pairs(&[
            ("outcome", "intervention_outcome_invalid"),
            ("result", "intervention_result_required")
        ])
    );
    let r = app
        .post(
            wim,
            &end(bought_id),
            json!({"ended_on": days_ago(20).to_string(), "outcome": "achieved", "result": "x"}),
        )
        .await;
    let err = expect(r, 422, "end before start").await;
    assert_eq!(
        field_codes(&err),
        pairs(&[("ended_on", "ended_before_start")])
    );
    let r = app
        .post(
            wim,
            &end(bought_id),
            json!({"ended_on": "", "outcome": "achieved", "result": "Komt nu elke dag op tijd"}),
        )
        .await;
    expect(r, 204, "end").await;
    let r = app
        .post(
            wim,
            &end(bought_id),
            json!({"ended_on": "", "outcome": "stopped", "result": "Nog eens"}),
        )
        .await;
    let err = expect(r, 409, "end twice").await;
    assert_eq!(err["code"], "intervention_ended");
    let r = app
        .post(
            wim,
            &format!("/api/clients/{other}/interventions/{in_house_id}/end"),
            json!({"ended_on": "", "outcome": "stopped", "result": "Verkeerde klant"}),
        )
        .await;
    expect(r, 404, "intervention of another client").await;

    let c = card(&app, wim, client).await;
    let b = intervention(&c, bought_id);
    assert_eq!(b["ended_on"], today().to_string());
    assert_eq!(b["outcome"], "achieved");
    assert_eq!(b["result"], "Komt nu elke dag op tijd");
    assert_eq!(b["overdue"], false);
    let h = intervention(&c, in_house_id);
    assert!(h["ended_on"].is_null(), "the other one is still under way");
    assert_eq!(count(&c, "goal_set"), 2);
    assert_eq!(count(&c, "intervention_planned"), 2);
    assert_eq!(count(&c, "intervention_ended"), 1);
    assert_eq!(kinds(&c)[0], "intervention_ended");
    app.assert_healthy().await;
}

// --- 4. providers ------------------------------------------------------------------

#[tokio::test]
async fn a_provider_sees_only_referred_clients_and_reports_progress() {
    let app = TestApp::spawn().await;
    let [wim, wendy] = app.werk_staff;
    app.store.set_role(wendy, Role::Teamleider).await.unwrap();
    let cat = set_up_catalogue(&app, wendy).await;
    let aad = provider_user(&app, cat.provider, "Aad Aanbieder").await;
    let bea = provider_user(&app, cat.other_provider, "Bea Anders").await;

    let referred = app.register(wim, VALID_BSNS[0], "Anna de Vries").await;
    let not_referred = app.register(wim, VALID_BSNS[1], "Bram Bakker").await;
    let elsewhere = app.register(wim, VALID_BSNS[2], "Cor Claassen").await;
    let goal = created(
        app.post(
            wim,
            &format!("/api/clients/{referred}/goals"),
            json!({"target": "skill:on_time", "description": "Op tijd komen"}),
        )
        .await,
        "goal",
    )
    .await;
    let unrelated_goal = created(
        app.post(
            wim,
            &format!("/api/clients/{referred}/goals"),
            json!({"target": "rung:3", "description": "Meedoen aan activiteiten"}),
        )
        .await,
        "goal",
    )
    .await;
    let theirs = plan(&app, wim, referred, cat.bought, Some(goal)).await;
    let ours = plan(&app, wim, referred, cat.in_house, Some(unrelated_goal)).await;
    let others = plan(&app, wim, elsewhere, cat.other_bought, None).await;

    let list = app.get_json(aad, "/api/provider/clients").await;
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0]["id"], referred);
    assert_eq!(list[0]["name"], "Anna de Vries");
    assert_eq!(list[0]["caseworker"]["id"], wim.0);
    assert_eq!(list[0]["interventions"], json!(["Werkfit-traject"]));
    assert!(list[0]["last_report_on"].is_null());
    let r = app.get(wim, "/api/provider/clients").await;
    expect(r, 403, "caseworker on provider list").await;
    // The list and the page each show Anna's name and intervention: each a
    // read in the processing log; nobody else is on it.
    let r = app.get(aad, "/aanbieder").await;
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("Anna de Vries"));
    let since = time::OffsetDateTime::now_utc() - time::Duration::hours(1);
    let until = time::OffsetDateTime::now_utc() + time::Duration::hours(1);
    let log = app
        .store
        .processing_log_for(app.org, VALID_BSNS[0], since, until)
        .await
        .unwrap();
    let reads: Vec<_> = log
        .iter()
        .filter(|l| l.operation == "aanbieder_klanten_lezen")
        .map(|l| l.actor.id)
        .collect();
    assert_eq!(reads, [aad, aad], "API list and page: {log:?}");
    for bsn in [VALID_BSNS[1], VALID_BSNS[2]] {
        let log = app
            .store
            .processing_log_for(app.org, bsn, since, until)
            .await
            .unwrap();
        assert!(
            log.iter().all(|l| l.operation != "aanbieder_klanten_lezen"),
            "{log:?}"
        );
    }

    let view = app
        .get_json(aad, &format!("/api/provider/clients/{referred}"))
        .await;
    assert!(view.get("bsn").is_none(), "no BSN for a provider: {view}");
    assert!(
        !view.to_string().contains(VALID_BSNS[0]),
        "the BSN appears nowhere: {view}"
    );
    assert!(view.get("timeline").is_none() && view.get("diagnosis").is_none());
    assert_eq!(view["name"], "Anna de Vries");
    assert_eq!(view["caseworker"]["id"], wim.0);
    assert_eq!(view["caseworker_email"], "wim.werk@test.example");
    let ids: Vec<_> = view["interventions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [theirs], "only this provider's intervention");
    let goal_ids: Vec<_> = view["goals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["id"].as_i64().unwrap())
        .collect();
    assert_eq!(goal_ids, [goal], "only the goals it serves");

    for (who, client, what) in [
        (
            aad,
            not_referred,
            "a client of the organisation not referred",
        ),
        (aad, elsewhere, "a client referred to another provider"),
        (bea, referred, "the other provider on our client"),
    ] {
        let r = app
            .get(who, &format!("/api/provider/clients/{client}"))
            .await;
        let err = expect(r, 403, what).await;
        assert_eq!(err["code"], "forbidden");
    }
    expect(
        app.get(bea, &format!("/api/provider/clients/{elsewhere}"))
            .await,
        200,
        "bea on her own client",
    )
    .await;
    // Never the full file, not even of a referred client.
    expect(
        app.get(aad, &format!("/api/clients/{referred}")).await,
        403,
        "klantkaart",
    )
    .await;
    expect(app.get(aad, "/api/clients").await, 403, "client list").await;
    let r = app
        .post(
            aad,
            &format!("/api/clients/{referred}/diagnosis-notes"),
            json!({"source": "other_organisation", "noted_on": "", "text": "Van de aanbieder"}),
        )
        .await;
    expect(r, 403, "provider writes in the file").await;

    // Progress reports.
    let reports = format!("/api/provider/clients/{referred}/progress-reports");
    let r = app
        .post(
            aad,
            &reports,
            json!({"intervention_id": theirs.to_string(), "on": "", "summary": "  "}),
        )
        .await;
    let err = expect(r, 422, "empty report").await;
    assert_eq!(
        field_codes(&err),
        pairs(&[("summary", "report_summary_required")])
    );
    let r = app
        .post(
            aad,
            &reports,
            json!({"intervention_id": ours.to_string(), "on": "", "summary": "Over andermans module"}),
        )
        .await;
    let err = expect(r, 409, "report on the in-house intervention").await;
    assert_eq!(err["code"], "provider_not_referred");
    let r = app
        .post(
            aad,
            &format!("/api/provider/clients/{elsewhere}/progress-reports"),
            json!({"intervention_id": others.to_string(), "on": "", "summary": "Niet de mijne"}),
        )
        .await;
    expect(r, 403, "report on another provider's client").await;
    let r = app
        .post(
            aad,
            &reports,
            json!({"intervention_id": theirs.to_string(), "on": "", "summary": "Goed gestart, twee keer te laat"}),
        )
        .await;
    expect(r, 201, "report").await;

    let c = card(&app, wim, referred).await;
    let t = intervention(&c, theirs);
    let reps = t["progress_reports"].as_array().unwrap();
    assert_eq!(reps.len(), 1);
    assert_eq!(reps[0]["summary"], "Goed gestart, twee keer te laat");
    assert_eq!(reps[0]["reported_on"], today().to_string());
    assert_eq!(reps[0]["provider"]["id"], cat.provider);
    assert_eq!(reps[0]["reported_by"]["id"], aad.0);
    assert_eq!(reps[0]["intervention_id"], theirs);
    assert_eq!(intervention(&c, ours)["progress_reports"], json!([]));
    assert_eq!(c["timeline"][0]["kind"], "progress_reported");
    assert_eq!(c["timeline"][0]["actor"]["id"], aad.0);
    let list = app.get_json(aad, "/api/provider/clients").await;
    assert_eq!(list[0]["last_report_on"], today().to_string());

    // Oversight conversations by the caseworker.
    let oversight = format!("/api/clients/{referred}/oversight");
    let r = app
        .post(
            wim,
            &oversight,
            json!({"provider_id": "999999", "on": "", "summary": "Met wie?"}),
        )
        .await;
    let err = expect(r, 422, "unknown provider").await;
    assert_eq!(err["code"], "provider_unknown");
    let r = app
        .post(
            wim,
            &oversight,
            json!({"provider_id": "", "on": "", "summary": ""}),
        )
        .await;
    let err = expect(r, 422, "empty oversight").await;
    assert_eq!(
        field_codes(&err),
        pairs(&[
            ("provider_id", "provider_unknown"),
            ("summary", "report_summary_required")
        ])
    );
    let held_on = days_ago(2);
    let r = app
        .post(
            wim,
            &oversight,
            json!({"provider_id": cat.provider.to_string(), "on": dmy(held_on),
                   "summary": "Regiegesprek: aanwezigheid besproken"}),
        )
        .await;
    expect(r, 201, "oversight").await;
    let c = card(&app, wim, referred).await;
    let o = &c["trajectory"]["oversight"];
    assert_eq!(o.as_array().unwrap().len(), 1);
    assert_eq!(o[0]["provider"]["id"], cat.provider);
    assert_eq!(o[0]["provider"]["name"], "Werkfit BV");
    assert_eq!(o[0]["held_on"], held_on.to_string());
    assert_eq!(o[0]["summary"], "Regiegesprek: aanwezigheid besproken");
    assert_eq!(o[0]["recorded_by"]["id"], wim.0);

    // When the intervention ends the referral is over, and so is access.
    let r = app
        .post(
            wim,
            &format!("/api/clients/{referred}/interventions/{theirs}/end"),
            json!({"ended_on": "", "outcome": "partly_achieved", "result": "Meestal op tijd"}),
        )
        .await;
    expect(r, 204, "end").await;
    expect(
        app.get(aad, &format!("/api/provider/clients/{referred}"))
            .await,
        403,
        "after the end",
    )
    .await;
    let r = app
        .post(
            aad,
            &reports,
            json!({"intervention_id": theirs.to_string(), "on": "", "summary": "Nog iets"}),
        )
        .await;
    expect(r, 403, "report after the end").await;
    let list = app.get_json(aad, "/api/provider/clients").await;
    assert_eq!(list, json!([]));
    let c = card(&app, wim, referred).await;
    assert_eq!(
        intervention(&c, theirs)["progress_reports"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    app.assert_healthy().await;
}

/// Closing the file ends what a provider may see of it, in the list and in
/// the view alike.
#[tokio::test]
async fn a_closed_client_is_no_longer_visible_to_its_provider() {
    let app = TestApp::spawn().await;
    let [wim, wendy] = app.werk_staff;
    app.store.set_role(wendy, Role::Teamleider).await.unwrap();
    let cat = set_up_catalogue(&app, wendy).await;
    let aad = provider_user(&app, cat.provider, "Aad Aanbieder").await;
    let client = app.register(wim, VALID_BSNS[0], "Anna de Vries").await;
    let theirs = plan(&app, wim, client, cat.bought, None).await;
    expect(
        app.get(aad, &format!("/api/provider/clients/{client}"))
            .await,
        200,
        "while open",
    )
    .await;
    let r = app
        .post(
            wim,
            &format!("/api/clients/{client}/close"),
            json!({"reason": "Verhuisd naar een andere gemeente"}),
        )
        .await;
    expect(r, 204, "close").await;
    assert_eq!(app.get_json(aad, "/api/provider/clients").await, json!([]));
    expect(
        app.get(aad, &format!("/api/provider/clients/{client}"))
            .await,
        403,
        "after closing",
    )
    .await;
    let r = app
        .post(
            aad,
            &format!("/api/provider/clients/{client}/progress-reports"),
            json!({"intervention_id": theirs.to_string(), "on": "", "summary": "Nog iets"}),
        )
        .await;
    expect(r, 403, "report after closing").await;
    app.assert_healthy().await;
}

// --- 5. care referrals ----------------------------------------------------------------

#[tokio::test]
async fn care_referral_is_tracked_from_referred_to_arrived_to_ended() {
    let app = TestApp::spawn().await;
    let [ine, _] = app.intake_staff;
    let [_, pam] = app.participatie_staff;
    app.store
        .set_role(pam, Role::FunctioneelBeheer)
        .await
        .unwrap();

    let r = app
        .post(
            ine,
            "/api/care-organisations",
            json!({"name": "GGZ Centrum", "kind": "care"}),
        )
        .await;
    expect(r, 403, "caseworker creates care organisation").await;
    let ggz = created(
        app.post(
            pam,
            "/api/care-organisations",
            json!({"name": "GGZ Centrum", "kind": "care"}),
        )
        .await,
        "care",
    )
    .await;
    created(
        app.post(
            pam,
            "/api/care-organisations",
            json!({"name": "Schuldhulp Samen", "kind": "support"}),
        )
        .await,
        "support",
    )
    .await;
    created(
        app.post(
            pam,
            "/api/care-organisations",
            json!({"name": "Vrijwilligerscentrale", "kind": "volunteering"}),
        )
        .await,
        "volunteering",
    )
    .await;
    let r = app
        .post(
            pam,
            "/api/care-organisations",
            json!({"name": "Kapper", "kind": "haar"}),
        )
        .await;
    let err = expect(r, 422, "bad kind").await;
    assert_eq!(err["code"], "care_kind_invalid");
    let catalogue = app.get_json(ine, "/api/catalogue").await;
    let mut orgs: Vec<_> = catalogue["care_organisations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["kind"].as_str().unwrap().to_string())
        .collect();
    orgs.sort();
    assert_eq!(orgs, ["care", "support", "volunteering"]);

    let client = app.register(ine, VALID_BSNS[0], "Anna de Vries").await;
    let referrals = format!("/api/clients/{client}/care-referrals");
    let r = app
        .post(
            ine,
            &referrals,
            json!({"care_organisation_id": "999999", "referred_on": "", "note": "Somberheid"}),
        )
        .await;
    let err = expect(r, 422, "unknown organisation").await;
    assert_eq!(err["code"], "care_organisation_unknown");
    let r = app
        .post(
            ine,
            &referrals,
            json!({"care_organisation_id": "", "referred_on": dmy(today() + Duration::days(1)), "note": " "}),
        )
        .await;
    let err = expect(r, 422, "empty referral").await;
    assert_eq!(
        field_codes(&err),
        pairs(&[
            ("care_organisation_id", "care_organisation_unknown"),
            ("referred_on", "date_future"),
            ("note", "referral_note_required"),
        ])
    );
    let referred_on = days_ago(3);
    let id = created(
        app.post(
            ine,
            &referrals,
            json!({"care_organisation_id": ggz.to_string(), "referred_on": dmy(referred_on),
                   "note": "Somberheid; eerst behandeling"}),
        )
        .await,
        "referral",
    )
    .await;
    let c = card(&app, ine, client).await;
    let r0 = referral(&c, id);
    assert_eq!(r0["status"], "referred");
    assert_eq!(r0["organisation"]["id"], ggz);
    assert_eq!(r0["organisation"]["name"], "GGZ Centrum");
    assert_eq!(r0["kind"], "care");
    assert_eq!(r0["referred_on"], referred_on.to_string());
    assert_eq!(r0["note"], "Somberheid; eerst behandeling");
    assert_eq!(
        r0["arrival_deadline"],
        (referred_on + Duration::days(14)).to_string()
    );
    assert_eq!(r0["not_arrived_flag"], false);
    assert_eq!(c["care_not_arrived_flag"], false);

    // Arrival: not before the referral, confirmed in a known way.
    let arrival = format!("{referrals}/{id}/arrival");
    let r = app
        .post(
            ine,
            &arrival,
            json!({"arrived_on": days_ago(5).to_string(), "confirmation": "by_client", "note": ""}),
        )
        .await;
    let err = expect(r, 422, "arrival before referral").await;
    assert_eq!(
        field_codes(&err),
        pairs(&[("arrived_on", "arrived_before_referral")])
    );
    let r = app
        .post(
            ine,
            &arrival,
            json!({"arrived_on": "", "confirmation": "telepathie", "note": ""}),
        )
        .await;
    let err = expect(r, 422, "bad confirmation").await;
    assert_eq!(
        field_codes(&err),
        pairs(&[("confirmation", "arrival_confirmation_invalid")])
    );
    let c = card(&app, ine, client).await;
    assert_eq!(referral(&c, id)["status"], "referred", "nothing changed");
    expect(
        app.post(
            ine,
            &format!("{referrals}/999999/arrival"),
            json!({"arrived_on": "", "confirmation": "observed", "note": ""}),
        )
        .await,
        404,
        "unknown referral",
    )
    .await;

    let r = app
        .post(
            ine,
            &arrival,
            json!({"arrived_on": "", "confirmation": "by_organisation", "note": "Intake bij GGZ gehad"}),
        )
        .await;
    expect(r, 204, "arrival").await;
    let c = card(&app, ine, client).await;
    let r1 = referral(&c, id);
    assert_eq!(r1["status"], "arrived");
    assert_eq!(r1["arrived_on"], today().to_string());
    assert_eq!(r1["confirmation"], "by_organisation");
    assert_eq!(r1["arrival_note"], "Intake bij GGZ gehad");
    let r = app
        .post(
            ine,
            &arrival,
            json!({"arrived_on": "", "confirmation": "by_client", "note": ""}),
        )
        .await;
    let err = expect(r, 409, "arrival twice").await;
    assert_eq!(err["code"], "referral_not_waiting");

    // End.
    let end = format!("{referrals}/{id}/end");
    let r = app
        .post(ine, &end, json!({"ended_on": "", "reason": ""}))
        .await;
    let err = expect(r, 422, "end without reason").await;
    assert_eq!(
        field_codes(&err),
        pairs(&[("reason", "referral_end_reason_required")])
    );
    let r = app
        .post(
            ine,
            &end,
            json!({"ended_on": "", "reason": "Behandeling afgerond"}),
        )
        .await;
    expect(r, 204, "end").await;
    let c = card(&app, ine, client).await;
    let r2 = referral(&c, id);
    assert_eq!(r2["status"], "ended");
    assert_eq!(r2["ended_on"], today().to_string());
    assert_eq!(r2["end_reason"], "Behandeling afgerond");
    assert_eq!(r2["arrived_on"], today().to_string(), "arrival kept");
    let r = app
        .post(ine, &end, json!({"ended_on": "", "reason": "Nogmaals"}))
        .await;
    assert_eq!(expect(r, 409, "end twice").await["code"], "referral_ended");
    let r = app
        .post(
            ine,
            &arrival,
            json!({"arrived_on": "", "confirmation": "by_client", "note": ""}),
        )
        .await;
    assert_eq!(
        expect(r, 409, "arrival after end").await["code"],
        "referral_not_waiting"
    );
    assert_eq!(
        kinds(&c),
        ["care_ended", "care_arrived", "care_referred", "created"]
    );
    app.assert_healthy().await;
}

#[tokio::test]
async fn a_referral_that_does_not_arrive_in_time_is_flagged_until_it_arrives() {
    let app = TestApp::spawn().await;
    let [ine, ivo] = app.intake_staff;
    app.store.set_role(ivo, Role::Teamleider).await.unwrap();
    let org = created(
        app.post(
            ivo,
            "/api/care-organisations",
            json!({"name": "Schuldhulp Samen", "kind": "support"}),
        )
        .await,
        "care organisation",
    )
    .await;
    assert_eq!(
        app.store
            .organisation(app.org)
            .await
            .unwrap()
            .settings
            .care_arrival_days,
        14,
        "the default term"
    );
    let late = app.register(ine, VALID_BSNS[0], "Anna de Vries").await;
    let just_in_time = app.register(ine, VALID_BSNS[1], "Bram Bakker").await;
    let gave_up = app.register(ine, VALID_BSNS[2], "Cor Claassen").await;
    let refer = |client: i64, on: Date| {
        let app = &app;
        async move {
            created(
                app.post(
                    ine,
                    &format!("/api/clients/{client}/care-referrals"),
                    json!({"care_organisation_id": org.to_string(), "referred_on": dmy(on), "note": "Schulden"}),
                )
                .await,
                "referral",
            )
            .await
        }
    };
    let late_referral = refer(late, days_ago(15)).await;
    let in_time_referral = refer(just_in_time, days_ago(14)).await;
    let gave_up_referral = refer(gave_up, days_ago(40)).await;
    // Ended without arriving: no longer waiting, so not flagged.
    let r = app
        .post(
            ine,
            &format!("/api/clients/{gave_up}/care-referrals/{gave_up_referral}/end"),
            json!({"ended_on": "", "reason": "Klant wil niet"}),
        )
        .await;
    expect(r, 204, "end without arrival").await;

    let flags = |list: &Value| -> Vec<(i64, bool)> {
        let mut v: Vec<_> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["id"].as_i64().unwrap(),
                    c["care_not_arrived"].as_bool().unwrap(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let c = card(&app, ine, late).await;
    assert_eq!(referral(&c, late_referral)["not_arrived_flag"], true);
    assert_eq!(c["care_not_arrived_flag"], true);
    assert_eq!(
        referral(&c, late_referral)["arrival_deadline"],
        days_ago(1).to_string()
    );
    let c = card(&app, ine, just_in_time).await;
    assert_eq!(
        referral(&c, in_time_referral)["not_arrived_flag"],
        false,
        "exactly the term is still in time"
    );
    assert_eq!(c["care_not_arrived_flag"], false);
    let c = card(&app, ine, gave_up).await;
    assert_eq!(referral(&c, gave_up_referral)["status"], "ended");
    assert_eq!(c["care_not_arrived_flag"], false);
    let list = app.get_json(ine, "/api/clients").await;
    assert_eq!(
        flags(&list),
        [(late, true), (just_in_time, false), (gave_up, false)]
    );

    // The organisation decides the term.
    let mut settings = app.store.organisation(app.org).await.unwrap().settings;
    settings.care_arrival_days = 10;
    app.store.update_settings(app.org, &settings).await.unwrap();
    let list = app.get_json(ine, "/api/clients").await;
    assert_eq!(
        flags(&list),
        [(late, true), (just_in_time, true), (gave_up, false)]
    );
    let c = card(&app, ine, just_in_time).await;
    assert_eq!(c["care_not_arrived_flag"], true);
    assert_eq!(
        referral(&c, in_time_referral)["arrival_deadline"],
        days_ago(4).to_string()
    );
    settings.care_arrival_days = 30;
    app.store.update_settings(app.org, &settings).await.unwrap();
    let list = app.get_json(ine, "/api/clients").await;
    assert_eq!(
        flags(&list),
        [(late, false), (just_in_time, false), (gave_up, false)]
    );
    settings.care_arrival_days = 14;
    app.store.update_settings(app.org, &settings).await.unwrap();

    // Arrival clears the flag everywhere.
    let r = app
        .post(
            ine,
            &format!("/api/clients/{late}/care-referrals/{late_referral}/arrival"),
            json!({"arrived_on": days_ago(2).to_string(), "confirmation": "by_client", "note": ""}),
        )
        .await;
    expect(r, 204, "late arrival").await;
    let c = card(&app, ine, late).await;
    assert_eq!(referral(&c, late_referral)["status"], "arrived");
    assert_eq!(referral(&c, late_referral)["not_arrived_flag"], false);
    assert_eq!(c["care_not_arrived_flag"], false);
    let list = app.get_json(ine, "/api/clients").await;
    assert_eq!(
        flags(&list),
        [(late, false), (just_in_time, false), (gave_up, false)]
    );
    app.assert_healthy().await;
}

// --- 6. in English ----------------------------------------------------------------------

#[tokio::test]
async fn process_errors_are_in_english_on_request() {
    let app = TestApp::spawn().await;
    let [ine, ivo] = app.intake_staff;
    app.store.set_role(ivo, Role::Teamleider).await.unwrap();
    let r = put(
        &app,
        ivo,
        "/api/instrument-requirements",
        json!([{"phase": "intake", "instrument": "participatieladder"}]),
    )
    .await;
    expect(r, 204, "requirement").await;
    let org = created(
        app.post(
            ivo,
            "/api/care-organisations",
            json!({"name": "GGZ Centrum", "kind": "care"}),
        )
        .await,
        "care organisation",
    )
    .await;
    let client = app.register(ine, VALID_BSNS[0], "Anna de Vries").await;
    let referral = created(
        app.post(
            ine,
            &format!("/api/clients/{client}/care-referrals"),
            json!({"care_organisation_id": org.to_string(), "referred_on": "", "note": "Somberheid"}),
        )
        .await,
        "referral",
    )
    .await;
    let arrival = format!("/api/clients/{client}/care-referrals/{referral}/arrival");
    expect(
        app.post(
            ine,
            &arrival,
            json!({"arrived_on": "", "confirmation": "observed", "note": ""}),
        )
        .await,
        204,
        "arrival",
    )
    .await;

    let english = |method: Method, path: String, body: Value| {
        let app = &app;
        async move {
            app.request(ine, method, &path)
                .await
                .header("accept-language", "en-GB,en;q=0.8")
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    };
    let en = |code| Tr::new(Lang::En).message(code);
    let nl = |code| Tr::new(Lang::Nl).message(code);

    // A field error in a list.
    let rung7 = json!({"measured_on": "", "rung": "7"});
    let err = expect(
        english(
            Method::POST,
            format!("/api/clients/{client}/ladder"),
            rung7.clone(),
        )
        .await,
        422,
        "rung 7",
    )
    .await;
    assert_eq!(err["errors"][0]["code"], "ladder_rung_invalid");
    assert_eq!(err["errors"][0]["message"], en("ladder_rung_invalid"));
    assert_eq!(err["errors"][0]["message"], "Choose a rung from 1 to 6.");
    assert_eq!(
        err["message"],
        "Not all fields are filled in correctly; nothing was saved."
    );
    // Dutch without the header.
    let err = expect(
        app.post(ine, &format!("/api/clients/{client}/ladder"), rung7)
            .await,
        422,
        "rung 7 nl",
    )
    .await;
    assert_eq!(err["errors"][0]["message"], nl("ladder_rung_invalid"));

    // A single rule with its field.
    let err = expect(
        english(
            Method::POST,
            format!("/api/clients/{client}/phase"),
            json!({"phase": "diagnose"}),
        )
        .await,
        422,
        "phase",
    )
    .await;
    assert_eq!(err["code"], "instrument_ladder_required");
    assert_eq!(err["message"], en("instrument_ladder_required"));
    assert!(err["message"]
        .as_str()
        .unwrap()
        .starts_with("The participation ladder is required"));
    assert_eq!(err["errors"][0]["field"], "explanation");
    assert_eq!(
        err["errors"][0]["message"],
        en("instrument_ladder_required")
    );

    // A conflict.
    let err = expect(
        english(
            Method::POST,
            arrival,
            json!({"arrived_on": "", "confirmation": "observed", "note": ""}),
        )
        .await,
        409,
        "arrival twice",
    )
    .await;
    assert_eq!(err["code"], "referral_not_waiting");
    assert_eq!(
        err["message"],
        "This referral is no longer waiting for arrival."
    );

    // The three reasons, all in English.
    let err = expect(
        english(
            Method::POST,
            format!("/api/clients/{client}/interventions"),
            json!({"catalogue_item_id": "1", "starts_on": today().to_string(), "planned_end_on": today().to_string()}),
        )
        .await,
        422,
        "reasoning",
    )
    .await;
    let messages: Vec<_> = err["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        [
            en("reasoning_why_this_required"),
            en("reasoning_why_client_required"),
            en("reasoning_expected_required"),
        ]
    );
    assert_ne!(messages[0], nl("reasoning_why_this_required"));
    app.assert_healthy().await;
}

// --- JSON numbers --------------------------------------------------------------------

/// Ids come back from the API as JSON numbers and a rung or score is a
/// number; sent back as numbers they are read like the text a form sends.
#[tokio::test]
async fn ids_rungs_and_scores_may_be_sent_as_json_numbers() {
    let app = TestApp::spawn().await;
    let [wim, wendy] = app.werk_staff;
    app.store.set_role(wendy, Role::Teamleider).await.unwrap();
    let provider = created(
        app.post(wendy, "/api/providers", json!({"name": "Werkfit BV"}))
            .await,
        "provider",
    )
    .await;
    let contract = created(
        app.post(
            wendy,
            &format!("/api/providers/{provider}/contracts"),
            json!({"reference": "WF-1", "starts_on": "2026-01-01"}),
        )
        .await,
        "contract",
    )
    .await;
    let item = created(
        app.post(
            wendy,
            "/api/catalogue-items",
            json!({"name": "Werkfit-traject", "kind": "bought", "provider_id": provider, "contract_id": contract}),
        )
        .await,
        "item with numeric ids",
    )
    .await;
    let care = created(
        app.post(
            wendy,
            "/api/care-organisations",
            json!({"name": "GGZ Centrum", "kind": "care"}),
        )
        .await,
        "care organisation",
    )
    .await;
    let aad = provider_user(&app, provider, "Aad Aanbieder").await;
    let client = app.register(wim, VALID_BSNS[0], "Anna de Vries").await;
    let path = |rest: &str| format!("/api/clients/{client}/{rest}");

    let err = expect(
        app.post(wim, &path("ladder"), json!({"rung": 7})).await,
        422,
        "rung 7 as a number",
    )
    .await;
    assert_eq!(field_codes(&err), pairs(&[("rung", "ladder_rung_invalid")]));
    expect(
        app.post(wim, &path("ladder"), json!({"rung": 4})).await,
        201,
        "rung 4 as a number",
    )
    .await;
    let err = expect(
        app.post(
            wim,
            &path("zrm"),
            json!({"version": "zrm_13", "scores": {"financien": 6}}),
        )
        .await,
        422,
        "score 6 as a number",
    )
    .await;
    assert_eq!(err["errors"][0]["code"], "zrm_score_range");
    expect(
        app.post(
            wim,
            &path("zrm"),
            json!({"version": "zrm_13", "scores": {"financien": 2, "justitie": 5}}),
        )
        .await,
        201,
        "scores as numbers",
    )
    .await;
    let goal = created(
        app.post(
            wim,
            &path("goals"),
            json!({"target": "rung:5", "description": "Betaald werk met steun"}),
        )
        .await,
        "goal",
    )
    .await;
    let mut body = reasoned(item, None, today(), today() + Duration::days(30));
    body["catalogue_item_id"] = json!(item);
    body["goal_id"] = json!(goal);
    let intervention_id = created(
        app.post(wim, &path("interventions"), body).await,
        "intervention with numeric ids",
    )
    .await;
    expect(
        app.post(
            aad,
            &format!("/api/provider/clients/{client}/progress-reports"),
            json!({"intervention_id": intervention_id, "summary": "Gestart"}),
        )
        .await,
        201,
        "report with a numeric id",
    )
    .await;
    expect(
        app.post(
            wim,
            &path("oversight"),
            json!({"provider_id": provider, "summary": "Regiegesprek"}),
        )
        .await,
        201,
        "oversight with a numeric id",
    )
    .await;
    created(
        app.post(
            wim,
            &path("care-referrals"),
            json!({"care_organisation_id": care, "note": "Somberheid"}),
        )
        .await,
        "referral with a numeric id",
    )
    .await;

    let c = card(&app, wim, client).await;
    assert_eq!(c["diagnosis"]["ladder_progress"]["latest"], 4);
    assert_eq!(c["diagnosis"]["zrm"][0]["scores"][1]["score"], 5);
    let i = intervention(&c, intervention_id);
    assert_eq!(i["goal_id"], goal);
    assert_eq!(i["progress_reports"][0]["summary"], "Gestart");
    assert_eq!(c["trajectory"]["oversight"][0]["provider"]["id"], provider);
    assert_eq!(c["care_referrals"][0]["organisation"]["id"], care);
    // Anything else is still a request that cannot be read.
    let err = expect(
        app.post(wim, &path("ladder"), json!({"rung": [4]})).await,
        400,
        "rung as a list",
    )
    .await;
    assert_eq!(err["code"], "bad_request");
    app.assert_healthy().await;
}

/// The pages read the same inputs from forms, where every value is text.
#[tokio::test]
async fn form_inputs_still_read_as_text() {
    use axum::extract::{FromRequest, Request};
    async fn form<T: serde::de::DeserializeOwned>(body: &str) -> T {
        let request = Request::builder()
            .method("POST")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(axum::body::Body::from(body.to_string()))
            .unwrap();
        match axum::extract::Form::<T>::from_request(request, &()).await {
            Ok(axum::extract::Form(v)) => v,
            Err(e) => panic!("{body}: {e}"),
        }
    }
    let ladder: zicht_acts::process::LadderInput =
        form("measured_on=01-12-2026&rung=4&remarks=").await;
    assert_eq!(ladder.rung, "4");
    let empty: zicht_acts::process::LadderInput = form("measured_on=").await;
    assert_eq!(empty.rung, "", "an absent field is empty");
    let i: zicht_acts::process::InterventionInput =
        form("catalogue_item_id=3&goal_id=&why_this=a&why_client=b&expected=c").await;
    assert_eq!(
        (i.catalogue_item_id.as_str(), i.goal_id.as_str()),
        ("3", "")
    );
    let c: zicht_acts::process::CareReferralInput =
        form("care_organisation_id=12&referred_on=&note=x").await;
    assert_eq!(c.care_organisation_id, "12");
}
