//! Small helpers for tests that read the JSON API: dates as users type
//! them, statuses with their bodies, error codes and the timeline.

#![allow(clippy::unwrap_used)]

use reqwest::{Method, Response};
use serde_json::Value;
use time::{Date, Duration, OffsetDateTime};
use zicht_domain::EmployeeId;

use super::TestApp;

pub fn today() -> Date {
    zicht_domain::calendar::dutch_date(OffsetDateTime::now_utc())
}

pub fn days_ago(n: i64) -> Date {
    today() - Duration::days(n)
}

/// `dd-mm-yyyy`, the way a Dutch user types a date.
pub fn dmy(d: Date) -> String {
    zicht_domain::text::dmy(d)
}

/// Asserts the status and returns the JSON body (`Null` when empty).
pub async fn expect(r: Response, status: u16, what: &str) -> Value {
    let got = r.status().as_u16();
    let text = r.text().await.unwrap();
    assert_eq!(got, status, "{what}: {text}");
    if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{what}: {e}: {text}"))
    }
}

pub async fn created(r: Response, what: &str) -> i64 {
    expect(r, 201, what).await["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("{what}: no id"))
}

/// `(field, code)` of every field error.
pub fn field_codes(err: &Value) -> Vec<(String, String)> {
    err["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap_or("").to_string(),
                e["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

pub fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(f, c)| (f.to_string(), c.to_string()))
        .collect()
}

pub fn kinds(card: &Value) -> Vec<String> {
    card["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_string())
        .collect()
}

pub fn count(card: &Value, kind: &str) -> usize {
    kinds(card).iter().filter(|k| *k == kind).count()
}

pub async fn card(app: &TestApp, who: EmployeeId, client: i64) -> Value {
    app.get_json(who, &format!("/api/clients/{client}")).await
}

pub async fn put(app: &TestApp, who: EmployeeId, path: &str, body: Value) -> Response {
    app.request(who, Method::PUT, path)
        .await
        .json(&body)
        .send()
        .await
        .unwrap()
}
