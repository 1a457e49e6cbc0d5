//! Register and client file: registering a client, the caseload list, the
//! klantkaart, contacts, the five-skills assessment, phase and closing, and
//! who processed a person's data.

use serde::{Deserialize, Serialize};
use time::Date;
use zicht_domain::{
    access::{self, ClientScope},
    client::{NewClient, Owner, Phase},
    contact::NewContact,
    search::SearchTerm,
    skills::{NewAssessment, SkillSet},
    text, ClientId, DomainError, EmployeeId, TeamId,
};
use zicht_storage::{ClientCard, ClientFilter, ClientSummary, LoggedProcessing, NamedRef};

use crate::{
    door::{casework, Kind},
    work::Window,
    Acts, Caller, Need,
};
use zicht_storage::LogStatus;

/// A new client, as typed in; checked by [`NewClient::parse`].
#[derive(Debug, Deserialize, Default, Clone)]
#[serde(default)]
pub struct NewClientInput {
    pub bsn: String,
    pub name: String,
    pub birth_date: String,
    pub particulars: String,
    pub phase: Option<String>,
    /// Defaults to the acting employee.
    pub owner_employee_id: Option<i64>,
}

/// A contact with the client, as typed in.
#[derive(Debug, Deserialize, Default, Clone)]
#[serde(default)]
pub struct ContactInput {
    pub date: String,
    pub kind: String,
    pub with_whom: String,
    pub summary: String,
    pub next_contact_on: String,
}

/// The five skills as observed on one day (default: today).
#[derive(Debug, Deserialize, Default, Clone)]
#[serde(default)]
pub struct AssessmentInput {
    pub assessed_on: String,
    pub on_time: bool,
    pub commitment: bool,
    pub accepts_direction: bool,
    pub says_in_time: bool,
    pub dresses_for_work: bool,
    pub remarks: String,
}

/// The part of a client's file a page or the API shows. Each is its own
/// operation in the processing log; a form to change the file needs the
/// right to change it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileView {
    Card,
    Diagnosis,
    Trajectory,
    /// The trajectplan in the client's own words, to hand over.
    ClientPlan,
    Referrals,
    Work,
    Sanctions,
    Letters,
    ContactForm,
    AssessmentForm,
    HandoverForm,
}

impl FileView {
    fn operation(self) -> &'static str {
        match self {
            FileView::Card => "klantkaart_lezen",
            FileView::Diagnosis => "diagnose_lezen",
            FileView::Trajectory => "trajectplan_lezen",
            FileView::ClientPlan => "trajectplan_klantversie_lezen",
            FileView::Referrals => "verwijzingen_lezen",
            FileView::Work => "werk_lezen",
            FileView::Sanctions => "maatregelen_lezen",
            FileView::Letters => "brieven_lezen",
            FileView::ContactForm => "contactformulier_lezen",
            FileView::AssessmentForm => "klantinzetformulier_lezen",
            FileView::HandoverForm => "overdrachtformulier_lezen",
        }
    }

    fn need(self) -> Need {
        match self {
            FileView::ContactForm | FileView::AssessmentForm | FileView::HandoverForm => {
                Need::Change
            }
            _ => Need::Read,
        }
    }
}

/// A client's file as read for one view, with whether the reader may also
/// change it (colleagues of the team read without forms).
#[derive(Debug, Clone)]
pub struct Viewed {
    pub card: ClientCard,
    pub may_change: bool,
}

/// The most a search shows: enough to route a phone call, not a way to
/// list the register.
pub const SEARCH_LIMIT: usize = 50;

/// One client found by a search over the whole organisation.
#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    pub name: String,
    pub owner_team: NamedRef<TeamId>,
    pub owner_employee: NamedRef<EmployeeId>,
    /// The file and its phase, only for who may read it; for anyone else the
    /// name, team and caseworker are enough to route a phone call.
    pub id: Option<ClientId>,
    pub phase: Option<Phase>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchResult {
    pub hits: Vec<SearchHit>,
    /// More matched than [`SEARCH_LIMIT`]: the search should be narrower.
    pub more: bool,
}

impl Acts {
    /// The clients of a list that `who` may read, of those `filter` finds and
    /// `keep` keeps; one processing-log record per person in the result.
    pub async fn clients(
        &self,
        who: &Caller,
        filter: &ClientFilter,
        keep: impl Fn(&ClientSummary) -> bool,
    ) -> crate::Result<Vec<ClientSummary>> {
        self.list(who, filter, keep, "klanten_lijst_lezen").await
    }

