//! Date expressions in a sentence, resolved against the publication date
//! and the dates the document has given so far.
//!
//! Absolute ("July 7, 2021", "7 July 2021", "May 2016", "in 2015", "late
//! 2018", "the 1990s"), relative to publication ("on Tuesday", "yesterday",
//! "last week", "last month", "earlier this year") and anaphoric ("the same
//! year", "that month", "the following year", "two days later"). Each is
//! kept at the precision the words support: a weekday is a day, "last
//! month" a month, "the 1990s" the decade's first year (entente dates have
//! no decade precision).

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use entente_ontology::{FuzzyDate, Precision};

use crate::text::{Token, TokenKind};

/// A date expression found in a sentence.
#[derive(Clone, Debug, PartialEq)]
pub struct DateMention {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// The date.
    pub date: FuzzyDate,
    /// Whether it was resolved against earlier dates of the document
    /// ("the same year") rather than stated or tied to publication.
    pub anaphoric: bool,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const MONTH_ABBR: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn month_of(t: &Token) -> Option<u32> {
    if !t.capitalized() {
        return None;
    }
    let w = t.norm.as_str();
    MONTHS
        .iter()
        .position(|m| *m == w)
        .or_else(|| {
            MONTH_ABBR
                .iter()
                .position(|m| *m == w || (w == "sept" && *m == "sep"))
        })
        .map(|i| i as u32 + 1)
}

fn weekday_of(w: &str) -> Option<Weekday> {
    Some(match w {
        "monday" => Weekday::Mon,
        "tuesday" => Weekday::Tue,
        "wednesday" => Weekday::Wed,
        "thursday" => Weekday::Thu,
        "friday" => Weekday::Fri,
        "saturday" => Weekday::Sat,
        "sunday" => Weekday::Sun,
        _ => return None,
    })
}

fn year_of(t: &Token) -> Option<i32> {
    if t.kind != TokenKind::Number || t.text.len() != 4 {
        return None;
    }
    t.text
        .parse::<i32>()
        .ok()
        .filter(|y| (1800..=2100).contains(y))
}

fn day_of(t: &Token) -> Option<u32> {
    if t.kind != TokenKind::Number {
        return None;
    }
    let digits: String = t.text.chars().take_while(|c| c.is_ascii_digit()).collect();
    let rest = &t.text[digits.len()..];
    if !(rest.is_empty() || matches!(rest, "st" | "nd" | "rd" | "th")) {
        return None;
    }
    digits.parse::<u32>().ok().filter(|d| (1..=31).contains(d))
}

fn number_word(w: &str) -> Option<i64> {
    Some(match w {
        "a" | "an" | "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "several" | "few" => 3,
        _ => return w.parse().ok(),
    })
}

fn naive(d: FuzzyDate) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(
        d.year_number(),
        d.month_number().unwrap_or(1),
        d.day_of_month().unwrap_or(1),
    )
}

fn from_naive(d: NaiveDate, p: Precision) -> Option<FuzzyDate> {
    match p {
        Precision::Day => FuzzyDate::day(d.year(), d.month(), d.day()),
        Precision::Month => FuzzyDate::month(d.year(), d.month()),
        Precision::Year => FuzzyDate::year(d.year()),
    }
}

/// A day given without its year: the year that puts it nearest the
/// publication date ("on December 26" in a paper of December 25 is the next
/// day; in one of January 3, the week before).
fn nearest_year(pub_day: NaiveDate, m: u32, d: u32) -> Option<FuzzyDate> {
    let y = pub_day.year();
    (y - 1..=y + 1)
        .filter_map(|yy| NaiveDate::from_ymd_opt(yy, m, d))
        .min_by_key(|c| (*c - pub_day).num_days().abs())
        .and_then(|c| FuzzyDate::day(c.year(), c.month(), c.day()))
}

