//! The blameless language check: sentences that blame people rather than systems and
//! processes are flagged with a suggested reframing. Warnings only; never blocking.
//!
//! The rules live here and nowhere else. Each is a phrase (matched without regard to case,
//! on word boundaries) and the reframing offered for it. A person named as the cause
//! ("caused by Bob", "Bob's mistake") is found against the names of Murphy's people.
//! A post-mortem is checked by the rules of the language it is written in.

use crate::i18n::{Lang, fold};

/// One phrase that tends to blame, and how to say it instead.
pub struct Rule {
    pub phrase: &'static str,
    pub suggestion: &'static str,
}

/// The rules for a post-mortem written in `lang`.
pub fn rules(lang: Lang) -> &'static [Rule] {
    match lang {
        Lang::En => EN,
        Lang::PtBr => PT_BR,
    }
}

macro_rules! rules {
    ($($suggestion:literal: $($phrase:literal),+;)+) => {
        &[$($(Rule { phrase: $phrase, suggestion: $suggestion },)+)+]
    };
}

pub const EN: &[Rule] = rules! {
    "Describe what in the system or process made the mistake easy to make and hard to catch.":
        "human error";
    "Describe the conditions the operator faced: what the tooling showed, allowed or hid.":
        "operator error";
    "Describe what the interface or documentation led the user to do.": "user error";
    "Name the gap in the system or process, not a person.": "'s fault", "fault of";
    "Explain the contributing factors instead of assigning blame.": "to blame", "blamed";
    "Say what would have made the right action the easy one (a check, an alert, a safer default).":
        "should have";
    "Say what safeguard would have prevented the action.": "shouldn't have", "should not have";
    "Describe the missing safeguard or review step.":
        "careless", "carelessness", "negligent", "negligence";
    "Describe what the process did not check.": "sloppy";
    "Describe the time pressure or tooling friction involved.": "lazy";
    "Describe the knowledge or training the situation required and how it could be made available.":
        "incompetent";
    "Describe the decision in the context the person had at the time.": "stupid";
    "Describe how the step could be automated or made hard to miss (a checklist, a default).":
        "forgot to";
    "Describe what signal was missing or easy to overlook.": "failed to notice";
    "Describe why the step seemed optional and how to make it part of the process.":
        "didn't bother";
};

/// The rules in Brazilian Portuguese. Matched without accents, so "negligencia" written
/// without them is found too.
pub const PT_BR: &[Rule] = rules! {
    "Descreva o que no sistema ou no processo tornou o erro fácil de cometer e difícil de perceber.":
        "erro humano", "falha humana";
    "Descreva as condições que o operador enfrentou: o que as ferramentas mostravam, permitiam ou escondiam.":
        "erro do operador", "falha do operador";
    "Descreva o que a interface ou a documentação levou o usuário a fazer.":
        "erro do usuário", "falha do usuário";
    "Nomeie a lacuna no sistema ou no processo, não uma pessoa.":
        "por culpa de", "culpa do", "culpa da";
    "Explique os fatores que contribuíram em vez de apontar culpados.":
        "culpado", "culpada", "culpados", "culpar";
    "Diga o que teria tornado a ação certa a mais fácil (uma verificação, um alerta, um padrão mais seguro) ou que proteção teria evitado a errada.":
        "deveria ter", "deveriam ter", "devia ter";
    "Descreva a proteção ou a etapa de revisão que faltou.":
        "descuido", "descuidado", "descuidada", "negligência", "negligente", "imprudência";
    "Descreva o que o processo não verificou.": "desleixo";
    "Descreva a pressão de tempo ou o atrito das ferramentas envolvidos.":
        "preguiça", "preguiçoso", "preguiçosa";
    "Descreva o conhecimento ou o treinamento que a situação exigia e como torná-lo disponível.":
        "incompetente", "incompetência", "despreparo";
    "Descreva a decisão no contexto que a pessoa tinha no momento.": "burrice", "estúpido";
    "Descreva como a etapa poderia ser automatizada ou difícil de pular (uma checklist, um padrão).":
        "esqueceu de", "esqueceram de", "se esqueceu";
    "Descreva que sinal faltou ou era fácil de não ver.":
        "não percebeu", "não perceberam", "desatenção", "falta de atenção";
    "Descreva por que a etapa parecia opcional e como torná-la parte do processo.":
        "não se deu ao trabalho", "não se preocupou em";
};

/// How a sentence names a person as the cause, around their name; and what to say instead.
fn person_as_cause(lang: Lang) -> (&'static [(&'static str, &'static str)], &'static str) {
    match lang {
        Lang::En => (
            &[
                ("caused by ", ""),
                ("broken by ", ""),
                ("because of ", ""),
                ("", "'s mistake"),
                ("", " broke"),
                ("", " caused"),
            ],
            "Name the change, system or process that caused it, not the person.",
        ),
        Lang::PtBr => (
            &[
                ("causado por ", ""),
                ("causada por ", ""),
                ("provocado por ", ""),
                ("provocada por ", ""),
                ("por causa de ", ""),
                ("por causa do ", ""),
                ("por causa da ", ""),
                ("erro de ", ""),
                ("erro do ", ""),
                ("erro da ", ""),
                ("falha de ", ""),
                ("", " quebrou"),
                ("", " causou"),
                ("", " derrubou"),
                ("", " errou"),
            ],
            "Nomeie a mudança, o sistema ou o processo que causou o problema, não a pessoa.",
        ),
    }
}

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
                    let lower = fold(n);
                    let first = lower.split_whitespace().next().unwrap_or(&lower).to_owned();
                    (lower, first)
                })
                .collect(),
        )
    }
}

