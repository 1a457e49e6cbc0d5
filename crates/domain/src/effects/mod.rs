//! The effectenkaart: indicators, caseloads and result agreements, computed
//! from client histories. Pure: storage hands in the histories, the web layer
//! renders what comes out.

pub mod agreements;

pub use agreements::{AgreementKind, AgreementScope, NewResultAgreement, ResultAgreement};
