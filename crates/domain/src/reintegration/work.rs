//! Paid and volunteer work: employers and their vacancies, what a client
//! wishes, matching a vacancy to clients who are *klaar voor bemiddeling*
//! (all five basic skills) with the reasons for each suggestion, the steps
//! of mediation, and volunteer placements.

use serde::{Deserialize, Serialize};
use time::Date;

use super::diagnosis::past_or_today;
use crate::{code::code_enum, error::DomainError, skills::SkillSet, text, ClientId};

code_enum! {
    /// Sectors employers are in and clients may wish to work in.
    #[derive(PartialOrd, Ord)]
    pub enum Sector {
        Care => "care",
        Cleaning => "cleaning",
        Logistics => "logistics",
        Hospitality => "hospitality",
        Retail => "retail",
        Technical => "technical",
        Green => "green",
        Office => "office",
        Production => "production",
        Other => "other",
    }
    parse: invalid("sector", "sector_invalid")
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewEmployer {
    pub name: String,
    pub sector: Sector,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
}

impl NewEmployer {
    pub fn parse(
        name: &str,
        sector: &str,
        contact_name: &str,
        contact_email: &str,
        contact_phone: &str,
    ) -> Result<Self, Vec<DomainError>> {
        let mut errors = Vec::new();
        let name = text::required("name", name, "employer_name_required", text::SHORT)
            .map_err(|e| errors.push(e))
            .ok();
        let sector = Sector::parse(sector).map_err(|e| errors.push(e)).ok();
        let mut short = |field, raw: &str| {
            text::optional(field, raw, text::SHORT)
                .map_err(|e| errors.push(e))
                .ok()
        };
        let contact_name = short("contact_name", contact_name);
        let contact_email = short("contact_email", contact_email);
        let contact_phone = short("contact_phone", contact_phone);
        if let Some(e) = contact_email.as_deref() {
            if !e.is_empty() && !e.contains('@') {
                errors.push(DomainError::invalid("contact_email", "email_invalid"));
            }
        }
        match (name, sector, contact_name, contact_email, contact_phone) {
            (
                Some(name),
                Some(sector),
                Some(contact_name),
                Some(contact_email),
                Some(contact_phone),
            ) if errors.is_empty() => Ok(Self {
                name,
                sector,
                contact_name,
                contact_email,
                contact_phone,
            }),
            _ => Err(errors),
        }
    }
}

code_enum! {
    /// How a caseworker was in touch with an employer.
    pub enum EmployerContactKind {
        Visit => "visit",
        Phone => "phone",
        Email => "email",
        Meeting => "meeting",
    }
    parse: invalid("kind", "employer_contact_kind_invalid")
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewEmployerContact {
    pub on: Date,
    pub kind: EmployerContactKind,
    pub outcome: String,
}

impl NewEmployerContact {
    pub fn parse(
        on: &str,
        kind: &str,
        outcome: &str,
        today: Date,
    ) -> Result<Self, Vec<DomainError>> {
        let mut errors = Vec::new();
        let on = past_or_today("on", on, today)
            .map_err(|e| errors.push(e))
            .ok();
        let kind = EmployerContactKind::parse(kind)
            .map_err(|e| errors.push(e))
            .ok();
        let outcome = text::required(
            "outcome",
            outcome,
            "employer_contact_outcome_required",
            text::LONG,
        )
        .map_err(|e| errors.push(e))
        .ok();
        match (on, kind, outcome) {
            (Some(on), Some(kind), Some(outcome)) if errors.is_empty() => {
                Ok(Self { on, kind, outcome })
            }
            _ => Err(errors),
        }
    }
}

/// Hours a week: a job or a wish runs from 1 to 40.
fn hours(field: &'static str, raw: &str, required: bool) -> Result<Option<u32>, DomainError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return if required {
            Err(DomainError::invalid(field, "hours_range"))
        } else {
            Ok(None)
        };
    }
    match raw.parse::<u32>() {
        Ok(h @ 1..=40) => Ok(Some(h)),
        _ => Err(DomainError::invalid(field, "hours_range")),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewVacancy {
    pub title: String,
    pub sector: Sector,
    pub hours_per_week: u32,
    /// What the employer asks beyond the five basic skills (a driving
    /// licence, lifting, shifts), in their words.
    pub requirements: String,
}

impl NewVacancy {
    pub fn parse(
        title: &str,
        sector: &str,
        hours_per_week: &str,
        requirements: &str,
    ) -> Result<Self, Vec<DomainError>> {
        let mut errors = Vec::new();
        let title = text::required("title", title, "vacancy_title_required", text::SHORT)
            .map_err(|e| errors.push(e))
            .ok();
        let sector = Sector::parse(sector).map_err(|e| errors.push(e)).ok();
        let hours = hours("hours_per_week", hours_per_week, true)
            .map_err(|e| errors.push(e))
            .ok()
            .flatten();
        let requirements = text::optional("requirements", requirements, text::LONG)
            .map_err(|e| errors.push(e))
            .ok();
        match (title, sector, hours, requirements) {
            (Some(title), Some(sector), Some(hours_per_week), Some(requirements))
                if errors.is_empty() =>
            {
                Ok(Self {
                    title,
                    sector,
                    hours_per_week,
                    requirements,
                })
            }
            _ => Err(errors),
        }
    }
}

code_enum! {
    pub enum VacancyStatus {
        Open => "open",
        Filled => "filled",
        Closed => "closed",
    }
    parse: invalid("status", "vacancy_status_invalid")
}

/// What a client wishes: sectors (none: any) and hours a week.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct WorkWishes {
    pub sectors: Vec<Sector>,
    pub min_hours: Option<u32>,
    pub max_hours: Option<u32>,
    pub remarks: String,
}

impl WorkWishes {
    pub fn parse(
        sectors: &[String],
        min_hours: &str,
        max_hours: &str,
        remarks: &str,
    ) -> Result<Self, Vec<DomainError>> {
        let mut errors = Vec::new();
        let mut parsed = Vec::new();
        for s in sectors.iter().filter(|s| !s.trim().is_empty()) {
            match Sector::parse(s) {
                Ok(s) if !parsed.contains(&s) => parsed.push(s),
                Ok(_) => {}
                Err(e) => errors.push(e),
            }
        }
        parsed.sort();
        let min = hours("min_hours", min_hours, false)
            .map_err(|e| errors.push(e))
            .ok()
            .flatten();
        let max = hours("max_hours", max_hours, false)
            .map_err(|e| errors.push(e))
            .ok()
            .flatten();
        if let (Some(a), Some(b)) = (min, max) {
            if a > b {
                errors.push(DomainError::invalid("max_hours", "hours_reversed"));
            }
        }
        let remarks = text::optional("remarks", remarks, text::LONG)
            .map_err(|e| errors.push(e))
            .ok();
        match remarks {
            Some(remarks) if errors.is_empty() => Ok(Self {
                sectors: parsed,
                min_hours: min,
                max_hours: max,
                remarks,
            }),
            _ => Err(errors),
        }
    }
}

/// A vacancy as the matching needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VacancyFit {
    pub sector: Sector,
    pub hours_per_week: u32,
}