    /// Searches the organisation's open clients by BSN or a part of the
    /// name; every person shown is written to the processing log.
    pub async fn search(&self, who: &Caller, q: &str) -> crate::Result<SearchResult> {
        const OP: &str = "klant_zoeken";
        casework(who, OP)?;
        let term = SearchTerm::parse(q)?;
        let filter = ClientFilter {
            search: Some(term),
            limit: Some(SEARCH_LIMIT as u32 + 1),
            ..Default::default()
        };
        let mut found = self
            .store
            .clients(who.organisation_id, &filter, who.today())
            .await?;
        let more = found.len() > SEARCH_LIMIT;
        found.truncate(SEARCH_LIMIT);
        self.record(who, OP, LogStatus::Ok, found.iter().map(|c| c.bsn.as_str()))
            .await?;
        let v = who.viewer();
        let hits = found
            .into_iter()
            .map(|c| {
                let scope = ClientScope {
                    owner_team: c.owner_team.id,
                    owner_employee: c.owner_employee.id,
                    pending_to_team: c.pending_to_team,
                };
                let readable = access::may_read_client(&v, &scope);
                SearchHit {
                    id: readable.then_some(c.id),
                    phase: readable.then_some(c.phase),
                    name: c.name,
                    owner_team: c.owner_team,
                    owner_employee: c.owner_employee,
                }
            })
            .collect();
        Ok(SearchResult { hits, more })
    }

    /// The clients behind a figure of the effectenkaart (`ids`, sorted)
    /// that `who` may read, by name, closed ones included.
    pub async fn figure_clients(
        &self,
        who: &Caller,
        ids: &[ClientId],
    ) -> crate::Result<Vec<ClientSummary>> {
        let filter = ClientFilter {
            visible_to_team: Some(who.employee.team_id),
            include_closed: true,
            ..Default::default()
        };
        let keep = |c: &ClientSummary| ids.binary_search(&c.id).is_ok();
        let mut clients = self
            .list(who, &filter, keep, "effectenkaart_klanten_lezen")
            .await?;
        clients.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(clients)
    }

    pub(crate) async fn list(
        &self,
        who: &Caller,
        filter: &ClientFilter,
        keep: impl Fn(&ClientSummary) -> bool,
        operation: &str,
    ) -> crate::Result<Vec<ClientSummary>> {
        let clients = self.readable(who, filter, keep, operation).await?;
        self.record(
            who,
            operation,
            LogStatus::Ok,
            clients.iter().map(|c| c.bsn.as_str()),
        )
        .await?;
        Ok(clients)
    }

    /// One page of a list of clients: those `filter` finds, `who` may read
    /// and `keep` keeps, put in `order`; `window` chooses from the total
    /// which to show. Only the clients shown are logged as read.
    pub async fn clients_window(
        &self,
        who: &Caller,
        filter: &ClientFilter,
        keep: impl Fn(&ClientSummary) -> bool,
        order: impl FnOnce(&mut Vec<ClientSummary>),
        window: impl FnOnce(usize) -> Window,
    ) -> crate::Result<(Vec<ClientSummary>, usize)> {
        const OP: &str = "klanten_lijst_lezen";
        let mut clients = self.readable(who, filter, keep, OP).await?;
        order(&mut clients);
        let total = clients.len();
        let w = window(total);
        let shown: Vec<ClientSummary> = clients.into_iter().skip(w.offset).take(w.limit).collect();
        self.record(who, OP, LogStatus::Ok, shown.iter().map(|c| c.bsn.as_str()))
            .await?;
        Ok((shown, total))
    }

    /// The clients `filter` finds that `who` may read and `keep` keeps,
    /// not yet logged: the caller logs those it shows.
    async fn readable(
        &self,
        who: &Caller,
        filter: &ClientFilter,
        keep: impl Fn(&ClientSummary) -> bool,
        operation: &str,
    ) -> crate::Result<Vec<ClientSummary>> {
        casework(who, operation)?;
        let v = who.viewer();
        Ok(self
            .store
            .clients(who.organisation_id, filter, who.today())
            .await?
            .into_iter()
            .filter(|c| {
                let scope = ClientScope {
                    owner_team: c.owner_team.id,
                    owner_employee: c.owner_employee.id,
                    pending_to_team: c.pending_to_team,
                };
                access::may_read_client(&v, &scope) && keep(c)
            })
            .collect())
    }

    /// Registers a client with a caseworker of the registering employee's own
    /// team (default: the employee); putting a client with another team is a
    /// handover.
    pub async fn register(&self, who: &Caller, input: NewClientInput) -> crate::Result<ClientId> {
        casework(who, "klant_inschrijven")?;
        let client = NewClient::parse(
            &input.bsn,
            &input.name,
            &input.birth_date,
            &input.particulars,
            input.phase.as_deref(),
            who.today(),
        )?;
        let owner_id = input
            .owner_employee_id
            .map(EmployeeId)
            .unwrap_or(who.employee.id);
        let unknown = || DomainError::invalid("owner_employee_id", "employee_unknown");
        let (org, owner) = self.store.employee(owner_id).await.map_err(|_| unknown())?;
        if org != who.organisation_id || !owner.role.works_with_clients() {
            return Err(unknown().into());
        }
        if !access::may_register_with(&who.viewer(), owner.team_id) {
            return Err(DomainError::invalid("owner_employee_id", "owner_other_team").into());
        }
        let bsn = client.bsn.as_string();
        let owner = Owner {
            team_id: owner.team_id,
            employee_id: owner.id,
        };
        let id = self.store.register_client(&who.ctx, client, owner).await;
        self.logged(who, "klant_inschrijven", &bsn, id, Kind::Change)
            .await
    }

