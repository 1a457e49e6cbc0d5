//! Professional development: who sees an employee's POP (the employee, the
//! team lead of their team; not another team's lead, not management, which
//! sees totals only), what is logged, and the totals per team.

use serde_json::{json, Value};
use time::OffsetDateTime;
use zicht_domain::{access::Role, EmployeeId};

use crate::common::{
    json::{created, days_ago, dmy, expect, field_codes, pairs, today},
    TestApp,
};

async fn operations_on(app: &TestApp, employee: EmployeeId, actor: EmployeeId) -> Vec<String> {
    let start = OffsetDateTime::now_utc() - time::Duration::hours(1);
    app.store
        .processing_log_for(
            app.org,
            &zicht_acts::development::subject(employee),
            start,
            OffsetDateTime::now_utc(),
        )
        .await
        .unwrap()
        .into_iter()
        .filter(|l| l.actor.id == actor)
        .map(|l| l.operation)
        .collect()
}

#[tokio::test]
async fn a_pop_is_seen_by_its_employee_and_their_team_lead_only() {
    let app = TestApp::spawn().await;
    let [ine, ivo] = app.intake_staff;
    let [wim, wendy] = app.werk_staff;
    let [piet, pam] = app.participatie_staff;
    app.store.set_role(ivo, Role::Teamleider).await.unwrap();
    app.store.set_role(wendy, Role::Teamleider).await.unwrap();
    app.store.set_role(piet, Role::Management).await.unwrap();
    app.store
        .set_role(pam, Role::FunctioneelBeheer)
        .await
        .unwrap();

    // The employee writes their own POP and training.
    let base = format!("/api/development/{}", ine.0);
    let goal = created(
        app.post(
            ine,
            &format!("{base}/goals"),
            json!({"description": "Beter motiverende gesprekken voeren"}),
        )
        .await,
        "goal",
    )
    .await;
    expect(
        app.post(
            ine,
            &format!("{base}/goals/{goal}/actions"),
            json!({"description": "Training MGV volgen", "due_on": dmy(today() + time::Duration::days(30))}),
        )
        .await,
        204,
        "action",
    )
    .await;
    expect(
        app.post(
            ine,
            &format!("{base}/trainings"),
            json!({"course": "Motiverende gespreksvoering", "completed_on": dmy(days_ago(10)), "hours": 16, "certificate": true}),
        )
        .await,
        204,
        "training",
    )
    .await;
    // Only the team lead records a review; not the employee themself.
    let review = json!({"reviewed_on": dmy(days_ago(2)), "notes": "Goede voortgang; volgend jaar coaching."});
    assert_eq!(
        app.post(ine, &format!("{base}/reviews"), review.clone())
            .await
            .status(),
        403
    );
    expect(
        app.post(ivo, &format!("{base}/reviews"), review).await,
        204,
        "review",
    )
    .await;
    // An intervision session she took part in shows on the same page.
    created(
        app.post(ine, "/api/intervision", json!({"held_on": dmy(today()), "method": "peer_consultation", "participants": [ine.0]}))
            .await,
        "session",
    )
    .await;

    // The employee and the team lead read it.
    for who in [ine, ivo] {
        let d = app.get_json(who, &base).await;
        assert_eq!(d["employee"]["id"], ine.0);
        assert_eq!(
            d["goals"][0]["actions"][0]["description"],
            "Training MGV volgen"
        );
        assert_eq!(d["reviews"][0]["recorded_by"]["id"], ivo.0);
        assert_eq!(d["trainings"][0]["hours"], 16);
        assert_eq!(d["trainings"][0]["certificate"], true);
        assert_eq!(d["intervision"].as_array().unwrap().len(), 1);
        assert_eq!(d["may_review"], who == ivo);
        let html = app
            .get(who, &format!("/ontwikkeling/{}", ine.0))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            html.contains("Beter motiverende gesprekken voeren"),
            "{html}"
        );
    }
    // A colleague, another team's lead, management and beheer: refused.
    for who in [ine, wim, wendy, piet, pam] {
        let path = format!("/api/development/{}", ivo.0);
        let status = app.get(who, &path).await.status();
        if who == ine {
            assert_eq!(status, 403, "a colleague reads the team lead's POP");
            continue;
        }
        assert_eq!(status, 403, "{who:?} {path}");
    }
    for who in [wim, wendy, piet, pam] {
        assert_eq!(app.get(who, &base).await.status(), 403, "{who:?}");
        assert_eq!(
            app.get(who, &format!("/ontwikkeling/{}", ine.0))
                .await
                .status(),
            403
        );
        assert_eq!(
            app.post(who, &format!("{base}/goals"), json!({"description": "x"}))
                .await
                .status(),
            403
        );
    }
    // Reads by the team lead are logged, the employee's own are not.
    let ops = operations_on(&app, ine, ivo).await;
    assert!(ops.contains(&"pop_lezen".to_string()), "{ops:?}");
    assert!(
        ops.contains(&"pop_gesprek_vastleggen".to_string()),
        "{ops:?}"
    );
    assert!(operations_on(&app, ine, ine).await.is_empty());

    // Input is checked.
    let err = expect(
        app.post(
            ine,
            &format!("{base}/trainings"),
            json!({"course": "", "completed_on": "gisteren", "hours": 0}),
        )
        .await,
        422,
        "bad training",
    )
    .await;
    assert_eq!(
        field_codes(&err),
        pairs(&[
            ("course", "training_course_required"),
            ("completed_on", "date_invalid"),
            ("hours", "training_hours_range"),
        ])
    );
    // Another employee's goal is not found through this employee.
    let wims_goal = created(
        app.post(
            wim,
            &format!("/api/development/{}/goals", wim.0),
            json!({"description": "Netwerk uitbreiden"}),
        )
        .await,
        "wim's goal",
    )
    .await;
    let r = app
        .post(
            ine,
            &format!("{base}/goals/{wims_goal}/actions"),
            json!({"description": "x", "due_on": dmy(today())}),
        )
        .await;
    assert_eq!(r.status(), 404);
    app.assert_healthy().await;
}

