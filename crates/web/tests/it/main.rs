//! The web crate's integration tests on a running server, as one test
//! binary (one link instead of one per file). `auth.rs` stays on its own:
//! it installs a process-wide log subscriber to read the security events.

#![allow(clippy::unwrap_used)]

mod common;

mod access;
mod bad_input;
mod clients;
mod development;
mod effects;
mod english;
mod handovers;
mod intervision;
mod learning;
mod letters;
mod logbook;
mod meetings;
mod methods;
mod oidc;
mod openapi;
mod process;
mod roles;
mod roster;
mod saved;
mod search;
mod today;
mod work;
