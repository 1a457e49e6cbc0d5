//! Work and what follows it: employers and vacancies, proposing a client,
//! work wishes, mediation, volunteering, outflow and aftercare, sanctions,
//! and letters. Each act on a client opens the file through the door and
//! logs what came of it.

use serde::{Deserialize, Serialize};
use zicht_domain::{
    access::may_maintain_catalogue,
    reintegration::{
        letters::LetterTemplate,
        outflow::{parse_check_in, NewOutflow},
        sanction::{Decision, NewSanction},
        work::{
            DatedNote, MediationResult, MediationStep, NewEmployer, NewEmployerContact, NewVacancy,
            NewVolunteerPlacement, VacancyStatus, VolunteerEnd, WorkWishes,
        },
    },
    CareOrganisationId, ClientId, DomainError, EmployerId, LetterId, MediationId, PlacementId,
    SanctionId, VacancyId,
};

use zicht_domain::access::{may_change_client, may_read_client};
use zicht_storage::{Letter, Proposal, SuggestedClient, Vacancy};

use crate::{
    door::Kind,
    input::{one_or_many, parse_id, text_or_number},
    Acts, Caller, Need,
};
use zicht_storage::LogStatus;

#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct EmployerInput {
    pub name: String,
    pub sector: String,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
}

#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct EmployerContactInput {
    pub on: String,
    pub kind: String,
    pub outcome: String,
}

#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct VacancyInput {
    pub title: String,
    pub sector: String,
    #[serde(deserialize_with = "text_or_number")]
    pub hours_per_week: String,
    pub requirements: String,
}

#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct VacancyStatusInput {
    pub status: String,
}

#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct ProposalInput {
    #[serde(deserialize_with = "text_or_number")]
    pub client_id: String,
}

#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct WishesInput {
    #[serde(deserialize_with = "one_or_many")]
    pub sectors: Vec<String>,
    #[serde(deserialize_with = "text_or_number")]
    pub min_hours: String,
    #[serde(deserialize_with = "text_or_number")]
    pub max_hours: String,
    pub remarks: String,
}

#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct MediationStepInput {
    pub step: String,
    pub on: String,
    pub note: String,
}

#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct MediationEndInput {
    pub result: String,
    pub on: String,
    pub note: String,
}

#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct PlacementInput {
    #[serde(deserialize_with = "text_or_number")]
    pub organisation_id: String,
    pub starts_on: String,
    #[serde(deserialize_with = "text_or_number")]
    pub hours_per_week: String,
    pub description: String,
}

#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct PlacementEndInput {
    pub ends_on: String,
    pub reason: String,
}

#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct OutflowInput {
    /// `full` or `partial`.
    pub kind: String,
    pub reason: String,
    pub on: String,
    pub employer: String,
    #[serde(deserialize_with = "text_or_number")]
    pub hours_per_week: String,
    pub note: String,
    /// Comply or explain, when the phase being left requires an instrument.
    pub explanation: String,
}

#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct CheckInInput {
    pub on: String,
    pub note: String,
}

#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct SanctionInput {
    pub on: String,
    pub behaviour: String,
    pub legal_basis: String,
    pub consideration: String,
}

#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct DecisionInput {
    pub on: String,
    /// `imposed` or `waived`.
    pub decision: String,
    #[serde(deserialize_with = "text_or_number")]
    pub percent: String,
    #[serde(deserialize_with = "text_or_number")]
    pub months: String,
    pub reason: String,
}

#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct TemplateInput {
    pub title: String,
    pub body: String,
}

// --- acts ---------------------------------------------------------------------------------

/// A vacancy with its proposals and the clients the matching suggests, as
/// far as the viewer may read those clients.
#[derive(Serialize)]
pub struct VacancyView {
    pub vacancy: Vacancy,
    pub proposals: Vec<Proposal>,
    /// One window of the readable suggestions, best fits first.
    pub suggestions: Vec<SuggestedClient>,
    /// How many readable suggestions there are in all.
    pub suggestions_total: usize,
    /// For each of `suggestions`: may the viewer propose that client?
    #[serde(skip)]
    pub may_propose: Vec<bool>,
    /// Suggested clients the viewer may not read (of other teams), for the
    /// page to say they exist.
    #[serde(skip)]
    pub suggestions_hidden: usize,
}

/// Which of a vacancy's readable suggestions to show: from `offset`, at
/// most `limit`.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub offset: usize,
    pub limit: usize,
}

impl Window {
    pub const ALL: Window = Window {
        offset: 0,
        limit: usize::MAX,
    };
}

impl Acts {
    pub async fn create_employer(
        &self,
        who: &Caller,
        i: EmployerInput,
    ) -> crate::Result<EmployerId> {
        let e = NewEmployer::parse(
            &i.name,
            &i.sector,
            &i.contact_name,
            &i.contact_email,
            &i.contact_phone,
        )?;
        self.store.create_employer(&who.ctx, e).await
    }

