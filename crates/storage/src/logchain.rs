//! The key and the formats of the Logboek Dataverwerkingen's chain, apart
//! from any database.
//!
//! Every record since the log got a key carries an HMAC-SHA256 (chain
//! version 2) over its id, its fields and the MAC of the record before it,
//! made with the log key. The key is never stored in the database: it comes
//! from a file (`--log-key-file`) or the environment (`ZICHT_LOG_KEY`), as 64
//! hexadecimal digits (32 bytes; `openssl rand -hex 32`). Someone who can
//! write to the database but lacks the key can change, remove or insert
//! records, but cannot make the MACs fit again; removing the newest records
//! is found by comparing with an anchor (the head's sequence number and MAC,
//! kept elsewhere; see [`LogAnchor`]).
//!
//! Records written before (chain version 1: plain SHA-256, which anyone can
//! recompute) are *sealed* the first time the database is opened with a key:
//! one row holds the id and hash of the last of them, MAC'd with the key, so
//! they cannot be changed afterwards without it showing. What was changed
//! before the seal is not found.
//!
//! Data subjects are pseudonymised with a key derived from the log key per
//! organisation, so the database alone does not reveal who a record is about
//! (a nine-digit BSN hashed without a secret is found by trying them all).

use std::{fmt, path::Path};

use hmac::{Hmac, Mac};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

type HmacSha256 = Hmac<Sha256>;

/// Fixed-width UTC timestamps, so text order is time order and the hashed
/// text is exactly what is stored.
pub fn stamp(t: time::OffsetDateTime) -> String {
    t.to_offset(time::UtcOffset::UTC)
        .format(time::macros::format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z"
        ))
        .unwrap_or_default()
}

/// The hash before the first record.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The secret the processing log is chained and pseudonymised with. Its
/// `Debug` output never shows it.
#[derive(Clone)]
pub struct LogKey {
    bytes: [u8; LogKey::LEN],
}

impl fmt::Debug for LogKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("LogKey(<redacted>)")
    }
}

/// Why a log key could not be had.
#[derive(Debug, thiserror::Error)]
pub enum LogKeyError {
    #[error("the log key must be 64 hexadecimal digits (32 bytes, e.g. `openssl rand -hex 32`)")]
    Format,
    #[error("log key file {path}: {source}")]
    File {
        path: String,
        source: std::io::Error,
    },
    #[error("log key file {path}: {source}")]
    FileFormat {
        path: String,
        source: Box<LogKeyError>,
    },
    #[error("give the log key once: either --log-key-file (ZICHT_LOG_KEY_FILE) or ZICHT_LOG_KEY")]
    Twice,
}

impl LogKey {
    /// Bytes of key material.
    pub const LEN: usize = 32;

    /// 64 hexadecimal digits, surrounding white space ignored.
    pub fn from_hex(text: &str) -> Result<Self, LogKeyError> {
        let bytes = decode_hex(text.trim()).ok_or(LogKeyError::Format)?;
        let bytes: [u8; Self::LEN] = bytes.try_into().map_err(|_| LogKeyError::Format)?;
        Ok(LogKey { bytes })
    }

    /// A new random key from the operating system's generator.
    pub fn generate() -> Self {
        let mut bytes = [0u8; Self::LEN];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        LogKey { bytes }
    }

    /// The key as 64 hexadecimal digits, the format of the key file.
    pub fn to_hex(&self) -> String {
        encode_hex(&self.bytes)
    }

    /// Reads a key file: 64 hexadecimal digits, optionally followed by a newline.
    pub fn read_file(path: &Path) -> Result<Self, LogKeyError> {
        let text = std::fs::read_to_string(path).map_err(|source| LogKeyError::File {
            path: path.display().to_string(),
            source,
        })?;
        LogKey::from_hex(&text).map_err(|e| LogKeyError::FileFormat {
            path: path.display().to_string(),
            source: Box::new(e),
        })
    }

