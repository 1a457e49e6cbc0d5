//! Pages fit the role: a refusal in the user's language, said once, framed
//! with the menu of the user's own role and a way back to its start page;
//! no page links a role to a page that refuses it; a provider's user sees
//! its own organisation named in the header.

#![allow(clippy::unwrap_used)]

use crate::common::{TestApp, VALID_BSNS};
use zicht_domain::{access::Role, handover::Actor, EmployeeId};
use zicht_storage::Ctx;

const PROVIDER: &str = "Voorwaarts Re-integratie";

/// The test organisation with one employee of every role that has pages:
/// `(caseworker, team lead, management, beheer, provider's user)`.
async fn roles(app: &TestApp) -> [EmployeeId; 5] {
    let [ine, ivo] = app.intake_staff;
    let [_, wendy] = app.werk_staff;
    let [piet, pam] = app.participatie_staff;
    let store = &app.store;
    store.set_role(ivo, Role::Teamleider).await.unwrap();
    store.set_role(wendy, Role::Management).await.unwrap();
    store.set_role(piet, Role::FunctioneelBeheer).await.unwrap();
    store.set_role(pam, Role::Aanbieder).await.unwrap();
    let ctx = Ctx {
        organisation_id: app.org,
        actor: Actor {
            employee_id: ivo,
            team_id: app.intake,
        },
        at: time::OffsetDateTime::now_utc(),
    };
    let provider = store.create_provider(&ctx, PROVIDER).await.unwrap();
    store
        .set_employee_provider(app.org, pam, Some(provider))
        .await
        .unwrap();
    [ine, ivo, wendy, piet, pam]
}

/// A page as `who` sees it, in English when `english`: status and HTML.
async fn page(app: &TestApp, who: EmployeeId, path: &str, english: bool) -> (u16, String) {
    let (cookie, _) = app.session(who).await;
    let cookie = if english {
        format!("{cookie}; lang=en")
    } else {
        cookie
    };
    let r = app
        .http
        .get(format!("{}{path}", app.base))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// The paths the page's main menu links to, in order.
fn menu(html: &str) -> Vec<String> {
    let nav = html
        .split("<nav")
        .nth(1)
        .and_then(|n| n.split("</nav>").next())
        .expect("a main menu");
    links(nav)
        .into_iter()
        .filter(|l| !l.starts_with("/taal/"))
        .collect()
}

/// Every local link (`href="/…"`) of a piece of HTML, unescaped.
fn links(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|l| l.starts_with('/'))
        .map(|l| l.replace("&amp;", "&"))
        .collect()
}

/// The text of the signed-in line in the header.
fn header_line(html: &str) -> String {
    let form = html
        .split("class=\"who\"")
        .nth(1)
        .and_then(|f| f.split("</form>").next())
        .expect("the signed-in line");
    form.split('>').skip(2).collect::<Vec<_>>().join(">")
}

const CASEWORK_ONLY: [&str; 6] = [
    "/team/inbox",
    "/team/overleg",
    "/methodieken",
    "/werkgevers",
    "/afstemming",
    "/beheer/catalogus",
];

