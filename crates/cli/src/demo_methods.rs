//! The library of methods and protocols in the demo: three modules linked
//! to demo catalogue items, with definitive versions (one superseded by a
//! later one), a concept under discussion and the team's comments on it.
//! Returns, per catalogue item, the protocol version in force, so some demo
//! interventions record the protocol they followed.

use std::collections::HashMap;

use anyhow::Context as _;
use time::{Duration, OffsetDateTime};
use zicht_domain::{
    access::Role,
    handover::Actor,
    method::{MethodInstrument, MethodKind, MethodVersionId, NewModule, VersionText},
    CatalogueItemId, OrganisationId,
};
use zicht_storage::{Ctx, Store};

const WERKFIT_V1: &str = "# Werkfit-traject\n\nVoor klanten die op de **vijf vaardigheden** nog niet klaar zijn voor bemiddeling.\n\n## Stappen\n1. Intake met de klant en de werkmeester.\n2. Acht weken werkritme in de eigen werkplaats.\n3. Elke twee weken een klantinzetformulier.\n";
const WERKFIT_V2: &str = "# Werkfit-traject\n\nVoor klanten die op de **vijf vaardigheden** nog niet klaar zijn voor bemiddeling.\n\n## Stappen\n1. Intake met de klant en de werkmeester.\n2. Acht weken werkritme in de eigen werkplaats.\n3. Elke twee weken een klantinzetformulier.\n4. Na vier weken een driegesprek: klant, werkmeester, klantmanager.\n\n## Afronden\nBij vijf keer *ja* op het klantinzetformulier: door naar bemiddeling.\n";
const WERKFIT_V3: &str = "# Werkfit-traject\n\nVoor klanten die op de **vijf vaardigheden** nog niet klaar zijn voor bemiddeling.\n\n## Stappen\n1. Intake met de klant en de werkmeester.\n2. Zes tot tien weken werkritme, afhankelijk van de voortgang.\n3. Elke twee weken een klantinzetformulier.\n4. Na vier weken een driegesprek: klant, werkmeester, klantmanager.\n\n## Afronden\nBij vijf keer *ja* op het klantinzetformulier: door naar bemiddeling.\n";
const OVERDRACHT_V1: &str = "# Warme overdracht naar zorg\n\nEen verwijzing naar zorg of hulpverlening is pas af als de klant is **aangekomen**.\n\n- Bel de zorgorganisatie samen met de klant.\n- Spreek een eerste afspraak af en noteer de datum.\n- Vraag binnen twee weken na of de klant er was.\n- Meet de zelfredzaamheid (ZRM) bij de start en na drie maanden.\n";
const GESPREK_V1: &str = "# Vijf vaardigheden gesprek\n\nEen gesprek van een half uur aan de hand van het klantinzetformulier.\n\n1. Vraag per vaardigheid naar een voorbeeld van de afgelopen week.\n2. Vink alleen aan wat feitelijk is gezien.\n3. Spreek per ontbrekende vaardigheid één oefening af.\n";

