//! The library of methods and protocols: concept → comments → definitive by
//! a team lead only; a definitive version refused for edit and unchanged;
//! superseded by a new version; an intervention recording the protocol
//! version it followed; markdown with a script rendered inert.

use serde_json::{json, Value};
use time::{Duration, OffsetDateTime};
use zicht_domain::{access::Role, EmployeeId};

use crate::common::{TestApp, VALID_BSNS};

fn today() -> time::Date {
    zicht_domain::calendar::dutch_date(OffsetDateTime::now_utc())
}

fn dmy(d: time::Date) -> String {
    zicht_domain::text::dmy(d)
}

async fn created(r: reqwest::Response, what: &str) -> i64 {
    let status = r.status();
    let body = r.text().await.unwrap_or_default();
    assert_eq!(status, 201, "{what}: {body}");
    serde_json::from_str::<Value>(&body).unwrap()["id"]
        .as_i64()
        .unwrap()
}

/// A catalogue item made by the team lead.
async fn item(app: &TestApp, lead: EmployeeId, name: &str) -> i64 {
    created(
        app.post(
            lead,
            "/api/catalogue-items",
            json!({"name": name, "kind": "in_house", "description": "Eigen module"}),
        )
        .await,
        "catalogue item",
    )
    .await
}

/// A protocol owned by `owner`, linked to `item`; returns (module, version 1).
async fn protocol(app: &TestApp, by: EmployeeId, owner: EmployeeId, item: i64) -> (i64, i64) {
    let module = created(
        app.post(
            by,
            "/api/methods",
            json!({"kind": "protocol", "title": "Werkfit-traject protocol", "owner_id": owner.0,
                   "catalogue_item_ids": [item], "instruments": ["vijf_vaardigheden"],
                   "effective_on": dmy(today() - Duration::days(10)),
                   "body": "# Stappen\n1. Intake\n2. Werkritme"}),
        )
        .await,
        "module",
    )
    .await;
    let m = app.get_json(by, &format!("/api/methods/{module}")).await;
    let v1 = m["versions"][0]["id"].as_i64().unwrap();
    (module, v1)
}

#[tokio::test]
async fn concept_comments_and_definitive_by_the_team_lead_only() {
    let app = TestApp::spawn().await;
    let [ine, ivo] = app.intake_staff;
    let [wim, _] = app.werk_staff;
    app.store.set_role(ivo, Role::Teamleider).await.unwrap();
    let werkfit = item(&app, ivo, "Werkfit-training").await;
    let (module, v1) = protocol(&app, ine, ine, werkfit).await;

    let m = app.get_json(wim, &format!("/api/methods/{module}")).await;
    assert_eq!(m["owner"]["id"], ine.0);
    assert_eq!(m["catalogue_items"][0]["name"], "Werkfit-training");
    assert_eq!(m["instruments"], json!(["vijf_vaardigheden"]));
    assert_eq!(m["versions"][0]["status"], "concept");
    assert_eq!(m["versions"][0]["standing"], "concept");
    assert_eq!(m["versions"][0]["number"], 1);

    // A team member from another team comments on the concept.
    let comment = app
        .post(
            wim,
            &format!("/api/method-versions/{v1}/comments"),
            json!({"body": "Graag ook het driegesprek na vier weken."}),
        )
        .await;
    created(comment, "comment").await;
    let empty = app
        .post(
            wim,
            &format!("/api/method-versions/{v1}/comments"),
            json!({"body": "  "}),
        )
        .await;
    assert_eq!(empty.status(), 422);

    // The owner, a caseworker, may not make it definitive; nothing changes.
    let refused = app
        .post(
            ine,
            &format!("/api/method-versions/{v1}/definitive"),
            json!({}),
        )
        .await;
    assert_eq!(refused.status(), 403);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["code"], "method_definitive_team_lead_only");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("Alleen een teamleider"),
        "{body}"
    );
    let m = app.get_json(ine, &format!("/api/methods/{module}")).await;
    assert_eq!(m["versions"][0]["status"], "concept");

    // The page says so too: a caseworker gets no button, and a post is refused.
    let page = app
        .get(ine, &format!("/methodieken/{module}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("id=\"team-lead-only\""));
    assert!(!page.contains("id=\"make-definitive\""));
    let (_, csrf) = app.session(ine).await;
    let r = app
        .post_form(
            ine,
            &format!("/methodieken/versies/{v1}/definitief"),
            &[("csrf", csrf.as_str())],
        )
        .await;
    assert_eq!(r.status(), 403);
    assert!(r.text().await.unwrap().contains("Alleen een teamleider"));

    // The team lead makes it definitive, on the page.
    let page = app
        .get(ivo, &format!("/methodieken/{module}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("id=\"make-definitive\""));
    assert!(page.contains("Graag ook het driegesprek"));
    let (_, csrf) = app.session(ivo).await;
    let r = app
        .post_form(
            ivo,
            &format!("/methodieken/versies/{v1}/definitief"),
            &[("csrf", csrf.as_str())],
        )
        .await;
    assert!(
        r.status().is_success() || r.status().is_redirection(),
        "{}",
        r.status()
    );
    let m = app.get_json(ine, &format!("/api/methods/{module}")).await;
    let v = &m["versions"][0];
    assert_eq!(v["status"], "definitive");
    assert_eq!(v["standing"], "in_force");
    assert_eq!(v["decided_by"]["id"], ivo.0);
    assert_eq!(v["comments"].as_array().unwrap().len(), 1);
    let kinds: Vec<&str> = m["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        vec!["module_created", "commented", "made_definitive"]
    );

    // A definitive version takes no more comments.
    let late = app
        .post(
            wim,
            &format!("/api/method-versions/{v1}/comments"),
            json!({"body": "Te laat"}),
        )
        .await;
    assert_eq!(late.status(), 409);

    // The list shows it, and Intervisie links to it.
    let list = app.get_json(wim, "/api/methods").await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    let page = app.get(wim, "/intervisie").await.text().await.unwrap();
    assert!(page.contains("href=\"/methodieken\""));
    app.assert_healthy().await;
}

