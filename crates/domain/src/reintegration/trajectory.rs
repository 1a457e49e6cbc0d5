//! The trajectplan: goals (a basic skill or a rung of the Participatieladder)
//! and the interventions chosen for them from the organisation's catalogue,
//! each with its reasoning (the *interventietheorie*) and its result.

use serde::{Deserialize, Serialize};
use time::Date;

use super::diagnosis::{past_or_today, LadderRung};
use crate::{
    code::code_enum, error::DomainError, method::MethodVersionId, skills::Skill, text,
    CatalogueItemId, GoalId,
};

/// What a goal aims at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum GoalTarget {
    /// Acquiring one of the five basic skills.
    Skill(Skill),
    /// Reaching a rung of the Participatieladder.
    Rung(LadderRung),
}

impl GoalTarget {
    /// Form value: `skill:on_time` or `rung:4`.
    pub fn as_value(self) -> String {
        match self {
            GoalTarget::Skill(s) => format!("skill:{}", s.as_str()),
            GoalTarget::Rung(r) => format!("rung:{}", r.number()),
        }
    }
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let bad = || DomainError::invalid("target", "goal_target_invalid");
        match raw.trim().split_once(':') {
            Some(("skill", s)) => Skill::from_code(s).map(GoalTarget::Skill).ok_or_else(bad),
            Some(("rung", r)) => LadderRung::parse(r)
                .map(GoalTarget::Rung)
                .map_err(|_| bad()),
            _ => Err(bad()),
        }
    }
    /// Every target a goal can have, for a form.
    pub fn all() -> Vec<GoalTarget> {
        Skill::ALL
            .into_iter()
            .map(GoalTarget::Skill)
            .chain(LadderRung::all().map(GoalTarget::Rung))
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewGoal {
    pub target: GoalTarget,
    pub description: String,
}

impl NewGoal {
    pub fn parse(target: &str, description: &str) -> Result<Self, Vec<DomainError>> {
        let mut errors = Vec::new();
        let target = GoalTarget::parse(target).map_err(|e| errors.push(e)).ok();
        let description = text::required(
            "description",
            description,
            "goal_description_required",
            text::LONG,
        )
        .map_err(|e| errors.push(e))
        .ok();
        match (target, description) {
            (Some(target), Some(description)) if errors.is_empty() => Ok(Self {
                target,
                description,
            }),
            _ => Err(errors),
        }
    }
}

code_enum! {
    /// Whether a catalogue item is done in-house or bought from a provider.
    pub enum CatalogueKind {
        InHouse => "in_house",
        Bought => "bought",
    }
    parse: exact
}

/// Why this intervention, for this client, and what it should lead to. All
/// three are required: a choice nobody can explain cannot be learned from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reasoning {
    pub why_this: String,
    pub why_client: String,
    pub expected: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewIntervention {
    pub catalogue_item: CatalogueItemId,
    pub goal: Option<GoalId>,
    pub reasoning: Reasoning,
    pub starts_on: Date,
    pub planned_end_on: Date,
    /// The protocol version the intervention follows, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol_version: Option<MethodVersionId>,
}

impl NewIntervention {
    #[allow(clippy::too_many_arguments)]
    pub fn parse(
        catalogue_item: &str,
        goal: &str,
        why_this: &str,
        why_client: &str,
        expected: &str,
        starts_on: &str,
        planned_end_on: &str,
        protocol_version: &str,
    ) -> Result<Self, Vec<DomainError>> {
        let mut errors = Vec::new();
        let protocol_version = if protocol_version.trim().is_empty() {
            Some(None)
        } else {
            protocol_version
                .trim()
                .parse::<i64>()
                .map(|v| Some(MethodVersionId(v)))
                .map_err(|_| {
                    errors.push(DomainError::invalid(
                        "protocol_version_id",
                        "protocol_version_unknown",
                    ))
                })
                .ok()
        };
        let item = catalogue_item
            .trim()
            .parse::<i64>()
            .map(CatalogueItemId)
            .map_err(|_| {
                errors.push(DomainError::invalid(
                    "catalogue_item_id",
                    "catalogue_item_required",
                ))
            })
            .ok();
        let goal = if goal.trim().is_empty() {
            Some(None)
        } else {
            goal.trim()
                .parse::<i64>()
                .map(|g| Some(GoalId(g)))
                .map_err(|_| errors.push(DomainError::invalid("goal_id", "goal_unknown")))
                .ok()
        };
        let mut reason = |field, raw: &str, code| {
            text::required(field, raw, code, text::LONG)
                .map_err(|e| errors.push(e))
                .ok()
        };
        let why_this = reason("why_this", why_this, "reasoning_why_this_required");
        let why_client = reason("why_client", why_client, "reasoning_why_client_required");
        let expected = reason("expected", expected, "reasoning_expected_required");
        let starts_on = text::parse_date("starts_on", starts_on)
            .map_err(|e| errors.push(e))
            .ok();
        let planned = text::parse_date("planned_end_on", planned_end_on)
            .map_err(|e| errors.push(e))
            .ok();
        if let (Some(s), Some(p)) = (starts_on, planned) {
            if p < s {
                errors.push(DomainError::invalid(
                    "planned_end_on",
                    "planned_end_before_start",
                ));
            }
        }
        match (
            item,
            goal,
            why_this,
            why_client,
            expected,
            starts_on,
            planned,
            protocol_version,
        ) {
            (
                Some(catalogue_item),
                Some(goal),
                Some(why_this),
                Some(why_client),
                Some(expected),
                Some(starts_on),
                Some(planned_end_on),
                Some(protocol_version),
            ) if errors.is_empty() => Ok(Self {
                catalogue_item,
                goal,
                reasoning: Reasoning {
                    why_this,
                    why_client,
                    expected,
                },
                starts_on,
                planned_end_on,
                protocol_version,
            }),
            _ => Err(errors),
        }
    }
}

code_enum! {
    /// How an intervention ended.
    pub enum InterventionOutcome {
        /// The expected effect was reached.
        Achieved => "achieved",
        PartlyAchieved => "partly_achieved",
        NotAchieved => "not_achieved",
        /// Stopped early (by the client, the provider or the caseworker).
        Stopped => "stopped",
    }
    parse: invalid("outcome", "intervention_outcome_invalid")
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterventionEnd {
    pub ended_on: Date,
    pub outcome: InterventionOutcome,
    pub result: String,
}

impl InterventionEnd {
    pub fn parse(
        ended_on: &str,
        outcome: &str,
        result: &str,
        today: Date,
    ) -> Result<Self, Vec<DomainError>> {
        let mut errors = Vec::new();
        let ended_on = past_or_today("ended_on", ended_on, today)
            .map_err(|e| errors.push(e))
            .ok();
        let outcome = InterventionOutcome::parse(outcome)
            .map_err(|e| errors.push(e))
            .ok();
        let result = text::required("result", result, "intervention_result_required", text::LONG)
            .map_err(|e| errors.push(e))
            .ok();
        match (ended_on, outcome, result) {
            (Some(ended_on), Some(outcome), Some(result)) if errors.is_empty() => Ok(Self {
                ended_on,
                outcome,
                result,
            }),
            _ => Err(errors),
        }
    }

    /// An intervention cannot end before it started; the store knows when.
    pub fn after_start(&self, starts_on: Date) -> Result<(), DomainError> {
        if self.ended_on < starts_on {
            Err(DomainError::invalid("ended_on", "ended_before_start"))
        } else {
            Ok(())
        }
    }
}

/// A dated text by one side of a provider relation: a progress report by
/// the provider, or an oversight conversation recorded by the caseworker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatedReport {
    pub on: Date,
    pub summary: String,
}

impl DatedReport {
    pub fn parse(on: &str, summary: &str, today: Date) -> Result<Self, Vec<DomainError>> {
        let mut errors = Vec::new();
        let on = past_or_today("on", on, today)
            .map_err(|e| errors.push(e))
            .ok();
        let summary = text::required("summary", summary, "report_summary_required", text::LONG)
            .map_err(|e| errors.push(e))
            .ok();
        match (on, summary) {
            (Some(on), Some(summary)) if errors.is_empty() => Ok(Self { on, summary }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 23);

    #[test]
    fn goal_targets_round_trip() {
        for t in GoalTarget::all() {
            assert_eq!(GoalTarget::parse(&t.as_value()).unwrap(), t);
        }
        assert_eq!(GoalTarget::all().len(), 11);
        for bad in ["", "skill:zingen", "rung:7", "trede:3"] {
            assert_eq!(
                GoalTarget::parse(bad).unwrap_err().code,
                "goal_target_invalid"
            );
        }
    }

    #[test]
    fn intervention_needs_all_three_reasons_and_sane_dates() {
        let errs = NewIntervention::parse("x", "", "", " ", "", "01-12-2026", "01-11-2026", "")
            .unwrap_err();
        let codes: Vec<_> = errs.iter().map(|e| e.code).collect();
        assert_eq!(
            codes,
            vec![
                "catalogue_item_required",
                "reasoning_why_this_required",
                "reasoning_why_client_required",
                "reasoning_expected_required",
                "planned_end_before_start"
            ]
        );
        let ok = NewIntervention::parse(
            "3",
            "7",
            "Werkritme",
            "Komt vaak te laat",
            "Op tijd komen",
            "2026-12-01",
            "2027-03-01",
            "12",
        )
        .unwrap();
        assert_eq!(ok.goal, Some(GoalId(7)));
        assert_eq!(ok.protocol_version, Some(MethodVersionId(12)));
        assert_eq!(ok.reasoning.expected, "Op tijd komen");
    }

    #[test]
    fn an_intervention_cannot_end_before_it_started_or_in_the_future() {
        let start = date!(2026 - 10 - 01);
        let early = InterventionEnd::parse("2026-09-01", "achieved", "ok", TODAY).unwrap();
        assert_eq!(
            early.after_start(start).unwrap_err().code,
            "ended_before_start"
        );
        let e = InterventionEnd::parse("2026-12-01", "achieved", "ok", TODAY).unwrap_err();
        assert_eq!(e[0].code, "date_future");
        let e = InterventionEnd::parse("", "maybe", "", TODAY).unwrap_err();
        assert_eq!(
            e.iter().map(|e| e.code).collect::<Vec<_>>(),
            vec![
                "intervention_outcome_invalid",
                "intervention_result_required"
            ]
        );
        assert_eq!(
            InterventionEnd::parse("", "stopped", "Verhuisd", TODAY)
                .unwrap()
                .ended_on,
            TODAY
        );
        let on_start = InterventionEnd::parse("2026-10-01", "achieved", "ok", TODAY).unwrap();
        assert!(on_start.after_start(start).is_ok());
    }
}
