//! The one CSV writer for every CSV Zicht emits for people to open: the
//! roster reconciliation report (API `format=csv`, `zicht import-roster
//! --format csv`, the dry run's) and the effectenkaart export.
//!
//! Every text cell is guarded against formula injection: a cell that starts
//! with `=`, `+`, `-`, `@`, a tab or a carriage return would be read by a
//! spreadsheet as a formula (`=HYPERLINK(…)`, `+cmd|…`, `-2+3`, `@SUM(…)`),
//! so it gets a leading apostrophe, which spreadsheets show as text. Names in
//! a roster come from a file edited by hand elsewhere, so they are never
//! trusted. Numbers Zicht computes itself are written as numbers
//! ([`Field::Int`], [`Field::Decimal`], [`Field::Percent`]); only they may
//! start with a minus sign. Quoting follows RFC 4180 (the `csv` crate):
//! a cell with the delimiter, a double quote or a line break is quoted, and
//! quotes inside are doubled.
//!
//! Not written with it: the rosters the demo and the generator write
//! (`crates/cli/src/demo.rs`, `generate.rs`). Those are data for Zicht's own
//! roster parser, not reports; an apostrophe would become part of a name on
//! import. Their values are generated (digits, dates, names from fixed
//! lists) and cannot hold a formula.

use std::borrow::Cow;

/// `text` as a spreadsheet will show it rather than evaluate it.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// One cell of a record.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Field<'a> {
    /// Text from anywhere; always guarded.
    Text(&'a str),
    /// A whole number Zicht computed.
    Int(i64),
    /// A number Zicht computed, shown with one decimal.
    Decimal(f64),
    /// A share 0..=1 Zicht computed, shown as a percentage with one decimal.
    Percent(f64),
    Empty,
}

/// How the file is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dialect {
    pub delimiter: u8,
    /// Starts with a UTF-8 byte-order mark, so Excel reads UTF-8.
    pub bom: bool,
    /// Ends records with CRLF rather than LF.
    pub crlf: bool,
    /// Writes decimals with a comma (Dutch) rather than a point.
    pub decimal_comma: bool,
}

impl Dialect {
    /// Commas, LF, no byte-order mark: the roster report, read by scripts
    /// as much as by people.
    pub const PLAIN: Dialect = Dialect {
        delimiter: b',',
        bom: false,
        crlf: false,
        decimal_comma: false,
    };
    /// What Dutch Excel opens with a double click: semicolons, CRLF, a
    /// byte-order mark and decimal commas.
    pub const DUTCH_EXCEL: Dialect = Dialect {
        delimiter: b';',
        bom: true,
        crlf: true,
        decimal_comma: true,
    };
}

/// Writes records to memory; see the module documentation.
pub struct CsvWriter {
    inner: csv::Writer<Vec<u8>>,
    dialect: Dialect,
}

impl CsvWriter {
    pub fn new(dialect: Dialect) -> Self {
        let out = if dialect.bom {
            vec![0xEF, 0xBB, 0xBF]
        } else {
            Vec::new()
        };
        let inner = csv::WriterBuilder::new()
            .delimiter(dialect.delimiter)
            .terminator(if dialect.crlf {
                csv::Terminator::CRLF
            } else {
                csv::Terminator::Any(b'\n')
            })
            .quote_style(csv::QuoteStyle::Necessary)
            .from_writer(out);
        CsvWriter { inner, dialect }
    }

    fn decimal(&self, x: f64) -> String {
        let s = format!("{x:.1}");
        if self.dialect.decimal_comma {
            s.replace('.', ",")
        } else {
            s
        }
    }

    fn cell<'a>(&self, field: &Field<'a>) -> Cow<'a, str> {
        match *field {
            Field::Text(t) => neutralise(t),
            Field::Int(i) => Cow::Owned(i.to_string()),
            Field::Decimal(x) => Cow::Owned(self.decimal(x)),
            Field::Percent(x) => Cow::Owned(format!("{}%", self.decimal(x * 100.0))),
            Field::Empty => Cow::Borrowed(""),
        }
    }

    /// A record of typed cells.
    pub fn record<'a>(
        &mut self,
        fields: impl IntoIterator<Item = Field<'a>>,
    ) -> Result<(), csv::Error> {
        let cells: Vec<Cow<'a, str>> = fields.into_iter().map(|f| self.cell(&f)).collect();
        self.inner.write_record(cells.iter().map(|c| c.as_bytes()))
    }

    /// A record of text cells, every one guarded.
    pub fn texts<S: AsRef<str>>(
        &mut self,
        cells: impl IntoIterator<Item = S>,
    ) -> Result<(), csv::Error> {
        self.inner.write_record(
            cells
                .into_iter()
                .map(|c| neutralise(c.as_ref()).into_owned()),
        )
    }

    pub fn into_bytes(self) -> Result<Vec<u8>, csv::Error> {
        self.inner
            .into_inner()
            .map_err(|e| csv::Error::from(e.into_error()))
    }

    /// The file as text (it is UTF-8 by construction).
    pub fn into_string(self) -> Result<String, csv::Error> {
        let bytes = self.into_bytes()?;
        Ok(String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_formula_start_is_neutralised() {
        for (raw, shown) in [
            (
                "=HYPERLINK(\"http://x\",\"klik\")",
                "'=HYPERLINK(\"http://x\",\"klik\")",
            ),
            ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
            ("-2+3", "'-2+3"),
            ("@SUM(1+1)", "'@SUM(1+1)"),
            ("\t=1+1", "'\t=1+1"),
            ("\r=1+1", "'\r=1+1"),
        ] {
            assert_eq!(neutralise(raw), shown, "{raw:?}");
        }
    }

    #[test]
    fn ordinary_text_is_left_alone() {
        for raw in [
            "Jan Jansen",
            "",
            "111222333",
            "2024-01-01",
            "O'Brien",
            "de Vries-Jansen",
            " =not at the start",
            "'already quoted",
            "a=b",
        ] {
            assert!(matches!(neutralise(raw), Cow::Borrowed(_)), "{raw:?}");
        }
    }

    #[test]
    fn quoting_follows_rfc_4180() {
        let mut w = CsvWriter::new(Dialect::PLAIN);
        w.texts(["naam", "toelichting"]).unwrap();
        w.texts(["Jansen, P.", "zei \"nee\""]).unwrap();
        w.texts(["twee\nregels", "=1+1"]).unwrap();
        w.texts(["-2+3", "=HYPERLINK(\"x\")"]).unwrap();
        assert_eq!(
            w.into_string().unwrap(),
            "naam,toelichting\n\
             \"Jansen, P.\",\"zei \"\"nee\"\"\"\n\
             \"twee\nregels\",'=1+1\n\
             '-2+3,\"'=HYPERLINK(\"\"x\"\")\"\n"
        );
    }

    #[test]
    fn numbers_are_numbers_and_text_never_is() {
        let mut w = CsvWriter::new(Dialect::DUTCH_EXCEL);
        w.record([
            Field::Int(-2),
            Field::Decimal(-1.25),
            Field::Percent(0.375),
            Field::Text("-2"),
            Field::Empty,
            Field::Text("a; b"),
        ])
        .unwrap();
        let bytes = w.into_bytes().unwrap();
        assert_eq!(&bytes[..3], &[0xEF, 0xBB, 0xBF]);
        assert_eq!(
            std::str::from_utf8(&bytes[3..]).unwrap(),
            "-2;-1,2;37,5%;'-2;;\"a; b\"\r\n"
        );
    }
}
