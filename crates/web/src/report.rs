//! Roster reports as a readable text table and as CSV (JSON is the serde form).

use std::fmt::Write;

use zicht_storage::RosterReport;

use crate::safe_csv::{CsvWriter, Dialect};

fn date(d: Option<time::Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_else(|| "-".into())
}

/// The people whose data a report shows, once each, for the processing log.
pub fn subjects(r: &RosterReport) -> Vec<&str> {
    let mut out: Vec<&str> = r.ghosts.iter().map(|g| g.bsn.as_str()).collect();
    for list in [&r.benefit_ended, &r.not_in_roster, &r.no_contact] {
        out.extend(list.iter().map(|c| c.bsn.as_str()));
    }
    out.extend(r.overdue_handovers.iter().map(|h| h.client_bsn.as_str()));
    out.sort_unstable();
    out.dedup();
    out
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
                zicht_domain::messages::text(e.code, zicht_domain::messages::Lang::Nl),
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
            zicht_domain::messages::text(e.code, zicht_domain::messages::Lang::Nl),
        ]);
    }
    w.into_string().unwrap_or_default()
}
