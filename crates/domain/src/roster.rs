//! The benefits roster: parsing the CSV file the benefits administration
//! delivers, and reconciling it against the register of open clients.
//!
//! The file comes from another system and is often edited by hand in a
//! spreadsheet, so parsing is forgiving about layout (delimiter, header names,
//! column order, BOM, blank lines) and strict about content: every row is
//! either accepted or rejected with a line number and a message code, and a
//! bad row never stops the good ones.

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize, Serializer};
use time::{Date, Duration};

use crate::bsn::Bsn;
use crate::client::BenefitStatus;
use crate::code::code_enum;
use crate::error::DomainError;
use crate::ids::ClientId;
use crate::text;

/// One accepted row of the roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RosterRow {
    /// 1-based physical line number in the file, so users can find the row.
    pub line: usize,
    pub bsn: Bsn,
    pub name: String,
    #[serde(serialize_with = "iso_date")]
    pub benefit_start: Date,
    #[serde(serialize_with = "iso_date_opt")]
    pub benefit_end: Option<Date>,
}

/// A row that could not be accepted, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RosterRejection {
    pub line: usize,
    /// An error code, like those of [`crate::DomainError`].
    pub code: &'static str,
    pub field: Option<&'static str>,
    /// The offending raw value, at most 60 characters. BSNs (and anything that
    /// looks like one) are masked to their last four digits because rejection
    /// lists end up in reports.
    pub value: String,
}

/// The outcome of [`parse_roster`]: what was accepted and what was not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParsedRoster {
    pub rows: Vec<RosterRow>,
    pub rejected: Vec<RosterRejection>,
}

/// Dates go out as `yyyy-mm-dd`; time's own serde form is a `[year, ordinal]` tuple.
fn iso_date<S: Serializer>(date: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(date)
}

fn iso_date_opt<S: Serializer>(date: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match date {
        Some(d) => s.collect_str(d),
        None => s.serialize_none(),
    }
}

const BSN_NAMES: &[&str] = &["bsn", "burgerservicenummer", "sofinummer"];
const NAME_NAMES: &[&str] = &["naam", "name", "volledige naam"];
const START_NAMES: &[&str] = &[
    "ingangsdatum",
    "begindatum",
    "start",
    "benefit start",
    "startdatum",
    "datum ingang",
];
const END_NAMES: &[&str] = &["einddatum", "eind", "end", "benefit end", "datum einde"];

/// Longest raw value kept in a rejection; enough to recognise it, short enough for a table.
const VALUE_MAX: usize = 60;

/// Where the columns are, as read from a header line.
#[derive(Debug, Clone, Copy)]
struct Layout {
    delim: char,
    bsn: usize,
    name: usize,
    start: usize,
    end: Option<usize>,
    /// Fields a row needs to reach every required column.
    needed: usize,
}

/// Parses a roster file. Errors only when the file as a whole is unusable
/// (not UTF-8, empty, or no recognisable header); row problems become
/// rejections.
pub fn parse_roster(bytes: &[u8]) -> Result<ParsedRoster, DomainError> {
    let content =
        std::str::from_utf8(bytes).map_err(|_| DomainError::invalid("file", "roster_encoding"))?;
    // Files saved on old Macs end lines with a bare CR.
    let sep = if content.contains('\n') { '\n' } else { '\r' };
    // Sized from the bytes rather than the line count, so that a file of
    // empty lines cannot make us reserve memory for millions of rows.
    let estimate = content.len() / 32;
    let mut lines = content
        .split(sep)
        .enumerate()
        .map(|(i, l)| (i + 1, clean_line(l)))
        .filter(|(_, l)| !is_blank(l));

    let (_, header) = lines
        .next()
        .ok_or_else(|| DomainError::invalid("file", "roster_empty"))?;
    let layout =
        read_header(header).ok_or_else(|| DomainError::invalid("file", "roster_header"))?;
    let mut out = ParsedRoster {
        rows: Vec::with_capacity(estimate),
        rejected: Vec::new(),
    };
    let mut seen: HashSet<Bsn> = HashSet::with_capacity(estimate);
    let mut parser = RowParser {
        layout,
        fields: Vec::new(),
        alt: Vec::new(),
        dates: DateCache::default(),
    };

    for (line, raw) in lines {
        // Concatenated files repeat their header, possibly in another layout.
        // No header name contains a digit, so data rows skip this check cheaply.
        if !raw.bytes().any(|b| b.is_ascii_digit()) {
            if let Some(next) = read_header(raw) {
                parser.layout = next;
                continue;
            }
        }
        match parser.parse(line, raw) {
            Ok(row) if !seen.insert(row.bsn) => out.rejected.push(RosterRejection {
                line,
                code: "roster_duplicate",
                field: Some("bsn"),
                value: mask_bsn(&row.bsn.as_string()),
            }),
            Ok(row) => out.rows.push(row),
            Err(rejection) => out.rejected.push(rejection),
        }
    }
    Ok(out)
}

/// Drops a CR left by CRLF endings and a BOM, which also appears mid-file
/// when files were concatenated.
fn clean_line(line: &str) -> &str {
    let line = line.strip_suffix('\r').unwrap_or(line);
    line.strip_prefix('\u{feff}').unwrap_or(line)
}

/// Spreadsheets export empty rows as `;;;`, so those count as blank too.
fn is_blank(line: &str) -> bool {
    line.chars()
        .all(|c| c.is_whitespace() || matches!(c, ',' | ';' | '"'))
}

fn other(delim: char) -> char {
    if delim == ',' {
        ';'
    } else {
        ','
    }
}

/// The delimiter that occurs most often outside quotes; `;` on a tie, as
/// Dutch spreadsheets write it.
fn detect_delimiter(line: &str) -> char {
    let (mut commas, mut semicolons, mut quoted) = (0usize, 0usize, false);
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    if commas > semicolons {
        ','
    } else {
        ';'
    }
}

