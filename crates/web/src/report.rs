//! Roster reports as a readable text table and as CSV (JSON is the serde
//! form), and what the guard says about a run it stopped or a dry run.

use std::fmt::Write;

use axum::{
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use zicht_domain::roster::{GuardReason, RosterImpact, RosterRejection, RosterRunStatus};
use zicht_storage::{RosterOutcome, RosterPreview, RosterReport, RosterRunSummary};

use crate::{
    i18n::{Lang, Tr},
    safe_csv::{CsvWriter, Dialect},
};

/// Reports for the terminal and files are in Dutch.
const NL: Tr = Tr::new(Lang::Nl);

fn date(d: Option<time::Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_else(|| "-".into())
}

/// A plain-text report for the terminal.
pub fn table(r: &RosterReport) -> String {
    let mut s = String::new();
    let run = &r.run;
    let _ = writeln!(
        s,
        "Afstemming uitkeringsbestand {} (run {})",
        run.file_name, run.id
    );
    if let Some(prev) = run.same_file_as {
        let _ = writeln!(
            s,
            "Let op: dit bestand is identiek aan run {prev}; er is niets dubbel aangemaakt."
        );
    }
    let _ = writeln!(
        s,
        "Regels: {} gelezen, {} goed, {} afgekeurd",
        run.rows_total, run.rows_accepted, run.rows_rejected
    );
    let _ = writeln!(
        s,
        "{:<42} {:>6}",
        "Spookklanten (uitkering, geen dossier)", run.ghosts
    );
    let _ = writeln!(
        s,
        "{:<42} {:>6}",
        "  waarvan nu ingeschreven bij intake", run.ghosts_registered
    );
    let _ = writeln!(
        s,
        "{:<42} {:>6}",
        "Open klanten met beëindigde uitkering", run.benefit_ended
    );
    let _ = writeln!(
        s,
        "{:<42} {:>6}",
        "Open klanten niet in uitkeringsbestand", run.not_in_roster
    );
    let _ = writeln!(
        s,
        "{:<42} {:>6}",
        "Open klanten zonder recent contact", run.no_contact
    );
    let _ = writeln!(
        s,
        "{:<42} {:>6}",
        "Overdrachten over de termijn", run.overdue_handovers
    );

    if !r.ghosts.is_empty() {
        let _ = writeln!(s, "\nSpookklanten");
        let _ = writeln!(
            s,
            "{:>6}  {:<9}  {:<32} {:<10} {:<10} ingeschreven",
            "regel", "bsn", "naam", "ingang", "einde"
        );
        for g in &r.ghosts {
            let reg = g
                .registered_as
                .map(|c| format!("klant {c}"))
                .unwrap_or_default();
            let _ = writeln!(
                s,
                "{:>6}  {:<9}  {:<32} {:<10} {:<10} {reg}",
                g.line,
                g.bsn,
                truncate(&g.name, 32),
                g.benefit_start,
                date(g.benefit_end)
            );
        }
    }
    for (title, list) in [
        ("Open klanten met beëindigde uitkering", &r.benefit_ended),
        ("Open klanten niet in uitkeringsbestand", &r.not_in_roster),
        ("Open klanten zonder recent contact", &r.no_contact),
    ] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(s, "\n{title}");
        let _ = writeln!(
            s,
            "{:>7}  {:<9}  {:<32} {:<16} {:<10}",
            "klant", "bsn", "naam", "team", "contact"
        );
        for c in list {
            let _ = writeln!(
                s,
                "{:>7}  {:<9}  {:<32} {:<16} {:<10}",
                c.id,
                c.bsn,
                truncate(&c.name, 32),
                truncate(&c.owner_team, 16),
                date(c.last_contact_on)
            );
        }
    }
    if !r.overdue_handovers.is_empty() {
        let _ = writeln!(s, "\nOverdrachten over de termijn");
        for h in &r.overdue_handovers {
            let _ = writeln!(
                s,
                "{:>7}  {:<32} {} -> {} ({} werkdagen)",
                h.id,
                truncate(&h.client.name, 32),
                h.from_team.name,
                h.to_team.name,
                h.working_days_waiting
            );
        }
    }
    if !r.rejected.is_empty() {
        let _ = writeln!(s, "\nAfgekeurde regels");
        for e in &r.rejected {
            let _ = writeln!(
                s,
                "regel {:>6}: {} ({})",
                e.line,
                NL.message(e.code),
                e.value
            );
        }
    }
    s
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n - 1).chain(std::iter::once('…')).collect()
    }
}

