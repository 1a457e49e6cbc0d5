//! Latency samples, percentiles and the result rows that end up in the
//! Markdown table and the JSON file.

use std::{collections::BTreeMap, time::Duration};

use serde::Serialize;

/// Latencies of one measure, in nanoseconds, in the order they were taken.
#[derive(Debug, Default, Clone)]
pub struct Samples(Vec<u64>);

impl Samples {
    pub fn with_capacity(n: usize) -> Self {
        Samples(Vec::with_capacity(n))
    }

    pub fn push(&mut self, d: Duration) {
        self.0.push(u64::try_from(d.as_nanos()).unwrap_or(u64::MAX));
    }

    pub fn extend(&mut self, other: Samples) {
        self.0.extend(other.0);
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Median and 99th percentile (nearest rank on the sorted samples), in µs.
    pub fn summary(&self) -> Option<(f64, f64)> {
        if self.0.is_empty() {
            return None;
        }
        let mut sorted = self.0.clone();
        sorted.sort_unstable();
        Some((
            percentile(&sorted, 50.0) as f64 / 1000.0,
            percentile(&sorted, 99.0) as f64 / 1000.0,
        ))
    }

    pub fn total(&self) -> Duration {
        Duration::from_nanos(self.0.iter().sum())
    }
}

/// Nearest-rank percentile of sorted, non-empty samples.
fn percentile(sorted: &[u64], p: f64) -> u64 {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Failed operations of one measure, counted by kind.
#[derive(Debug, Default, Clone)]
pub struct Errors {
    pub count: u64,
    pub kinds: BTreeMap<String, u64>,
}

impl Errors {
    pub fn add(&mut self, kind: impl Into<String>) {
        self.count += 1;
        // Kinds are messages; keep the table of them small.
        let mut kind: String = kind.into();
        if kind.len() > 200 {
            let mut cut = 200;
            while !kind.is_char_boundary(cut) {
                cut -= 1;
            }
            kind.truncate(cut);
        }
        if self.kinds.len() < 20 || self.kinds.contains_key(&kind) {
            *self.kinds.entry(kind).or_default() += 1;
        } else {
            *self.kinds.entry("(other)".into()).or_default() += 1;
        }
    }

    pub fn merge(&mut self, other: Errors) {
        self.count += other.count;
        for (k, n) in other.kinds {
            *self.kinds.entry(k).or_default() += n;
        }
    }

    /// `3 × HTTP 403 Forbidden; 1 × timeout`, or `None` without errors.
    pub fn describe(&self) -> Option<String> {
        (self.count > 0).then(|| {
            self.kinds
                .iter()
                .map(|(k, n)| format!("{n} × {k}"))
                .collect::<Vec<_>>()
                .join("; ")
        })
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Throughput {
    pub per_second: f64,
    /// What is counted, e.g. `req/s`.
    pub unit: String,
}

/// One line of the result table.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub section: &'static str,
    pub measure: String,
    /// How many operations the latencies (or the single timing) cover.
    pub n: u64,
    pub median_us: Option<f64>,
    pub p99_us: Option<f64>,
    pub throughput: Option<Throughput>,
    /// Failed operations (errors, non-2xx answers, broken invariants).
    pub errors: u64,
}

impl Row {
    /// A row of latencies; throughput as operations over `elapsed`.
    pub fn latencies(
        section: &'static str,
        measure: impl Into<String>,
        samples: &Samples,
        elapsed: Duration,
        unit: &str,
        errors: u64,
    ) -> Row {
        let summary = samples.summary();
        let secs = elapsed.as_secs_f64();
        Row {
            section,
            measure: measure.into(),
            n: samples.len() as u64,
            median_us: summary.map(|s| s.0),
            p99_us: summary.map(|s| s.1),
            throughput: (secs > 0.0 && !samples.0.is_empty()).then(|| Throughput {
                per_second: samples.len() as f64 / secs,
                unit: unit.to_string(),
            }),
            errors,
        }
    }
}

/// `850 µs`, `12.3 ms`, `4.56 s`.
pub fn format_us(us: f64) -> String {
    if us < 1000.0 {
        format!("{us:.0} µs")
    } else if us < 10_000.0 {
        format!("{:.2} ms", us / 1000.0)
    } else if us < 1_000_000.0 {
        format!("{:.1} ms", us / 1000.0)
    } else {
        format!("{:.2} s", us / 1_000_000.0)
    }
}

pub fn format_rate(t: &Throughput) -> String {
    let v = t.per_second;
    let n = if v >= 100.0 {
        format!("{v:.0}")
    } else if v >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    };
    format!("{n} {}", t.unit)
}

/// The result rows as a Markdown table.
pub fn markdown(rows: &[Row]) -> String {
    let mut out = String::from(
        "| section | measure | n | median | p99 | throughput | errors |\n\
         |---|---|---:|---:|---:|---:|---:|\n",
    );
    let dash = || "–".to_string();
    for r in rows {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} |\n",
            r.section,
            r.measure.replace('|', "\\|"),
            r.n,
            r.median_us.map_or_else(dash, format_us),
            r.p99_us.map_or_else(dash, format_us),
            r.throughput.as_ref().map_or_else(dash, format_rate),
            r.errors
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let sorted: Vec<u64> = (1..=100).collect();
        assert_eq!(percentile(&sorted, 50.0), 50);
        assert_eq!(percentile(&sorted, 99.0), 99);
        assert_eq!(percentile(&[7], 99.0), 7);
        let mut s = Samples::default();
        for us in [3u64, 1, 2] {
            s.push(Duration::from_micros(us));
        }
        assert_eq!(s.summary(), Some((2.0, 3.0)));
        assert_eq!(Samples::default().summary(), None);
    }

    #[test]
    fn units() {
        assert_eq!(format_us(850.0), "850 µs");
        assert_eq!(format_us(1234.0), "1.23 ms");
        assert_eq!(format_us(45_600.0), "45.6 ms");
        assert_eq!(format_us(2_500_000.0), "2.50 s");
    }
}