/// Lower case, with `_`, `-` and runs of whitespace read as one space, so
/// `Benefit_Start` and ` datum  ingang ` are recognised.
fn normalise_header(name: &str) -> String {
    name.to_lowercase()
        .replace(['_', '-'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The column layout of a header line; `None` when a required column is missing.
fn read_header(line: &str) -> Option<Layout> {
    let delim = detect_delimiter(line);
    let mut fields = Vec::new();
    split_fields(line, delim, &mut fields);
    let names: Vec<String> = fields.iter().map(|f| normalise_header(f)).collect();
    // The first matching column wins when a header names one twice.
    let find = |synonyms: &[&str]| names.iter().position(|n| synonyms.contains(&n.as_str()));
    let (bsn, name, start) = (find(BSN_NAMES)?, find(NAME_NAMES)?, find(START_NAMES)?);
    Some(Layout {
        delim,
        bsn,
        name,
        start,
        end: find(END_NAMES),
        needed: bsn.max(name).max(start) + 1,
    })
}

/// Splits one line on `delim`, honouring double quotes (`""` is a literal
/// quote) and trimming every field. Quoted fields do not span lines: one
/// stray quote must not swallow the rest of the file.
fn split_fields<'a>(line: &'a str, delim: char, fields: &mut Vec<Cow<'a, str>>) {
    fields.clear();
    let mut rest = line;
    loop {
        let Some(body) = rest.trim_start().strip_prefix('"') else {
            match rest.find(delim) {
                Some(p) => {
                    fields.push(Cow::Borrowed(rest[..p].trim()));
                    rest = &rest[p + delim.len_utf8()..];
                    continue;
                }
                None => {
                    fields.push(Cow::Borrowed(rest.trim()));
                    return;
                }
            }
        };
        let mut value = String::new();
        let mut after = None;
        let mut chars = body.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c != '"' {
                value.push(c);
            } else if chars.next_if(|(_, c)| *c == '"').is_some() {
                value.push('"');
            } else {
                after = Some(&body[i + 1..]);
                break;
            }
        }
        // Text between a closing quote and the delimiter is kept, as spreadsheets do.
        let next = after.and_then(|a| {
            let p = a.find(delim).unwrap_or(a.len());
            value.push_str(&a[..p]);
            a.get(p + delim.len_utf8()..)
        });
        let kept = value.trim_end().len();
        value.truncate(kept);
        if value.starts_with(char::is_whitespace) {
            value = value.trim_start().to_owned();
        }
        fields.push(Cow::Owned(value));
        match next {
            Some(r) => rest = r,
            None => return,
        }
    }
}

/// Parses data lines under one layout, reusing buffers across lines.
struct RowParser<'a> {
    layout: Layout,
    fields: Vec<Cow<'a, str>>,
    alt: Vec<Cow<'a, str>>,
    dates: DateCache,
}

impl<'a> RowParser<'a> {
    /// Parses one data line; falls back to the other delimiter when the
    /// header's delimiter leaves too few fields (mixed files from concatenation).
    fn parse(&mut self, line: usize, raw: &'a str) -> Result<RosterRow, RosterRejection> {
        let layout = self.layout;
        split_fields(raw, layout.delim, &mut self.fields);
        if self.fields.len() < layout.needed {
            split_fields(raw, other(layout.delim), &mut self.alt);
            if self.alt.len() < layout.needed {
                return Err(RosterRejection {
                    line,
                    code: "roster_columns",
                    field: None,
                    value: clip(&mask_digit_runs(raw)),
                });
            }
            std::mem::swap(&mut self.fields, &mut self.alt);
        }
        let reject = |e: DomainError, value: &str| {
            let value = if e.code.starts_with("bsn_") {
                Cow::Owned(mask_bsn(value))
            } else {
                mask_digit_runs(value)
            };
            RosterRejection {
                line,
                code: e.code,
                field: e.field,
                value: clip(&value),
            }
        };
        let fields = &self.fields;
        let (bsn_raw, name_raw, start_raw) = (
            &fields[layout.bsn],
            &fields[layout.name],
            &fields[layout.start],
        );
        let end_raw = layout.end.and_then(|i| fields.get(i)).map_or("", |f| f);

        let bsn = Bsn::parse(bsn_raw).map_err(|e| reject(e, bsn_raw))?;
        let name = text::required("name", name_raw, "name_required", text::SHORT)
            .map_err(|e| reject(e, name_raw))?;
        let benefit_start = self
            .dates
            .parse("benefit_start", start_raw)
            .map_err(|e| reject(e, start_raw))?;
        let benefit_end = if end_raw.is_empty() {
            None
        } else {
            let end = self
                .dates
                .parse("benefit_end", end_raw)
                .map_err(|e| reject(e, end_raw))?;
            if end < benefit_start {
                return Err(reject(
                    DomainError::invalid("benefit_end", "roster_end_before_start"),
                    end_raw,
                ));
            }
            Some(end)
        };
        Ok(RosterRow {
            line,
            bsn,
            name,
            benefit_start,
            benefit_end,
        })
    }
}

