//! The names of the domain's codes, keyed `<group>.<code>`: a code enum
//! names its group once ([`Label`]); values without a code enum (a rung, a
//! ZRM score or domain) and sentences built from codes (a goal target, a
//! sanction decision, why a client is suggested) have their own method on
//! [`Tr`]. Tests check that every value has its words in both languages.

use zicht_domain::{
    access::Role,
    client::{BenefitStatus, Phase},
    contact::ContactKind,
    effects::{AgreementKind, Indicator},
    handover::HandoverStatus,
    intervision::IntervisionMethod,
    learning::{AgeBand, BenefitTime, Dimension, ZrmBand},
    meeting::{AgendaSection, MeetingOutcome},
    method::{MethodInstrument, MethodKind, Standing},
    organisation::TeamKind,
    reintegration::{
        care::{ArrivalConfirmation, CareKind, ReferralStatus},
        diagnosis::{DiagnosisSource, Instrument, LadderRung, ZrmVersion},
        outflow::{Durability, OutflowKind, OutflowReason},
        sanction::{LegalBasis, SanctionDecision},
        trajectory::{CatalogueKind, GoalTarget, InterventionOutcome},
        work::{
            EmployerContactKind, MatchReason, MediationResult, MediationStep, Sector, VacancyStatus,
        },
    },
    roster::{GuardReason, RosterRunStatus},
    skills::{Skill, Trend},
    text::dmy,
    today::Reason,
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
    Role => "role",
    TeamKind => "team_kind",
    Phase => "phase",
    BenefitStatus => "benefit",
    HandoverStatus => "handover_status",
    ContactKind => "contact_kind",
    Skill => "skill",
    Trend => "trend",
    DiagnosisSource => "diagnosis_source",
    Instrument => "instrument",
    ZrmVersion => "zrm_version",
    CatalogueKind => "catalogue_kind",
    InterventionOutcome => "outcome",
    CareKind => "care_kind",
    ReferralStatus => "referral_status",
    ArrivalConfirmation => "arrival",
    Sector => "sector",
    EmployerContactKind => "employer_contact_kind",
    VacancyStatus => "vacancy_status",
    MediationStep => "mediation_step",
    MediationResult => "mediation_result",
    OutflowKind => "outflow_kind",
    OutflowReason => "outflow_reason",
    Durability => "durability",
    LegalBasis => "legal_basis",
    Indicator => "ind",
    AgreementKind => "agreement",
    RosterRunStatus => "roster.status",
    GuardReason => "roster.reason",
    Reason => "today.reason",
    MeetingOutcome => "meeting_outcome",
    IntervisionMethod => "intervision_method",
    AgendaSection => "agenda_section",
    AgeBand => "age_band",
    BenefitTime => "benefit_time",
    ZrmBand => "zrm_band",
    Dimension => "dimension",
    MethodKind => "method_kind",
    Standing => "standing",
    MethodInstrument => "method_instrument",
}

/// A rung is a number, not a code enum; its key is that number.
impl Label for LadderRung {
    const GROUP: &'static str = "rung";
    fn code(self) -> &'static str {
        const NUMBERS: [&str; 6] = ["1", "2", "3", "4", "5", "6"];
        NUMBERS[usize::from(self.number() - LadderRung::LOWEST)]
    }
}

