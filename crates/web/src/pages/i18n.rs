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

    /// The text for a key built at run time; a dash when missing (a test
    /// checks that every indicator and agreement kind has its texts).
    pub fn t_owned(&self, key: &str) -> &'static str {
        TEXTS
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, nl, en)| match self.lang {
                Lang::Nl => *nl,
                Lang::En => *en,
            })
            .unwrap_or("—")
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
    ("nav.effects", "Effectenkaart", "Effects map"),
    ("effects.title", "Effectenkaart", "Effects map"),
    ("effects.clients_title", "Klanten achter een cijfer", "Clients behind a figure"),
    ("effects.choose", "Kies wie en welke periode", "Choose whom and which period"),
    ("effects.scope", "Voor", "For"),
    ("effects.scope.organisation", "De hele organisatie", "The whole organisation"),
    ("effects.from", "Van", "From"),
    ("effects.to", "Tot en met", "Up to and including"),
    ("effects.show", "Toon", "Show"),
    ("effects.period", "Periode", "Period"),
    ("effects.compared", "vergeleken met", "compared with"),
    ("effects.live", "Alle cijfers zijn nu berekend uit de historie van elke klant.", "Every figure is computed just now from each client's history."),
    ("effects.section.skills", "Vijf basisvaardigheden", "Five basic skills"),
    ("effects.section.handovers", "Overdrachten", "Handovers"),
    ("effects.section.contacts", "Contact", "Contact"),
    ("effects.section.outcomes", "Uitkomsten", "Outcomes"),
    ("effects.this_period", "Deze periode", "This period"),
    ("effects.previous_period", "Vorige periode", "Previous period"),
    ("effects.change", "Verschil", "Change"),
    ("effects.better", "beter", "better"),
    ("effects.worse", "slechter", "worse"),
    ("effects.same", "gelijk", "same"),
    ("effects.more", "meer", "more"),
    ("effects.fewer", "minder", "fewer"),
    ("effects.definition", "Definitie", "Definition"),
    ("effects.show_clients", "Toon klanten", "Show clients"),
    ("effects.skills_chart_title", "Vijf basisvaardigheden en klaar voor bemiddeling", "Five basic skills and ready for mediation"),
    ("effects.skills_chart_desc", "Aandeel van de beoordeelde klanten met elke vaardigheid aan het eind van de periode; de dunne balk is de vorige periode.", "Share of assessed clients with each skill at the end of the period; the thin bar is the previous period."),
    ("effects.trend_title", "Verloop over twaalf maanden", "Trend over twelve months"),
    ("effects.trend_desc", "Per maand: aandeel klaar voor bemiddeling (doorgetrokken) en aandeel wekelijks gesproken (gestreept).", "Per month: share ready for mediation (solid) and share contacted weekly (dashed)."),
    ("effects.ghosts", "Spookklanten bij de laatste afstemming", "Ghosts at the latest reconciliation"),
    ("effects.ghosts_def", "Mensen met een uitkering zonder open dossier in het laatst ingelezen uitkeringsbestand; opgelost: sindsdien ingeschreven. Geldt voor de hele organisatie.", "People on benefit without an open file in the latest roster; resolved: registered since. Organisation-wide."),
    ("effects.ghosts_none", "Nog geen uitkeringsbestand afgestemd.", "No roster reconciled yet."),
    ("effects.ghosts_resolved", "opgelost", "resolved"),
    ("effects.caseloads", "Caseloads", "Caseloads"),
    ("effects.caseloads_def", "Open klanten per klantmanager op de einddatum (of vandaag), omgerekend naar een werkweek van 40 uur. Plafond per 40 uur:", "Open clients per caseworker on the end date (or today), scaled to a 40-hour week. Ceiling per 40 hours:"),
    ("effects.over_ceiling", "boven plafond", "over ceiling"),
    ("effects.agreements", "Resultaatafspraken", "Result agreements"),
    ("effects.agreements_def", "De realisatie komt uit de historie, nooit met de hand ingevuld. Een lopende periode telt tot vandaag.", "Realisation comes from the history, never typed in. A running period counts up to today."),
    ("effects.agreements_none", "Er zijn geen afspraken voor deze keuze.", "There are no agreements for this choice."),
    ("effects.agreement_new", "Nieuwe afspraak", "New agreement"),
    ("effects.withdraw", "Intrekken", "Withdraw"),
    ("effects.export", "Exporteren", "Export"),
    ("effects.export_csv", "CSV", "CSV"),
    ("effects.export_xlsx", "Excel (alle tabellen)", "Excel (all tables)"),
    ("effects.hidden", "klanten zijn niet getoond: hun dossier ligt nu bij een ander team.", "clients are not shown: their file is now with another team."),
    ("effects.back", "Terug naar de effectenkaart", "Back to the effects map"),
    ("effects.table.figures", "Cijfers", "Figures"),
    ("effects.table.caseloads", "Caseloads", "Caseloads"),
    ("effects.table.agreements", "Afspraken", "Agreements"),
    ("col.figure", "Cijfer", "Figure"),
    ("col.value", "Waarde", "Value"),
    ("col.count", "Aantal", "Count"),
    ("col.of", "Van", "Of"),
    ("col.previous", "Vorige periode", "Previous period"),
    ("col.definition", "Definitie", "Definition"),
    ("col.caseworker", "Klantmanager", "Caseworker"),
    ("col.hours", "Uren per week", "Hours per week"),
    ("col.clients", "Klanten", "Clients"),
    ("col.per_40", "Per 40 uur", "Per 40 hours"),
    ("col.over", "Boven plafond", "Over ceiling"),
    ("col.who", "Met", "With"),
    ("col.kind", "Soort", "Kind"),
    ("col.from", "Van", "From"),
    ("col.to", "Tot en met", "Up to"),
    ("col.target", "Doel", "Target"),
    ("col.realised", "Gerealiseerd", "Realised"),
    ("col.progress", "Voortgang", "Progress"),
    ("col.met", "Gehaald", "Met"),
    ("agreement.outflow", "Uitstroom naar werk of uit de uitkering", "Outflow to work or off benefit"),
    ("agreement.lead_time_days", "Doorlooptijd tot uitstroom (mediaan, dagen)", "Lead time to outflow (median, days)"),
    ("agreement.in_trajectory", "Klanten in een traject", "Clients in a trajectory"),
    ("agreement.positive_development", "Klanten met positieve ontwikkeling", "Clients with positive development"),
    ("agreement.at_least", "minstens", "at least"),
    ("agreement.at_most", "hoogstens", "at most"),
    ("agreement.who", "Met team of klantmanager", "With team or caseworker"),
    ("agreement.kind", "Soort afspraak", "Kind of agreement"),
    ("agreement.target", "Doel (aantal, of dagen bij doorlooptijd)", "Target (number, or days for lead time)"),
    ("agreement.add", "Afspraak vastleggen", "Record agreement"),
    ("ind.never_assessed", "Nooit beoordeeld", "Never assessed"),
    ("ind.skill_on_time", "Op tijd komen", "Arriving on time"),
    ("ind.skill_commitment", "Inzet tonen", "Showing commitment"),
    ("ind.skill_accepts_direction", "Leiding accepteren", "Accepting direction"),
    ("ind.skill_says_in_time", "Tijdig aangeven iets niet te kunnen of willen", "Saying in time when you cannot or will not"),
    ("ind.skill_dresses_for_work", "Kleden naar de werkomgeving", "Dressing for the workplace"),
    ("ind.ready_for_mediation", "Klaar voor bemiddeling", "Ready for mediation"),
    ("ind.skills_improved", "Vooruitgang op de vaardigheden", "Progress on the skills"),
    ("ind.skills_declined", "Achteruitgang op de vaardigheden", "Decline on the skills"),
    ("ind.handovers_offered", "Overdrachten aangeboden", "Handovers offered"),
    ("ind.handover_days_to_accept", "Tijd van aanbod tot acceptatie", "Time from offer to acceptance"),
    ("ind.handovers_returned", "Overdrachten teruggestuurd", "Handovers returned"),
    ("ind.handovers_overdue", "Overdrachten te laat beantwoord", "Handovers answered late"),
    ("ind.contacted_weekly", "Wekelijks gesproken", "Contacted weekly"),
    ("ind.in_trajectory", "In een traject", "In a trajectory"),
    ("ind.outflow", "Uitstroom", "Outflow"),
    ("ind.outflow_lead_time", "Doorlooptijd tot uitstroom", "Lead time to outflow"),
    ("ind.returned_to_benefit", "Teruggekeerd binnen de termijn", "Returned within the window"),
    ("def.never_assessed", "Klanten met een open dossier bij deze eenheid op de einddatum zonder klantinzetformulier tot en met die dag, van alle klanten die dan open zijn.", "Clients with an open file with this unit on the end date and no assessment up to that day, of all clients open then."),
    ("def.skill_on_time", "Van de beoordeelde klanten op de einddatum: aandeel bij wie het laatste klantinzetformulier tot die dag ‘op tijd komen’ aankruist.", "Of the assessed clients on the end date: share whose latest assessment up to that day ticks ‘arriving on time’."),
    ("def.skill_commitment", "Van de beoordeelde klanten op de einddatum: aandeel met ‘inzet tonen’ in het laatste klantinzetformulier.", "Of the assessed clients on the end date: share with ‘showing commitment’ in their latest assessment."),
    ("def.skill_accepts_direction", "Van de beoordeelde klanten op de einddatum: aandeel met ‘leiding accepteren’ in het laatste klantinzetformulier.", "Of the assessed clients on the end date: share with ‘accepting direction’ in their latest assessment."),
    ("def.skill_says_in_time", "Van de beoordeelde klanten op de einddatum: aandeel met ‘tijdig aangeven’ in het laatste klantinzetformulier.", "Of the assessed clients on the end date: share with ‘saying in time’ in their latest assessment."),
    ("def.skill_dresses_for_work", "Van de beoordeelde klanten op de einddatum: aandeel met ‘kleden naar de werkomgeving’ in het laatste klantinzetformulier.", "Of the assessed clients on the end date: share with ‘dressing for the workplace’ in their latest assessment."),
    ("def.ready_for_mediation", "Van de beoordeelde klanten op de einddatum: aandeel met alle vijf vaardigheden in het laatste klantinzetformulier.", "Of the assessed clients on the end date: share with all five skills in their latest assessment."),
    ("def.skills_improved", "Klanten op de einddatum met een beoordeling in de periode én een daarvoor: aandeel bij wie de laatste meer vaardigheden telt dan de laatste van voor de periode.", "Clients on the end date assessed in the period and before it: share whose latest assessment counts more skills than the latest before the period."),
    ("def.skills_declined", "Als hierboven: aandeel bij wie de laatste beoordeling minder vaardigheden telt dan die van voor de periode.", "As above: share whose latest assessment counts fewer skills than the one before the period."),
    ("def.handovers_offered", "Overdrachten aangeboden in de periode door deze eenheid (bij een team ook die aan het team), ongeacht de afloop.", "Handovers offered in the period by this unit (for a team also those offered to it), whatever their outcome."),
    ("def.handover_days_to_accept", "Mediaan van de tijd tussen aanbieden en accepteren, in dagen, van de overdrachten hierboven die zijn geaccepteerd.", "Median time between offer and acceptance, in days, of the handovers above that were accepted."),
    ("def.handovers_returned", "Van de overdrachten hierboven: aandeel dat is teruggestuurd.", "Of the handovers above: share sent back."),
    ("def.handovers_overdue", "Van de overdrachten hierboven: aandeel dat pas na de termijn (werkdagen, instelling van de organisatie) is beantwoord of nog open staat na die termijn.", "Of the handovers above: share answered after the term (working days, an organisation setting) or still open beyond it."),
    ("def.contacted_weekly", "Klanten die minstens één week (maandag tot en met zondag, met de zondag in de periode) in de caseload zaten: aandeel met een contact in elke week dat zij er zaten.", "Clients in the caseload for at least one week (Monday to Sunday, the Sunday in the period): share with a contact in every week they were in it."),
    ("def.in_trajectory", "Klanten op de einddatum in de fase activering of bemiddeling, van alle klanten die dan open zijn.", "Clients on the end date in the activation or mediation phase, of all clients open then."),
    ("def.outflow", "Klanten van wie de fase in de periode naar ‘uitgestroomd’ ging, geteld bij wie het dossier die dag had.", "Clients whose phase changed to ‘flowed out’ in the period, counted for who owned the file that day."),
    ("def.outflow_lead_time", "Mediaan van het aantal dagen van inschrijving tot uitstroom, van de uitstroom hierboven.", "Median days from registration to outflow, of the outflow above."),
    ("def.returned_to_benefit", "Van de uitstroom hierboven: aandeel dat binnen de terugvaltermijn (instelling: 6, 12 of 24 maanden) terugkwam, in hetzelfde dossier of als nieuwe inschrijving met hetzelfde BSN. Voor recente uitstroom is de termijn nog niet voorbij.", "Of the outflow above: share that came back within the return window (setting: 6, 12 or 24 months), in the same file or as a new registration with the same BSN. For recent outflow the window has not yet passed."),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_indicator_and_agreement_kind_has_texts() {
        use zicht_domain::effects::{AgreementKind, Indicator};
        for i in Indicator::ALL {
            for prefix in ["ind", "def"] {
                let key = format!("{prefix}.{}", i.as_str());
                assert!(TEXTS.iter().any(|(k, _, _)| *k == key), "{key} missing");
            }
        }
        for k in AgreementKind::ALL {
            let key = format!("agreement.{}", k.as_str());
            assert!(TEXTS.iter().any(|(t, _, _)| *t == key), "{key} missing");
        }
    }

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
