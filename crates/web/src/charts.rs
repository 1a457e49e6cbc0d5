//! Small server-rendered SVG charts. Inline in the page, so the strict
//! Content-Security-Policy allows them only with presentation attributes
//! (no `style`). Readable in print and without colour: dark text on white,
//! series told apart by dash pattern and marker shape, values written out.

use std::{
    fmt::Write,
    sync::atomic::{AtomicU64, Ordering},
};

const INK: &str = "#1a1a1a";
const CURRENT: &str = "#1f4e79";
const SECOND: &str = "#555555";
const GRID: &str = "#d0d0d0";
const TRACK: &str = "#f2f2f2";
const FONT: &str = "system-ui, sans-serif";

/// One bar: a share 0..=1 now and, if known, in the previous period.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub previous: Option<f64>,
}

/// One line over time.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub label: String,
    pub points: Vec<Option<f64>>,
    pub dashed: bool,
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// `37,5%`.
fn percent(x: f64) -> String {
    format!("{:.1}%", x * 100.0).replace('.', ",")
}

fn number(x: f64) -> String {
    if x.fract().abs() < 1e-9 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}").replace('.', ",")
    }
}

/// Opens an accessible `<svg>` with its title and description.
fn open(out: &mut String, width: u32, height: u32, title: &str, description: &str) {
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" role="img" width="100%" viewBox="0 0 {width} {height}" aria-labelledby="chart-{id}-title chart-{id}-desc" font-family="{FONT}" font-size="13" fill="{INK}"><title id="chart-{id}-title">{}</title><desc id="chart-{id}-desc">{}</desc><rect x="0" y="0" width="{width}" height="{height}" fill="white"/>"#,
        escape(title),
        escape(description)
    );
}

fn empty(out: &mut String, width: u32, height: u32) {
    let _ = write!(
        out,
        r#"<text x="{}" y="{}" text-anchor="middle">{}</text></svg>"#,
        width / 2,
        height / 2,
        escape(crate::i18n::Tr::current().t("effects.no_data"))
    );
}

/// Horizontal bars, one per label: the current value solid with its
/// percentage at the end, the previous period as a thin outlined bar below.
pub fn bar_chart(
    title: &str,
    description: &str,
    bars: &[Bar],
    current_label: &str,
    previous_label: &str,
) -> String {
    const WIDTH: u32 = 640;
    const LABEL: f64 = 250.0;
    const PLOT: f64 = 300.0;
    const ROW: u32 = 40;
    let height = 40 + ROW * bars.len().max(1) as u32;
    let mut out = String::new();
    open(&mut out, WIDTH, height, title, description);
    if bars.is_empty() {
        empty(&mut out, WIDTH, height);
        return out;
    }
    // Legend: what solid and outlined mean, in words as well as in shape.
    let _ = write!(
        out,
        r#"<rect x="{LABEL}" y="8" width="14" height="10" fill="{CURRENT}"/><text x="{}" y="17">{}</text><rect x="{}" y="10" width="14" height="6" fill="white" stroke="{SECOND}" stroke-width="1.5"/><text x="{}" y="17">{}</text>"#,
        LABEL + 20.0,
        escape(current_label),
        LABEL + 160.0,
        LABEL + 180.0,
        escape(previous_label)
    );
    for (i, bar) in bars.iter().enumerate() {
        let y = 32.0 + f64::from(ROW) * i as f64;
        let value = bar.value.clamp(0.0, 1.0);
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" text-anchor="end">{}</text><rect x="{LABEL}" y="{y}" width="{PLOT}" height="18" fill="{TRACK}"/><rect x="{LABEL}" y="{y}" width="{:.1}" height="18" fill="{CURRENT}"/><text x="{}" y="{}">{}</text>"#,
            LABEL - 8.0,
            y + 14.0,
            label_lines(&bar.label, LABEL - 8.0),
            PLOT * value,
            LABEL + PLOT + 6.0,
            y + 14.0,
            percent(value)
        );
        if let Some(p) = bar.previous {
            let p = p.clamp(0.0, 1.0);
            let _ = write!(
                out,
                r#"<rect x="{LABEL}" y="{}" width="{:.1}" height="6" fill="white" stroke="{SECOND}" stroke-width="1.5"/><text x="{}" y="{}" font-size="12" fill="{SECOND}">{}</text>"#,
                y + 22.0,
                PLOT * p,
                LABEL + PLOT + 6.0,
                y + 29.0,
                percent(p)
            );
        }
    }
    out.push_str("</svg>");
    out
}