impl Tr {
    /// The name of a code in this language.
    pub fn label<T: Label>(&self, value: T) -> &'static str {
        self.t_owned(&format!("{}.{}", T::GROUP, value.code()))
    }

    /// The klantinzetformulier's question for a skill.
    pub fn question(&self, skill: &Skill) -> &'static str {
        self.t_owned(&format!("skill_question.{}", skill.as_str()))
    }

    /// The words for a score of the Zelfredzaamheid-Matrix (1 to 5).
    pub fn zrm_score(&self, score: &u8) -> &'static str {
        self.t_owned(&format!("zrm_score.{score}"))
    }

    /// The name of a domain of the Zelfredzaamheid-Matrix, by its key.
    pub fn zrm_domain(&self, key: &str) -> &'static str {
        self.t_owned(&format!("zrm_domain.{key}"))
    }

    /// What a letter placeholder is filled with.
    pub fn placeholder(&self, name: &str) -> &'static str {
        self.t_owned(&format!("placeholder.{name}"))
    }

    /// What a goal aims at: a basic skill, or a rung with its number.
    pub fn goal_target(&self, target: &GoalTarget) -> String {
        match *target {
            GoalTarget::Skill(s) => self.fill("goal_target.skill", &[("skill", self.label(s))]),
            GoalTarget::Rung(r) => self.fill(
                "goal_target.rung",
                &[("number", &r.number().to_string()), ("rung", self.label(r))],
            ),
        }
    }

    /// A sanction's decision, with the reduction when imposed.
    pub fn decision(&self, decision: &SanctionDecision) -> String {
        match *decision {
            SanctionDecision::Imposed { percent, months } => self.fill(
                "decision.imposed",
                &[
                    ("percent", &percent.to_string()),
                    ("months", &months.to_string()),
                ],
            ),
            SanctionDecision::Waived => self.t("decision.waived").into(),
        }
    }

    /// Why a client is suggested for a vacancy, as a caseworker reads it.
    pub fn match_reason(&self, reason: &MatchReason) -> String {
        let n = |v: &u32| v.to_string();
        match reason {
            MatchReason::AllFiveSkills { assessed_on } => self.fill(
                "match_reason.all_five_skills",
                &[("date", &dmy(*assessed_on))],
            ),
            MatchReason::SectorWished { sector } => self.fill(
                "match_reason.sector_wished",
                &[("sector", &self.label(*sector).to_lowercase())],
            ),
            MatchReason::AnySector => self.t("match_reason.any_sector").to_string(),
            MatchReason::HoursFit { hours, min, max } => {
                let key = match (min, max) {
                    (Some(_), Some(_)) => "match_reason.hours_between",
                    (Some(_), None) => "match_reason.hours_at_least",
                    (None, Some(_)) => "match_reason.hours_at_most",
                    (None, None) => "match_reason.hours",
                };
                let (min, max) = (min.as_ref().map(n), max.as_ref().map(n));
                self.fill(
                    key,
                    &[
                        ("hours", &n(hours)),
                        ("min", min.as_deref().unwrap_or("")),
                        ("max", max.as_deref().unwrap_or("")),
                    ],
                )
            }
            MatchReason::NoHoursWish { hours } => {
                self.fill("match_reason.no_hours_wish", &[("hours", &n(hours))])
            }
        }
    }
}

