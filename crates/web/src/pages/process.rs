//! Pages of the re-integration process reachable from the klantkaart: the
//! diagnosis (notes, Participatieladder, Zelfredzaamheid-Matrix), the
//! trajectplan (goals, interventions with their reasoning, oversight of
//! providers, and the client's own printable version) and care referrals.
//! Each page holds several small forms; a form that fails comes back with
//! its own errors and input, status 422, nothing saved.

use std::collections::BTreeMap;

use askama::Template;
use axum::{
    extract::{Path, State},
    response::{Html, Response},
    Form,
};
use zicht_domain::text::dmy;
use zicht_domain::{
    reintegration::{
        care::{ArrivalConfirmation, ReferralStatus},
        diagnosis::{DiagnosisSource, LadderRung, ZrmVersion},
        trajectory::{GoalTarget, InterventionOutcome},
    },
    ClientId,
};
use zicht_storage::{CareOrganisation, CatalogueItem, ClientCard, Provider};

use super::{
    filters, path_id, render, render_invalid,
    saved::{see_other, Saved},
    Errors, Layout, Tr,
};
use crate::{actor::Acting, AppState, WebResult};
use zicht_acts::{
    clients::FileView,
    process::{
        ArrivalInput, CareReferralInput, DiagnosisNoteInput, GoalInput, InterventionEndInput,
        InterventionInput, LadderInput, OversightInput, ReferralEndInput, ZrmInput,
    },
};

/// Back to the section of the client's page a form saved, confirming it.
fn back_to(id: ClientId, page: &str, anchor: &str, saved: Saved) -> Response {
    see_other(&format!("/klanten/{}/{page}#{anchor}", id.0), saved)
}

/// Options of a `<select>`: value, label, selected.
type Options = Vec<(String, String, bool)>;

// --- diagnosis -------------------------------------------------------------------

