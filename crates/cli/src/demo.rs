//! The demo municipality: one organisation with four teams, a dozen
//! caseworkers and a thousand clients with two years of history, plus a
//! roster from the benefits administration to reconcile against it.
//!
//! Everything is drawn from one seeded generator, so the demo is the same on
//! every start; only the dates move along with `now`. Each client gets its own
//! generator (seeded from the main one), so a history that is cut short by the
//! calendar does not change the people and histories that follow it.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::Path;

use anyhow::Context as _;
use rand::{rngs::SmallRng, seq::SliceRandom, Rng, SeedableRng};
use time::{Date, Duration, OffsetDateTime, Time, Weekday};
use zicht_domain::{
    access::Role,
    client::{NewClient, Owner, Phase},
    contact::{ContactKind, NewContact},
    handover::{Actor, HandoverNote},
    organisation::{OrganisationSettings, TeamKind},
    skills::{NewAssessment, Skill, SkillSet},
    text, Bsn, ClientId, EmployeeId, HandoverId, OrganisationId, TeamId,
};
use zicht_storage::{Ctx, Store};

const SEED: u64 = 2026;
const ORGANISATION: &str = "Sociale Dienst Westerkwartier-Zuid";
const MAIL_DOMAIN: &str = "westerkwartier-zuid.example";

const CLIENTS: usize = 1000;
/// Clients closed with a reason (3%).
const CLOSED: usize = 30;
/// Open clients nobody has spoken to for more than 13 weeks (5%).
const NO_CONTACT: usize = 50;
/// Pending handovers offered more than 7 working days ago.
const PENDING_OVERDUE: usize = 10;
/// Pending handovers offered one to three working days ago.
const PENDING_RECENT: usize = 20;
/// Handovers sent back in the last days that the sender has not acted on.
const RETURNED_LATELY: usize = 2;
/// Share of open clients whose benefit ended (end date in the past).
const ROSTER_ENDED: f64 = 0.02;
/// Share of open clients the benefits administration does not list.
const ROSTER_ABSENT: f64 = 0.01;
/// Share of the benefit recipients in the roster that has no client: ghosts.
const ROSTER_GHOSTS: f64 = 0.03;

const INTAKE: usize = 0;
const WERK: usize = 1;
const PARTICIPATIE: usize = 2;
const SW: usize = 3;

const TEAMS: [(&str, TeamKind); 4] = [
    ("Intake", TeamKind::Intake),
    ("Werk", TeamKind::Werk),
    ("Participatie", TeamKind::Participatie),
    ("SW-bedrijf", TeamKind::SwBedrijf),
];

/// Three caseworkers per team, in the order of [`TEAMS`], with contract hours.
const STAFF: [[(&str, u32); 3]; 4] = [
    [
        ("Marieke Dijkstra", 32),
        ("Ahmed Bouali", 36),
        ("Femke de Jong", 24),
    ],
    [
        ("Jeroen Hoekstra", 36),
        ("Sanne Postma", 32),
        ("Youssef el Khattabi", 36),
    ],
    [
        ("Ingrid van der Veen", 24),
        ("Hatice Yıldız", 32),
        ("Klaas Wierenga", 36),
    ],
    [
        ("Roelof Nijenhuis", 36),
        ("Anouk Bosma", 32),
        ("Shanti Ramdin", 24),
    ],
];

/// Demo accounts without a caseload, with their role. Every employee
/// belongs to a team, so they are in Werk's; their pages cover the whole
/// organisation. Not in an intake team: registering the ghosts of a roster
/// shares them among the intake team's members.
const OFFICE: [(&str, Role); 2] = [
    ("Willemijn Kooistra", Role::Management),
    ("Gerrit Huizinga", Role::FunctioneelBeheer),
];

/// What [`load`] created: the deterministic demo municipality in numbers.
pub struct DemoSummary {
    /// The binary only reports counts; tests and other callers go on with the organisation.
    #[cfg_attr(not(test), allow(dead_code))]
    pub organisation_id: OrganisationId,
    pub clients: usize,
    pub employees: usize,
    pub pending_handovers: usize,
    pub roster_rows: usize,
    pub ghosts_in_roster: usize,
}

/// Creates the demo organisation in `store`, with histories dated up to
/// `now`, and writes a matching roster (CSV) to `roster_path`.
pub async fn load(
    store: &dyn Store,
    now: OffsetDateTime,
    roster_path: &Path,
) -> anyhow::Result<DemoSummary> {
    let mut rng = SmallRng::seed_from_u64(SEED);
    let org = store
        .create_organisation(ORGANISATION, &OrganisationSettings::default())
        .await
        .context("creating the demo organisation")?;
    let mut teams = [TeamId(0); 4];
    for (slot, (name, kind)) in teams.iter_mut().zip(TEAMS) {
        *slot = store.create_team(org, name, kind).await?;
    }
    let mut staff = [[Actor {
        employee_id: EmployeeId(0),
        team_id: TeamId(0),
    }; 3]; 4];
    for (t, members) in STAFF.iter().enumerate() {
        for (m, (name, hours)) in members.iter().enumerate() {
            let email = format!("{}@{MAIL_DOMAIN}", mail_name(name));
            let employee_id = store
                .create_employee(org, teams[t], name, &email, *hours)
                .await
                .with_context(|| format!("creating employee {name}"))?;
            staff[t][m] = Actor {
                employee_id,
                team_id: teams[t],
            };
        }
    }
    for (name, role) in OFFICE {
        let email = format!("{}@{MAIL_DOMAIN}", mail_name(name));
        let id = store
            .create_employee(org, teams[WERK], name, &email, 36)
            .await
            .with_context(|| format!("creating employee {name}"))?;
        store.set_role(id, role).await?;
    }
    let demo = Demo {
        store,
        org,
        now,
        staff,
    };

    let plans = plan_clients(&mut rng, now.year());
    let mut pending_handovers = 0;
    let mut open = Vec::with_capacity(CLIENTS);
    // Intake clients quiet for a week, to be offered and sent back lately.
    let mut quiet_intake = Vec::new();
    for plan in &plans {
        let case = demo
            .client(plan)
            .await
            .with_context(|| format!("demo client {}", plan.person.name))?;
        if case.pending {
            pending_handovers += 1;
        }
        if case.open {
            open.push((plan, case.registered_on));
        }
        if case.open
            && !case.pending
            && case.team == INTAKE
            && case.cursor < now - Duration::days(7)
            && quiet_intake.len() < 3 * RETURNED_LATELY
        {
            quiet_intake.push(case);
        }
    }

    let provider_users = crate::demo_process::load(store, org, now, teams[PARTICIPATIE])
        .await
        .context("the re-integration process of the demo")?;
    demo.returned_lately(quiet_intake)
        .await
        .context("handovers returned lately")?;
    crate::demo_meetings::load(store, org, now)
        .await
        .context("the demo's overdrachtsoverleggen")?;
    crate::demo_learning::load(store, org, now)
        .await
        .context("the demo's ended interventions")?;
    crate::demo_intervision::load(store, org, now)
        .await
        .context("the demo's intervision sessions")?;
    crate::demo_development::load(store, org, now)
        .await
        .context("the demo's POPs and trainings")?;

    let roster = roster(&mut rng, now.date(), &open, &plans);
    if let Some(dir) = roster_path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("creating the directory {}", dir.display()))?;
    }
    std::fs::write(roster_path, &roster.csv)
        .with_context(|| format!("writing the demo roster to {}", roster_path.display()))?;

    Ok(DemoSummary {
        organisation_id: org,
        clients: plans.len(),
        employees: STAFF.iter().map(|t| t.len()).sum::<usize>() + OFFICE.len() + provider_users,
        pending_handovers,
        roster_rows: roster.rows,
        ghosts_in_roster: roster.ghosts,
    })
}

