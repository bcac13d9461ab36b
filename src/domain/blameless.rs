//! The blameless language check: sentences that blame people rather than systems and
//! processes are flagged with a suggested reframing. Warnings only; never blocking.
//!
//! The rules live here and nowhere else. Each is a phrase (matched without regard to case,
//! on word boundaries) and the reframing offered for it. A person named as the cause
//! ("caused by Bob", "Bob's mistake") is found against the names of Murphy's people.

/// One phrase that tends to blame, and how to say it instead.
pub struct Rule {
    pub phrase: &'static str,
    pub suggestion: &'static str,
}

pub const RULES: &[Rule] = &[
    Rule {
        phrase: "human error",
        suggestion: "Describe what in the system or process made the mistake easy to make and hard to catch.",
    },
    Rule {
        phrase: "operator error",
        suggestion: "Describe the conditions the operator faced: what the tooling showed, allowed or hid.",
    },
    Rule {
        phrase: "user error",
        suggestion: "Describe what the interface or documentation led the user to do.",
    },
    Rule {
        phrase: "'s fault",
        suggestion: "Name the gap in the system or process, not a person.",
    },
    Rule {
        phrase: "fault of",
        suggestion: "Name the gap in the system or process, not a person.",
    },
    Rule {
        phrase: "to blame",
        suggestion: "Explain the contributing factors instead of assigning blame.",
    },
    Rule {
        phrase: "blamed",
        suggestion: "Explain the contributing factors instead of assigning blame.",
    },
    Rule {
        phrase: "should have",
        suggestion: "Say what would have made the right action the easy one (a check, an alert, a safer default).",
    },
    Rule {
        phrase: "shouldn't have",
        suggestion: "Say what safeguard would have prevented the action.",
    },
    Rule {
        phrase: "should not have",
        suggestion: "Say what safeguard would have prevented the action.",
    },
    Rule {
        phrase: "careless",
        suggestion: "Describe the missing safeguard or review step.",
    },
    Rule {
        phrase: "carelessness",
        suggestion: "Describe the missing safeguard or review step.",
    },
    Rule {
        phrase: "negligent",
        suggestion: "Describe the missing safeguard or review step.",
    },
    Rule {
        phrase: "negligence",
        suggestion: "Describe the missing safeguard or review step.",
    },
    Rule {
        phrase: "sloppy",
        suggestion: "Describe what the process did not check.",
    },
    Rule {
        phrase: "lazy",
        suggestion: "Describe the time pressure or tooling friction involved.",
    },
    Rule {
        phrase: "incompetent",
        suggestion: "Describe the knowledge or training the situation required and how it could be made available.",
    },
    Rule {
        phrase: "stupid",
        suggestion: "Describe the decision in the context the person had at the time.",
    },
    Rule {
        phrase: "forgot to",
        suggestion: "Describe how the step could be automated or made hard to miss (a checklist, a default).",
    },
    Rule {
        phrase: "failed to notice",
        suggestion: "Describe what signal was missing or easy to overlook.",
    },
    Rule {
        phrase: "didn't bother",
        suggestion: "Describe why the step seemed optional and how to make it part of the process.",
    },
];

/// A flagged passage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    /// The words that were found.
    pub phrase: String,
    /// The sentence they were found in.
    pub sentence: String,
    pub suggestion: String,
}

/// The names a reader would recognise as people here (display names), prepared once for
/// checking many texts: lower case, whole and first word.
#[derive(Debug, Clone, Default)]
pub struct People(Vec<(String, String)>);

impl People {
    pub fn new(names: &[String]) -> People {
        People(
            names
                .iter()
                .filter(|n| n.chars().count() >= 2)
                .map(|n| {
                    let lower = n.to_lowercase();
                    let first = lower.split_whitespace().next().unwrap_or(&lower).to_owned();
                    (lower, first)
                })
                .collect(),
        )
    }
}

