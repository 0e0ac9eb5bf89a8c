//! How calendar days are stored: as `INTEGER` days since 1970-01-01, which compare and
//! index the same way on SQLite and PostgreSQL.

use time::{Date, Duration, Month};

use crate::error::InvalidRow;

const EPOCH: Date = match Date::from_calendar_date(1970, Month::January, 1) {
    Ok(date) => date,
    Err(_) => Date::MIN,
};

/// Days since 1970-01-01 (negative before it).
pub(crate) fn to_days(date: Date) -> i32 {
    // `Date` spans years -9999..=9999, a few million days: far inside `i32`.
    i32::try_from((date - EPOCH).whole_days()).unwrap_or(i32::MAX)
}

/// The day stored as `days`.
pub(crate) fn from_days(
    days: i32,
    table: &'static str,
    column: &'static str,
) -> Result<Date, InvalidRow> {
    EPOCH
        .checked_add(Duration::days(i64::from(days)))
        .ok_or_else(|| InvalidRow::new(table, column))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use time::macros::date;

    use super::*;

    #[test]
    fn days_round_trip_and_keep_their_order() {
        for d in [
            date!(1969 - 12 - 31),
            date!(1970 - 01 - 01),
            date!(2030 - 03 - 01),
        ] {
            assert_eq!(from_days(to_days(d), "t", "c").unwrap(), d);
        }
        assert_eq!(to_days(date!(1970 - 01 - 02)), 1);
        assert!(to_days(date!(2030 - 03 - 01)) > to_days(date!(2030 - 02 - 28)));
    }
}
