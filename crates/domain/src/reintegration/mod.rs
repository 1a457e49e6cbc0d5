//! The re-integration process around the register: diagnosis with
//! instruments, the trajectplan with the reasoning behind each intervention,
//! providers, referrals to care tracked to arrival; employers, vacancies
//! and matching, volunteer work, outflow and aftercare, sanctions, and
//! client letters.

pub mod care;
pub mod diagnosis;
pub mod letters;
pub mod outflow;
pub mod sanction;
pub mod trajectory;
pub mod work;
