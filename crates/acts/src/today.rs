//! "Vandaag": what needs a caseworker today, or for a team lead what needs
//! the team: the clients with a reason to act (why is decided in
//! [`zicht_domain::today`]) and the offers waiting in the team's inbox.

use serde::Serialize;
use zicht_domain::{
    access::Role,
    handover::HandoverStatus,
    today::{self, Facts, Reason},
    EmployeeId, TeamId,
};
use zicht_storage::{
    ClientFilter, ClientSummary, DraftLetter, HandoverFilter, HandoverSignalView, HandoverView,
};

use crate::{door::casework, intervision::FollowUpView, Acts, Caller};

/// How long the menu's count may be reused: it weighs every client of a
/// team lead's team (about 100 ms at 40,000 clients), and it is on every
/// page. The caller's own changes clear it at once; others' show within
/// this time, and the Vandaag page itself is always current.
const COUNT_FOR: std::time::Duration = std::time::Duration::from_secs(30);

/// The menu counts of the last [`COUNT_FOR`], per employee.
#[derive(Clone, Default)]
pub struct Counts(
    std::sync::Arc<
        std::sync::Mutex<std::collections::HashMap<EmployeeId, (std::time::Instant, usize)>>,
    >,
);

impl Counts {
    fn get(&self, who: EmployeeId) -> Option<usize> {
        let map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        map.get(&who)
            .filter(|(at, _)| at.elapsed() < COUNT_FOR)
            .map(|(_, n)| *n)
    }

    fn put(&self, who: EmployeeId, n: usize) {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        map.retain(|_, (at, _)| at.elapsed() < COUNT_FOR);
        map.insert(who, (std::time::Instant::now(), n));
    }

    pub(crate) fn forget(&self, who: EmployeeId) {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        map.remove(&who);
    }
}

/// Whose "Vandaag" it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// The caseworker's own clients.
    Mine,
    /// Every client of the team lead's team.
    Team,
}

/// A client with the reasons to act today, most urgent first.
#[derive(Debug, Clone, Serialize)]
pub struct TodayClient {
    pub client: ClientSummary,
    pub reasons: Vec<Reason>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Today {
    pub scope: Scope,
    /// Most urgent reason first, then by name.
    pub clients: Vec<TodayClient>,
    /// Offers to the team waiting for its answer, overdue ones first.
    pub inbox: Vec<HandoverView>,
    /// The caller's own letters still in draft, oldest first.
    pub letters: Vec<DraftLetter>,
    /// The caller's open follow-ups from intervision, overdue first.
    pub follow_ups: Vec<FollowUpView>,
}

impl Today {
    /// What the menu counts: clients to act on, offers to answer,
    /// letters to finish and follow-ups past their due date.
    pub fn count(&self) -> usize {
        self.clients.len()
            + self.inbox.len()
            + self.letters.len()
            + self.follow_ups.iter().filter(|f| f.overdue).count()
    }
}

fn scope(who: &Caller) -> Scope {
    if who.employee.role == Role::Teamleider {
        Scope::Team
    } else {
        Scope::Mine
    }
}

fn filter(who: &Caller) -> ClientFilter {
    let mut f = ClientFilter {
        limit: Some(5000),
        ..Default::default()
    };
    match scope(who) {
        Scope::Mine => f.owner_employee = Some(who.employee.id),
        Scope::Team => f.owner_team = Some(who.employee.team_id),
    }
    f
}

fn inbox_filter(team: TeamId) -> HandoverFilter {
    HandoverFilter {
        to_team: Some(team),
        status: Some(HandoverStatus::Pending),
        ..Default::default()
    }
}

/// The register's facts about `c` that "Vandaag" weighs, seen by `team`.
fn facts(c: &ClientSummary, team: TeamId) -> Facts {
    let mut f = Facts {
        care_not_arrived: c.care_not_arrived,
        check_in_due: c.aftercare_check_in_due,
        no_contact: c.no_contact_flag,
        last_contact_on: c.last_contact_on,
        next_contact_on: c.next_contact_on,
        last_assessed_on: c.last_assessed_on,
        ..Facts::default()
    };
    for s in &c.handover_signals {
        match s {
            HandoverSignalView::Returned { .. } => f.returned = true,
            // An offer to the viewer's own team is the inbox's, not the owner's.
            HandoverSignalView::Overdue { to_team, .. } if to_team.id != team => {
                f.outgoing_overdue = true
            }
            HandoverSignalView::Overdue { .. } => {}
        }
    }
    f
}

impl Acts {
    /// Why a client of `who` needs action today, by the organisation's
    /// settings; the list and the menu's count weigh alike.
    async fn weigh(&self, who: &Caller) -> crate::Result<impl Fn(&ClientSummary) -> Vec<Reason>> {
        let settings = self.store.organisation(who.organisation_id).await?.settings;
        let (today, team) = (who.today(), who.employee.team_id);
        Ok(move |c: &ClientSummary| today::reasons(&facts(c, team), today, &settings))
    }

    /// The caseworker's (team lead: the team's) "Vandaag". Every client and
    /// every offer shown is one processing-log record.
    pub async fn today(&self, who: &Caller) -> crate::Result<Today> {
        const OP: &str = "vandaag_lezen";
        casework(who, OP)?;
        let team = who.employee.team_id;
        let reasons = self.weigh(who).await?;
        let mut clients: Vec<TodayClient> = self
            .list(who, &filter(who), |c| !reasons(c).is_empty(), OP)
            .await?
            .into_iter()
            .map(|client| TodayClient {
                reasons: reasons(&client),
                client,
            })
            .collect();
        clients.sort_by(|a, b| {
            a.reasons
                .first()
                .cmp(&b.reasons.first())
                .then_with(|| a.client.name.cmp(&b.client.name))
        });
        let mut inbox = self.handovers_as(who, &inbox_filter(team), OP).await?;
        inbox.sort_by_key(|h| (!h.overdue, h.offered_at));
        let letters = self.draft_letters_as(who, OP).await?;
        let follow_ups = self.my_follow_ups(who).await?;
        let today = Today {
            scope: scope(who),
            clients,
            inbox,
            letters,
            follow_ups,
        };
        // The menu on this page counts what the page lists.
        self.counts.put(who.employee.id, today.count());
        Ok(today)
    }

    /// How many things "Vandaag" lists, for the menu. It shows no person,
    /// so it writes no processing-log record; `None` for roles without one.
    pub async fn today_count(&self, who: &Caller) -> crate::Result<Option<usize>> {
        if !who.employee.role.works_with_clients() {
            return Ok(None);
        }
        if let Some(n) = self.counts.get(who.employee.id) {
            return Ok(Some(n));
        }
        let reasons = self.weigh(who).await?;
        let clients = self
            .store
            .clients(who.organisation_id, &filter(who), who.today())
            .await?
            .iter()
            .filter(|c| !reasons(c).is_empty())
            .count();
        let inbox = self
            .store
            .handovers(
                who.organisation_id,
                &inbox_filter(who.employee.team_id),
                who.today(),
            )
            .await?
            .len();
        let letters = self.draft_letter_count(who).await?;
        let follow_ups = self.overdue_follow_up_count(who).await?;
        let n = clients + inbox + letters + follow_ups;
        self.counts.put(who.employee.id, n);
        Ok(Some(n))
    }
}
