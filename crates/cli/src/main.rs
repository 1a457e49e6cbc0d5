//! The `zicht` binary: a thin shell over the library crates.

mod demo;
mod demo_development;
mod demo_intervision;
mod demo_learning;
mod demo_meetings;
mod demo_methods;
mod demo_process;
mod generate;

use std::{net::SocketAddr, path::PathBuf, process::ExitCode};

use anyhow::{anyhow, bail, Context};
use clap::{Parser, Subcommand, ValueEnum};
use time::OffsetDateTime;
use tracing_subscriber::EnvFilter;
use zicht_domain::{access::Role, organisation::OrganisationSettings, DomainError, EmployeeId};
use zicht_storage::{Ctx, LogKey, Store, StoreError};
use zicht_web::i18n::{Lang, Tr};

/// The command line speaks Dutch, like the pages by default.
const NL: Tr = Tr::new(Lang::Nl);

/// A refused rule as the terminal shows it: its Dutch message.
fn refused(e: DomainError) -> anyhow::Error {
    anyhow!("{}", NL.message(e.code))
}

/// An error as the terminal shows it; a rule in the chain gets its Dutch
/// message after its code.
fn describe(e: &anyhow::Error) -> String {
    let rule = e
        .chain()
        .find_map(|c| match c.downcast_ref::<StoreError>() {
            Some(StoreError::Rule(d)) => Some(d),
            _ => c.downcast_ref::<DomainError>(),
        });
    match rule {
        Some(d) => format!("{e:#}: {}", NL.message(d.code)),
        None => format!("{e:#}"),
    }
}