/// Whether an earlier start with `--demo` was cut off halfway: the demo
/// organisation exists, but not every team has its lead and not every
/// account its password yet, which is the last step of starting the demo
/// (`demo_accounts` in `main.rs`). Such a database holds part of the demo,
/// and loading cannot resume on top of it.
pub async fn interrupted(store: &dyn Store) -> anyhow::Result<bool> {
    let staff: usize = STAFF.iter().map(|t| t.len()).sum();
    for org in store.organisations().await? {
        if org.name != ORGANISATION {
            continue;
        }
        let teams = store.teams(org.id).await?;
        let employees = store.employees(org.id).await?;
        if teams.len() < TEAMS.len() || employees.len() < staff {
            return Ok(true);
        }
        let led = |team| {
            employees
                .iter()
                .any(|e| e.team_id == team && e.role == Role::Teamleider)
        };
        if !teams.iter().all(|t| led(t.id)) {
            return Ok(true);
        }
        for e in &employees {
            let credentials = store.credentials(&e.email).await?;
            if credentials.is_none_or(|c| c.password_hash.is_none()) {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

// --- accounts ---------------------------------------------------------------

/// One account of the demo, as printed at start and listed in the README.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    /// The binary prints `what`; the demo's test checks the role itself.
    #[cfg_attr(not(test), allow(dead_code))]
    pub role: Role,
    /// What the account is for, in Dutch: its role, and for a caseworker of
    /// the SW-bedrijf that they are its coach.
    pub what: &'static str,
    /// Where the account works: its team; a provider's user its provider;
    /// management and functional administration the whole organisation
    /// (with the team the account belongs to).
    pub unit: String,
    pub name: String,
    pub email: String,
}

/// What an account is for: its role in Dutch. The SW-bedrijf's coaches are
/// caseworkers (role `klantmanager`) in a team of kind SW-bedrijf: the role
/// `sw_bedrijf` is for the company's own staff and has no pages yet.
fn what(role: Role, team_kind: Option<TeamKind>) -> &'static str {
    match (role, team_kind) {
        (Role::Klantmanager, Some(TeamKind::SwBedrijf)) => "SW-bedrijf-coach (klantmanager)",
        (Role::Klantmanager, _) => "klantmanager",
        (Role::Teamleider, _) => "teamleider",
        (Role::Management, _) => "management",
        (Role::FunctioneelBeheer, _) => "functioneel beheer",
        (Role::Aanbieder, _) => "trajectaanbieder",
        (Role::SwBedrijf, _) => "SW-bedrijf",
    }
}

/// Every account of the demo organisation `org`, in the order they are
/// printed: per team its lead and caseworkers, then management, functional
/// administration and the providers' users.
pub async fn accounts(store: &dyn Store, org: OrganisationId) -> anyhow::Result<Vec<DemoAccount>> {
    // In the order they were made: Intake first, as in [`TEAMS`].
    let mut teams = store.teams(org).await?;
    teams.sort_by_key(|t| t.id.0);
    let providers = store.providers(org).await?;
    let mut accounts: Vec<(usize, usize, DemoAccount)> = Vec::new();
    for e in store.employees(org).await? {
        let team = teams
            .iter()
            .position(|t| t.id == e.team_id)
            .context("an employee without a team")?;
        let (rank, unit) = match e.role {
            Role::Teamleider => (0, teams[team].name.clone()),
            Role::Klantmanager | Role::SwBedrijf => (1, teams[team].name.clone()),
            Role::Management => (2, format!("hele organisatie (team {})", teams[team].name)),
            Role::FunctioneelBeheer => (3, format!("hele organisatie (team {})", teams[team].name)),
            Role::Aanbieder => (
                4,
                e.provider_id
                    .and_then(|p| providers.iter().find(|x| x.id == p))
                    .map_or_else(|| teams[team].name.clone(), |p| p.name.clone()),
            ),
        };
        // Casework per team, in the teams' order; the others after.
        let group = if rank <= 1 { team } else { teams.len() + rank };
        accounts.push((
            group,
            rank,
            DemoAccount {
                role: e.role,
                what: what(e.role, Some(teams[team].kind)),
                unit,
                name: e.name,
                email: e.email,
            },
        ));
    }
    accounts.sort_by_key(|(group, rank, _)| (*group, *rank));
    Ok(accounts.into_iter().map(|(_, _, a)| a).collect())
}

/// The accounts as the table printed at start: one line each, the e-mail
/// address last.
pub fn accounts_table(accounts: &[DemoAccount]) -> String {
    let width = |f: fn(&DemoAccount) -> usize, head: &str| {
        accounts
            .iter()
            .map(f)
            .chain([head.chars().count()])
            .max()
            .unwrap_or(0)
    };
    let what = width(|a| a.what.chars().count(), "rol");
    let unit = width(|a| a.unit.chars().count(), "team");
    let name = width(|a| a.name.chars().count(), "naam");
    let mut out = String::new();
    let _ = writeln!(
        out,
        "  {:<what$}  {:<unit$}  {:<name$}  e-mailadres",
        "rol", "team", "naam"
    );
    for a in accounts {
        let _ = writeln!(
            out,
            "  {:<what$}  {:<unit$}  {:<name$}  {}",
            a.what, a.unit, a.name, a.email
        );
    }
    out
}

// --- people -----------------------------------------------------------------

/// Where a client's name comes from, with its share of the caseload.
struct Origin {
    weight: u32,
    male: &'static [&'static str],
    female: &'static [&'static str],
    surnames: &'static [&'static str],
    /// Polish surnames take a feminine ending (-ski → -ska).
    gendered_surnames: bool,
    /// Particulars that often apply to people of this background.
    particulars: &'static [&'static str],
}

const ORIGINS: [Origin; 7] = [
    Origin {
        weight: 55,
        male: &[
            "Jan", "Pieter", "Kees", "Henk", "Daan", "Bram", "Joost", "Wim", "Gerrit", "Hendrik",
            "Jeroen", "Ruud", "Mark", "Kevin", "Bas", "Sjoerd", "Marco", "Dennis", "Rik", "Niels",
            "Tom", "Roel", "Patrick", "Ronald", "Erik", "Geert", "Jelle", "Sietse", "Wiebe",
            "Harm", "Roelof", "Klaas", "Albert", "Dirk", "Martijn", "Stefan",
        ],
        female: &[
            "Sanne",
            "Anouk",
            "Lotte",
            "Marieke",
            "Ingrid",
            "Annemiek",
            "Femke",
            "Ria",
            "Petra",
            "Priscilla",
            "Naomi",
            "Tessa",
            "Wietske",
            "Hilde",
            "Sandra",
            "Monique",
            "Yvonne",
            "Esther",
            "Linda",
            "Ilse",
            "Karin",
            "Willemijn",
            "Froukje",
            "Grietje",
            "Aaltje",
            "Jolanda",
            "Mirjam",
            "Bianca",
            "Chantal",
            "Kim",
            "Demi",
            "Romy",
        ],
        surnames: &[
            "de Vries",
            "van der Meer",
            "Jansen",
            "Bakker",
            "van Dijk",
            "Visser",
            "Smit",
            "Meijer",
            "de Boer",
            "Mulder",
            "de Groot",
            "Bos",
            "Vos",
            "Peters",
            "Hendriks",
            "van Leeuwen",
            "Dekker",
            "Brouwer",
            "de Wit",
            "Dijkstra",
            "de Graaf",
            "van der Linden",
            "Kok",
            "de Haan",
            "Vermeulen",
            "van den Heuvel",
            "van der Veen",
            "van den Broek",
            "de Bruijn",
            "de Jong",
            "Schouten",
            "van Beek",
            "Hoekstra",
            "Koster",
            "Prins",
            "Postma",
            "Kuipers",
            "Huisman",
            "ter Horst",
            "Zwart",
            "Boersma",
            "Bosma",
            "Wierenga",
            "Huizinga",
            "Zijlstra",
            "Kooistra",
            "Veenstra",
            "Medema",
            "Nijenhuis",
            "Hazenberg",
            "van 't Hof",
            "Oosterhuis",
        ],
        gendered_surnames: false,
        particulars: &[],
    },
    Origin {
        weight: 12,
        male: &[
            "Mohamed",
            "Youssef",
            "Said",
            "Hamza",
            "Achraf",
            "Soufiane",
            "Rachid",
            "Bilal",
            "Karim",
            "Ayoub",
            "Zakaria",
            "Mustapha",
            "Nordin",
            "Abdelkader",
        ],
        female: &[
            "Fatima", "Khadija", "Nadia", "Samira", "Naima", "Ilham", "Latifa", "Hanan", "Malika",
            "Souad", "Zineb", "Loubna", "Hafsa",
        ],
        surnames: &[
            "el Amrani",
            "Bouzid",
            "El Idrissi",
            "Benali",
            "Ouali",
            "Azzouzi",
            "Boukhari",
            "el Haddaoui",
            "Chaouch",
            "Aït Taleb",
            "el Khattabi",
            "Tahiri",
            "Belhaj",
            "Ziani",
            "Ouahabi",
            "Amrani",
            "Boutaleb",
        ],
        gendered_surnames: false,
        particulars: &["Spreekt beperkt Nederlands; tolk regelen"],
    },
    Origin {
        weight: 10,
        male: &[
            "Mehmet", "Emre", "Hüseyin", "Mustafa", "Murat", "Hakan", "Yusuf", "Kemal", "Serkan",
            "Ahmet", "Burak", "Ömer",
        ],
        female: &[
            "Ayşe", "Fatma", "Elif", "Zeynep", "Özlem", "Esra", "Büşra", "Derya", "Sibel",
            "Hatice", "Gül", "Merve",
        ],
        surnames: &[
            "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Öztürk", "Aydın", "Arslan",
            "Doğan", "Kılıç", "Aslan", "Çetin", "Koç", "Kurt", "Özdemir", "Polat", "Güneş",
            "Aksoy",
        ],
        gendered_surnames: false,
        particulars: &["Spreekt beperkt Nederlands; tolk regelen"],
    },
    Origin {
        weight: 8,
        male: &[
            "Ramon", "Rishi", "Ryan", "Romano", "Glenn", "Ravi", "Jerrel", "Marlon", "Rakesh",
            "Dinesh", "Errol",
        ],
        female: &[
            "Shanti",
            "Sharda",
            "Kimberley",
            "Anjali",
            "Sharon",
            "Priya",
            "Dewi",
            "Virginia",
            "Sunita",
            "Chantal",
            "Reshma",
            "Natasha",
        ],
        surnames: &[
            "Ramdin",
            "Sewnarain",
            "Kartodikromo",
            "Pinas",
            "Biharie",
            "Soekhoe",
            "Brunings",
            "Jadnanansing",
            "Ramsaroep",
            "Lachmon",
            "Wong A Foe",
            "Sitaldin",
            "Amatdjais",
            "Mungra",
            "Tjon A Ten",
            "Kromodimedjo",
            "Bhagwandin",
            "Zeefuik",
            "Doest",
        ],
        gendered_surnames: false,
        particulars: &[],
    },
    Origin {
        weight: 6,
        male: &[
            "Piotr",
            "Tomasz",
            "Krzysztof",
            "Paweł",
            "Marcin",
            "Łukasz",
            "Michał",
            "Grzegorz",
            "Adam",
            "Jakub",
        ],
        female: &[
            "Agnieszka",
            "Katarzyna",
            "Magdalena",
            "Anna",
            "Joanna",
            "Ewa",
            "Monika",
            "Dorota",
            "Justyna",
            "Beata",
        ],
        surnames: &[
            "Kowalski",
            "Nowak",
            "Wiśniewski",
            "Wójcik",
            "Kamiński",
            "Lewandowski",
            "Zieliński",
            "Szymański",
            "Dąbrowski",
            "Kozłowski",
            "Mazur",
            "Krawczyk",
            "Jankowski",
        ],
        gendered_surnames: true,
        particulars: &[
            "Spreekt beperkt Nederlands; tolk regelen",
            "Werkte eerder via een uitzendbureau in de kassen",
        ],
    },
    Origin {
        weight: 5,
        male: &[
            "Ahmad", "Omar", "Khaled", "Mahmoud", "Hassan", "Tarek", "Fadi", "Yazan",
        ],
        female: &[
            "Rania", "Lina", "Nour", "Hiba", "Rasha", "Dima", "Amal", "Reem",
        ],
        surnames: &[
            "Al-Hassan",
            "Haddad",
            "Khalil",
            "Al-Ahmad",
            "Darwish",
            "Mansour",
            "Hamoud",
            "Al-Khatib",
            "Sabbagh",
        ],
        gendered_surnames: false,
        particulars: &[
            "Statushouder; volgt het inburgeringstraject",
            "Spreekt beperkt Nederlands; tolk regelen",
        ],
    },
    Origin {
        weight: 4,
        male: &[
            "Yonas", "Tesfay", "Filmon", "Dawit", "Samuel", "Robel", "Merhawi",
        ],
        female: &[
            "Senait", "Helen", "Semhar", "Luwam", "Saba", "Eden", "Feven",
        ],
        surnames: &[
            "Tesfamariam",
            "Ghebremedhin",
            "Habte",
            "Kidane",
            "Berhane",
            "Weldemichael",
            "Tekle",
            "Haile",
        ],
        gendered_surnames: false,
        particulars: &[
            "Statushouder; volgt het inburgeringstraject",
            "Spreekt beperkt Nederlands; tolk regelen",
        ],
    },
];

