//! The storage traits, one or two per feature; [`crate::Store`] is all of them.

mod clients;
mod development;
mod effects;
mod intervision;
mod letters;
mod logbook;
mod meetings;
mod methods;
mod organisation;
mod process;
mod roster;
mod work;

pub use clients::{ClientCommands, ClientReads};
pub use development::DevelopmentStore;
pub use effects::EffectsStore;
pub use intervision::IntervisionStore;
pub use letters::LetterStore;
pub use logbook::{IntegrityStore, LogbookStore, RetentionStore};
pub use meetings::MeetingStore;
pub use methods::MethodStore;
pub use organisation::{IdentityStore, OrganisationStore};
pub use process::ProcessStore;
pub use roster::RosterStore;
pub use work::WorkStore;
