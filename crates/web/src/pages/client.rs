//! The klantkaart and the short forms reachable from it and from the caseload:
//! contact, klantinzetformulier, handover offer, phase change and closing.

use askama::Template;
use axum::{
    extract::{Path, State},
    response::{Html, Response},
    Form,
};
use serde::Deserialize;
use zicht_domain::text::dmy;
use zicht_domain::{
    client::Phase,
    contact::ContactKind,
    event::{ClientEvent, HandoverEvent, ProcessEvent, RegisterEvent, WorkEvent},
    organisation::{Employee, Team},
    skills::Skill,
    ClientId,
};
use zicht_storage::ClientCard;

use super::{
    dmy_hm, filters, path_id, render, render_invalid,
    saved::{see_other, Saved},
    signals::{self, OverdueNote, ReturnedNote},
    Errors, Layout, Tr,
};
use crate::{actor::Acting, AppState, WebResult};
use zicht_acts::{
    clients::{AssessmentInput, ContactInput, FileView},
    handovers::HandoverInput,
};

struct SkillRow {
    key: &'static str,
    label: &'static str,
    question: &'static str,
    latest: Option<bool>,
    previous: Option<bool>,
}

fn skill_rows(c: &ClientCard, tr: Tr) -> Vec<SkillRow> {
    Skill::ALL
        .iter()
        .map(|s| SkillRow {
            key: s.as_str(),
            label: tr.label(s),
            question: tr.question(s),
            latest: c.latest_assessment.as_ref().map(|a| a.skills.has(*s)),
            previous: c.previous_assessment.as_ref().map(|a| a.skills.has(*s)),
        })
        .collect()
}