/// Particulars that can apply to anyone.
const PARTICULARS: &[&str] = &[
    "Mantelzorger voor moeder",
    "Schuldhulpverlening loopt",
    "Geen rijbewijs",
    "Alleenstaande ouder van twee jonge kinderen; kinderopvang nodig",
    "Rugklachten; geen zwaar tilwerk",
    "Dyslexie; informatie liever mondeling toelichten",
    "Woont in het buitengebied zonder goede busverbinding",
    "Heeft eerder in de bouw gewerkt",
    "Angstklachten; onder behandeling bij de GGZ",
    "Postadres bij het Leger des Heils; geen vaste woonplek",
    "Beschikbaar vanaf 9.30 uur in verband met de kinderen",
    "Diabetes; regelmatige pauzes nodig",
];

pub(crate) struct Person {
    pub bsn: Bsn,
    pub name: String,
    pub birth_date: Date,
    pub particulars: String,
}

pub(crate) fn pick<T: Copy>(rng: &mut SmallRng, items: &[T]) -> T {
    items[rng.gen_range(0..items.len())]
}

/// Picks an index from `weights` with probability proportional to its weight.
pub(crate) fn weighted(rng: &mut SmallRng, weights: &[u32]) -> usize {
    let mut roll = rng.gen_range(0..weights.iter().sum::<u32>());
    for (i, w) in weights.iter().enumerate() {
        if roll < *w {
            return i;
        }
        roll -= w;
    }
    weights.len() - 1
}

/// A believable name and matching particulars.
fn person_name(rng: &mut SmallRng) -> (String, &'static Origin) {
    let weights: Vec<u32> = ORIGINS.iter().map(|o| o.weight).collect();
    let origin = &ORIGINS[weighted(rng, &weights)];
    let female = rng.gen_bool(0.5);
    let first = pick(rng, if female { origin.female } else { origin.male });
    let surname = pick(rng, origin.surnames);
    let surname = match surname.strip_suffix("ski") {
        Some(stem) if female && origin.gendered_surnames => format!("{stem}ska"),
        _ => surname.to_string(),
    };
    (format!("{first} {surname}"), origin)
}

/// A valid BSN that `used` does not hold yet; it is added to `used`.
pub(crate) fn fresh_bsn(rng: &mut SmallRng, used: &mut HashSet<Bsn>) -> Bsn {
    loop {
        if let Some(bsn) = Bsn::from_prefix(rng.gen_range(10_000_000..80_000_000)) {
            if used.insert(bsn) {
                return bsn;
            }
        }
    }
}

pub(crate) fn person(rng: &mut SmallRng, used: &mut HashSet<Bsn>, this_year: i32) -> Person {
    let (name, origin) = person_name(rng);
    let bsn = fresh_bsn(rng, used);
    // Aged 18 to 66 this year; the age and day of the year are fixed, so the
    // same person has the same card whenever the demo starts.
    let birth_date =
        Date::from_ordinal_date(this_year - rng.gen_range(19..=66), rng.gen_range(1..=365))
            .unwrap_or(Date::MIN);
    let particulars = if !origin.particulars.is_empty() && rng.gen_bool(0.35) {
        pick(rng, origin.particulars)
    } else if rng.gen_bool(0.22) {
        pick(rng, PARTICULARS)
    } else {
        ""
    };
    Person {
        bsn,
        name,
        birth_date,
        particulars: particulars.to_string(),
    }
}

/// `Youssef el Khattabi` → `youssef.elkhattabi`.
fn mail_name(name: &str) -> String {
    let (first, last) = name.split_once(' ').unwrap_or((name, ""));
    let ascii = |s: &str| -> String {
        s.chars()
            .filter_map(|c| match c {
                'ı' | 'İ' => Some('i'),
                'ş' | 'Ş' => Some('s'),
                'ç' | 'Ç' => Some('c'),
                'ğ' => Some('g'),
                'ö' | 'Ö' => Some('o'),
                'ü' | 'Ü' => Some('u'),
                'é' | 'ë' => Some('e'),
                c if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase()),
                _ => None,
            })
            .collect()
    };
    format!("{}.{}", ascii(first), ascii(last))
}

// --- plans --------------------------------------------------------------------

/// How a client's story ends, as of `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    /// Open, in contact recently.
    Ordinary,
    /// Open, but nobody has spoken to the client for this many days (> 13 weeks).
    NoContact(i64),
    /// Closed with a reason this many days ago.
    Closed(i64),
    /// A handover offered this many working days ago still waits for an answer.
    Pending(u32),
}

struct Plan {
    person: Person,
    registered_days_ago: i64,
    fate: Fate,
    /// Seeds the client's own generator.
    seed: u64,
}

fn plan_clients(rng: &mut SmallRng, this_year: i32) -> Vec<Plan> {
    let mut fates = vec![Fate::Ordinary; CLIENTS];
    let mut slots: Vec<usize> = (0..CLIENTS).collect();
    slots.shuffle(rng);
    let mut slots = slots.into_iter();
    for i in slots.by_ref().take(CLOSED) {
        fates[i] = Fate::Closed(rng.gen_range(2..=150));
    }
    for i in slots.by_ref().take(NO_CONTACT) {
        fates[i] = Fate::NoContact(rng.gen_range(95..=320));
    }
    for i in slots.by_ref().take(PENDING_OVERDUE) {
        fates[i] = Fate::Pending(rng.gen_range(8..=20));
    }
    for i in slots.by_ref().take(PENDING_RECENT) {
        fates[i] = Fate::Pending(rng.gen_range(1..=3));
    }

    let mut used = HashSet::with_capacity(CLIENTS * 2);
    fates
        .into_iter()
        .map(|fate| {
            let person = person(rng, &mut used, this_year);
            let registered_days_ago = match fate {
                Fate::NoContact(quiet) => rng.gen_range(quiet + 30..=(quiet + 400).min(700)),
                Fate::Closed(ago) => rng.gen_range(ago + 40..=ago + 550),
                Fate::Pending(_) => rng.gen_range(60..=700),
                // More recent registrations than old ones: the register grows.
                Fate::Ordinary if rng.gen_bool(0.25) => rng.gen_range(30..=120),
                Fate::Ordinary => rng.gen_range(30..=700),
            };
            Plan {
                person,
                registered_days_ago,
                fate,
                seed: rng.gen(),
            }
        })
        .collect()
}

