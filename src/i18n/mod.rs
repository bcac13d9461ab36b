//! The languages Murphy speaks: English and Brazilian Portuguese, their catalogues (Fluent,
//! compiled into the binary from `src/i18n/locales/`), and the forms numbers take in each.
//!
//! A page's words come from [`Lang::t`] and its kin; a message's variables are formatted here
//! first (Fluent's own number formatting knows no locale), so a catalogue holds words only.

mod dates;
mod message;

pub use message::{Arg, Message, ToArg};

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./src/i18n/locales",
        fallback_language: "en",
        // Unicode isolation marks around each variable would reach text, CSV and tests.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static EN: LanguageIdentifier = langid!("en");
static PT_BR: LanguageIdentifier = langid!("pt-BR");

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    En,
    PtBr,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::PtBr];

    /// The BCP 47 tag: "en", "pt-BR" (stored, in `lang=` and `?lang=`).
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::PtBr => "pt-BR",
        }
    }

    /// The language's own name for itself, for the choice of language.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::PtBr => "Português (Brasil)",
        }
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::En => &EN,
            Lang::PtBr => &PT_BR,
        }
    }

    /// The language an `Accept-Language` header prefers among those Murphy speaks: the
    /// highest weight first, then the order given. Any Portuguese is Brazilian Portuguese;
    /// any English is English.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next().unwrap_or("").trim();
            let weight = pieces
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            let Some(lang) = Lang::of_tag(tag) else {
                continue;
            };
            if weight > 0.0 && best.is_none_or(|(w, _)| weight > w) {
                best = Some((weight, lang));
            }
        }
        best.map(|(_, lang)| lang)
    }

    /// The language a terminal's locale (`LC_ALL`, `LC_MESSAGES` or `LANG`, such as
    /// `pt_BR.UTF-8`) asks for, the first one set deciding; `None` when it is none Murphy
    /// speaks ("C", "POSIX", "de_DE").
    pub fn of_locale(lookup: impl Fn(&str) -> Option<String>) -> Option<Lang> {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|name| lookup(name).filter(|v| !v.is_empty()))?;
        Lang::of_tag(locale.split(['.', '@']).next().unwrap_or(""))
    }

    /// The language of a tag by its primary subtag: "pt", "pt-PT", "PT-br" are Portuguese.
    fn of_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("en") {
            Some(Lang::En)
        } else if primary.eq_ignore_ascii_case("pt") {
            Some(Lang::PtBr)
        } else {
            None
        }
    }

    /// The message named `prefix` and `suffix` together: `tk("st-state-", "operational")`.
    pub fn tk(self, prefix: &str, suffix: &str) -> String {
        self.t(&format!("{prefix}{suffix}"))
    }

    /// The message `key` with one variable.
    pub fn t1(self, key: &str, name: &'static str, value: impl ToArg) -> String {
        self.t_with(key, &[(name, &value)])
    }

    /// The message `key` with two variables.
    pub fn t2(
        self,
        key: &str,
        a: &'static str,
        a_value: impl ToArg,
        b: &'static str,
        b_value: impl ToArg,
    ) -> String {
        self.t_with(key, &[(a, &a_value), (b, &b_value)])
    }

    /// The message `key`, without variables.
    pub fn t(self, key: &str) -> String {
        LOCALES.lookup(self.id(), key)
    }

    /// The message `key` with its variables.
    pub fn t_with(self, key: &str, args: &[(&'static str, &dyn ToArg)]) -> String {
        LOCALES.lookup_with_args(self.id(), key, &fluent_args(args))
    }

    /// The message `key` with its variables if this language's catalogue holds it (no
    /// English fallback), for the catalogues' checks.
    pub fn lookup(self, key: &str, args: &[(&'static str, &dyn ToArg)]) -> Option<String> {
        LOCALES.lookup_no_default_fallback(self.id(), key, Some(&fluent_args(args)))
    }

    /// `value` with `places` decimals, the locale's decimal mark and grouping:
    /// The status page's name when none is configured: "Service status" in this language.
    pub fn default_status_name(self) -> &'static str {
        static NAMES: std::sync::LazyLock<[String; 2]> = std::sync::LazyLock::new(|| {
            [
                Lang::En.t("st-default-name"),
                Lang::PtBr.t("st-default-name"),
            ]
        });
        match self {
            Lang::En => &NAMES[0],
            Lang::PtBr => &NAMES[1],
        }
    }

    /// "1,234.5" / "1.234,5".
    pub fn decimal(self, value: f64, places: usize) -> String {
        let text = format!("{:.*}", places, value.abs());
        let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
        let (group, mark) = match self {
            Lang::En => (',', '.'),
            Lang::PtBr => ('.', ','),
        };
        let mut out = String::with_capacity(text.len() + 4);
        if value < 0.0 && text.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
            out.push('-');
        }
        let digits = whole.len();
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (digits - i) % 3 == 0 {
                out.push(group);
            }
            out.push(c);
        }
        if !fraction.is_empty() {
            out.push(mark);
            out.push_str(fraction);
        }
        out
    }

    /// A whole number with the locale's grouping: "12,345" / "12.345".
    pub fn integer(self, value: i64) -> String {
        self.decimal(value as f64, 0)
    }

    /// A percentage, a space before the sign as Murphy writes it in both: "99.9 %" /
    /// "99,9 %".
    pub fn percent(self, value: f64, places: usize) -> String {
        format!("{} %", self.decimal(value, places))
    }

    /// A number already written with a full stop for its decimal mark ("99.95"), with this
    /// language's mark instead.
    pub fn decimal_mark(self, number: &str) -> String {
        match self {
            Lang::En => number.to_owned(),
            Lang::PtBr => number.replace('.', ","),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Lang {
    type Err = String;

    /// "en", "pt-BR" exactly, as stored; [`Lang::from_accept_language`] is the lenient one.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Lang::ALL
            .into_iter()
            .find(|l| l.as_str() == s)
            .ok_or_else(|| format!("unknown language {s:?} (en or pt-BR)"))
    }
}

/// A message's variables as Fluent takes them.
fn fluent_args(
    args: &[(&'static str, &dyn ToArg)],
) -> HashMap<Cow<'static, str>, FluentValue<'static>> {
    args.iter()
        .map(|(name, value)| (Cow::Borrowed(*name), value.to_arg().fluent()))
        .collect()
}

/// `text` in lower case without accents, as words are compared in every language ("Ação"
/// and "acao" alike).
pub fn fold(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    // Most words of most texts have no accent to take off.
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_terminal_s_locale_names_its_language() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                vars.iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        assert_eq!(
            Lang::of_locale(env(&[("LANG", "pt_BR.UTF-8")])),
            Some(Lang::PtBr)
        );
        assert_eq!(
            Lang::of_locale(env(&[("LC_ALL", "en_US.UTF-8"), ("LANG", "pt_BR.UTF-8")])),
            Some(Lang::En)
        );
        assert_eq!(
            Lang::of_locale(env(&[("LC_ALL", ""), ("LANG", "pt_PT@euro")])),
            Some(Lang::PtBr)
        );
        assert_eq!(Lang::of_locale(env(&[("LANG", "C.UTF-8")])), None);
        assert_eq!(Lang::of_locale(env(&[])), None);
    }

    #[test]
    fn accept_language_picks_the_preferred_language_murphy_speaks() {
        assert_eq!(
            Lang::from_accept_language("pt-BR,pt;q=0.9,en;q=0.8"),
            Some(Lang::PtBr)
        );
        assert_eq!(Lang::from_accept_language("en-GB,en;q=0.9"), Some(Lang::En));
        assert_eq!(
            Lang::from_accept_language("fr-FR, pt;q=0.5, en;q=0.7"),
            Some(Lang::En)
        );
        assert_eq!(
            Lang::from_accept_language("de, pt-PT;q=0.3"),
            Some(Lang::PtBr)
        );
        assert_eq!(
            Lang::from_accept_language("pt;q=0, en;q=0.1"),
            Some(Lang::En)
        );
        assert_eq!(Lang::from_accept_language("fr, de"), None);
        assert_eq!(Lang::from_accept_language(""), None);
    }

    #[test]
    fn numbers_take_the_locale_s_form() {
        assert_eq!(Lang::En.decimal(1234567.891, 2), "1,234,567.89");
        assert_eq!(Lang::PtBr.decimal(1234567.891, 2), "1.234.567,89");
        assert_eq!(Lang::PtBr.decimal(-0.04, 1), "0,0");
        assert_eq!(Lang::En.decimal(-12.5, 1), "-12.5");
        assert_eq!(Lang::En.integer(999), "999");
        assert_eq!(Lang::PtBr.integer(12345), "12.345");
        assert_eq!(Lang::En.percent(99.9, 1), "99.9 %");
        assert_eq!(Lang::PtBr.decimal_mark("99.95"), "99,95");
        assert_eq!(Lang::PtBr.percent(5195.2, 1), "5.195,2 %");
    }

    #[test]
    fn stored_tags_parse_exactly() {
        assert_eq!("pt-BR".parse::<Lang>(), Ok(Lang::PtBr));
        assert_eq!("en".parse::<Lang>(), Ok(Lang::En));
        assert!("pt".parse::<Lang>().is_err());
    }
}
