//! Blocks laid out on A4 pages as things to draw.

use super::blocks::{Block, Run};
use super::{BODY, CELL_PAD, Face, MARGIN, Metrics, PAGE_H, PAGE_W};

/// Something drawn on a page, in points from the top left.
#[derive(Debug)]
pub(super) enum Draw {
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
pub(super) const MUTED: (u8, u8, u8) = (87, 96, 106);

/// Lays blocks out on pages.
pub(super) struct Layout<'m> {
    metrics: &'m Metrics,
    pub(super) pages: Vec<Vec<Draw>>,
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
    pub(super) fn new(metrics: &'m Metrics) -> Self {
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

    pub(super) fn block(&mut self, block: &Block) {
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
                // A heading is not left alone at the bottom of a page: it keeps a few lines,
                // or a table's heading row and first row, with it.
                self.room(size * 1.45 + BODY * 6.0);
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
        // Each column as wide as its content wants; when they do not all fit, each keeps at
        // least its longest word (words are not broken while there is room) and shares the
        // rest in proportion to what more it wants, as browsers lay tables out.
        let mut natural = vec![24.0_f32; columns];
        let mut least = vec![24.0_f32; columns];
        for row in rows {
            for (i, cell) in row.iter().enumerate() {
                let text: f32 = cell
                    .iter()
                    .map(|r| self.metrics.width(r.face, size, &r.text))
                    .sum();
                natural[i] = natural[i].max(text + 2.0 * CELL_PAD);
                let word = cell
                    .iter()
                    .flat_map(|r| {
                        r.text
                            .split_whitespace()
                            .map(|w| self.metrics.width(r.face, size, w))
                    })
                    .fold(0.0_f32, f32::max);
                least[i] = least[i].max(word + 2.0 * CELL_PAD);
            }
        }
        let wanted: f32 = natural.iter().sum();
        let needed: f32 = least.iter().sum();
        let widths: Vec<f32> = if wanted <= total {
            natural
        } else if needed >= total {
            least.iter().map(|w| w * total / needed).collect()
        } else {
            let share = (total - needed) / (wanted - needed);
            least
                .iter()
                .zip(&natural)
                .map(|(l, n)| l + (n - l) * share)
                .collect()
        };
        let line_height = size * 1.4;
        // Every row broken into lines first, so that the heading row can be kept with the
        // first row under it.
        let laid: Vec<(Vec<Vec<Vec<Word>>>, f32)> = rows
            .iter()
            .map(|row| {
                let cells: Vec<Vec<Vec<Word>>> = (0..columns)
                    .map(|i| {
                        let runs = row.get(i).map(Vec::as_slice).unwrap_or(&[]);
                        self.lines(runs, size, widths[i] - 2.0 * CELL_PAD)
                    })
                    .collect();
                let lines = cells.iter().map(Vec::len).max().unwrap_or(1);
                (cells, lines as f32 * line_height + 2.0 * CELL_PAD)
            })
            .collect();
        let second = laid.get(1).map_or(0.0, |(_, h)| *h);
        for (r, (cells, height)) in laid.into_iter().enumerate() {
            if header && r == 0 {
                self.room(height + second);
            }
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