    /// Makes a new key and writes it to `path`, which must not exist yet;
    /// only the owner may read it (mode 0600 on Unix).
    pub fn create_file(path: &Path) -> Result<Self, LogKeyError> {
        use std::io::Write;
        let key = LogKey::generate();
        let file_error = |source| LogKeyError::File {
            path: path.display().to_string(),
            source,
        };
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(path).map_err(file_error)?;
        writeln!(file, "{}", key.to_hex()).map_err(file_error)?;
        file.sync_all().map_err(file_error)?;
        Ok(key)
    }

    /// The key from a file or from the text of an environment variable; at
    /// most one of them may be given. `None` when neither is.
    pub fn from_sources(
        file: Option<&Path>,
        hex: Option<&str>,
    ) -> Result<Option<Self>, LogKeyError> {
        match (file, hex.filter(|h| !h.trim().is_empty())) {
            (Some(_), Some(_)) => Err(LogKeyError::Twice),
            (Some(path), None) => LogKey::read_file(path).map(Some),
            (None, Some(hex)) => LogKey::from_hex(hex).map(Some),
            (None, None) => Ok(None),
        }
    }

    fn hmac(&self) -> HmacSha256 {
        // HMAC takes a key of any length.
        match HmacSha256::new_from_slice(&self.bytes) {
            Ok(m) => m,
            Err(_) => unreachable!("HMAC accepts every key length"),
        }
    }

    /// Prepared once per batch; each record clones it.
    pub(crate) fn chain(&self) -> Chain {
        Chain { base: self.hmac() }
    }

    /// A value that tells this key from others without revealing it; stored
    /// with the seal, so a wrong key is refused at start rather than found
    /// by `zicht check` afterwards.
    pub(crate) fn key_check(&self) -> String {
        mac_of(&self.hmac(), "zicht-processing-log/key-check", &[])
    }

    /// The MAC of the seal of the chain made without a key.
    pub(crate) fn seal_mac(
        &self,
        key_check: &str,
        legacy_upto_id: i64,
        legacy_last_hash: &str,
        sealed_at: &str,
    ) -> String {
        mac_of(
            &self.hmac(),
            "zicht-processing-log/seal",
            &[
                key_check.as_bytes(),
                legacy_upto_id.to_string().as_bytes(),
                legacy_last_hash.as_bytes(),
                sealed_at.as_bytes(),
            ],
        )
    }

    /// The MAC of the record of a pruning: where the remaining chain starts.
    pub(crate) fn prune_mac(&self, upto_id: i64, last_hash: &str, pruned_at: &str) -> String {
        mac_of(
            &self.hmac(),
            "zicht-processing-log/pruned",
            &[
                upto_id.to_string().as_bytes(),
                last_hash.as_bytes(),
                pruned_at.as_bytes(),
            ],
        )
    }

    /// The pseudonymiser of data subjects for one organisation: an HMAC key
    /// derived from the log key and the organisation.
    pub(crate) fn pseudonymiser(&self, organisation_id: i64) -> Pseudonymiser {
        let derived = self.derive("zicht-processing-log/pseudonym", organisation_id);
        match HmacSha256::new_from_slice(&derived) {
            Ok(base) => Pseudonymiser { base },
            Err(_) => unreachable!("HMAC accepts every key length"),
        }
    }

    /// Hides an organisation's key of chain version 1 (kept in the database
    /// in the clear until the log got a key) under a pad derived from the
    /// log key; applying it again reveals it.
    pub(crate) fn legacy_pad(&self, organisation_id: i64) -> [u8; 32] {
        self.derive("zicht-processing-log/legacy-pseudonym-key", organisation_id)
    }

    fn derive(&self, label: &str, organisation_id: i64) -> [u8; 32] {
        let mut mac = self.hmac();
        feed(&mut mac, label.as_bytes());
        feed(&mut mac, organisation_id.to_string().as_bytes());
        mac.finalize().into_bytes().into()
    }
}

/// Feeds one length-prefixed field, so no two field lists give the same input.
fn feed(mac: &mut HmacSha256, field: &[u8]) {
    mac.update(&(field.len() as u64).to_be_bytes());
    mac.update(field);
}

