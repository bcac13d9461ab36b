//! A PDF of a Markdown document that reads like a document: headings, wrapped paragraphs
//! with bold, italic, code and links, bulleted and numbered lists, code blocks and tables
//! drawn as tables, on A4 with page numbers. The text is set in DejaVu Sans (embedded and
//! subset, so any Latin, Greek or Cyrillic text prints as typed and can be copied back
//! out); a character no embedded font has (CJK, emoji) is kept in the text layer and drawn
//! as the font's box, never as "?".

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, GlyphId, KrillaGlyph, TextDirection};
use krilla::{Data, Document};

mod blocks;
mod layout;

use blocks::blocks;
use layout::{Draw, Layout, MUTED};

const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 56.0;
const BODY: f32 = 10.0;
const CELL_PAD: f32 = 4.0;

static REGULAR: &[u8] = include_bytes!("../../../static/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../../static/fonts/DejaVuSans-Bold.ttf");
static ITALIC: &[u8] = include_bytes!("../../../static/fonts/DejaVuSans-Oblique.ttf");
static MONO: &[u8] = include_bytes!("../../../static/fonts/DejaVuSansMono.ttf");

/// Which of the embedded faces a piece of text is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Face {
    Regular,
    Bold,
    Italic,
    Mono,
}

impl Face {
    fn data(self) -> &'static [u8] {
        match self {
            Face::Regular => REGULAR,
            Face::Bold => BOLD,
            Face::Italic => ITALIC,
            Face::Mono => MONO,
        }
    }
}

/// Glyph advances, to measure text for wrapping.
pub(super) struct Metrics {
    faces: [ttf_parser::Face<'static>; 4],
}

impl Metrics {
    fn new() -> Option<Metrics> {
        let face = |f: Face| ttf_parser::Face::parse(f.data(), 0).ok();
        Some(Metrics {
            faces: [
                face(Face::Regular)?,
                face(Face::Bold)?,
                face(Face::Italic)?,
                face(Face::Mono)?,
            ],
        })
    }

    /// The glyph that stands in for a character the font lacks: a white square.
    pub(super) fn stand_in(&self, face: Face) -> (u16, f32) {
        let f = &self.faces[face as usize];
        let glyph = f.glyph_index('\u{25A1}').unwrap_or(ttf_parser::GlyphId(0));
        let advance =
            f32::from(f.glyph_hor_advance(glyph).unwrap_or(0)) / f32::from(f.units_per_em());
        (glyph.0, advance)
    }

    pub(super) fn has(&self, face: Face, c: char) -> bool {
        c.is_whitespace() || self.faces[face as usize].glyph_index(c).is_some()
    }