#[derive(Parser)]
#[command(
    name = "zicht",
    version,
    about = "Zicht: no client is ever lost between departments"
)]
struct Cli {
    /// Database to use: `sqlite://path/to/file.db` or `postgres://user@host/database`.
    #[arg(
        long,
        global = true,
        env = "ZICHT_DATABASE_URL",
        default_value = "sqlite://zicht.db"
    )]
    database: String,
    /// File holding the processing log's key: 64 hexadecimal digits
    /// (`openssl rand -hex 32`). Or give the key itself in `ZICHT_LOG_KEY`.
    /// Keep it outside the database, with a copy somewhere safe.
    #[arg(long, global = true, env = "ZICHT_LOG_KEY_FILE", value_name = "PATH")]
    log_key_file: Option<PathBuf>,
    /// Read from the environment only, so it stays out of process lists.
    #[arg(skip = std::env::var("ZICHT_LOG_KEY").ok())]
    log_key: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web interface and the JSON API.
    Serve {
        #[arg(long, env = "ZICHT_ADDR", default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        /// Load a demo municipality into an empty database first.
        #[arg(long)]
        demo: bool,
        /// Where `--demo` writes the matching roster of the benefits administration.
        #[arg(long, default_value = "demo-uitkeringsbestand.csv")]
        demo_roster: PathBuf,
        /// Single sign-on: the issuer URL of the municipality's OpenID provider.
        #[arg(long, env = "ZICHT_OIDC_ISSUER")]
        oidc_issuer: Option<String>,
        #[arg(long, env = "ZICHT_OIDC_CLIENT_ID", default_value = "zicht")]
        oidc_client_id: String,
        /// Read from the environment only, so it stays out of process lists.
        #[arg(skip = std::env::var("ZICHT_OIDC_CLIENT_SECRET").ok())]
        oidc_client_secret: Option<String>,
        /// Where the provider sends people back, e.g. `https://zicht.gemeente.nl/inloggen/oidc/terug`.
        #[arg(long, env = "ZICHT_OIDC_REDIRECT_URL")]
        oidc_redirect_url: Option<String>,
        /// Mark session cookies `Secure` (when served over TLS, e.g. behind a proxy).
        #[arg(long, env = "ZICHT_SECURE_COOKIES")]
        secure_cookies: bool,
    },
    /// Import a roster from the benefits administration and reconcile it.
    ImportRoster {
        /// CSV file: bsn, naam, ingangsdatum, einddatum (`,` or `;`).
        file: PathBuf,
        /// The employee doing the import: id or e-mail address.
        #[arg(long = "as", value_name = "EMPLOYEE")]
        actor: String,
        /// Register the ghosts as new clients of an intake team.
        #[arg(long)]
        register_ghosts: bool,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Report what the file would change; change nothing.
        #[arg(long, conflicts_with_all = ["confirm", "register_ghosts"])]
        dry_run: bool,
        /// Apply even when the file would change the benefit status of more
        /// open clients than the organisation's share, or has fewer than half
        /// the rows of the last applied run. A file without a single valid
        /// row is refused all the same. Without it such a run changes nothing,
        /// is kept as awaiting confirmation, and the exit code is 1.
        #[arg(long)]
        confirm: bool,
    },
    /// Verify every invariant of the database; exit code 1 when one is broken.
    /// The processing log's chain needs the log key; without it, check says
    /// so and fails.
    Check {
        /// Anchors taken before with `processing-log --anchor` (one per
        /// line): records removed from the log's end or rewritten since are
        /// found.
        #[arg(long, value_name = "FILE")]
        anchor: Option<PathBuf>,
    },
    /// Who processed a person's data: the Logboek Dataverwerkingen for one
    /// BSN; or, with `--anchor`, the log's head to keep elsewhere.
    ProcessingLog {
        /// The person's BSN.
        #[arg(long, required_unless_present = "anchor", conflicts_with = "anchor")]
        bsn: Option<String>,
        /// Print the log's head (sequence number and MAC) as one line of
        /// JSON, for `zicht check --anchor`; needs no key.
        #[arg(long)]
        anchor: bool,
        /// From this date (jjjj-mm-dd); default 30 days ago.
        #[arg(long)]
        from: Option<String>,
        /// Up to and including this date (jjjj-mm-dd); default today.
        #[arg(long)]
        to: Option<String>,
        /// Organisation id; may be left out when the database holds one.
        #[arg(long)]
        organisation: Option<i64>,
    },
    /// Set an employee's password (read from standard input) and optionally role.
    SetPassword {
        /// The employee's e-mail address.
        email: String,
        /// klantmanager, teamleider, management, functioneel_beheer, aanbieder or sw_bedrijf.
        #[arg(long)]
        role: Option<String>,
    },
    /// Show or change an organisation's settings.
    Configure {
        /// Organisation id; may be left out when the database holds one.
        #[arg(long)]
        organisation: Option<i64>,
        /// A pending handover older than this many working days is overdue.
        #[arg(long)]
        handover_overdue_days: Option<u32>,
        /// Open clients without contact for more than this many weeks are flagged.
        #[arg(long)]
        no_contact_weeks: Option<u32>,
        /// Closed files are anonymised this many years after closing.
        #[arg(long)]
        retention_years: Option<u32>,
        /// Caseloads above this many clients per 40-hour week are flagged (1 to 1000).
        #[arg(long)]
        caseload_ceiling: Option<u32>,
        /// A return to benefit within this many months after outflow is not
        /// durable outflow (6, 12 or 24).
        #[arg(long)]
        return_window_months: Option<u32>,
        /// A care referral not arrived after this many days is flagged (1 to 365).
        #[arg(long)]
        care_arrival_days: Option<u32>,
        /// Months of aftercare after outflow (1 to 24).
        #[arg(long)]
        aftercare_months: Option<u32>,
        /// A roster import that would change the benefit status of more than
        /// this share of the open clients waits for confirmation (1 to 100 percent).
        #[arg(long, value_name = "PERCENT")]
        roster_confirm_share: Option<u32>,
        /// Weeks after which a five-skills assessment is due again (4 to 104).
        #[arg(long)]
        reassessment_weeks: Option<u32>,
    },
    /// Anonymise the files closed longer ago than the organisation's
    /// retention term, and prune the processing log after its own term.
    Retention {
        /// The employee (functional administrator) doing it: id or e-mail.
        #[arg(long = "as", value_name = "EMPLOYEE")]
        actor: String,
        /// Keep processing-log records this many years.
        #[arg(long, default_value_t = 20)]
        log_years: u32,
    },
    /// Fill an empty database with a synthetic organisation at realistic
    /// scale (for benchmarks and load tests), deterministic from a seed.
    Generate(generate::GenerateOptions),
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Table,
    Csv,
    Json,
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=error")),
        )
        .with_writer(std::io::stderr)
        .init();
    match run(Cli::parse()).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("zicht: {}", describe(&e));
            ExitCode::from(2)
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let key = log_key(&cli)?;
    let store = match zicht_storage::open_with_log_key(&cli.database, key.clone()).await {
        Err(zicht_storage::StoreError::LogKeyMismatch) => bail!(
            "de sleutel van het verwerkingenlog past niet bij deze database: het log is met een \
             andere sleutel verzegeld, of de verzegeling in de database is veranderd. Controleer \
             --log-key-file / ZICHT_LOG_KEY"
        ),
        opened => opened.with_context(|| format!("opening database {}", cli.database))?,
    };
    let has_key = key.is_some();
    match cli.command {
        Command::Serve {
            addr,
            demo,
            demo_roster,
            oidc_issuer,
            oidc_client_id,
            oidc_client_secret,
            oidc_redirect_url,
            secure_cookies,
        } => {
            if demo {
                if store.is_empty().await? {
                    eprintln!("Demo-organisatie laden…");
                    let summary =
                        demo::load(store.as_ref(), OffsetDateTime::now_utc(), &demo_roster).await?;
                    eprintln!(
                        "Demo geladen: {} klanten, {} medewerkers, {} openstaande overdrachten; uitkeringsbestand met {} regels ({} spookklanten) in {}",
                        summary.clients,
                        summary.employees,
                        summary.pending_handovers,
                        summary.roster_rows,
                        summary.ghosts_in_roster,
                        demo_roster.display()
                    );
                    demo_accounts(store.as_ref(), summary.organisation_id).await?;
                } else if demo::interrupted(store.as_ref()).await? {
                    // Serving it would look like a demo nobody can sign in to.
                    bail!(
                        "het laden van de demo is eerder afgebroken; de database bevat maar een deel ervan. Begin opnieuw met een lege database"
                    );
                } else {
                    eprintln!("De database bevat al gegevens; de demo wordt niet opnieuw geladen.");
                }
            }
            let listener = tokio::net::TcpListener::bind(addr)
                .await
                .with_context(|| format!("binding {addr}"))?;
            eprintln!("Zicht draait op http://{}/", listener.local_addr()?);
            let mut state =
                zicht_web::AppState::new(store.clone()).with_auth(zicht_web::auth::AuthSettings {
                    secure_cookies,
                    ..Default::default()
                });
            if let Some(issuer) = oidc_issuer {
                state = state.with_oidc(zicht_web::oidc::OidcSettings {
                    issuer,
                    client_id: oidc_client_id,
                    client_secret: oidc_client_secret,
                    redirect_url: oidc_redirect_url,
                });
            }
            zicht_web::serve(listener, state, shutdown_signal()).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::ImportRoster {
            file,
            actor,
            register_ghosts,
            format,
            dry_run,
            confirm,
        } => {
            need_key(has_key)?;
            let bytes =
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            let who = actor_caller(store.as_ref(), &actor).await?;
            let acts = zicht_acts::Acts::new(store.clone());
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let options = zicht_storage::RosterOptions {
                register_ghosts,
                dry_run,
                confirmed: confirm,
                keep_for_confirmation: false,
            };
            // The act logs whose data an applied run shows.
            let outcome = match acts.reconcile_roster(&who, &name, &bytes, options).await {
                Ok(r) => r,
                Err(StoreError::Rule(e)) => return Err(refused(e)),
                Err(e) => return Err(e.into()),
            };
            let report = match outcome {
                zicht_storage::RosterOutcome::Applied(report) => report,
                zicht_storage::RosterOutcome::Preview(p) => {
                    match format {
                        Format::Table => print!("{}", zicht_web::report::preview_table(&p)),
                        Format::Csv => print!("{}", zicht_web::report::preview_csv(&p)),
                        Format::Json => println!("{}", serde_json::to_string_pretty(&p)?),
                    }
                    return Ok(ExitCode::SUCCESS);
                }
                zicht_storage::RosterOutcome::NotApplied {
                    run,
                    impact,
                    confirm_share,
                    rejected,
                } => {
                    match format {
                        Format::Json => {
                            let (_, body) = zicht_web::report::not_applied_body(
                                &run,
                                &impact,
                                confirm_share,
                                &rejected,
                                Lang::Nl,
                            );
                            println!("{}", serde_json::to_string_pretty(&body)?);
                        }
                        Format::Table | Format::Csv => print!(
                            "{}",
                            zicht_web::report::not_applied_table(
                                &run,
                                &impact,
                                confirm_share,
                                &rejected
                            )
                        ),
                    }
                    if run.status == zicht_domain::roster::RosterRunStatus::AwaitingConfirmation {
                        eprintln!(
                            "zicht: er is niets gewijzigd; controleer het bestand en bevestig met --confirm"
                        );
                    } else {
                        eprintln!("zicht: het bestand is geweigerd; er is niets gewijzigd");
                    }
                    return Ok(ExitCode::from(1));
                }
            };
            match format {
                Format::Table => print!("{}", zicht_web::report::table(&report)),
                Format::Csv => print!("{}", zicht_web::report::csv(&report)),
                Format::Json => println!("{}", serde_json::to_string_pretty(&report)?),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Configure {
            organisation,
            handover_overdue_days,
            no_contact_weeks,
            retention_years,
            caseload_ceiling,
            return_window_months,
            care_arrival_days,
            aftercare_months,
            roster_confirm_share,
            reassessment_weeks,
        } => {
            let org = choose_organisation(store.as_ref(), organisation).await?;
            let settings = OrganisationSettings::new(
                handover_overdue_days.unwrap_or(org.settings.handover_overdue_working_days),
                no_contact_weeks.unwrap_or(org.settings.no_contact_weeks),
            )
            .and_then(|s| {
                s.with_retention_years(retention_years.unwrap_or(org.settings.retention_years))
            })
            .and_then(|s| {
                s.with_caseload_ceiling(caseload_ceiling.unwrap_or(org.settings.caseload_ceiling))
            })
            .and_then(|s| {
                s.with_return_window_months(
                    return_window_months.unwrap_or(org.settings.return_window_months),
                )
            })
            .and_then(|s| {
                s.with_care_arrival_days(
                    care_arrival_days.unwrap_or(org.settings.care_arrival_days),
                )
            })
            .and_then(|s| {
                s.with_aftercare_months(aftercare_months.unwrap_or(org.settings.aftercare_months))
            })
            .and_then(|s| {
                s.with_roster_confirm_share(
                    roster_confirm_share.unwrap_or(org.settings.roster_confirm_share),
                )
            })
            .and_then(|s| {
                s.with_reassessment_weeks(
                    reassessment_weeks.unwrap_or(org.settings.reassessment_weeks),
                )
            })
            .map_err(refused)?;
            store.update_settings(org.id, &settings).await?;
            println!(
                "{}: overdracht te laat na {} werkdagen; geen contact na {} weken; bewaartermijn {} jaar; \
                 caseload-plafond {} klanten per 40 uur; terugvaltermijn {} maanden; \
                 verwijzing niet aangekomen na {} dagen; nazorg {} maanden; \
                 uitkeringsbestand vraagt bevestiging boven {}% statuswijzigingen; \
                 klantinzet opnieuw na {} weken",
                org.name,
                settings.handover_overdue_working_days,
                settings.no_contact_weeks,
                settings.retention_years,
                settings.caseload_ceiling,
                settings.return_window_months,
                settings.care_arrival_days,
                settings.aftercare_months,
                settings.roster_confirm_share,
                settings.reassessment_weeks
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Retention { actor, log_years } => {
            need_key(has_key)?;
            let ctx = actor_ctx(store.as_ref(), &actor).await?;
            let anonymised = store.anonymise_closed_clients(&ctx).await?;
            let cutoff = ctx
                .at
                .replace_year(ctx.at.year() - log_years as i32)
                .unwrap_or(ctx.at);
            let pruned = store.prune_processing_log(cutoff, ctx.at).await?;
            println!(
                "{} dossier(s) geanonimiseerd; {pruned} logregel(s) verwijderd",
                anonymised.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::ProcessingLog { anchor: true, .. } => {
            let anchor = store
                .processing_log_anchor(OffsetDateTime::now_utc())
                .await?;
            println!("{}", anchor.to_line());
            Ok(ExitCode::SUCCESS)
        }
        Command::ProcessingLog {
            bsn,
            from,
            to,
            organisation,
            anchor: false,
        } => {
            need_key(has_key)?;
            let bsn = bsn.unwrap_or_default();
            let bsn = zicht_domain::Bsn::parse(&bsn).map_err(refused)?;
            let org = choose_organisation(store.as_ref(), organisation).await?;
            let day = |s: Option<String>, default: time::Date| -> anyhow::Result<time::Date> {
                match s {
                    Some(s) => zicht_domain::text::parse_date("date", &s).map_err(refused),
                    None => Ok(default),
                }
            };
            let today = OffsetDateTime::now_utc().date();
            let from = day(from, today - time::Duration::days(30))?
                .midnight()
                .assume_utc();
            let to = zicht_domain::calendar::period_end(day(to, today)?);
            let log = store
                .processing_log_for(org.id, &bsn.as_string(), from, to)
                .await?;
            for l in &log {
                println!(
                    "{}  {:<28} {:<6} {} (medewerker {})  trace {}",
                    l.started_at, l.operation, l.status, l.actor.name, l.actor.id, l.trace_id
                );
            }
            println!("{} verwerking(en)", log.len());
            Ok(ExitCode::SUCCESS)
        }
        Command::SetPassword { email, role } => {
            let credentials = store
                .credentials(&email)
                .await?
                .ok_or_else(|| anyhow!("onbekende medewerker: {email}"))?;
            let mut password = String::new();
            std::io::stdin()
                .read_line(&mut password)
                .context("reading the password from standard input")?;
            let password = password.trim_end_matches(['\r', '\n']);
            zicht_web::auth::check_new_password(password).map_err(refused)?;
            let hash =
                zicht_web::auth::hash_password(password).map_err(|e| anyhow!("hashing: {e}"))?;
            store
                .set_password_hash(credentials.employee.id, &hash)
                .await?;
            if let Some(role) = role {
                let role = Role::parse(&role).ok_or_else(|| anyhow!("onbekende rol: {role}"))?;
                store.set_role(credentials.employee.id, role).await?;
            }
            println!("wachtwoord gezet voor {}", credentials.employee.name);
            Ok(ExitCode::SUCCESS)
        }
        Command::Generate(options) => {
            anyhow::ensure!(
                store.is_empty().await?,
                "de database bevat al gegevens; genereer in een lege database"
            );
            let started = std::time::Instant::now();
            let s = generate::generate(store.as_ref(), &options, OffsetDateTime::now_utc()).await?;
            println!(
                "Gegenereerd in {:.1} s: {} klanten ({} open), {} klantmanagers, {} gebeurtenissen, {} openstaande overdrachten",
                started.elapsed().as_secs_f64(),
                s.clients,
                s.open_clients,
                s.caseworkers,
                s.events,
                s.pending_handovers
            );
            for (path, (rows, ghosts)) in options.roster.iter().zip(&s.rosters) {
                println!(
                    "Uitkeringsbestand {}: {rows} regels, {ghosts} spookklanten",
                    path.display()
                );
            }
            println!(
                "Inloggen als {} met wachtwoord {}",
                s.first_email, DEMO_PASSWORD
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { anchor } => {
            let anchors = match anchor {
                Some(path) => {
                    let text = std::fs::read_to_string(&path)
                        .with_context(|| format!("reading {}", path.display()))?;
                    zicht_storage::LogAnchor::parse_lines(&text)
                        .map_err(|e| anyhow!("anchor file {}: {e}", path.display()))?
                }
                None => Vec::new(),
            };
            let mut violations = store.check().await?;
            violations.extend(store.check_processing_log_anchors(&anchors).await?);
            if violations
                .iter()
                .any(|v| v.rule == "processing_log_unverified")
            {
                eprintln!(
                    "zicht: zonder de sleutel van het verwerkingenlog (--log-key-file of ZICHT_LOG_KEY) \
                     zijn de MAC's van het log niet te controleren; check slaagt dan niet"
                );
            }
            if violations.is_empty() {
                println!("ok: alle invarianten kloppen");
                Ok(ExitCode::SUCCESS)
            } else {
                for v in &violations {
                    println!("{}: {}", v.rule, v.detail);
                }
                println!("{} overtreding(en) gevonden", violations.len());
                Ok(ExitCode::from(1))
            }
        }
    }
}

/// The name of the key file `serve --demo` makes when given none.
const DEMO_KEY_FILE: &str = "zicht-log.key";

/// The processing log's key, from `--log-key-file` or `ZICHT_LOG_KEY`. For
/// `serve` it is required, except with `--demo`, which makes one when there
/// is none (and uses it again on the next start).
fn log_key(cli: &Cli) -> anyhow::Result<Option<LogKey>> {
    let file = cli.log_key_file.as_deref();
    let hex = cli.log_key.as_deref().filter(|h| !h.trim().is_empty());
    let Command::Serve { demo, .. } = &cli.command else {
        return Ok(LogKey::from_sources(file, hex)?);
    };
    match (file, hex, demo) {
        (None, None, false) => bail!(
            "zicht serve heeft de sleutel van het verwerkingenlog nodig, en die staat niet in de \
             database: geef --log-key-file PAD (of ZICHT_LOG_KEY_FILE), een bestand met 64 \
             hexadecimale tekens, of de sleutel zelf in ZICHT_LOG_KEY. Een nieuwe sleutel maakt \
             `openssl rand -hex 32 > zicht-log.key && chmod 600 zicht-log.key`; bewaar een kopie \
             buiten de server (zie README). Alleen met --demo maakt Zicht er zelf een"
        ),
        (None, None, true) => demo_key(&demo_key_path(&cli.database)).map(Some),
        (Some(path), None, true) if !path.exists() => demo_key(path).map(Some),
        _ => {
            let key = LogKey::from_sources(file, hex)?;
            if let Some(path) = file {
                warn_if_readable_by_others(path);
            }
            Ok(key)
        }
    }
}

/// Next to the SQLite database file; in the working directory for PostgreSQL.
fn demo_key_path(database: &str) -> PathBuf {
    let file = database
        .strip_prefix("sqlite://")
        .or_else(|| database.strip_prefix("sqlite:"))
        .map(|rest| rest.split('?').next().unwrap_or_default())
        .filter(|f| !f.is_empty() && !f.contains(":memory:"));
    match file.and_then(|f| std::path::Path::new(f).parent()) {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join(DEMO_KEY_FILE),
        _ => PathBuf::from(DEMO_KEY_FILE),
    }
}

/// The demo's key: the one in `path`, or a new one written there (mode 0600).
fn demo_key(path: &std::path::Path) -> anyhow::Result<LogKey> {
    if path.exists() {
        warn_if_readable_by_others(path);
        eprintln!(
            "Sleutel van het verwerkingenlog: {} (bestaand)",
            path.display()
        );
        return Ok(LogKey::read_file(path)?);
    }
    let key = LogKey::create_file(path)?;
    eprintln!(
        "Sleutel van het verwerkingenlog: {} (nieuw gemaakt; zonder dit bestand is het log niet meer te controleren)",
        path.display()
    );
    Ok(key)
}

fn warn_if_readable_by_others(path: &std::path::Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(path) {
            if meta.permissions().mode() & 0o077 != 0 {
                tracing::warn!(
                    "log key file {} can be read by others than its owner (chmod 600)",
                    path.display()
                );
            }
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// Commands that write or read the processing log need its key up front,
/// before they do anything that would then go unlogged.
fn need_key(has_key: bool) -> anyhow::Result<()> {
    if has_key {
        Ok(())
    } else {
        bail!(
            "dit heeft de sleutel van het verwerkingenlog nodig: geef --log-key-file PAD \
             (of ZICHT_LOG_KEY_FILE) of ZICHT_LOG_KEY"
        )
    }
}

/// The password of every demo account; printed at start, never for real data.
pub const DEMO_PASSWORD: &str = "zicht-demo-2026";

/// Gives every demo employee the demo password, and the first caseworker
/// of each team the team lead role, so the demo can be signed in to at
/// once; then prints every account with its role and team.
async fn demo_accounts(store: &dyn Store, org: zicht_domain::OrganisationId) -> anyhow::Result<()> {
    let hash =
        zicht_web::auth::hash_password(DEMO_PASSWORD).map_err(|e| anyhow!("hashing: {e}"))?;
    let mut leads = std::collections::HashSet::new();
    let employees = store.employees(org).await?;
    for e in &employees {
        store.set_password_hash(e.id, &hash).await?;
        // Management, functional administration and a provider's user are
        // not the team's lead.
        if e.role == Role::Klantmanager && e.provider_id.is_none() && leads.insert(e.team_id) {
            store.set_role(e.id, Role::Teamleider).await?;
        }
    }
    let accounts = demo::accounts(store, org).await?;
    eprintln!("Demo-accounts, alle met wachtwoord {DEMO_PASSWORD}:");
    eprint!("{}", demo::accounts_table(&accounts));
    Ok(())
}

/// The organisation named by `--organisation`, or the only one there is.
async fn choose_organisation(
    store: &dyn Store,
    id: Option<i64>,
) -> anyhow::Result<zicht_domain::organisation::Organisation> {
    let orgs = store.organisations().await?;
    match id {
        Some(id) => orgs.into_iter().find(|o| o.id.0 == id),
        None if orgs.len() == 1 => orgs.into_iter().next(),
        None => bail!(
            "kies een organisatie met --organisation ({} in de database)",
            orgs.len()
        ),
    }
    .ok_or_else(|| anyhow!("onbekende organisatie"))
}

/// Resolves `--as` (an employee id or e-mail address) to a command context.
async fn actor_ctx(store: &dyn Store, who: &str) -> anyhow::Result<Ctx> {
    Ok(actor_caller(store, who).await?.ctx)
}

/// Resolves `--as` (an employee id or e-mail address) to who acts.
async fn actor_caller(store: &dyn Store, who: &str) -> anyhow::Result<zicht_acts::Caller> {
    let employee = if let Ok(id) = who.trim().parse::<i64>() {
        Some(store.employee(EmployeeId(id)).await?)
    } else {
        let mut found = None;
        for org in store.organisations().await? {
            if let Some(e) = store
                .employees(org.id)
                .await?
                .into_iter()
                .find(|e| e.email.eq_ignore_ascii_case(who.trim()))
            {
                found = Some((org.id, e));
            }
        }
        found
    };
    let (_, employee) = employee.ok_or_else(|| anyhow!("onbekende medewerker: {who}"))?;
    Ok(zicht_acts::Caller::resolve(store, employee.id, OffsetDateTime::now_utc()).await?)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