#[derive(Template)]
#[template(path = "diagnosis.html")]
struct DiagnosisPage {
    l: Layout,
    c: ClientCard,
    /// Colleagues of the team read the diagnosis; its owner adds to it.
    may_change: bool,
    sources: Options,
    rungs: Options,
    versions: Vec<(&'static str, &'static str, bool)>,
    /// The domains of the chosen version with what was typed.
    domains: Vec<(&'static str, &'static str, String)>,
    score_options: Vec<(String, &'static str)>,
    note: DiagnosisNoteInput,
    ladder: LadderInput,
    zrm: ZrmInput,
    note_errors: Errors,
    ladder_errors: Errors,
    zrm_errors: Errors,
}

#[derive(Default)]
struct DiagnosisForms {
    note: DiagnosisNoteInput,
    ladder: LadderInput,
    zrm: ZrmInput,
    note_errors: Errors,
    ladder_errors: Errors,
    zrm_errors: Errors,
}

async fn diagnosis_page(
    state: &AppState,
    acting: &Acting,
    id: ClientId,
    f: DiagnosisForms,
) -> WebResult<DiagnosisPage> {
    let viewed = state.acts.view(acting, id, FileView::Diagnosis).await?;
    let c = viewed.card;
    let may_change = viewed.may_change;
    let l = Layout::new(state, acting, "diagnosis.title").await?;
    let tr = l.tr;
    let version = ZrmVersion::parse(&f.zrm.version).unwrap_or(ZrmVersion::CURRENT);
    Ok(DiagnosisPage {
        may_change,
        sources: DiagnosisSource::ALL
            .iter()
            .map(|s| {
                (
                    s.as_str().to_string(),
                    tr.label(s).to_string(),
                    s.as_str() == f.note.source,
                )
            })
            .collect(),
        rungs: LadderRung::all()
            .map(|r| {
                (
                    r.number().to_string(),
                    format!("{} — {}", r.number(), tr.label(r)),
                    r.number().to_string() == f.ladder.rung,
                )
            })
            .collect(),
        versions: ZrmVersion::ALL
            .iter()
            .map(|v| (v.as_str(), tr.label(v), *v == version))
            .collect(),
        domains: version
            .domains()
            .iter()
            .map(|k| {
                (
                    *k,
                    tr.zrm_domain(k),
                    f.zrm.scores.get(*k).cloned().unwrap_or_default(),
                )
            })
            .collect(),
        score_options: (1..=5u8)
            .map(|n| (n.to_string(), tr.zrm_score(&n)))
            .collect(),
        note: f.note,
        ladder: f.ladder,
        zrm: f.zrm,
        note_errors: f.note_errors,
        ladder_errors: f.ladder_errors,
        zrm_errors: f.zrm_errors,
        c,
        l,
    })
}

pub async fn diagnosis(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
) -> WebResult<Html<String>> {
    let id = ClientId(path_id(&raw)?);
    render(&diagnosis_page(&state, &acting, id, DiagnosisForms::default()).await?)
}

pub async fn diagnosis_note(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    Form(form): Form<DiagnosisNoteInput>,
) -> WebResult<Response> {
    let id = ClientId(path_id(&raw)?);
    match state.acts.note_diagnosis(&acting, id, form.clone()).await {
        Ok(()) => Ok(back_to(id, "diagnose", "notities", Saved::DiagnosisNote)),
        Err(e) => {
            let f = DiagnosisForms {
                note: form,
                note_errors: Errors::from_web(e)?,
                ..Default::default()
            };
            render_invalid(&diagnosis_page(&state, &acting, id, f).await?)
        }
    }
}

pub async fn diagnosis_ladder(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    Form(form): Form<LadderInput>,
) -> WebResult<Response> {
    let id = ClientId(path_id(&raw)?);
    match state.acts.measure_ladder(&acting, id, form.clone()).await {
        Ok(()) => Ok(back_to(id, "diagnose", "ladder", Saved::Ladder)),
        Err(e) => {
            let f = DiagnosisForms {
                ladder: form,
                ladder_errors: Errors::from_web(e)?,
                ..Default::default()
            };
            render_invalid(&diagnosis_page(&state, &acting, id, f).await?)
        }
    }
}

/// The matrix form sends `version`, `assessed_on`, `remarks` and one
/// `score_<domain>` per domain.
pub async fn diagnosis_zrm(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    Form(fields): Form<BTreeMap<String, String>>,
) -> WebResult<Response> {
    let id = ClientId(path_id(&raw)?);
    let get = |k: &str| fields.get(k).cloned().unwrap_or_default();
    let input = ZrmInput {
        assessed_on: get("assessed_on"),
        version: get("version"),
        remarks: get("remarks"),
        scores: fields
            .iter()
            .filter_map(|(k, v)| k.strip_prefix("score_").map(|d| (d.to_string(), v.clone())))
            .collect(),
    };
    match state.acts.assess_zrm(&acting, id, input.clone()).await {
        Ok(()) => Ok(back_to(id, "diagnose", "zrm", Saved::Zrm)),
        Err(e) => {
            let f = DiagnosisForms {
                zrm: input,
                zrm_errors: Errors::from_web(e)?,
                ..Default::default()
            };
            render_invalid(&diagnosis_page(&state, &acting, id, f).await?)
        }
    }
}

// --- trajectplan -------------------------------------------------------------------

#[derive(Template)]
#[template(path = "trajectory.html")]
struct TrajectoryPage {
    l: Layout,
    c: ClientCard,
    /// May this person change the plan (the page is also read by the team)?
    may_change: bool,
    targets: Options,
    goals: Options,
    items: Vec<CatalogueItem>,
    providers: Vec<Provider>,
    outcomes: Vec<(&'static str, &'static str)>,
    goal: GoalInput,
    intervention: InterventionInput,
    oversight: OversightInput,
    /// The intervention whose end form failed, with its input.
    ending: Option<(i64, InterventionEndInput)>,
    goal_errors: Errors,
    intervention_errors: Errors,
    end_errors: Errors,
    oversight_errors: Errors,
    /// What followed for comparable clients, per catalogue item: its id
    /// and the line to show.
    comparable: Vec<(i64, String)>,
    /// The methods library's definitive protocol versions to pick from.
    protocols: Vec<zicht_acts::methods::ProtocolChoice>,
}

impl TrajectoryPage {
    fn goal_label(&self, goal: &Option<zicht_domain::GoalId>) -> String {
        goal.and_then(|g| self.c.trajectory.goals.iter().find(|x| x.id == g))
            .map(|g| format!("{} — {}", self.l.tr.goal_target(&g.target), g.description))
            .unwrap_or_default()
    }
    fn end_value(&self, intervention: &zicht_domain::InterventionId, field: &str) -> String {
        match &self.ending {
            Some((i, f)) if *i == intervention.0 => match field {
                "ended_on" => f.ended_on.clone(),
                "outcome" => f.outcome.clone(),
                _ => f.result.clone(),
            },
            _ => String::new(),
        }
    }
    fn end_error(
        &self,
        intervention: &zicht_domain::InterventionId,
        field: &str,
    ) -> Option<&'static str> {
        match &self.ending {
            Some((i, _)) if *i == intervention.0 => self.end_errors.get(field),
            _ => None,
        }
    }
    fn end_general(&self, intervention: &zicht_domain::InterventionId) -> Option<String> {
        match &self.ending {
            Some((i, _)) if *i == intervention.0 => self.end_errors.general.clone(),
            _ => None,
        }
    }
}