// --- time ---------------------------------------------------------------------

/// Moves a Saturday or Sunday on to the Monday: offices are closed.
fn weekday_on_or_after(date: Date) -> Date {
    match date.weekday() {
        Weekday::Saturday => date + Duration::days(2),
        Weekday::Sunday => date + Duration::days(1),
        _ => date,
    }
}

/// The date `n` working days before `date`.
fn working_days_before(mut date: Date, n: u32) -> Date {
    let mut left = n;
    while left > 0 {
        date -= Duration::days(1);
        if !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday) {
            left -= 1;
        }
    }
    date
}

fn office_hours(rng: &mut SmallRng) -> Time {
    Time::from_hms(rng.gen_range(8..=16), rng.gen_range(0..12) * 5, 0).unwrap_or(Time::MIDNIGHT)
}

pub(crate) fn at_office(rng: &mut SmallRng, date: Date, like: OffsetDateTime) -> OffsetDateTime {
    date.with_time(office_hours(rng))
        .assume_offset(like.offset())
}

/// A moment `days` after `t` during office hours, and never before `t`.
fn later(rng: &mut SmallRng, t: OffsetDateTime, days: i64) -> OffsetDateTime {
    let candidate = at_office(rng, weekday_on_or_after(t.date() + Duration::days(days)), t);
    if candidate > t {
        candidate
    } else {
        t + Duration::minutes(rng.gen_range(5..=45))
    }
}

// --- skills -------------------------------------------------------------------

/// The assessments a client will get: how many skills each one shows.
struct SkillPlan {
    order: [Skill; 5],
    counts: Vec<usize>,
    done: usize,
}

impl SkillPlan {
    /// Progress towards `last` skills over `n` assessments.
    fn new(rng: &mut SmallRng, last: usize, n: usize) -> Self {
        let mut order = Skill::ALL;
        order.shuffle(rng);
        let first = last - rng.gen_range(0..=last.min(3));
        let counts = (0..n)
            .map(|i| {
                if n == 1 {
                    last
                } else {
                    first + (last - first) * i / (n - 1)
                }
            })
            .collect();
        SkillPlan {
            order,
            counts,
            done: 0,
        }
    }

    fn set(&self, count: usize) -> SkillSet {
        SkillSet::from_skills(&self.order[..count])
    }

    fn latest(&self) -> Option<usize> {
        self.done.checked_sub(1).map(|i| self.counts[i])
    }

    fn remaining(&self) -> bool {
        self.done < self.counts.len()
    }
}

pub(crate) fn assessment_remarks(set: &SkillSet, previous: Option<usize>) -> String {
    let progress = match previous {
        None => "Eerste klantinzetformulier.".to_string(),
        Some(p) if set.count() > p => format!("Vooruitgang: nu {} van de 5.", set.count()),
        Some(_) => "Geen verandering sinds de vorige meting.".to_string(),
    };
    if set.ready_for_mediation() {
        return format!("{progress} Alle vijf basisvaardigheden aanwezig; klaar voor bemiddeling.");
    }
    let missing: Vec<String> = set
        .missing()
        .iter()
        .map(|s| crate::NL.label(s).to_lowercase())
        .collect();
    format!("{progress} Nog aan werken: {}.", missing.join(", "))
}

// --- texts --------------------------------------------------------------------

pub(crate) const KINDS: [ContactKind; 4] = [
    ContactKind::Gesprek,
    ContactKind::Telefoon,
    ContactKind::Email,
    ContactKind::Huisbezoek,
];
pub(crate) const KIND_WEIGHTS: [u32; 4] = [45, 30, 15, 10];

const WITH_OTHERS: &[&str] = &[
    "klant en partner",
    "klant en moeder",
    "klant en begeleider wijkteam",
    "klant en schuldhulpverlener",
    "klant en jobcoach",
];

pub(crate) fn contact_summary(rng: &mut SmallRng, team: usize, kind: ContactKind) -> &'static str {
    let options: &[&str] = match (kind, team) {
        (ContactKind::Telefoon, _) => &[
            "Klant belde af wegens ziekte; nieuwe afspraak gemaakt",
            "Nagebeld over de afspraken van vorige week; loopt volgens plan",
            "Klant gebeld over een gemiste afspraak; komt volgende week",
            "Telefonisch gesproken over de voortgang; klant is positief",
            "Klant belde met vragen over de brief van inkomen; uitgelegd",
        ],
        (ContactKind::Email, WERK) => &[
            "Vacature voor orderpicker doorgestuurd",
            "Bevestiging van het sollicitatiegesprek gestuurd",
            "Cv na aanpassing teruggestuurd aan klant",
        ],
        (ContactKind::Email, _) => &[
            "Bevestiging van de afspraak gestuurd",
            "Informatie over het taalcafé doorgestuurd",
            "Klant mailde het ingevulde formulier terug",
        ],
        (ContactKind::Huisbezoek, _) => &[
            "Huisbezoek samen met het wijkteam; thuissituatie stabiel",
            "Huisbezoek: klant kwam niet naar afspraken; situatie thuis besproken",
            "Huisbezoek afgelegd; klant is gemotiveerd om te starten",
        ],
        (ContactKind::Gesprek, INTAKE) => &[
            "Vervolggesprek diagnose: werkervaring en opleiding doorgenomen",
            "Gesproken over belemmeringen en wat klant zelf wil",
            "Participatieladder en zelfredzaamheid besproken",
        ],
        (ContactKind::Gesprek, WERK) => &[
            "Cv doorgenomen en twee vacatures besproken",
            "Sollicitatiegesprek voorbereid",
            "Voortgang besproken; klant solliciteert actief",
            "Proefplaatsing bij een logistiek bedrijf besproken",
            "Terugblik op het sollicitatiegesprek; afwijzing besproken",
        ],
        (ContactKind::Gesprek, PARTICIPATIE) => &[
            "Gesproken over dagbesteding en vrijwilligerswerk bij de kringloop",
            "Voortgang vrijwilligerswerk besproken; gaat goed",
            "Klant volgt taaltraining; voortgang besproken",
            "Aanmelding bij het buurthuis als gastvrouw/gastheer besproken",
        ],
        (ContactKind::Gesprek, _) => &[
            "Evaluatie werkplek groenvoorziening; klant is op tijd en gemotiveerd",
            "Gesprek met werkleider over de voortgang op de inpakafdeling",
            "Werkfit-traject geëvalueerd; meer uren besproken",
        ],
    };
    pick(rng, options)
}

pub(crate) fn handover_note(
    rng: &mut SmallRng,
    from: usize,
    to: usize,
    particulars: &str,
    skills: Option<usize>,
) -> HandoverNote {
    let reason = pick(
        rng,
        match to {
            WERK if skills >= Some(4) => &[
                "Basisvaardigheden grotendeels aanwezig; klaar voor begeleiding naar werk",
                "Klant komt alle afspraken na en is klaar voor bemiddeling naar werk",
            ][..],
            WERK => &[
                "Klant is gemotiveerd en wil aan het werk; traject naar werk starten",
                "Klant heeft werkervaring in de logistiek en wil daar weer aan de slag",
            ][..],
            PARTICIPATIE => &[
                "Klant staat nog ver van de arbeidsmarkt; eerst activering via participatie",
                "Klant heeft structuur nodig; dagbesteding en vrijwilligerswerk als eerste stap",
                "Taalachterstand en sociaal isolement; participatietraject starten",
            ][..],
            SW => &[
                "Klant heeft een indicatie beschut werk; plaatsing bij het SW-bedrijf",
                "Klant heeft een beschermde werkomgeving nodig; werkfit-traject bij het SW-bedrijf",
            ][..],
            _ => &["Klant opnieuw beoordelen bij intake"][..],
        },
    );
    let done = pick(
        rng,
        match from {
            INTAKE => &[
                "Intakegesprek gevoerd, klantinzetformulier ingevuld en cv opgesteld",
                "Intake en diagnose afgerond; gegevens en belemmeringen in beeld",
                "Intake gedaan, huisbezoek afgelegd, klantinzetformulier ingevuld",
            ][..],
            WERK => &[
                "Sollicitatietraining gevolgd en meerdere vacatures besproken",
                "Proefplaatsing geprobeerd; bleek nog te zwaar",
            ][..],
            PARTICIPATIE => &[
                "Zes maanden vrijwilligerswerk bij de kringloopwinkel; vaardigheden gegroeid",
                "Taaltraining afgerond en dagbesteding opgebouwd",
            ][..],
            _ => &["Werkervaring opgedaan op de groenafdeling; loopt goed"][..],
        },
    );
    let work_done = match skills {
        Some(n) => format!("{done}. Laatste klantinzetformulier: {n} van de 5 basisvaardigheden."),
        None => format!("{done}."),
    };
    let agreements = if rng.gen_bool(0.2) {
        "Warme overdracht: eerste gesprek samen met de huidige klantmanager"
    } else {
        pick(
            rng,
            match to {
                WERK => &[
                    "Klant solliciteert wekelijks op twee vacatures en houdt dit bij",
                    "Kennismakingsgesprek binnen twee weken; klant neemt cv en diploma's mee",
                    "Klant meldt zich bij verhindering vooraf af",
                ][..],
                PARTICIPATIE => &[
                    "Klant start binnen twee weken met vrijwilligerswerk bij de kringloopwinkel",
                    "Klant meldt zich aan voor het taalcafé en komt op het kennismakingsgesprek",
                    "Klant meldt zich bij verhindering vooraf af",
                ][..],
                _ => &[
                    "Klant start met een proefplaatsing op de groenafdeling",
                    "Klant komt op het intakegesprek bij het SW-bedrijf; vervoer is geregeld",
                ][..],
            },
        )
    };
    HandoverNote {
        reason: reason.to_string(),
        work_done,
        particulars: particulars.to_string(),
        agreements: agreements.to_string(),
    }
}