fn mac_of(base: &HmacSha256, label: &str, fields: &[&[u8]]) -> String {
    let mut mac = base.clone();
    feed(&mut mac, label.as_bytes());
    for f in fields {
        feed(&mut mac, f);
    }
    encode_hex(&mac.finalize().into_bytes())
}

/// The fields of one log record as stored, in the order the chain covers them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogFields {
    pub organisation_id: i64,
    pub trace_id: String,
    pub span_id: String,
    pub parent_span_id: String,
    pub operation: String,
    pub started_at: String,
    pub ended_at: String,
    pub status: String,
    pub actor_employee_id: i64,
    pub processing_activity: String,
    pub subject_id: String,
    pub subject_id_type: String,
}

impl LogFields {
    fn texts(&self) -> [String; 12] {
        [
            self.organisation_id.to_string(),
            self.trace_id.clone(),
            self.span_id.clone(),
            self.parent_span_id.clone(),
            self.operation.clone(),
            self.started_at.clone(),
            self.ended_at.clone(),
            self.status.clone(),
            self.actor_employee_id.to_string(),
            self.processing_activity.clone(),
            self.subject_id.clone(),
            self.subject_id_type.clone(),
        ]
    }

    /// Chain version 1 (before the log had a key): SHA-256 of the fields and
    /// the previous hash, joined by U+001F. Anyone can recompute it.
    pub fn v1_hash(&self, prev: &str) -> String {
        let texts = self.texts();
        let mut parts: Vec<&str> = texts.iter().map(String::as_str).collect();
        parts.push(prev);
        encode_hex(&Sha256::digest(parts.join("\u{1f}").as_bytes()))
    }

    /// Chain version 2: HMAC-SHA256 with the log key over a label, the
    /// record's id, its fields and the previous MAC, each length-prefixed.
    pub fn v2_mac(&self, key: &LogKey, id: i64, prev: &str) -> String {
        key.chain().mac(id, self, prev)
    }
}

/// The log key prepared for chaining records.
pub(crate) struct Chain {
    base: HmacSha256,
}

impl Chain {
    pub(crate) fn mac(&self, id: i64, fields: &LogFields, prev: &str) -> String {
        let texts = fields.texts();
        let id = id.to_string();
        let mut all: Vec<&[u8]> = Vec::with_capacity(14);
        all.push(id.as_bytes());
        all.extend(texts.iter().map(|t| t.as_bytes()));
        all.push(prev.as_bytes());
        mac_of(&self.base, "zicht-processing-log/2", &all)
    }
}

/// Turns a BSN into the value stored in the log for one organisation.
pub(crate) struct Pseudonymiser {
    base: HmacSha256,
}

impl Pseudonymiser {
    pub(crate) fn pseudonym(&self, bsn: &str) -> String {
        let mut mac = self.base.clone();
        mac.update(bsn.as_bytes());
        encode_hex(&mac.finalize().into_bytes())
    }
}

/// The pseudonym of chain version 1: HMAC-SHA256 of the BSN keyed with the
/// organisation's key as its 64 hexadecimal digits (which the database held).
pub fn v1_pseudonym(org_key_hex: &str, bsn: &str) -> String {
    match HmacSha256::new_from_slice(org_key_hex.as_bytes()) {
        Ok(mut mac) => {
            mac.update(bsn.as_bytes());
            encode_hex(&mac.finalize().into_bytes())
        }
        Err(_) => unreachable!("HMAC accepts every key length"),
    }
}

/// Compares two MACs in constant time.
pub(crate) fn same(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

pub(crate) fn encode_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

pub(crate) fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    let digit = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    text.as_bytes()
        .chunks(2)
        .map(|p| Some(digit(p[0])? << 4 | digit(p[1])?))
        .collect()
}

/// Where the processing log stood at one moment: the sequence number (the
/// record id) and MAC of its newest record. Kept outside the database (on
/// paper, in another system, in a mail to the privacy officer), it lets
/// `zicht check --anchor` find records removed from the end of the log or
/// rewritten before that point.
///
/// Written by `zicht processing-log --anchor` as one line of JSON:
///
/// ```text
/// {"format":"zicht-processing-log-anchor/1","seq":1234,"mac":"<64 hex>","taken_at":"2026-05-01T10:00:00.000000Z"}
/// ```
///
/// `seq` 0 with the genesis MAC is the anchor of an empty log. A file may
/// hold several anchors, one per line; each is checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogAnchor {
    pub format: String,
    pub seq: i64,
    pub mac: String,
    pub taken_at: String,
}