/// Flags every sentence of `text` that blames a person; a sentence naming one of `people`
/// as a cause is flagged.
pub fn check(text: &str, people: &People) -> Vec<Flag> {
    let mut flags = Vec::new();
    let names = &people.0;
    for sentence in sentences(text) {
        let lower = sentence.to_lowercase();
        for rule in RULES {
            if contains_words(&lower, rule.phrase) {
                flags.push(Flag {
                    phrase: rule.phrase.trim_start_matches('\'').to_owned(),
                    sentence: sentence.to_owned(),
                    suggestion: rule.suggestion.to_owned(),
                });
            }
        }
        for (name_lower, first) in names {
            // Most sentences name nobody: skip the phrases unless the name is there.
            if !lower.contains(first.as_str()) {
                continue;
            }
            for candidate in [name_lower.as_str(), first.as_str()] {
                let blamed = [
                    format!("caused by {candidate}"),
                    format!("broken by {candidate}"),
                    format!("because of {candidate}"),
                    format!("{candidate}'s mistake"),
                    format!("{candidate} broke"),
                    format!("{candidate} caused"),
                ];
                if let Some(found) = blamed.iter().find(|p| contains_words(&lower, p)) {
                    flags.push(Flag {
                        phrase: found.clone(),
                        sentence: sentence.to_owned(),
                        suggestion:
                            "Name the change, system or process that caused it, not the person."
                                .to_owned(),
                    });
                    break;
                }
            }
        }
    }
    flags
}

/// Splits prose into sentences at `.`, `!`, `?` and line breaks.
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    text.split_inclusive(['.', '!', '?', '\n'])
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
}

/// `phrase` occurs in `haystack` with no letter or digit directly before or after it.
fn contains_words(haystack: &str, phrase: &str) -> bool {
    let boundary = |c: Option<char>| !c.is_some_and(|c| c.is_alphanumeric());
    haystack.match_indices(phrase).any(|(at, _)| {
        boundary(haystack[..at].chars().next_back())
            && boundary(haystack[at + phrase.len()..].chars().next())
            || phrase.starts_with('\'') && boundary(haystack[at + phrase.len()..].chars().next())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phrases(text: &str) -> Vec<String> {
        check(text, &People::new(&["Bob Smith".to_owned()]))
            .into_iter()
            .map(|f| f.phrase)
            .collect()
    }

    #[test]
    fn every_rule_flags_its_phrase() {
        for rule in RULES {
            let text = format!(
                "The outage happened and it was {} in the end.",
                rule.phrase.trim_start_matches('\'')
            );
            let text = if rule.phrase.starts_with('\'') {
                format!("It was the operator{} in the end.", rule.phrase)
            } else {
                text
            };
            let flags = check(&text, &People::default());
            assert!(
                flags
                    .iter()
                    .any(|f| f.phrase == rule.phrase.trim_start_matches('\'')),
                "{}: {flags:?}",
                rule.phrase
            );
        }
    }

    #[test]
    fn people_named_as_causes_are_flagged() {
        assert_eq!(phrases("The outage was caused by Bob."), ["caused by bob"]);
        assert_eq!(
            phrases("It was Bob Smith's mistake."),
            ["bob smith's mistake"]
        );
        assert_eq!(phrases("Bob broke the build."), ["bob broke"]);
        assert!(phrases("Bob rolled back the deploy.").is_empty());
    }

    #[test]
    fn neutral_text_is_not_flagged() {
        let text = "A configuration change removed the connection limit. The alert fired after \
                    four minutes. The deploy pipeline has no canary stage. Bobby tables were \
                    restored from backup. The schedule should be reviewed quarterly.";
        assert!(
            check(text, &People::new(&["Bob Smith".to_owned()])).is_empty(),
            "{:?}",
            check(text, &People::new(&["Bob Smith".to_owned()]))
        );
    }

    #[test]
    fn flags_name_their_sentence() {
        let flags = check(
            "Everything was fine.\nThe engineer should have checked the dashboard! Then it broke.",
            &People::default(),
        );
        assert_eq!(flags.len(), 1);
        assert_eq!(
            flags[0].sentence,
            "The engineer should have checked the dashboard!"
        );
    }
}
