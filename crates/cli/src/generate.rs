//! `zicht generate`: a synthetic organisation at realistic scale, for
//! benchmarks and load tests. Deterministic from a seed. Caseloads are drawn
//! like seed 000 reports them (about 105 clients per full-time caseworker,
//! some up to 300); every client gets years of history (registration, the
//! handover from intake, contacts, klantinzet assessments, sometimes closing
//! or a handover still pending), written through the store's bulk history
//! import so that `zicht check` holds afterwards.

use std::{collections::HashSet, fmt::Write as _, io::Write as _, path::PathBuf};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use rand::{rngs::SmallRng, Rng, SeedableRng};
use time::{Date, Duration, OffsetDateTime};
use zicht_domain::{
    access::Role,
    client::{BenefitStatus, Owner, Phase},
    event::{ClientEvent, HandoverEvent, RegisterEvent},
    handover::HandoverNote,
    organisation::{OrganisationSettings, TeamKind},
    skills::SkillSet,
    text, Bsn, EmployeeId, HandoverId, TeamId,
};
use zicht_storage::{ImportedClient, ImportedEvent, Store};

use crate::{demo, DEMO_PASSWORD};

/// Clients written per transaction: big enough to amortise the commit,
/// small enough to show progress and keep memory flat.
const BATCH: usize = 2000;

#[derive(Debug, Clone, clap::Args)]
pub struct GenerateOptions {
    /// Number of clients.
    #[arg(long, default_value_t = 10_000)]
    pub clients: usize,
    /// Number of teams (intake, werk and participatie in turn).
    #[arg(long, default_value_t = 12)]
    pub teams: usize,
    /// Number of caseworkers; by default one per 105 clients, as in seed 000.
    #[arg(long)]
    pub caseworkers: Option<usize>,
    /// Years of history.
    #[arg(long, default_value_t = 5)]
    pub years: u32,
    /// Share of the roster that is ghosts (on benefit, without a file).
    #[arg(long, default_value_t = 0.03)]
    pub ghost_share: f64,
    /// Write a roster of the benefits administration to this file (may be
    /// given more than once, each with its own `--roster-rows`).
    #[arg(long)]
    pub roster: Vec<PathBuf>,
    /// Rows in the roster of the same position (by default: every open
    /// client plus the ghosts); rows beyond the open clients are ghosts.
    #[arg(long)]
    pub roster_rows: Vec<usize>,
    /// Seed: the same seed and `--as-of` give the same organisation.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The day the history runs up to (YYYY-MM-DD); today by default.
    #[arg(long, value_parser = parse_day)]
    pub as_of: Option<Date>,
    /// Clients with an ended trajectory (ladder, ZRM and five skills before
    /// and after, the outcome, sometimes a step to work), for "wat werkt
    /// voor wie"; by default a third of the clients, at most 20,000. Written
    /// through the store's commands, so this takes a while at scale.
    #[arg(long)]
    pub trajectories: Option<usize>,
    /// No progress bar (for logs).
    #[arg(long)]
    pub quiet: bool,
}

pub struct GenerateSummary {
    pub clients: usize,
    pub open_clients: usize,
    pub caseworkers: usize,
    pub events: usize,
    pub pending_handovers: usize,
    /// Per roster written: rows and ghosts.
    pub rosters: Vec<(usize, usize)>,
    pub first_email: String,
}

/// The generator's demo-module team index for a team kind, for its texts.
fn text_team(kind: TeamKind) -> usize {
    match kind {
        TeamKind::Intake => 0,
        TeamKind::Werk => 1,
        _ => 2,
    }
}

struct Staff {
    id: EmployeeId,
    team: TeamId,
    kind: TeamKind,
}

