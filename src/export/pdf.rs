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
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 56.0;
const BODY: f32 = 10.0;
const CELL_PAD: f32 = 4.0;

static REGULAR: &[u8] = include_bytes!("../../static/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../static/fonts/DejaVuSans-Bold.ttf");
static ITALIC: &[u8] = include_bytes!("../../static/fonts/DejaVuSans-Oblique.ttf");
static MONO: &[u8] = include_bytes!("../../static/fonts/DejaVuSansMono.ttf");

/// Which of the embedded faces a piece of text is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Face {
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
struct Metrics {
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
    fn stand_in(&self, face: Face) -> (u16, f32) {
        let f = &self.faces[face as usize];
        let glyph = f.glyph_index('\u{25A1}').unwrap_or(ttf_parser::GlyphId(0));
        let advance =
            f32::from(f.glyph_hor_advance(glyph).unwrap_or(0)) / f32::from(f.units_per_em());
        (glyph.0, advance)
    }

    fn has(&self, face: Face, c: char) -> bool {
        c.is_whitespace() || self.faces[face as usize].glyph_index(c).is_some()
    }

    fn width(&self, face: Face, size: f32, text: &str) -> f32 {
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

/// A piece of inline text in one face, maybe a link.
#[derive(Debug, Clone)]
struct Run {
    text: String,
    face: Face,
    link: Option<String>,
}

/// A block of the document.
#[derive(Debug)]
enum Block {
    Heading(u8, Vec<Run>),
    Paragraph(Vec<Run>),
    /// A list item: its marker ("•", "3."), nesting depth and text.
    Item(String, usize, Vec<Run>),
    Code(String),
    /// Rows of cells; the first row is the header when `header` is true.
    Table {
        rows: Vec<Vec<Vec<Run>>>,
        header: bool,
    },
    Rule,
}

/// Reads Markdown into blocks.
fn blocks(markdown: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut runs: Vec<Run> = Vec::new();
    let (mut bold, mut italic) = (0, 0);
    let mut link: Option<String> = None;
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut item: Option<String> = None;
    let mut code: Option<String> = None;
    let mut table: Option<(Vec<Vec<Vec<Run>>>, bool)> = None;
    let mut in_head = false;
    let face = |bold: i32, italic: i32| match (bold > 0, italic > 0) {
        (true, _) => Face::Bold,
        (false, true) => Face::Italic,
        _ => Face::Regular,
    };
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::Strong) => bold += 1,
            Event::End(TagEnd::Strong) => bold -= 1,
            Event::Start(Tag::Emphasis) => italic += 1,
            Event::End(TagEnd::Emphasis) => italic -= 1,
            Event::Start(Tag::Link { dest_url, .. }) => link = Some(dest_url.to_string()),
            Event::End(TagEnd::Link) => link = None,
            Event::End(TagEnd::Heading(level)) => {
                let level = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    _ => 3,
                };
                out.push(Block::Heading(level, std::mem::take(&mut runs)));
            }
            Event::End(TagEnd::Paragraph) if item.is_none() && table.is_none() => {
                out.push(Block::Paragraph(std::mem::take(&mut runs)));
            }
            Event::End(TagEnd::Paragraph) => runs.push(Run {
                text: " ".into(),
                face: Face::Regular,
                link: None,
            }),
            Event::Start(Tag::List(start)) => {
                if let Some(marker) = item.take() {
                    // The text before a nested list belongs to the outer item.
                    out.push(Block::Item(
                        marker,
                        lists.len() - 1,
                        std::mem::take(&mut runs),
                    ));
                }
                lists.push(start);
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                let marker = match lists.last_mut() {
                    Some(Some(n)) => {
                        let marker = format!("{n}.");
                        *n += 1;
                        marker
                    }
                    _ => "•".to_owned(),
                };
                item = Some(marker);
            }
            Event::End(TagEnd::Item) => {
                if let Some(marker) = item.take() {
                    let depth = lists.len().saturating_sub(1);
                    out.push(Block::Item(marker, depth, std::mem::take(&mut runs)));
                }
            }
            Event::Start(Tag::CodeBlock(_)) => code = Some(String::new()),
            Event::End(TagEnd::CodeBlock) => {
                out.push(Block::Code(code.take().unwrap_or_default()));
            }
            Event::Start(Tag::Table(_)) => table = Some((Vec::new(), false)),
            Event::End(TagEnd::Table) => {
                if let Some((rows, header)) = table.take() {
                    out.push(Block::Table { rows, header });
                }
            }
            Event::Start(Tag::TableHead) => {
                in_head = true;
                if let Some((rows, header)) = table.as_mut() {
                    rows.push(Vec::new());
                    *header = true;
                }
            }
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableRow) => {
                if let Some((rows, _)) = table.as_mut() {
                    rows.push(Vec::new());
                }
            }
            Event::End(TagEnd::TableCell) => {
                if let Some((rows, _)) = table.as_mut()
                    && let Some(row) = rows.last_mut()
                {
                    row.push(std::mem::take(&mut runs));
                }
            }
            Event::Rule => out.push(Block::Rule),
            Event::Text(text) => match code.as_mut() {
                Some(code) => code.push_str(&text),
                None => runs.push(Run {
                    text: text.to_string(),
                    face: if in_head {
                        Face::Bold
                    } else {
                        face(bold, italic)
                    },
                    link: link.clone(),
                }),
            },
            Event::Code(text) => runs.push(Run {
                text: text.to_string(),
                face: Face::Mono,
                link: link.clone(),
            }),
            Event::SoftBreak | Event::HardBreak => runs.push(Run {
                text: " ".into(),
                face: Face::Regular,
                link: None,
            }),
            Event::Html(text) | Event::InlineHtml(text) => runs.push(Run {
                text: text.to_string(),
                face: Face::Mono,
                link: None,
            }),
            _ => {}
        }
    }
    if !runs.is_empty() {
        out.push(Block::Paragraph(runs));
    }
    out
}

