//! "Vandaag": why a client needs their caseworker today. The facts come from
//! the register (handover signals, contacts, referrals, aftercare,
//! assessments); this decides which of them ask for action, most urgent
//! first, so the start page, its count in the menu and the API agree.

use time::{Date, Duration};

use crate::code::code_enum;

use crate::organisation::OrganisationSettings;

code_enum! {
    /// A reason a client is on "Vandaag", in order of urgency.
    #[derive(PartialOrd, Ord)]
    pub enum Reason {
        /// A handover the owner sent came back; the client is theirs again
        /// and they have not yet acted on it.
        HandoverReturned => "handover_returned",
        /// The owner's offer waits past the organisation's term.
        HandoverOverdue => "handover_overdue",
        /// A care referral waits longer for arrival than allowed.
        CareNotArrived => "care_not_arrived",
        /// In aftercare, with a check-in due.
        CheckInDue => "check_in_due",
        /// The next appointment lies in the past with no contact since.
        AppointmentPast => "appointment_past",
        /// No contact for longer than the organisation allows.
        NoContact => "no_contact",
        /// The latest five-skills assessment is older than the
        /// organisation's re-assessment term.
        ReassessmentDue => "reassessment_due",
    }
    parse: exact
}

/// What the register knows of one open client, as far as "Vandaag" asks.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub returned: bool,
    pub outgoing_overdue: bool,
    pub care_not_arrived: bool,
    pub check_in_due: bool,
    pub no_contact: bool,
    pub last_contact_on: Option<Date>,
    pub next_contact_on: Option<Date>,
    pub last_assessed_on: Option<Date>,
}

/// The next appointment lies before today and no contact was recorded on
/// or after it (a contact then means it took place).
pub fn appointment_past(next: Option<Date>, last_contact: Option<Date>, today: Date) -> bool {
    next.is_some_and(|next| next < today && last_contact.is_none_or(|last| last < next))
}

/// The reasons `facts` give for acting today, most urgent first; empty when
/// the client can wait.
pub fn reasons(facts: &Facts, today: Date, settings: &OrganisationSettings) -> Vec<Reason> {
    let mut out = Vec::new();
    if facts.returned {
        out.push(Reason::HandoverReturned);
    }
    if facts.outgoing_overdue {
        out.push(Reason::HandoverOverdue);
    }
    if facts.care_not_arrived {
        out.push(Reason::CareNotArrived);
    }
    if facts.check_in_due {
        out.push(Reason::CheckInDue);
    }
    if appointment_past(facts.next_contact_on, facts.last_contact_on, today) {
        out.push(Reason::AppointmentPast);
    }
    if facts.no_contact {
        out.push(Reason::NoContact);
    }
    if let Some(assessed) = facts.last_assessed_on {
        if today - assessed > Duration::weeks(i64::from(settings.reassessment_weeks)) {
            out.push(Reason::ReassessmentDue);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 12 - 04);

    fn settings() -> OrganisationSettings {
        OrganisationSettings {
            reassessment_weeks: 26,
            ..OrganisationSettings::default()
        }
    }

    #[test]
    fn a_client_without_facts_can_wait() {
        assert!(reasons(&Facts::default(), TODAY, &settings()).is_empty());
    }

    #[test]
    fn reasons_come_most_urgent_first() {
        let f = Facts {
            returned: true,
            outgoing_overdue: true,
            care_not_arrived: true,
            check_in_due: true,
            no_contact: true,
            last_contact_on: Some(date!(2026 - 06 - 01)),
            next_contact_on: Some(date!(2026 - 07 - 01)),
            last_assessed_on: Some(date!(2026 - 01 - 01)),
        };
        let r = reasons(&f, TODAY, &settings());
        assert_eq!(r, Reason::ALL.to_vec());
        let mut sorted = r.clone();
        sorted.sort();
        assert_eq!(r, sorted);
    }

    #[test]
    fn a_past_appointment_counts_until_a_contact_on_or_after_it() {
        let next = Some(date!(2026 - 12 - 01));
        let past = |last| {
            reasons(
                &Facts {
                    next_contact_on: next,
                    last_contact_on: last,
                    ..Facts::default()
                },
                TODAY,
                &settings(),
            )
            .contains(&Reason::AppointmentPast)
        };
        assert!(past(None));
        assert!(past(Some(date!(2026 - 11 - 30))));
        assert!(!past(Some(date!(2026 - 12 - 01))));
        assert!(!past(Some(date!(2026 - 12 - 03))));
        // Today's appointment is not past yet.
        let today = Facts {
            next_contact_on: Some(TODAY),
            ..Facts::default()
        };
        assert!(reasons(&today, TODAY, &settings()).is_empty());
    }

    #[test]
    fn an_assessment_is_due_again_after_the_term() {
        let at = |assessed| Facts {
            last_assessed_on: Some(assessed),
            ..Facts::default()
        };
        // 26 weeks = 182 days: on the day itself not yet, the day after due.
        let on_term = TODAY - Duration::weeks(26);
        assert!(reasons(&at(on_term), TODAY, &settings()).is_empty());
        assert_eq!(
            reasons(&at(on_term - Duration::days(1)), TODAY, &settings()),
            vec![Reason::ReassessmentDue]
        );
        // Never assessed is not "older than the term": intake decides when.
        assert!(reasons(&Facts::default(), TODAY, &settings()).is_empty());
    }
}