/// [`text::parse_date`] remembered per raw text: dates repeat a lot in a
/// roster, and parsing them was the slowest step of an import.
#[derive(Default)]
struct DateCache(HashMap<String, Result<Date, &'static str>>);

impl DateCache {
    /// Distinct dates kept; a roster has a few thousand, spread over the years.
    const MAX: usize = 10_000;

    fn parse(&mut self, field: &'static str, raw: &str) -> Result<Date, DomainError> {
        let result = match self.0.get(raw) {
            Some(known) => *known,
            None => {
                let parsed = text::parse_date(field, raw).map_err(|e| e.code);
                if self.0.len() < Self::MAX {
                    self.0.insert(raw.to_owned(), parsed);
                }
                parsed
            }
        };
        result.map_err(|code| DomainError::invalid(field, code))
    }
}

fn clip(value: &str) -> String {
    value.chars().take(VALUE_MAX).collect()
}

/// Masks every digit but the last four: enough to check against a paper
/// file, too little to identify a person.
fn mask_bsn(value: &str) -> String {
    let digits = value.chars().filter(char::is_ascii_digit).count();
    let mut seen = 0;
    value
        .chars()
        .map(|c| {
            if !c.is_ascii_digit() {
                return c;
            }
            seen += 1;
            if seen + 4 > digits {
                c
            } else {
                '*'
            }
        })
        .collect()
}

/// Masks runs of eight or more digits in values that are not the BSN column,
/// because a misaligned row can put a BSN anywhere.
fn mask_digit_runs(value: &str) -> Cow<'_, str> {
    let longest = value
        .split(|c: char| !c.is_ascii_digit())
        .map(str::len)
        .max()
        .unwrap_or(0);
    if longest < 8 {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        out.push_str(&rest[..start]);
        let len = rest[start..].bytes().take_while(u8::is_ascii_digit).count();
        let run = &rest[start..start + len];
        if len >= 8 {
            out.push_str(&mask_bsn(run));
        } else {
            out.push_str(run);
        }
        rest = &rest[start + len..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// What the register knows about one open client, as far as reconciliation needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpenClientFacts {
    pub client_id: ClientId,
    pub bsn: Bsn,
    #[serde(serialize_with = "iso_date_opt")]
    pub last_contact: Option<Date>,
    #[serde(serialize_with = "iso_date")]
    pub registered_on: Date,
}

/// An open client whose benefit has stopped: a candidate for closing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BenefitEnded {
    pub client_id: ClientId,
    #[serde(serialize_with = "iso_date")]
    pub benefit_end: Date,
}

/// The differences between the roster and the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reconciliation {
    /// Benefit active today but no open client: people nobody is working with.
    /// In file order.
    pub ghosts: Vec<RosterRow>,
    /// Open clients whose roster row ended before today; sorted by client id.
    pub benefit_ended: Vec<BenefitEnded>,
    /// Open clients absent from the roster; sorted by client id.
    pub not_in_roster: Vec<ClientId>,
    /// Open clients without contact (or, never contacted, registered) more
    /// than the given number of weeks ago; sorted by client id.
    pub no_contact: Vec<ClientId>,
}

/// Compares the roster with the open clients on `today`. A benefit ending
/// today is still active. When the roster names a BSN twice, the first row counts.
pub fn reconcile(
    rows: &[RosterRow],
    open_clients: &[OpenClientFacts],
    today: Date,
    no_contact_weeks: u32,
) -> Reconciliation {
    // One hash lookup per row and per client: at 450,000 rows the lookups,
    // not the logic, are what takes time.
    let mut first_row: HashMap<Bsn, usize> = HashMap::with_capacity(rows.len());
    // True for the first row of each BSN until an open client claims it.
    let mut unclaimed = vec![false; rows.len()];
    for (i, row) in rows.iter().enumerate() {
        if let Entry::Vacant(slot) = first_row.entry(row.bsn) {
            slot.insert(i);
            unclaimed[i] = true;
        }
    }

    // Before the earliest representable date nobody can be overdue.
    let contact_due = today.checked_sub(Duration::weeks(i64::from(no_contact_weeks)));
    let mut benefit_ended = Vec::new();
    let mut not_in_roster = Vec::new();
    let mut no_contact = Vec::new();
    for client in open_clients {
        match first_row.get(&client.bsn) {
            Some(&i) => {
                unclaimed[i] = false;
                if let Some(end) = rows[i].benefit_end.filter(|end| *end < today) {
                    benefit_ended.push(BenefitEnded {
                        client_id: client.client_id,
                        benefit_end: end,
                    });
                }
            }
            None => not_in_roster.push(client.client_id),
        }
        let last_seen = client.last_contact.unwrap_or(client.registered_on);
        if contact_due.is_some_and(|due| last_seen < due) {
            no_contact.push(client.client_id);
        }
    }
    benefit_ended.sort_by_key(|b| b.client_id);
    benefit_ended.dedup_by_key(|b| b.client_id);
    for ids in [&mut not_in_roster, &mut no_contact] {
        ids.sort_unstable();
        ids.dedup();
    }
    let ghosts = rows
        .iter()
        .zip(unclaimed)
        .filter(|(r, unclaimed)| *unclaimed && r.benefit_end.is_none_or(|end| end >= today))
        .map(|(r, _)| r.clone())
        .collect();
    Reconciliation {
        ghosts,
        benefit_ended,
        not_in_roster,
        no_contact,
    }
}

// --- the guard: what a run would change, and whether it may ----------------

/// The benefit status an open client gets from a roster: from its row (the
/// first for its BSN), or not in the roster without one. A benefit ending
/// today is still active.
pub fn benefit_status(row: Option<&RosterRow>, today: Date) -> BenefitStatus {
    match row {
        None => BenefitStatus::NotInRoster,
        Some(r) if r.benefit_end.is_some_and(|end| end < today) => BenefitStatus::Ended,
        Some(_) => BenefitStatus::Active,
    }
}

/// Whether a client's benefit status going from `from` to `to` counts as a
/// change the guard weighs. A roster confirming for the first time that a
/// client's benefit runs is what a correct roster does, so `unknown` to
/// `active` is not counted; every other difference is, including a client
/// never seen in a roster being marked ended or absent, which is what a
/// wrong file does to a register that was never reconciled.
pub fn counts_as_change(from: BenefitStatus, to: BenefitStatus) -> bool {
    from != to && !(from == BenefitStatus::Unknown && to == BenefitStatus::Active)
}

/// The share of open clients (in percent) whose benefit status may change
/// without confirmation, unless the organisation sets another.
pub const DEFAULT_CONFIRM_SHARE_PERCENT: u32 = 10;