pub(super) const LABELS: &[(&str, &str, &str)] = &[
    // Who works with Zicht, and their teams.
    ("role.klantmanager", "Klantmanager", "Caseworker"),
    ("role.teamleider", "Teamleider", "Team lead"),
    ("role.management", "Management en kwaliteit", "Management and quality"),
    ("role.functioneel_beheer", "Functioneel beheer", "Functional administration"),
    ("role.aanbieder", "Trajectaanbieder", "Provider"),
    ("role.sw_bedrijf", "SW-bedrijf", "Sheltered-work company"),
    ("team_kind.intake", "Intake", "Intake"),
    ("team_kind.werk", "Werk", "Work"),
    ("team_kind.participatie", "Participatie", "Participation"),
    ("team_kind.sw_bedrijf", "SW-bedrijf", "Sheltered-work company"),
    ("team_kind.inkomen", "Inkomen", "Income"),
    // The register: phases, benefit, handovers, contacts.
    ("today.reason.handover_returned", "Overdracht teruggestuurd", "Handover returned"),
    ("today.reason.handover_overdue", "Overdracht te lang open", "Handover overdue"),
    ("today.reason.care_not_arrived", "Zorg niet aangekomen", "Care not arrived"),
    ("today.reason.check_in_due", "Nazorgcontact nodig", "Aftercare check-in due"),
    ("today.reason.appointment_past", "Afspraak verstreken", "Appointment passed"),
    ("today.reason.no_contact", "Lang geen contact", "No contact for long"),
    ("today.reason.reassessment_due", "Klantinzet verouderd", "Assessment out of date"),
    ("phase.intake", "Intake", "Intake"),
    ("phase.diagnose", "Diagnose", "Diagnosis"),
    ("phase.activering", "Activering", "Activation"),
    ("phase.bemiddeling", "Bemiddeling", "Mediation"),
    ("phase.nazorg", "Nazorg", "Aftercare"),
    ("phase.uitgestroomd", "Uitgestroomd", "Flowed out"),
    ("benefit.unknown", "onbekend", "unknown"),
    ("benefit.active", "lopend", "running"),
    ("benefit.ended", "beëindigd", "ended"),
    ("benefit.not_in_roster", "niet in uitkeringsbestand", "not in the benefits roster"),
    ("handover_status.pending", "openstaand", "pending"),
    ("handover_status.accepted", "geaccepteerd", "accepted"),
    ("handover_status.returned", "teruggestuurd", "returned"),
    ("handover_status.withdrawn", "ingetrokken", "withdrawn"),
    ("contact_kind.gesprek", "Gesprek", "Meeting"),
    ("contact_kind.telefoon", "Telefoon", "Phone"),
    ("contact_kind.email", "E-mail", "E-mail"),
    ("contact_kind.huisbezoek", "Huisbezoek", "Home visit"),
    // The five basic skills, and the klantinzetformulier's question for each.
    ("skill.on_time", "Op tijd komen", "Arriving on time"),
    ("skill.commitment", "Inzet tonen", "Showing commitment"),
    ("skill.accepts_direction", "Leiding accepteren", "Accepting direction"),
    ("skill.says_in_time", "Tijdig aangeven iets niet te kunnen of willen", "Saying in time when you cannot or will not do something"),
    ("skill.dresses_for_work", "Kleden naar wat de werkomgeving vraagt", "Dressing for what the workplace asks"),
    ("skill_question.on_time", "Was de klant de afgelopen vier weken bij elke afspraak en werkdag op tijd aanwezig?", "Was the client on time for every appointment and working day in the last four weeks?"),
    ("skill_question.commitment", "Heeft de klant de opgedragen taken volledig uitgevoerd zonder daartoe aangespoord te worden?", "Did the client complete the assigned tasks without needing to be urged?"),
    ("skill_question.accepts_direction", "Voert de klant aanwijzingen van een leidinggevende of begeleider uit zonder discussie of weigering?", "Does the client follow instructions from a supervisor or coach without argument or refusal?"),
    ("skill_question.says_in_time", "Meldt de klant zich vooraf af, of geeft de klant vooraf aan iets niet te kunnen of te willen?", "Does the client call in beforehand, or say beforehand when they cannot or will not do something?"),
    ("skill_question.dresses_for_work", "Komt de klant gekleed zoals de werkplek het vraagt (kleding, verzorging, veiligheid)?", "Does the client come dressed as the workplace requires (clothing, grooming, safety)?"),
    ("trend.first", "eerste meting", "first assessment"),
    ("trend.improved", "vooruitgang", "progress"),
    ("trend.same", "gelijk gebleven", "unchanged"),
    ("trend.declined", "achteruitgang", "decline"),
    // Diagnosis: sources, the Participatieladder and the Zelfredzaamheid-Matrix.
    ("diagnosis_source.file", "Uit het dossier", "From the file"),
    ("diagnosis_source.client", "Van de klant", "From the client"),
    ("diagnosis_source.observation", "Uit observatie", "From observation"),
    ("diagnosis_source.other_organisation", "Van een andere organisatie", "From another organisation"),
    ("instrument.participatieladder", "Participatieladder", "Participation ladder"),
    ("instrument.zrm", "Zelfredzaamheid-Matrix", "Self-sufficiency matrix"),
    ("rung.1", "Geïsoleerd", "Isolated"),
    ("rung.2", "Sociale contacten buitenshuis", "Social contacts outside the home"),
    ("rung.3", "Deelname georganiseerde activiteiten", "Taking part in organised activities"),
    ("rung.4", "Onbetaald werk", "Unpaid work"),
    ("rung.5", "Betaald werk met ondersteuning", "Paid work with support"),
    ("rung.6", "Betaald werk", "Paid work"),
    ("zrm_version.zrm_13", "ZRM, huidige versie (13 domeinen)", "Self-sufficiency matrix, current version (13 domains)"),
    ("zrm_version.zrm_11", "ZRM, oudere versie (11 domeinen)", "Self-sufficiency matrix, older version (11 domains)"),
    // The domains of both editions of the matrix; a key shared by both has one name.
    ("zrm_domain.financien", "Financiën", "Finances"),
    ("zrm_domain.werk_opleiding", "Werk & opleiding", "Work & education"),
    ("zrm_domain.tijdsbesteding", "Tijdsbesteding", "Use of time"),
    ("zrm_domain.dagbesteding", "Dagbesteding", "Daytime activities"),
    ("zrm_domain.huisvesting", "Huisvesting", "Housing"),
    ("zrm_domain.huiselijke_relaties", "Huiselijke relaties", "Domestic relations"),
    ("zrm_domain.geestelijke_gezondheid", "Geestelijke gezondheid", "Mental health"),
    ("zrm_domain.lichamelijke_gezondheid", "Lichamelijke gezondheid", "Physical health"),
    ("zrm_domain.middelengebruik", "Middelengebruik", "Substance use"),
    ("zrm_domain.verslaving", "Verslaving", "Addiction"),
    ("zrm_domain.basale_adl", "Basale ADL", "Basic ADL"),
    ("zrm_domain.instrumentele_adl", "Instrumentele ADL", "Instrumental ADL"),
    ("zrm_domain.adl_vaardigheden", "ADL-vaardigheden", "ADL skills"),
    ("zrm_domain.sociaal_netwerk", "Sociaal netwerk", "Social network"),
    ("zrm_domain.maatschappelijke_participatie", "Maatschappelijke participatie", "Community participation"),
    ("zrm_domain.justitie", "Justitie", "Justice"),
    ("zrm_score.1", "acute problematiek", "acute problems"),
    ("zrm_score.2", "niet zelfredzaam", "not self-sufficient"),
    ("zrm_score.3", "beperkt zelfredzaam", "barely self-sufficient"),
    ("zrm_score.4", "voldoende zelfredzaam", "sufficiently self-sufficient"),
    ("zrm_score.5", "volledig zelfredzaam", "fully self-sufficient"),
    // The trajectplan: goals, the catalogue, how interventions ended.
    ("goal_target.skill", "Basisvaardigheid: {skill}", "Basic skill: {skill}"),
    ("goal_target.rung", "Participatieladder trede {number}: {rung}", "Participation ladder rung {number}: {rung}"),
    ("catalogue_kind.in_house", "eigen module", "in-house module"),
    ("catalogue_kind.bought", "ingekocht", "bought"),
    ("outcome.achieved", "Beoogd effect bereikt", "Intended effect achieved"),
    ("outcome.partly_achieved", "Deels bereikt", "Partly achieved"),
    ("outcome.not_achieved", "Niet bereikt", "Not achieved"),
    ("outcome.stopped", "Voortijdig gestopt", "Stopped early"),
    // Care referrals.
    ("care_kind.care", "Zorg", "Care"),
    ("care_kind.support", "Hulpverlening", "Support"),
    ("care_kind.volunteering", "Vrijwilligerswerk", "Volunteer work"),
    ("referral_status.referred", "verwezen", "referred"),
    ("referral_status.arrived", "aangekomen", "arrived"),
    ("referral_status.ended", "beëindigd", "ended"),
    ("arrival.by_organisation", "Bevestigd door de organisatie", "Confirmed by the organisation"),
    ("arrival.by_client", "Gemeld door de klant", "Reported by the client"),
    ("arrival.observed", "Zelf vastgesteld", "Seen for myself"),
    // Work: employers, vacancies, mediation and why a client is suggested.
    ("sector.care", "Zorg en welzijn", "Care and welfare"),
    ("sector.cleaning", "Schoonmaak", "Cleaning"),
    ("sector.logistics", "Logistiek", "Logistics"),
    ("sector.hospitality", "Horeca", "Hospitality"),
    ("sector.retail", "Detailhandel", "Retail"),
    ("sector.technical", "Techniek", "Technical"),
    ("sector.green", "Groen", "Green spaces"),
    ("sector.office", "Administratie", "Office"),
    ("sector.production", "Productie", "Production"),
    ("sector.other", "Overig", "Other"),
    ("employer_contact_kind.visit", "Bedrijfsbezoek", "Company visit"),
    ("employer_contact_kind.phone", "Telefoon", "Phone"),
    ("employer_contact_kind.email", "E-mail", "E-mail"),
    ("employer_contact_kind.meeting", "Netwerkbijeenkomst", "Network meeting"),
    ("vacancy_status.open", "open", "open"),
    ("vacancy_status.filled", "vervuld", "filled"),
    ("vacancy_status.closed", "gesloten", "closed"),
    ("mediation_step.application_support", "Ondersteuning bij sollicitatie", "Support with the application"),
    ("mediation_step.interview_accompanied", "Meegegaan naar sollicitatiegesprek", "Accompanied to the job interview"),
    ("mediation_step.other", "Overig", "Other"),
    ("mediation_result.hired", "Aangenomen", "Hired"),
    ("mediation_result.not_hired", "Niet aangenomen", "Not hired"),
    ("mediation_result.withdrawn", "Teruggetrokken", "Withdrawn"),
    ("match_reason.all_five_skills", "Klaar voor bemiddeling: alle vijf basisvaardigheden (klantinzetformulier van {date})", "Ready for mediation: all five basic skills (assessment of {date})"),
    ("match_reason.sector_wished", "Wil werken in {sector}", "Wants to work in {sector}"),
    ("match_reason.any_sector", "Heeft geen voorkeur voor een sector", "Has no preference for a sector"),
    ("match_reason.hours_between", "{hours} uur past bij de wens van {min} tot {max} uur", "{hours} hours fits the wish of {min} to {max} hours"),
    ("match_reason.hours_at_least", "{hours} uur past bij de wens van minstens {min} uur", "{hours} hours fits the wish of at least {min} hours"),
    ("match_reason.hours_at_most", "{hours} uur past bij de wens van hoogstens {max} uur", "{hours} hours fits the wish of at most {max} hours"),
    ("match_reason.hours", "{hours} uur", "{hours} hours"),
    ("match_reason.no_hours_wish", "{hours} uur; geen wens over uren vastgelegd", "{hours} hours; no wish about hours recorded"),
    // Outflow, aftercare and sanctions.
    ("outflow_kind.full", "Volledige uitstroom", "Full outflow"),
    ("outflow_kind.partial", "Gedeeltelijke uitstroom (parttime werk naast een lagere uitkering)", "Partial outflow (part-time work next to a reduced benefit)"),
    ("outflow_reason.paid_work", "Betaald werk in loondienst", "Paid employment"),
    ("outflow_reason.own_business", "Start als zelfstandige", "Self-employment"),
    ("outflow_reason.education", "Opleiding met studiefinanciering", "Education with student finance"),
    ("outflow_reason.other", "Anders", "Other"),
    ("age_band.under_27", "jonger dan 27", "under 27"),
    ("age_band.27_44", "27–44 jaar", "27–44 years"),
    ("age_band.45_54", "45–54 jaar", "45–54 years"),
    ("age_band.55_plus", "55 jaar en ouder", "55 and over"),
    ("benefit_time.under_1y", "korter dan 1 jaar in beeld", "known less than 1 year"),
    ("benefit_time.1_3y", "1–3 jaar in beeld", "known 1–3 years"),
    ("benefit_time.over_3y", "langer dan 3 jaar in beeld", "known over 3 years"),
    ("zrm_band.acute", "ZRM: een domein acuut (1)", "ZRM: a domain in crisis (1)"),
    ("zrm_band.not_self_reliant", "ZRM: laagste score 2 (niet zelfredzaam)", "ZRM: lowest score 2 (not self-reliant)"),
    ("zrm_band.limited", "ZRM: laagste score 3 (beperkt zelfredzaam)", "ZRM: lowest score 3 (limited self-reliance)"),
    ("zrm_band.self_reliant", "ZRM: overal 4 of 5 (zelfredzaam)", "ZRM: 4 or 5 everywhere (self-reliant)"),
    ("dimension.everyone", "Alle klanten samen", "All clients together"),
    ("dimension.rung", "Trede op de Participatieladder bij de start", "Participation ladder rung at the start"),
    ("dimension.zrm", "Zelfredzaamheid (ZRM) bij de start", "Self-reliance (ZRM) at the start"),
    ("dimension.age", "Leeftijd bij de start", "Age at the start"),
    ("dimension.benefit_time", "Tijd in beeld bij de start", "Time known at the start"),
    ("dimension.team", "Team bij de start", "Team at the start"),
    ("dimension.phase", "Fase bij de start", "Phase at the start"),
    ("durability.pending", "nog binnen de terugvaltermijn", "still within the return window"),
    ("durability.durable", "duurzaam", "durable"),
    ("durability.not_durable", "niet duurzaam: terug in de uitkering", "not durable: back on benefit"),
    ("legal_basis.pw_18_2", "Participatiewet art. 18 lid 2 (verplichtingen niet nagekomen)", "Participation Act art. 18(2) (obligations not met)"),
    ("legal_basis.pw_18_4", "Participatiewet art. 18 lid 4 (arbeidsverplichtingen)", "Participation Act art. 18(4) (work-related obligations)"),
    ("legal_basis.verordening", "Afstemmingsverordening van de gemeente", "The municipality's sanctions regulation"),
    ("decision.imposed", "Opgelegd: verlaging met {percent}% gedurende {months} maand(en)", "Imposed: reduction of {percent}% for {months} month(s)"),
    ("decision.waived", "Afgezien van een maatregel", "Sanction waived"),
    // The placeholders of letter templates: what each is filled with.
    ("placeholder.naam", "naam van de klant", "the client's name"),
    ("placeholder.datum", "datum van de brief", "date of the letter"),
    ("placeholder.klantmanager", "naam van de klantmanager", "the caseworker's name"),
    ("placeholder.team", "team van de klantmanager", "the caseworker's team"),
    ("placeholder.organisatie", "naam van de sociale dienst", "name of the social service"),
    ("placeholder.werkgever", "werkgever bij de laatste uitstroom", "employer at the latest outflow"),
    ("placeholder.uren", "uren per week bij de laatste uitstroom", "hours a week at the latest outflow"),
    ("placeholder.startdatum", "datum van de laatste uitstroom", "date of the latest outflow"),
    ("placeholder.nazorg_tot", "einde van de nazorg", "end of aftercare"),
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
    ("intervision_method.incident_method", "incidentmethode", "incident method"),
    ("intervision_method.socratic_dialogue", "socratisch gesprek", "Socratic dialogue"),
    ("intervision_method.peer_consultation", "collegiale consultatie", "peer consultation"),
    ("intervision_method.case_consultation", "casuïstiekoverleg", "case consultation"),
    ("intervision_method.other", "andere methode", "other method"),
    ("meeting_outcome.accepted", "geaccepteerd", "accepted"),
    ("meeting_outcome.returned", "teruggestuurd", "returned"),
    ("meeting_outcome.postponed", "uitgesteld", "postponed"),
    ("meeting_outcome.other", "anders", "other"),
    ("agenda_section.inkomend", "Binnenkomend", "Incoming"),
    ("agenda_section.uitgaand", "Uitgaand", "Outgoing"),
    ("agenda_section.te_laat", "Te laat", "Overdue"),
    ("agenda_section.teruggestuurd", "Teruggestuurd", "Returned"),
    ("placeholder.adres", "straat en huisnummer van de klant", "the client's street and number"),
    ("placeholder.postcode", "postcode van de klant", "the client's postcode"),
    ("placeholder.woonplaats", "woonplaats van de klant", "the client's place"),
    ("method_kind.methodiek", "methodiek", "method"),
    ("method_kind.protocol", "protocol", "protocol"),
    ("standing.concept", "concept", "concept"),
    ("standing.upcoming", "definitief, nog niet ingegaan", "definitive, not yet in effect"),
    ("standing.in_force", "geldend", "in force"),
    ("standing.superseded", "vervangen", "superseded"),
    ("method_instrument.participatieladder", "Participatieladder", "Participation ladder"),
    ("method_instrument.zrm", "Zelfredzaamheid-Matrix", "Self-sufficiency matrix"),
    ("method_instrument.vijf_vaardigheden", "Vijf vaardigheden (klantinzetformulier)", "Five skills (client deployment form)"),
];

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use zicht_domain::reintegration::letters::PLACEHOLDERS;

    use super::*;
    use crate::i18n::Lang;

    /// Every key the code asks for: one per value of every code enum, and
    /// those of the values and sentences without one.
    fn every_key() -> HashSet<String> {
        let mut keys: HashSet<String> = every_code().into_iter().flat_map(|(_, k)| k).collect();
        let mut add = |group: &str, codes: &mut dyn Iterator<Item = String>| {
            keys.extend(codes.map(|c| format!("{group}.{c}")));
        };
        add("def", &mut Indicator::ALL.iter().map(|i| i.as_str().into()));
        add(
            "skill_question",
            &mut Skill::ALL.iter().map(|s| s.as_str().into()),
        );
        add(
            "rung",
            &mut LadderRung::all().map(|r| r.number().to_string()),
        );
        add("zrm_score", &mut (1..=5).map(|n: u8| n.to_string()));
        add(
            "zrm_domain",
            &mut ZrmVersion::ALL
                .iter()
                .flat_map(|v| v.domains())
                .map(|d| d.to_string()),
        );
        add(
            "placeholder",
            &mut PLACEHOLDERS.iter().map(|p| p.to_string()),
        );
        add(
            "goal_target",
            &mut ["skill", "rung"].map(String::from).into_iter(),
        );
        add(
            "decision",
            &mut ["imposed", "waived"].map(String::from).into_iter(),
        );
        let reasons = [
            "all_five_skills",
            "sector_wished",
            "any_sector",
            "hours_between",
            "hours_at_least",
            "hours_at_most",
            "hours",
            "no_hours_wish",
        ];
        add("match_reason", &mut reasons.map(String::from).into_iter());
        keys
    }

    #[test]
    fn every_code_of_every_code_enum_has_a_dutch_and_an_english_label() {
        let (nl, en) = (Tr::new(Lang::Nl), Tr::new(Lang::En));
        for (group, keys) in every_code() {
            assert!(!keys.is_empty(), "{group}");
            for key in keys {
                assert_ne!(nl.t_owned(&key), "—", "{key} has no Dutch label");
                assert_ne!(en.t_owned(&key), "—", "{key} has no English label");
            }
        }
    }

    /// Both ways: nothing the pages ask for is missing, and no label is left
    /// for a code that no longer exists.
    #[test]
    fn the_labels_are_exactly_the_keys_asked_for() {
        let asked = every_key();
        let table: HashSet<String> = LABELS.iter().map(|(k, _, _)| k.to_string()).collect();
        let mut missing: Vec<_> = asked.difference(&table).collect();
        let mut dead: Vec<_> = table.difference(&asked).collect();
        missing.sort();
        dead.sort();
        assert!(missing.is_empty(), "no label for {missing:?}");
        assert!(dead.is_empty(), "labels for no code: {dead:?}");
    }

    /// Five different questions, each about "de klant", never "hij".
    #[test]
    fn the_five_questions_differ_and_speak_of_the_client() {
        for tr in [Tr::new(Lang::Nl), Tr::new(Lang::En)] {
            let questions: HashSet<_> = Skill::ALL.iter().map(|s| tr.question(s)).collect();
            assert_eq!(questions.len(), Skill::ALL.len());
        }
        for skill in Skill::ALL {
            let q = Tr::new(Lang::Nl).question(&skill);
            assert!(q.contains("de klant"), "{q}");
            let words: Vec<_> = q.split(|c: char| !c.is_alphabetic()).collect();
            assert!(!words.contains(&"hij") && !words.contains(&"zij"), "{q}");
        }
    }

    #[test]
    fn sentences_from_codes() {
        let (nl, en) = (Tr::new(Lang::Nl), Tr::new(Lang::En));
        let rung = GoalTarget::Rung(LadderRung::new(4).unwrap());
        assert_eq!(
            nl.goal_target(&rung),
            "Participatieladder trede 4: Onbetaald werk"
        );
        assert_eq!(
            en.goal_target(&rung),
            "Participation ladder rung 4: Unpaid work"
        );
        let imposed = SanctionDecision::Imposed {
            percent: 20,
            months: 2,
        };
        assert_eq!(
            en.decision(&imposed),
            "Imposed: reduction of 20% for 2 month(s)"
        );
        let hours = MatchReason::HoursFit {
            hours: 20,
            min: Some(16),
            max: None,
        };
        assert_eq!(
            nl.match_reason(&hours),
            "20 uur past bij de wens van minstens 16 uur"
        );
        let sector = MatchReason::SectorWished {
            sector: Sector::Hospitality,
        };
        assert_eq!(nl.match_reason(&sector), "Wil werken in horeca");
        assert_eq!(en.label(Phase::Diagnose), "Diagnosis");
        // Templates hand over references.
        let by_reference: &Phase = &Phase::Diagnose;
        assert_eq!(en.label(by_reference), "Diagnosis");
        assert_eq!(nl.zrm_score(&3), "beperkt zelfredzaam");
        assert_eq!(en.zrm_domain("financien"), "Finances");
    }
}
