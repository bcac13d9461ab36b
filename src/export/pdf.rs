//! A plain, text-extractable PDF of a Markdown document: headings and wrapped paragraphs in
//! the standard Helvetica fonts (no fonts embedded), A4, with page breaks.

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str};

const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 56.0;

/// Helvetica's average glyph width as a fraction of the font size, used to wrap lines.
const AVERAGE_WIDTH: f32 = 0.5;

#[derive(Clone, Copy)]
enum Style {
    Title,
    Heading,
    Body,
}

impl Style {
    fn size(self) -> f32 {
        match self {
            Style::Title => 18.0,
            Style::Heading => 13.0,
            Style::Body => 10.5,
        }
    }

    fn font(self) -> Name<'static> {
        match self {
            Style::Body => Name(b"F1"),
            _ => Name(b"F2"),
        }
    }
}

/// Renders Markdown (headings `#`/`##`, paragraphs, list items, tables as text) to PDF.
pub fn from_markdown(markdown: &str) -> Vec<u8> {
    let mut lines: Vec<(Style, String)> = Vec::new();
    for raw in markdown.lines() {
        let (style, text) = if let Some(t) = raw.strip_prefix("# ") {
            (Style::Title, t)
        } else if let Some(t) = raw.strip_prefix("## ") {
            (Style::Heading, t)
        } else {
            (Style::Body, raw)
        };
        let text = text.replace("**", "").replace('_', " ");
        if text.trim_start().starts_with("|---") {
            continue;
        }
        let width = ((PAGE_W - 2.0 * MARGIN) / (style.size() * AVERAGE_WIDTH)) as usize;
        if text.trim().is_empty() {
            lines.push((style, String::new()));
        }
        for wrapped in wrap(&text, width.max(20)) {
            lines.push((style, wrapped));
        }
    }
    render(&lines)
}

fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push(line);
    }
    out
}

fn render(lines: &[(Style, String)]) -> Vec<u8> {
    let mut pages: Vec<Content> = Vec::new();
    let mut content = Content::new();
    let mut y = PAGE_H - MARGIN;
    for (style, text) in lines {
        let step = style.size() * 1.4
            + if matches!(style, Style::Heading) {
                6.0
            } else {
                0.0
            };
        if y - step < MARGIN {
            pages.push(std::mem::replace(&mut content, Content::new()));
            y = PAGE_H - MARGIN;
        }
        y -= step;
        if text.is_empty() {
            continue;
        }
        content.begin_text();
        content.set_font(style.font(), style.size());
        content.next_line(MARGIN, y);
        content.show(Str(&win_ansi(text)));
        content.end_text();
    }
    pages.push(content);

    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let (regular, bold) = (Ref::new(3), Ref::new(4));
    let page_ids: Vec<Ref> = (0..pages.len())
        .map(|i| Ref::new(5 + 2 * i as i32))
        .collect();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(page_ids.iter().copied())
        .count(pages.len() as i32);
    for (name, id) in [
        (b"Helvetica".as_slice(), regular),
        (b"Helvetica-Bold".as_slice(), bold),
    ] {
        pdf.type1_font(id)
            .base_font(Name(name))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    for (i, page_content) in pages.into_iter().enumerate() {
        let (page_id, content_id) = (page_ids[i], Ref::new(6 + 2 * i as i32));
        let mut page = pdf.page(page_id);
        page.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H));
        page.parent(tree);
        page.contents(content_id);
        let mut resources = page.resources();
        let mut fonts = resources.fonts();
        fonts.pair(Name(b"F1"), regular);
        fonts.pair(Name(b"F2"), bold);
        fonts.finish();
        resources.finish();
        page.finish();
        pdf.stream(content_id, &page_content.finish());
    }
    pdf.finish()
}

/// Windows-1252 bytes for the standard fonts; characters outside it become close ASCII.
fn win_ansi(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        match c {
            ' '..='~' => out.push(c as u8),
            '\u{a0}'..='\u{ff}' => out.push(c as u32 as u8),
            '—' => out.push(0x97),
            '–' => out.push(0x96),
            '‘' => out.push(0x91),
            '’' => out.push(0x92),
            '“' => out.push(0x93),
            '”' => out.push(0x94),
            '…' => out.push(0x85),
            '•' => out.push(0x95),
            '€' => out.push(0x80),
            '→' => out.extend_from_slice(b"->"),
            '★' => out.push(b'*'),
            _ => out.push(b'?'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_on_word_boundaries() {
        assert_eq!(wrap("one two three four", 9), ["one two", "three", "four"]);
        assert_eq!(win_ansi("a — b → c"), b"a \x97 b -> c");
    }

    #[test]
    fn long_documents_break_into_pages() {
        let md = format!("# Title\n\n{}", "A line of text.\n\n".repeat(200));
        let pdf = from_markdown(&md);
        assert!(pdf.starts_with(b"%PDF-"));
        let count = String::from_utf8_lossy(&pdf)
            .matches("/Type /Page\n")
            .count()
            + String::from_utf8_lossy(&pdf)
                .matches("/Type /Page ")
                .count();
        assert!(
            count >= 2 || String::from_utf8_lossy(&pdf).contains("/Count 4"),
            "pages: {count}"
        );
    }
}