#[tokio::test]
async fn a_refusal_is_said_once_in_the_users_language_with_the_menu_of_their_role() {
    let app = TestApp::spawn().await;
    let [ine, ivo, management, beheer, provider] = roles(&app).await;
    let client = app.register(ine, VALID_BSNS[0], "Anna de Vries").await;

    // Management opens the reconciliation, which is casework: in Dutch.
    let (status, html) = page(&app, management, "/afstemming", false).await;
    assert_eq!(status, 403);
    assert!(html.contains("<html lang=\"nl\">"));
    assert!(html.contains("<h1>Geen toegang</h1>"), "{html}");
    assert!(html.contains("<title>Geen toegang — Zicht</title>"));
    assert_eq!(
        html.matches("U hebt geen toegang tot deze gegevens.")
            .count(),
        1,
        "the message once: {html}"
    );
    assert!(!html.contains("Forbidden"));
    assert_eq!(
        menu(&html),
        ["/effectenkaart", "/ontwikkeling"],
        "the menu of management"
    );
    assert!(!html.contains("Mijn caseload") && !html.contains("Inbox team"));
    assert!(html.contains("<a href=\"/effectenkaart\">Naar mijn startpagina</a>"));
    assert!(!html.contains("Terug naar mijn caseload"));

    // The same refusal for someone who chose English.
    let (status, html) = page(&app, management, "/afstemming", true).await;
    assert_eq!(status, 403);
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("<h1>No access</h1>"), "{html}");
    assert_eq!(
        html.matches("You have no access to this information.")
            .count(),
        1,
        "{html}"
    );
    assert!(!html.contains("Geen toegang") && !html.contains("U hebt"));
    assert_eq!(menu(&html), ["/effectenkaart", "/ontwikkeling"]);
    assert!(html.contains("<a href=\"/effectenkaart\">To my start page</a>"));

    // Management following a figure down to clients: aggregates only, said once.
    let (status, html) = page(
        &app,
        management,
        "/effectenkaart/klanten?indicator=ready_for_mediation",
        false,
    )
    .await;
    assert_eq!(status, 403);
    assert_eq!(
        html.matches("Uw rol ziet alleen totalen, geen klantgegevens.")
            .count(),
        1,
        "{html}"
    );
    assert_eq!(menu(&html), ["/effectenkaart", "/ontwikkeling"]);

    // A provider's user on a klantkaart: its own menu, its own start page,
    // its own organisation in the header, nothing of the client.
    let (status, html) = page(&app, provider, &format!("/klanten/{client}"), false).await;
    assert_eq!(status, 403);
    assert_eq!(
        html.matches("U hebt geen toegang tot deze gegevens.")
            .count(),
        1
    );
    assert_eq!(menu(&html), ["/aanbieder"], "the menu of a provider");
    for path in CASEWORK_ONLY {
        assert!(!html.contains(&format!("href=\"{path}\"")), "{path}");
    }
    assert!(html.contains("<a href=\"/aanbieder\">Naar mijn startpagina</a>"));
    assert!(header_line(&html).contains(&format!("({PROVIDER})")));
    assert!(!html.contains("Anna de Vries"));

    // Functional administration in a team's inbox.
    let (status, html) = page(&app, beheer, "/team/inbox", false).await;
    assert_eq!(status, 403);
    assert_eq!(
        menu(&html),
        ["/ontwikkeling", "/beheer/catalogus", "/beheer/brieven"]
    );
    assert!(html.contains("<a href=\"/beheer/catalogus\">Naar mijn startpagina</a>"));
    assert!(header_line(&html).contains("(Testgemeente)"));

    // A caseworker at the catalogue, which team leads keep: the casework
    // menu without the catalogue, and back to the caseload.
    let (status, html) = page(&app, ine, "/beheer/catalogus", false).await;
    assert_eq!(status, 403);
    assert_eq!(
        menu(&html),
        [
            "/vandaag",
            "/",
            "/zoeken",
            "/team/inbox",
            "/team/overleg",
            "/intervisie",
            "/werkgevers",
            "/afstemming",
            "/effectenkaart"
        ]
    );
    assert!(html.contains("<a href=\"/vandaag\">Naar mijn startpagina</a>"));
    assert!(header_line(&html).contains("(Intake)"));
    // The team lead keeps the catalogue and the letter templates.
    let (status, html) = page(&app, ivo, "/", false).await;
    assert_eq!(status, 200);
    let lead = menu(&html);
    assert!(lead.contains(&"/beheer/catalogus".to_string()), "{lead:?}");
    assert!(lead.contains(&"/beheer/brieven".to_string()), "{lead:?}");

    // A page that does not exist is not a refusal, and is in the user's language too.
    let (status, html) = page(&app, management, "/nergens", true).await;
    assert_eq!(status, 404);
    assert!(html.contains("<h1>Not found</h1>"), "{html}");
    assert_eq!(menu(&html), ["/effectenkaart", "/ontwikkeling"]);
    app.assert_healthy().await;
}

#[tokio::test]
async fn the_provider_header_names_the_provider_not_a_municipal_team() {
    let app = TestApp::spawn().await;
    let [.., provider] = roles(&app).await;
    let (status, html) = page(&app, provider, "/aanbieder", false).await;
    assert_eq!(status, 200);
    let line = header_line(&html);
    assert!(
        line.contains(&format!("Pam Participatie ({PROVIDER})")),
        "{line}"
    );
    assert!(!line.contains("Participatie)"), "no municipal team: {line}");
    assert_eq!(menu(&html), ["/aanbieder"]);
}

#[tokio::test]
async fn no_page_links_a_role_to_a_page_that_refuses_it() {
    let app = TestApp::spawn().await;
    let [ine, _, management, beheer, provider] = roles(&app).await;
    // A reconciliation with a ghost, so the effectenkaart counts ghosts.
    app.register(ine, VALID_BSNS[0], "Anna de Vries").await;
    let roster = format!(
        "bsn;naam;ingangsdatum\n{};Anna de Vries;01-01-2024\n{};Geest Zonder Dossier;01-01-2024\n",
        VALID_BSNS[0], VALID_BSNS[1]
    );
    let run = app.post_raw(ine, "/api/roster", roster.into_bytes()).await;
    assert_eq!(run.status(), 200, "{}", run.text().await.unwrap());

    // Management sees the number of ghosts, not a link to them.
    let (status, html) = page(&app, management, "/effectenkaart", false).await;
    assert_eq!(status, 200);
    let row = html
        .split("id=\"cijfer-ghosts\"")
        .nth(1)
        .and_then(|r| r.split("</tr>").next())
        .expect("the ghosts row");
    assert!(row.contains("<td class=\"value\">1 ("), "{row}");
    assert!(!row.contains("href="), "{row}");
    // A caseworker follows the number to the reconciliation.
    let (_, html) = page(&app, ine, "/effectenkaart", false).await;
    assert!(
        html.contains("href=\"/afstemming/"),
        "the caseworker's link"
    );

    // Every link on each role's start page opens for that role.
    for (who, start) in [
        (management, "/effectenkaart"),
        (beheer, "/beheer/catalogus"),
        (provider, "/aanbieder"),
        (ine, "/vandaag"),
        (ine, "/"),
    ] {
        let (status, html) = page(&app, who, start, false).await;
        assert_eq!(status, 200, "{start}");
        let mut checked = 0;
        for link in links(&html) {
            let (status, _) = page(&app, who, &link, false).await;
            assert!(
                status != 403 && status != 404,
                "{start} links to {link}, which answers {status}"
            );
            checked += 1;
        }
        assert!(checked > 0, "{start} has links");
    }
    app.assert_healthy().await;
}