/// A client as the matching needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub client: ClientId,
    /// The latest klantinzetformulier and its date.
    pub skills: Option<(Date, SkillSet)>,
    pub wishes: Option<WorkWishes>,
    /// Already proposed for this vacancy (a mediation under way or done).
    pub already_proposed: bool,
}

/// Why a client is suggested for a vacancy, in words a caseworker reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MatchReason {
    /// All five basic skills on the latest assessment.
    AllFiveSkills {
        assessed_on: Date,
    },
    /// The vacancy's sector is one the client wishes.
    SectorWished {
        sector: Sector,
    },
    /// The client named no sector, so any will do.
    AnySector,
    HoursFit {
        hours: u32,
        min: Option<u32>,
        max: Option<u32>,
    },
    NoHoursWish {
        hours: u32,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    pub client: ClientId,
    pub reasons: Vec<MatchReason>,
}

/// The clients to suggest for a vacancy: only those ready for mediation
/// (all five skills on their latest assessment) whose wishes the vacancy
/// fits, never one already proposed; each with the reasons, best fits first
/// (a wished sector before "any sector"), then in the order given.
pub fn suggest(vacancy: VacancyFit, candidates: &[Candidate]) -> Vec<Suggestion> {
    let mut out: Vec<(u8, usize, Suggestion)> = Vec::new();
    for (i, c) in candidates.iter().enumerate() {
        let Some((assessed_on, skills)) = c.skills else {
            continue;
        };
        if !skills.ready_for_mediation() || c.already_proposed {
            continue;
        }
        let wishes = c.wishes.clone().unwrap_or_default();
        let mut reasons = vec![MatchReason::AllFiveSkills { assessed_on }];
        let rank = if wishes.sectors.is_empty() {
            reasons.push(MatchReason::AnySector);
            1
        } else if wishes.sectors.contains(&vacancy.sector) {
            reasons.push(MatchReason::SectorWished {
                sector: vacancy.sector,
            });
            0
        } else {
            continue;
        };
        let h = vacancy.hours_per_week;
        if wishes.min_hours.is_none() && wishes.max_hours.is_none() {
            reasons.push(MatchReason::NoHoursWish { hours: h });
        } else if wishes.min_hours.is_none_or(|m| h >= m) && wishes.max_hours.is_none_or(|m| h <= m)
        {
            reasons.push(MatchReason::HoursFit {
                hours: h,
                min: wishes.min_hours,
                max: wishes.max_hours,
            });
        } else {
            continue;
        }
        out.push((
            rank,
            i,
            Suggestion {
                client: c.client,
                reasons,
            },
        ));
    }
    out.sort_by_key(|(rank, i, _)| (*rank, *i));
    out.into_iter().map(|(_, _, s)| s).collect()
}