pub(crate) fn return_reason(rng: &mut SmallRng, by: usize) -> &'static str {
    pick(
        rng,
        match by {
            WERK => &[
                "Klant heeft eerst schuldhulp nodig; terug naar participatie",
                "Taalniveau te laag voor bemiddeling; eerst taaltraject via participatie",
                "Medische beperkingen nog niet in beeld; eerst arbeidsdeskundig onderzoek",
            ][..],
            PARTICIPATIE => &[
                "Klant heeft de basisvaardigheden al; beter direct naar Werk",
                "Klant wil en kan meteen aan het werk; overdracht naar Werk ligt meer voor de hand",
            ][..],
            _ => &["Geen indicatie beschut werk; eerst indicatie aanvragen"][..],
        },
    )
}

pub(crate) const CLOSE_REASONS: &[&str] = &[
    "Verhuisd naar andere gemeente",
    "Werk gevonden, uitkering beëindigd",
    "Werk gevonden, uitkering beëindigd",
    "Uitkering beëindigd: gaat samenwonen met partner met inkomen",
    "Gestart met een opleiding met studiefinanciering",
    "Verhuisd naar het buitenland",
];

// --- histories ----------------------------------------------------------------

struct Demo<'a> {
    store: &'a dyn Store,
    org: OrganisationId,
    now: OffsetDateTime,
    staff: [[Actor; 3]; 4],
}

/// A client while their history is being written.
struct Case {
    id: ClientId,
    rng: SmallRng,
    /// The moment of the latest act; acts never go back in time.
    cursor: OffsetDateTime,
    /// No act of the regular history happens after this.
    limit: OffsetDateTime,
    team: usize,
    owner: Actor,
    phase: Phase,
    particulars: String,
    skills: SkillPlan,
    last_contact: Option<Date>,
    /// The appointment the latest contact planned, if any.
    next_planned: Option<Date>,
    last_assessed: Option<Date>,
    registered_on: Date,
    open: bool,
    pending: bool,
    /// The caseworker named in the pending offer, if any.
    named: Option<EmployeeId>,
}

impl Case {
    /// Moments separated by the given day ranges, all before the limit; the
    /// cursor moves only when all of them fit.
    fn chain<const N: usize>(&mut self, gaps: [(i64, i64); N]) -> Option<[OffsetDateTime; N]> {
        let mut out = [self.cursor; N];
        let mut t = self.cursor;
        for (slot, (min, max)) in out.iter_mut().zip(gaps) {
            let days = self.rng.gen_range(min..=max);
            t = later(&mut self.rng, t, days);
            if t > self.limit {
                return None;
            }
            *slot = t;
        }
        self.cursor = t;
        Some(out)
    }

    fn step(&mut self, min: i64, max: i64) -> Option<OffsetDateTime> {
        self.chain([(min, max)]).map(|[t]| t)
    }
}

/// Stops the history quietly when the next act would fall after the limit.
macro_rules! or_stop {
    ($e:expr) => {
        or_stop!($e, ())
    };
    ($e:expr, $stopped:expr) => {
        match $e {
            Some(t) => t,
            None => return Ok($stopped),
        }
    };
}