#[tokio::test]
async fn a_definitive_version_is_never_edited_only_superseded() {
    let app = TestApp::spawn().await;
    let [ine, ivo] = app.intake_staff;
    let [wim, _] = app.werk_staff;
    app.store.set_role(ivo, Role::Teamleider).await.unwrap();
    let werkfit = item(&app, ivo, "Werkfit-training").await;
    let (module, v1) = protocol(&app, ine, ine, werkfit).await;

    // Another caseworker than the owner may not change the concept.
    let r = app
        .request(
            wim,
            reqwest::Method::PUT,
            &format!("/api/method-versions/{v1}"),
        )
        .await
        .json(&json!({"effective_on": dmy(today()), "body": "Anders"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    // The owner may, while it is a concept.
    let r = app
        .request(ine, reqwest::Method::PUT, &format!("/api/method-versions/{v1}"))
        .await
        .json(&json!({"effective_on": dmy(today() - Duration::days(10)), "body": "# Stappen\n1. Intake\n2. Werkritme\n3. Evaluatie"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204, "{}", r.text().await.unwrap_or_default());
    let r = app
        .post(
            ivo,
            &format!("/api/method-versions/{v1}/definitive"),
            json!({}),
        )
        .await;
    assert_eq!(r.status(), 204);
    let before = app.get_json(ine, &format!("/api/methods/{module}")).await;

    // Definitive: the edit is refused with a clear message, for the owner
    // and the team lead alike, by the API and the page; nothing changes.
    for who in [ine, ivo] {
        let r = app
            .request(
                who,
                reqwest::Method::PUT,
                &format!("/api/method-versions/{v1}"),
            )
            .await
            .json(&json!({"effective_on": dmy(today()), "body": "Stiekem anders"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 409);
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["code"], "method_version_definitive");
        assert!(body["message"].as_str().unwrap().contains("definitief"));
    }
    let (_, csrf) = app.session(ine).await;
    let r = app
        .post_form(
            ine,
            &format!("/methodieken/versies/{v1}/wijzigen"),
            &[
                ("csrf", csrf.as_str()),
                ("effective_on", &dmy(today())),
                ("body", "Via de pagina"),
            ],
        )
        .await;
    assert_eq!(r.status(), 409);
    assert!(r.text().await.unwrap().contains("definitief"));
    let after = app.get_json(ine, &format!("/api/methods/{module}")).await;
    assert_eq!(before["versions"], after["versions"]);
    assert_eq!(before["history"], after["history"]);
    // The database refuses it too.
    let direct = sqlx_update(&app, v1).await;
    assert!(
        direct.is_err(),
        "a definitive version changed in the database"
    );

    // A new version, based on the definitive one, from next week.
    let next_week = today() + Duration::days(7);
    let v2 = created(
        app.post(
            ine,
            &format!("/api/methods/{module}/versions"),
            json!({"effective_on": dmy(next_week), "body": "# Stappen\n1. Intake\n2. Zes tot tien weken werkritme"}),
        )
        .await,
        "version 2",
    )
    .await;
    // One concept at a time.
    let r = app
        .post(
            ine,
            &format!("/api/methods/{module}/versions"),
            json!({"effective_on": dmy(next_week), "body": "Nog een"}),
        )
        .await;
    assert_eq!(r.status(), 409);
    let r = app
        .post(
            ivo,
            &format!("/api/method-versions/{v2}/definitive"),
            json!({}),
        )
        .await;
    assert_eq!(r.status(), 204);
    let m = app.get_json(ine, &format!("/api/methods/{module}")).await;
    let versions = m["versions"].as_array().unwrap();
    assert_eq!(versions[0]["id"], v2);
    assert_eq!(versions[0]["number"], 2);
    assert_eq!(versions[0]["based_on"], v1);
    assert_eq!(versions[0]["standing"], "upcoming");
    // Still in force until the new one takes effect, then superseded.
    assert_eq!(versions[1]["id"], v1);
    assert_eq!(versions[1]["standing"], "in_force");
    assert_eq!(versions[1]["superseded_from"], json!(next_week));
    assert_eq!(versions[1]["body"], before["versions"][0]["body"]);

    // A third version effective today supersedes both earlier ones now.
    let v3 = created(
        app.post(
            ivo,
            &format!("/api/methods/{module}/versions"),
            json!({"effective_on": dmy(today()), "body": "Te vroeg"}),
        )
        .await,
        "version 3",
    )
    .await;
    let r = app
        .post(
            ivo,
            &format!("/api/method-versions/{v3}/definitive"),
            json!({}),
        )
        .await;
    assert_eq!(
        r.status(),
        422,
        "not before the previous definitive version"
    );
    let r = app
        .request(
            ivo,
            reqwest::Method::PUT,
            &format!("/api/method-versions/{v3}"),
        )
        .await
        .json(&json!({"effective_on": dmy(next_week + Duration::days(1)), "body": "Later"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let r = app
        .post(
            ivo,
            &format!("/api/method-versions/{v3}/definitive"),
            json!({}),
        )
        .await;
    assert_eq!(r.status(), 204);
    let m = app.get_json(ine, &format!("/api/methods/{module}")).await;
    assert_eq!(
        m["versions"][1]["superseded_from"],
        json!(next_week + Duration::days(1))
    );

    let page = app
        .get(ine, &format!("/methodieken/{module}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Vervangen vanaf"), "the page says when");
    app.assert_healthy().await;
}

/// Tries to change a definitive version behind the application's back.
async fn sqlx_update(app: &TestApp, version: i64) -> Result<(), String> {
    let url = &app.database_url;
    let sql = "UPDATE method_versions SET body = 'hack' WHERE id = $1";
    if url.starts_with("postgres") {
        let pool = sqlx::PgPool::connect(url)
            .await
            .map_err(|e| e.to_string())?;
        sqlx::query(sql)
            .bind(version)
            .execute(&pool)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    } else {
        let pool = sqlx::SqlitePool::connect(url)
            .await
            .map_err(|e| e.to_string())?;
        sqlx::query(sql)
            .bind(version)
            .execute(&pool)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

/// The options of the trajectplan's protocol picker.
fn protocol_options(page: &str) -> String {
    let start = page
        .find("id=\"protocol_version_id\"")
        .expect("a protocol picker");
    let end = page[start..].find("</select>").unwrap() + start;
    page[start..end].to_string()
}

#[tokio::test]
async fn an_intervention_records_the_protocol_version_it_followed() {
    let app = TestApp::spawn().await;
    let [ine, ivo] = app.intake_staff;
    app.store.set_role(ivo, Role::Teamleider).await.unwrap();
    let werkfit = item(&app, ivo, "Werkfit-training").await;
    let (module, v1) = protocol(&app, ine, ine, werkfit).await;
    let client = app.register(ine, VALID_BSNS[0], "Anna Protocol").await;
    let plan = |protocol: Value| {
        json!({"catalogue_item_id": werkfit.to_string(), "goal_id": "",
               "why_this": "Werkritme", "why_client": "Komt vaak te laat",
               "expected": "Op tijd komen", "starts_on": dmy(today()),
               "planned_end_on": dmy(today() + Duration::days(60)),
               "protocol_version_id": protocol})
    };
    let path = format!("/api/clients/{client}/interventions");

    // A concept cannot be followed, nor a version that does not exist.
    let r = app.post(ine, &path, plan(json!(v1))).await;
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["errors"][0]["field"], "protocol_version_id", "{body}");
    let r = app.post(ine, &path, plan(json!(999_999))).await;
    assert_eq!(r.status(), 422);

    // The trajectplan offers only definitive versions.
    let page = app
        .get(ine, &format!("/klanten/{client}/trajectplan"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!protocol_options(&page).contains(&format!("<option value=\"{v1}\"")));
    let r = app
        .post(
            ivo,
            &format!("/api/method-versions/{v1}/definitive"),
            json!({}),
        )
        .await;
    assert_eq!(r.status(), 204);
    let page = app
        .get(ine, &format!("/klanten/{client}/trajectplan"))
        .await
        .text()
        .await
        .unwrap();
    assert!(protocol_options(&page).contains(&format!("<option value=\"{v1}\"")));

    // Planned on the page with the protocol, shown on the page and the API.
    let (_, csrf) = app.session(ine).await;
    let starts = dmy(today());
    let ends = dmy(today() + Duration::days(60));
    let v1s = v1.to_string();
    let item_s = werkfit.to_string();
    let r = app
        .post_form(
            ine,
            &format!("/klanten/{client}/trajectplan/interventie"),
            &[
                ("csrf", csrf.as_str()),
                ("catalogue_item_id", &item_s),
                ("goal_id", ""),
                ("protocol_version_id", &v1s),
                ("why_this", "Werkritme"),
                ("why_client", "Komt vaak te laat"),
                ("expected", "Op tijd komen"),
                ("starts_on", &starts),
                ("planned_end_on", &ends),
            ],
        )
        .await;
    assert!(
        r.status().is_success() || r.status().is_redirection(),
        "{}",
        r.status()
    );
    // And one without.
    let r = app.post(ine, &path, plan(json!(""))).await;
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap_or_default());

    let card = app.get_json(ine, &format!("/api/clients/{client}")).await;
    let interventions = card["trajectory"]["interventions"].as_array().unwrap();
    assert_eq!(interventions.len(), 2);
    let followed = &interventions[0]["protocol"];
    assert_eq!(followed["version_id"], v1);
    assert_eq!(followed["module_id"], module);
    assert_eq!(followed["title"], "Werkfit-traject protocol");
    assert_eq!(followed["number"], 1);
    assert!(interventions[1]["protocol"].is_null());
    let page = app
        .get(ine, &format!("/klanten/{client}/trajectplan"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains(&format!(
        "<a href=\"/methodieken/{module}\">Werkfit-traject protocol, versie 1</a>"
    )));
    app.assert_healthy().await;
}

#[tokio::test]
async fn markdown_with_a_script_is_rendered_inert() {
    let app = TestApp::spawn().await;
    let [ine, _] = app.intake_staff;
    let evil = "# Titel\n\n<script>alert('x')</script>\n\nTekst <img src=x onerror=alert(1)> en [klik](javascript:alert(1)).";
    let module = created(
        app.post(
            ine,
            "/api/methods",
            json!({"kind": "methodiek", "title": "Vijf vaardigheden gesprek",
                   "effective_on": dmy(today()), "body": evil}),
        )
        .await,
        "module",
    )
    .await;
    let m = app.get_json(ine, &format!("/api/methods/{module}")).await;
    let v = &m["versions"][0];
    assert_eq!(v["body"], evil, "the text is kept as typed");
    let html = v["body_html"].as_str().unwrap();
    assert!(html.contains("<h4>Titel</h4>"));
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(!html.contains("javascript:"), "{html}");
    assert!(html.contains("&lt;script&gt;"), "{html}");

    let page = app
        .get(ine, &format!("/methodieken/{module}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!page.contains("<script"), "no script on the page");
    assert!(
        !page.contains("<img"),
        "no image with a handler on the page"
    );
    assert!(!page.contains("href=\"javascript:"));
    assert!(page.contains("<h4>Titel</h4>"));
    app.assert_healthy().await;
}

#[tokio::test]
async fn the_new_module_form_shows_every_error() {
    let app = TestApp::spawn().await;
    let [ine, _] = app.intake_staff;
    let (_, csrf) = app.session(ine).await;
    let r = app
        .post_form(
            ine,
            "/methodieken/nieuw",
            &[
                ("csrf", csrf.as_str()),
                ("kind", ""),
                ("title", ""),
                ("effective_on", ""),
                ("body", ""),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    let page = r.text().await.unwrap();
    assert!(page.contains("id=\"fout\""), "an error summary");
    for field in ["kind", "title", "effective_on", "body"] {
        assert!(page.contains(&format!("href=\"#{field}\"")), "{field}");
    }
    let list = app.get_json(ine, "/api/methods").await;
    assert!(list.as_array().unwrap().is_empty());
}
