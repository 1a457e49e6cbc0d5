//! A client letter as PDF: A4, the organisation's name at the top, the
//! letter head (the client's address, the date and the *kenmerk*), then the
//! title and the letter's text wrapped and paged.
//!
//! The text is set in DejaVu Sans (regular and bold, `fonts/`, with their
//! licence), embedded as a CID font (Type0 / CIDFontType2, Identity-H) and
//! subset to the glyphs the letter uses (`subsetter`), so names like
//! Yılmaz, Łukasz Øster or Petőfi print as written; a ToUnicode map keeps the
//! text searchable and extractable. Lines are wrapped on the glyphs' own
//! widths, read from the font (`ttf-parser`).

use std::collections::BTreeMap;

use pdf_writer::{
    types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap},
    Content, Finish, Name, Pdf, Rect, Ref, Str,
};
use ttf_parser::{Face, GlyphId};

const WIDTH: f32 = 595.0;
const HEIGHT: f32 = 842.0;
const MARGIN: f32 = 72.0;
const SIZE: f32 = 11.0;
const LEADING: f32 = 15.0;
/// The width a line of text may take.
const LINE_WIDTH: f32 = WIDTH - 2.0 * MARGIN;

static REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

/// What a letter's PDF holds.
#[derive(Debug, Clone, Copy)]
pub struct LetterDoc<'a> {
    /// The sender, at the top in bold.
    pub organisation: &'a str,
    /// The letter head under it: the client's name and address, then the
    /// date and the kenmerk, one line each (already in the reader's words).
    pub head: &'a [String],
    pub title: &'a str,
    pub body: &'a str,
}

/// One of the embedded faces, with what the page needs to measure text.
struct Font {
    data: &'static [u8],
    face: Face<'static>,
    /// The PDF name of the subset (a six-letter tag, `+`, the font's name).
    base_name: &'static [u8],
    bold: bool,
}

impl Font {
    fn load(data: &'static [u8], base_name: &'static [u8], bold: bool) -> Font {
        // The files are part of the build, so a face that does not parse is
        // a broken build, caught by the tests below.
        let face = Face::parse(data, 0).expect("the embedded font parses");
        Font {
            data,
            face,
            base_name,
            bold,
        }
    }

    /// The glyph for `c`; a character the font lacks gets `.notdef`.
    fn glyph(&self, c: char) -> GlyphId {
        self.face.glyph_index(c).unwrap_or(GlyphId(0))
    }

    /// The advance of a glyph in thousandths of the font size.
    fn advance(&self, g: GlyphId) -> f32 {
        let units = f32::from(self.face.units_per_em());
        f32::from(self.face.glyph_hor_advance(g).unwrap_or(0)) * 1000.0 / units
    }

    /// The width of `text` in points at `SIZE`.
    fn width(&self, text: &str) -> f32 {
        text.chars()
            .map(|c| self.advance(self.glyph(c)))
            .sum::<f32>()
            * SIZE
            / 1000.0
    }

    fn scaled(&self, v: i16) -> f32 {
        f32::from(v) * 1000.0 / f32::from(self.face.units_per_em())
    }
}

fn fonts() -> (Font, Font) {
    (
        Font::load(REGULAR, b"ZCHTAA+DejaVuSans", false),
        Font::load(BOLD, b"ZCHTAB+DejaVuSans-Bold", true),
    )
}

/// Wraps each paragraph line at word boundaries so that no line is wider
/// than `max` points in `font`; a word wider than a line is cut.
fn wrap_with(font: &Font, text: &str, max: f32) -> Vec<String> {
    let mut out = Vec::new();
    for para in text.lines() {
        let mut line = String::new();
        for word in para.split_whitespace() {
            let mut word = word.to_string();
            while font.width(&word) > max {
                if !line.is_empty() {
                    out.push(std::mem::take(&mut line));
                }
                // The longest head of the word that fits (at least one character).
                let mut cut = String::new();
                for c in word.chars() {
                    let mut next = cut.clone();
                    next.push(c);
                    if font.width(&next) > max && !cut.is_empty() {
                        break;
                    }
                    cut = next;
                }
                word = word[cut.len()..].to_string();
                out.push(cut);
            }
            let candidate = if line.is_empty() {
                word.clone()
            } else {
                format!("{line} {word}")
            };
            if font.width(&candidate) > max && !line.is_empty() {
                out.push(std::mem::replace(&mut line, word));
            } else {
                line = candidate;
            }
        }
        out.push(line);
    }
    out
}

/// Wraps text for the letter's body font and line width.
pub fn wrap(text: &str) -> Vec<String> {
    wrap_with(&fonts().0, text, LINE_WIDTH)
}

/// The glyphs one face is asked for, remapped to the subset's numbering,
/// and the character each stands for (for the ToUnicode map).
struct Used {
    remapper: subsetter::GlyphRemapper,
    chars: BTreeMap<u16, char>,
}