/// One CSV with a `lijst` column naming which finding each row belongs to.
/// Every cell goes through [`crate::safe_csv`]: names come from a file
/// edited by hand elsewhere and may start like a formula. (Writing to
/// memory cannot fail, so results are not checked.)
pub fn csv(r: &RosterReport) -> String {
    let mut w = CsvWriter::new(Dialect::PLAIN);
    let _ = w.texts([
        "lijst",
        "regel",
        "klant",
        "bsn",
        "naam",
        "team",
        "klantmanager",
        "datum",
        "toelichting",
    ]);
    for g in &r.ghosts {
        let _ = w.texts([
            "spookklant",
            &g.line.to_string(),
            &g.registered_as.map(|c| c.to_string()).unwrap_or_default(),
            &g.bsn,
            &g.name,
            "",
            "",
            &g.benefit_start.to_string(),
            &g.benefit_end.map(|d| d.to_string()).unwrap_or_default(),
        ]);
    }
    for (list, items) in [
        ("uitkering_beeindigd", &r.benefit_ended),
        ("niet_in_bestand", &r.not_in_roster),
        ("geen_contact", &r.no_contact),
    ] {
        for c in items {
            let _ = w.texts([
                list,
                "",
                &c.id.to_string(),
                &c.bsn,
                &c.name,
                &c.owner_team,
                &c.owner_employee,
                &c.last_contact_on.map(|d| d.to_string()).unwrap_or_default(),
                &c.benefit_end.map(|d| d.to_string()).unwrap_or_default(),
            ]);
        }
    }
    for h in &r.overdue_handovers {
        let _ = w.texts([
            "overdracht_te_laat",
            "",
            &h.client.id.to_string(),
            "",
            &h.client.name,
            &h.to_team.name,
            "",
            &zicht_domain::calendar::dutch_date(h.offered_at).to_string(),
            &format!("{} werkdagen", h.working_days_waiting),
        ]);
    }
    for e in &r.rejected {
        let _ = w.texts([
            "afgekeurd",
            &e.line.to_string(),
            "",
            "",
            "",
            "",
            "",
            "",
            NL.message(e.code),
        ]);
    }
    w.into_string().unwrap_or_default()
}

// --- runs the guard stopped, and dry runs -------------------------------------

/// What the guard found, as lines of Dutch text for the terminal: the
/// counts, then why it stopped (or would stop) the run.
fn impact_lines(
    s: &mut String,
    impact: &RosterImpact,
    confirm_share: u32,
    reasons: &[GuardReason],
) {
    let previous = impact
        .previous_rows
        .map(|p| format!(" (vorige toegepaste afstemming: {p} goede regels)"))
        .unwrap_or_default();
    let _ = writeln!(
        s,
        "Regels: {} goed, {} afgekeurd{previous}",
        impact.rows_valid, impact.rows_rejected
    );
    let _ = writeln!(s, "{:<46} {:>6}", "Open klanten", impact.open_clients);
    let _ = writeln!(
        s,
        "{:<46} {:>6} ({}%; drempel {confirm_share}%)",
        "  van wie de uitkeringsstatus zou veranderen",
        impact.status_changes,
        impact.change_percent()
    );
    for (label, n) in [
        ("    naar lopend", impact.to_active),
        ("    naar beëindigd", impact.to_ended),
        (
            "    naar niet in uitkeringsbestand",
            impact.to_not_in_roster,
        ),
    ] {
        let _ = writeln!(s, "{label:<46} {n:>6}");
    }
    for r in reasons {
        let _ = writeln!(s, "- {}", NL.message(r.code()));
    }
}

/// A dry run as text: what applying the file would do; nothing changed.
pub fn preview_table(p: &RosterPreview) -> String {
    let mut s = String::from("Proefafstemming uitkeringsbestand: er is niets gewijzigd.\n");
    let verdict = match p.decision {
        "apply" => "Toepassen: kan zonder bevestiging.",
        "confirmation_required" => "Toepassen: vraagt om bevestiging, om deze reden(en):",
        _ => "Toepassen: wordt geweigerd:",
    };
    impact_lines(&mut s, &p.impact, p.confirm_share, &[]);
    for (label, n) in [
        ("Spookklanten (uitkering, geen dossier)", p.ghosts),
        ("Open klanten met beëindigde uitkering", p.benefit_ended),
        ("Open klanten niet in uitkeringsbestand", p.not_in_roster),
        ("Open klanten zonder recent contact", p.no_contact),
    ] {
        let _ = writeln!(s, "{label:<46} {n:>6}");
    }
    let _ = writeln!(s, "{verdict}");
    for r in &p.reasons {
        let _ = writeln!(s, "- {}", NL.message(r.code()));
    }
    rejected_lines(&mut s, &p.rejected);
    s
}