/// A file with fewer valid rows than the last applied run's divided by this
/// (fewer than half) needs confirmation: rosters grow and shrink by a few
/// percent a month, not by half.
pub const SHRINK_DIVISOR: u64 = 2;

/// What applying a roster would do, worked out before anything is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RosterImpact {
    /// Open clients in the register.
    pub open_clients: u64,
    /// Open clients whose benefit status would change (see [`counts_as_change`]).
    pub status_changes: u64,
    /// Of the changes: to active, to ended, and to not in the roster.
    pub to_active: u64,
    pub to_ended: u64,
    pub to_not_in_roster: u64,
    /// Rows accepted and rejected in this file.
    pub rows_valid: u64,
    pub rows_rejected: u64,
    /// Valid rows of the last applied run; `None` before the first.
    pub previous_rows: Option<u64>,
}

impl RosterImpact {
    /// Counts the impact from each open client's current and coming status.
    pub fn new(
        rows_valid: usize,
        rows_rejected: usize,
        transitions: impl IntoIterator<Item = (BenefitStatus, BenefitStatus)>,
        previous_rows: Option<u64>,
    ) -> Self {
        let mut impact = RosterImpact {
            rows_valid: rows_valid as u64,
            rows_rejected: rows_rejected as u64,
            previous_rows,
            ..Self::default()
        };
        for (from, to) in transitions {
            impact.open_clients += 1;
            if !counts_as_change(from, to) {
                continue;
            }
            impact.status_changes += 1;
            match to {
                BenefitStatus::Active => impact.to_active += 1,
                BenefitStatus::Ended => impact.to_ended += 1,
                BenefitStatus::NotInRoster => impact.to_not_in_roster += 1,
                BenefitStatus::Unknown => {}
            }
        }
        impact
    }

    /// The share of open clients whose status would change, in whole
    /// percent rounded down (0 without open clients), for showing.
    pub fn change_percent(&self) -> u64 {
        (self.status_changes * 100)
            .checked_div(self.open_clients)
            .unwrap_or(0)
    }
}

code_enum! {
    /// Why a run is refused or waits for confirmation; serialised as its
    /// message code, as the API's error codes are.
    pub enum GuardReason {
        /// Not one row of the file is valid: refused, confirmed or not.
        NoValidRows => "roster_no_valid_rows",
        /// More than the organisation's share of open clients would change
        /// benefit status.
        ManyStatusChanges => "roster_many_changes",
        /// Fewer than half the valid rows of the last applied run.
        FewerRows => "roster_fewer_rows",
    }
    parse: exact
}

impl GuardReason {
    /// The message code, also how a reason is stored.
    pub fn code(self) -> &'static str {
        self.as_str()
    }
}

/// What the guard says about a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RosterDecision {
    /// Nothing unusual: apply.
    Apply,
    /// Apply only when someone confirms, for these reasons.
    ConfirmationRequired(Vec<GuardReason>),
    /// Never apply.
    Refuse(GuardReason),
}

impl RosterDecision {
    /// `apply`, `confirmation_required` or `refused`, as the API says it.
    pub fn as_str(&self) -> &'static str {
        match self {
            RosterDecision::Apply => "apply",
            RosterDecision::ConfirmationRequired(_) => "confirmation_required",
            RosterDecision::Refuse(_) => "refused",
        }
    }

    pub fn reasons(&self) -> Vec<GuardReason> {
        match self {
            RosterDecision::Apply => Vec::new(),
            RosterDecision::ConfirmationRequired(reasons) => reasons.clone(),
            RosterDecision::Refuse(reason) => vec![*reason],
        }
    }

    /// What becomes of the run, given whether the caller confirmed it.
    pub fn run_status(&self, confirmed: bool) -> RosterRunStatus {
        match self {
            RosterDecision::Apply => RosterRunStatus::Applied,
            RosterDecision::ConfirmationRequired(_) if confirmed => RosterRunStatus::Applied,
            RosterDecision::ConfirmationRequired(_) => RosterRunStatus::AwaitingConfirmation,
            RosterDecision::Refuse(_) => RosterRunStatus::Refused,
        }
    }
}

/// Decides whether a run with this impact may change the register: refused
/// without a single valid row; confirmation required when more than
/// `confirm_share_percent` percent of the open clients would change benefit
/// status, or when the file has fewer than half the valid rows of the last
/// applied run; otherwise applied.
pub fn decide(impact: &RosterImpact, confirm_share_percent: u32) -> RosterDecision {
    if impact.rows_valid == 0 {
        return RosterDecision::Refuse(GuardReason::NoValidRows);
    }
    let mut reasons = Vec::new();
    let allowed = u128::from(confirm_share_percent) * u128::from(impact.open_clients);
    if u128::from(impact.status_changes) * 100 > allowed {
        reasons.push(GuardReason::ManyStatusChanges);
    }
    if impact.previous_rows.is_some_and(|previous| {
        u128::from(impact.rows_valid) * u128::from(SHRINK_DIVISOR) < u128::from(previous)
    }) {
        reasons.push(GuardReason::FewerRows);
    }
    if reasons.is_empty() {
        RosterDecision::Apply
    } else {
        RosterDecision::ConfirmationRequired(reasons)
    }
}