/// Something drawn on a page, in points from the top left.
#[derive(Debug)]
enum Draw {
    Text {
        x: f32,
        y: f32,
        face: Face,
        size: f32,
        text: String,
        colour: (u8, u8, u8),
        /// A character no embedded font has, drawn as this glyph (a box) with its advance
        /// in ems, while the text layer keeps the character.
        stand_in: Option<(u16, f32)>,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
    },
    Shade {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
    Link {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        url: String,
    },
}

const INK: (u8, u8, u8) = (27, 31, 36);
const LINK: (u8, u8, u8) = (11, 92, 173);
const MUTED: (u8, u8, u8) = (87, 96, 106);

/// Lays blocks out on pages.
struct Layout<'m> {
    metrics: &'m Metrics,
    pages: Vec<Vec<Draw>>,
    y: f32,
}

/// A word (with the space after it) in one face.
struct Word {
    text: String,
    face: Face,
    link: Option<String>,
    width: f32,
}

impl<'m> Layout<'m> {
    fn new(metrics: &'m Metrics) -> Self {
        Layout {
            metrics,
            pages: vec![Vec::new()],
            y: MARGIN,
        }
    }

    fn page(&mut self) -> &mut Vec<Draw> {
        self.pages.last_mut().expect("a page")
    }

    /// Starts a new page unless `height` more fits on this one.
    fn room(&mut self, height: f32) {
        if self.y + height > PAGE_H - MARGIN && self.y > MARGIN {
            self.pages.push(Vec::new());
            self.y = MARGIN;
        }
    }

    /// Splits runs into words, long words broken to fit `width`.
    fn words(&self, runs: &[Run], size: f32, width: f32) -> Vec<Word> {
        let mut words = Vec::new();
        for run in runs {
            let mut rest = run.text.as_str();
            while !rest.is_empty() {
                let end = rest.find(' ').map_or(rest.len(), |i| i + 1);
                let mut piece = &rest[..end];
                rest = &rest[end..];
                while !piece.is_empty() {
                    let mut cut = piece.len();
                    while self.metrics.width(run.face, size, &piece[..cut]) > width {
                        let Some((i, _)) = piece[..cut].char_indices().last() else {
                            break;
                        };
                        if i == 0 {
                            break;
                        }
                        cut = i;
                    }
                    words.push(Word {
                        text: piece[..cut].to_owned(),
                        face: run.face,
                        link: run.link.clone(),
                        width: self.metrics.width(run.face, size, &piece[..cut]),
                    });
                    piece = &piece[cut..];
                }
            }
        }
        words
    }

