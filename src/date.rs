//! Dates as wire stories give them: a year, a month, a day or an instant with its offset, read into
//! the first second of the period they name (UTC), and the end of that period for search filters
//! (`--since 2022-02` starts on February 1st, `--until 2022-02` ends with February 28th). No
//! time-zone database and no calendar crate: the proleptic Gregorian calendar by arithmetic.

/// A date as the source gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleDate {
    /// The date as written (`2022-02`, `2020-07-02T20:48:00+02:00`).
    pub text: String,
    /// Seconds since the Unix epoch of the start of that period, in UTC.
    pub seconds: i64,
}

/// Parses `YYYY`, `YYYY-MM`, `YYYY-MM-DD` and ISO 8601 date-times with an offset.
pub fn parse_date(value: &str) -> Option<ArticleDate> {
    let bytes = value.as_bytes();
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        let digits = value.get(range)?;
        if digits.bytes().all(|b| b.is_ascii_digit()) {
            digits.parse().ok()
        } else {
            None
        }
    };
    let year = number(0..4)?;
    let (month, day, mut rest) = match bytes.len() {
        4 => (1, 1, ""),
        7 if bytes[4] == b'-' => (number(5..7)?, 1, ""),
        n if n >= 10 && bytes[4] == b'-' && bytes[7] == b'-' => {
            (number(5..7)?, number(8..10)?, &value[10..])
        }
        _ => return None,
    };
    if !(1..=12).contains(&month) || !(1..=days_in_month(year, month)).contains(&day) {
        return None;
    }
    let mut seconds = days_from_civil(year, month, day) * 86_400;
    if let Some(time) = rest.strip_prefix(['T', ' ']) {
        let hour = time.get(0..2)?.parse::<i64>().ok()?;
        let minute = time.get(3..5)?.parse::<i64>().ok()?;
        let mut consumed = 5;
        let mut second = 0;
        if time.as_bytes().get(5) == Some(&b':') {
            second = time.get(6..8)?.parse::<i64>().ok()?;
            consumed = 8;
            // Fractions of a second are read past and dropped.
            if time.as_bytes().get(8) == Some(&b'.') {
                consumed = 9 + time[9..].bytes().take_while(u8::is_ascii_digit).count();
            }
        }
        if hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        seconds += hour * 3600 + minute * 60 + second;
        rest = &time[consumed..];
        match rest.as_bytes().first() {
            None => {}
            Some(b'Z') => rest = &rest[1..],
            Some(sign @ (b'+' | b'-')) => {
                let offset_hours = rest.get(1..3)?.parse::<i64>().ok()?;
                let offset_minutes = rest
                    .get(3..)
                    .map(|m| m.trim_start_matches(':'))
                    .filter(|m| !m.is_empty())
                    .map_or(Some(0), |m| m.parse::<i64>().ok())?;
                let offset = offset_hours * 3600 + offset_minutes * 60;
                seconds += if *sign == b'+' { -offset } else { offset };
                rest = "";
            }
            Some(_) => return None,
        }
    }
    if !rest.is_empty() {
        return None;
    }
    Some(ArticleDate {
        text: value.to_owned(),
        seconds,
    })
}

/// The first second after the period a date names: `2022-02` ends at `2022-03-01`.
pub fn end_of_period(value: &str) -> Option<i64> {
    let date = parse_date(value)?;
    let year: i64 = value.get(0..4)?.parse().ok()?;
    let next = match value.len() {
        4 => days_from_civil(year + 1, 1, 1) * 86_400,
        7 => {
            let month: i64 = value.get(5..7)?.parse().ok()?;
            let (year, month) = if month == 12 {
                (year + 1, 1)
            } else {
                (year, month + 1)
            };
            days_from_civil(year, month, 1) * 86_400
        }
        10 => date.seconds + 86_400,
        _ => date.seconds + 1,
    };
    Some(next)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// Formats seconds since the epoch as `YYYY-MM-DD`.
pub fn format_day(seconds: i64) -> String {
    let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
    format!("{year:04}-{month:02}-{day:02}")
}

/// The lengths of period that counts are grouped by (`stats --by`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// Calendar years.
    Year,
    /// Calendar months.
    Month,
    /// ISO weeks, Monday to Sunday.
    Week,
    /// Days (UTC).
    Day,
}

impl Period {
    /// The first second of the period that holds `seconds`.
    pub fn start(self, seconds: i64) -> i64 {
        let days = seconds.div_euclid(86_400);
        let start = match self {
            Period::Day => days,
            // 1970-01-01 was a Thursday: Monday is three days before it.
            Period::Week => days - (days + 3).rem_euclid(7),
            Period::Month => {
                let (year, month, _) = civil_from_days(days);
                days_from_civil(year, month, 1)
            }
            Period::Year => days_from_civil(civil_from_days(days).0, 1, 1),
        };
        start * 86_400
    }