/// Finds the date expressions of a sentence. `published` anchors relative
/// expressions; `context` (the last date the document stated) anchors
/// anaphoric ones.
pub fn find_dates(
    tokens: &[Token],
    published: FuzzyDate,
    context: Option<FuzzyDate>,
) -> Vec<DateMention> {
    let mut out = Vec::new();
    let Some(pub_day) = naive(published) else {
        return out;
    };
    let w = |i: usize| tokens.get(i).map_or("", |t| t.norm.as_str());
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        let mut found: Option<(usize, FuzzyDate, bool)> = None;
        // Month Day, Year | Month Day | Month Year | Month
        if let Some(m) = month_of(t) {
            // "may" as a modal is lower case; month_of needs a capital, and
            // "May" at a sentence start followed by a verb is rare enough.
            let mut end = i + 1;
            let mut day = None;
            if let Some(d) = tokens.get(end).and_then(day_of) {
                day = Some(d);
                end += 1;
                if tokens.get(end).is_some_and(|t| t.is_punct(",")) {
                    end += 1;
                }
            }
            let year = tokens.get(end).and_then(year_of);
            let date = match (day, year) {
                (Some(d), Some(y)) => {
                    end += 1;
                    FuzzyDate::day(y, m, d)
                }
                (Some(d), None) => {
                    end = end.min(i + 2);
                    nearest_year(pub_day, m, d)
                }
                (None, Some(y)) => {
                    end += 1;
                    FuzzyDate::month(y, m)
                }
                (None, None) => {
                    let prev = w(i.wrapping_sub(1));
                    if matches!(
                        prev,
                        "in" | "since"
                            | "until"
                            | "by"
                            | "of"
                            | "early"
                            | "late"
                            | "mid"
                            | "last"
                            | "next"
                            | "this"
                            | "that"
                            | "during"
                    ) || (t.norm != "may" && t.norm != "march")
                    {
                        let mut y = pub_day.year();
                        if prev == "next"
                            || (prev != "last" && m > pub_day.month() && prev != "this")
                        {
                            y -= if prev == "next" { -1 } else { 1 };
                        } else if prev == "last" && m >= pub_day.month() {
                            y -= 1;
                        }
                        FuzzyDate::month(y, m)
                    } else {
                        None
                    }
                }
            };
            if let Some(d) = date {
                found = Some((end, d, false));
            }
        } else if let Some(d) = day_of(t).filter(|_| i + 1 < tokens.len()) {
            // Day Month Year | Day Month
            if let Some(m) = tokens.get(i + 1).and_then(month_of) {
                let mut end = i + 2;
                let date = if let Some(y) = tokens.get(end).and_then(year_of) {
                    end += 1;
                    FuzzyDate::day(y, m, d)
                } else {
                    nearest_year(pub_day, m, d)
                };
                if let Some(dd) = date {
                    found = Some((end, dd, false));
                }
            }
        } else if let Some(y) = year_of(t) {
            // A bare year after in/since/by/of/early/late/mid, or a decade.
            let prev = w(i.wrapping_sub(1));
            let prev2 = w(i.wrapping_sub(2));
            if t.text.ends_with('s') {
                // handled below as decade
            } else if (matches!(
                prev,
                "in" | "since"
                    | "until"
                    | "by"
                    | "of"
                    | "early"
                    | "late"
                    | "mid"
                    | "mid-"
                    | "during"
                    | "throughout"
                    | "from"
                    | "to"
            ) || (matches!(prev2, "in" | "since")
                && !tokens.get(i + 1).is_some_and(|n| {
                    n.kind == TokenKind::Word
                        && n.norm.chars().all(char::is_lowercase)
                        && n.norm.len() > 3
                })))
                && let Some(d) = FuzzyDate::year(y)
            {
                found = Some((i + 1, d, false));
            }
        }
        // Decades: "the 1990s".
        if found.is_none()
            && t.kind == TokenKind::Number
            && t.text.len() == 5
            && t.text.ends_with('s')
            && let Ok(y) = t.text[..4].parse::<i32>()
            && y % 10 == 0
            && (1800..=2090).contains(&y)
            && let Some(d) = FuzzyDate::year(y)
        {
            found = Some((i + 1, d, false));
        }
        // Relative to publication.
        if found.is_none() {
            let word = t.norm.as_str();
            let prev = w(i.wrapping_sub(1));
            let rel = match word {
                "today" | "tonight" => Some((i + 1, from_naive(pub_day, Precision::Day))),
                "yesterday" => Some((
                    i + 1,
                    from_naive(pub_day - Duration::days(1), Precision::Day),
                )),
                "tomorrow" => Some((
                    i + 1,
                    from_naive(pub_day + Duration::days(1), Precision::Day),
                )),
                "week" if prev == "last" || prev == "this" || prev == "next" => {
                    // The day is not recoverable: the month of the middle of that week.
                    let shift = match prev {
                        "last" => -7,
                        "next" => 7,
                        _ => 0,
                    };
                    Some((
                        i + 1,
                        from_naive(pub_day + Duration::days(shift), Precision::Month),
                    ))
                }
                "month" if prev == "last" || prev == "this" || prev == "next" => {
                    let (y, m) = (pub_day.year(), pub_day.month() as i32);
                    let m2 = m + match prev {
                        "last" => -1,
                        "next" => 1,
                        _ => 0,
                    };
                    let (y2, m3) = if m2 < 1 {
                        (y - 1, 12)
                    } else if m2 > 12 {
                        (y + 1, 1)
                    } else {
                        (y, m2)
                    };
                    Some((i + 1, FuzzyDate::month(y2, m3 as u32)))
                }
                "year" if prev == "last" || prev == "this" || prev == "next" => {
                    let y = pub_day.year()
                        + match prev {
                            "last" => -1,
                            "next" => 1,
                            _ => 0,
                        };
                    Some((i + 1, FuzzyDate::year(y)))
                }
                _ => weekday_of(word).filter(|_| t.capitalized()).map(|wd| {
                    // The latest such weekday on or before publication; with
                    // "next", the first after it.
                    let mut d = pub_day;
                    if prev == "next" {
                        d += Duration::days(1);
                        while d.weekday() != wd {
                            d += Duration::days(1);
                        }
                    } else {
                        while d.weekday() != wd {
                            d -= Duration::days(1);
                        }
                        if prev == "last" && d == pub_day {
                            d -= Duration::days(7);
                        }
                    }
                    (i + 1, from_naive(d, Precision::Day))
                }),
            };
            if let Some((end, Some(d))) = rel {
                found = Some((end, d, false));
            }
        }
        // Anaphoric: "the same year", "that month", "the following year",
        // "N days later", "a year later", "a month earlier".
        if found.is_none()
            && let Some(ctx) = context
        {
            let word = t.norm.as_str();
            let prev = w(i.wrapping_sub(1));
            let unit_precision = |u: &str| match u.trim_end_matches('s') {
                "day" => Some(Precision::Day),
                "week" => Some(Precision::Month),
                "month" => Some(Precision::Month),
                "year" => Some(Precision::Year),
                _ => None,
            };
            if let Some(p) = unit_precision(word) {
                let next = w(i + 1);
                if matches!(prev, "same" | "that") {
                    found = Some((i + 1, ctx.truncate(p), true));
                } else if matches!(prev, "following" | "next")
                    && tokens
                        .get(i.wrapping_sub(2))
                        .is_some_and(|x| x.norm == "the")
                {
                    if let Some(n) = naive(ctx) {
                        let d = match p {
                            Precision::Year => n.with_year(n.year() + 1),
                            Precision::Month => n.checked_add_months(chrono::Months::new(1)),
                            Precision::Day => n.checked_add_signed(Duration::days(1)),
                        };
                        found = d
                            .and_then(|d| from_naive(d, p.max(ctx.precision())))
                            .map(|d| (i + 1, d, true));
                    }
                } else if matches!(next, "later" | "earlier" | "after" | "before")
                    && let (Some(k), Some(n)) = (number_word(prev), naive(ctx))
                {
                    let sign = if matches!(next, "later" | "after") {
                        1
                    } else {
                        -1
                    };
                    let d = match p {
                        Precision::Year => n.with_year(n.year() + sign * k as i32),
                        Precision::Month => {
                            if sign > 0 {
                                n.checked_add_months(chrono::Months::new(k as u32))
                            } else {
                                n.checked_sub_months(chrono::Months::new(k as u32))
                            }
                        }
                        Precision::Day => n.checked_add_signed(Duration::days(
                            sign as i64 * k * if word.starts_with("week") { 7 } else { 1 },
                        )),
                    };
                    found = d
                        .and_then(|d| from_naive(d, p.max(ctx.precision())))
                        .map(|d| (i + 2, d, true));
                }
            }
        }
        match found {
            Some((end, date, anaphoric)) => {
                // Include a qualifier before: "early", "late", "mid", "in".
                out.push(DateMention {
                    start: i,
                    end,
                    date,
                    anaphoric,
                });
                i = end.max(i + 1);
            }
            None => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    fn dates(s: &str, published: &str) -> Vec<String> {
        find_dates(&tokenize(s), FuzzyDate::parse(published).unwrap(), None)
            .iter()
            .map(|d| d.date.to_string())
            .collect()
    }

    #[test]
    fn absolute() {
        assert_eq!(
            dates("It happened on July 7, 2021 in Kabul.", "2022-01-01"),
            ["2021-07-07"]
        );
        assert_eq!(
            dates("It happened on 7 July 2021.", "2022-01-01"),
            ["2021-07-07"]
        );
        assert_eq!(dates("In May 2016 they met.", "2022-01-01"), ["2016-05"]);
        assert_eq!(
            dates("In late 2018, and in 2015, and early 2019", "2022-01-01"),
            ["2018", "2015", "2019"]
        );
        assert_eq!(dates("during the 1990s", "2022-01-01"), ["1990"]);
        assert_eq!(dates("He said in March that", "2022-06-10"), ["2022-03"]);
        assert_eq!(dates("He said in March that", "2022-02-10"), ["2021-03"]);
        assert!(dates("He may go and 2000 troops", "2022-02-10").is_empty());
    }

    #[test]
    fn relative() {
        // 2022-08-05 was a Friday.
        assert_eq!(
            dates("condemned on Friday the strikes", "2022-08-05"),
            ["2022-08-05"]
        );
        assert_eq!(dates("on Tuesday", "2022-08-05"), ["2022-08-02"]);
        assert_eq!(
            dates("yesterday and today", "2022-08-05"),
            ["2022-08-04", "2022-08-05"]
        );
        assert_eq!(dates("last month", "2022-01-15"), ["2021-12"]);
        assert_eq!(dates("last week", "2022-08-05"), ["2022-07"]);
        assert_eq!(dates("last year", "2022-08-05"), ["2021"]);
        assert_eq!(dates("next Monday", "2022-08-05"), ["2022-08-08"]);
    }

    #[test]
    fn anaphoric() {
        let ctx = Some(FuzzyDate::parse("2016-05-03").unwrap());
        let f = |s: &str| -> Vec<String> {
            find_dates(&tokenize(s), FuzzyDate::parse("2020-01-01").unwrap(), ctx)
                .iter()
                .map(|d| d.date.to_string())
                .collect()
        };
        assert_eq!(f("the same year"), ["2016"]);
        assert_eq!(f("that month"), ["2016-05"]);
        assert_eq!(f("the following year"), ["2017"]);
        assert_eq!(f("two days later"), ["2016-05-05"]);
        assert_eq!(f("a year later"), ["2017"]);
    }
}
