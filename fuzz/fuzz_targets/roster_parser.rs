//! The roster parser on arbitrary bytes. Besides never panicking it must keep
//! its promises to the people who read the report: every data line is
//! accounted for exactly once (accepted or rejected with a known code), what
//! it accepts is valid, and what it rejects does not show a whole BSN.

#![no_main]

use std::collections::{BTreeMap, HashSet};

use libfuzzer_sys::fuzz_target;
use zicht_domain::{roster::parse_roster, Bsn};
use zicht_fuzz::{elfproef, longest_digit_run};

/// The non-blank physical lines as `(1-based line number, text)`, as the
/// module documents them: lines end in LF, CRLF or (old Macs) a bare CR; a
/// BOM may start any line; rows of only separators and quotes are blank.
fn non_blank_lines(text: &str) -> Vec<(usize, &str)> {
    let sep = if text.contains('\n') { '\n' } else { '\r' };
    text.split(sep)
        .enumerate()
        .map(|(i, l)| {
            let l = l.strip_suffix('\r').unwrap_or(l);
            (i + 1, l.strip_prefix('\u{feff}').unwrap_or(l))
        })
        .filter(|(_, l)| {
            !l.chars()
                .all(|c| c.is_whitespace() || matches!(c, ',' | ';' | '"'))
        })
        .collect()
}

/// Which input field each rejection code may name; a code not named here is
/// unknown (their messages are checked in `zicht_web::i18n`).
fn field_allowed(code: &str, field: Option<&str>) -> bool {
    match code {
        "roster_columns" => field.is_none(),
        "roster_duplicate" | "bsn_required" | "bsn_not_digits" | "bsn_length" | "bsn_elfproef" => {
            field == Some("bsn")
        }
        "name_required" | "name_too_long" => field == Some("name"),
        "date_invalid" => matches!(field, Some("benefit_start" | "benefit_end")),
        "roster_end_before_start" => field == Some("benefit_end"),
        _ => false,
    }
}

fuzz_target!(|data: &[u8]| {
    let result = parse_roster(data);
    let Ok(text) = std::str::from_utf8(data) else {
        let e = result.expect_err("a file that is not UTF-8 was accepted");
        assert_eq!((e.code, e.field), ("roster_encoding", Some("file")));
        return;
    };
    let lines = non_blank_lines(text);
    let roster = match result {
        Ok(roster) => roster,
        Err(e) => {
            assert_eq!(e.field, Some("file"), "{}", e.code);
            match e.code {
                "roster_empty" => assert!(lines.is_empty(), "content called empty"),
                "roster_header" => assert!(!lines.is_empty(), "empty file has a bad header"),
                other => panic!("unexpected file error {other}"),
            }
            return;
        }
    };
    let (header_line, _) = *lines.first().expect("a file without lines was parsed");

    // Every line appears at most once in the outcome, in file order.
    let mut outcome = BTreeMap::new();
    for line in roster.rows.iter().map(|r| r.line) {
        assert!(
            outcome.insert(line, "accepted").is_none(),
            "line {line} twice"
        );
    }
    for line in roster.rejected.iter().map(|r| r.line) {
        assert!(
            outcome.insert(line, "rejected").is_none(),
            "line {line} twice"
        );
    }
    assert!(roster.rows.is_sorted_by_key(|r| r.line));
    assert!(roster.rejected.is_sorted_by_key(|r| r.line));

    // Accepted + rejected = the data lines: the non-blank lines after the
    // header, less repeated headers (which name the BSN column and, as no
    // header name has one, contain no digit).
    let data_lines: HashSet<usize> = lines.iter().skip(1).map(|(n, _)| *n).collect();
    for line in outcome.keys() {
        assert!(
            data_lines.contains(line),
            "line {line} is not a data line (header on {header_line})"
        );
    }
    for (n, raw) in lines.iter().skip(1) {
        if outcome.contains_key(n) {
            continue;
        }
        // The parser reads fields CSV-decoded: `"BS"N` is the field `BSN`.
        let lower = raw.replace('"', "").to_lowercase();
        assert!(
            !raw.bytes().any(|b| b.is_ascii_digit())
                && ["bsn", "burgerservicenummer", "sofinummer"]
                    .iter()
                    .any(|name| lower.contains(name)),
            "line {n} was neither accepted nor rejected: {raw:?}"
        );
    }

    let mut bsns = HashSet::new();
    for row in &roster.rows {
        let s = row.bsn.as_string();
        let digits: [u8; 9] = s.as_bytes().try_into().expect("a BSN has nine digits");
        assert!(elfproef(&digits), "accepted BSN {s} fails the elfproef");
        assert_eq!(Bsn::parse(&s).ok(), Some(row.bsn));
        assert!(bsns.insert(row.bsn), "BSN {s} accepted twice");
        assert!(!row.name.is_empty() && row.name.trim() == row.name);
        assert!(row.name.chars().count() <= 200, "name too long accepted");
        assert!(row.name.chars().all(|c| !c.is_control() || c == '\t'));
        if let Some(end) = row.benefit_end {
            assert!(end >= row.benefit_start, "benefit ends before it starts");
        }
    }

    for r in &roster.rejected {
        assert!(
            field_allowed(r.code, r.field),
            "{} with {:?}",
            r.code,
            r.field
        );
        assert!(r.value.chars().count() <= 60, "value not clipped");
        // Rejection lists end up in reports: never a whole BSN, whatever
        // column it was misplaced in.
        assert!(longest_digit_run(&r.value) < 8, "unmasked: {:?}", r.value);
        if r.field == Some("bsn") {
            let shown = r.value.bytes().filter(u8::is_ascii_digit).count();
            assert!(shown <= 4, "BSN shows {shown} digits: {:?}", r.value);
        }
        if r.code == "roster_duplicate" {
            assert!(
                roster.rows.iter().any(|row| row.line < r.line
                    && r.value == format!("*****{}", &row.bsn.as_string()[5..])),
                "duplicate on line {} of no earlier accepted row",
                r.line
            );
        }
    }
});
