//! Handover signals as the pages show them: a handover that came back and
//! waits for the sender to act, and an offer past the organisation's term.
//! Which signals a client has is decided in the domain
//! (`zicht_domain::handover::signals`); this only puts them into words.

use zicht_domain::text::dmy;
use zicht_domain::{calendar, TeamId};
use zicht_storage::HandoverSignalView;

use super::dmy_hm;

/// The longest reason shown on a caseload row; the klantkaart shows it whole.
const ROW_REASON_CHARS: usize = 120;

/// "Sent back by {team} ({employee}) on {moment}: {reason}".
pub struct ReturnedNote {
    pub team: String,
    pub by: String,
    pub at: String,
    pub reason: String,
    /// The reason cut to fit a caseload row.
    pub short_reason: String,
}

/// "Offered by {from} to {to} on {date}: {days} working days, term {term}".
pub struct OverdueNote {
    pub from_team: String,
    pub to_team: String,
    pub offered_on: String,
    pub days: i64,
    pub term: u32,
    /// The viewer's team is the one that must answer.
    pub incoming: bool,
}

/// The signals in words, seen by someone of team `viewer`.
pub fn notes(
    signals: &[HandoverSignalView],
    viewer: TeamId,
) -> (Option<ReturnedNote>, Option<OverdueNote>) {
    let mut returned = None;
    let mut overdue = None;
    for s in signals {
        match s {
            HandoverSignalView::Returned {
                returned_by_team,
                returned_by,
                returned_at,
                reason,
                ..
            } => {
                returned = Some(ReturnedNote {
                    team: returned_by_team.name.clone(),
                    by: returned_by.name.clone(),
                    at: dmy_hm(calendar::dutch_time(*returned_at)),
                    reason: reason.clone(),
                    short_reason: shorten(reason, ROW_REASON_CHARS),
                })
            }
            HandoverSignalView::Overdue {
                from_team,
                to_team,
                offered_on,
                working_days_waiting,
                term_working_days,
                ..
            } => {
                overdue = Some(OverdueNote {
                    from_team: from_team.name.clone(),
                    to_team: to_team.name.clone(),
                    offered_on: dmy(*offered_on),
                    days: *working_days_waiting,
                    term: *term_working_days,
                    incoming: to_team.id == viewer,
                })
            }
        }
    }
    (returned, overdue)
}

/// The first `max` characters of `s` on one line, with an ellipsis when cut.
fn shorten(s: &str, max: usize) -> String {
    let line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= max {
        line
    } else {
        let cut: String = line.chars().take(max).collect();
        format!("{}…", cut.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_reasons_are_cut_on_a_row() {
        assert_eq!(shorten("kort\nen  goed", 120), "kort en goed");
        assert_eq!(shorten("abcdef", 3), "abc…");
        assert_eq!(shorten("ab cdef", 3), "ab…");
    }
}
