//! The five basic skills employers ask for, and the klantinzetformulier that
//! assesses them with fixed yes/no questions (their words are the web
//! layer's, in `zicht_web::i18n`).

use serde::{Deserialize, Serialize};

use crate::code::code_enum;

code_enum! {
    /// One of the five basic skills (seed 003).
    pub enum Skill {
        OnTime => "on_time",
        Commitment => "commitment",
        AcceptsDirection => "accepts_direction",
        SaysInTime => "says_in_time",
        DressesForWork => "dresses_for_work",
    }
}

/// The answers of one assessment: which skills the client has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SkillSet {
    pub on_time: bool,
    pub commitment: bool,
    pub accepts_direction: bool,
    pub says_in_time: bool,
    pub dresses_for_work: bool,
}

impl SkillSet {
    pub fn from_skills(skills: &[Skill]) -> Self {
        let mut s = SkillSet::default();
        for skill in skills {
            *s.slot(*skill) = true;
        }
        s
    }

    pub fn has(&self, skill: Skill) -> bool {
        match skill {
            Skill::OnTime => self.on_time,
            Skill::Commitment => self.commitment,
            Skill::AcceptsDirection => self.accepts_direction,
            Skill::SaysInTime => self.says_in_time,
            Skill::DressesForWork => self.dresses_for_work,
        }
    }

    fn slot(&mut self, skill: Skill) -> &mut bool {
        match skill {
            Skill::OnTime => &mut self.on_time,
            Skill::Commitment => &mut self.commitment,
            Skill::AcceptsDirection => &mut self.accepts_direction,
            Skill::SaysInTime => &mut self.says_in_time,
            Skill::DressesForWork => &mut self.dresses_for_work,
        }
    }

    pub fn count(&self) -> usize {
        Skill::ALL.iter().filter(|s| self.has(**s)).count()
    }

    /// "Klaar voor bemiddeling": the client has all five skills.
    pub fn ready_for_mediation(&self) -> bool {
        self.count() == Skill::ALL.len()
    }

    pub fn missing(&self) -> Vec<Skill> {
        Skill::ALL.into_iter().filter(|s| !self.has(*s)).collect()
    }
}

code_enum! {
    /// How the latest assessment compares with the one before it.
    pub enum Trend {
        First => "first",
        Improved => "improved",
        Same => "same",
        Declined => "declined",
    }
}

impl Trend {
    pub fn between(previous: Option<&SkillSet>, latest: &SkillSet) -> Trend {
        match previous {
            None => Trend::First,
            Some(p) => match latest.count().cmp(&p.count()) {
                std::cmp::Ordering::Greater => Trend::Improved,
                std::cmp::Ordering::Equal => Trend::Same,
                std::cmp::Ordering::Less => Trend::Declined,
            },
        }
    }
}

/// A five-skills assessment as entered: on a day not in the future.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAssessment {
    pub assessed_on: time::Date,
    pub skills: SkillSet,
    pub remarks: String,
}

impl NewAssessment {
    /// An empty date is today.
    pub fn parse(
        assessed_on: &str,
        skills: SkillSet,
        remarks: &str,
        today: time::Date,
    ) -> Result<Self, Vec<crate::DomainError>> {
        let mut errors = Vec::new();
        let assessed_on =
            crate::reintegration::diagnosis::past_or_today("assessed_on", assessed_on, today)
                .map_err(|e| errors.push(e))
                .ok();
        let remarks = crate::text::optional("remarks", remarks, crate::text::LONG)
            .map_err(|e| errors.push(e))
            .ok();
        match (assessed_on, remarks) {
            (Some(assessed_on), Some(remarks)) if errors.is_empty() => Ok(Self {
                assessed_on,
                skills,
                remarks,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ready_only_with_all_five() {
        let all = SkillSet::from_skills(&Skill::ALL);
        assert!(all.ready_for_mediation());
        assert!(all.missing().is_empty());
        for skill in Skill::ALL {
            let without: Vec<_> = Skill::ALL.into_iter().filter(|s| *s != skill).collect();
            let set = SkillSet::from_skills(&without);
            assert!(!set.ready_for_mediation());
            assert_eq!(set.missing(), vec![skill]);
        }
    }

    #[test]
    fn trend_by_count() {
        let two = SkillSet::from_skills(&[Skill::OnTime, Skill::Commitment]);
        let three = SkillSet::from_skills(&[Skill::OnTime, Skill::Commitment, Skill::SaysInTime]);
        assert_eq!(Trend::between(None, &two), Trend::First);
        assert_eq!(Trend::between(Some(&two), &three), Trend::Improved);
        assert_eq!(Trend::between(Some(&three), &two), Trend::Declined);
        assert_eq!(Trend::between(Some(&two), &two), Trend::Same);
    }
}
