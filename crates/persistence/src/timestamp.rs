//! How instants are stored: as `BIGINT` microseconds since the Unix epoch, UTC.
//!
//! Why not a native timestamp type: sea-orm maps `OffsetDateTime` to `timestamptz` on
//! PostgreSQL but to text on SQLite, where comparisons are string comparisons whose order
//! depends on the text format and offset. An integer compares the same way on both
//! databases, indexes well, and round-trips exactly. Microseconds (not nanoseconds) match
//! PostgreSQL's own precision; a sub-microsecond part is dropped on the way in, the same
//! way on both databases. Instants come back in UTC; the domain's clock is UTC anyway.

use time::OffsetDateTime;

use crate::error::InvalidRow;

/// Microseconds since the Unix epoch, rounded down.
pub(crate) fn to_micros(at: OffsetDateTime) -> i64 {
    let micros = at.unix_timestamp_nanos().div_euclid(1_000);
    // `OffsetDateTime` spans years -9999..=9999, far inside the `i64` range of microseconds.
    i64::try_from(micros).unwrap_or(if micros < 0 { i64::MIN } else { i64::MAX })
}

/// The instant stored as `micros`, in UTC.
pub(crate) fn from_micros(
    micros: i64,
    table: &'static str,
    column: &'static str,
) -> Result<OffsetDateTime, InvalidRow> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(micros) * 1_000)
        .map_err(|_| InvalidRow::new(table, column))
}

/// The optional instant stored as `micros`, in UTC.
pub(crate) fn from_micros_opt(
    micros: Option<i64>,
    table: &'static str,
    column: &'static str,
) -> Result<Option<OffsetDateTime>, InvalidRow> {
    micros.map(|m| from_micros(m, table, column)).transpose()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use time::macros::datetime;

    use super::*;

    #[test]
    fn an_instant_round_trips_to_the_microsecond_in_utc() {
        let at = datetime!(2030-05-06 07:08:09.123456 +02:00);
        let back = from_micros(to_micros(at), "t", "c").unwrap();
        assert_eq!(back, at);
        assert_eq!(back.offset(), time::UtcOffset::UTC);
    }

    #[test]
    fn sub_microseconds_are_dropped_and_earlier_instants_stay_earlier() {
        let at = datetime!(1969-12-31 23:59:59.999999999 UTC);
        assert_eq!(to_micros(at), -1);
        assert!(to_micros(datetime!(2030-01-01 0:00 UTC)) > to_micros(at));
    }
}