    /// Breaks runs into lines no wider than `width`.
    fn lines(&self, runs: &[Run], size: f32, width: f32) -> Vec<Vec<Word>> {
        let mut lines: Vec<Vec<Word>> = vec![Vec::new()];
        let mut used = 0.0;
        for word in self.words(runs, size, width) {
            let trimmed = self.metrics.width(word.face, size, word.text.trim_end());
            let line = lines.last_mut().expect("a line");
            if !line.is_empty() && used + trimmed > width {
                lines.push(Vec::new());
                used = 0.0;
                if word.text.trim().is_empty() {
                    continue;
                }
            }
            used += word.width;
            lines.last_mut().expect("a line").push(word);
        }
        lines
    }

    /// Draws one line of words with its top at `top`: words in one face and link as one
    /// piece of text; characters no embedded font has one by one, so that each keeps its
    /// own place in the text layer.
    fn draw_line(&mut self, line: &[Word], x: f32, top: f32, size: f32, colour: (u8, u8, u8)) {
        let baseline = top + size;
        let mut at = x;
        let mut i = 0;
        while i < line.len() {
            let (face, link) = (line[i].face, line[i].link.clone());
            let mut text = String::new();
            while i < line.len() && line[i].face == face && line[i].link == link {
                text.push_str(&line[i].text);
                i += 1;
            }
            let size_here = if face == Face::Mono {
                size * 0.92
            } else {
                size
            };
            let width = self.metrics.width(face, size, &text);
            if let Some(url) = &link
                && (url.starts_with("http://") || url.starts_with("https://"))
            {
                let url = url.clone();
                self.page().push(Draw::Link {
                    x: at,
                    y: top,
                    w: width,
                    h: size * 1.2,
                    url,
                });
            }
            let colour = if link.is_some() { LINK } else { colour };
            let mut piece = String::new();
            let mut piece_x = at;
            let flush =
                |layout: &mut Self, piece: &mut String, piece_x: &mut f32, missing: bool| {
                    if piece.is_empty() {
                        return;
                    }
                    let w = layout.metrics.width(face, size, piece);
                    let stand_in = missing.then(|| layout.metrics.stand_in(face));
                    layout.page().push(Draw::Text {
                        x: *piece_x,
                        y: baseline,
                        face,
                        size: size_here,
                        text: std::mem::take(piece),
                        colour,
                        stand_in,
                    });
                    *piece_x += w;
                };
            for c in text.chars() {
                if self.metrics.has(face, c) {
                    piece.push(c);
                } else {
                    flush(self, &mut piece, &mut piece_x, false);
                    piece.push(c);
                    flush(self, &mut piece, &mut piece_x, true);
                }
            }
            flush(self, &mut piece, &mut piece_x, false);
            at += width;
        }
    }

