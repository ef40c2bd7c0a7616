//! Dates of known precision: a day, a month or a year.
//!
//! News and datasets state dates at different precisions ("on 7 July 2021",
//! "in May 2016", "in 2015"); entente keeps the precision instead of
//! inventing a day. A date covers an interval of days; ordering, containment
//! and bucketing work on that interval. Days are counted from 1970-01-01
//! (negative before), the store's integer date.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

/// How much of a date is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Precision {
    /// A single day.
    Day,
    /// A calendar month.
    Month,
    /// A calendar year.
    Year,
}

/// A date known to a day, a month or a year.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct FuzzyDate {
    year: i32,
    /// 1–12, or 0 when only the year is known.
    month: u8,
    /// 1–31, or 0 when only the month (or year) is known.
    day: u8,
}

/// A bucket size for time series.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    /// Calendar day.
    Day,
    /// ISO week, Monday to Sunday.
    Week,
    /// Calendar month.
    Month,
    /// Calendar quarter.
    Quarter,
    /// Calendar year.
    Year,
}

/// One bucket of a time series: its period, first day and label.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Bucket {
    /// First day of the bucket (days since 1970-01-01).
    pub start: i32,
    /// Last day of the bucket.
    pub end: i32,
    /// `2016-05-03`, `2016-W18`, `2016-05`, `2016-Q2` or `2016`.
    pub label: String,
}

/// Why a string is not a date.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not one of the accepted layouts.
    #[error("date {0:?} is not YYYY, YYYY-MM, YYYY-MM-DD or YYYYMMDD")]
    Malformed(String),
    /// Right layout, impossible date (month 13, 30 February, year 0).
    #[error("date {0:?} does not exist")]
    OutOfRange(String),
}

const MIN_YEAR: i32 = 1;
const MAX_YEAR: i32 = 9999;

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid epoch")
}

fn day_number(d: NaiveDate) -> i32 {
    (d - epoch()).num_days() as i32
}

fn last_day_of_month(year: i32, month: u32) -> u32 {
    let (ny, nm) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(ny, nm, 1)
        .and_then(|d| d.pred_opt())
        .map(|d| d.day())
        .unwrap_or(28)
}

impl FuzzyDate {
    /// A day; `None` if it does not exist.
    pub fn day(year: i32, month: u32, day: u32) -> Option<FuzzyDate> {
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return None;
        }
        NaiveDate::from_ymd_opt(year, month, day)?;
        Some(FuzzyDate {
            year,
            month: month as u8,
            day: day as u8,
        })
    }

    /// A month; `None` if it does not exist.
    pub fn month(year: i32, month: u32) -> Option<FuzzyDate> {
        ((MIN_YEAR..=MAX_YEAR).contains(&year) && (1..=12).contains(&month)).then_some(FuzzyDate {
            year,
            month: month as u8,
            day: 0,
        })
    }

    /// A year; `None` outside 1–9999.
    pub fn year(year: i32) -> Option<FuzzyDate> {
        (MIN_YEAR..=MAX_YEAR).contains(&year).then_some(FuzzyDate {
            year,
            month: 0,
            day: 0,
        })
    }

    /// The day with this number (days since 1970-01-01).
    pub fn from_day_number(n: i32) -> Option<FuzzyDate> {
        let d = epoch().checked_add_signed(chrono::Duration::days(n as i64))?;
        FuzzyDate::day(d.year(), d.month(), d.day())
    }

    /// Parses `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or `YYYYMMDD` (GDELT's layout).
    pub fn parse(s: &str) -> Result<FuzzyDate, DateError> {
        let t = s.trim();
        let bad = || DateError::Malformed(t.to_string());
        let oor = || DateError::OutOfRange(t.to_string());
        let num = |part: &str| -> Result<u32, DateError> {
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            part.parse().map_err(|_| bad())
        };
        let b = t.as_bytes();
        let (y, m, d) = if b.len() == 8 && b.iter().all(u8::is_ascii_digit) {
            (num(&t[..4])?, Some(num(&t[4..6])?), Some(num(&t[6..])?))
        } else {
            let mut parts = t.split('-');
            let y = parts.next().ok_or_else(bad)?;
            if y.len() != 4 {
                return Err(bad());
            }
            let m = parts.next();
            let d = parts.next();
            if parts.next().is_some()
                || m.is_some_and(|m| m.len() != 2)
                || d.is_some_and(|d| d.len() != 2)
            {
                return Err(bad());
            }
            (num(y)?, m.map(num).transpose()?, d.map(num).transpose()?)
        };
        let y = y as i32;
        match (m, d) {
            (None, _) => FuzzyDate::year(y).ok_or_else(oor),
            (Some(m), None) => FuzzyDate::month(y, m).ok_or_else(oor),
            (Some(m), Some(d)) => FuzzyDate::day(y, m, d).ok_or_else(oor),
        }
    }

    /// How much is known.
    pub fn precision(&self) -> Precision {
        if self.day != 0 {
            Precision::Day
        } else if self.month != 0 {
            Precision::Month
        } else {
            Precision::Year
        }
    }

    /// The year.
    pub fn year_number(&self) -> i32 {
        self.year
    }

    /// The month, if known.
    pub fn month_number(&self) -> Option<u32> {
        (self.month != 0).then_some(self.month as u32)
    }

    /// The day of the month, if known.
    pub fn day_of_month(&self) -> Option<u32> {
        (self.day != 0).then_some(self.day as u32)
    }

    /// The same date at a coarser precision (never finer).
    pub fn truncate(&self, to: Precision) -> FuzzyDate {
        match to.max(self.precision()) {
            Precision::Day => *self,
            Precision::Month => FuzzyDate { day: 0, ..*self },
            Precision::Year => FuzzyDate {
                month: 0,
                day: 0,
                ..*self
            },
        }
    }

    /// First day covered (days since 1970-01-01).
    pub fn first_day(&self) -> i32 {
        let d =
            NaiveDate::from_ymd_opt(self.year, self.month.max(1) as u32, self.day.max(1) as u32)
                .expect("FuzzyDate holds only real dates");
        day_number(d)
    }

    /// Last day covered.
    pub fn last_day(&self) -> i32 {
        let (m, d) = match self.precision() {
            Precision::Day => (self.month as u32, self.day as u32),
            Precision::Month => (
                self.month as u32,
                last_day_of_month(self.year, self.month as u32),
            ),
            Precision::Year => (12, 31),
        };
        day_number(
            NaiveDate::from_ymd_opt(self.year, m, d).expect("FuzzyDate holds only real dates"),
        )
    }

    /// Whether every day of `other` is a day of `self` (`2016` contains `2016-05-03`).
    pub fn contains(&self, other: &FuzzyDate) -> bool {
        self.first_day() <= other.first_day() && other.last_day() <= self.last_day()
    }

    /// Whether the two share a day.
    pub fn overlaps(&self, other: &FuzzyDate) -> bool {
        self.first_day() <= other.last_day() && other.first_day() <= self.last_day()
    }

    /// The bucket of `period` holding this date, or `None` when the date is
    /// less precise than the bucket (a year-only date has no month).
    pub fn bucket(&self, period: Period) -> Option<Bucket> {
        let needed = match period {
            Period::Day | Period::Week => Precision::Day,
            Period::Month | Period::Quarter => Precision::Month,
            Period::Year => Precision::Year,
        };
        if self.precision() > needed {
            return None;
        }
        Some(Period::bucket_of_day(period, self.first_day()))
    }
}