    pub async fn record_employer_contact(
        &self,
        who: &Caller,
        employer: EmployerId,
        i: EmployerContactInput,
    ) -> crate::Result<()> {
        let c = NewEmployerContact::parse(&i.on, &i.kind, &i.outcome, who.today())?;
        self.store
            .record_employer_contact(&who.ctx, employer, c)
            .await
    }

    pub async fn create_vacancy(
        &self,
        who: &Caller,
        employer: EmployerId,
        i: VacancyInput,
    ) -> crate::Result<VacancyId> {
        let v = NewVacancy::parse(&i.title, &i.sector, &i.hours_per_week, &i.requirements)?;
        self.store.create_vacancy(&who.ctx, employer, v).await
    }

    pub async fn set_vacancy_status(
        &self,
        who: &Caller,
        vacancy: VacancyId,
        i: VacancyStatusInput,
    ) -> crate::Result<()> {
        let status = VacancyStatus::parse(&i.status)?;
        self.store
            .set_vacancy_status(who.organisation_id, vacancy, status)
            .await
    }

    /// Accepts a suggested match for a client. The route is about the vacancy,
    /// so the right to change the client is checked here, and the look at the
    /// file is logged here.
    pub async fn propose(
        &self,
        who: &Caller,
        vacancy: VacancyId,
        i: ProposalInput,
    ) -> crate::Result<MediationId> {
        const OP: &str = "klant_voordragen";
        let client = ClientId(parse_id(&i.client_id, "client_id", "match_not_suggested")?);
        let f = match self.open(who, client, Need::Change, OP).await {
            Err(crate::Error::NotFound(_)) => {
                return Err(DomainError::invalid("client_id", "match_not_suggested").into())
            }
            other => other?,
        };
        let id = self.store.start_mediation(&who.ctx, client, vacancy).await;
        self.logged(who, OP, &f.bsn, id, Kind::Change).await
    }

    pub async fn record_wishes(
        &self,
        who: &Caller,
        client: ClientId,
        i: WishesInput,
    ) -> crate::Result<()> {
        self.on_file(who, client, Need::Change, "werkwensen_vastleggen", async {
            let w = WorkWishes::parse(&i.sectors, &i.min_hours, &i.max_hours, &i.remarks)?;
            self.store.record_work_wishes(&who.ctx, client, w).await
        })
        .await
    }

    pub async fn mediation_step(
        &self,
        who: &Caller,
        client: ClientId,
        mediation: i64,
        i: MediationStepInput,
    ) -> crate::Result<()> {
        self.on_file(
            who,
            client,
            Need::Change,
            "bemiddelingsstap_vastleggen",
            async {
                let step = MediationStep::parse(&i.step)?;
                let note = DatedNote::parse(&i.on, &i.note, who.today())?;
                self.store
                    .record_mediation_step(&who.ctx, client, MediationId(mediation), step, note)
                    .await
            },
        )
        .await
    }

    pub async fn end_mediation(
        &self,
        who: &Caller,
        client: ClientId,
        mediation: i64,
        i: MediationEndInput,
    ) -> crate::Result<()> {
        self.on_file(who, client, Need::Change, "bemiddeling_afronden", async {
            let result = MediationResult::parse(&i.result)?;
            let note = DatedNote::parse(&i.on, &i.note, who.today())?;
            self.store
                .end_mediation(&who.ctx, client, MediationId(mediation), result, note)
                .await
        })
        .await
    }

    pub async fn start_volunteering(
        &self,
        who: &Caller,
        client: ClientId,
        i: PlacementInput,
    ) -> crate::Result<PlacementId> {
        self.on_file(
            who,
            client,
            Need::Change,
            "vrijwilligerswerk_starten",
            async {
                let org = parse_id(
                    &i.organisation_id,
                    "organisation_id",
                    "volunteer_organisation_required",
                );
                let p =
                    NewVolunteerPlacement::parse(&i.starts_on, &i.hours_per_week, &i.description);
                match (org, p) {
                    (Ok(o), Ok(p)) => Ok(self
                        .store
                        .start_volunteering(&who.ctx, client, CareOrganisationId(o), p)
                        .await?),
                    (o, p) => {
                        let mut errors = Vec::new();
                        if o.is_err() {
                            errors.push(DomainError::invalid(
                                "organisation_id",
                                "volunteer_organisation_required",
                            ));
                        }
                        if let Err(e) = p {
                            errors.extend(e);
                        }
                        Err(errors.into())
                    }
                }
            },
        )
        .await
    }

    pub async fn end_volunteering(
        &self,
        who: &Caller,
        client: ClientId,
        placement: i64,
        i: PlacementEndInput,
    ) -> crate::Result<()> {
        self.on_file(
            who,
            client,
            Need::Change,
            "vrijwilligerswerk_beeindigen",
            async {
                let end = VolunteerEnd::parse(&i.ends_on, &i.reason, who.today())?;
                self.store
                    .end_volunteering(&who.ctx, client, PlacementId(placement), end)
                    .await
            },
        )
        .await
    }