    /// The klantkaart: the client's file in short.
    pub async fn card(&self, who: &Caller, id: ClientId) -> crate::Result<ClientCard> {
        Ok(self.view(who, id, FileView::Card).await?.card)
    }

    /// Client `id`'s file, read for `view`.
    pub async fn view(&self, who: &Caller, id: ClientId, view: FileView) -> crate::Result<Viewed> {
        let op = view.operation();
        let f = self.open(who, id, view.need(), op).await?;
        let card = self
            .store
            .client_card(who.organisation_id, id, who.today())
            .await;
        let mut card = self.logged(who, op, &f.bsn, card, Kind::Read).await?;
        if view == FileView::Card {
            // A case brought into intervision shows where it was discussed,
            // among the events, newest first.
            for entry in self.consultation_entries(who, id).await? {
                let at = card
                    .timeline
                    .iter()
                    .position(|t| t.at < entry.at)
                    .unwrap_or(card.timeline.len());
                card.timeline.insert(at, entry);
            }
        }
        Ok(Viewed {
            may_change: card.open && access::may_change_client(&who.viewer(), &f.scope),
            card,
        })
    }

    /// Who looked at or changed this person's data from `from` to `to`
    /// (whole days), to answer the person's own request.
    pub async fn processing_log(
        &self,
        who: &Caller,
        id: ClientId,
        from: Date,
        to: Date,
    ) -> crate::Result<Vec<LoggedProcessing>> {
        const OP: &str = "verwerkingenlog_lezen";
        let f = self.open(who, id, Need::Log, OP).await?;
        let log = self
            .store
            .processing_log_for(
                who.organisation_id,
                &f.bsn,
                from.midnight().assume_utc(),
                zicht_domain::calendar::period_end(to),
            )
            .await;
        self.logged(who, OP, &f.bsn, log, Kind::Read).await
    }

    /// Records a contact with the client.
    pub async fn contact(&self, who: &Caller, id: ClientId, i: ContactInput) -> crate::Result<()> {
        self.on_file(who, id, Need::Change, "contact_vastleggen", async {
            let c = NewContact::parse(
                &i.date,
                &i.kind,
                &i.with_whom,
                &i.summary,
                &i.next_contact_on,
                who.today(),
            )?;
            self.store.record_contact(&who.ctx, id, c).await
        })
        .await
    }

    /// Records a five-skills assessment.
    pub async fn assessment(
        &self,
        who: &Caller,
        id: ClientId,
        i: AssessmentInput,
    ) -> crate::Result<()> {
        self.on_file(who, id, Need::Change, "klantinzet_vastleggen", async {
            let skills = SkillSet {
                on_time: i.on_time,
                commitment: i.commitment,
                accepts_direction: i.accepts_direction,
                says_in_time: i.says_in_time,
                dresses_for_work: i.dresses_for_work,
            };
            let a = NewAssessment::parse(&i.assessed_on, skills, &i.remarks, who.today())?;
            self.store.record_assessment(&who.ctx, id, a).await
        })
        .await
    }

    /// Moves the client to another phase; `explanation` says why an
    /// instrument the phase being left requires was not used.
    pub async fn change_phase(
        &self,
        who: &Caller,
        id: ClientId,
        phase: &str,
        explanation: &str,
    ) -> crate::Result<()> {
        self.on_file(who, id, Need::Change, "fase_wijzigen", async {
            let phase = Phase::parse(phase)?;
            self.store
                .change_phase_explained(&who.ctx, id, phase, explanation)
                .await
        })
        .await
    }

    /// Closes the client's file, saying why.
    pub async fn close(&self, who: &Caller, id: ClientId, reason: &str) -> crate::Result<()> {
        let close = self.store.close_client(&who.ctx, id, reason);
        self.on_file(who, id, Need::Change, "klant_afsluiten", close)
            .await
    }
}

/// A period of whole days from text, `from` defaulting to 30 days before
/// today and `to` to today.
pub fn period(from: &str, to: &str, today: Date) -> crate::Result<(Date, Date)> {
    let day = |s: &str, field: &'static str, default: Date| -> crate::Result<Date> {
        if s.trim().is_empty() {
            Ok(default)
        } else {
            Ok(text::parse_date(field, s)?)
        }
    };
    Ok((
        day(from, "from", today - time::Duration::days(30))?,
        day(to, "to", today)?,
    ))
}