#[derive(Default)]
struct TrajectoryForms {
    goal: GoalInput,
    intervention: InterventionInput,
    oversight: OversightInput,
    ending: Option<(i64, InterventionEndInput)>,
    goal_errors: Errors,
    intervention_errors: Errors,
    end_errors: Errors,
    oversight_errors: Errors,
}

async fn trajectory_page(
    state: &AppState,
    acting: &Acting,
    id: ClientId,
    f: TrajectoryForms,
) -> WebResult<TrajectoryPage> {
    let viewed = state.acts.view(acting, id, FileView::Trajectory).await?;
    let c = viewed.card;
    let may_change = viewed.may_change;
    let items = state
        .store
        .catalogue(acting.organisation_id)
        .await?
        .into_iter()
        .filter(|i| i.active)
        .collect();
    let providers = state.store.providers(acting.organisation_id).await?;
    let mut intervention = f.intervention;
    if intervention.starts_on.is_empty() {
        intervention.starts_on = dmy(acting.today());
    }
    let protocols = if may_change {
        state.acts.protocol_choices(acting).await?
    } else {
        Vec::new()
    };
    let l = Layout::new(state, acting, "plan.title").await?;
    let tr = l.tr;
    let comparable = if may_change {
        crate::learning::comparable(state, acting.organisation_id, id, acting.today(), tr)
            .await?
            .iter()
            .map(|r| {
                (
                    r.outcomes.intervention.item.0,
                    super::learning::comparable_line(r, tr),
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(TrajectoryPage {
        l,
        protocols,
        may_change,
        comparable,
        targets: GoalTarget::all()
            .into_iter()
            .map(|t| {
                (
                    t.as_value(),
                    tr.goal_target(&t),
                    t.as_value() == f.goal.target,
                )
            })
            .collect(),
        goals: c
            .trajectory
            .goals
            .iter()
            .map(|g| {
                (
                    g.id.0.to_string(),
                    format!("{} — {}", tr.goal_target(&g.target), g.description),
                    g.id.0.to_string() == intervention.goal_id,
                )
            })
            .collect(),
        items,
        providers,
        outcomes: InterventionOutcome::ALL
            .iter()
            .map(|o| (o.as_str(), tr.label(o)))
            .collect(),
        goal: f.goal,
        intervention,
        oversight: f.oversight,
        ending: f.ending,
        goal_errors: f.goal_errors,
        intervention_errors: f.intervention_errors,
        end_errors: f.end_errors,
        oversight_errors: f.oversight_errors,
        c,
    })
}

pub async fn trajectory(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
) -> WebResult<Html<String>> {
    let id = ClientId(path_id(&raw)?);
    render(&trajectory_page(&state, &acting, id, TrajectoryForms::default()).await?)
}

pub async fn goal_submit(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    Form(form): Form<GoalInput>,
) -> WebResult<Response> {
    let id = ClientId(path_id(&raw)?);
    match state.acts.set_goal(&acting, id, form.clone()).await {
        Ok(_) => Ok(back_to(id, "trajectplan", "doelen", Saved::Goal)),
        Err(e) => {
            let f = TrajectoryForms {
                goal: form,
                goal_errors: Errors::from_web(e)?,
                ..Default::default()
            };
            render_invalid(&trajectory_page(&state, &acting, id, f).await?)
        }
    }
}

pub async fn intervention_submit(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    Form(form): Form<InterventionInput>,
) -> WebResult<Response> {
    let id = ClientId(path_id(&raw)?);
    match state
        .acts
        .plan_intervention(&acting, id, form.clone())
        .await
    {
        Ok(_) => Ok(back_to(
            id,
            "trajectplan",
            "interventies",
            Saved::Intervention,
        )),
        Err(e) => {
            let f = TrajectoryForms {
                intervention: form,
                intervention_errors: Errors::from_web(e)?,
                ..Default::default()
            };
            render_invalid(&trajectory_page(&state, &acting, id, f).await?)
        }
    }
}

pub async fn intervention_end(
    State(state): State<AppState>,
    acting: Acting,
    Path((raw, intervention)): Path<(String, String)>,
    Form(form): Form<InterventionEndInput>,
) -> WebResult<Response> {
    let id = ClientId(path_id(&raw)?);
    let intervention = path_id(&intervention)?;
    match state
        .acts
        .end_intervention(&acting, id, intervention, form.clone())
        .await
    {
        Ok(()) => Ok(back_to(
            id,
            "trajectplan",
            &format!("interventie-{intervention}"),
            Saved::InterventionEnded,
        )),
        Err(e) => {
            let f = TrajectoryForms {
                ending: Some((intervention, form)),
                end_errors: Errors::from_web(e)?,
                ..Default::default()
            };
            render_invalid(&trajectory_page(&state, &acting, id, f).await?)
        }
    }
}

pub async fn oversight_submit(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    Form(form): Form<OversightInput>,
) -> WebResult<Response> {
    let id = ClientId(path_id(&raw)?);
    match state.acts.record_oversight(&acting, id, form.clone()).await {
        Ok(()) => Ok(back_to(id, "trajectplan", "regie", Saved::Oversight)),
        Err(e) => {
            let f = TrajectoryForms {
                oversight: form,
                oversight_errors: Errors::from_web(e)?,
                ..Default::default()
            };
            render_invalid(&trajectory_page(&state, &acting, id, f).await?)
        }
    }
}

/// The client's own version of the plan: goals and what will be done first,
/// in plain words; rights and duties after.
#[derive(Template)]
#[template(path = "trajectory_client.html")]
struct ClientPlanPage {
    l: Layout,
    c: ClientCard,
    today: String,
}

impl ClientPlanPage {
    fn goal_of(&self, goal: &Option<zicht_domain::GoalId>) -> String {
        goal.and_then(|g| self.c.trajectory.goals.iter().find(|x| x.id == g))
            .map(|g| g.description.clone())
            .unwrap_or_default()
    }
}

pub async fn client_plan(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
) -> WebResult<Html<String>> {
    let id = ClientId(path_id(&raw)?);
    let viewed = state.acts.view(&acting, id, FileView::ClientPlan).await?;
    let c = viewed.card;
    render(&ClientPlanPage {
        l: Layout::new(&state, &acting, "plan.client_title").await?,
        today: dmy(acting.today()),
        c,
    })
}

// --- care referrals -------------------------------------------------------------------

#[derive(Template)]
#[template(path = "referrals.html")]
struct ReferralsPage {
    l: Layout,
    c: ClientCard,
    may_change: bool,
    organisations: Vec<CareOrganisation>,
    confirmations: Vec<(&'static str, &'static str)>,
    arrival_days: u32,
    referral: CareReferralInput,
    referral_errors: Errors,
    /// The referral whose arrival or end form failed, which form, and its errors.
    failed: Option<(i64, &'static str)>,
    arrival: ArrivalInput,
    end: ReferralEndInput,
    row_errors: Errors,
}

impl ReferralsPage {
    fn row_error(
        &self,
        referral: &zicht_domain::CareReferralId,
        form: &str,
        field: &str,
    ) -> Option<&'static str> {
        match self.failed {
            Some((r, f)) if r == referral.0 && f == form => self.row_errors.get(field),
            _ => None,
        }
    }
    /// What was typed into the row's failed form, so nothing typed is lost.
    fn row_value(
        &self,
        referral: &zicht_domain::CareReferralId,
        form: &str,
        field: &str,
    ) -> String {
        match self.failed {
            Some((r, f)) if r == referral.0 && f == form => match field {
                "arrived_on" => self.arrival.arrived_on.clone(),
                "confirmation" => self.arrival.confirmation.clone(),
                "note" => self.arrival.note.clone(),
                "ended_on" => self.end.ended_on.clone(),
                _ => self.end.reason.clone(),
            },
            _ => String::new(),
        }
    }
    fn row_general(&self, referral: &zicht_domain::CareReferralId) -> Option<String> {
        match self.failed {
            Some((r, _)) if r == referral.0 => self.row_errors.general.clone(),
            _ => None,
        }
    }
    fn waiting(&self, status: &ReferralStatus) -> bool {
        *status == ReferralStatus::Referred
    }
    fn open(&self, status: &ReferralStatus) -> bool {
        *status != ReferralStatus::Ended
    }
}

#[derive(Default)]
struct ReferralForms {
    referral: CareReferralInput,
    referral_errors: Errors,
    failed: Option<(i64, &'static str)>,
    arrival: ArrivalInput,
    end: ReferralEndInput,
    row_errors: Errors,
}

async fn referrals_page(
    state: &AppState,
    acting: &Acting,
    id: ClientId,
    f: ReferralForms,
) -> WebResult<ReferralsPage> {
    let viewed = state.acts.view(acting, id, FileView::Referrals).await?;
    let c = viewed.card;
    let may_change = viewed.may_change;
    let settings = state
        .store
        .organisation(acting.organisation_id)
        .await?
        .settings;
    let mut referral = f.referral;
    if referral.referred_on.is_empty() {
        referral.referred_on = dmy(acting.today());
    }
    Ok(ReferralsPage {
        l: Layout::new(state, acting, "referrals.title").await?,
        may_change,
        organisations: state
            .store
            .care_organisations(acting.organisation_id)
            .await?,
        confirmations: ArrivalConfirmation::ALL
            .iter()
            .map(|k| (k.as_str(), Tr::current().label(k)))
            .collect(),
        arrival_days: settings.care_arrival_days,
        referral,
        referral_errors: f.referral_errors,
        failed: f.failed,
        arrival: f.arrival,
        end: f.end,
        row_errors: f.row_errors,
        c,
    })
}

pub async fn referrals(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
) -> WebResult<Html<String>> {
    let id = ClientId(path_id(&raw)?);
    render(&referrals_page(&state, &acting, id, ReferralForms::default()).await?)
}

pub async fn referral_submit(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    Form(form): Form<CareReferralInput>,
) -> WebResult<Response> {
    let id = ClientId(path_id(&raw)?);
    match state.acts.refer_to_care(&acting, id, form.clone()).await {
        Ok(r) => Ok(back_to(
            id,
            "verwijzingen",
            &format!("verwijzing-{r}"),
            Saved::Referral,
        )),
        Err(e) => {
            let f = ReferralForms {
                referral: form,
                referral_errors: Errors::from_web(e)?,
                ..Default::default()
            };
            render_invalid(&referrals_page(&state, &acting, id, f).await?)
        }
    }
}

pub async fn arrival_submit(
    State(state): State<AppState>,
    acting: Acting,
    Path((raw, referral)): Path<(String, String)>,
    Form(form): Form<ArrivalInput>,
) -> WebResult<Response> {
    let id = ClientId(path_id(&raw)?);
    let referral = path_id(&referral)?;
    match state
        .acts
        .confirm_arrival(&acting, id, referral, form.clone())
        .await
    {
        Ok(()) => Ok(back_to(
            id,
            "verwijzingen",
            &format!("verwijzing-{referral}"),
            Saved::Arrival,
        )),
        Err(e) => {
            let f = ReferralForms {
                failed: Some((referral, "arrival")),
                arrival: form,
                row_errors: Errors::from_web(e)?,
                ..Default::default()
            };
            render_invalid(&referrals_page(&state, &acting, id, f).await?)
        }
    }
}

pub async fn referral_end_submit(
    State(state): State<AppState>,
    acting: Acting,
    Path((raw, referral)): Path<(String, String)>,
    Form(form): Form<ReferralEndInput>,
) -> WebResult<Response> {
    let id = ClientId(path_id(&raw)?);
    let referral = path_id(&referral)?;
    match state
        .acts
        .end_care_referral(&acting, id, referral, form.clone())
        .await
    {
        Ok(()) => Ok(back_to(
            id,
            "verwijzingen",
            &format!("verwijzing-{referral}"),
            Saved::ReferralEnded,
        )),
        Err(e) => {
            let f = ReferralForms {
                failed: Some((referral, "end")),
                end: form,
                row_errors: Errors::from_web(e)?,
                ..Default::default()
            };
            render_invalid(&referrals_page(&state, &acting, id, f).await?)
        }
    }
}