impl Used {
    fn new() -> Used {
        Used {
            remapper: subsetter::GlyphRemapper::new(),
            chars: BTreeMap::new(),
        }
    }

    /// The text as the subset's two-byte glyph codes (Identity-H).
    fn encode(&mut self, font: &Font, text: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(text.len() * 2);
        for c in text.chars() {
            let new = self.remapper.remap(font.glyph(c).0);
            self.chars.entry(new).or_insert(c);
            out.extend(new.to_be_bytes());
        }
        out
    }
}

/// Writes one face as a Type0 font over a CIDFontType2 with the subset
/// embedded, its widths and a ToUnicode map.
fn write_font(pdf: &mut Pdf, font: &Font, used: &Used, first: i32) {
    let type0 = Ref::new(first);
    let cid = Ref::new(first + 1);
    let descriptor = Ref::new(first + 2);
    let file = Ref::new(first + 3);
    let cmap = Ref::new(first + 4);
    let name = Name(font.base_name);
    let info = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };

    pdf.type0_font(type0)
        .base_font(name)
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid)
        .to_unicode(cmap);

    let widths: Vec<f32> = used
        .remapper
        .remapped_gids()
        .map(|old| font.advance(GlyphId(old)).round())
        .collect();
    let mut cid_font = pdf.cid_font(cid);
    cid_font
        .subtype(CidFontType::Type2)
        .base_font(name)
        .system_info(info)
        .font_descriptor(descriptor)
        .default_width(0.0)
        .cid_to_gid_map_predefined(Name(b"Identity"));
    cid_font.widths().consecutive(0, widths);
    cid_font.finish();

    let b = font.face.global_bounding_box();
    let mut flags = FontFlags::NON_SYMBOLIC;
    if font.bold {
        flags |= FontFlags::FORCE_BOLD;
    }
    pdf.font_descriptor(descriptor)
        .name(name)
        .flags(flags)
        .bbox(Rect::new(
            font.scaled(b.x_min),
            font.scaled(b.y_min),
            font.scaled(b.x_max),
            font.scaled(b.y_max),
        ))
        .italic_angle(0.0)
        .ascent(font.scaled(font.face.ascender()))
        .descent(font.scaled(font.face.descender()))
        .cap_height(font.scaled(font.face.capital_height().unwrap_or(0)))
        .stem_v(if font.bold { 120.0 } else { 80.0 })
        .font_file2(file);

    // The subsetter keeps only the glyphs used; the fonts are part of the
    // build and the tests subset them, so a refusal is a broken build.
    let data =
        subsetter::subset(font.data, 0, &used.remapper).expect("the embedded font can be subset");
    pdf.stream(file, &data)
        .pair(Name(b"Length1"), data.len() as i32);

    let mut unicode = UnicodeCmap::new(Name(b"Zicht-UTF16"), info);
    for (glyph, c) in &used.chars {
        unicode.pair(*glyph, *c);
    }
    pdf.cmap(cmap, &unicode.finish());
}