/// Flags every sentence of `text` that blames a person, by the rules of `lang`; a sentence
/// naming one of `people` as a cause is flagged.
pub fn check(text: &str, people: &People, lang: Lang) -> Vec<Flag> {
    let mut flags = Vec::new();
    let names = &people.0;
    let (around, person_suggestion) = person_as_cause(lang);
    for sentence in sentences(text) {
        let lower = fold(sentence);
        for rule in rules(lang) {
            if contains_words(&lower, &fold(rule.phrase)) {
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
            let found = [name_lower.as_str(), first.as_str()]
                .into_iter()
                .flat_map(|name| {
                    around
                        .iter()
                        .map(move |(before, after)| format!("{before}{name}{after}"))
                })
                .find(|p| contains_words(&lower, p));
            if let Some(found) = found {
                flags.push(Flag {
                    phrase: found,
                    sentence: sentence.to_owned(),
                    suggestion: person_suggestion.to_owned(),
                });
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

    fn phrases(text: &str, lang: Lang) -> Vec<String> {
        check(text, &People::new(&["Bob Smith".to_owned()]), lang)
            .into_iter()
            .map(|f| f.phrase)
            .collect()
    }

    #[test]
    fn every_rule_flags_its_phrase() {
        for (lang, around) in [
            (Lang::En, "The outage happened and it was {} in the end."),
            (Lang::PtBr, "A queda aconteceu e foi {} no fim."),
        ] {
            for rule in rules(lang) {
                let phrase = rule.phrase.trim_start_matches('\'');
                let text = if rule.phrase.starts_with('\'') {
                    format!("It was the operator{} in the end.", rule.phrase)
                } else {
                    around.replace("{}", phrase)
                };
                let flags = check(&text, &People::default(), lang);
                assert!(
                    flags.iter().any(|f| f.phrase == phrase),
                    "{}: {flags:?}",
                    rule.phrase
                );
                assert!(
                    flags.iter().all(|f| f.sentence == text),
                    "{text}: {flags:?}"
                );
            }
        }
    }

    #[test]
    fn each_language_keeps_to_its_own_rules() {
        let pt = "A causa foi erro humano e a equipe deveria ter revisado.";
        assert_eq!(phrases(pt, Lang::PtBr), ["erro humano", "deveria ter"]);
        assert!(phrases(pt, Lang::En).is_empty());
        let en = "It was human error.";
        assert!(phrases(en, Lang::PtBr).is_empty());
        assert_eq!(
            check(pt, &People::default(), Lang::PtBr)[0].suggestion,
            "Descreva o que no sistema ou no processo tornou o erro fácil de cometer e \
             difícil de perceber."
        );
    }

    #[test]
    fn portuguese_is_matched_without_regard_to_accents() {
        assert_eq!(
            phrases("Houve NEGLIGENCIA na revisão.", Lang::PtBr),
            ["negligência"]
        );
        assert_eq!(
            phrases("O erro do usuario derrubou o site.", Lang::PtBr),
            ["erro do usuário"]
        );
    }

    #[test]
    fn people_named_as_causes_are_flagged() {
        assert_eq!(
            phrases("The outage was caused by Bob.", Lang::En),
            ["caused by bob"]
        );
        assert_eq!(
            phrases("It was Bob Smith's mistake.", Lang::En),
            ["bob smith's mistake"]
        );
        assert_eq!(phrases("Bob broke the build.", Lang::En), ["bob broke"]);
        assert!(phrases("Bob rolled back the deploy.", Lang::En).is_empty());
        assert_eq!(
            phrases("A queda foi causada por Bob Smith.", Lang::PtBr),
            ["causada por bob smith"]
        );
        assert_eq!(
            phrases("Bob derrubou o banco.", Lang::PtBr),
            ["bob derrubou"]
        );
        assert_eq!(phrases("Foi um erro do Bob.", Lang::PtBr), ["erro do bob"]);
        assert!(phrases("Bob reverteu o deploy.", Lang::PtBr).is_empty());
    }

    #[test]
    fn neutral_text_is_not_flagged() {
        let people = People::new(&["Bob Smith".to_owned()]);
        let text = "A configuration change removed the connection limit. The alert fired after \
                    four minutes. The deploy pipeline has no canary stage. Bobby tables were \
                    restored from backup. The schedule should be reviewed quarterly.";
        assert!(check(text, &people, Lang::En).is_empty());
        let texto = "Uma mudança de configuração removeu o limite de conexões. O alerta disparou \
                     depois de quatro minutos. O pipeline de deploy não tem etapa canário. As \
                     tabelas do Bobby foram restauradas do backup. A escala deve ser revista a \
                     cada trimestre.";
        assert!(check(texto, &people, Lang::PtBr).is_empty());
    }

    #[test]
    fn flags_name_their_sentence() {
        let flags = check(
            "Everything was fine.\nThe engineer should have checked the dashboard! Then it broke.",
            &People::default(),
            Lang::En,
        );
        assert_eq!(flags.len(), 1);
        assert_eq!(
            flags[0].sentence,
            "The engineer should have checked the dashboard!"
        );
    }
}