/// Fills the demo library; `items` are the demo catalogue items by name.
pub async fn load(
    store: &dyn Store,
    org: OrganisationId,
    now: OffsetDateTime,
    items: &[(&str, CatalogueItemId)],
) -> anyhow::Result<HashMap<CatalogueItemId, MethodVersionId>> {
    let today = zicht_domain::calendar::dutch_date(now) - Duration::days(1);
    let employees = store.employees(org).await?;
    // Team leads are named when the demo's accounts are made, after this:
    // each team's first caseworker (see `demo_accounts` in `main.rs`). The
    // first team's is the one who made versions definitive.
    let casework = |e: &&zicht_domain::organisation::Employee| {
        matches!(e.role, Role::Klantmanager | Role::Teamleider) && e.provider_id.is_none()
    };
    let lead = employees
        .iter()
        .find(casework)
        .context("the demo has caseworkers")?;
    let workers: Vec<_> = employees
        .iter()
        .filter(casework)
        .filter(|e| e.team_id == lead.team_id && e.id != lead.id)
        .take(3)
        .collect();
    let owner = workers.first().copied().unwrap_or(lead);
    let ctx = |e: &zicht_domain::organisation::Employee, days_ago: i64| Ctx {
        organisation_id: org,
        actor: Actor {
            employee_id: e.id,
            team_id: e.team_id,
        },
        at: now - Duration::days(days_ago),
    };
    let item = |name: &str| items.iter().find(|(n, _)| *n == name).map(|(_, id)| *id);
    let text = |days: i64, body: &str| VersionText {
        effective_on: today - Duration::days(days),
        body: body.into(),
    };
    let mut in_force = HashMap::new();

    // Werkfit: two definitive versions, the second supersedes the first; a
    // third under discussion.
    let werkfit_items: Vec<CatalogueItemId> = ["Werkfit-training", "Traject Werkritme"]
        .into_iter()
        .filter_map(item)
        .collect();
    let (werkfit, v1) = store
        .create_method_module(
            &ctx(owner, 200),
            &NewModule {
                kind: MethodKind::Protocol,
                title: "Werkfit-traject protocol".into(),
                owner: owner.id,
                items: werkfit_items.clone(),
                instruments: vec![MethodInstrument::VijfVaardigheden],
                first: text(180, WERKFIT_V1),
            },
        )
        .await?;
    store
        .make_method_version_definitive(&ctx(lead, 190), v1)
        .await?;
    let v2 = store
        .draft_method_version(&ctx(owner, 60), werkfit, Some(v1), &text(30, WERKFIT_V2))
        .await?;
    for (who, days, body) in [
        (
            workers.get(1).copied().unwrap_or(lead),
            50,
            "Het driegesprek na vier weken helpt; graag ook vastleggen in het trajectplan.",
        ),
        (lead, 45, "Eens. Zet erbij wanneer het traject klaar is."),
    ] {
        store
            .comment_method_version(&ctx(who, days), v2, body)
            .await?;
    }
    store
        .make_method_version_definitive(&ctx(lead, 40), v2)
        .await?;
    let v3 = store
        .draft_method_version(&ctx(owner, 5), werkfit, Some(v2), &text(-30, WERKFIT_V3))
        .await?;
    store
        .comment_method_version(
            &ctx(workers.get(2).copied().unwrap_or(lead), 3),
            v3,
            "Wie beslist over de duur: de werkmeester of de klantmanager?",
        )
        .await?;
    for i in werkfit_items {
        in_force.insert(i, v2);
    }

    // Warme overdracht: one definitive version, linked to job coaching.
    let overdracht_items: Vec<CatalogueItemId> = ["Jobcoaching op de werkplek"]
        .into_iter()
        .filter_map(item)
        .collect();
    let (_, w1) = store
        .create_method_module(
            &ctx(lead, 120),
            &NewModule {
                kind: MethodKind::Protocol,
                title: "Warme overdracht naar zorg".into(),
                owner: lead.id,
                items: overdracht_items.clone(),
                instruments: vec![MethodInstrument::Zrm],
                first: text(100, OVERDRACHT_V1),
            },
        )
        .await?;
    store
        .make_method_version_definitive(&ctx(lead, 110), w1)
        .await?;
    for i in overdracht_items {
        in_force.insert(i, w1);
    }

    // Vijf vaardigheden gesprek: a methodiek still in concept, commented on.
    let gesprek_owner = workers.get(1).copied().unwrap_or(owner);
    let (_, g1) = store
        .create_method_module(
            &ctx(gesprek_owner, 10),
            &NewModule {
                kind: MethodKind::Methodiek,
                title: "Vijf vaardigheden gesprek".into(),
                owner: gesprek_owner.id,
                items: ["Sollicitatietraining"]
                    .into_iter()
                    .filter_map(item)
                    .collect(),
                instruments: vec![
                    MethodInstrument::VijfVaardigheden,
                    MethodInstrument::Participatieladder,
                ],
                first: text(-14, GESPREK_V1),
            },
        )
        .await?;
    for (who, days, body) in [
        (
            owner,
            8,
            "Goed idee. Kunnen we een voorbeeldvraag per vaardigheid toevoegen?",
        ),
        (lead, 6, "Graag eerst een maand proberen in ons team."),
    ] {
        store
            .comment_method_version(&ctx(who, days), g1, body)
            .await?;
    }
    Ok(in_force)
}