pub async fn generate(
    store: &dyn Store,
    options: &GenerateOptions,
    now: OffsetDateTime,
) -> anyhow::Result<GenerateSummary> {
    anyhow::ensure!(options.clients > 0, "--clients moet minstens 1 zijn");
    anyhow::ensure!(options.teams >= 2, "--teams moet minstens 2 zijn");
    anyhow::ensure!(
        (1..=50).contains(&options.years),
        "--years moet tussen 1 en 50 liggen"
    );
    anyhow::ensure!(
        (0.0..0.9).contains(&options.ghost_share),
        "--ghost-share moet tussen 0 en 0,9 liggen"
    );
    let caseworkers = options
        .caseworkers
        .unwrap_or_else(|| options.clients.div_ceil(105))
        .max(options.teams);
    let mut rng = SmallRng::seed_from_u64(options.seed);
    // Everything is dated relative to one moment on the chosen day, so the
    // same seed and day give the same organisation on every backend.
    let now = options
        .as_of
        .unwrap_or_else(|| now.date())
        .with_hms(16, 0, 0)
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .assume_utc();

    let org = store
        .create_organisation(
            &format!("Synthetische Sociale Dienst {}", options.seed),
            &OrganisationSettings::default(),
        )
        .await?;
    let kinds = [TeamKind::Intake, TeamKind::Werk, TeamKind::Participatie];
    let mut teams = Vec::new();
    for i in 0..options.teams {
        let kind = kinds[i % kinds.len()];
        let label = match kind {
            TeamKind::Intake => "Intake",
            TeamKind::Werk => "Werk",
            _ => "Participatie",
        };
        let name = format!("{label} {}", i / kinds.len() + 1);
        teams.push((store.create_team(org, &name, kind).await?, kind));
    }
    let hash = zicht_web::auth::hash_password(DEMO_PASSWORD).map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut staff = Vec::with_capacity(caseworkers);
    // Caseload weight per caseworker: part-timers carry less; a few carry far more.
    let mut weights = Vec::with_capacity(caseworkers);
    let mut first_email = String::new();
    for i in 0..caseworkers {
        let (team, kind) = teams[i % teams.len()];
        let hours = demo::pick(&mut rng, &[24, 28, 32, 36, 36, 36]);
        let email = format!("klantmanager{}@synthetisch.example", i + 1);
        let id = store
            .create_employee(org, team, &format!("Klantmanager {}", i + 1), &email, hours)
            .await?;
        store.set_password_hash(id, &hash).await?;
        if i < teams.len() {
            store.set_role(id, Role::Teamleider).await?;
        }
        if i == 0 {
            first_email = email;
        }
        let spread: f64 = rng.gen_range(0.45..1.55);
        let heavy = if rng.gen_bool(0.05) { 2.6 } else { 1.0 };
        weights.push(f64::from(hours) / 36.0 * spread * heavy);
        staff.push(Staff { id, team, kind });
    }
    let cumulative: Vec<f64> = weights
        .iter()
        .scan(0.0, |sum, w| {
            *sum += w;
            Some(*sum)
        })
        .collect();
    let total_weight = cumulative.last().copied().unwrap_or(1.0);
    let intake: Vec<usize> = (0..staff.len())
        .filter(|&i| staff[i].kind == TeamKind::Intake)
        .collect();

    let progress = if options.quiet {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(options.clients as u64)
    };
    progress.set_style(
        ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} klanten ({per_sec}, nog {eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    progress.set_message("Genereren");

    let mut used = HashSet::with_capacity(options.clients);
    let mut open_roster: Vec<(Bsn, String, Date)> = Vec::new();
    let mut summary = GenerateSummary {
        clients: 0,
        open_clients: 0,
        caseworkers,
        events: 0,
        pending_handovers: 0,
        rosters: Vec::new(),
        first_email,
    };
    let mut batch = Vec::with_capacity(BATCH);
    for n in 0..options.clients {
        let roll = rng.gen_range(0.0..total_weight);
        // Each client's history has its own random stream: how many draws
        // one client takes never shifts the next client's.
        let mut client_rng = SmallRng::seed_from_u64(
            options.seed ^ (n as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15),
        );
        let owner = cumulative
            .partition_point(|&c| c <= roll)
            .min(staff.len() - 1);
        let client = history(
            &mut client_rng,
            &mut used,
            &staff,
            &intake,
            owner,
            options.years,
            now,
        );
        summary.events += client.imported.events.len();
        summary.pending_handovers += usize::from(client.pending);
        if client.open {
            summary.open_clients += 1;
            open_roster.push((client.bsn, client.name.clone(), client.benefit_start));
        }
        batch.push(client.imported);
        if batch.len() == BATCH || n + 1 == options.clients {
            store.import_histories(org, &batch).await?;
            summary.clients += batch.len();
            progress.inc(batch.len() as u64);
            batch.clear();
        }
    }
    progress.finish_and_clear();

    let wanted = options
        .trajectories
        .unwrap_or((options.clients / 3).min(20_000));
    if let Some(wanted) = std::num::NonZeroUsize::new(wanted) {
        let open: Vec<_> = store
            .clients(
                org,
                &zicht_storage::ClientFilter {
                    limit: Some(u32::try_from(options.clients).unwrap_or(u32::MAX)),
                    ..Default::default()
                },
                now.date(),
            )
            .await?
            .into_iter()
            .filter(|c| c.open && c.pending_handover.is_none())
            .collect();
        let step = (open.len() / wanted).max(1);
        let chosen: Vec<_> = open.into_iter().step_by(step).take(wanted.get()).collect();
        let Some(first) = chosen.first() else {
            return finish(options, &mut rng, &open_roster, &mut used, now, summary);
        };
        let setup = zicht_storage::Ctx {
            organisation_id: org,
            actor: zicht_domain::handover::Actor {
                employee_id: first.owner_employee.id,
                team_id: first.owner_team.id,
            },
            at: now,
        };
        crate::demo_learning::ensure_catalogue(store, org, &setup).await?;
        let progress = if options.quiet {
            ProgressBar::hidden()
        } else {
            ProgressBar::new(chosen.len() as u64)
        };
        for part in chosen.chunks(500) {
            let at = now
                + Duration::minutes(1)
                + Duration::milliseconds(progress.position() as i64 * 10);
            crate::demo_learning::ended_trajectories(
                store,
                org,
                now.date(),
                at,
                part,
                options.seed + progress.position(),
            )
            .await?;
            progress.inc(part.len() as u64);
        }
        progress.finish_and_clear();
    }
    finish(options, &mut rng, &open_roster, &mut used, now, summary)
}

fn finish(
    options: &GenerateOptions,
    rng: &mut SmallRng,
    open_roster: &[(Bsn, String, Date)],
    used: &mut HashSet<Bsn>,
    now: OffsetDateTime,
    mut summary: GenerateSummary,
) -> anyhow::Result<GenerateSummary> {
    for (i, path) in options.roster.iter().enumerate() {
        let written = write_roster(
            rng,
            path,
            open_roster,
            used,
            options.ghost_share,
            options.roster_rows.get(i).copied(),
            now.year(),
        )?;
        summary.rosters.push(written);
    }
    Ok(summary)
}

struct Generated {
    imported: ImportedClient,
    bsn: Bsn,
    name: String,
    benefit_start: Date,
    open: bool,
    pending: bool,
}

/// One client's history, ending with `staff[owner]` as the owner.
fn history(
    rng: &mut SmallRng,
    used: &mut HashSet<Bsn>,
    staff: &[Staff],
    intake: &[usize],
    owner: usize,
    years: u32,
    now: OffsetDateTime,
) -> Generated {
    let person = demo::person(rng, used, now.year());
    let span_days = i64::from(years) * 365;
    let registered = now - Duration::days(rng.gen_range(1..span_days.max(2)));
    let registered = demo::at_office(rng, registered.date(), now);
    let final_owner = &staff[owner];
    // Clients of a werk or participatie team came in through intake.
    let first = if final_owner.kind == TeamKind::Intake || intake.is_empty() {
        owner
    } else {
        intake[rng.gen_range(0..intake.len())]
    };
    let owner_of = |i: usize| Owner {
        team_id: staff[i].team,
        employee_id: staff[i].id,
    };
    let mut events = Vec::new();
    // Nothing happens in the future, whatever the intervals add up to.
    let mut push = |event: ClientEvent, actor: EmployeeId, at: OffsetDateTime| {
        events.push(ImportedEvent {
            event,
            actor,
            at: at.min(now),
        });
    };
    push(
        ClientEvent::Register(RegisterEvent::Created {
            bsn: Some(person.bsn),
            name: person.name.clone(),
            birth_date: Some(person.birth_date),
            particulars: person.particulars.clone(),
            phase: Phase::Intake,
            owner: owner_of(first),
        }),
        staff[first].id,
        registered,
    );
    let mut at = registered + Duration::days(rng.gen_range(1..10));
    push(
        ClientEvent::Register(RegisterEvent::BenefitStatusChanged {
            from: BenefitStatus::Unknown,
            to: BenefitStatus::Active,
        }),
        staff[first].id,
        at,
    );
    let note = |rng: &mut SmallRng, from: usize, skills: usize| {
        demo::handover_note(
            rng,
            text_team(staff[from].kind),
            text_team(final_owner.kind),
            &person.particulars,
            Some(skills),
        )
    };
    let mut current = first;
    let mut skills_count = 0usize;
    let mut handovers = 0i64;
    let next = |rng: &mut SmallRng, t: OffsetDateTime, lo: i64, hi: i64| {
        let d = t + Duration::days(rng.gen_range(lo..hi));
        demo::at_office(rng, d.date(), now)
    };
    // Closed files stop somewhere along the way.
    let closes = rng.gen_bool(0.12);
    let end = if closes {
        registered + (now - registered) * rng.gen_range(0.3..0.95)
    } else {
        now - Duration::days(1)
    };
    let mut contacts_left = 16;
    while at < end {
        let at_next = next(rng, at, 42, 120);
        if at_next >= end {
            break;
        }
        at = at_next;
        if current != owner && at - registered > Duration::days(21) {
            handovers += 1;
            let note = note(rng, current, skills_count);
            let accepted = next(rng, at, 1, 9);
            offer_and_accept(
                &mut push,
                (HandoverId(handovers), owner_of(current), owner_of(owner)),
                note,
                staff[current].id,
                at,
                accepted,
            );
            push(
                ClientEvent::Register(RegisterEvent::PhaseChanged {
                    from: Phase::Intake,
                    to: if final_owner.kind == TeamKind::Werk {
                        Phase::Bemiddeling
                    } else {
                        Phase::Activering
                    },
                }),
                final_owner.id,
                accepted,
            );
            at = accepted;
            current = owner;
            continue;
        }
        if rng.gen_bool(0.25) {
            skills_count = (skills_count + usize::from(rng.gen_bool(0.6))).min(5);
            let skills = skill_set(skills_count);
            push(
                ClientEvent::Register(RegisterEvent::AssessmentRecorded {
                    assessed_on: at.date(),
                    remarks: demo::assessment_remarks(&skills, None),
                    skills,
                }),
                staff[current].id,
                at,
            );
        } else if contacts_left > 0 {
            contacts_left -= 1;
            let kind = demo::KINDS[demo::weighted(rng, &demo::KIND_WEIGHTS)];
            push(
                ClientEvent::Register(RegisterEvent::ContactRecorded {
                    date: at.date(),
                    kind,
                    with_whom: "Klant".into(),
                    summary: demo::contact_summary(rng, text_team(staff[current].kind), kind)
                        .into(),
                    next_contact_on: Some(at.date() + Duration::weeks(rng.gen_range(4..13))),
                }),
                staff[current].id,
                at,
            );
        }
    }
    let mut pending = false;
    if closes {
        push(
            ClientEvent::Register(RegisterEvent::Closed {
                reason: demo::pick(rng, demo::CLOSE_REASONS).into(),
            }),
            staff[current].id,
            end,
        );
    } else if current != owner {
        // Still with intake: about to be handed over, sometimes overdue.
        let offered = now - Duration::days(rng.gen_range(1..20));
        let offered = offered.max(at);
        handovers += 1;
        let note = note(rng, current, skills_count);
        push(
            ClientEvent::Handover(HandoverEvent::Offered {
                handover_id: HandoverId(handovers),
                from: owner_of(current),
                to_team: final_owner.team,
                to_employee: None,
                note,
            }),
            staff[current].id,
            offered,
        );
        pending = true;
    }
    Generated {
        imported: ImportedClient { events },
        bsn: person.bsn,
        name: person.name,
        benefit_start: registered.date(),
        open: !closes,
        pending,
    }
}

fn offer_and_accept(
    push: &mut impl FnMut(ClientEvent, EmployeeId, OffsetDateTime),
    (handover_id, from, to): (HandoverId, Owner, Owner),
    note: HandoverNote,
    offered_by: EmployeeId,
    offered_at: OffsetDateTime,
    accepted_at: OffsetDateTime,
) {
    push(
        ClientEvent::Handover(HandoverEvent::Offered {
            handover_id,
            from,
            to_team: to.team_id,
            to_employee: None,
            note,
        }),
        offered_by,
        offered_at,
    );
    push(
        ClientEvent::Handover(HandoverEvent::Accepted {
            handover_id,
            new_owner: to,
        }),
        to.employee_id,
        accepted_at.max(offered_at),
    );
}

/// The first `count` of the five skills, in the order they usually come.
fn skill_set(count: usize) -> SkillSet {
    SkillSet {
        on_time: count >= 1,
        says_in_time: count >= 2,
        commitment: count >= 3,
        accepts_direction: count >= 4,
        dresses_for_work: count >= 5,
    }
}

/// Writes the roster: open clients with their benefit, and ghosts.
fn write_roster(
    rng: &mut SmallRng,
    path: &PathBuf,
    open: &[(Bsn, String, Date)],
    used: &mut HashSet<Bsn>,
    ghost_share: f64,
    rows: Option<usize>,
    this_year: i32,
) -> anyhow::Result<(usize, usize)> {
    let wanted = rows.unwrap_or_else(|| (open.len() as f64 / (1.0 - ghost_share)).round() as usize);
    let ghosts = wanted
        .saturating_sub(open.len())
        .max((wanted as f64 * ghost_share) as usize);
    let known = wanted - ghosts;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let file = std::fs::File::create(path)
        .with_context(|| format!("uitkeringsbestand schrijven naar {}", path.display()))?;
    let mut out = std::io::BufWriter::new(file);
    writeln!(out, "bsn;naam;ingangsdatum;einddatum")?;
    let mut line = String::new();
    for (bsn, name, start) in open.iter().take(known) {
        line.clear();
        let _ = writeln!(line, "{};{name};{};", bsn.as_string(), text::dmy(*start));
        out.write_all(line.as_bytes())?;
    }
    for _ in 0..ghosts {
        let person = demo::person(rng, used, this_year);
        let start =
            Date::from_ordinal_date(this_year - rng.gen_range(0..4), rng.gen_range(1..=365))
                .unwrap_or(Date::MIN);
        line.clear();
        let _ = writeln!(
            line,
            "{};{};{};",
            person.bsn.as_string(),
            person.name,
            text::dmy(start)
        );
        out.write_all(line.as_bytes())?;
    }
    out.flush()?;
    Ok((known.min(open.len()) + ghosts, ghosts))
}

fn parse_day(s: &str) -> Result<Date, String> {
    Date::parse(s, time::macros::format_description!("[year]-[month]-[day]"))
        .map_err(|e| format!("{s}: {e} (verwacht JJJJ-MM-DD)"))
}
