//! Interface texts in Dutch (default) and English.

use zicht_domain::messages::Lang;

/// Looks up interface texts in the request's language.
#[derive(Debug, Clone, Copy)]
pub struct Tr {
    pub lang: Lang,
}

impl Tr {
    pub fn current() -> Self {
        Tr {
            lang: crate::error::current_lang(),
        }
    }

    /// The text for `key`; the key itself when missing, so gaps are visible.
    pub fn t<'a>(&self, key: &'a str) -> &'a str {
        TEXTS
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, nl, en)| match self.lang {
                Lang::Nl => *nl,
                Lang::En => *en,
            })
            .unwrap_or(key)
    }

    pub fn code(&self) -> &'static str {
        match self.lang {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    /// The language to offer a switch to.
    pub fn other(&self) -> (&'static str, &'static str) {
        match self.lang {
            Lang::Nl => ("en", "English"),
            Lang::En => ("nl", "Nederlands"),
        }
    }
}

pub const TEXTS: &[(&str, &str, &str)] = &[
    ("skip", "Naar de inhoud", "Skip to content"),
    ("nav.main", "Hoofdmenu", "Main menu"),
    ("nav.caseload", "Mijn caseload", "My caseload"),
    ("nav.inbox", "Inbox team", "Team inbox"),
    ("nav.meeting", "Overdrachtsoverleg", "Handover meeting"),
    ("nav.roster", "Afstemming uitkeringen", "Benefits reconciliation"),
    ("signed_in_as", "Ingelogd als", "Signed in as"),
    ("back", "Terug naar mijn caseload", "Back to my caseload"),
    ("back_card", "Terug naar de klantkaart", "Back to the client card"),
    ("save", "Opslaan", "Save"),
    ("errors.summary", "Niet alle velden zijn goed ingevuld; er is niets opgeslagen.", "Not all fields are filled in correctly; nothing was saved."),
    ("signin.title", "Inloggen", "Sign in"),
    ("signin.email", "E-mailadres", "E-mail address"),
    ("signin.password", "Wachtwoord", "Password"),
    ("signin.go", "Inloggen", "Sign in"),
    ("signout", "Uitloggen", "Sign out"),
    ("signin.sso", "Inloggen met uw gemeente-account", "Sign in with your municipality account"),
    ("caseload.title", "Mijn caseload", "My caseload"),
    ("caseload.search_title", "Zoekresultaat", "Search result"),
    ("caseload.search", "Zoek een klant op BSN of naam", "Find a client by BSN or name"),
    ("caseload.search_go", "Zoeken", "Search"),
    ("caseload.filter_phase", "Fase", "Phase"),
    ("caseload.filter_signal", "Signaal", "Signal"),
    ("caseload.filter_go", "Filteren", "Filter"),
    ("caseload.all", "Alle", "All"),
    ("caseload.clients", "klanten", "clients"),
    ("caseload.sorted_by", "gesorteerd op", "sorted by"),
    ("col.name", "Naam", "Name"),
    ("col.bsn", "BSN", "BSN"),
    ("col.phase", "Fase", "Phase"),
    ("col.ready", "Klaar voor bemiddeling", "Ready for mediation"),
    ("col.last_contact", "Laatste contact", "Last contact"),
    ("col.signals", "Signalen", "Signals"),
    ("col.actions", "Acties", "Actions"),
    ("yes", "ja", "yes"),
    ("no", "nee", "no"),
    ("never", "nooit", "never"),
    ("flag.no_contact", "geen contact", "no contact"),
    ("flag.handover_overdue", "overdracht te laat", "handover overdue"),
    ("flag.handover_pending", "overdracht open", "handover pending"),
    ("flag.benefit_ended", "uitkering beëindigd", "benefit ended"),
    ("flag.ready", "klaar voor bemiddeling", "ready for mediation"),
    ("act.contact", "Contact", "Contact"),
    ("act.skills", "Klantinzet", "Skills"),
    ("act.handover", "Overdragen", "Hand over"),
    ("card.title", "Klantkaart", "Client card"),
    ("card.closed", "Afgesloten", "Closed"),
    ("card.birth_date", "Geboortedatum", "Date of birth"),
    ("card.team", "Team", "Team"),
    ("card.caseworker", "Klantmanager", "Caseworker"),
    ("card.phase", "Fase", "Phase"),
    ("card.benefit", "Uitkering", "Benefit"),
    ("card.last_contact", "Laatste contact", "Last contact"),
    ("card.next_contact", "Volgende afspraak", "Next appointment"),
    ("card.particulars", "Bijzonderheden", "Particulars"),
    ("card.none", "Geen.", "None."),
    ("card.handover", "Overdracht", "Handover"),
    ("card.no_handover", "Geen openstaande overdracht.", "No pending handover."),
    ("card.skills", "Vijf basisvaardigheden", "Five basic skills"),
    ("card.not_assessed", "Nog niet beoordeeld met het klantinzetformulier.", "Not yet assessed with the client deployment form."),
    ("card.ready", "Klaar voor bemiddeling.", "Ready for mediation."),
    ("card.not_ready", "Nog niet klaar voor bemiddeling; ontbreekt:", "Not yet ready for mediation; missing:"),
    ("card.trend", "Trend", "Trend"),
    ("card.skill", "Vaardigheid", "Skill"),
    ("card.previous", "Vorige", "Previous"),
    ("card.timeline", "Tijdlijn", "Timeline"),
    ("card.by", "door", "by"),
    ("card.actions", "Acties", "Actions"),
    ("card.change_phase", "Fase wijzigen", "Change phase"),
    ("card.new_phase", "Nieuwe fase", "New phase"),
    ("card.close", "Klant afsluiten", "Close client"),
    ("card.close_reason", "Reden van afsluiten", "Reason for closing"),
    ("card.print", "Afdrukken", "Print"),
    ("contact.title", "Contact vastleggen", "Record contact"),
    ("contact.date", "Datum", "Date"),
    ("contact.kind", "Soort contact", "Kind of contact"),
    ("contact.with_whom", "Met wie", "With whom"),
    ("contact.summary", "Korte samenvatting (niet verplicht)", "Short summary (optional)"),
    ("contact.next", "Volgende afspraak (niet verplicht)", "Next appointment (optional)"),
    ("contact.hint_date", "dd-mm-jjjj; leeg is vandaag", "dd-mm-yyyy; empty means today"),
    ("skills.title", "Klantinzetformulier", "Client deployment form"),
    ("skills.intro", "Vink aan wat u de afgelopen vier weken feitelijk hebt gezien. Niet aangevinkt betekent: nee.", "Tick what you actually saw in the last four weeks. Unticked means: no."),
    ("skills.date", "Datum beoordeling", "Assessment date"),
    ("skills.remarks", "Opmerking (niet verplicht)", "Remark (optional)"),
    ("skills.previous", "Vorige beoordeling", "Previous assessment"),
    ("skills.none_before", "Nog geen eerdere beoordeling.", "No earlier assessment."),
    ("handover.title", "Overdracht aanbieden", "Offer handover"),
    ("handover.intro", "De klant blijft bij u tot het andere team de overdracht accepteert.", "The client stays with you until the other team accepts the handover."),
    ("handover.to_team", "Naar team", "To team"),
    ("handover.to_employee", "Naar klantmanager (niet verplicht)", "To caseworker (optional)"),
    ("handover.anyone", "Laat het team kiezen", "Let the team choose"),
    ("handover.reason", "Reden van de overdracht", "Reason for the handover"),
    ("handover.work_done", "Wat is er al gedaan", "What has been done"),
    ("handover.particulars", "Bijzonderheden (niet verplicht)", "Particulars (optional)"),
    ("handover.agreements", "Afspraken met de klant", "Agreements with the client"),
    ("handover.submit", "Overdracht aanbieden", "Offer handover"),
    ("handover.choose", "Kies…", "Choose…"),
    ("inbox.title", "Inbox van team", "Inbox of team"),
    ("inbox.empty", "Er wachten geen overdrachten op uw team.", "No handovers are waiting for your team."),
    ("inbox.from", "Van", "From"),
    ("inbox.offered", "Aangeboden", "Offered"),
    ("inbox.waiting", "werkdagen", "working days"),
    ("inbox.overdue", "te laat", "overdue"),
    ("inbox.accept", "Accepteren", "Accept"),
    ("inbox.accept_as", "Klantmanager die de klant overneemt", "Caseworker who takes over"),
    ("inbox.return", "Terugsturen", "Return"),
    ("inbox.return_reason", "Reden van terugsturen", "Reason for returning"),
    ("inbox.withdraw", "Intrekken", "Withdraw"),
    ("note.reason", "Reden", "Reason"),
    ("note.work_done", "Gedaan", "Done"),
    ("note.particulars", "Bijzonderheden", "Particulars"),
    ("note.agreements", "Afspraken", "Agreements"),
    ("meeting.title", "Overdrachtsoverleg", "Handover meeting"),
    ("meeting.team", "Team", "Team"),
    ("meeting.show", "Toon", "Show"),
    ("meeting.incoming", "Binnenkomend", "Incoming"),
    ("meeting.outgoing", "Uitgaand", "Outgoing"),
    ("meeting.empty", "Geen openstaande overdrachten.", "No pending handovers."),
    ("meeting.intro", "Agenda: alle openstaande overdrachten van en naar dit team, de oudste eerst.", "Agenda: all pending handovers to and from this team, oldest first."),
    ("meeting.client", "Klant", "Client"),
    ("meeting.direction", "Richting", "Direction"),
    ("meeting.decision", "Besluit", "Decision"),
    ("meeting.age", "Wachttijd", "Waiting"),
    ("roster.title", "Afstemming met het uitkeringsbestand", "Reconciliation with the benefits roster"),
    ("roster.intro", "Upload het bestand van de uitkeringsadministratie (CSV met bsn, naam, ingangsdatum en eventueel einddatum). Zicht toont wie een uitkering heeft zonder dossier (spookklanten) en de andere verschillen.", "Upload the benefits administration's file (CSV with bsn, name, start date and optional end date). Zicht shows who receives a benefit without a case (ghost clients) and the other differences."),
    ("roster.file", "Bestand", "File"),
    ("roster.upload", "Afstemmen", "Reconcile"),
    ("roster.runs", "Eerdere afstemmingen", "Earlier reconciliations"),
    ("roster.no_runs", "Nog geen afstemmingen.", "No reconciliations yet."),
    ("roster.when", "Wanneer", "When"),
    ("roster.by", "Door", "By"),
    ("roster.rows", "Regels", "Rows"),
    ("roster.rejected", "Afgekeurd", "Rejected"),
    ("roster.ghosts", "Spookklanten", "Ghost clients"),
    ("roster.registered", "Ingeschreven", "Registered"),
    ("roster.ended", "Uitkering beëindigd", "Benefit ended"),
    ("roster.not_in", "Niet in bestand", "Not in roster"),
    ("roster.no_contact", "Geen contact", "No contact"),
    ("roster.overdue", "Overdrachten te laat", "Handovers overdue"),
    ("roster.register", "Schrijf alle spookklanten in bij intake", "Register all ghost clients with intake"),
    ("roster.same_file", "Dit bestand is identiek aan een eerdere afstemming; er is niets dubbel aangemaakt.", "This file is identical to an earlier reconciliation; nothing was created twice."),
    ("roster.line", "Regel", "Line"),
    ("roster.start", "Ingang", "Start"),
    ("roster.end", "Einde", "End"),
    ("roster.client", "Klant", "Client"),
    ("roster.reason", "Reden", "Reason"),
    ("roster.file_required", "Kies een bestand om af te stemmen.", "Choose a file to reconcile."),
    ("roster.run", "Afstemming", "Reconciliation"),
    ("roster.open", "bekijk", "view"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_unique_and_translated() {
        let mut seen = std::collections::HashSet::new();
        for (k, nl, en) in TEXTS {
            assert!(seen.insert(k), "duplicate key {k}");
            assert!(!nl.is_empty() && !en.is_empty(), "{k}");
        }
    }

    #[test]
    fn every_key_used_in_templates_exists() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            for part in text.split("tr.t(\"").skip(1) {
                let key = part.split('"').next().unwrap();
                assert!(
                    TEXTS.iter().any(|(k, _, _)| *k == key),
                    "{} uses unknown key {key}",
                    path.display()
                );
            }
        }
    }
}