#[tokio::test]
async fn management_sees_totals_per_team_only() {
    let app = TestApp::spawn().await;
    let [ine, ivo] = app.intake_staff;
    let [wim, wendy] = app.werk_staff;
    app.store.set_role(ivo, Role::Teamleider).await.unwrap();
    app.store.set_role(wendy, Role::Management).await.unwrap();
    for (who, hours) in [(ine, 16), (ivo, 8)] {
        expect(
            app.post(
                who,
                &format!("/api/development/{}/trainings", who.0),
                json!({"course": "AVG in de praktijk", "completed_on": dmy(days_ago(5)), "hours": hours.to_string(), "certificate": false}),
            )
            .await,
            204,
            "training",
        )
        .await;
    }
    expect(
        app.post(
            ivo,
            &format!("/api/development/{}/reviews", ine.0),
            json!({"reviewed_on": dmy(today()), "notes": "Besproken"}),
        )
        .await,
        204,
        "review",
    )
    .await;

    let totals = app.get_json(wendy, "/api/development/aggregates").await;
    let intake: &Value = totals
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["team"]["id"] == app.intake.0)
        .unwrap();
    assert_eq!(intake["employees"], 2);
    assert_eq!(intake["pops_reviewed"], 1);
    assert_eq!(intake["training_hours"], 24);
    assert_eq!(intake["training_hours_per_employee"], 12.0);
    assert_eq!(intake["fte"], 2.0);
    assert_eq!(totals.as_array().unwrap().len(), 3);
    assert!(!totals.to_string().contains("Ine Intake"));
    // The team lead: their own team only; a caseworker: none.
    let lead = app.get_json(ivo, "/api/development/aggregates").await;
    assert_eq!(lead.as_array().unwrap().len(), 1);
    assert_eq!(
        app.get(wim, "/api/development/aggregates").await.status(),
        403
    );
    // Management's page shows the totals and its own POP, nobody else's.
    let html = app.get(wendy, "/ontwikkeling").await.text().await.unwrap();
    assert!(html.contains("Totalen per team"), "{html}");
    assert!(!html.contains(&format!("/ontwikkeling/{}\"", ine.0)));
    app.assert_healthy().await;
}