/// A case about the client brought into intervision: where and when, and
/// the advice.
fn consulted_row(t: &zicht_storage::TimelineEntry, tr: Tr) -> TimelineRow {
    let field = |k: &str| t.event.get(k).and_then(|v| v.as_str()).unwrap_or_default();
    let date = time::Date::parse(
        field("held_on"),
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .map(dmy)
    .unwrap_or_default();
    let team = t
        .event
        .get("team")
        .and_then(|v| v.get("name"))
        .and_then(|v| v.as_str())
        .unwrap_or_default();
    TimelineRow {
        at: dmy_hm(zicht_domain::calendar::dutch_time(t.at)),
        label: tr.t("event.case_consulted"),
        actor: t.actor.name.clone(),
        detail: tr.fill(
            "tl.case_consulted",
            &[("team", team), ("date", &date), ("advice", field("advice"))],
        ),
    }
}

struct TimelineRow {
    at: String,
    label: &'static str,
    actor: String,
    detail: String,
}

/// The detail of a timeline entry. Its words around the codes are still
/// Dutch ("met", "op", "reden:"); the labels and codes follow the language.
fn describe(event: &ClientEvent, tr: Tr) -> String {
    match event {
        ClientEvent::Register(RegisterEvent::Created { phase, .. }) => {
            tr.fill("tl.phase", &[("phase", tr.label(phase))])
        }
        ClientEvent::Handover(HandoverEvent::Offered { note, .. }) => {
            tr.fill("tl.reason", &[("reason", &note.reason)])
        }
        ClientEvent::Handover(HandoverEvent::Accepted { .. })
        | ClientEvent::Handover(HandoverEvent::Withdrawn { .. }) => String::new(),
        ClientEvent::Handover(HandoverEvent::Returned { reason, .. })
        | ClientEvent::Handover(HandoverEvent::ReturnSeen { reason, .. }) => {
            tr.fill("tl.reason", &[("reason", reason)])
        }
        ClientEvent::Register(RegisterEvent::AssessmentRecorded { skills, .. }) => {
            tr.fill("tl.skills", &[("n", &skills.count().to_string())])
        }
        ClientEvent::Register(RegisterEvent::ContactRecorded {
            kind,
            with_whom,
            date,
            ..
        }) => tr.fill(
            "tl.contact",
            &[
                ("kind", tr.label(kind)),
                ("who", with_whom),
                ("date", &dmy(*date)),
            ],
        ),
        ClientEvent::Register(RegisterEvent::PhaseChanged { from, to }) => {
            format!("{} → {}", tr.label(from), tr.label(to))
        }
        ClientEvent::Register(RegisterEvent::BenefitStatusChanged { from, to }) => {
            format!("{} → {}", tr.label(from), tr.label(to))
        }
        ClientEvent::Register(RegisterEvent::Closed { reason }) => {
            tr.fill("tl.reason", &[("reason", reason)])
        }
        ClientEvent::Register(RegisterEvent::Anonymised) => String::new(),
        ClientEvent::Process(ProcessEvent::DiagnosisNoted {
            source, noted_on, ..
        }) => {
            format!("{} ({})", tr.label(source), dmy(*noted_on))
        }
        ClientEvent::Process(ProcessEvent::LadderMeasured {
            measured_on, rung, ..
        }) => tr.fill(
            "tl.rung",
            &[
                ("n", &rung.number().to_string()),
                ("name", tr.label(rung)),
                ("date", &dmy(*measured_on)),
            ],
        ),
        ClientEvent::Process(ProcessEvent::ZrmAssessed {
            assessed_on,
            version,
            scores,
            ..
        }) => tr.fill(
            "tl.zrm",
            &[
                ("n", &scores.len().to_string()),
                ("version", tr.label(version)),
                ("date", &dmy(*assessed_on)),
            ],
        ),
        ClientEvent::Process(ProcessEvent::InstrumentExplained {
            phase,
            instrument,
            reason,
        }) => tr.fill(
            "tl.explained",
            &[
                ("instrument", tr.label(instrument)),
                ("phase", tr.label(phase)),
                ("reason", reason),
            ],
        ),
        ClientEvent::Process(ProcessEvent::GoalSet { target, .. }) => tr.goal_target(target),
        ClientEvent::Process(ProcessEvent::InterventionPlanned {
            name,
            starts_on,
            planned_end_on,
            ..
        }) => tr.fill(
            "tl.period",
            &[
                ("name", name),
                ("from", &dmy(*starts_on)),
                ("to", &dmy(*planned_end_on)),
            ],
        ),
        ClientEvent::Process(ProcessEvent::InterventionEnded {
            outcome, ended_on, ..
        }) => tr.fill(
            "tl.what_on",
            &[("what", tr.label(outcome)), ("date", &dmy(*ended_on))],
        ),
        ClientEvent::Process(ProcessEvent::ProgressReported { reported_on, .. }) => {
            tr.fill("tl.about", &[("date", &dmy(*reported_on))])
        }
        ClientEvent::Process(ProcessEvent::OversightRecorded { held_on, .. }) => {
            tr.fill("tl.held_on", &[("date", &dmy(*held_on))])
        }
        ClientEvent::Process(ProcessEvent::CareReferred {
            organisation_name,
            kind,
            referred_on,
            ..
        }) => tr.fill(
            "tl.at_on",
            &[
                ("what", tr.label(kind)),
                ("where", organisation_name),
                ("date", &dmy(*referred_on)),
            ],
        ),
        ClientEvent::Process(ProcessEvent::CareArrived {
            arrived_on,
            confirmation,
            ..
        }) => tr.fill(
            "tl.on_what",
            &[
                ("date", &dmy(*arrived_on)),
                ("what", tr.label(confirmation)),
            ],
        ),
        ClientEvent::Process(ProcessEvent::CareEnded {
            ended_on, reason, ..
        }) => tr.fill(
            "tl.on_reason",
            &[("date", &dmy(*ended_on)), ("reason", reason)],
        ),
        ClientEvent::Work(WorkEvent::WorkWishesRecorded { wishes }) => {
            let sectors: Vec<&str> = wishes.sectors.iter().map(|s| tr.label(s)).collect();
            if sectors.is_empty() {
                tr.t("tl.no_sector").into()
            } else {
                sectors.join(", ")
            }
        }
        ClientEvent::Work(WorkEvent::MediationStarted {
            vacancy_title,
            employer_name,
            ..
        }) => tr.fill(
            "tl.at",
            &[("what", vacancy_title), ("where", employer_name)],
        ),
        ClientEvent::Work(WorkEvent::MediationStepRecorded { step, on, .. }) => tr.fill(
            "tl.what_on",
            &[("what", tr.label(step)), ("date", &dmy(*on))],
        ),
        ClientEvent::Work(WorkEvent::MediationEnded { result, on, .. }) => tr.fill(
            "tl.what_on",
            &[("what", tr.label(result)), ("date", &dmy(*on))],
        ),
        ClientEvent::Work(WorkEvent::VolunteerPlacementStarted {
            organisation_name,
            starts_on,
            ..
        }) => tr.fill(
            "tl.at_from",
            &[("where", organisation_name), ("date", &dmy(*starts_on))],
        ),
        ClientEvent::Work(WorkEvent::VolunteerPlacementEnded { ends_on, .. }) => {
            tr.fill("tl.on", &[("date", &dmy(*ends_on))])
        }
        ClientEvent::Work(WorkEvent::OutflowRegistered {
            kind,
            on,
            employer,
            aftercare_until,
            ..
        }) => tr.fill(
            if employer.is_empty() {
                "tl.outflow"
            } else {
                "tl.outflow_at"
            },
            &[
                ("kind", tr.label(kind)),
                ("date", &dmy(*on)),
                ("employer", employer),
                ("until", &dmy(*aftercare_until)),
            ],
        ),
        ClientEvent::Work(WorkEvent::AftercareCheckedIn { on, .. }) => {
            tr.fill("tl.on", &[("date", &dmy(*on))])
        }
        ClientEvent::Work(WorkEvent::SanctionConsidered {
            legal_basis, on, ..
        }) => format!("{} ({})", tr.label(legal_basis), dmy(*on)),
        ClientEvent::Work(WorkEvent::SanctionDecided { decision, on, .. }) => {
            format!("{} ({})", tr.decision(decision), dmy(*on))
        }
        ClientEvent::Work(WorkEvent::LetterProduced { title, .. })
        | ClientEvent::Work(WorkEvent::LetterDrafted { title, .. })
        | ClientEvent::Work(WorkEvent::LetterDraftEdited { title, .. }) => title.clone(),
        ClientEvent::Work(WorkEvent::LetterSent { reference, .. }) => reference.clone(),
        // Personal data stays out of the timeline's words.
        ClientEvent::Work(WorkEvent::LetterDraftDiscarded { .. })
        | ClientEvent::Register(RegisterEvent::ContactDetailsChanged { .. }) => String::new(),
    }
}

/// The aftercare running now, if the client is in it.
fn running_aftercare(c: &ClientCard) -> Option<&zicht_domain::reintegration::outflow::Aftercare> {
    c.work
        .outflows
        .first()
        .map(|o| &o.aftercare)
        .filter(|a| !a.ended)
}

#[derive(Template)]
#[template(path = "client_card.html")]
struct CardPage {
    l: Layout,
    c: ClientCard,
    birth_date: String,
    skills: Vec<SkillRow>,
    assessed_on: String,
    previous_on: String,
    trend: String,
    missing: Vec<&'static str>,
    last_contact: String,
    next_contact: String,
    handover: String,
    /// The pending offer in one line, for the summary.
    handover_short: String,
    handover_overdue: bool,
    /// The next appointment passed without a contact since.
    appointment_past: bool,
    /// During aftercare the next check-in takes the next appointment's place.
    next_check_in: Option<String>,
    check_in_due: bool,
    /// Sent back and not yet acted on by the sender.
    returned: Option<ReturnedNote>,
    /// Waiting past the term, for either side.
    overdue: Option<OverdueNote>,
    /// The "seen, the client stays" form, kept when it comes back.
    seen_reason: String,
    seen_errors: Errors,
    timeline: Vec<TimelineRow>,
    phases: Vec<(&'static str, &'static str)>,
    errors: Errors,
    close_reason: String,
    /// Comply or explain, kept when a phase change comes back.
    explanation: String,
    /// The owner (or the team's lead) acts; colleagues read.
    may_change: bool,
}

async fn card_page(
    state: &AppState,
    acting: &Acting,
    id: ClientId,
    errors: Errors,
    close_reason: String,
) -> WebResult<CardPage> {
    let viewed = state.acts.view(acting, id, FileView::Card).await?;
    let c = viewed.card;
    let l = Layout::new(state, acting, "card.title").await?;
    let tr = l.tr;
    let timeline = c
        .timeline
        .iter()
        .map(|t| {
            if t.kind == zicht_acts::intervision::CASE_CONSULTED {
                return consulted_row(t, tr);
            }
            let event: Option<ClientEvent> = serde_json::from_value(t.event.clone()).ok();
            TimelineRow {
                at: dmy_hm(zicht_domain::calendar::dutch_time(t.at)),
                label: event
                    .as_ref()
                    .map_or("—", |e| tr.t_owned(&format!("event.{}", e.kind()))),
                actor: t.actor.name.clone(),
                detail: event.as_ref().map(|e| describe(e, tr)).unwrap_or_default(),
            }
        })
        .collect();
    let (returned, overdue) = signals::notes(&c.handover_signals, acting.employee.team_id);
    Ok(CardPage {
        returned,
        overdue,
        seen_reason: String::new(),
        seen_errors: Errors::default(),
        birth_date: c
            .birth_date
            .map(dmy)
            .unwrap_or_else(|| tr.t("card.unknown").into()),
        skills: skill_rows(&c, tr),
        assessed_on: c
            .latest_assessment
            .as_ref()
            .map(|a| dmy(a.assessed_on))
            .unwrap_or_default(),
        previous_on: c
            .previous_assessment
            .as_ref()
            .map(|a| dmy(a.assessed_on))
            .unwrap_or_default(),
        trend: c
            .skills_trend
            .map(|t| tr.label(t).to_string())
            .unwrap_or_default(),
        missing: c
            .latest_assessment
            .as_ref()
            .map(|a| a.missing.iter().map(|s| tr.label(s)).collect())
            .unwrap_or_default(),
        last_contact: c
            .last_contact
            .as_ref()
            .map(|k| {
                tr.fill(
                    "card.contact_with",
                    &[
                        ("date", &dmy(k.date)),
                        ("kind", tr.label(k.kind)),
                        ("who", &k.with_whom),
                    ],
                )
            })
            .unwrap_or_else(|| tr.t("card.no_contact_yet").into()),
        next_contact: c
            .next_contact_on
            .map(dmy)
            .unwrap_or_else(|| tr.t("card.not_planned").into()),
        handover: c
            .pending_handover
            .as_ref()
            .map(|h| {
                tr.fill(
                    "card.offered_to",
                    &[
                        ("team", &h.to_team.name),
                        (
                            "date",
                            &dmy(zicht_domain::calendar::dutch_date(h.offered_at)),
                        ),
                        ("days", &h.working_days_waiting.to_string()),
                        ("reason", &h.note.reason),
                    ],
                )
            })
            .unwrap_or_default(),
        handover_short: c
            .pending_handover
            .as_ref()
            .map(|h| {
                tr.fill(
                    "card.offered_short",
                    &[
                        ("team", &h.to_team.name),
                        (
                            "date",
                            &dmy(zicht_domain::calendar::dutch_date(h.offered_at)),
                        ),
                        ("days", &h.working_days_waiting.to_string()),
                    ],
                )
            })
            .unwrap_or_default(),
        handover_overdue: c.pending_handover.as_ref().is_some_and(|h| h.overdue),
        appointment_past: c.open
            && zicht_domain::today::appointment_past(
                c.next_contact_on,
                c.last_contact.as_ref().map(|k| k.date),
                acting.today(),
            ),
        next_check_in: running_aftercare(&c).and_then(|a| a.next_check_in.map(dmy)),
        check_in_due: c.open && running_aftercare(&c).is_some_and(|a| a.check_in_due),
        timeline,
        phases: Phase::ALL
            .iter()
            .filter(|p| **p != c.phase)
            .map(|p| (p.as_str(), tr.label(p)))
            .collect(),
        errors,
        close_reason,
        explanation: String::new(),
        may_change: viewed.may_change,
        c,
        l,
    })
}

pub async fn card(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
) -> WebResult<Html<String>> {
    let id = ClientId(path_id(&raw)?);
    render(&card_page(&state, &acting, id, Errors::default(), String::new()).await?)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PhaseForm {
    phase: String,
    explanation: String,
}

pub async fn phase_submit(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    Form(form): Form<PhaseForm>,
) -> WebResult<Response> {
    let id = ClientId(path_id(&raw)?);
    match state
        .acts
        .change_phase(&acting, id, &form.phase, &form.explanation)
        .await
    {
        Ok(()) => Ok(see_other(&format!("/klanten/{}", id.0), Saved::Phase)),
        Err(e) => {
            let mut page =
                card_page(&state, &acting, id, Errors::from_web(e)?, String::new()).await?;
            page.explanation = form.explanation;
            render_invalid(&page)
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SeenForm {
    reason: String,
}

/// The sender saw its handover come back and keeps the client, saying why.
pub async fn returned_seen_submit(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    Form(form): Form<SeenForm>,
) -> WebResult<Response> {
    let id = ClientId(path_id(&raw)?);
    match state
        .acts
        .see_returned_handover(&acting, id, &form.reason)
        .await
    {
        Ok(()) => Ok(see_other(&format!("/klanten/{}", id.0), Saved::ReturnSeen)),
        Err(e) => {
            // A field error goes beside the form; anything else above the card.
            let mut seen_errors = Errors::from_web(e)?;
            let errors = Errors {
                general: seen_errors.general.take(),
                ..Errors::default()
            };
            let mut page = card_page(&state, &acting, id, errors, String::new()).await?;
            page.seen_errors = seen_errors;
            page.seen_reason = form.reason;
            render_invalid(&page)
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CloseForm {
    reason: String,
}

pub async fn close_submit(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    Form(form): Form<CloseForm>,
) -> WebResult<Response> {
    let id = ClientId(path_id(&raw)?);
    match state.acts.close(&acting, id, &form.reason).await {
        Ok(()) => Ok(see_other(&format!("/klanten/{}", id.0), Saved::Closed)),
        Err(e) => render_invalid(
            &card_page(&state, &acting, id, Errors::from_web(e)?, form.reason).await?,
        ),
    }
}

// --- contact -----------------------------------------------------------------

#[derive(Template)]
#[template(path = "contact_form.html")]
struct ContactPage {
    l: Layout,
    client_id: i64,
    client_name: String,
    kinds: Vec<(&'static str, &'static str, bool)>,
    form: ContactInput,
    errors: Errors,
}

async fn contact_page(
    state: &AppState,
    acting: &Acting,
    id: ClientId,
    form: ContactInput,
    errors: Errors,
) -> WebResult<ContactPage> {
    let c = state
        .acts
        .view(acting, id, FileView::ContactForm)
        .await?
        .card;
    Ok(ContactPage {
        l: Layout::new(state, acting, "contact.title").await?,
        client_id: id.0,
        client_name: c.name,
        kinds: ContactKind::ALL
            .iter()
            .map(|k| (k.as_str(), Tr::current().label(k), k.as_str() == form.kind))
            .collect(),
        form,
        errors,
    })
}

pub async fn contact_form(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
) -> WebResult<Html<String>> {
    let id = ClientId(path_id(&raw)?);
    let form = ContactInput {
        kind: "gesprek".into(),
        with_whom: "klant".into(),
        ..Default::default()
    };
    render(&contact_page(&state, &acting, id, form, Errors::default()).await?)
}

pub async fn contact_submit(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    Form(form): Form<ContactInput>,
) -> WebResult<Response> {
    let id = ClientId(path_id(&raw)?);
    match state.acts.contact(&acting, id, form.clone()).await {
        Ok(()) => Ok(see_other(&format!("/klanten/{}", id.0), Saved::Contact)),
        Err(e) => {
            render_invalid(&contact_page(&state, &acting, id, form, Errors::from_web(e)?).await?)
        }
    }
}

// --- klantinzetformulier -----------------------------------------------------

#[derive(Template)]
#[template(path = "skills_form.html")]
struct SkillsPage {
    l: Layout,
    client_id: i64,
    client_name: String,
    skills: Vec<SkillRow>,
    previous_on: String,
    form: AssessmentInput,
    errors: Errors,
}

impl SkillsPage {
    fn ticked(&self, key: &str) -> bool {
        match key {
            "on_time" => self.form.on_time,
            "commitment" => self.form.commitment,
            "accepts_direction" => self.form.accepts_direction,
            "says_in_time" => self.form.says_in_time,
            "dresses_for_work" => self.form.dresses_for_work,
            _ => false,
        }
    }
}

async fn skills_page(
    state: &AppState,
    acting: &Acting,
    id: ClientId,
    form: AssessmentInput,
    errors: Errors,
) -> WebResult<SkillsPage> {
    let c = state
        .acts
        .view(acting, id, FileView::AssessmentForm)
        .await?
        .card;
    // Beside the form the previous result is the latest one recorded so far.
    let skills = skill_rows(&c, Tr::current())
        .into_iter()
        .map(|row| SkillRow {
            latest: None,
            previous: row.latest,
            ..row
        })
        .collect();
    Ok(SkillsPage {
        l: Layout::new(state, acting, "skills.title").await?,
        client_id: id.0,
        client_name: c.name.clone(),
        skills,
        previous_on: c
            .latest_assessment
            .as_ref()
            .map(|a| dmy(a.assessed_on))
            .unwrap_or_default(),
        form,
        errors,
    })
}

pub async fn skills_form(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
) -> WebResult<Html<String>> {
    let id = ClientId(path_id(&raw)?);
    let form = AssessmentInput {
        assessed_on: dmy(acting.today()),
        ..Default::default()
    };
    render(&skills_page(&state, &acting, id, form, Errors::default()).await?)
}

/// HTML checkboxes send `on` when ticked and nothing otherwise.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SkillsForm {
    assessed_on: String,
    on_time: Option<String>,
    commitment: Option<String>,
    accepts_direction: Option<String>,
    says_in_time: Option<String>,
    dresses_for_work: Option<String>,
    remarks: String,
}

pub async fn skills_submit(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    Form(f): Form<SkillsForm>,
) -> WebResult<Response> {
    let id = ClientId(path_id(&raw)?);
    let input = AssessmentInput {
        assessed_on: f.assessed_on,
        on_time: f.on_time.is_some(),
        commitment: f.commitment.is_some(),
        accepts_direction: f.accepts_direction.is_some(),
        says_in_time: f.says_in_time.is_some(),
        dresses_for_work: f.dresses_for_work.is_some(),
        remarks: f.remarks,
    };
    match state.acts.assessment(&acting, id, input.clone()).await {
        Ok(()) => Ok(see_other(&format!("/klanten/{}", id.0), Saved::Assessment)),
        Err(e) => {
            render_invalid(&skills_page(&state, &acting, id, input, Errors::from_web(e)?).await?)
        }
    }
}

// --- handover offer ----------------------------------------------------------

#[derive(Template)]
#[template(path = "handover_form.html")]
struct HandoverPage {
    l: Layout,
    client_id: i64,
    client_name: String,
    teams: Vec<Team>,
    employees: Vec<(Employee, String)>,
    to_team: String,
    to_employee: String,
    form: HandoverInput,
    errors: Errors,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct HandoverForm {
    to_team_id: String,
    to_employee_id: String,
    reason: String,
    work_done: String,
    particulars: String,
    agreements: String,
}

async fn handover_page(
    state: &AppState,
    acting: &Acting,
    id: ClientId,
    f: HandoverForm,
    errors: Errors,
) -> WebResult<HandoverPage> {
    let c = state
        .acts
        .view(acting, id, FileView::HandoverForm)
        .await?
        .card;
    let teams: Vec<Team> = state
        .store
        .teams(acting.organisation_id)
        .await?
        .into_iter()
        .filter(|t| t.id != c.owner_team.id)
        .collect();
    let employees = state
        .store
        .employees(acting.organisation_id)
        .await?
        .into_iter()
        // Only people who can own clients: not a provider's user or management.
        .filter(|e| e.role.works_with_clients())
        .filter_map(|e| {
            let team = teams.iter().find(|t| t.id == e.team_id)?.name.clone();
            Some((e, team))
        })
        .collect();
    Ok(HandoverPage {
        l: Layout::new(state, acting, "handover.title").await?,
        client_id: id.0,
        client_name: c.name,
        teams,
        employees,
        to_team: f.to_team_id.clone(),
        to_employee: f.to_employee_id.clone(),
        form: HandoverInput {
            to_team_id: None,
            to_employee_id: None,
            reason: f.reason,
            work_done: f.work_done,
            particulars: f.particulars,
            agreements: f.agreements,
        },
        errors,
    })
}

pub async fn handover_form(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
) -> WebResult<Html<String>> {
    let id = ClientId(path_id(&raw)?);
    render(
        &handover_page(
            &state,
            &acting,
            id,
            HandoverForm::default(),
            Errors::default(),
        )
        .await?,
    )
}

pub async fn handover_submit(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    Form(f): Form<HandoverForm>,
) -> WebResult<Response> {
    let id = ClientId(path_id(&raw)?);
    let input = HandoverInput {
        to_team_id: f.to_team_id.trim().parse().ok(),
        to_employee_id: f.to_employee_id.trim().parse().ok(),
        reason: f.reason.clone(),
        work_done: f.work_done.clone(),
        particulars: f.particulars.clone(),
        agreements: f.agreements.clone(),
    };
    match state.acts.offer_handover(&acting, id, input).await {
        Ok(_) => Ok(see_other(
            &format!("/klanten/{}", id.0),
            Saved::HandoverOffered,
        )),
        Err(e) => {
            render_invalid(&handover_page(&state, &acting, id, f, Errors::from_web(e)?).await?)
        }
    }
}
