//! Pure rules of Zicht. Nothing here knows about HTTP or databases: the
//! storage layer loads state, asks these functions what may happen, and
//! stores the events they return.

pub mod access;
pub mod bsn;
pub mod calendar;
pub mod client;
mod code;
pub mod contact;
pub mod contact_details;
pub mod development;
pub mod effects;
pub mod error;
pub mod event;
pub mod handover;
mod handover_note;
pub mod ids;
pub mod intervision;
pub mod learning;
pub mod meeting;
pub mod method;
pub mod organisation;
pub mod reintegration;
pub mod roster;
pub mod search;
pub mod skills;
pub mod text;
pub mod today;

pub use bsn::Bsn;
pub use error::{DomainError, ErrorKind};
pub use ids::*;
