//! `Bsn::parse` on arbitrary text: it must never panic, and its verdict must
//! agree with an elfproef computed in this crate, apart from the domain crate.

#![no_main]

use libfuzzer_sys::fuzz_target;
use zicht_domain::Bsn;
use zicht_fuzz::elfproef;

fuzz_target!(|input: &str| {
    let parsed = Bsn::parse(input);

    // What a person may type around the digits: whitespace at the ends, and
    // spaces, dots and dashes between groups. Anything else is not a BSN.
    let core: String = input
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-'))
        .collect();
    let nine: Option<[u8; 9]> = match core.len() {
        _ if !core.bytes().all(|b| b.is_ascii_digit()) => None,
        9 => core.as_bytes().try_into().ok(),
        8 => format!("0{core}").as_bytes().try_into().ok(),
        _ => None,
    };
    let expected_valid = nine.as_ref().is_some_and(elfproef);

    match parsed {
        Ok(bsn) => {
            let s = bsn.as_string();
            assert!(
                s.len() == 9 && s.bytes().all(|b| b.is_ascii_digit()),
                "normalised form is not nine ASCII digits: {s:?}"
            );
            let digits: [u8; 9] = s.as_bytes().try_into().expect("nine bytes");
            assert!(elfproef(&digits), "accepted {s} fails the elfproef");
            assert_eq!(
                Some(digits),
                nine,
                "accepted digits differ from the ones typed in {input:?}"
            );
            assert_eq!(Bsn::parse(&s).ok(), Some(bsn), "{s} does not re-parse");
            assert_eq!(bsn.to_string(), s);
            assert_eq!(Bsn::try_from(s.clone()).ok(), Some(bsn));
            // Debug output ends up in logs, so it shows only the last four digits.
            assert_eq!(format!("{bsn:?}"), format!("Bsn(*****{})", &s[5..]));
        }
        Err(e) => {
            assert!(
                !expected_valid,
                "{input:?} passes the elfproef but was rejected with {}",
                e.code
            );
            assert_eq!(e.field, Some("bsn"));
            assert!(
                matches!(
                    e.code,
                    "bsn_required" | "bsn_not_digits" | "bsn_length" | "bsn_elfproef"
                ),
                "unexpected code {}",
                e.code
            );
        }
    }
});
