//! The re-integration process around the register: diagnosis with
//! instruments, the trajectplan with the reasoning behind each intervention,
//! providers, and referrals to care tracked to arrival.

pub mod care;
pub mod diagnosis;
pub mod trajectory;
