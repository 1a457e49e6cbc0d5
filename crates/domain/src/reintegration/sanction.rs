//! Sanctions (*maatregelen*): the behaviour, the legal basis, and — before
//! any decision — the consideration of what a sanction would do to the
//! client's re-integration; then the decision, imposed or waived.

use serde::{Deserialize, Serialize};
use time::Date;

use super::diagnosis::past_or_today;
use crate::{code::code_enum, error::DomainError, text};

code_enum! {
    pub enum LegalBasis {
        /// Participatiewet art. 18 lid 2: obligations not met.
        // The alias reads events stored under the name serde derived before.
        #[serde(alias = "pw18_lid2")]
        Pw18Lid2 => "pw_18_2",
        /// Participatiewet art. 18 lid 4: work-related obligations.
        #[serde(alias = "pw18_lid4")]
        Pw18Lid4 => "pw_18_4",
        /// The municipality's own regulation on sanctions.
        Verordening => "verordening",
    }
    parse: invalid("legal_basis", "legal_basis_invalid")
}

/// The behaviour and the consideration, recorded before the decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewSanction {
    pub on: Date,
    pub behaviour: String,
    pub legal_basis: LegalBasis,
    /// What a sanction would do to the client's re-integration: mandatory.
    pub consideration: String,
}

/// Below this many characters a consideration says nothing.
pub const CONSIDERATION_MIN: usize = 20;