    pub(super) fn width(&self, face: Face, size: f32, text: &str) -> f32 {
        let f = &self.faces[face as usize];
        let per_unit = size / f32::from(f.units_per_em());
        let fallback = self.stand_in(face).1 * f32::from(f.units_per_em());
        text.chars()
            .map(|c| {
                f.glyph_index(c)
                    .and_then(|g| f.glyph_hor_advance(g))
                    .map_or(fallback, f32::from)
            })
            .sum::<f32>()
            * per_unit
    }
}

/// Renders Markdown as a PDF document (A4, numbered pages).
pub fn from_markdown(markdown: &str) -> Vec<u8> {
    let Some(metrics) = Metrics::new() else {
        return Vec::new();
    };
    let mut layout = Layout::new(&metrics);
    for block in blocks(markdown) {
        layout.block(&block);
    }
    render(layout.pages)
}

fn render(pages: Vec<Vec<Draw>>) -> Vec<u8> {
    let font = |face: Face| Font::new(Data::from(face.data()), 0);
    let (Some(regular), Some(bold), Some(italic), Some(mono)) = (
        font(Face::Regular),
        font(Face::Bold),
        font(Face::Italic),
        font(Face::Mono),
    ) else {
        return Vec::new();
    };
    let font_of = |face: Face| match face {
        Face::Regular => regular.clone(),
        Face::Bold => bold.clone(),
        Face::Italic => italic.clone(),
        Face::Mono => mono.clone(),
    };
    let count = pages.len();
    let mut document = Document::new();
    for (n, draws) in pages.into_iter().enumerate() {
        let Some(settings) = PageSettings::from_wh(PAGE_W, PAGE_H) else {
            continue;
        };
        let mut page = document.start_page_with(settings);
        let mut links = Vec::new();
        let mut surface = page.surface();
        let paint = |(r, g, b): (u8, u8, u8)| Fill {
            paint: rgb::Color::new(r, g, b).into(),
            opacity: NormalizedF32::ONE,
            rule: Default::default(),
        };
        let footer = format!("{} / {count}", n + 1);
        let footer_x = PAGE_W - MARGIN - metrics_width_estimate(&footer, 8.0);
        let footer = Draw::Text {
            x: footer_x,
            y: PAGE_H - MARGIN / 2.0,
            face: Face::Regular,
            size: 8.0,
            text: footer,
            colour: MUTED,
            stand_in: None,
        };
        for draw in draws.into_iter().chain(std::iter::once(footer)) {
            match draw {
                Draw::Text {
                    x,
                    y,
                    face,
                    size,
                    text,
                    colour,
                    stand_in,
                } => {
                    surface.set_fill(Some(paint(colour)));
                    match stand_in {
                        Some((glyph, advance)) => {
                            let glyph = KrillaGlyph::new(
                                GlyphId::new(u32::from(glyph)),
                                advance,
                                0.0,
                                0.0,
                                0.0,
                                0..text.len(),
                                None,
                            );
                            surface.draw_glyphs(
                                Point::from_xy(x, y),
                                &[glyph],
                                font_of(face),
                                &text,
                                size,
                                false,
                            );
                        }
                        None => surface.draw_text(
                            Point::from_xy(x, y),
                            font_of(face),
                            size,
                            &text,
                            false,
                            TextDirection::Auto,
                        ),
                    }
                }
                Draw::Line { x1, y1, x2, y2 } => {
                    let mut path = PathBuilder::new();
                    path.move_to(x1, y1);
                    path.line_to(x2, y2);
                    if let Some(path) = path.finish() {
                        surface.set_fill(None);
                        surface.set_stroke(Some(Stroke {
                            paint: rgb::Color::new(175, 184, 193).into(),
                            width: 0.6,
                            ..Stroke::default()
                        }));
                        surface.draw_path(&path);
                        surface.set_stroke(None);
                    }
                }
                Draw::Shade { x, y, w, h } => {
                    let mut path = PathBuilder::new();
                    if let Some(rect) = Rect::from_xywh(x, y, w, h) {
                        path.push_rect(rect);
                    }
                    if let Some(path) = path.finish() {
                        surface.set_fill(Some(paint((238, 241, 244))));
                        surface.draw_path(&path);
                    }
                }
                Draw::Link { x, y, w, h, url } => links.push((x, y, w, h, url)),
            }
        }
        surface.finish();
        for (x, y, w, h, url) in links {
            if let Some(rect) = Rect::from_xywh(x, y, w, h) {
                let target =
                    krilla::annotation::Target::Action(krilla::action::LinkAction::new(url).into());
                let link = krilla::annotation::LinkAnnotation::new(rect, target);
                page.add_annotation(krilla::annotation::Annotation::new_link(link, None));
            }
        }
        page.finish();
    }
    document.finish().unwrap_or_default()
}

/// The footer's width: digits and a slash, about 0.55 em each in DejaVu Sans.
fn metrics_width_estimate(text: &str, size: f32) -> f32 {
    text.chars().count() as f32 * size * 0.6
}

#[cfg(test)]
mod tests {
    use super::blocks::Block;
    use super::*;

    #[test]
    fn markdown_becomes_blocks() {
        let md = "# Title\n\nA **bold** [link](https://example.com).\n\n- one\n- two\n\n1. first\n2. second\n\n| a | b |\n|---|---|\n| ação | 東京 |\n";
        let b = blocks(md);
        assert!(matches!(&b[0], Block::Heading(1, _)));
        assert!(
            matches!(&b[1], Block::Paragraph(runs) if runs.iter().any(|r| r.face == Face::Bold && r.text == "bold") && runs.iter().any(|r| r.link.as_deref() == Some("https://example.com")))
        );
        let markers: Vec<&str> = b
            .iter()
            .filter_map(|b| match b {
                Block::Item(m, _, _) => Some(m.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(markers, ["•", "•", "1.", "2."]);
        match b.last() {
            Some(Block::Table { rows, header }) => {
                assert!(*header);
                assert_eq!(rows.len(), 2);
                assert_eq!(rows[1][0][0].text, "ação");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_pdf_comes_out() {
        let pdf = from_markdown("# Título\n\nAção: Zażółć gęślą jaźń.\n");
        assert!(pdf.starts_with(b"%PDF-"));
    }
}