    /// The first second of the period after the one that begins at `start`.
    pub fn next(self, start: i64) -> i64 {
        let days = start.div_euclid(86_400);
        let next = match self {
            Period::Day => days + 1,
            Period::Week => days + 7,
            Period::Month => {
                let (year, month, _) = civil_from_days(days);
                if month == 12 {
                    days_from_civil(year + 1, 1, 1)
                } else {
                    days_from_civil(year, month + 1, 1)
                }
            }
            Period::Year => days_from_civil(civil_from_days(days).0 + 1, 1, 1),
        };
        next * 86_400
    }

    /// How the period that begins at `start` is written: `2020`, `2020-03`, `2020-W10` (the ISO
    /// week), `2020-03-02`.
    pub fn label(self, start: i64) -> String {
        let days = start.div_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        match self {
            Period::Year => format!("{year:04}"),
            Period::Month => format!("{year:04}-{month:02}"),
            Period::Day => format!("{year:04}-{month:02}-{day:02}"),
            Period::Week => {
                // An ISO week belongs to the year of its Thursday, and week 1 holds the year's
                // first Thursday.
                let thursday = days - (days + 3).rem_euclid(7) + 3;
                let iso_year = civil_from_days(thursday).0;
                let week = (thursday - days_from_civil(iso_year, 1, 1)) / 7 + 1;
                format!("{iso_year:04}-W{week:02}")
            }
        }
    }
}

/// The civil date (year, month, day) of a day counted from 1970-01-01 (Howard Hinnant's
/// algorithm).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_begin_end_and_are_named_by_the_calendar() {
        let at = |value: &str| parse_date(value).expect("a date").seconds;
        let day = format_day;
        let moment = at("2020-12-31T23:00:00+00:00");
        assert_eq!(day(Period::Year.start(moment)), "2020-01-01");
        assert_eq!(
            day(Period::Year.next(Period::Year.start(moment))),
            "2021-01-01"
        );
        assert_eq!(day(Period::Month.start(moment)), "2020-12-01");
        assert_eq!(day(Period::Month.next(at("2020-12-01"))), "2021-01-01");
        assert_eq!(day(Period::Month.next(at("2020-01-01"))), "2020-02-01");
        // 2020-12-31 was a Thursday; its week began on Monday 28 December and is 2020's 53rd.
        assert_eq!(day(Period::Week.start(moment)), "2020-12-28");
        assert_eq!(Period::Week.label(Period::Week.start(moment)), "2020-W53");
        // 2021-01-03 was a Sunday, still in 2020-W53; Monday 4 January opens 2021-W01.
        assert_eq!(
            Period::Week.label(Period::Week.start(at("2021-01-03"))),
            "2020-W53"
        );
        assert_eq!(Period::Week.label(at("2021-01-04")), "2021-W01");
        // 2019-12-30 is a Monday whose Thursday is in 2020: the week is 2020-W01.
        assert_eq!(Period::Week.label(at("2019-12-30")), "2020-W01");
        assert_eq!(day(Period::Week.next(at("2020-12-28"))), "2021-01-04");
        assert_eq!(Period::Day.label(Period::Day.start(moment)), "2020-12-31");
        assert_eq!(Period::Month.label(at("2020-03-01")), "2020-03");
        assert_eq!(Period::Year.label(at("1969-05-01")), "1969");
        assert_eq!(day(Period::Week.start(at("1970-01-01"))), "1969-12-29");
    }

    #[test]
    fn dates_of_every_precision() {
        let day = |value: &str| parse_date(value).map(|date| format_day(date.seconds));
        assert_eq!(day("2022-02").as_deref(), Some("2022-02-01"));
        assert_eq!(day("2022").as_deref(), Some("2022-01-01"));
        assert_eq!(day("2020-02-29").as_deref(), Some("2020-02-29"));
        assert_eq!(day("2021-02-29"), None);
        assert_eq!(
            day("2020-07-02T20:48:00+02:00").as_deref(),
            Some("2020-07-02")
        );
        assert_eq!(
            day("2020-07-02T01:00:00+02:00").as_deref(),
            Some("2020-07-01")
        );
        assert_eq!(day("1969-12-31").as_deref(), Some("1969-12-31"));
        assert_eq!(day("20-07"), None);
        assert_eq!(day("2020-07-02Tnope"), None);
        assert_eq!(
            end_of_period("2022-12").map(format_day).as_deref(),
            Some("2023-01-01")
        );
        assert_eq!(
            end_of_period("2022-02-28").map(format_day).as_deref(),
            Some("2022-03-01")
        );
    }
}