impl Demo<'_> {
    fn ctx(&self, actor: Actor, at: OffsetDateTime) -> Ctx {
        Ctx {
            organisation_id: self.org,
            actor,
            at,
        }
    }

    /// Registers the client and writes their history.
    async fn client(&self, plan: &Plan) -> anyhow::Result<Case> {
        let mut rng = SmallRng::seed_from_u64(plan.seed);
        let registered_at = at_office(
            &mut rng,
            weekday_on_or_after(self.now.date() - Duration::days(plan.registered_days_ago)),
            self.now,
        );
        let intake = pick(&mut rng, &self.staff[INTAKE]);
        let id = self
            .store
            .register_client(
                &self.ctx(intake, registered_at),
                NewClient {
                    bsn: plan.person.bsn,
                    name: plan.person.name.clone(),
                    birth_date: Some(plan.person.birth_date),
                    particulars: plan.person.particulars.clone(),
                    phase: Phase::Intake,
                },
                Owner {
                    team_id: intake.team_id,
                    employee_id: intake.employee_id,
                },
            )
            .await?;

        let pending_at = match plan.fate {
            Fate::Pending(days) => {
                let date = working_days_before(self.now.date(), days);
                Some(at_office(&mut rng, date, self.now).min(self.now))
            }
            _ => None,
        };
        let limit = match plan.fate {
            Fate::Ordinary => self.now,
            Fate::NoContact(days) | Fate::Closed(days) => {
                at_office(&mut rng, self.now.date() - Duration::days(days), self.now)
            }
            Fate::Pending(_) => pending_at.unwrap_or(self.now),
        };
        let route = route(&mut rng, plan.registered_days_ago);
        let skills = skill_plan(&mut rng, &route);
        let mut case = Case {
            id,
            rng,
            cursor: registered_at,
            limit: limit.max(registered_at),
            team: INTAKE,
            owner: intake,
            phase: Phase::Intake,
            particulars: plan.person.particulars.clone(),
            skills,
            last_contact: None,
            next_planned: None,
            last_assessed: None,
            registered_on: registered_at.date(),
            open: true,
            pending: false,
            named: None,
        };
        self.history(&mut case, &route).await?;

        case.limit = self.now;
        match plan.fate {
            Fate::Ordinary => self.keep_in_touch(&mut case).await?,
            Fate::NoContact(_) => {}
            Fate::Closed(_) => self.close(&mut case).await?,
            Fate::Pending(_) => {
                let at = pending_at.unwrap_or(self.now).max(case.cursor);
                case.cursor = at;
                let to = match case.team {
                    INTAKE if case.rng.gen_bool(0.6) => WERK,
                    INTAKE => PARTICIPATIE,
                    WERK => PARTICIPATIE,
                    PARTICIPATIE if case.rng.gen_bool(0.6) => WERK,
                    PARTICIPATIE => SW,
                    _ => WERK,
                };
                self.offer(&mut case, at, to).await?;
                self.keep_in_touch(&mut case).await?;
            }
        }
        Ok(case)
    }

    async fn history(&self, c: &mut Case, route: &Route) -> anyhow::Result<()> {
        // Intake: the first conversation, diagnosis and the first assessment.
        if c.rng.gen_bool(0.96) {
            let t = or_stop!(c.step(0, 6));
            let with = if c.particulars.contains("tolk") {
                "klant en tolk"
            } else if c.rng.gen_bool(0.85) {
                "klant"
            } else {
                "klant en partner"
            };
            let summary = pick(
                &mut c.rng,
                &[
                    "Intakegesprek: situatie, werkervaring en wensen doorgenomen",
                    "Intakegesprek gevoerd; rechten en plichten uitgelegd",
                    "Intakegesprek: opleiding, gezondheid en thuissituatie besproken",
                ],
            );
            self.contact_with(c, t, ContactKind::Gesprek, with, summary)
                .await?;
        }
        if !route.stays_in_intake_phase {
            let t = or_stop!(c.step(1, 12));
            self.set_phase(c, t, Phase::Diagnose).await?;
            let t = or_stop!(c.step(3, 20));
            self.assess(c, t).await?;
        }

        for (hop, &to) in route.hops.iter().enumerate() {
            // A contact or two in the current team before moving on.
            for _ in 0..c.rng.gen_range(0..=1) {
                let t = or_stop!(c.step(7, 35));
                self.contact(c, t).await?;
            }
            let complication = if hop == 0 {
                route.complication
            } else {
                Complication::None
            };
            if !self.hand_over(c, to, complication).await? {
                return Ok(());
            }
            if !self.settle_in(c, hop + 1 == route.hops.len()).await? {
                return Ok(());
            }
        }
        if route.hops.is_empty() {
            for i in 0..c.rng.gen_range(1..=3) {
                let t = or_stop!(c.step(10, 35));
                if i == 1 && c.skills.remaining() {
                    self.assess(c, t).await?;
                }
                self.contact(c, t).await?;
            }
        }
        Ok(())
    }

    /// Handovers sent back in the last days whose senders have not acted on
    /// them yet, so the demo shows that signal on intake caseloads. Only
    /// clients with nothing recorded since before the offer.
    async fn returned_lately(&self, candidates: Vec<Case>) -> anyhow::Result<usize> {
        let today = self.now.date();
        let mut done = 0;
        for mut c in candidates {
            if done == RETURNED_LATELY {
                break;
            }
            let offered = at_office(&mut c.rng, working_days_before(today, 3), self.now);
            let returned = at_office(&mut c.rng, working_days_before(today, 1), self.now);
            let card = self.store.client_card(self.org, c.id, today).await?;
            if card.timeline.first().is_none_or(|t| t.at >= offered) {
                continue;
            }
            let to = if done == 0 { WERK } else { PARTICIPATIE };
            c.cursor = offered;
            c.limit = self.now;
            let h = self.offer(&mut c, offered, to).await?;
            let by = pick(&mut c.rng, &self.staff[to]);
            let reason = return_reason(&mut c.rng, to);
            self.store
                .return_handover(&self.ctx(by, returned), h, reason)
                .await?;
            done += 1;
        }
        Ok(done)
    }

    /// The first weeks and months with a new team.
    async fn settle_in(&self, c: &mut Case, last: bool) -> anyhow::Result<bool> {
        let t = or_stop!(c.step(1, 12), false);
        let with = if c.rng.gen_bool(0.3) {
            "klant en vorige klantmanager"
        } else {
            "klant"
        };
        self.contact_with(
            c,
            t,
            ContactKind::Gesprek,
            with,
            "Kennismakingsgesprek na overdracht; afspraken uit de overdracht bevestigd",
        )
        .await?;
        let t = or_stop!(c.step(0, 3), false);
        self.set_phase(c, t, Phase::Activering).await?;

        let contacts = c.rng.gen_range(1..=3);
        for i in 0..contacts {
            let t = or_stop!(c.step(14, 50), false);
            if i == 1 && c.skills.remaining() {
                self.assess(c, t).await?;
            }
            self.contact(c, t).await?;
        }
        if !last {
            return Ok(true);
        }
        while c.skills.remaining() {
            let t = or_stop!(c.step(10, 40), false);
            self.assess(c, t).await?;
        }

        if c.team == WERK && c.skills.latest() >= Some(4) && c.rng.gen_bool(0.8) {
            let t = or_stop!(c.step(1, 10), false);
            self.set_phase(c, t, Phase::Bemiddeling).await?;
            for _ in 0..c.rng.gen_range(1..=2) {
                let t = or_stop!(c.step(10, 30), false);
                self.contact(c, t).await?;
            }
            if c.skills.latest() == Some(5) && c.rng.gen_bool(0.45) {
                let t = or_stop!(c.step(14, 60), false);
                let summary = pick(
                    &mut c.rng,
                    &[
                        "Klant is gestart als orderpicker, 32 uur per week; nazorg afgesproken",
                        "Klant werkt 24 uur per week in de thuiszorg; uitkering aangevuld",
                        "Klant heeft een contract voor zes maanden bij een bouwbedrijf",
                    ],
                );
                self.contact_with(c, t, ContactKind::Gesprek, "klant", summary)
                    .await?;
                self.set_phase(c, t, Phase::Nazorg).await?;
            }
        }
        Ok(true)
    }

    /// Offers the client to team `to` and has it accepted, possibly after a
    /// return or a withdrawal. False when the handover does not fit before the limit.
    async fn hand_over(
        &self,
        c: &mut Case,
        to: usize,
        complication: Complication,
    ) -> anyhow::Result<bool> {
        match complication {
            Complication::Returned => {
                let first = if to == WERK { PARTICIPATIE } else { WERK };
                if let Some([o1, r, call, o2, a]) =
                    c.chain([(3, 20), (1, 8), (0, 3), (2, 12), (1, 7)])
                {
                    let h = self.offer(c, o1, first).await?;
                    let by = pick(&mut c.rng, &self.staff[first]);
                    let reason = return_reason(&mut c.rng, first);
                    self.store
                        .return_handover(&self.ctx(by, r), h, reason)
                        .await?;
                    self.contact_with(
                        c,
                        call,
                        ContactKind::Telefoon,
                        "klant",
                        "Overdracht teruggekregen; met klant besproken welk team beter past",
                    )
                    .await?;
                    let h = self.offer(c, o2, to).await?;
                    self.accept(c, a, h, to).await?;
                    return Ok(true);
                }
            }
            Complication::Withdrawn => {
                if let Some([o1, w, o2, a]) = c.chain([(3, 20), (0, 3), (5, 20), (1, 7)]) {
                    let h = self.offer(c, o1, to).await?;
                    self.store
                        .withdraw_handover(&self.ctx(c.owner, w), h)
                        .await?;
                    let h = self.offer(c, o2, to).await?;
                    self.accept(c, a, h, to).await?;
                    return Ok(true);
                }
            }
            Complication::None => {}
        }
        let Some([o, a]) = c.chain([(3, 20), (1, 8)]) else {
            return Ok(false);
        };
        let h = self.offer(c, o, to).await?;
        self.accept(c, a, h, to).await?;
        Ok(true)
    }

    async fn offer(
        &self,
        c: &mut Case,
        at: OffsetDateTime,
        to: usize,
    ) -> anyhow::Result<HandoverId> {
        let named = c
            .rng
            .gen_bool(0.3)
            .then(|| pick(&mut c.rng, &self.staff[to]).employee_id);
        let note = handover_note(&mut c.rng, c.team, to, &c.particulars, c.skills.latest());
        let id = self
            .store
            .offer_handover(
                &self.ctx(c.owner, at),
                c.id,
                self.staff[to][0].team_id,
                named,
                note,
            )
            .await?;
        c.pending = true;
        c.named = named;
        Ok(id)
    }

    async fn accept(
        &self,
        c: &mut Case,
        at: OffsetDateTime,
        handover: HandoverId,
        to: usize,
    ) -> anyhow::Result<()> {
        let team = &self.staff[to];
        let caseworker = match c.named.take() {
            Some(named) => team
                .iter()
                .copied()
                .find(|a| a.employee_id == named)
                .context("named caseworker outside the receiving team")?,
            None => pick(&mut c.rng, team),
        };
        // Usually the new caseworker accepts; sometimes a colleague who
        // divides the work among the team.
        let actor = if c.rng.gen_bool(0.7) {
            caseworker
        } else {
            pick(&mut c.rng, team)
        };
        self.store
            .accept_handover(&self.ctx(actor, at), handover, caseworker.employee_id)
            .await?;
        c.team = to;
        c.owner = caseworker;
        c.pending = false;
        Ok(())
    }

    /// A contact of a random kind, about what the owning team works on.
    async fn contact(&self, c: &mut Case, at: OffsetDateTime) -> anyhow::Result<()> {
        let kind = KINDS[weighted(&mut c.rng, &KIND_WEIGHTS)];
        let needs_interpreter = c.particulars.contains("tolk");
        let with = if kind == ContactKind::Email {
            "klant"
        } else if needs_interpreter && c.rng.gen_bool(0.6) {
            "klant en tolk"
        } else if c.rng.gen_bool(0.2) {
            pick(&mut c.rng, WITH_OTHERS)
        } else {
            "klant"
        };
        let summary = contact_summary(&mut c.rng, c.team, kind);
        self.contact_with(c, at, kind, with, summary).await
    }

    async fn contact_with(
        &self,
        c: &mut Case,
        at: OffsetDateTime,
        kind: ContactKind,
        with_whom: &str,
        summary: &str,
    ) -> anyhow::Result<()> {
        let date = at.date();
        let next_contact_on = c
            .rng
            .gen_bool(0.55)
            .then(|| date + Duration::days(c.rng.gen_range(14..=42)));
        self.store
            .record_contact(
                &self.ctx(c.owner, at),
                c.id,
                NewContact {
                    date,
                    kind,
                    with_whom: with_whom.to_string(),
                    summary: summary.to_string(),
                    next_contact_on,
                },
            )
            .await?;
        c.last_contact = Some(date);
        c.next_planned = next_contact_on;
        Ok(())
    }

    /// Records the next planned assessment, if one is left.
    async fn assess(&self, c: &mut Case, at: OffsetDateTime) -> anyhow::Result<()> {
        let Some(&count) = c.skills.counts.get(c.skills.done) else {
            return Ok(());
        };
        let set = c.skills.set(count);
        let remarks = assessment_remarks(&set, c.skills.latest());
        self.store
            .record_assessment(
                &self.ctx(c.owner, at),
                c.id,
                NewAssessment {
                    assessed_on: at.date(),
                    skills: set,
                    remarks,
                },
            )
            .await?;
        c.skills.done += 1;
        c.last_assessed = Some(at.date());
        Ok(())
    }

    async fn set_phase(
        &self,
        c: &mut Case,
        at: OffsetDateTime,
        phase: Phase,
    ) -> anyhow::Result<()> {
        if c.phase != phase {
            self.store
                .change_phase(&self.ctx(c.owner, at), c.id, phase)
                .await?;
            c.phase = phase;
        }
        Ok(())
    }

    /// A moment soon after the latest act, but not after the limit.
    fn soon(c: &mut Case) -> OffsetDateTime {
        c.step(1, 14).unwrap_or_else(|| {
            (c.cursor + Duration::minutes(10))
                .min(c.limit)
                .max(c.cursor)
        })
    }

    async fn close(&self, c: &mut Case) -> anyhow::Result<()> {
        let reason = pick(&mut c.rng, CLOSE_REASONS);
        if reason.starts_with("Werk gevonden") {
            let at = Self::soon(c);
            self.set_phase(c, at, Phase::Uitgestroomd).await?;
        }
        let at = Self::soon(c);
        c.cursor = at;
        self.store
            .close_client(&self.ctx(c.owner, at), c.id, reason)
            .await?;
        c.open = false;
        Ok(())
    }

    /// Regular contacts up to now, so that an ordinary client is never out
    /// of sight for long.
    async fn keep_in_touch(&self, c: &mut Case) -> anyhow::Result<()> {
        let today = self.now.date();
        while c
            .last_contact
            .is_none_or(|d| today - d > Duration::days(80))
        {
            let Some(t) = c.step(60, 150) else { break };
            self.contact(c, t).await?;
        }
        if c.last_contact
            .is_none_or(|d| today - d > Duration::days(80))
        {
            let date = (today - Duration::days(c.rng.gen_range(0..=60))).max(c.cursor.date());
            let t = self.recent(c, date);
            self.contact(c, t).await?;
        }
        // Most planned appointments take place; about one in eight is missed
        // and waits on the caseworker's Vandaag.
        while let Some(planned) = c.next_planned.filter(|d| *d < today) {
            if !c.rng.gen_bool(0.88) {
                break;
            }
            let t = self.recent(c, planned);
            self.contact(c, t).await?;
        }
        // The five skills are assessed again within the organisation's term
        // (26 weeks by default) by most; some are late.
        let term = Duration::weeks(26);
        if let (Some(count), Some(on)) = (c.skills.latest(), c.last_assessed) {
            if today - on > term && c.rng.gen_bool(0.9) {
                let date = (today - Duration::days(c.rng.gen_range(0..=150))).max(on + term);
                let t = self.recent(c, date);
                let set = c.skills.set(count);
                self.store
                    .record_assessment(
                        &self.ctx(c.owner, t),
                        c.id,
                        NewAssessment {
                            assessed_on: t.date(),
                            skills: set,
                            remarks: "Herbeoordeling binnen de termijn; geen verandering.".into(),
                        },
                    )
                    .await?;
                c.last_assessed = Some(t.date());
            }
        }
        Ok(())
    }

    /// A moment during office hours on the first weekday from `date`, after
    /// the latest act and not after now; the cursor moves to it.
    fn recent(&self, c: &mut Case, date: Date) -> OffsetDateTime {
        let t = at_office(&mut c.rng, weekday_on_or_after(date), self.now)
            .max(c.cursor + Duration::minutes(10))
            .min(self.now)
            .max(c.cursor);
        c.cursor = t;
        t
    }
}

