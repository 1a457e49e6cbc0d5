//! A client letter as PDF: A4, Helvetica (one of the standard fonts every
//! PDF reader has, so nothing is embedded), the organisation's name at the
//! top, and the letter's text wrapped and paged.

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str};

const WIDTH: f32 = 595.0;
const HEIGHT: f32 = 842.0;
const MARGIN: f32 = 72.0;
const SIZE: f32 = 11.0;
const LEADING: f32 = 15.0;
/// Characters per line: Helvetica averages about half an em, and this keeps
/// wide letters inside the margins too.
const LINE_CHARS: usize = 80;

/// Encodes text for a standard font in WinAnsiEncoding: Latin-1 maps onto
/// it directly, a few typographic marks have their own codes, and anything
/// else becomes `?` rather than garbage.
fn win_ansi(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| match c {
            '\u{20}'..='\u{7e}' => c as u8,
            '\u{a0}'..='\u{ff}' => c as u32 as u8,
            '€' => 0x80,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '•' => 0x95,
            '–' => 0x96,
            '—' => 0x97,
            _ => b'?',
        })
        .collect()
}

/// Wraps each paragraph line at word boundaries; a word longer than a line
/// is cut.
pub fn wrap(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for para in text.lines() {
        let mut line = String::new();
        for word in para.split_whitespace() {
            let mut word = word.to_string();
            while word.chars().count() > LINE_CHARS {
                if !line.is_empty() {
                    out.push(std::mem::take(&mut line));
                }
                let cut: String = word.chars().take(LINE_CHARS).collect();
                word = word.chars().skip(LINE_CHARS).collect();
                out.push(cut);
            }
            let len = line.chars().count() + usize::from(!line.is_empty()) + word.chars().count();
            if len > LINE_CHARS && !line.is_empty() {
                out.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&word);
        }
        out.push(line);
    }
    out
}

/// The letter as a PDF document.
pub fn render(organisation: &str, title: &str, body: &str) -> Vec<u8> {
    let mut lines = vec![
        organisation.to_string(),
        String::new(),
        title.to_string(),
        String::new(),
    ];
    lines.extend(wrap(body));
    let per_page = ((HEIGHT - 2.0 * MARGIN) / LEADING) as usize;
    let pages: Vec<&[String]> = lines.chunks(per_page.max(1)).collect();

    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let font = Ref::new(3);
    let bold = Ref::new(4);
    let page_ids: Vec<Ref> = (0..pages.len())
        .map(|i| Ref::new(5 + 2 * i as i32))
        .collect();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(page_ids.iter().copied())
        .count(pages.len() as i32);
    pdf.type1_font(font)
        .base_font(Name(b"Helvetica"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(bold)
        .base_font(Name(b"Helvetica-Bold"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    for (i, chunk) in pages.iter().enumerate() {
        let page_id = page_ids[i];
        let content_id = Ref::new(page_id.get() + 1);
        let mut page = pdf.page(page_id);
        page.media_box(Rect::new(0.0, 0.0, WIDTH, HEIGHT));
        page.parent(tree);
        page.contents(content_id);
        let mut resources = page.resources();
        let mut fonts = resources.fonts();
        fonts.pair(Name(b"F1"), font);
        fonts.pair(Name(b"F2"), bold);
        fonts.finish();
        resources.finish();
        page.finish();

        let mut content = Content::new();
        content.begin_text();
        content.set_leading(LEADING);
        content.next_line(MARGIN, HEIGHT - MARGIN);
        for (n, line) in chunk.iter().enumerate() {
            // The organisation and the title in bold, on the first page.
            let heading = i == 0 && (n == 0 || n == 2);
            content.set_font(Name(if heading { b"F2" } else { b"F1" }), SIZE);
            content.show(Str(&win_ansi(line)));
            content.next_line_using_leading();
        }
        content.end_text();
        pdf.stream(content_id, &content.finish());
    }
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_fit_and_no_word_is_lost() {
        let text = "Gefeliciteerd! ".repeat(40) + "\n\nTweede alinea.";
        let lines = wrap(&text);
        assert!(lines.iter().all(|l| l.chars().count() <= LINE_CHARS));
        let words: usize = lines.iter().map(|l| l.split_whitespace().count()).sum();
        assert_eq!(words, 42);
        assert_eq!(lines.iter().filter(|l| l.is_empty()).count(), 1);
    }

    #[test]
    fn dutch_letters_are_encoded_for_the_standard_font() {
        assert_eq!(
            win_ansi("ë é – €"),
            vec![0xeb, b' ', 0xe9, b' ', 0x96, b' ', 0x80]
        );
        assert_eq!(win_ansi("漢"), vec![b'?']);
    }

    #[test]
    fn a_long_letter_runs_over_pages() {
        let pdf = render("Sociale Dienst", "Titel", &"regel\n".repeat(120));
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.starts_with("%PDF-"));
        assert_eq!(
            text.matches("/Type /Page\n").count() + text.matches("/Type /Page ").count(),
            3,
            "{}",
            &text[..400.min(text.len())]
        );
    }
}