impl Period {
    /// All periods, finest first.
    pub const ALL: [Period; 5] = [
        Period::Day,
        Period::Week,
        Period::Month,
        Period::Quarter,
        Period::Year,
    ];

    /// `day`, `week`, `month`, `quarter` or `year`.
    pub fn name(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
            Period::Quarter => "quarter",
            Period::Year => "year",
        }
    }

    /// Parses a period name.
    pub fn parse(s: &str) -> Option<Period> {
        Period::ALL
            .into_iter()
            .find(|p| p.name() == s.trim().to_ascii_lowercase())
    }

    /// The bucket holding the day numbered `day`.
    pub fn bucket_of_day(self, day: i32) -> Bucket {
        let d = epoch() + chrono::Duration::days(day as i64);
        let ymd = |y: i32, m: u32, dd: u32| {
            NaiveDate::from_ymd_opt(y, m, dd)
                .map(day_number)
                .unwrap_or(day)
        };
        match self {
            Period::Day => Bucket {
                start: day,
                end: day,
                label: d.format("%Y-%m-%d").to_string(),
            },
            Period::Week => {
                let back = d.weekday().num_days_from_monday() as i32;
                let iso = d.iso_week();
                Bucket {
                    start: day - back,
                    end: day - back + 6,
                    label: format!("{}-W{:02}", iso.year(), iso.week()),
                }
            }
            Period::Month => Bucket {
                start: ymd(d.year(), d.month(), 1),
                end: ymd(d.year(), d.month(), last_day_of_month(d.year(), d.month())),
                label: d.format("%Y-%m").to_string(),
            },
            Period::Quarter => {
                let q = (d.month() - 1) / 3;
                let first = q * 3 + 1;
                Bucket {
                    start: ymd(d.year(), first, 1),
                    end: ymd(d.year(), first + 2, last_day_of_month(d.year(), first + 2)),
                    label: format!("{}-Q{}", d.year(), q + 1),
                }
            }
            Period::Year => Bucket {
                start: ymd(d.year(), 1, 1),
                end: ymd(d.year(), 12, 31),
                label: format!("{}", d.year()),
            },
        }
    }

    /// Successive buckets covering days `from..=to`.
    pub fn buckets(self, from: i32, to: i32) -> Vec<Bucket> {
        let mut out = Vec::new();
        let mut day = from;
        while day <= to {
            let b = self.bucket_of_day(day);
            day = b.end + 1;
            out.push(b);
        }
        out
    }
}

