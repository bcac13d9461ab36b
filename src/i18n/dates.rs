//! Dates in each language's form: "Tue 1 Dec 2026" and "ter., 1 de dez. de 2026".

use time::{Date, OffsetDateTime, UtcOffset};

use super::Lang;

const PT_DAYS: [&str; 7] = ["seg.", "ter.", "qua.", "qui.", "sex.", "sáb.", "dom."];
const PT_MONTHS: [&str; 12] = [
    "jan.", "fev.", "mar.", "abr.", "mai.", "jun.", "jul.", "ago.", "set.", "out.", "nov.", "dez.",
];
const PT_MONTH_NAMES: [&str; 12] = [
    "janeiro",
    "fevereiro",
    "março",
    "abril",
    "maio",
    "junho",
    "julho",
    "agosto",
    "setembro",
    "outubro",
    "novembro",
    "dezembro",
];

impl Lang {
    /// "Tue 1 Dec 2026" / "ter., 1 de dez. de 2026".
    pub fn day_label(self, d: Date) -> String {
        match self {
            Lang::En => format!(
                "{} {} {} {}",
                &d.weekday().to_string()[..3],
                d.day(),
                &d.month().to_string()[..3],
                d.year()
            ),
            Lang::PtBr => format!(
                "{}, {} de {} de {}",
                PT_DAYS[usize::from(d.weekday().number_days_from_monday())],
                d.day(),
                PT_MONTHS[usize::from(u8::from(d.month())) - 1],
                d.year()
            ),
        }
    }

    /// "1 Dec 2026, 14:32 UTC" / "1 de dez. de 2026, 14:32 UTC".
    pub fn date_time_utc(self, at: OffsetDateTime) -> String {
        let at = at.to_offset(UtcOffset::UTC);
        let day = match self {
            Lang::En => format!(
                "{} {} {}",
                at.day(),
                &at.month().to_string()[..3],
                at.year()
            ),
            Lang::PtBr => format!(
                "{} de {} de {}",
                at.day(),
                PT_MONTHS[usize::from(u8::from(at.month())) - 1],
                at.year()
            ),
        };
        format!("{day}, {:02}:{:02} UTC", at.hour(), at.minute())
    }

    /// "December 2026" / "dezembro de 2026".
    pub fn month_year(self, d: Date) -> String {
        match self {
            Lang::En => format!("{} {}", d.month(), d.year()),
            Lang::PtBr => format!(
                "{} de {}",
                PT_MONTH_NAMES[usize::from(u8::from(d.month())) - 1],
                d.year()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn dates_take_the_language_s_form() {
        assert_eq!(Lang::En.day_label(date!(2026 - 12 - 01)), "Tue 1 Dec 2026");
        assert_eq!(
            Lang::PtBr.day_label(date!(2026 - 12 - 01)),
            "ter., 1 de dez. de 2026"
        );
        let at = datetime!(2026-11-30 14:32 UTC);
        assert_eq!(Lang::En.date_time_utc(at), "30 Nov 2026, 14:32 UTC");
        assert_eq!(
            Lang::PtBr.date_time_utc(at),
            "30 de nov. de 2026, 14:32 UTC"
        );
        assert_eq!(
            Lang::PtBr.month_year(date!(2026 - 03 - 01)),
            "março de 2026"
        );
        assert_eq!(Lang::En.month_year(date!(2026 - 03 - 01)), "March 2026");
    }
}