/// A dry run as CSV: one `veld,waarde` row per figure.
pub fn preview_csv(p: &RosterPreview) -> String {
    let i = &p.impact;
    let mut w = CsvWriter::new(Dialect::PLAIN);
    let _ = w.texts(["veld", "waarde"]);
    let reasons: Vec<&str> = p.reasons.iter().map(|r| r.code()).collect();
    let previous = i.previous_rows.map(|n| n.to_string()).unwrap_or_default();
    for (field, value) in [
        ("uitkomst", p.decision.to_string()),
        ("redenen", reasons.join(" ")),
        ("regels_goed", i.rows_valid.to_string()),
        ("regels_afgekeurd", i.rows_rejected.to_string()),
        ("regels_vorige_afstemming", previous),
        ("open_klanten", i.open_clients.to_string()),
        ("statuswijzigingen", i.status_changes.to_string()),
        ("naar_lopend", i.to_active.to_string()),
        ("naar_beeindigd", i.to_ended.to_string()),
        ("naar_niet_in_bestand", i.to_not_in_roster.to_string()),
        ("drempel_procent", p.confirm_share.to_string()),
        ("spookklanten", p.ghosts.to_string()),
        ("uitkering_beeindigd", p.benefit_ended.to_string()),
        ("niet_in_bestand", p.not_in_roster.to_string()),
        ("geen_contact", p.no_contact.to_string()),
    ] {
        let _ = w.texts([field, &value]);
    }
    w.into_string().unwrap_or_default()
}

/// A run the guard stopped, as text: nothing changed, and why.
pub fn not_applied_table(
    run: &RosterRunSummary,
    impact: &RosterImpact,
    confirm_share: u32,
    rejected: &[RosterRejection],
) -> String {
    let mut s = String::new();
    let what = match run.status {
        RosterRunStatus::Refused => "geweigerd",
        _ => "wacht op bevestiging",
    };
    let _ = writeln!(
        s,
        "Afstemming uitkeringsbestand {} (run {}) is {what}: er is niets gewijzigd.",
        run.file_name, run.id
    );
    impact_lines(&mut s, impact, confirm_share, &run.reasons);
    rejected_lines(&mut s, rejected);
    s
}

fn rejected_lines(s: &mut String, rejected: &[RosterRejection]) {
    if rejected.is_empty() {
        return;
    }
    let _ = writeln!(s, "\nAfgekeurde regels");
    for e in rejected {
        let _ = writeln!(
            s,
            "regel {:>6}: {} ({})",
            e.line,
            NL.message(e.code),
            e.value
        );
    }
}

/// The JSON body of a run the guard stopped: an error body (`code`,
/// `message`, `errors`, one per reason) with the stored run, its impact,
/// the share weighed against and the rejected rows.
pub fn not_applied_body(
    run: &RosterRunSummary,
    impact: &RosterImpact,
    confirm_share: u32,
    rejected: &[RosterRejection],
    lang: Lang,
) -> (StatusCode, serde_json::Value) {
    let (status, code) = match run.status {
        RosterRunStatus::Refused => (StatusCode::UNPROCESSABLE_ENTITY, "roster_no_valid_rows"),
        _ => (StatusCode::CONFLICT, "roster_confirmation_required"),
    };
    let errors: Vec<_> = run
        .reasons
        .iter()
        .map(|r| {
            serde_json::json!({
                "field": (*r == GuardReason::NoValidRows).then_some("file"),
                "code": r.code(),
                "message": Tr::new(lang).message(r.code()),
            })
        })
        .collect();
    let body = serde_json::json!({
        "code": code,
        "message": Tr::new(lang).message(code),
        "errors": errors,
        "run": run,
        "impact": impact,
        "confirm_share": confirm_share,
        "rejected": rejected,
    });
    (status, body)
}

/// The answer of the API to an import that was not applied: 422 or 409
/// with [`not_applied_body`], or the dry run in the requested format.
pub fn not_applied_response(outcome: RosterOutcome, format: Option<&str>) -> Response {
    match outcome {
        RosterOutcome::NotApplied {
            run,
            impact,
            confirm_share,
            rejected,
        } => {
            let (status, body) = not_applied_body(
                &run,
                &impact,
                confirm_share,
                &rejected,
                crate::i18n::current_lang(),
            );
            (status, Json(body)).into_response()
        }
        RosterOutcome::Preview(p) => match format {
            Some("csv") => (
                [(header::CONTENT_TYPE, "text/csv; charset=utf-8")],
                preview_csv(&p),
            )
                .into_response(),
            Some("text") => (
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                preview_table(&p),
            )
                .into_response(),
            _ => Json(p).into_response(),
        },
        RosterOutcome::Applied(report) => Json(report).into_response(),
    }
}