impl Ord for FuzzyDate {
    /// Earlier first day first; on the same first day, the wider date first
    /// (`2016` < `2016-01` < `2016-01-01`).
    fn cmp(&self, other: &Self) -> Ordering {
        self.first_day()
            .cmp(&other.first_day())
            .then_with(|| other.last_day().cmp(&self.last_day()))
    }
}

impl PartialOrd for FuzzyDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for FuzzyDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.precision() {
            Precision::Day => write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day),
            Precision::Month => write!(f, "{:04}-{:02}", self.year, self.month),
            Precision::Year => write!(f, "{:04}", self.year),
        }
    }
}

impl fmt::Debug for FuzzyDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FuzzyDate({self})")
    }
}

impl FromStr for FuzzyDate {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        FuzzyDate::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> FuzzyDate {
        FuzzyDate::parse(s).unwrap()
    }

    #[test]
    fn parses_each_precision() {
        assert_eq!(d("2016-05").precision(), Precision::Month);
        assert_eq!(d("2015").precision(), Precision::Year);
        assert_eq!(d("2021-07-07").precision(), Precision::Day);
        assert_eq!(d("20210707"), d("2021-07-07"));
        assert_eq!(d("2016-05").to_string(), "2016-05");
        assert!(matches!(
            FuzzyDate::parse("2019-13-45"),
            Err(DateError::OutOfRange(_))
        ));
        assert!(matches!(
            FuzzyDate::parse("2019-02-30"),
            Err(DateError::OutOfRange(_))
        ));
        assert!(matches!(
            FuzzyDate::parse("0000"),
            Err(DateError::OutOfRange(_))
        ));
        for bad in [
            "",
            "2019-5",
            "19-05-01",
            "2019-05-01-01",
            "2.02E+13",
            "abcd",
            "2019/05/01",
        ] {
            assert!(
                matches!(FuzzyDate::parse(bad), Err(DateError::Malformed(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn intervals_and_containment() {
        assert_eq!(d("1970-01-01").first_day(), 0);
        assert_eq!(
            d("2016").last_day() - d("2016").first_day(),
            365,
            "leap year"
        );
        assert_eq!(d("2016-02").last_day() - d("2016-02").first_day(), 28);
        assert!(d("2016").contains(&d("2016-05-03")));
        assert!(d("2016-05").contains(&d("2016-05-31")));
        assert!(!d("2016-05").contains(&d("2016")));
        assert!(d("2016").overlaps(&d("2016-12")));
        assert!(!d("2016").overlaps(&d("2017-01-01")));
    }

    #[test]
    fn ordering_puts_wider_first() {
        let mut v = [
            d("2016-01-02"),
            d("2016-01-01"),
            d("2016-01"),
            d("2016"),
            d("2015-12-31"),
        ];
        v.sort();
        let s: Vec<String> = v.iter().map(|x| x.to_string()).collect();
        assert_eq!(
            s,
            ["2015-12-31", "2016", "2016-01", "2016-01-01", "2016-01-02"]
        );
    }

    #[test]
    fn buckets() {
        let x = d("2016-05-03");
        assert_eq!(x.bucket(Period::Day).unwrap().label, "2016-05-03");
        assert_eq!(x.bucket(Period::Week).unwrap().label, "2016-W18");
        assert_eq!(x.bucket(Period::Month).unwrap().label, "2016-05");
        assert_eq!(x.bucket(Period::Quarter).unwrap().label, "2016-Q2");
        assert_eq!(x.bucket(Period::Year).unwrap().label, "2016");
        assert_eq!(d("2016").bucket(Period::Month), None);
        assert_eq!(d("2016-05").bucket(Period::Week), None);
        assert_eq!(
            d("2016-05").bucket(Period::Quarter).unwrap().label,
            "2016-Q2"
        );
        // ISO week of 1 January 2021 belongs to 2020.
        assert_eq!(
            d("2021-01-01").bucket(Period::Week).unwrap().label,
            "2020-W53"
        );
        let months =
            Period::Month.buckets(d("2016-01-15").first_day(), d("2016-03-01").first_day());
        assert_eq!(
            months.iter().map(|b| b.label.as_str()).collect::<Vec<_>>(),
            ["2016-01", "2016-02", "2016-03"]
        );
    }

    proptest! {
        #[test]
        fn day_numbers_round_trip(n in -700_000i32..2_900_000) {
            if let Some(x) = FuzzyDate::from_day_number(n) {
                prop_assert_eq!(x.first_day(), n);
                prop_assert_eq!(FuzzyDate::parse(&x.to_string()).unwrap(), x);
                for p in Period::ALL {
                    let b = x.bucket(p).unwrap();
                    prop_assert!(b.start <= n && n <= b.end);
                }
            }
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,12}") {
            let _ = FuzzyDate::parse(&s);
        }
    }
}
