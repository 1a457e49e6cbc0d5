//! Tables of the effectenkaart as CSV (for Dutch Excel: semicolons, decimal
//! commas, a byte-order mark) and as an XLSX workbook with one sheet per table.

use std::collections::HashSet;

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use crate::safe_csv::{CsvWriter, Dialect, Field};

/// One table with its header row.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Sheet name, also used in file names.
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    /// Shown with one decimal.
    Number(f64),
    /// A share 0..=1, shown as a percentage with one decimal.
    Percent(f64),
    Empty,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("XLSX: {0}")]
    Xlsx(#[from] XlsxError),
}

/// The table as semicolon-separated UTF-8 with a byte-order mark, every
/// text cell guarded against formulas ([`crate::safe_csv`]).
pub fn csv(table: &Table) -> Result<Vec<u8>, ExportError> {
    let mut w = CsvWriter::new(Dialect::DUTCH_EXCEL);
    w.texts(&table.headers)?;
    for row in &table.rows {
        w.record(row.iter().map(|c| match c {
            Cell::Text(t) => Field::Text(t),
            Cell::Int(i) => Field::Int(*i),
            Cell::Number(x) => Field::Decimal(*x),
            Cell::Percent(x) => Field::Percent(*x),
            Cell::Empty => Field::Empty,
        }))?;
    }
    Ok(w.into_bytes()?)
}

/// A valid, unique sheet name: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(name: &str, taken: &mut HashSet<String>) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    let clean = clean.trim_matches('\'').trim();
    let base: String = if clean.is_empty() {
        "Blad".into()
    } else {
        clean.chars().take(31).collect()
    };
    let mut candidate = base.clone();
    let mut n = 2;
    while !taken.insert(candidate.to_lowercase()) {
        let suffix = format!(" ({n})");
        let keep = 31 - suffix.chars().count();
        candidate = format!("{}{suffix}", base.chars().take(keep).collect::<String>());
        n += 1;
    }
    candidate
}

/// All tables in one workbook, one sheet each, numbers as numbers.
pub fn xlsx(tables: &[Table]) -> Result<Vec<u8>, ExportError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let percent = Format::new().set_num_format("0.0%");
    let number = Format::new().set_num_format("0.0");
    let mut taken = HashSet::new();
    for table in tables {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(&table.name, &mut taken))?;
        let mut widths: Vec<usize> = table.headers.iter().map(|h| h.chars().count()).collect();
        for (col, h) in table.headers.iter().enumerate() {
            sheet.write_string_with_format(0, col as u16, h, &bold)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (col, cell) in row.iter().enumerate() {
                let c = col as u16;
                let shown = match cell {
                    Cell::Text(t) => {
                        sheet.write_string(r, c, t)?;
                        t.chars().count()
                    }
                    Cell::Int(i) => {
                        sheet.write_number(r, c, *i as f64)?;
                        i.to_string().len()
                    }
                    Cell::Number(x) => {
                        sheet.write_number_with_format(r, c, *x, &number)?;
                        8
                    }
                    Cell::Percent(x) => {
                        sheet.write_number_with_format(r, c, *x, &percent)?;
                        8
                    }
                    Cell::Empty => 0,
                };
                if widths.len() <= col {
                    widths.resize(col + 1, 0);
                }
                widths[col] = widths[col].max(shown);
            }
        }
        for (col, w) in widths.iter().enumerate() {
            // Long definitions wrap rather than make one endless column.
            sheet.set_column_width(col as u16, (*w as f64 + 2.0).clamp(8.0, 60.0))?;
        }
        sheet.set_freeze_panes(1, 0)?;
    }
    Ok(book.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(name: &str) -> Table {
        Table {
            name: name.into(),
            headers: vec![
                "Cijfer".into(),
                "Waarde".into(),
                "Aantal".into(),
                "Dagen".into(),
            ],
            rows: vec![
                vec![
                    Cell::Text("Klaar voor bemiddeling".into()),
                    Cell::Percent(0.375),
                    Cell::Int(3),
                    Cell::Number(12.25),
                ],
                vec![
                    Cell::Text("=HYPERLINK(\"x\")".into()),
                    Cell::Empty,
                    Cell::Int(-2),
                    Cell::Text("a; b".into()),
                ],
            ],
        }
    }

    #[test]
    fn csv_is_what_dutch_excel_reads() {
        let bytes = csv(&table("Cijfers")).unwrap();
        assert_eq!(&bytes[..3], &[0xEF, 0xBB, 0xBF]);
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert_eq!(
            text,
            "Cijfer;Waarde;Aantal;Dagen\r\n\
             Klaar voor bemiddeling;37,5%;3;12,2\r\n\
             \"'=HYPERLINK(\"\"x\"\")\";;-2;\"a; b\"\r\n"
        );
    }

    #[test]
    fn xlsx_is_a_zip_with_valid_unique_sheet_names() {
        let bytes = xlsx(&[table("Cijfers"), table("Cijfers"), table("a/b:c*d?[e]")]).unwrap();
        assert!(bytes.starts_with(b"PK"));
        let mut taken = HashSet::new();
        assert_eq!(sheet_name("Cijfers", &mut taken), "Cijfers");
        assert_eq!(sheet_name("cijfers", &mut taken), "cijfers (2)");
        let long = "x".repeat(40);
        let name = sheet_name(&long, &mut taken);
        assert_eq!(name.chars().count(), 31);
        let again = sheet_name(&long, &mut taken);
        assert_eq!(again.chars().count(), 31);
        assert!(again.ends_with(" (2)"));
        assert_eq!(sheet_name("a/b:c", &mut taken), "a_b_c");
        assert_eq!(sheet_name("''", &mut taken), "Blad");
    }
}
