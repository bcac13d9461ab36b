//! Markdown read into the blocks a PDF lays out.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::Face;

/// A piece of inline text in one face, maybe a link.
#[derive(Debug, Clone)]
pub(super) struct Run {
    pub(super) text: String,
    pub(super) face: Face,
    pub(super) link: Option<String>,
}

/// A block of the document.
#[derive(Debug)]
pub(super) enum Block {
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
pub(super) fn blocks(markdown: &str) -> Vec<Block> {
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
