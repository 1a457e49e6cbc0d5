//! The acts of Zicht (its use cases): the one door through which pages, the
//! JSON API and the command line read or change a person's data.
//!
//! Every act runs the same steps: typed input → access decision → domain
//! decision → store → processing-log record → result. Adapters parse their
//! request into the act's input and render its result; they decide nothing
//! about who may see what, and they write no log records of their own, so a
//! new read path cannot forget either.
//!
//! One module per feature: register and client file ([`clients`]),
//! handovers ([`handovers`]), roster reconciliation ([`roster`]), the
//! re-integration process and its catalogue ([`process`]), work, sanctions
//! and letter templates ([`work`]), the library of methods and protocols
//! ([`methods`]), letters as draft → send and the
//! client's contact details ([`letters`]), what needs a caseworker today
//! ([`today`]), and what a provider's user does ([`provider`]).
//! The door itself is [`Acts::open`] / [`Acts::on_file`] for a client's
//! file, `open_handover` for a handover and `open_as_provider` for a
//! provider; the web's route rules call the same gates before reading a
//! request body.

pub mod caller;
pub mod clients;
pub mod development;
pub mod door;
pub mod handovers;
pub mod input;
pub mod intervision;
pub mod letters;
pub mod logbook;
pub mod meetings;
pub mod methods;
pub mod process;
pub mod provider;
pub mod roster;
pub mod security;
pub mod today;
pub mod work;

use std::sync::Arc;

use zicht_storage::Store;

pub use caller::Caller;
pub use door::{Kind, Need, Opened};
/// What an act can fail with: the domain's refusal, invalid input, a missing
/// record or a storage failure.
pub use zicht_storage::StoreError as Error;

pub type Result<T> = std::result::Result<T, Error>;

/// The door: the store and the processing log, shared by every adapter.
#[derive(Clone)]
pub struct Acts {
    store: Arc<dyn Store>,
    log: logbook::LogWriter,
    /// The menu's "Vandaag" counts, per employee: see [`Acts::today_count`].
    counts: today::Counts,
}

impl Acts {
    pub fn new(store: Arc<dyn Store>) -> Self {
        Acts {
            log: logbook::LogWriter::new(store.clone()),
            store,
            counts: today::Counts::default(),
        }
    }
}