    pub async fn register_outflow(
        &self,
        who: &Caller,
        client: ClientId,
        i: OutflowInput,
    ) -> crate::Result<()> {
        self.on_file(who, client, Need::Change, "uitstroom_vastleggen", async {
            let o = NewOutflow::parse(
                &i.kind,
                &i.reason,
                &i.on,
                &i.employer,
                &i.hours_per_week,
                &i.note,
                who.today(),
            )?;
            self.store
                .register_outflow(&who.ctx, client, o, &i.explanation)
                .await
        })
        .await
    }

    pub async fn check_in(
        &self,
        who: &Caller,
        client: ClientId,
        i: CheckInInput,
    ) -> crate::Result<()> {
        self.on_file(
            who,
            client,
            Need::Change,
            "nazorgcontact_vastleggen",
            async {
                let check_in = parse_check_in(&i.on, &i.note, who.today())?;
                self.store
                    .check_in_aftercare(&who.ctx, client, check_in)
                    .await
            },
        )
        .await
    }

    pub async fn consider_sanction(
        &self,
        who: &Caller,
        client: ClientId,
        i: SanctionInput,
    ) -> crate::Result<SanctionId> {
        self.on_file(who, client, Need::Change, "maatregel_overwegen", async {
            let s = NewSanction::parse(
                &i.on,
                &i.behaviour,
                &i.legal_basis,
                &i.consideration,
                who.today(),
            )?;
            self.store.consider_sanction(&who.ctx, client, s).await
        })
        .await
    }

    pub async fn decide_sanction(
        &self,
        who: &Caller,
        client: ClientId,
        sanction: i64,
        i: DecisionInput,
    ) -> crate::Result<()> {
        self.on_file(who, client, Need::Change, "maatregel_besluiten", async {
            let d = Decision::parse(
                &i.on,
                &i.decision,
                &i.percent,
                &i.months,
                &i.reason,
                who.today(),
            )?;
            self.store
                .decide_sanction(&who.ctx, client, SanctionId(sanction), d)
                .await
        })
        .await
    }

    pub async fn save_template(
        &self,
        who: &Caller,
        key: &str,
        i: TemplateInput,
    ) -> crate::Result<()> {
        if !may_maintain_catalogue(&who.viewer()) {
            return Err(DomainError::forbidden("forbidden").into());
        }
        let t = LetterTemplate {
            key: key.to_string(),
            title: i.title,
            body: i.body,
        };
        self.store.save_letter_template(&who.ctx, &t).await
    }

    /// One letter in a client's file (to read, print or send as PDF).
    pub async fn letter(
        &self,
        who: &Caller,
        client: ClientId,
        letter: LetterId,
    ) -> crate::Result<Letter> {
        let found = self.store.letter(who.organisation_id, client, letter);
        self.on_file(who, client, Need::Read, "brief_lezen", found)
            .await
    }

    /// The vacancy, its proposals and one window of its suggestions, each
    /// narrowed to the clients the viewer may read; the look at the clients
    /// returned (and only those) is logged.
    pub async fn vacancy_view(
        &self,
        who: &Caller,
        vacancy: VacancyId,
        window: impl FnOnce(usize) -> Window,
    ) -> crate::Result<VacancyView> {
        let org = who.organisation_id;
        let detail = self.store.vacancy(org, vacancy).await?;
        let suggested = self.store.suggestions(org, vacancy).await?;
        let v = who.viewer();
        let mut proposals = Vec::new();
        let mut subjects = Vec::new();
        for p in detail.proposals {
            let scope = self.store.client_scope(org, p.client.id).await?;
            if may_read_client(&v, &scope) {
                subjects.push(p.client.id);
                proposals.push(p);
            }
        }
        let suggested_total = suggested.len();
        let mut readable = Vec::new();
        for s in suggested {
            let scope = s.scope();
            if may_read_client(&v, &scope) {
                readable.push((s, may_change_client(&v, &scope)));
            }
        }
        let suggestions_total = readable.len();
        let w = window(suggestions_total);
        let (suggestions, may_propose): (Vec<_>, Vec<_>) =
            readable.into_iter().skip(w.offset).take(w.limit).unzip();
        subjects.extend(suggestions.iter().map(|s| s.client.id));
        subjects.sort_by_key(|c| c.0);
        subjects.dedup();
        let mut bsns = Vec::with_capacity(subjects.len());
        for c in subjects {
            bsns.push(self.store.client_bsn(org, c).await?);
        }
        self.record(
            who,
            "vacature_matchen",
            LogStatus::Ok,
            bsns.iter().map(String::as_str),
        )
        .await?;
        Ok(VacancyView {
            vacancy: detail.vacancy,
            proposals,
            suggestions,
            suggestions_total,
            may_propose,
            suggestions_hidden: suggested_total - suggestions_total,
        })
    }
}
