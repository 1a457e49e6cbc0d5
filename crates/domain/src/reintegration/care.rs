//! Referrals to care and social support (*zorg en hulpverlening*) and to
//! volunteer work: referred, then arrived (with how that was confirmed),
//! then ended. A referral that has not arrived in time is flagged, because
//! a client who never arrived is a client nobody is helping.

use serde::{Deserialize, Serialize};
use time::{Date, Duration};

use super::diagnosis::past_or_today;
use crate::{code::code_enum, error::DomainError, text};

code_enum! {
    /// What a receiving organisation offers.
    pub enum CareKind {
        Care => "care",
        Support => "support",
        Volunteering => "volunteering",
    }
    parse: invalid("kind", "care_kind_invalid")
}

code_enum! {
    pub enum ReferralStatus {
        /// *Verwezen*: referred, not yet known to have arrived.
        Referred => "referred",
        /// *Aangekomen*: the client is there.
        Arrived => "arrived",
        /// *Beëindigd*.
        Ended => "ended",
    }
    parse: exact
}

code_enum! {
    /// How the caseworker knows the client arrived.
    pub enum ArrivalConfirmation {
        /// The receiving organisation said so.
        ByOrganisation => "by_organisation",
        /// The client said so.
        ByClient => "by_client",
        /// Seen by the caseworker (e.g. a joint meeting).
        Observed => "observed",
    }
    parse: invalid("confirmation", "arrival_confirmation_invalid")
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewCareReferral {
    pub referred_on: Date,
    pub note: String,
}

impl NewCareReferral {
    pub fn parse(referred_on: &str, note: &str, today: Date) -> Result<Self, Vec<DomainError>> {
        let mut errors = Vec::new();
        let referred_on = past_or_today("referred_on", referred_on, today)
            .map_err(|e| errors.push(e))
            .ok();
        let note = text::required("note", note, "referral_note_required", text::LONG)
            .map_err(|e| errors.push(e))
            .ok();
        match (referred_on, note) {
            (Some(referred_on), Some(note)) if errors.is_empty() => Ok(Self { referred_on, note }),
            _ => Err(errors),
        }
    }
}

/// A referral as far as its rules need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReferralState {
    pub status: ReferralStatus,
    pub referred_on: Date,
    pub arrived_on: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Arrival {
    pub arrived_on: Date,
    pub confirmation: ArrivalConfirmation,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralEnd {
    pub ended_on: Date,
    pub reason: String,
}

impl Arrival {
    pub fn parse(
        arrived_on: &str,
        confirmation: &str,
        note: &str,
        today: Date,
    ) -> Result<Self, Vec<DomainError>> {
        let mut errors = Vec::new();
        let arrived_on = past_or_today("arrived_on", arrived_on, today)
            .map_err(|e| errors.push(e))
            .ok();
        let confirmation = ArrivalConfirmation::parse(confirmation)
            .map_err(|e| errors.push(e))
            .ok();
        let note = text::optional("note", note, text::LONG)
            .map_err(|e| errors.push(e))
            .ok();
        match (arrived_on, confirmation, note) {
            (Some(arrived_on), Some(confirmation), Some(note)) if errors.is_empty() => Ok(Self {
                arrived_on,
                confirmation,
                note,
            }),
            _ => Err(errors),
        }
    }
}

impl ReferralEnd {
    /// A reason is required.
    pub fn parse(ended_on: &str, reason: &str, today: Date) -> Result<Self, Vec<DomainError>> {
        let mut errors = Vec::new();
        let ended_on = past_or_today("ended_on", ended_on, today)
            .map_err(|e| errors.push(e))
            .ok();
        let reason = text::required("reason", reason, "referral_end_reason_required", text::LONG)
            .map_err(|e| errors.push(e))
            .ok();
        match (ended_on, reason) {
            (Some(ended_on), Some(reason)) if errors.is_empty() => Ok(Self { ended_on, reason }),
            _ => Err(errors),
        }
    }
}

impl ReferralState {
    /// Confirms arrival: only of a referral still waiting, not before it was made.
    pub fn arrive(&self, arrival: &Arrival) -> Result<(), DomainError> {
        if self.status != ReferralStatus::Referred {
            return Err(DomainError::conflict("referral_not_waiting"));
        }
        if arrival.arrived_on < self.referred_on {
            return Err(DomainError::invalid(
                "arrived_on",
                "arrived_before_referral",
            ));
        }
        Ok(())
    }

    /// Ends a referral that is waiting or under way, not before it began.
    pub fn end(&self, end: &ReferralEnd) -> Result<(), DomainError> {
        if self.status == ReferralStatus::Ended {
            return Err(DomainError::conflict("referral_ended"));
        }
        if end.ended_on < self.arrived_on.unwrap_or(self.referred_on) {
            return Err(DomainError::invalid("ended_on", "ended_before_start"));
        }
        Ok(())
    }

    /// Referred more than `days` ago and still not arrived.
    pub fn not_arrived_in_time(&self, today: Date, days: u32) -> bool {
        self.status == ReferralStatus::Referred
            && today - self.referred_on > Duration::days(days as i64)
    }
}

/// The last day a referral made on `referred_on` may wait for arrival.
pub fn arrival_deadline(referred_on: Date, days: u32) -> Date {
    referred_on.saturating_add(Duration::days(days as i64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 23);

    fn waiting(referred_on: Date) -> ReferralState {
        ReferralState {
            status: ReferralStatus::Referred,
            referred_on,
            arrived_on: None,
        }
    }

    #[test]
    fn flagged_only_after_the_configured_days_and_only_while_waiting() {
        let r = waiting(date!(2026 - 11 - 09));
        assert!(
            !r.not_arrived_in_time(TODAY, 14),
            "exactly 14 days is still in time"
        );
        assert!(r.not_arrived_in_time(TODAY, 13));
        let arrived = ReferralState {
            status: ReferralStatus::Arrived,
            arrived_on: Some(date!(2026 - 11 - 10)),
            ..r
        };
        assert!(!arrived.not_arrived_in_time(TODAY, 1));
        assert_eq!(arrival_deadline(date!(2026 - 11 - 09), 14), TODAY);
    }

    #[test]
    fn arrival_moves_forward_only() {
        let r = waiting(date!(2026 - 11 - 09));
        let early = Arrival::parse("2026-11-01", "by_client", "", TODAY).unwrap();
        assert_eq!(
            r.arrive(&early).unwrap_err().code,
            "arrived_before_referral"
        );
        assert_eq!(
            Arrival::parse("", "telepathy", "", TODAY).unwrap_err()[0].code,
            "arrival_confirmation_invalid"
        );
        let a = Arrival::parse("20-11-2026", "by_organisation", "Intake gehad", TODAY).unwrap();
        assert!(r.arrive(&a).is_ok());
        assert_eq!(a.arrived_on, date!(2026 - 11 - 20));
        let arrived = ReferralState {
            status: ReferralStatus::Arrived,
            arrived_on: Some(a.arrived_on),
            ..r
        };
        let again = Arrival::parse("", "by_client", "", TODAY).unwrap();
        assert_eq!(
            arrived.arrive(&again).unwrap_err().code,
            "referral_not_waiting"
        );
        let before = ReferralEnd::parse("2026-11-19", "Klaar", TODAY).unwrap();
        assert_eq!(arrived.end(&before).unwrap_err().code, "ended_before_start");
        assert_eq!(
            ReferralEnd::parse("", " ", TODAY).unwrap_err()[0].code,
            "referral_end_reason_required"
        );
        let done = ReferralEnd::parse("", "Traject afgerond", TODAY).unwrap();
        assert!(arrived.end(&done).is_ok());
        let ended = ReferralState {
            status: ReferralStatus::Ended,
            ..arrived
        };
        assert_eq!(ended.end(&done).unwrap_err().code, "referral_ended");
    }
}