code_enum! {
    /// Where a stored run stands.
    pub enum RosterRunStatus {
        /// The register follows this run.
        Applied => "applied",
        /// Refused; nothing changed.
        Refused => "refused",
        /// Nothing changed yet; waits for someone to confirm it.
        AwaitingConfirmation => "awaiting_confirmation",
        /// Was awaiting confirmation, but was cancelled or overtaken by a later
        /// run; nothing changed.
        Lapsed => "lapsed",
    }
    parse: exact
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    fn parse(s: &str) -> ParsedRoster {
        parse_roster(s.as_bytes()).expect("file should parse")
    }

    fn bsns(p: &ParsedRoster) -> Vec<String> {
        p.rows.iter().map(|r| r.bsn.as_string()).collect()
    }

    fn codes(p: &ParsedRoster) -> Vec<(usize, &'static str)> {
        p.rejected.iter().map(|r| (r.line, r.code)).collect()
    }

    #[test]
    fn comma_file() {
        let p = parse(
            "bsn,naam,ingangsdatum,einddatum\n\
             111222333,Jan Jansen,2024-01-01,\n\
             123456782,Piet de Vries,2024-02-01,2024-12-31\n",
        );
        assert_eq!(p.rows.len(), 2);
        assert!(p.rejected.is_empty());
        assert_eq!(p.rows[0].line, 2);
        assert_eq!(p.rows[0].name, "Jan Jansen");
        assert_eq!(p.rows[0].benefit_start, date!(2024 - 01 - 01));
        assert_eq!(p.rows[0].benefit_end, None);
        assert_eq!(p.rows[1].line, 3);
        assert_eq!(p.rows[1].benefit_end, Some(date!(2024 - 12 - 31)));
    }

    #[test]
    fn semicolon_file_with_crlf() {
        let p = parse(
            "BSN;Naam;Ingangsdatum\r\n111222333;Jan Jansen;01-01-2024\r\n123456782;Piet;1-2-2024\r\n",
        );
        assert_eq!(bsns(&p), ["111222333", "123456782"]);
        assert!(p.rejected.is_empty());
        assert_eq!(p.rows[1].benefit_start, date!(2024 - 02 - 01));
    }

    #[test]
    fn bom_file() {
        let p = parse("\u{feff}bsn,naam,start\n111222333,Jan,2024-01-01\n");
        assert_eq!(p.rows.len(), 1);
        assert!(p.rejected.is_empty());
    }

    #[test]
    fn mixed_delimiter_file() {
        let p = parse(
            "bsn;naam;ingangsdatum;einddatum\n\
             111222333;Jan;2024-01-01;\n\
             123456782,Piet,2024-01-01,2024-06-30\n\
             100000009;\"Jansen, P.\";2024-01-01\n\
             012345672,\"Klaas; Bakker\",2024-03-01\n",
        );
        assert_eq!(
            bsns(&p),
            ["111222333", "123456782", "100000009", "012345672"]
        );
        assert!(p.rejected.is_empty());
        assert_eq!(p.rows[1].benefit_end, Some(date!(2024 - 06 - 30)));
        assert_eq!(p.rows[2].name, "Jansen, P.");
        assert_eq!(p.rows[3].name, "Klaas; Bakker");
    }

    #[test]
    fn concatenated_files_with_repeated_header_and_bom() {
        let p = parse(
            "bsn,naam,start\n111222333,Jan,2024-01-01\n\
             \u{feff}Startdatum;BSN;Naam\n01-02-2024;123456782;Piet\n",
        );
        assert_eq!(bsns(&p), ["111222333", "123456782"]);
        assert_eq!(p.rows[1].name, "Piet");
        assert_eq!(p.rows[1].line, 4);
        assert!(p.rejected.is_empty());
    }

    #[test]
    fn header_synonyms_in_odd_case_and_order() {
        let p = parse(
            "  Datum Einde ; extra ;VOLLEDIGE NAAM;  Datum_Ingang ;BurgerServiceNummer\n\
             31-12-2024;x;Jan Jansen;2024-01-01;111222333\n\
             ;y;Piet;15-03-2024;123456782\n",
        );
        assert_eq!(bsns(&p), ["111222333", "123456782"]);
        assert_eq!(p.rows[0].name, "Jan Jansen");
        assert_eq!(p.rows[0].benefit_end, Some(date!(2024 - 12 - 31)));
        assert_eq!(p.rows[1].benefit_start, date!(2024 - 03 - 15));
        assert_eq!(p.rows[1].benefit_end, None);

        for header in [
            "sofinummer,name,begindatum,eind",
            "bsn,naam,benefit_start,benefit_end",
            "Bsn,Name,START,END",
        ] {
            let p = parse(&format!("{header}\n111222333,Jan,2024-01-01,2024-02-01\n"));
            assert_eq!(p.rows.len(), 1, "{header}");
            assert_eq!(
                p.rows[0].benefit_end,
                Some(date!(2024 - 02 - 01)),
                "{header}"
            );
        }
    }

    #[test]
    fn missing_required_column() {
        for header in [
            "bsn,naam,einddatum",
            "naam,start",
            "bsn;start",
            "111222333,Jan,2024-01-01",
        ] {
            let e = parse_roster(format!("{header}\n111222333,Jan,2024-01-01\n").as_bytes())
                .expect_err(header);
            assert_eq!(
                (e.code, e.field),
                ("roster_header", Some("file")),
                "{header}"
            );
        }
    }

    #[test]
    fn dates_in_both_formats() {
        let p = parse(
            "bsn,naam,ingangsdatum,einddatum\n\
             111222333,A,2024-03-07,07-03-2025\n\
             123456782,B,07-03-2024,2025-03-07\n\
             100000009,C,7/3/2024,7.3.2025\n",
        );
        assert_eq!(p.rows.len(), 3);
        for row in &p.rows {
            assert_eq!(row.benefit_start, date!(2024 - 03 - 07));
            assert_eq!(row.benefit_end, Some(date!(2025 - 03 - 07)));
        }
    }

    #[test]
    fn malformed_rows_are_reported_and_good_rows_kept() {
        let long_name = "x".repeat(201);
        let file = format!(
            "bsn,naam,ingangsdatum,einddatum\n\
             111222333,Goed,2024-01-01,\n\
             123456789,Fout BSN,2024-01-01,\n\
             12345672,Acht cijfers,2024-01-01,\n\
             123456782,,2024-01-01,\n\
             100000009,Datum,31-02-2024,\n\
             {b1},Eind,2024-05-01,2024-04-30\n\
             {b2},Kort\n\
             111222333,Dubbel,2024-01-01,\n\
             {b3},{long_name},2024-01-01,\n\
             {b4},Ook goed,2024-01-01,2024-01-01\n",
            b1 = Bsn::from_prefix(20_000_000).expect("valid"),
            b2 = Bsn::from_prefix(20_000_001).expect("valid"),
            b3 = Bsn::from_prefix(20_000_002).expect("valid"),
            b4 = Bsn::from_prefix(20_000_003).expect("valid"),
        );
        let p = parse(&file);
        assert_eq!(p.rows.len(), 3);
        assert_eq!(
            p.rows.iter().map(|r| r.line).collect::<Vec<_>>(),
            [2, 4, 11]
        );
        assert_eq!(p.rows[1].bsn.as_string(), "012345672");
        assert_eq!(
            codes(&p),
            [
                (3, "bsn_elfproef"),
                (5, "name_required"),
                (6, "date_invalid"),
                (7, "roster_end_before_start"),
                (8, "roster_columns"),
                (9, "roster_duplicate"),
                (10, "name_too_long"),
            ]
        );
        let by_line = |l: usize| p.rejected.iter().find(|r| r.line == l).expect("rejected");
        assert_eq!(by_line(3).value, "*****6789");
        assert_eq!(by_line(3).field, Some("bsn"));
        assert_eq!(by_line(5).field, Some("name"));
        assert_eq!(by_line(6).value, "31-02-2024");
        assert_eq!(by_line(6).field, Some("benefit_start"));
        assert_eq!(by_line(7).value, "2024-04-30");
        assert_eq!(by_line(7).field, Some("benefit_end"));
        assert_eq!(by_line(8).field, None);
        assert!(
            !by_line(8).value.contains("2000000"),
            "BSN in a short row is masked"
        );
        assert!(by_line(8).value.ends_with(",Kort"));
        assert_eq!(by_line(9).value, "*****2333");
        assert_eq!(by_line(10).value.chars().count(), 60);
    }

    #[test]
    fn bsn_rejections_are_masked_and_clipped() {
        let p = parse("bsn,naam,start\n12345678a,Jan,2024-01-01\n1234567,Jan,2024-01-01\n");
        assert_eq!(codes(&p), [(2, "bsn_not_digits"), (3, "bsn_length")]);
        assert_eq!(p.rejected[0].value, "****5678a");
        assert_eq!(p.rejected[1].value, "***4567");
        let p = parse(&format!(
            "bsn,naam,start\n{},Jan,2024-01-01\n",
            "9".repeat(100)
        ));
        assert_eq!(p.rejected[0].code, "bsn_length");
        assert_eq!(p.rejected[0].value, "*".repeat(60));
    }

    #[test]
    fn invalid_utf8() {
        let e =
            parse_roster(b"bsn,naam,start\n111222333,J\xffn,2024-01-01\n").expect_err("not utf-8");
        assert_eq!((e.code, e.field), ("roster_encoding", Some("file")));
    }

    #[test]
    fn empty_file() {
        for input in ["", "  \n\r\n\t", "\u{feff}", "\u{feff}\n\n", ";;;\n,,\n"] {
            let e = parse_roster(input.as_bytes()).expect_err("empty");
            assert_eq!(e.code, "roster_empty", "{input:?}");
        }
    }

    #[test]
    fn header_only_gives_no_rows() {
        let p = parse("bsn;naam;ingangsdatum\n\n");
        assert!(p.rows.is_empty() && p.rejected.is_empty());
    }

    #[test]
    fn quoted_fields() {
        let p = parse(
            "\"BSN\",\"Naam\",\"Ingangsdatum\"\n\
             \"111222333\",\"Jansen, P.\",\"2024-01-01\"\n\
             123456782, \"Piet \"\"de Rooie\"\" Vos\" ,2024-01-01\n\
             100000009,\"Onafgesloten, naam,2024-01-01\n",
        );
        assert_eq!(bsns(&p), ["111222333", "123456782"]);
        assert_eq!(p.rows[0].name, "Jansen, P.");
        assert_eq!(p.rows[1].name, "Piet \"de Rooie\" Vos");
        assert_eq!(codes(&p), [(4, "roster_columns")]);
    }

    #[test]
    fn blank_lines_keep_physical_line_numbers() {
        let p = parse(
            "\n\nbsn,naam,start\n\n111222333,Jan,2024-01-01\n   \n;;;\n,,\n123456782,Piet,2024-01-01\n\n",
        );
        assert_eq!(p.rows.iter().map(|r| r.line).collect::<Vec<_>>(), [5, 9]);
        assert!(p.rejected.is_empty());
    }

    #[test]
    fn bare_cr_line_endings() {
        let p = parse("bsn;naam;start\r111222333;Jan;2024-01-01\r123456782;Piet;2024-01-01\r");
        assert_eq!(p.rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 3]);
    }

    /// Found by the fuzz target: a name of control characters was accepted
    /// as empty, and one starting with them kept a leading space.
    #[test]
    fn names_of_control_characters() {
        let p = parse(
            "bsn,naam,start\n111222333,\u{f}\u{0},2024-01-01\n123456782,\"\u{0} Jan\",2024-01-01\n",
        );
        assert_eq!(codes(&p), [(2, "name_required")]);
        assert_eq!(p.rows[0].name, "Jan");
    }

    #[test]
    fn rows_serialize_with_iso_dates() {
        let p = parse("bsn,naam,start\n111222333,Jan,01-02-2024\n");
        let json = serde_json::to_value(&p.rows[0]).expect("serializes");
        assert_eq!(json["bsn"], "111222333");
        assert_eq!(json["benefit_start"], "2024-02-01");
        assert_eq!(json["benefit_end"], serde_json::Value::Null);
    }

    fn row(line: usize, bsn: Bsn, end: Option<Date>) -> RosterRow {
        RosterRow {
            line,
            bsn,
            name: format!("r{line}"),
            benefit_start: date!(2024 - 01 - 01),
            benefit_end: end,
        }
    }

    fn client(
        id: i64,
        bsn: Bsn,
        last_contact: Option<Date>,
        registered_on: Date,
    ) -> OpenClientFacts {
        OpenClientFacts {
            client_id: ClientId(id),
            bsn,
            last_contact,
            registered_on,
        }
    }

    fn b(prefix: u32) -> Bsn {
        Bsn::from_prefix(prefix).expect("prefix gives a valid BSN")
    }

    #[test]
    fn reconcile_sorts_out_ghosts_ended_and_missing() {
        let today = date!(2025 - 06 - 15);
        let recent = Some(date!(2025 - 06 - 01));
        let rows = vec![
            row(2, b(30_000_000), None),                        // ghost
            row(3, b(30_000_001), Some(today)),                 // ghost: ends today, still active
            row(4, b(30_000_002), Some(date!(2025 - 06 - 14))), // ended yesterday, no client: nothing
            row(5, b(30_000_003), None),                        // open client: fine
            row(6, b(30_000_004), Some(date!(2025 - 06 - 14))), // open client: benefit ended
            row(7, b(30_000_005), Some(today)),                 // open client, ends today: fine
            row(8, b(30_000_000), Some(date!(2020 - 01 - 01))), // repeat: first row counts
        ];
        let clients = vec![
            client(40, b(30_000_004), recent, date!(2024 - 01 - 01)),
            client(10, b(30_000_003), recent, date!(2024 - 01 - 01)),
            client(30, b(30_000_009), recent, date!(2024 - 01 - 01)), // not in roster
            client(20, b(30_000_005), recent, date!(2024 - 01 - 01)),
            client(5, b(30_000_006), recent, date!(2024 - 01 - 01)), // not in roster
        ];
        let r = reconcile(&rows, &clients, today, 13);
        assert_eq!(r.ghosts.iter().map(|g| g.line).collect::<Vec<_>>(), [2, 3]);
        assert_eq!(
            r.benefit_ended,
            [BenefitEnded {
                client_id: ClientId(40),
                benefit_end: date!(2025 - 06 - 14)
            }]
        );
        assert_eq!(r.not_in_roster, [ClientId(5), ClientId(30)]);
        assert!(r.no_contact.is_empty());
    }

    #[test]
    fn no_contact_boundary() {
        let today = date!(2025 - 06 - 15);
        let weeks = 13;
        let exactly = today - Duration::weeks(13);
        let one_day_more = exactly - Duration::days(1);
        let clients = vec![
            client(4, b(50_000_004), Some(one_day_more), date!(2020 - 01 - 01)),
            client(1, b(50_000_001), Some(exactly), date!(2020 - 01 - 01)),
            client(2, b(50_000_002), None, exactly),
            client(3, b(50_000_003), None, one_day_more),
            client(5, b(50_000_005), Some(today), one_day_more),
        ];
        let r = reconcile(&[], &clients, today, weeks);
        assert_eq!(r.no_contact, [ClientId(3), ClientId(4)]);
        assert_eq!(r.not_in_roster.len(), 5);
        assert!(r.ghosts.is_empty() && r.benefit_ended.is_empty());
        // Zero weeks: anyone not seen today is overdue.
        assert_eq!(reconcile(&[], &clients, today, 0).no_contact.len(), 4);
        // An absurd threshold reaches before the calendar starts: nobody is overdue.
        assert!(reconcile(&[], &clients, today, u32::MAX)
            .no_contact
            .is_empty());
    }

    /// A roster of realistic size parses and reconciles with exact counts.
    /// Its speed is measured by the benchmarks, not here.
    #[test]
    fn parse_and_reconcile_a_large_roster() {
        let rows = 45_000;
        let mut file = String::from("bsn;naam;ingangsdatum;einddatum\n");
        let mut made = 0;
        let mut prefix = 10_000_000;
        while made < rows {
            prefix += 1;
            if let Some(bsn) = Bsn::from_prefix(prefix) {
                file.push_str(&format!("{bsn};\"Persoon, {made}\";01-01-2024;\n"));
                made += 1;
            }
        }
        let p = parse_roster(file.as_bytes()).expect("parses");
        let clients: Vec<_> = p
            .rows
            .iter()
            .step_by(2)
            .zip(1..)
            .map(|(r, id)| client(id, r.bsn, None, date!(2024 - 01 - 01)))
            .collect();
        let r = reconcile(&p.rows, &clients, date!(2025 - 01 - 01), 13);
        assert_eq!(p.rows.len(), rows);
        assert_eq!(r.ghosts.len(), rows / 2);
        assert_eq!(r.no_contact.len(), rows / 2);
    }

    // --- the guard -------------------------------------------------------------

    use BenefitStatus::{Active, Ended, NotInRoster, Unknown};

    fn impact(open: u64, changes: u64, valid: u64, previous: Option<u64>) -> RosterImpact {
        RosterImpact {
            open_clients: open,
            status_changes: changes,
            rows_valid: valid,
            previous_rows: previous,
            ..RosterImpact::default()
        }
    }

    #[test]
    fn benefit_status_follows_the_row() {
        let today = date!(2025 - 06 - 15);
        let r = |end| row(2, b(30_000_000), end);
        assert_eq!(benefit_status(None, today), NotInRoster);
        assert_eq!(benefit_status(Some(&r(None)), today), Active);
        assert_eq!(benefit_status(Some(&r(Some(today))), today), Active);
        assert_eq!(
            benefit_status(Some(&r(Some(date!(2025 - 06 - 14)))), today),
            Ended
        );
    }

    #[test]
    fn a_first_active_status_is_not_a_change_anything_else_is() {
        assert!(!counts_as_change(Unknown, Active));
        assert!(counts_as_change(Unknown, Ended));
        assert!(counts_as_change(Unknown, NotInRoster));
        assert!(counts_as_change(Active, NotInRoster));
        assert!(counts_as_change(NotInRoster, Active));
        assert!(counts_as_change(Ended, Active));
        for s in [Unknown, Active, Ended, NotInRoster] {
            assert!(!counts_as_change(s, s));
        }
    }

    #[test]
    fn impact_counts_changes_by_where_they_go() {
        let i = RosterImpact::new(
            7,
            3,
            [
                (Unknown, Active),
                (Unknown, NotInRoster),
                (Active, Active),
                (Active, Ended),
                (Ended, Active),
                (NotInRoster, NotInRoster),
                (Active, NotInRoster),
            ],
            Some(9),
        );
        assert_eq!(
            i,
            RosterImpact {
                open_clients: 7,
                status_changes: 4,
                to_active: 1,
                to_ended: 1,
                to_not_in_roster: 2,
                rows_valid: 7,
                rows_rejected: 3,
                previous_rows: Some(9),
            }
        );
        assert_eq!(i.change_percent(), 57);
        assert_eq!(RosterImpact::default().change_percent(), 0);
    }

    #[test]
    fn no_valid_rows_is_refused_even_when_nothing_would_change() {
        for i in [
            impact(0, 0, 0, None),
            impact(999, 999, 0, Some(1000)),
            impact(999, 0, 0, None),
        ] {
            let d = decide(&i, 10);
            assert_eq!(d, RosterDecision::Refuse(GuardReason::NoValidRows));
            assert_eq!(
                d.run_status(true),
                RosterRunStatus::Refused,
                "confirming does not help"
            );
            assert_eq!(d.run_status(false), RosterRunStatus::Refused);
            assert_eq!(d.reasons(), [GuardReason::NoValidRows]);
        }
    }

    #[test]
    fn more_than_the_share_needs_confirmation_exactly_the_share_does_not() {
        // 10% of 1000 is 100: the 101st change tips it.
        assert_eq!(
            decide(&impact(1000, 100, 900, None), 10),
            RosterDecision::Apply
        );
        let d = decide(&impact(1000, 101, 900, None), 10);
        assert_eq!(
            d,
            RosterDecision::ConfirmationRequired(vec![GuardReason::ManyStatusChanges])
        );
        assert_eq!(d.run_status(false), RosterRunStatus::AwaitingConfirmation);
        assert_eq!(d.run_status(true), RosterRunStatus::Applied);
        // Small registers: 1 of 4 is 25%.
        assert_eq!(
            decide(&impact(4, 1, 4, None), 10).as_str(),
            "confirmation_required"
        );
        assert_eq!(decide(&impact(4, 1, 4, None), 25), RosterDecision::Apply);
        // 100% never asks; no open clients never asks.
        assert_eq!(decide(&impact(4, 4, 4, None), 100), RosterDecision::Apply);
        assert_eq!(decide(&impact(0, 0, 4, None), 1), RosterDecision::Apply);
        // No overflow at absurd sizes.
        assert_eq!(
            decide(&impact(u64::MAX, u64::MAX, 1, None), 100),
            RosterDecision::Apply
        );
    }

    #[test]
    fn fewer_than_half_the_previous_rows_needs_confirmation() {
        assert_eq!(
            decide(&impact(10, 0, 500, Some(1000)), 10),
            RosterDecision::Apply
        );
        assert_eq!(
            decide(&impact(10, 0, 499, Some(1000)), 10),
            RosterDecision::ConfirmationRequired(vec![GuardReason::FewerRows])
        );
        // Growth, and a first run, are fine.
        assert_eq!(
            decide(&impact(10, 0, 5000, Some(1000)), 10),
            RosterDecision::Apply
        );
        assert_eq!(decide(&impact(10, 0, 1, None), 10), RosterDecision::Apply);
        // Both reasons at once, in a fixed order.
        assert_eq!(
            decide(&impact(10, 5, 1, Some(1000)), 10).reasons(),
            [GuardReason::ManyStatusChanges, GuardReason::FewerRows]
        );
    }

    #[test]
    fn reasons_and_statuses_round_trip_through_their_codes() {
        for r in GuardReason::ALL {
            assert_eq!(GuardReason::parse(r.code()), Some(r));
            assert_eq!(serde_json::to_value(r).unwrap(), r.code());
        }
        for s in RosterRunStatus::ALL {
            assert_eq!(RosterRunStatus::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        assert_eq!(GuardReason::parse("x"), None);
        assert_eq!(RosterRunStatus::parse("x"), None);
    }

    /// The case of issue 14: a file whose every row is rejected would have
    /// marked all 999 open clients of the demo "not in the roster".
    #[test]
    fn a_file_of_only_rejected_rows_would_have_emptied_the_register_and_is_refused() {
        let p = parse("bsn;naam;ingangsdatum\n123456789;Fout;01-01-2024\n12345;Kort;01-01-2024\n");
        assert!(p.rows.is_empty());
        let today = date!(2025 - 01 - 01);
        let clients = std::iter::repeat_n((Active, benefit_status(None, today)), 999);
        let i = RosterImpact::new(p.rows.len(), p.rejected.len(), clients, Some(1030));
        assert_eq!((i.status_changes, i.to_not_in_roster), (999, 999));
        assert_eq!(
            decide(&i, 10),
            RosterDecision::Refuse(GuardReason::NoValidRows)
        );
    }

    proptest! {
        #[test]
        fn never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _ = parse_roster(&bytes);
        }

        #[test]
        fn never_panics_on_csv_like_text(s in "[0-9a-z;,\"\r\n \u{feff}-]{0,300}") {
            let _ = parse_roster(format!("bsn;naam;start;eind\n{s}").as_bytes());
        }
    }
}
