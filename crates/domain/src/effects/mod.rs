//! The effectenkaart: indicators, caseloads and result agreements, computed
//! from client histories. Pure: storage hands in the events, the web layer
//! renders what comes out.

pub mod agreements;
pub mod caseload;
pub mod history;
pub mod indicators;
pub mod period;
pub mod realisation;

pub use agreements::{AgreementKind, AgreementScope, NewResultAgreement, ResultAgreement};
pub use caseload::{caseloads, CaseloadRow};
pub use history::ClientHistory;
pub use indicators::{compute, Effects, Figure, Indicator, Rules, Section, Value};
pub use period::{Period, Scope};
pub use realisation::{realise, Realisation};