// --- routes -------------------------------------------------------------------

/// What can happen to the first handover before it is accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Complication {
    None,
    /// First offered to the other team, which sends it back with a reason.
    Returned,
    /// Offered, withdrawn by the sender, and offered again later.
    Withdrawn,
}

/// The teams a client passes through after intake.
struct Route {
    hops: Vec<usize>,
    complication: Complication,
    /// Recently registered and not yet past the intake conversation.
    stays_in_intake_phase: bool,
}

fn route(rng: &mut SmallRng, registered_days_ago: i64) -> Route {
    let stay = match registered_days_ago {
        ..=60 => 0.55,
        61..=120 => 0.3,
        _ => 0.04,
    };
    if rng.gen_bool(stay) {
        return Route {
            hops: Vec::new(),
            complication: Complication::None,
            stays_in_intake_phase: registered_days_ago <= 90 && rng.gen_bool(0.5),
        };
    }
    let first = if rng.gen_bool(0.55) {
        WERK
    } else {
        PARTICIPATIE
    };
    let mut hops = vec![first];
    let roll: f64 = rng.gen();
    match first {
        PARTICIPATIE if roll < 0.22 => hops.push(SW),
        PARTICIPATIE if roll < 0.30 => hops.push(WERK),
        WERK if roll < 0.08 => hops.push(PARTICIPATIE),
        WERK if roll < 0.12 => hops.push(SW),
        _ => {}
    }
    let roll: f64 = rng.gen();
    let complication = if roll < 0.035 {
        Complication::Returned
    } else if roll < 0.055 {
        Complication::Withdrawn
    } else {
        Complication::None
    };
    Route {
        hops,
        complication,
        stays_in_intake_phase: false,
    }
}

/// Assessments that fit where the client ends up: those who reach Werk more
/// often have all five basic skills.
fn skill_plan(rng: &mut SmallRng, route: &Route) -> SkillPlan {
    let team = route.hops.last().copied().unwrap_or(INTAKE);
    let (p_five, others) = match team {
        WERK => (0.45, 2..=4),
        SW => (0.15, 1..=4),
        PARTICIPATIE => (0.08, 0..=3),
        _ => (0.03, 0..=4),
    };
    let last = if rng.gen_bool(p_five) {
        5
    } else {
        rng.gen_range(others)
    };
    let n = if route.hops.is_empty() {
        rng.gen_range(1..=2)
    } else {
        rng.gen_range(1..=3)
    };
    SkillPlan::new(rng, last, n)
}

// --- roster -------------------------------------------------------------------

struct Roster {
    csv: String,
    rows: usize,
    ghosts: usize,
}

