//! The passages of a post-mortem that match a search, with the words found marked. The
//! database finds and ranks; the passages are cut here, where a text costs microseconds
//! instead of the database's second parse of every text on the page.

use std::collections::HashSet;

use rust_stemmers::{Algorithm, Stemmer};

use crate::i18n::fold;

/// Where a highlighted word starts and ends in a passage (characters no text holds).
pub const MARK_START: char = '\u{1}';
pub const MARK_END: char = '\u{2}';

/// The most words a passage shows.
const WORDS: usize = 30;
/// How many words before the first word found a passage starts.
const BEFORE: usize = 6;
/// How many passages at most.
const PASSAGES: usize = 2;
/// Between two passages.
const BETWEEN: &str = " … ";

/// The lexemes a document must hold to match a text-search query, from the query's text form
/// (`'databas' & 'timeout' & !'disk'`): the quoted ones not negated.
pub fn query_lexemes(tsquery: &str) -> Vec<String> {
    let mut lexemes = Vec::new();
    let mut chars = tsquery.chars().peekable();
    let mut negated = false;
    while let Some(c) = chars.next() {
        match c {
            '!' => negated = true,
            '\'' => {
                let mut lexeme = String::new();
                while let Some(c) = chars.next() {
                    if c == '\'' {
                        if chars.peek() == Some(&'\'') {
                            chars.next();
                            lexeme.push('\'');
                        } else {
                            break;
                        }
                    } else {
                        lexeme.push(c);
                    }
                }
                if !negated && !lexemes.contains(&lexeme) {
                    lexemes.push(lexeme);
                }
                negated = false;
            }
            '&' | '|' | '<' => negated = false,
            _ => {}
        }
    }
    lexemes
}

/// A word of the text: where it is, and whether the search found it.
struct Word {
    start: usize,
    end: usize,
    found: Option<usize>,
}

/// Up to two passages of `text` around the words whose stems are among `lexemes` (English
/// or Portuguese stems of the words without accents, as the search index holds them), the
/// words found between [`MARK_START`] and
/// [`MARK_END`]; the passage that holds the most different words first in the choice, the
/// passages in the text's order. Without a word found, the start of the text.
pub fn passage(text: &str, lexemes: &[String]) -> String {
    let english = Stemmer::create(Algorithm::English);
    let portuguese = Stemmer::create(Algorithm::Portuguese);
    let mut words = Vec::new();
    let mut start = None;
    for (at, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                let folded = fold(&text[from..at]);
                let (en, pt) = (english.stem(&folded), portuguese.stem(&folded));
                let found = lexemes
                    .iter()
                    .position(|l| *l == en || *l == pt || *l == folded);
                words.push(Word {
                    start: from,
                    end: at,
                    found,
                });
                start = None;
            }
            _ => {}
        }
    }
    if words.is_empty() {
        return String::new();
    }

    // Each word found proposes a passage starting a little before it; the best holds the
    // most different words found, then the most words found.
    let score = |from: usize| {
        let window = &words[from..(from + WORDS).min(words.len())];
        let kinds: HashSet<usize> = window.iter().filter_map(|w| w.found).collect();
        let count = window.iter().filter(|w| w.found.is_some()).count();
        (kinds.len(), count)
    };
    let mut starts: Vec<usize> = words
        .iter()
        .enumerate()
        .filter(|(_, w)| w.found.is_some())
        .map(|(i, _)| i.saturating_sub(BEFORE))
        .collect();
    starts.dedup();
    let mut chosen: Vec<usize> = Vec::new();
    while chosen.len() < PASSAGES {
        let best = starts
            .iter()
            .copied()
            .filter(|s| chosen.iter().all(|c| s + WORDS <= *c || c + WORDS <= *s))
            // The earliest of equals: max_by_key keeps the last, so compare reversed starts.
            .max_by_key(|s| (score(*s), std::cmp::Reverse(*s)));
        match best {
            Some(s) => chosen.push(s),
            None => break,
        }
    }
    if chosen.is_empty() {
        chosen.push(0);
    }
    chosen.sort_unstable();

    let mut out = String::new();
    for (n, from) in chosen.into_iter().enumerate() {
        if n > 0 {
            out.push_str(BETWEEN);
        }
        let window = &words[from..(from + WORDS).min(words.len())];
        for (i, word) in window.iter().enumerate() {
            if i > 0 {
                let gap = &text[window[i - 1].end..word.start];
                push_gap(&mut out, gap);
            }
            let w = &text[word.start..word.end];
            if word.found.is_some() {
                out.push(MARK_START);
                out.push_str(w);
                out.push(MARK_END);
            } else {
                out.push_str(w);
            }
        }
        // Punctuation that closes the last word (a full stop, a bracket) stays with it.
        let last = window[window.len() - 1].end;
        let tail = &text[last..];
        let closing: String = tail
            .chars()
            .take_while(|c| !c.is_whitespace() && !c.is_alphanumeric())
            .collect();
        out.push_str(&closing);
    }
    out
}

