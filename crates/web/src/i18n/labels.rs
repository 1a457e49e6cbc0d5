//! The names of the domain's codes, keyed `<group>.<code>`: a code enum
//! names its group once ([`Label`]) and a test checks that every value of
//! every code enum has its name in both languages.

use zicht_domain::{
    effects::{AgreementKind, Indicator},
    roster::{GuardReason, RosterRunStatus},
};

use super::Tr;

/// A code the pages show in words: its name is the text `<GROUP>.<code>`.
pub trait Label: Copy {
    const GROUP: &'static str;
    fn code(self) -> &'static str;
}

/// Templates hand values over by reference.
impl<T: Label> Label for &T {
    const GROUP: &'static str = T::GROUP;
    fn code(self) -> &'static str {
        (*self).code()
    }
}

/// Gives each code enum its group, and lists them all for the tests.
macro_rules! labelled {
    ($($t:ty => $group:literal),+ $(,)?) => {
        $(impl Label for $t {
            const GROUP: &'static str = $group;
            fn code(self) -> &'static str {
                self.as_str()
            }
        })+

        /// Every code enum's group with the keys of all its values.
        #[cfg(test)]
        fn every_code() -> Vec<(&'static str, Vec<String>)> {
            vec![$((
                $group,
                <$t>::ALL.iter().map(|v| format!("{}.{}", $group, v.as_str())).collect(),
            )),+]
        }
    };
}

labelled! {
    Indicator => "ind",
    AgreementKind => "agreement",
    RosterRunStatus => "roster.status",
    GuardReason => "roster.reason",
}

impl Tr {
    /// The name of a code in this language.
    pub fn label<T: Label>(&self, value: T) -> &'static str {
        self.t_owned(&format!("{}.{}", T::GROUP, value.code()))
    }
}

pub(super) const LABELS: &[(&str, &str, &str)] = &[
    // Roster runs: their status, and why the guard stopped one.
    ("roster.status.applied", "Toegepast", "Applied"),
    ("roster.status.refused", "Geweigerd", "Refused"),
    ("roster.status.awaiting_confirmation", "Wacht op bevestiging", "Awaiting confirmation"),
    ("roster.status.lapsed", "Vervallen", "Lapsed"),
    ("roster.reason.roster_no_valid_rows", "geen goede regels", "no valid rows"),
    ("roster.reason.roster_many_changes", "te veel statuswijzigingen", "too many status changes"),
    ("roster.reason.roster_fewer_rows", "veel minder regels", "far fewer rows"),
    // Kinds of result agreement.
    ("agreement.outflow", "Uitstroom naar werk of uit de uitkering", "Outflow to work or off benefit"),
    ("agreement.lead_time_days", "Doorlooptijd tot uitstroom (mediaan, dagen)", "Lead time to outflow (median, days)"),
    ("agreement.in_trajectory", "Klanten in een traject", "Clients in a trajectory"),
    ("agreement.positive_development", "Klanten met positieve ontwikkeling", "Clients with positive development"),
    // The effectenkaart's figures, with the definition of each.
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
    ("ind.partial_outflow", "Gedeeltelijke uitstroom", "Partial outflow"),
    ("ind.started_volunteering", "Gestart met vrijwilligerswerk", "Started volunteer work"),
    ("ind.sanctioned", "Maatregel opgelegd", "Sanctioned"),
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
    ("def.partial_outflow", "Klanten die in de periode parttime aan het werk gingen naast een lagere uitkering, geteld bij wie het dossier die dag had.", "Clients who started part-time work next to a reduced benefit in the period, counted for who owned the file that day."),
    ("def.started_volunteering", "Klanten met een vrijwilligersplaatsing die in de periode begon, geteld bij wie het dossier die dag had.", "Clients with a volunteer placement that started in the period, counted for who owned the file that day."),
    ("def.sanctioned", "Aandeel van de caseload aan het eind van de periode bij wie in de periode een maatregel is opgelegd (afgezien telt niet).", "Share of the caseload at the end of the period with a sanction imposed in the period (waived ones do not count)."),
    ("def.returned_to_benefit", "Van de uitstroom hierboven: aandeel dat binnen de terugvaltermijn (instelling: 6, 12 of 24 maanden) terugkwam, in hetzelfde dossier of als nieuwe inschrijving met hetzelfde BSN. Voor recente uitstroom is de termijn nog niet voorbij.", "Of the outflow above: share that came back within the return window (setting: 6, 12 or 24 months), in the same file or as a new registration with the same BSN. For recent outflow the window has not yet passed."),
];

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    fn has(key: &str) -> bool {
        LABELS.iter().any(|(k, _, _)| *k == key)
    }

    #[test]
    fn every_code_of_every_code_enum_has_a_label() {
        for (_, keys) in every_code() {
            for key in keys {
                assert!(has(&key), "{key} has no label");
            }
        }
        for i in Indicator::ALL {
            let key = format!("def.{}", i.as_str());
            assert!(has(&key), "{key} missing");
        }
    }

    /// A label whose code no longer exists is dead text.
    #[test]
    fn every_label_of_a_code_enum_names_a_code() {
        let codes: HashSet<String> = every_code().into_iter().flat_map(|(_, k)| k).collect();
        let groups: Vec<&str> = every_code().into_iter().map(|(g, _)| g).collect();
        for (key, _, _) in LABELS {
            let (group, _) = key.rsplit_once('.').unwrap();
            if groups.contains(&group) {
                assert!(codes.contains(*key), "{key} names no code");
            }
        }
    }
}