    fn text_block(&mut self, runs: &[Run], x: f32, size: f32, colour: (u8, u8, u8)) {
        let width = PAGE_W - MARGIN - x;
        let height = size * 1.45;
        for line in self.lines(runs, size, width) {
            self.room(height);
            let top = self.y;
            self.draw_line(&line, x, top, size, colour);
            self.y += height;
        }
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Heading(level, runs) => {
                let size = match level {
                    1 => 18.0,
                    2 => 13.5,
                    _ => 11.5,
                };
                let runs: Vec<Run> = runs
                    .iter()
                    .map(|r| Run {
                        face: Face::Bold,
                        ..r.clone()
                    })
                    .collect();
                self.y += if *level == 1 { 0.0 } else { size * 0.8 };
                // A heading is not left alone at the bottom of a page.
                self.room(size * 1.45 + BODY * 3.0);
                self.text_block(&runs, MARGIN, size, INK);
                if *level == 1 {
                    let y = self.y + 2.0;
                    self.page().push(Draw::Line {
                        x1: MARGIN,
                        y1: y,
                        x2: PAGE_W - MARGIN,
                        y2: y,
                    });
                    self.y += 8.0;
                }
                self.y += 2.0;
            }
            Block::Paragraph(runs) => {
                self.text_block(runs, MARGIN, BODY, INK);
                self.y += BODY * 0.6;
            }
            Block::Item(marker, depth, runs) => {
                let x = MARGIN + 14.0 * *depth as f32;
                self.room(BODY * 1.45);
                let top = self.y;
                let marker_run = [Run {
                    text: marker.clone(),
                    face: Face::Regular,
                    link: None,
                }];
                let words = self.words(&marker_run, BODY, 40.0);
                let marker_width: f32 = words.iter().map(|w| w.width).sum();
                self.draw_line(&words, x + 14.0 - marker_width, top, BODY, INK);
                self.text_block(runs, x + 18.0, BODY, INK);
                self.y += BODY * 0.2;
            }
            Block::Code(code) => {
                for text in code.lines() {
                    let run = [Run {
                        text: if text.is_empty() {
                            " ".into()
                        } else {
                            text.to_owned()
                        },
                        face: Face::Mono,
                        link: None,
                    }];
                    self.text_block(&run, MARGIN + 8.0, BODY * 0.95, INK);
                }
                self.y += BODY * 0.6;
            }
            Block::Rule => {
                self.room(BODY);
                let y = self.y + BODY * 0.5;
                self.page().push(Draw::Line {
                    x1: MARGIN,
                    y1: y,
                    x2: PAGE_W - MARGIN,
                    y2: y,
                });
                self.y += BODY;
            }
            Block::Table { rows, header } => self.table(rows, *header),
        }
    }

    fn table(&mut self, rows: &[Vec<Vec<Run>>], header: bool) {
        let size = BODY * 0.9;
        let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
        if columns == 0 {
            return;
        }
        let total = PAGE_W - 2.0 * MARGIN;
        // Each column as wide as its content wants, shrunk together to fit the page.
        let mut natural = vec![24.0_f32; columns];
        for row in rows {
            for (i, cell) in row.iter().enumerate() {
                let text: f32 = cell
                    .iter()
                    .map(|r| self.metrics.width(r.face, size, &r.text))
                    .sum();
                natural[i] = natural[i].max(text + 2.0 * CELL_PAD);
            }
        }
        let wanted: f32 = natural.iter().sum();
        let widths: Vec<f32> = if wanted <= total {
            natural
        } else {
            let floor = total / columns as f32 * 0.5;
            let scaled: Vec<f32> = natural
                .iter()
                .map(|w| (w * total / wanted).max(floor.min(*w)))
                .collect();
            let sum: f32 = scaled.iter().sum();
            scaled.iter().map(|w| w * total / sum).collect()
        };
        let line_height = size * 1.4;
        for (r, row) in rows.iter().enumerate() {
            let cells: Vec<Vec<Vec<Word>>> = (0..columns)
                .map(|i| {
                    let runs = row.get(i).map(Vec::as_slice).unwrap_or(&[]);
                    self.lines(runs, size, widths[i] - 2.0 * CELL_PAD)
                })
                .collect();
            let height =
                cells.iter().map(Vec::len).max().unwrap_or(1) as f32 * line_height + 2.0 * CELL_PAD;
            self.room(height);
            let top = self.y;
            let width: f32 = widths.iter().sum();
            if header && r == 0 {
                self.page().push(Draw::Shade {
                    x: MARGIN,
                    y: top,
                    w: width,
                    h: height,
                });
            }
            let mut x = MARGIN;
            for (i, lines) in cells.iter().enumerate() {
                for (n, line) in lines.iter().enumerate() {
                    let line_top = top + CELL_PAD + n as f32 * line_height;
                    self.draw_line(line, x + CELL_PAD, line_top, size, INK);
                }
                self.page().push(Draw::Line {
                    x1: x,
                    y1: top,
                    x2: x,
                    y2: top + height,
                });
                x += widths[i];
            }
            for (x1, y1, x2, y2) in [
                (x, top, x, top + height),
                (MARGIN, top, x, top),
                (MARGIN, top + height, x, top + height),
            ] {
                self.page().push(Draw::Line { x1, y1, x2, y2 });
            }
            self.y += height;
        }
        self.y += BODY * 0.8;
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
