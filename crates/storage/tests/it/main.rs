//! The storage crate's integration tests on a real database (SQLite, or
//! PostgreSQL with `ZICHT_TEST_BACKEND=postgres`), as one test binary.

#![allow(clippy::unwrap_used)]

mod effects;
mod invariants;
mod logbook;
mod meetings;
mod process;
mod retention;
