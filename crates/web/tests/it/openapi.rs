//! Keeps `openapi.yaml` honest: it must be valid OpenAPI 3.0.3 YAML, document
//! exactly the routes that the API router serves (asked of the router), and every `$ref` in it
//! must point at something that exists.

#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};

use serde_yaml_ng::Value;

const HTTP_METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn manifest_file(rel: &str) -> String {
    let path = format!("{}/{rel}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {path}: {e}"))
}

fn document() -> Value {
    let text = manifest_file("openapi.yaml");
    serde_yaml_ng::from_str(&text).unwrap_or_else(|e| panic!("openapi.yaml is not valid YAML: {e}"))
}

fn operations(doc: &Value) -> BTreeMap<(String, String), &Value> {
    let paths = doc
        .get("paths")
        .and_then(Value::as_mapping)
        .expect("`paths` is a mapping");
    let mut ops = BTreeMap::new();
    for (path, item) in paths {
        let path = path.as_str().expect("path keys are strings");
        assert!(path.starts_with('/'), "path {path} must start with /");
        let item = item
            .as_mapping()
            .unwrap_or_else(|| panic!("path item {path} is not a mapping"));
        for (key, op) in item {
            let key = key.as_str().expect("path item keys are strings");
            if HTTP_METHODS.contains(&key) {
                ops.insert((key.to_string(), path.to_string()), op);
            } else {
                assert!(
                    ["parameters", "summary", "description", "servers"].contains(&key)
                        || key.starts_with("x-"),
                    "unexpected key {key} in path item {path}"
                );
            }
        }
    }
    ops
}

#[test]
fn is_openapi_3_0_3() {
    let doc = document();
    assert_eq!(doc.get("openapi").and_then(Value::as_str), Some("3.0.3"));
    assert!(doc
        .get("info")
        .and_then(|i| i.get("title"))
        .and_then(Value::as_str)
        .is_some());
    assert!(doc
        .get("info")
        .and_then(|i| i.get("version"))
        .and_then(Value::as_str)
        .is_some());
    let server = doc
        .get("servers")
        .and_then(|s| s.get(0))
        .and_then(|s| s.get("url"))
        .and_then(Value::as_str);
    assert_eq!(server, Some("/api"));
}

#[tokio::test]
async fn documents_exactly_the_routes_of_the_api_router() {
    let doc = document();
    let documented: BTreeSet<_> = operations(&doc).into_keys().collect();
    // What the router serves under /api, asked of the router itself.
    let app = crate::common::TestApp::spawn().await;
    let served: BTreeSet<(String, String)> = app
        .routes()
        .await
        .into_iter()
        .filter_map(|(m, p)| Some((m.to_lowercase(), p.strip_prefix("/api")?.to_string())))
        .collect();
    let undocumented: Vec<_> = served.difference(&documented).collect();
    let not_served: Vec<_> = documented.difference(&served).collect();
    assert!(
        undocumented.is_empty() && not_served.is_empty(),
        "openapi.yaml is out of step with api.rs router():\n  served but not documented: {undocumented:?}\n  documented but not served: {not_served:?}"
    );
}

/// Resolves a local JSON pointer (`#/a/b`) in the document.
fn resolve<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    let pointer = reference.strip_prefix("#/")?;
    pointer.split('/').try_fold(doc, |node, token| {
        let token = token.replace("~1", "/").replace("~0", "~");
        match node {
            Value::Sequence(items) => items.get(token.parse::<usize>().ok()?),
            _ => node.get(token.as_str()),
        }
    })
}

fn collect_refs<'a>(node: &'a Value, out: &mut Vec<&'a str>) {
    match node {
        Value::Mapping(map) => {
            for (key, value) in map {
                if key.as_str() == Some("$ref") {
                    out.push(value.as_str().expect("$ref values are strings"));
                } else {
                    collect_refs(value, out);
                }
            }
        }
        Value::Sequence(items) => items.iter().for_each(|v| collect_refs(v, out)),
        Value::Tagged(tagged) => collect_refs(&tagged.value, out),
        _ => {}
    }
}

#[test]
fn every_ref_resolves_to_a_component() {
    let doc = document();
    let mut refs = Vec::new();
    collect_refs(&doc, &mut refs);
    assert!(!refs.is_empty());
    let broken: BTreeSet<_> = refs
        .into_iter()
        .filter(|r| !r.starts_with("#/components/") || resolve(&doc, r).is_none())
        .collect();
    assert!(broken.is_empty(), "unresolved $ref: {broken:?}");
}

#[test]
fn session_is_required_everywhere_but_the_document_and_sign_in() {
    let doc = document();
    let scheme = doc
        .get("components")
        .and_then(|c| c.get("securitySchemes"))
        .and_then(|s| s.get("session"))
        .expect("components.securitySchemes.session");
    assert_eq!(scheme.get("type").and_then(Value::as_str), Some("apiKey"));
    assert_eq!(scheme.get("in").and_then(Value::as_str), Some("cookie"));
    assert_eq!(
        scheme.get("name").and_then(Value::as_str),
        Some("zicht_session")
    );
    let global = doc
        .get("security")
        .and_then(Value::as_sequence)
        .expect("global security");
    assert!(
        global.iter().any(|req| req.get("session").is_some()),
        "global security must name `session`"
    );

    for ((method, path), op) in operations(&doc) {
        let security = op.get("security").and_then(Value::as_sequence);
        let responses = op
            .get("responses")
            .and_then(Value::as_mapping)
            .unwrap_or_else(|| panic!("{method} {path} has no responses"));
        if path == "/openapi.yaml" || (path == "/session" && method == "post") {
            assert_eq!(
                security.map(Vec::len),
                Some(0),
                "{method} {path} must be open (`security: []`)"
            );
        } else {
            assert!(
                security.is_none(),
                "{method} {path} must not override the global security"
            );
            assert!(
                responses.contains_key("401"),
                "{method} {path} lacks its 401 response"
            );
        }
    }
}

#[test]
fn operations_are_well_formed() {
    let doc = document();
    let paths = doc.get("paths").expect("paths");
    let mut ids = BTreeSet::new();
    for ((method, path), op) in operations(&doc) {
        let id = op
            .get("operationId")
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("{method} {path} lacks operationId"));
        assert!(ids.insert(id.to_string()), "operationId {id} used twice");

        // Every `{param}` in the path is declared as a path parameter.
        let declared: BTreeSet<String> = [
            paths.get(path.as_str()).and_then(|p| p.get("parameters")),
            op.get("parameters"),
        ]
        .into_iter()
        .flatten()
        .filter_map(Value::as_sequence)
        .flatten()
        .map(|p| match p.get("$ref").and_then(Value::as_str) {
            Some(r) => resolve(&doc, r).unwrap_or_else(|| panic!("unresolved {r}")),
            None => p,
        })
        .filter(|p| p.get("in").and_then(Value::as_str) == Some("path"))
        .filter_map(|p| p.get("name").and_then(Value::as_str).map(str::to_string))
        .collect();
        let in_template: BTreeSet<String> = path
            .split('/')
            .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .map(str::to_string)
            .collect();
        assert_eq!(declared, in_template, "path parameters of {method} {path}");

        let responses = op
            .get("responses")
            .and_then(Value::as_mapping)
            .expect("responses");
        assert!(
            responses
                .keys()
                .any(|k| k.as_str().is_some_and(|k| k.starts_with('2'))),
            "{method} {path} documents no success response"
        );
        for key in responses.keys() {
            assert!(
                key.as_str().is_some(),
                "{method} {path}: quote response codes, got {key:?}"
            );
        }
    }
}