/// Lines over time, one x label per point; shares 0..=1 when `percent`,
/// else counts from 0 to a rounded-up maximum. A missing point breaks the
/// line; the last point of each line carries its value.
pub fn line_chart(
    title: &str,
    description: &str,
    x_labels: &[String],
    series: &[Series],
    percent_axis: bool,
) -> String {
    const WIDTH: u32 = 640;
    const HEIGHT: u32 = 300;
    const LEFT: f64 = 56.0;
    const RIGHT: f64 = 70.0;
    const TOP: f64 = 40.0;
    const BOTTOM: f64 = 50.0;
    let mut out = String::new();
    open(&mut out, WIDTH, HEIGHT, title, description);
    let n = x_labels.len();
    let has_points = series.iter().any(|s| s.points.iter().any(Option::is_some));
    if n == 0 || !has_points {
        empty(&mut out, WIDTH, HEIGHT);
        return out;
    }
    let max = if percent_axis {
        1.0
    } else {
        let top = series
            .iter()
            .flat_map(|s| s.points.iter().flatten())
            .fold(0.0f64, |a, b| a.max(*b));
        nice_ceiling(top)
    };
    let plot_w = f64::from(WIDTH) - LEFT - RIGHT;
    let plot_h = f64::from(HEIGHT) - TOP - BOTTOM;
    let x = |i: usize| {
        if n == 1 {
            LEFT + plot_w / 2.0
        } else {
            LEFT + plot_w * i as f64 / (n - 1) as f64
        }
    };
    let y = |v: f64| TOP + plot_h * (1.0 - (v / max).clamp(0.0, 1.0));

    // Grid and y-axis ticks.
    for step in 0..=4 {
        let v = max * f64::from(step) / 4.0;
        let yy = y(v);
        let label = if percent_axis {
            format!("{}%", step * 25)
        } else {
            number(v)
        };
        let _ = write!(
            out,
            r#"<line x1="{LEFT}" y1="{yy:.1}" x2="{:.1}" y2="{yy:.1}" stroke="{GRID}" stroke-width="1"/><text x="{}" y="{:.1}" text-anchor="end" font-size="12">{label}</text>"#,
            LEFT + plot_w,
            LEFT - 6.0,
            yy + 4.0
        );
    }
    // X labels: as many as fit side by side without touching (a glyph of
    // 12 px text is at most ~0.62 em wide on average in sans-serif).
    let widest = x_labels
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0);
    let every = label_step(widest, n, plot_w);
    for (i, label) in x_labels.iter().enumerate() {
        // Counted from the last, so the latest month always has its label.
        if (n - 1 - i).is_multiple_of(every) {
            let _ = write!(
                out,
                r#"<text x="{:.1}" y="{}" text-anchor="middle" font-size="12">{}</text>"#,
                x(i),
                f64::from(HEIGHT) - BOTTOM + 18.0,
                escape(label)
            );
        }
    }
    // Legend with the line style of each series.
    for (k, s) in series.iter().enumerate() {
        let lx = LEFT + 220.0 * k as f64;
        let (colour, dash) = style(s);
        let _ = write!(
            out,
            r#"<line x1="{lx}" y1="16" x2="{}" y2="16" stroke="{colour}" stroke-width="2.5"{dash}/>{}<text x="{}" y="20">{}</text>"#,
            lx + 28.0,
            marker(k, lx + 14.0, 16.0, colour),
            lx + 34.0,
            escape(&s.label)
        );
    }
    for (k, s) in series.iter().enumerate() {
        let (colour, dash) = style(s);
        // One path segment per run of known points.
        let mut segments: Vec<Vec<(f64, f64)>> = Vec::new();
        let mut current: Vec<(f64, f64)> = Vec::new();
        for (i, p) in s.points.iter().enumerate().take(n) {
            match p {
                Some(v) => current.push((x(i), y(*v))),
                None if !current.is_empty() => segments.push(std::mem::take(&mut current)),
                None => {}
            }
        }
        if !current.is_empty() {
            segments.push(current);
        }
        for seg in &segments {
            let d: Vec<String> = seg
                .iter()
                .enumerate()
                .map(|(j, (px, py))| format!("{}{px:.1},{py:.1}", if j == 0 { "M" } else { "L" }))
                .collect();
            let _ = write!(
                out,
                r#"<path d="{}" fill="none" stroke="{colour}" stroke-width="2.5"{dash}/>"#,
                d.join(" ")
            );
            for (px, py) in seg {
                out.push_str(&marker(k, *px, *py, colour));
            }
        }
        if let Some((i, Some(v))) = s
            .points
            .iter()
            .enumerate()
            .take(n)
            .rev()
            .find(|(_, p)| p.is_some())
        {
            let text = if percent_axis {
                percent(*v)
            } else {
                number(*v)
            };
            let _ = write!(
                out,
                r#"<text x="{:.1}" y="{:.1}" font-size="12" fill="{colour}">{text}</text>"#,
                x(i) + 8.0,
                (y(*v) + 4.0 - 14.0 * k as f64).max(TOP)
            );
        }
    }
    out.push_str("</svg>");
    out
}