code_enum! {
    /// A step in mediating a client to a vacancy.
    pub enum MediationStep {
        /// Help with the letter, the cv, the form.
        ApplicationSupport => "application_support",
        /// Went along to the job interview.
        InterviewAccompanied => "interview_accompanied",
        /// Anything else worth recording (a trial day, a call with the employer).
        Other => "other",
    }
    parse: invalid("step", "mediation_step_invalid")
}

code_enum! {
    pub enum MediationResult {
        Hired => "hired",
        NotHired => "not_hired",
        Withdrawn => "withdrawn",
    }
    parse: invalid("result", "mediation_result_invalid")
}

/// A dated note: a mediation step or result, an aftercare check-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatedNote {
    pub on: Date,
    pub note: String,
}

impl DatedNote {
    /// A date not in the future (empty is today); the note is optional.
    pub fn parse(on: &str, note: &str, today: Date) -> Result<Self, Vec<DomainError>> {
        let mut errors = Vec::new();
        let on = past_or_today("on", on, today)
            .map_err(|e| errors.push(e))
            .ok();
        let note = text::optional("note", note, text::LONG)
            .map_err(|e| errors.push(e))
            .ok();
        match (on, note) {
            (Some(on), Some(note)) if errors.is_empty() => Ok(Self { on, note }),
            _ => Err(errors),
        }
    }
}

/// The end of a volunteer placement, with its reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VolunteerEnd {
    pub ends_on: Date,
    pub reason: String,
}

impl VolunteerEnd {
    /// The end date may lie ahead (a placement agreed to end); empty is today.
    pub fn parse(ends_on: &str, reason: &str, today: Date) -> Result<Self, Vec<DomainError>> {
        let mut errors = Vec::new();
        let ends_on = if ends_on.trim().is_empty() {
            Some(today)
        } else {
            text::parse_date("ends_on", ends_on)
                .map_err(|e| errors.push(e))
                .ok()
        };
        let reason = text::required(
            "reason",
            reason,
            "placement_end_reason_required",
            text::LONG,
        )
        .map_err(|e| errors.push(e))
        .ok();
        match (ends_on, reason) {
            (Some(ends_on), Some(reason)) if errors.is_empty() => Ok(Self { ends_on, reason }),
            _ => Err(errors),
        }
    }