impl LogAnchor {
    pub const FORMAT: &'static str = "zicht-processing-log-anchor/1";

    /// One line of JSON, without the newline.
    pub fn to_line(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Every anchor in a file: one JSON object per non-empty line.
    pub fn parse_lines(text: &str) -> Result<Vec<LogAnchor>, String> {
        let mut anchors = Vec::new();
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let a: LogAnchor =
                serde_json::from_str(line).map_err(|e| format!("line {}: {e}", n + 1))?;
            if a.format != Self::FORMAT {
                return Err(format!(
                    "line {}: format {:?}, expected {:?}",
                    n + 1,
                    a.format,
                    Self::FORMAT
                ));
            }
            if a.seq < 0 || decode_hex(&a.mac).map(|m| m.len()) != Some(32) {
                return Err(format!("line {}: not a sequence number and MAC", n + 1));
            }
            anchors.push(a);
        }
        if anchors.is_empty() {
            return Err("no anchor in the file".into());
        }
        Ok(anchors)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_key_is_hex_and_never_shown() {
        let key = LogKey::from_hex(&"ab".repeat(32)).unwrap();
        assert_eq!(format!("{key:?}"), "LogKey(<redacted>)");
        assert_eq!(key.to_hex(), "ab".repeat(32));
        assert!(LogKey::from_hex(&format!("  {}\n", "0F".repeat(32))).is_ok());
        for bad in [
            "",
            "abc",
            &"ab".repeat(31),
            &"ab".repeat(33),
            &"zz".repeat(32),
        ] {
            assert!(LogKey::from_hex(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn macs_depend_on_key_id_fields_and_previous() {
        let k1 = LogKey::from_hex(&"01".repeat(32)).unwrap();
        let k2 = LogKey::from_hex(&"02".repeat(32)).unwrap();
        let f = LogFields {
            organisation_id: 1,
            trace_id: "t".into(),
            span_id: "s".into(),
            parent_span_id: String::new(),
            operation: "klantkaart_lezen".into(),
            started_at: "a".into(),
            ended_at: "b".into(),
            status: "ok".into(),
            actor_employee_id: 7,
            processing_activity: "p".into(),
            subject_id: "x".into(),
            subject_id_type: "BSN".into(),
        };
        let m = f.v2_mac(&k1, 5, GENESIS);
        assert_eq!(m.len(), 64);
        assert_ne!(m, f.v2_mac(&k2, 5, GENESIS));
        assert_ne!(m, f.v2_mac(&k1, 6, GENESIS));
        assert_ne!(m, f.v1_hash(GENESIS));
        let mut g = f.clone();
        g.actor_employee_id = 8;
        assert_ne!(m, g.v2_mac(&k1, 5, GENESIS));
        assert_ne!(
            k1.pseudonymiser(1).pseudonym("123456782"),
            k1.pseudonymiser(2).pseudonym("123456782")
        );
        assert!(same(&m, &m.clone()) && !same(&m, GENESIS));
    }

    #[test]
    fn anchors_read_what_they_write() {
        let a = LogAnchor {
            format: LogAnchor::FORMAT.into(),
            seq: 12,
            mac: "cd".repeat(32),
            taken_at: "2026-05-01T10:00:00.000000Z".into(),
        };
        let text = format!("{}\n\n{}\n", a.to_line(), a.to_line());
        assert_eq!(LogAnchor::parse_lines(&text).unwrap(), vec![a.clone(), a]);
        assert!(LogAnchor::parse_lines("").is_err());
        assert!(LogAnchor::parse_lines(
            "{\"format\":\"x\",\"seq\":1,\"mac\":\"\",\"taken_at\":\"\"}"
        )
        .is_err());
    }
}
