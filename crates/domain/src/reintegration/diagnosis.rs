//! Diagnosis: what is known about a client (from the file, the client,
//! observation and other organisations) and the two standard Dutch
//! instruments, the Participatieladder and the Zelfredzaamheid-Matrix, with
//! the organisation's *comply or explain* rule for skipping one.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::{code::code_enum, error::DomainError, text};

code_enum! {
    /// Where a piece of the diagnosis comes from.
    pub enum DiagnosisSource {
        /// The client's file (dossier).
        File => "file",
        /// What the client says.
        Client => "client",
        /// The caseworker's or a coach's own observation.
        Observation => "observation",
        /// Another organisation (care, former employer, provider).
        OtherOrganisation => "other_organisation",
    }
    parse: invalid("source", "diagnosis_source_invalid")
}

/// A dated entry in the diagnosis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewDiagnosisNote {
    pub source: DiagnosisSource,
    pub noted_on: Date,
    pub text: String,
}

impl NewDiagnosisNote {
    pub fn parse(
        source: &str,
        noted_on: &str,
        body: &str,
        today: Date,
    ) -> Result<Self, Vec<DomainError>> {
        let mut errors = Vec::new();
        let source = DiagnosisSource::parse(source)
            .map_err(|e| errors.push(e))
            .ok();
        let noted_on = past_or_today("noted_on", noted_on, today)
            .map_err(|e| errors.push(e))
            .ok();
        let body = text::required("text", body, "diagnosis_text_required", text::LONG)
            .map_err(|e| errors.push(e))
            .ok();
        match (source, noted_on, body) {
            (Some(source), Some(noted_on), Some(text)) if errors.is_empty() => Ok(Self {
                source,
                noted_on,
                text,
            }),
            _ => Err(errors),
        }
    }
}

/// A date that is not in the future; empty means today.
pub(crate) fn past_or_today(
    field: &'static str,
    raw: &str,
    today: Date,
) -> Result<Date, DomainError> {
    if raw.trim().is_empty() {
        return Ok(today);
    }
    let d = text::parse_date(field, raw)?;
    if d > today {
        return Err(DomainError::invalid(field, "date_future"));
    }
    Ok(d)
}

/// A rung of the Participatieladder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct LadderRung(u8);

impl LadderRung {
    pub const LOWEST: u8 = 1;
    pub const HIGHEST: u8 = 6;

    pub fn new(rung: u8) -> Result<Self, DomainError> {
        if (Self::LOWEST..=Self::HIGHEST).contains(&rung) {
            Ok(LadderRung(rung))
        } else {
            Err(DomainError::invalid("rung", "ladder_rung_invalid"))
        }
    }
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        raw.trim()
            .parse::<u8>()
            .map_err(|_| DomainError::invalid("rung", "ladder_rung_invalid"))
            .and_then(Self::new)
    }
    pub fn all() -> impl Iterator<Item = LadderRung> {
        (Self::LOWEST..=Self::HIGHEST).map(LadderRung)
    }
    pub fn number(self) -> u8 {
        self.0
    }
    /// The *trede-stijging* from `earlier` to `self`: positive is a rise.
    pub fn rise_since(self, earlier: LadderRung) -> i8 {
        self.0 as i8 - earlier.0 as i8
    }
}

impl TryFrom<u8> for LadderRung {
    type Error = DomainError;
    fn try_from(v: u8) -> Result<Self, DomainError> {
        LadderRung::new(v)
    }
}