    /// A placement cannot end before it started; the store knows when.
    pub fn after_start(&self, starts_on: Date) -> Result<(), DomainError> {
        if self.ends_on < starts_on {
            Err(DomainError::invalid("ends_on", "ended_before_start"))
        } else {
            Ok(())
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewVolunteerPlacement {
    pub starts_on: Date,
    pub hours_per_week: Option<u32>,
    pub description: String,
}

impl NewVolunteerPlacement {
    pub fn parse(
        starts_on: &str,
        hours_per_week: &str,
        description: &str,
    ) -> Result<Self, Vec<DomainError>> {
        let mut errors = Vec::new();
        let starts_on = text::parse_date("starts_on", starts_on)
            .map_err(|e| errors.push(e))
            .ok();
        let h = hours("hours_per_week", hours_per_week, false)
            .map_err(|e| errors.push(e))
            .ok();
        let description = text::required(
            "description",
            description,
            "placement_description_required",
            text::LONG,
        )
        .map_err(|e| errors.push(e))
        .ok();
        match (starts_on, h, description) {
            (Some(starts_on), Some(hours_per_week), Some(description)) if errors.is_empty() => {
                Ok(Self {
                    starts_on,
                    hours_per_week,
                    description,
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::skills::Skill;
    use time::macros::date;

    fn ready() -> Option<(Date, SkillSet)> {
        Some((date!(2026 - 11 - 01), SkillSet::from_skills(&Skill::ALL)))
    }

    fn candidate(
        id: i64,
        skills: Option<(Date, SkillSet)>,
        wishes: Option<WorkWishes>,
    ) -> Candidate {
        Candidate {
            client: ClientId(id),
            skills,
            wishes,
            already_proposed: false,
        }
    }

    fn wishes(sectors: &[Sector], min: Option<u32>, max: Option<u32>) -> Option<WorkWishes> {
        Some(WorkWishes {
            sectors: sectors.to_vec(),
            min_hours: min,
            max_hours: max,
            remarks: String::new(),
        })
    }

    const CARE_20: VacancyFit = VacancyFit {
        sector: Sector::Care,
        hours_per_week: 20,
    };

    #[test]
    fn only_clients_with_all_five_skills_are_ever_suggested() {
        for missing in Skill::ALL {
            let four: Vec<_> = Skill::ALL.into_iter().filter(|s| *s != missing).collect();
            let c = candidate(
                1,
                Some((date!(2026 - 11 - 01), SkillSet::from_skills(&four))),
                None,
            );
            assert!(suggest(CARE_20, &[c]).is_empty(), "without {missing:?}");
        }
        assert!(
            suggest(CARE_20, &[candidate(2, None, None)]).is_empty(),
            "never assessed"
        );
        let s = suggest(CARE_20, &[candidate(3, ready(), None)]);
        assert_eq!(s.len(), 1);
        assert_eq!(
            s[0].reasons,
            vec![
                MatchReason::AllFiveSkills {
                    assessed_on: date!(2026 - 11 - 01)
                },
                MatchReason::AnySector,
                MatchReason::NoHoursWish { hours: 20 }
            ]
        );
    }

    #[test]
    fn wishes_filter_and_rank_with_their_reasons() {
        let s = suggest(
            CARE_20,
            &[
                candidate(1, ready(), None),
                candidate(2, ready(), wishes(&[Sector::Retail], None, None)),
                candidate(
                    3,
                    ready(),
                    wishes(&[Sector::Care, Sector::Retail], Some(16), Some(24)),
                ),
                candidate(4, ready(), wishes(&[Sector::Care], Some(24), Some(32))),
                candidate(5, ready(), wishes(&[], None, Some(20))),
            ],
        );
        let ids: Vec<_> = s.iter().map(|s| s.client.0).collect();
        // The wished sector first; retail-only and too few hours left out.
        assert_eq!(ids, vec![3, 1, 5]);
        assert!(s[0].reasons.contains(&MatchReason::SectorWished {
            sector: Sector::Care
        }));
        assert!(s[0].reasons.contains(&MatchReason::HoursFit {
            hours: 20,
            min: Some(16),
            max: Some(24)
        }));
    }

    #[test]
    fn a_client_is_not_suggested_twice_for_one_vacancy() {
        let mut c = candidate(1, ready(), None);
        c.already_proposed = true;
        assert!(suggest(CARE_20, &[c]).is_empty());
    }

    #[test]
    fn wishes_and_vacancies_validate_hours() {
        assert_eq!(
            WorkWishes::parse(&[], "30", "20", "").unwrap_err()[0].code,
            "hours_reversed"
        );
        assert_eq!(
            WorkWishes::parse(&["ruimtevaart".into()], "", "", "").unwrap_err()[0].code,
            "sector_invalid"
        );
        let w = WorkWishes::parse(
            &["care".into(), "retail".into(), "care".into()],
            "",
            "24",
            "",
        )
        .unwrap();
        assert_eq!(w.sectors, vec![Sector::Care, Sector::Retail]);
        let errs = NewVacancy::parse("", "care", "0", "").unwrap_err();
        let codes: Vec<_> = errs.iter().map(|e| e.code).collect();
        assert_eq!(codes, vec!["vacancy_title_required", "hours_range"]);
    }
}