/// The benefits administration's view: open clients with their benefit
/// (a few ended, a few missing) and some people nobody works with.
fn roster(rng: &mut SmallRng, today: Date, open: &[(&Plan, Date)], plans: &[Plan]) -> Roster {
    let mut order: Vec<usize> = (0..open.len()).collect();
    order.shuffle(rng);
    let absent = (open.len() as f64 * ROSTER_ABSENT).round() as usize;
    let ended = (open.len() as f64 * ROSTER_ENDED).round() as usize;
    let mut fate = vec![0u8; open.len()];
    for &i in order.iter().take(absent) {
        fate[i] = 1;
    }
    for &i in order.iter().skip(absent).take(ended) {
        fate[i] = 2;
    }

    let mut rows: Vec<(Bsn, String, Date, Option<Date>)> = Vec::with_capacity(open.len() + 50);
    let mut active = 0usize;
    for ((plan, registered_on), fate) in open.iter().zip(fate) {
        let start = *registered_on - Duration::days(rng.gen_range(0..=60));
        let end = match fate {
            1 => continue,
            2 => {
                Some((today - Duration::days(rng.gen_range(1..=90))).max(start + Duration::days(1)))
            }
            _ if rng.gen_bool(0.08) => Some(today + Duration::days(rng.gen_range(10..=240))),
            _ => None,
        };
        if fate != 2 {
            active += 1;
        }
        rows.push((plan.person.bsn, plan.person.name.clone(), start, end));
    }

    let mut used: HashSet<Bsn> = plans.iter().map(|p| p.person.bsn).collect();
    let ghosts = (active as f64 * ROSTER_GHOSTS / (1.0 - ROSTER_GHOSTS)).round() as usize;
    for _ in 0..ghosts {
        let p = person(rng, &mut used, today.year());
        let start = today - Duration::days(rng.gen_range(45..=900));
        let end = rng
            .gen_bool(0.1)
            .then(|| today + Duration::days(rng.gen_range(10..=240)));
        rows.push((p.bsn, p.name, start, end));
    }
    rows.sort_by_key(|r| r.0);

    let mut csv = String::from("bsn;naam;ingangsdatum;einddatum\n");
    for (bsn, name, start, end) in &rows {
        let end = end.map(text::dmy).unwrap_or_default();
        let _ = writeln!(csv, "{bsn};{name};{};{end}", text::dmy(*start));
    }
    Roster {
        csv,
        rows: rows.len(),
        ghosts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use zicht_domain::handover::HandoverStatus;
    use zicht_storage::{testing, ClientFilter, HandoverFilter};

    fn assert_send<T: Send>(_: &T) {}

    #[tokio::test(flavor = "multi_thread")]
    async fn demo_loads_a_consistent_municipality() {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = testing::fresh_database_url(dir.path()).await;
        let store = zicht_storage::open(&url).await.expect("open store");
        let roster_path = dir.path().join("roster").join("demo.csv");
        let now = OffsetDateTime::now_utc();
        let today = now.date();

        let started = std::time::Instant::now();
        let fut = load(store.as_ref(), now, &roster_path);
        assert_send(&fut);
        let summary = fut.await.expect("demo loads");
        eprintln!("demo loaded in {:?}", started.elapsed());
        let org = summary.organisation_id;

        assert_eq!(store.teams(org).await.expect("teams").len(), 4);
        let employees = store.employees(org).await.expect("employees").len();
        assert!((12..=16).contains(&employees), "{employees} employees");
        assert_eq!(summary.employees, employees);

        let filter = ClientFilter {
            include_closed: true,
            limit: Some(5000),
            ..Default::default()
        };
        let clients = store.clients(org, &filter, today).await.expect("clients");
        assert_eq!(clients.len(), 1000);
        assert_eq!(summary.clients, 1000);
        let open = clients.iter().filter(|c| c.open).count();
        let flagged = clients.iter().filter(|c| c.no_contact_flag).count();
        let ready = clients.iter().filter(|c| c.ready_for_mediation).count();
        eprintln!("open {open}, no contact {flagged}, ready for mediation {ready}");
        for phase in Phase::ALL {
            let n = clients
                .iter()
                .filter(|c| c.open && c.phase == phase)
                .count();
            eprintln!("phase {}: {n}", phase.as_str());
        }
        assert!((955..=985).contains(&open), "{open} open");
        assert!((35..=70).contains(&flagged), "{flagged} without contact");
        assert!((120..=300).contains(&ready), "{ready} ready for mediation");

        let pending = store
            .handovers(
                org,
                &HandoverFilter {
                    status: Some(HandoverStatus::Pending),
                    ..Default::default()
                },
                today,
            )
            .await
            .expect("handovers");
        let overdue = pending.iter().filter(|h| h.overdue).count();
        eprintln!("pending {}, overdue {overdue}", pending.len());
        assert!(
            (20..=40).contains(&pending.len()),
            "{} pending",
            pending.len()
        );
        assert!(overdue >= 5, "{overdue} overdue");
        assert_eq!(summary.pending_handovers, pending.len());
        // Sent back lately and not yet acted on: the signal shows on intake caseloads.
        let returned: Vec<_> = clients
            .iter()
            .filter(|c| {
                c.handover_signals
                    .iter()
                    .any(|s| matches!(s, zicht_storage::HandoverSignalView::Returned { .. }))
            })
            .collect();
        assert_eq!(returned.len(), RETURNED_LATELY, "returned, not yet seen");
        assert!(returned
            .iter()
            .all(|c| c.open && c.owner_team.name == "Intake"));
        for status in [HandoverStatus::Returned, HandoverStatus::Withdrawn] {
            let filter = HandoverFilter {
                status: Some(status),
                ..Default::default()
            };
            let n = store
                .handovers(org, &filter, today)
                .await
                .expect("handovers")
                .len();
            eprintln!("{}: {n}", status.as_str());
            assert!(n > 0, "no {} handovers", status.as_str());
        }

        let violations = store.check().await.expect("check");
        assert!(violations.is_empty(), "{violations:?}");

        // Complete only once the accounts can sign in.
        assert!(interrupted(store.as_ref()).await.expect("interrupted"));
        crate::demo_accounts(store.as_ref(), org)
            .await
            .expect("accounts");
        assert!(!interrupted(store.as_ref()).await.expect("interrupted"));
        every_role_has_an_account_listed_in_the_readme(store.as_ref(), org).await;

        let bytes = std::fs::read(&roster_path).expect("roster written");
        let intake = store
            .employees(org)
            .await
            .expect("employees")
            .into_iter()
            .next()
            .expect("an employee");
        let ctx = Ctx {
            organisation_id: org,
            actor: Actor {
                employee_id: intake.id,
                team_id: intake.team_id,
            },
            at: now,
        };
        let report = store
            .reconcile_roster(&ctx, "demo.csv", &bytes, false)
            .await
            .expect("reconcile");
        eprintln!(
            "roster: {} rows, {} ghosts, {} ended, {} not in roster, {} no contact",
            report.run.rows_total,
            report.ghosts.len(),
            report.benefit_ended.len(),
            report.not_in_roster.len(),
            report.no_contact.len()
        );
        assert!(report.rejected.is_empty(), "{:?}", report.rejected);
        assert!(
            (20..=40).contains(&report.ghosts.len()),
            "{} ghosts",
            report.ghosts.len()
        );
        assert_eq!(report.ghosts.len(), summary.ghosts_in_roster);
        assert_eq!(report.run.rows_accepted as usize, summary.roster_rows);
        assert!(!report.benefit_ended.is_empty());
        assert!(!report.not_in_roster.is_empty());
        assert_eq!(report.no_contact.len(), flagged);
    }

    /// The demo's accounts: one for every role with pages (a caseworker of
    /// each team, a team lead, management, functional administration, a
    /// provider's user, a coach of the SW-bedrijf), each printed at start
    /// and listed in the README as printed.
    async fn every_role_has_an_account_listed_in_the_readme(
        store: &dyn Store,
        org: OrganisationId,
    ) {
        let accounts = accounts(store, org).await.expect("accounts");
        assert_eq!(
            accounts.len(),
            store.employees(org).await.expect("employees").len()
        );
        let table = accounts_table(&accounts);
        eprintln!("{table}");
        for team in store.teams(org).await.expect("teams") {
            assert!(
                accounts
                    .iter()
                    .any(|a| a.role == Role::Klantmanager && a.unit == team.name),
                "a caseworker of {}",
                team.name
            );
            assert!(
                accounts
                    .iter()
                    .any(|a| a.role == Role::Teamleider && a.unit == team.name),
                "a team lead of {}",
                team.name
            );
        }
        for role in [Role::Management, Role::FunctioneelBeheer, Role::Aanbieder] {
            assert!(accounts.iter().any(|a| a.role == role), "{role:?}");
        }
        let providers = store.providers(org).await.expect("providers");
        assert!(accounts
            .iter()
            .filter(|a| a.role == Role::Aanbieder)
            .all(|a| providers.iter().any(|p| p.name == a.unit)));
        assert!(
            accounts
                .iter()
                .any(|a| a.role == Role::Klantmanager && a.what.starts_with("SW-bedrijf-coach")),
            "a coach of the SW-bedrijf"
        );
        let readme =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md"))
                .expect("README");
        for a in &accounts {
            assert!(
                table.lines().any(|l| l.ends_with(&a.email)),
                "{} printed",
                a.email
            );
            let row = format!("| {} | {} | {} | {} |", a.what, a.unit, a.name, a.email);
            assert!(readme.contains(&row), "the README lists {row}");
        }
    }

    #[tokio::test]
    async fn a_demo_cut_off_early_is_recognised() {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = testing::fresh_database_url(dir.path()).await;
        let store = zicht_storage::open(&url).await.expect("open store");
        assert!(!interrupted(store.as_ref()).await.expect("empty"));
        let other = store
            .create_organisation("Gemeente Elders", &OrganisationSettings::default())
            .await
            .expect("organisation");
        store
            .create_team(other, "Intake", TeamKind::Intake)
            .await
            .expect("team");
        assert!(
            !interrupted(store.as_ref()).await.expect("other"),
            "another organisation is not a demo"
        );
        store
            .create_organisation(ORGANISATION, &OrganisationSettings::default())
            .await
            .expect("demo organisation");
        assert!(interrupted(store.as_ref()).await.expect("cut off"));
    }

    #[test]
    fn same_people_every_time() {
        let names = |seed| {
            let mut rng = SmallRng::seed_from_u64(seed);
            plan_clients(&mut rng, 2026)
                .into_iter()
                .map(|p| (p.person.bsn, p.person.name))
                .collect::<Vec<_>>()
        };
        let a = names(SEED);
        assert_eq!(a, names(SEED));
        let unique: HashSet<_> = a.iter().map(|(bsn, _)| *bsn).collect();
        assert_eq!(unique.len(), CLIENTS);
    }

    #[test]
    fn working_days_back_skip_weekends() {
        use time::macros::date;
        // 2026-11-23 is a Monday.
        assert_eq!(
            working_days_before(date!(2026 - 11 - 23), 1),
            date!(2026 - 11 - 20)
        );
        assert_eq!(
            working_days_before(date!(2026 - 11 - 23), 8),
            date!(2026 - 11 - 11)
        );
        assert_eq!(mail_name("Hatice Yıldız"), "hatice.yildiz");
        assert_eq!(mail_name("Ingrid van der Veen"), "ingrid.vanderveen");
    }
}