impl From<LadderRung> for u8 {
    fn from(r: LadderRung) -> u8 {
        r.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewLadderMeasurement {
    pub measured_on: Date,
    pub rung: LadderRung,
    pub remarks: String,
}

impl NewLadderMeasurement {
    pub fn parse(
        measured_on: &str,
        rung: &str,
        remarks: &str,
        today: Date,
    ) -> Result<Self, Vec<DomainError>> {
        let mut errors = Vec::new();
        let measured_on = past_or_today("measured_on", measured_on, today)
            .map_err(|e| errors.push(e))
            .ok();
        let rung = LadderRung::parse(rung).map_err(|e| errors.push(e)).ok();
        let remarks = text::optional("remarks", remarks, text::LONG)
            .map_err(|e| errors.push(e))
            .ok();
        match (measured_on, rung, remarks) {
            (Some(measured_on), Some(rung), Some(remarks)) if errors.is_empty() => Ok(Self {
                measured_on,
                rung,
                remarks,
            }),
            _ => Err(errors),
        }
    }
}

/// The rise between the two latest measurements and since the first, from
/// measurements in any order (the later recorded wins on a tie of dates).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LadderProgress {
    pub latest: LadderRung,
    pub latest_on: Date,
    /// Against the measurement before the latest; `None` for the first.
    pub rise: Option<i8>,
    /// Against the first measurement.
    pub rise_since_first: Option<i8>,
}

impl LadderProgress {
    /// `measurements` in the order they were recorded.
    pub fn of(measurements: &[(Date, LadderRung)]) -> Option<LadderProgress> {
        let mut sorted: Vec<(usize, Date, LadderRung)> = measurements
            .iter()
            .enumerate()
            .map(|(i, (d, r))| (i, *d, *r))
            .collect();
        sorted.sort_by_key(|(i, d, _)| (*d, *i));
        let (_, latest_on, latest) = *sorted.last()?;
        let previous = sorted.len().checked_sub(2).map(|i| sorted[i].2);
        let first = (sorted.len() > 1).then(|| sorted[0].2);
        Some(LadderProgress {
            latest,
            latest_on,
            rise: previous.map(|p| latest.rise_since(p)),
            rise_since_first: first.map(|f| latest.rise_since(f)),
        })
    }
}

code_enum! {
    /// Which edition of the Zelfredzaamheid-Matrix a score was made with; the
    /// domains differ, so every score keeps its version. Serialised as the
    /// value the API and forms take (`zrm_13`, `zrm_11`); the aliases read
    /// events written before the names were aligned.
    pub enum ZrmVersion {
        /// The current edition, 13 domains.
        #[serde(alias = "domains13")]
        Domains13 => "zrm_13",
        /// The older edition, 11 domains.
        #[serde(alias = "domains11")]
        Domains11 => "zrm_11",
    }
}

impl ZrmVersion {
    pub const CURRENT: ZrmVersion = ZrmVersion::Domains13;

    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let s = s.trim();
        if s.is_empty() {
            return Ok(Self::CURRENT);
        }
        Self::from_code(s).ok_or(DomainError::invalid("version", "zrm_version_invalid"))
    }
    /// The domains of this edition, by their keys, in the matrix's order.
    pub fn domains(self) -> &'static [&'static str] {
        match self {
            ZrmVersion::Domains13 => &[
                "financien",
                "werk_opleiding",
                "tijdsbesteding",
                "huisvesting",
                "huiselijke_relaties",
                "geestelijke_gezondheid",
                "lichamelijke_gezondheid",
                "middelengebruik",
                "basale_adl",
                "instrumentele_adl",
                "sociaal_netwerk",
                "maatschappelijke_participatie",
                "justitie",
            ],
            ZrmVersion::Domains11 => &[
                "financien",
                "dagbesteding",
                "huisvesting",
                "huiselijke_relaties",
                "geestelijke_gezondheid",
                "lichamelijke_gezondheid",
                "verslaving",
                "adl_vaardigheden",
                "sociaal_netwerk",
                "maatschappelijke_participatie",
                "justitie",
            ],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZrmScore {
    pub domain: String,
    pub score: u8,
}

/// One scoring of the matrix. Domains that were not scored (not known or
/// not applicable) are left out; at least one must be scored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewZrmAssessment {
    pub assessed_on: Date,
    pub version: ZrmVersion,
    pub scores: Vec<ZrmScore>,
    pub remarks: String,
}

impl NewZrmAssessment {
    /// `scores` pairs a domain key with what was typed or chosen ("" = not scored).
    pub fn parse(
        assessed_on: &str,
        version: &str,
        scores: &[(String, String)],
        remarks: &str,
        today: Date,
    ) -> Result<Self, Vec<DomainError>> {
        let mut errors = Vec::new();
        let assessed_on = past_or_today("assessed_on", assessed_on, today)
            .map_err(|e| errors.push(e))
            .ok();
        let version = ZrmVersion::parse(version).map_err(|e| errors.push(e)).ok();
        let remarks = text::optional("remarks", remarks, text::LONG)
            .map_err(|e| errors.push(e))
            .ok();
        let mut parsed: Vec<ZrmScore> = Vec::new();
        if let Some(v) = version {
            for (domain, raw) in scores {
                if raw.trim().is_empty() {
                    continue;
                }
                let Some(key) = v.domains().iter().find(|k| *k == domain) else {
                    errors.push(DomainError::invalid("scores", "zrm_domain_unknown"));
                    continue;
                };
                if parsed.iter().any(|s| s.domain == *key) {
                    errors.push(DomainError::invalid("scores", "zrm_domain_twice"));
                    continue;
                }
                match raw.trim().parse::<u8>() {
                    Ok(n @ 1..=5) => parsed.push(ZrmScore {
                        domain: (*key).to_string(),
                        score: n,
                    }),
                    _ => errors.push(DomainError::invalid("scores", "zrm_score_range")),
                }
            }
            if parsed.is_empty() && errors.is_empty() {
                errors.push(DomainError::invalid("scores", "zrm_scores_required"));
            }
            // Keep the edition's order, whatever order the input had.
            parsed.sort_by_key(|s| v.domains().iter().position(|k| *k == s.domain));
        }
        match (assessed_on, version, remarks) {
            (Some(assessed_on), Some(version), Some(remarks)) if errors.is_empty() => Ok(Self {
                assessed_on,
                version,
                scores: parsed,
                remarks,
            }),
            _ => Err(errors),
        }
    }
}

code_enum! {
    /// A standard instrument the organisation can require in a phase.
    #[derive(PartialOrd, Ord)]
    pub enum Instrument {
        Participatieladder => "participatieladder",
        Zrm => "zrm",
    }
    parse: invalid("instrument", "instrument_invalid")
}

/// *Comply or explain* when a client leaves a phase: every instrument the
/// organisation requires in that phase must have been used while the client
/// was in it, or explained. Returns the instruments the given `explanation`
/// now explains (empty when all were used or explained before).
pub fn comply_or_explain(
    required: &[Instrument],
    used: &[Instrument],
    explained: &[Instrument],
    explanation: &str,
) -> Result<Vec<Instrument>, DomainError> {
    let mut missing: Vec<Instrument> = required
        .iter()
        .copied()
        .filter(|i| !used.contains(i) && !explained.contains(i))
        .collect();
    missing.sort();
    missing.dedup();
    if missing.is_empty() {
        return Ok(missing);
    }
    let reason = text::optional("explanation", explanation, text::LONG)?;
    if reason.is_empty() {
        let code = match missing.as_slice() {
            [Instrument::Participatieladder] => "instrument_ladder_required",
            [Instrument::Zrm] => "instrument_zrm_required",
            _ => "instrument_both_required",
        };
        return Err(DomainError::invalid("explanation", code));
    }
    Ok(missing)
}

/// Checks an explanation given on its own, without a phase change.
pub fn parse_explanation(raw: &str) -> Result<String, DomainError> {
    text::required("explanation", raw, "explanation_required", text::LONG)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 23);

    #[test]
    fn rungs_one_to_six() {
        assert!(LadderRung::parse("0").is_err());
        assert!(LadderRung::parse("7").is_err());
        assert!(LadderRung::parse("drie").is_err());
        assert_eq!(LadderRung::parse(" 4 ").unwrap().number(), 4);
        assert_eq!(LadderRung::all().count(), 6);
        assert!(serde_json::from_str::<LadderRung>("9").is_err());
    }

    #[test]
    fn rise_between_latest_two_and_since_first() {
        let r = |n| LadderRung::new(n).unwrap();
        assert_eq!(LadderProgress::of(&[]), None);
        let one = LadderProgress::of(&[(date!(2026 - 01 - 01), r(2))]).unwrap();
        assert_eq!((one.rise, one.rise_since_first), (None, None));
        // Recorded out of order: dates decide.
        let p = LadderProgress::of(&[
            (date!(2026 - 06 - 01), r(4)),
            (date!(2026 - 01 - 01), r(1)),
            (date!(2026 - 03 - 01), r(3)),
        ])
        .unwrap();
        assert_eq!(p.latest, r(4));
        assert_eq!(p.rise, Some(1));
        assert_eq!(p.rise_since_first, Some(3));
        let down =
            LadderProgress::of(&[(date!(2026 - 01 - 01), r(5)), (date!(2026 - 02 - 01), r(3))])
                .unwrap();
        assert_eq!(down.rise, Some(-2));
    }

    #[test]
    fn zrm_versions_have_13_and_11_domains() {
        assert_eq!(ZrmVersion::Domains13.domains().len(), 13);
        assert_eq!(ZrmVersion::Domains11.domains().len(), 11);
        assert_eq!(ZrmVersion::parse("").unwrap(), ZrmVersion::Domains13);
        // JSON carries the same value the API takes, and still reads the old one.
        for v in ZrmVersion::ALL {
            assert_eq!(
                serde_json::to_value(v).unwrap(),
                serde_json::json!(v.as_str())
            );
        }
        assert_eq!(
            serde_json::from_str::<ZrmVersion>("\"domains11\"").unwrap(),
            ZrmVersion::Domains11
        );
    }

    #[test]
    fn zrm_scores_validated_against_their_version() {
        let s = |d: &str, v: &str| (d.to_string(), v.to_string());
        let ok = NewZrmAssessment::parse(
            "",
            "zrm_13",
            &[
                s("justitie", "5"),
                s("financien", "2"),
                s("huisvesting", ""),
            ],
            "",
            TODAY,
        )
        .unwrap();
        assert_eq!(ok.assessed_on, TODAY);
        assert_eq!(
            ok.scores,
            vec![
                ZrmScore {
                    domain: "financien".into(),
                    score: 2
                },
                ZrmScore {
                    domain: "justitie".into(),
                    score: 5
                }
            ]
        );
        let codes = |r: Result<NewZrmAssessment, Vec<DomainError>>| {
            r.unwrap_err().iter().map(|e| e.code).collect::<Vec<_>>()
        };
        // "verslaving" is a domain of the older edition only.
        assert_eq!(
            codes(NewZrmAssessment::parse(
                "",
                "zrm_13",
                &[s("verslaving", "3")],
                "",
                TODAY
            )),
            vec!["zrm_domain_unknown"]
        );
        assert!(NewZrmAssessment::parse("", "zrm_11", &[s("verslaving", "3")], "", TODAY).is_ok());
        assert_eq!(
            codes(NewZrmAssessment::parse(
                "",
                "zrm_13",
                &[s("financien", "6")],
                "",
                TODAY
            )),
            vec!["zrm_score_range"]
        );
        assert_eq!(
            codes(NewZrmAssessment::parse(
                "",
                "zrm_13",
                &[s("financien", "")],
                "",
                TODAY
            )),
            vec!["zrm_scores_required"]
        );
        assert_eq!(
            codes(NewZrmAssessment::parse(
                "2030-01-01",
                "zrm_99",
                &[],
                "",
                TODAY
            )),
            vec!["date_future", "zrm_version_invalid"]
        );
    }

    #[test]
    fn comply_or_explain_needs_use_or_reason() {
        use Instrument::*;
        assert_eq!(comply_or_explain(&[], &[], &[], "").unwrap(), vec![]);
        assert_eq!(comply_or_explain(&[Zrm], &[Zrm], &[], "").unwrap(), vec![]);
        assert_eq!(comply_or_explain(&[Zrm], &[], &[Zrm], "").unwrap(), vec![]);
        assert_eq!(
            comply_or_explain(&[Zrm], &[], &[], " ").unwrap_err().code,
            "instrument_zrm_required"
        );
        assert_eq!(
            comply_or_explain(&[Zrm, Participatieladder], &[], &[], "")
                .unwrap_err()
                .code,
            "instrument_both_required"
        );
        assert_eq!(
            comply_or_explain(&[Zrm, Participatieladder], &[Zrm], &[], "Klant weigert").unwrap(),
            vec![Participatieladder]
        );
    }

    #[test]
    fn notes_need_source_and_text() {
        let errs = NewDiagnosisNote::parse("roddel", "", " ", TODAY).unwrap_err();
        let codes: Vec<_> = errs.iter().map(|e| e.code).collect();
        assert_eq!(
            codes,
            vec!["diagnosis_source_invalid", "diagnosis_text_required"]
        );
        let n =
            NewDiagnosisNote::parse("observation", "20-11-2026", "Komt op tijd", TODAY).unwrap();
        assert_eq!(n.noted_on, date!(2026 - 11 - 20));
    }
}