/// The text between two words, its runs of white space (paragraph breaks too) as one space.
fn push_gap(out: &mut String, gap: &str) {
    let mut space = false;
    for c in gap.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexemes(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| (*w).to_owned()).collect()
    }

    #[test]
    fn the_lexemes_of_a_query_are_its_quoted_words_not_negated() {
        assert_eq!(
            query_lexemes("'databas' & 'timeout'"),
            lexemes(&["databas", "timeout"])
        );
        assert_eq!(
            query_lexemes("'disk' & !'full' | 'it''s' <-> 'disk'"),
            lexemes(&["disk", "it's"])
        );
        assert_eq!(query_lexemes(""), Vec::<String>::new());
    }

    #[test]
    fn words_found_by_their_stems_are_marked() {
        assert_eq!(
            passage(
                "The databases timed out. Timeouts everywhere.",
                &lexemes(&["databas", "timeout"])
            ),
            "The \u{1}databases\u{2} timed out. \u{1}Timeouts\u{2} everywhere."
        );
    }

    #[test]
    fn portuguese_words_are_found_by_their_stems_without_accents() {
        // What PostgreSQL makes of "configuracao de conexões" (murphy_query).
        let query = "'configuracao' & 'de' & 'conexo' | 'configuraca' & 'conexo'";
        assert_eq!(
            passage("A configuração das conexões falhou.", &query_lexemes(query)),
            "A \u{1}configuração\u{2} das \u{1}conexões\u{2} falhou."
        );
    }

    #[test]
    fn a_long_text_gives_two_passages_around_the_words_found() {
        let filler = |n: usize| vec!["word"; n].join(" ");
        let text = format!(
            "{} canary one.\n\n{} rollback two. {}",
            filler(40),
            filler(50),
            filler(40)
        );
        let got = passage(&text, &lexemes(&["canari", "rollback"]));
        let expected = format!(
            "{} \u{1}canary\u{2} {} … {} \u{1}rollback\u{2} {}",
            filler(6),
            ["one."]
                .into_iter()
                .chain(vec!["word"; 22])
                .collect::<Vec<_>>()
                .join(" "),
            filler(6),
            ["two."]
                .into_iter()
                .chain(vec!["word"; 22])
                .collect::<Vec<_>>()
                .join(" ")
        );
        assert_eq!(got, expected);
    }

    #[test]
    fn the_passage_holding_the_most_different_words_wins() {
        let filler = |n: usize| vec!["word"; n].join(" ");
        let text = format!(
            "disk {} disk {} disk full {} disk",
            filler(40),
            filler(40),
            filler(40)
        );
        let got = passage(&text, &lexemes(&["disk", "full"]));
        // Two passages: the one with both words, and the earliest other.
        assert_eq!(got.matches(MARK_START).count(), 3, "{got}");
        let (first, second) = got.split_once(BETWEEN).unwrap();
        assert!(first.starts_with("\u{1}disk\u{2} word"), "{first}");
        assert!(second.contains("\u{1}disk\u{2} \u{1}full\u{2}"), "{second}");
    }

    #[test]
    fn without_a_word_found_the_passage_is_the_start() {
        assert_eq!(
            passage("Nothing to see here.", &lexemes(&["canari"])),
            "Nothing to see here."
        );
        assert_eq!(passage("", &lexemes(&["canari"])), "");
        let long = vec!["word"; 50].join(" ");
        assert_eq!(passage(&long, &[]), vec!["word"; 30].join(" "));
    }
}
