//! The text of a method or protocol, written in markdown, as safe HTML:
//! raw HTML in the text is shown as text (never passed on), links go only
//! to http(s), mailto or a place on this site, and an image becomes a link
//! to it, so no script, frame or tracker can be written into a page.

use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// A text's headings start at `h4`: the page around it has its own `h1`
/// to `h3` (the module, "Versions", the version).
fn shifted(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H4,
        HeadingLevel::H2 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// Renders `markdown` as HTML that is safe to put into a page as is.
pub fn to_safe_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        // Raw HTML is text: escaped by the renderer like any other text.
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        })
        | Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        Event::End(TagEnd::Image) => Event::End(TagEnd::Link),
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: shifted(level),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(shifted(level))),
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

/// The address itself when it is safe to link to, else `#`.
fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme_end = cleaned.find(':');
    let path_start = cleaned.find(['/', '?', '#']);
    let has_scheme = match (scheme_end, path_start) {
        (Some(c), Some(p)) => c < p,
        (Some(_), None) => true,
        _ => false,
    };
    let allowed = !has_scheme
        || ["http:", "https:", "mailto:"]
            .iter()
            .any(|s| cleaned.starts_with(s));
    if allowed && !cleaned.starts_with("//") {
        url
    } else {
        CowStr::Borrowed("#")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_html() {
        let html =
            to_safe_html("# Stappen\n\n1. **Bellen**\n2. [Wet](https://wetten.overheid.nl)\n");
        assert!(
            html.contains("<h4>Stappen</h4>"),
            "headings under the page's own"
        );
        assert!(html.contains("<strong>Bellen</strong>"));
        assert!(html.contains("<a href=\"https://wetten.overheid.nl\">Wet</a>"));
    }

    #[test]
    fn raw_html_and_scripts_are_inert() {
        for evil in [
            "<script>alert(1)</script>",
            "tekst <script>alert(1)</script> tekst",
            "<img src=x onerror=alert(1)>",
            "<iframe src=\"https://example.org\"></iframe>",
            "[klik](javascript:alert(1))",
            "[klik](JaVaScRiPt:alert(1))",
            "[klik](jav&#x61;script:alert(1))",
            "[klik]( \tjavascript:alert(1))",
            "[klik](data:text/html,<script>alert(1)</script>)",
            "![plaatje](javascript:alert(1))",
            "[klik](//evil.example/x)",
            "<a href=\"javascript:alert(1)\">klik</a>",
        ] {
            let html = to_safe_html(evil);
            let lower = html.to_ascii_lowercase();
            assert!(!lower.contains("<script"), "{evil} → {html}");
            assert!(!lower.contains("<img"), "{evil} → {html}");
            assert!(!lower.contains("<iframe"), "{evil} → {html}");
            // Escaped text may say `href="javascript:`; no tag may.
            assert!(!lower.contains("<a href=\"javascript"), "{evil} → {html}");
            assert!(!lower.contains("<a href=\"data"), "{evil} → {html}");
            assert!(!lower.contains("<a href=\"//"), "{evil} → {html}");
        }
        assert!(to_safe_html("<script>alert(1)</script>").contains("&lt;script&gt;"));
    }

    #[test]
    fn local_and_mail_links_stay() {
        assert!(to_safe_html("[lijst](/methodieken)").contains("href=\"/methodieken\""));
        assert!(to_safe_html("[mail](mailto:team@gemeente.nl)").contains("href=\"mailto:"));
        assert!(to_safe_html("[kop](#stappen)").contains("href=\"#stappen\""));
    }
}
