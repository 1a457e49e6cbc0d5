//! The re-integration process: diagnosis (notes, participatieladder, ZRM),
//! the trajectplan (goals, interventions, oversight), care referrals, and the
//! catalogue they choose from. Each act on a client opens the file through
//! the door and logs what came of it; catalogue acts are for who maintains it.

use serde::{Deserialize, Serialize};
use zicht_domain::{
    access::may_maintain_catalogue,
    client::Phase,
    reintegration::{
        care::{Arrival, CareKind, NewCareReferral, ReferralEnd},
        diagnosis::{Instrument, NewDiagnosisNote, NewLadderMeasurement, NewZrmAssessment},
        trajectory::{CatalogueKind, DatedReport, InterventionEnd, NewGoal, NewIntervention},
    },
    text, CareOrganisationId, CareReferralId, CatalogueItemId, ClientId, ContractId, DomainError,
    InterventionId, ProviderId,
};
use zicht_storage::{
    CareOrganisation, CatalogueItem, InstrumentRequirement, NewCatalogueItem, NewContract, Provider,
};

use crate::{
    input::{parse_id, text_or_number},
    Acts, Caller, Need,
};

/// ZRM scores by domain, each as [`text_or_number`].
fn scores_text_or_number<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<std::collections::BTreeMap<String, String>, D::Error> {
    #[derive(Deserialize)]
    struct Score(#[serde(deserialize_with = "text_or_number")] String);
    Ok(std::collections::BTreeMap::<String, Score>::deserialize(d)?
        .into_iter()
        .map(|(k, Score(v))| (k, v))
        .collect())
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct DiagnosisNoteInput {
    pub source: String,
    pub noted_on: String,
    pub text: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct LadderInput {
    pub measured_on: String,
    /// 1 to 6; a string so that forms and JSON read alike.
    #[serde(deserialize_with = "text_or_number")]
    pub rung: String,
    pub remarks: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ZrmInput {
    pub assessed_on: String,
    pub version: String,
    /// Domain key to score ("" or absent: not scored).
    #[serde(deserialize_with = "scores_text_or_number")]
    pub scores: std::collections::BTreeMap<String, String>,
    pub remarks: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct GoalInput {
    /// `skill:<skill>` or `rung:<1-6>`.
    pub target: String,
    pub description: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct InterventionInput {
    #[serde(deserialize_with = "text_or_number")]
    pub catalogue_item_id: String,
    #[serde(deserialize_with = "text_or_number")]
    pub goal_id: String,
    pub why_this: String,
    pub why_client: String,
    pub expected: String,
    pub starts_on: String,
    pub planned_end_on: String,
    /// The protocol version followed (a definitive version of the methods
    /// library), or empty.
    #[serde(deserialize_with = "text_or_number")]
    pub protocol_version_id: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct InterventionEndInput {
    pub ended_on: String,
    pub outcome: String,
    pub result: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ReportInput {
    pub on: String,
    pub summary: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ProgressInput {
    #[serde(deserialize_with = "text_or_number")]
    pub intervention_id: String,
    pub on: String,
    pub summary: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct OversightInput {
    #[serde(deserialize_with = "text_or_number")]
    pub provider_id: String,
    pub on: String,
    pub summary: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct CareReferralInput {
    #[serde(deserialize_with = "text_or_number")]
    pub care_organisation_id: String,
    pub referred_on: String,
    pub note: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ArrivalInput {
    pub arrived_on: String,
    pub confirmation: String,
    pub note: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ReferralEndInput {
    pub ended_on: String,
    pub reason: String,
}

// --- acts, shared by API and pages -------------------------------------------------

// --- the catalogue -------------------------------------------------------------------

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct NameInput {
    pub name: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ContractInput {
    pub reference: String,
    pub starts_on: String,
    pub ends_on: String,
    pub description: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct CatalogueItemInput {
    pub name: String,
    /// `in_house` or `bought`.
    pub kind: String,
    #[serde(deserialize_with = "text_or_number")]
    pub provider_id: String,
    #[serde(deserialize_with = "text_or_number")]
    pub contract_id: String,
    pub description: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct CareOrganisationInput {
    pub name: String,
    /// `care`, `support` or `volunteering`.
    pub kind: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct RequirementInput {
    pub phase: String,
    pub instrument: String,
}

fn may_maintain(who: &Caller) -> crate::Result<()> {
    if may_maintain_catalogue(&who.viewer()) {
        Ok(())
    } else {
        Err(DomainError::forbidden("forbidden").into())
    }
}

/// The organisation's catalogue with everything plans and referrals choose from.
#[derive(Serialize)]
pub struct CatalogueView {
    pub items: Vec<CatalogueItem>,
    pub providers: Vec<Provider>,
    pub care_organisations: Vec<CareOrganisation>,
    pub instrument_requirements: Vec<InstrumentRequirement>,
}

impl Acts {
    pub async fn note_diagnosis(
        &self,
        who: &Caller,
        client: ClientId,
        i: DiagnosisNoteInput,
    ) -> crate::Result<()> {
        self.on_file(
            who,
            client,
            Need::Change,
            "diagnosenotitie_vastleggen",
            async {
                let n = NewDiagnosisNote::parse(&i.source, &i.noted_on, &i.text, who.today())?;
                self.store.note_diagnosis(&who.ctx, client, n).await
            },
        )
        .await
    }

    pub async fn measure_ladder(
        &self,
        who: &Caller,
        client: ClientId,
        i: LadderInput,
    ) -> crate::Result<()> {
        self.on_file(
            who,
            client,
            Need::Change,
            "participatieladder_meten",
            async {
                let m =
                    NewLadderMeasurement::parse(&i.measured_on, &i.rung, &i.remarks, who.today())?;
                self.store.measure_ladder(&who.ctx, client, m).await
            },
        )
        .await
    }

    pub async fn assess_zrm(
        &self,
        who: &Caller,
        client: ClientId,
        i: ZrmInput,
    ) -> crate::Result<()> {
        self.on_file(who, client, Need::Change, "zrm_vastleggen", async {
            let scores: Vec<(String, String)> = i.scores.into_iter().collect();
            let a = NewZrmAssessment::parse(
                &i.assessed_on,
                &i.version,
                &scores,
                &i.remarks,
                who.today(),
            )?;
            self.store.assess_zrm(&who.ctx, client, a).await
        })
        .await
    }

    pub async fn set_goal(
        &self,
        who: &Caller,
        client: ClientId,
        i: GoalInput,
    ) -> crate::Result<i64> {
        self.on_file(who, client, Need::Change, "doel_vastleggen", async {
            let g = NewGoal::parse(&i.target, &i.description)?;
            Ok(self.store.set_goal(&who.ctx, client, g).await?.0)
        })
        .await
    }

    pub async fn plan_intervention(
        &self,
        who: &Caller,
        client: ClientId,
        i: InterventionInput,
    ) -> crate::Result<i64> {
        self.on_file(who, client, Need::Change, "interventie_plannen", async {
            let n = NewIntervention::parse(
                &i.catalogue_item_id,
                &i.goal_id,
                &i.why_this,
                &i.why_client,
                &i.expected,
                &i.starts_on,
                &i.planned_end_on,
                &i.protocol_version_id,
            )?;
            Ok(self.store.plan_intervention(&who.ctx, client, n).await?.0)
        })
        .await
    }

    pub async fn end_intervention(
        &self,
        who: &Caller,
        client: ClientId,
        intervention: i64,
        i: InterventionEndInput,
    ) -> crate::Result<()> {
        self.on_file(who, client, Need::Change, "interventie_afronden", async {
            let end = InterventionEnd::parse(&i.ended_on, &i.outcome, &i.result, who.today())?;
            self.store
                .end_intervention(&who.ctx, client, InterventionId(intervention), end)
                .await
        })
        .await
    }

    pub async fn record_oversight(
        &self,
        who: &Caller,
        client: ClientId,
        i: OversightInput,
    ) -> crate::Result<()> {
        self.on_file(
            who,
            client,
            Need::Change,
            "regiegesprek_vastleggen",
            async {
                let provider = parse_id(&i.provider_id, "provider_id", "provider_unknown");
                let report = DatedReport::parse(&i.on, &i.summary, who.today());
                match (provider, report) {
                    (Ok(p), Ok(r)) => Ok(self
                        .store
                        .record_oversight(&who.ctx, client, ProviderId(p), r)
                        .await?),
                    (p, r) => {
                        let mut errors = Vec::new();
                        if p.is_err() {
                            errors.push(DomainError::invalid("provider_id", "provider_unknown"));
                        }
                        if let Err(e) = r {
                            errors.extend(e);
                        }
                        Err(errors.into())
                    }
                }
            },
        )
        .await
    }

    pub async fn refer_to_care(
        &self,
        who: &Caller,
        client: ClientId,
        i: CareReferralInput,
    ) -> crate::Result<i64> {
        self.on_file(who, client, Need::Change, "zorgverwijzing_maken", async {
            let org = parse_id(
                &i.care_organisation_id,
                "care_organisation_id",
                "care_organisation_unknown",
            );
            let referral = NewCareReferral::parse(&i.referred_on, &i.note, who.today());
            match (org, referral) {
                (Ok(o), Ok(r)) => Ok(self
                    .store
                    .refer_to_care(&who.ctx, client, CareOrganisationId(o), r)
                    .await?
                    .0),
                (o, r) => {
                    let mut errors = Vec::new();
                    if o.is_err() {
                        errors.push(DomainError::invalid(
                            "care_organisation_id",
                            "care_organisation_unknown",
                        ));
                    }
                    if let Err(e) = r {
                        errors.extend(e);
                    }
                    Err(errors.into())
                }
            }
        })
        .await
    }

    pub async fn confirm_arrival(
        &self,
        who: &Caller,
        client: ClientId,
        referral: i64,
        i: ArrivalInput,
    ) -> crate::Result<()> {
        self.on_file(
            who,
            client,
            Need::Change,
            "zorgverwijzing_aangekomen",
            async {
                let arrival = Arrival::parse(&i.arrived_on, &i.confirmation, &i.note, who.today())?;
                self.store
                    .confirm_arrival(&who.ctx, client, CareReferralId(referral), arrival)
                    .await
            },
        )
        .await
    }

    pub async fn end_care_referral(
        &self,
        who: &Caller,
        client: ClientId,
        referral: i64,
        i: ReferralEndInput,
    ) -> crate::Result<()> {
        self.on_file(
            who,
            client,
            Need::Change,
            "zorgverwijzing_beeindigen",
            async {
                let end = ReferralEnd::parse(&i.ended_on, &i.reason, who.today())?;
                self.store
                    .end_care_referral(&who.ctx, client, CareReferralId(referral), end)
                    .await
            },
        )
        .await
    }

    pub async fn create_provider(&self, who: &Caller, i: NameInput) -> crate::Result<i64> {
        may_maintain(who)?;
        Ok(self.store.create_provider(&who.ctx, &i.name).await?.0)
    }

    pub async fn create_contract(
        &self,
        who: &Caller,
        provider: i64,
        i: ContractInput,
    ) -> crate::Result<i64> {
        may_maintain(who)?;
        let mut errors = Vec::new();
        let starts_on = text::parse_date("starts_on", &i.starts_on)
            .map_err(|e| errors.push(e))
            .ok();
        let ends_on = if i.ends_on.trim().is_empty() {
            Some(None)
        } else {
            text::parse_date("ends_on", &i.ends_on)
                .map(Some)
                .map_err(|e| errors.push(e))
                .ok()
        };
        let (Some(starts_on), Some(ends_on)) = (starts_on, ends_on) else {
            return Err(errors.into());
        };
        let c = NewContract {
            provider_id: ProviderId(provider),
            reference: i.reference,
            starts_on,
            ends_on,
            description: i.description,
        };
        Ok(self.store.create_contract(who.organisation_id, &c).await?.0)
    }

    pub async fn create_catalogue_item(
        &self,
        who: &Caller,
        i: CatalogueItemInput,
    ) -> crate::Result<i64> {
        may_maintain(who)?;
        let kind = CatalogueKind::parse(i.kind.trim())
            .ok_or(DomainError::invalid("kind", "catalogue_kind_invalid"))?;
        let optional_id = |raw: &str, field, code| -> crate::Result<Option<i64>> {
            if raw.trim().is_empty() {
                Ok(None)
            } else {
                parse_id(raw, field, code).map(Some)
            }
        };
        let provider_id =
            optional_id(&i.provider_id, "provider_id", "provider_unknown")?.map(ProviderId);
        let contract_id =
            optional_id(&i.contract_id, "contract_id", "contract_reference_required")?
                .map(ContractId);
        let item = NewCatalogueItem {
            name: i.name,
            kind,
            provider_id,
            contract_id,
            description: i.description,
        };
        Ok(self
            .store
            .create_catalogue_item(who.organisation_id, &item)
            .await?
            .0)
    }

    pub async fn set_item_active(
        &self,
        who: &Caller,
        item: i64,
        active: bool,
    ) -> crate::Result<()> {
        may_maintain(who)?;
        self.store
            .set_catalogue_item_active(who.organisation_id, CatalogueItemId(item), active)
            .await
    }

    pub async fn create_care_organisation(
        &self,
        who: &Caller,
        i: CareOrganisationInput,
    ) -> crate::Result<i64> {
        may_maintain(who)?;
        let kind = CareKind::parse(&i.kind)?;
        Ok(self
            .store
            .create_care_organisation(who.organisation_id, &i.name, kind)
            .await?
            .0)
    }

    pub async fn set_requirements(
        &self,
        who: &Caller,
        input: &[RequirementInput],
    ) -> crate::Result<()> {
        may_maintain(who)?;
        let mut reqs = Vec::new();
        for r in input {
            reqs.push(InstrumentRequirement {
                phase: Phase::parse(&r.phase)?,
                instrument: Instrument::parse(&r.instrument)?,
            });
        }
        self.store
            .set_instrument_requirements(who.organisation_id, &reqs)
            .await
    }

    pub async fn catalogue_view(&self, who: &Caller) -> crate::Result<CatalogueView> {
        let org = who.organisation_id;
        Ok(CatalogueView {
            items: self.store.catalogue(org).await?,
            providers: self.store.providers(org).await?,
            care_organisations: self.store.care_organisations(org).await?,
            instrument_requirements: self.store.instrument_requirements(org).await?,
        })
    }
}
