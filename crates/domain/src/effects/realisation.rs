//! How far a result agreement is realised, computed from the histories.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use time::Date;

use super::{
    agreements::{AgreementKind, AgreementScope, ResultAgreement},
    history::ClientHistory,
    indicators::{compute, Effects, Indicator, Rules, Value},
    period::{Period, Scope},
};

/// An agreement with what has been realised so far.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Realisation {
    pub agreement: ResultAgreement,
    /// The realised number (clients, or median days for a lead time);
    /// `None` while there is nothing to measure.
    pub realised: Option<f64>,
    /// Realised as a share of the target (for a lead time: target ÷ realised,
    /// so faster than agreed is above 1).
    pub progress: Option<f64>,
    pub met: bool,
    /// The indicator the realisation is taken from, for the drill-down.
    pub indicator: Indicator,
}

impl AgreementKind {
    /// The effectenkaart figure that realises this kind of agreement.
    pub fn indicator(self) -> Indicator {
        match self {
            AgreementKind::Outflow => Indicator::Outflow,
            AgreementKind::LeadTimeDays => Indicator::OutflowLeadTime,
            AgreementKind::InTrajectory => Indicator::InTrajectory,
            AgreementKind::PositiveDevelopment => Indicator::SkillsImproved,
        }
    }
}

impl From<AgreementScope> for Scope {
    fn from(s: AgreementScope) -> Scope {
        match s {
            AgreementScope::Team(t) => Scope::Team(t),
            AgreementScope::Caseworker(e) => Scope::Caseworker(e),
        }
    }
}

/// Realisation from an already computed effectenkaart of the agreement's
/// scope and period.
pub fn realise_from(agreement: &ResultAgreement, effects: &Effects) -> Realisation {
    let indicator = agreement.kind.indicator();
    let realised = match effects.figure(indicator).value {
        // Agreements count clients, not shares.
        Value::Share { count, .. } | Value::Count { count } => Some(f64::from(count)),
        Value::Days { median, .. } => median,
    };
    let target = f64::from(agreement.target);
    let (progress, met) = match (agreement.kind.is_maximum(), realised) {
        (_, None) => (None, false),
        (true, Some(r)) => (Some(if r > 0.0 { target / r } else { 1.0 }), r <= target),
        (false, Some(r)) => (Some(r / target), r >= target),
    };
    Realisation {
        agreement: agreement.clone(),
        realised,
        progress,
        met,
        indicator,
    }
}

/// Realisation of each agreement, as known on `today` (a period still
/// running counts up to today).
pub fn realise(
    agreements: &[ResultAgreement],
    histories: &[ClientHistory],
    rules: Rules,
    today: Date,
) -> Vec<Realisation> {
    // Agreements of one team over one period share a computation.
    let mut computed: HashMap<(Scope, Period), Effects> = HashMap::new();
    agreements
        .iter()
        .map(|a| {
            let period = Period {
                from: a.from,
                to: a.to.min(today).max(a.from),
            };
            let scope: Scope = a.scope.into();
            let effects = computed
                .entry((scope, period))
                .or_insert_with(|| compute(histories, scope, period, rules, today));
            realise_from(a, effects)
        })
        .collect()
}