/// The letter as a PDF document.
pub fn render(doc: &LetterDoc) -> Vec<u8> {
    let (regular, bold) = fonts();
    // (bold?, text) per line; an empty line is a blank.
    let mut lines: Vec<(bool, String)> = vec![(true, doc.organisation.to_string())];
    lines.push((false, String::new()));
    for h in doc.head {
        if h.trim().is_empty() {
            // A blank line in the head stays a blank line.
            lines.push((false, String::new()));
            continue;
        }
        lines.extend(
            wrap_with(&regular, h, LINE_WIDTH)
                .into_iter()
                .map(|l| (false, l)),
        );
    }
    if !doc.head.is_empty() {
        lines.push((false, String::new()));
    }
    lines.extend(
        wrap_with(&bold, doc.title, LINE_WIDTH)
            .into_iter()
            .map(|l| (true, l)),
    );
    lines.push((false, String::new()));
    lines.extend(wrap(doc.body).into_iter().map(|l| (false, l)));

    let per_page = ((HEIGHT - 2.0 * MARGIN) / LEADING) as usize;
    let pages: Vec<&[(bool, String)]> = lines.chunks(per_page.max(1)).collect();

    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let font_regular = 10;
    let font_bold = 20;
    let page_ids: Vec<Ref> = (0..pages.len())
        .map(|i| Ref::new(30 + 2 * i as i32))
        .collect();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(page_ids.iter().copied())
        .count(pages.len() as i32);

    let mut used_regular = Used::new();
    let mut used_bold = Used::new();
    for (i, chunk) in pages.iter().enumerate() {
        let page_id = page_ids[i];
        let content_id = Ref::new(page_id.get() + 1);
        let mut page = pdf.page(page_id);
        page.media_box(Rect::new(0.0, 0.0, WIDTH, HEIGHT));
        page.parent(tree);
        page.contents(content_id);
        let mut resources = page.resources();
        let mut fonts = resources.fonts();
        fonts.pair(Name(b"F1"), Ref::new(font_regular));
        fonts.pair(Name(b"F2"), Ref::new(font_bold));
        fonts.finish();
        resources.finish();
        page.finish();

        let mut content = Content::new();
        content.begin_text();
        content.set_leading(LEADING);
        content.next_line(MARGIN, HEIGHT - MARGIN);
        for (heading, line) in chunk.iter() {
            let encoded = if *heading {
                content.set_font(Name(b"F2"), SIZE);
                used_bold.encode(&bold, line)
            } else {
                content.set_font(Name(b"F1"), SIZE);
                used_regular.encode(&regular, line)
            };
            content.show(Str(&encoded));
            content.next_line_using_leading();
        }
        content.end_text();
        pdf.stream(content_id, &content.finish());
    }
    write_font(&mut pdf, &regular, &used_regular, font_regular);
    write_font(&mut pdf, &bold, &used_bold, font_bold);
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn letter(title: &str, body: &str) -> Vec<u8> {
        render(&LetterDoc {
            organisation: "Sociale Dienst Westerkwartier-Zuid",
            head: &[
                "Fatma Yılmaz".to_string(),
                "Hoofdstraat 12".to_string(),
                "9351 AB  Leek".to_string(),
                String::new(),
                "Datum: 4 december 2026".to_string(),
                "Kenmerk: ZICHT/2026/000123".to_string(),
            ],
            title,
            body,
        })
    }

    #[test]
    fn lines_fit_and_no_word_is_lost() {
        let text = "Gefeliciteerd! ".repeat(40) + "\n\nTweede alinea.";
        let lines = wrap(&text);
        let (regular, _) = fonts();
        assert!(lines.iter().all(|l| regular.width(l) <= LINE_WIDTH));
        let words: usize = lines.iter().map(|l| l.split_whitespace().count()).sum();
        assert_eq!(words, 42);
        assert_eq!(lines.iter().filter(|l| l.is_empty()).count(), 1);
    }

    #[test]
    fn wrapping_follows_the_glyph_widths() {
        // Narrow letters fit more on a line than wide ones.
        let narrow = wrap(&"il ".repeat(200));
        let wide = wrap(&"WM ".repeat(200));
        assert!(narrow.len() < wide.len(), "{} {}", narrow.len(), wide.len());
        // A word wider than a line is cut, nothing lost.
        let long = "x".repeat(400);
        let cut = wrap(&long);
        assert!(cut.len() > 1);
        assert_eq!(cut.concat(), long);
    }

    #[test]
    fn the_fonts_cover_the_names_municipalities_meet() {
        let (regular, bold) = fonts();
        for c in "ıİşŞğĞłŁőŐűžŽøØćĆčČęĘăâîșțñçßëïéèáàüöäåæœ€–’“”".chars()
        {
            assert_ne!(regular.glyph(c), GlyphId(0), "{c}");
            assert_ne!(bold.glyph(c), GlyphId(0), "{c}");
        }
    }

    #[test]
    fn the_text_can_be_extracted_with_every_letter_as_written() {
        let pdf = letter(
            "Uitnodiging voor Łukasz Øster",
            "Beste heer Yılmaz,\n\nŁukasz Øster, Ayşe Doğan, Petőfi, Žofie, Ćosić en Częstochowa.",
        );
        let text = pdf_extract::extract_text_from_mem(&pdf).expect("text extracts");
        for expected in [
            "Yılmaz",
            "Łukasz Øster",
            "Ayşe Doğan",
            "Petőfi",
            "Žofie",
            "Ćosić",
            "Częstochowa",
            "ZICHT/2026/000123",
            "9351 AB",
        ] {
            assert!(text.contains(expected), "{expected} not in {text}");
        }
        assert!(!text.contains('?'), "{text}");
    }

    #[test]
    fn the_font_is_embedded_as_a_subset() {
        let pdf = letter("Titel", "Beste Yılmaz");
        let raw = String::from_utf8_lossy(&pdf);
        assert!(raw.contains("/CIDFontType2"));
        assert!(raw.contains("/Identity-H"));
        assert!(raw.contains("/ToUnicode"));
        assert!(raw.contains("/FontFile2"));
        // Far smaller than the two faces it draws on.
        assert!(
            pdf.len() < (REGULAR.len() + BOLD.len()) / 4,
            "{}",
            pdf.len()
        );
    }

    #[test]
    fn a_long_letter_runs_over_pages() {
        let pdf = letter("Titel", &"regel\n".repeat(120));
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.starts_with("%PDF-"));
        assert_eq!(
            text.matches("/Type /Page\n").count() + text.matches("/Type /Page ").count(),
            3,
        );
    }
}