/// Every how many x labels one is written, so that labels of `widest`
/// characters at 12 px, `n` of them spread over `plot_w`, keep a gap.
fn label_step(widest: usize, n: usize, plot_w: f64) -> usize {
    if n < 2 {
        return 1;
    }
    let needed = widest as f64 * 12.0 * 0.62 + 10.0;
    let spacing = plot_w / (n - 1) as f64;
    ((needed / spacing).ceil() as usize).max(1)
}

/// A label as one line, or two `<tspan>` lines when it is long (the
/// fifth skill's name is), so it is never cut off at the chart's edge.
fn label_lines(label: &str, x: f64) -> String {
    const MAX: usize = 30;
    if label.chars().count() <= MAX {
        return escape(label);
    }
    let middle = label.len() / 2;
    let split = label
        .char_indices()
        .filter(|(_, c)| *c == ' ')
        .map(|(i, _)| i)
        .min_by_key(|i| i.abs_diff(middle));
    match split {
        Some(i) => format!(
            r#"<tspan x="{x}" dy="-6">{}</tspan><tspan x="{x}" dy="14">{}</tspan>"#,
            escape(&label[..i]),
            escape(&label[i + 1..])
        ),
        None => escape(label),
    }
}

fn style(s: &Series) -> (&'static str, &'static str) {
    if s.dashed {
        (SECOND, r#" stroke-dasharray="7 5""#)
    } else {
        (CURRENT, "")
    }
}

/// Circle for the first series, square for the next, so print tells them apart.
fn marker(k: usize, x: f64, y: f64, colour: &str) -> String {
    if k.is_multiple_of(2) {
        format!(r#"<circle cx="{x:.1}" cy="{y:.1}" r="3.5" fill="{colour}"/>"#)
    } else {
        format!(
            r#"<rect x="{:.1}" y="{:.1}" width="7" height="7" fill="{colour}"/>"#,
            x - 3.5,
            y - 3.5
        )
    }
}

/// 1, 2 or 5 times a power of ten, at least `x` (and at least 1).
fn nice_ceiling(x: f64) -> f64 {
    if x <= 1.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(x.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|c| *c >= x)
        .unwrap_or(10.0 * magnitude)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn width_of_bars(svg: &str) -> Vec<f64> {
        svg.split(&format!(r#"fill="{CURRENT}"/>"#))
            .filter_map(|part| part.rsplit("width=\"").next())
            .filter_map(|w| w.split('"').next()?.parse().ok())
            .collect()
    }

    #[test]
    fn bars_are_proportional_escaped_and_accessible() {
        let svg = bar_chart(
            "Vaardigheden <&\">",
            "Beschrijving",
            &[
                Bar {
                    label: "Op tijd <komen>".into(),
                    value: 0.5,
                    previous: Some(0.25),
                },
                Bar {
                    label: "Inzet".into(),
                    value: 0.25,
                    previous: None,
                },
            ],
            "Nu",
            "Vorige",
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("Vaardigheden &lt;&amp;&quot;&gt;"));
        assert!(svg.contains("Op tijd &lt;komen&gt;"));
        assert!(!svg.contains("<komen>"));
        assert!(!svg.contains("style"));
        assert!(svg.contains(r#"role="img""#));
        let id = svg
            .split("aria-labelledby=\"")
            .nth(1)
            .unwrap()
            .split(' ')
            .next()
            .unwrap();
        assert!(svg.contains(&format!(r#"<title id="{id}">"#)));
        assert!(svg.contains("50,0%") && svg.contains("25,0%"));
        // Legend swatch, then one bar per value: 150 and 75 of 300.
        let widths = width_of_bars(&svg);
        assert!(
            widths.contains(&150.0) && widths.contains(&75.0),
            "{widths:?}"
        );
    }

    #[test]
    fn a_missing_point_breaks_the_line() {
        let svg = line_chart(
            "Verloop",
            "Per maand",
            &[
                "01-2026".into(),
                "02-2026".into(),
                "03-2026".into(),
                "04-2026".into(),
            ],
            &[Series {
                label: "Klaar".into(),
                points: vec![Some(0.1), Some(0.2), None, Some(0.4)],
                dashed: false,
            }],
            true,
        );
        assert_eq!(svg.matches("<path").count(), 2);
        assert!(svg.contains("40,0%"));
        assert!(svg.contains(">100%<") && svg.contains(">0%<"));
        assert!(!svg.contains("style"));
    }

    #[test]
    fn x_labels_never_touch_and_text_is_at_least_12_px() {
        let months: Vec<String> = (1..=24)
            .map(|m| format!("{:02}-{}", (m - 1) % 12 + 1, 2025 + (m - 1) / 12))
            .collect();
        let svg = line_chart(
            "Verloop",
            "Per maand",
            &months,
            &[Series {
                label: "Klaar".into(),
                points: (0..24).map(|i| Some(f64::from(i) / 24.0)).collect(),
                dashed: false,
            }],
            true,
        );
        // The x of every x-axis label (the only centred text).
        let xs: Vec<f64> = svg
            .split("<text x=\"")
            .skip(1)
            .filter(|t| {
                t.split('>')
                    .next()
                    .is_some_and(|attrs| attrs.contains("text-anchor=\"middle\""))
            })
            .map(|t| t.split('"').next().unwrap().parse().unwrap())
            .collect();
        assert!(xs.len() >= 4 && xs.len() < 24, "{} labels", xs.len());
        // "01-2025" is 7 characters: about 52 px at 12 px.
        for pair in xs.windows(2) {
            assert!(pair[1] - pair[0] > 52.0, "labels {pair:?} touch");
        }
        assert!(
            months.last().is_some_and(|m| svg.contains(m.as_str())),
            "the latest month is labelled"
        );
        for size in svg.split("font-size=\"").skip(1) {
            let px: f64 = size.split('"').next().unwrap().parse().unwrap();
            assert!(px >= 12.0, "text of {px} px");
        }
    }

    #[test]
    fn empty_input_says_so() {
        let svg = line_chart("Leeg", "Niets", &[], &[], false);
        assert!(svg.contains("geen gegevens") && svg.ends_with("</svg>"));
        let svg = bar_chart("Leeg", "Niets", &[], "a", "b");
        assert!(svg.contains("geen gegevens"));
        assert_eq!(nice_ceiling(37.0), 50.0);
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(nice_ceiling(120.0), 200.0);
    }
}