impl NewSanction {
    pub fn parse(
        on: &str,
        behaviour: &str,
        legal_basis: &str,
        consideration: &str,
        today: Date,
    ) -> Result<Self, Vec<DomainError>> {
        let mut errors = Vec::new();
        let on = past_or_today("on", on, today)
            .map_err(|e| errors.push(e))
            .ok();
        let behaviour = text::required(
            "behaviour",
            behaviour,
            "sanction_behaviour_required",
            text::LONG,
        )
        .map_err(|e| errors.push(e))
        .ok();
        let legal_basis = LegalBasis::parse(legal_basis)
            .map_err(|e| errors.push(e))
            .ok();
        let consideration = text::required(
            "consideration",
            consideration,
            "sanction_consideration_required",
            text::LONG,
        )
        .and_then(|c| {
            if c.chars().count() < CONSIDERATION_MIN {
                Err(DomainError::invalid(
                    "consideration",
                    "sanction_consideration_too_short",
                ))
            } else {
                Ok(c)
            }
        })
        .map_err(|e| errors.push(e))
        .ok();
        match (on, behaviour, legal_basis, consideration) {
            (Some(on), Some(behaviour), Some(legal_basis), Some(consideration))
                if errors.is_empty() =>
            {
                Ok(Self {
                    on,
                    behaviour,
                    legal_basis,
                    consideration,
                })
            }
            _ => Err(errors),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SanctionDecision {
    /// A reduction of the benefit by a percentage for a number of months.
    Imposed { percent: u8, months: u8 },
    /// Waived, e.g. because it would undo the re-integration.
    Waived,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub on: Date,
    pub decision: SanctionDecision,
    pub reason: String,
}

impl Decision {
    /// `decision` is `imposed` or `waived`; percent 1-100 and months 1-3 for imposed.
    pub fn parse(
        on: &str,
        decision: &str,
        percent: &str,
        months: &str,
        reason: &str,
        today: Date,
    ) -> Result<Self, Vec<DomainError>> {
        let mut errors = Vec::new();
        let on = past_or_today("on", on, today)
            .map_err(|e| errors.push(e))
            .ok();
        let decision = match decision.trim() {
            "imposed" => {
                let p = match percent.trim().parse::<u8>() {
                    Ok(p @ 1..=100) => Some(p),
                    _ => {
                        errors.push(DomainError::invalid("percent", "sanction_percent_range"));
                        None
                    }
                };
                let m = match months.trim().parse::<u8>() {
                    Ok(m @ 1..=3) => Some(m),
                    _ => {
                        errors.push(DomainError::invalid("months", "sanction_months_range"));
                        None
                    }
                };
                p.zip(m)
                    .map(|(percent, months)| SanctionDecision::Imposed { percent, months })
            }
            "waived" => Some(SanctionDecision::Waived),
            _ => {
                errors.push(DomainError::invalid(
                    "decision",
                    "sanction_decision_invalid",
                ));
                None
            }
        };
        let reason = text::required("reason", reason, "sanction_reason_required", text::LONG)
            .map_err(|e| errors.push(e))
            .ok();
        match (on, decision, reason) {
            (Some(on), Some(decision), Some(reason)) if errors.is_empty() => Ok(Self {
                on,
                decision,
                reason,
            }),
            _ => Err(errors),
        }
    }

    /// A decision cannot precede the consideration it decides on, whose date
    /// the store knows.
    pub fn after_consideration(&self, considered_on: Date) -> Result<(), DomainError> {
        if self.on < considered_on {
            Err(DomainError::invalid("on", "decision_before_consideration"))
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 23);

    #[test]
    fn a_sanction_needs_a_real_consideration_of_its_effect() {
        let codes = |r: Result<NewSanction, Vec<DomainError>>| {
            r.unwrap_err().iter().map(|e| e.code).collect::<Vec<_>>()
        };
        assert_eq!(
            codes(NewSanction::parse(
                "",
                "Niet verschenen",
                "pw_18_4",
                "",
                TODAY
            )),
            vec!["sanction_consideration_required"]
        );
        assert_eq!(
            codes(NewSanction::parse(
                "",
                "Niet verschenen",
                "pw_18_4",
                "geen effect",
                TODAY
            )),
            vec!["sanction_consideration_too_short"]
        );
        assert_eq!(
            codes(NewSanction::parse("", "", "art_99", "", TODAY)),
            vec![
                "sanction_behaviour_required",
                "legal_basis_invalid",
                "sanction_consideration_required"
            ]
        );
        let ok = NewSanction::parse(
            "",
            "Drie keer niet verschenen bij de werkfit-training",
            "pw_18_4",
            "Een verlaging drukt de motivatie niet: klant is gemotiveerd maar ongeorganiseerd; eerst hulp bij planning.",
            TODAY,
        )
        .unwrap();
        assert_eq!(ok.legal_basis, LegalBasis::Pw18Lid4);
    }

    #[test]
    fn legal_bases_serialise_as_they_are_entered() {
        for b in LegalBasis::ALL {
            assert_eq!(
                serde_json::to_value(b).unwrap(),
                serde_json::Value::from(b.as_str())
            );
            let read: LegalBasis = serde_json::from_value(b.as_str().into()).unwrap();
            assert_eq!(read, b);
        }
        // Events stored under the earlier derived names still read.
        let old: LegalBasis = serde_json::from_str("\"pw18_lid2\"").unwrap();
        assert_eq!(old, LegalBasis::Pw18Lid2);
    }

    #[test]
    fn decisions_imposed_with_percent_and_months_or_waived() {
        let considered = date!(2026 - 11 - 20);
        let d = Decision::parse("", "imposed", "20", "1", "Na hoorzitting", TODAY).unwrap();
        assert_eq!(
            d.decision,
            SanctionDecision::Imposed {
                percent: 20,
                months: 1
            }
        );
        let e = Decision::parse("", "imposed", "0", "6", "x", TODAY).unwrap_err();
        let codes: Vec<_> = e.iter().map(|e| e.code).collect();
        assert_eq!(
            codes,
            vec!["sanction_percent_range", "sanction_months_range"]
        );
        let w =
            Decision::parse("", "waived", "", "", "Zou de proefplaatsing kosten", TODAY).unwrap();
        assert_eq!(w.decision, SanctionDecision::Waived);
        assert!(d.after_consideration(considered).is_ok());
        let early = Decision::parse("2026-11-01", "waived", "", "", "x", TODAY).unwrap();
        assert_eq!(
            early.after_consideration(considered).unwrap_err().code,
            "decision_before_consideration"
        );
    }
}
