//! Statements that SQLite can prepare once per connection and reuse.
//!
//! SQLite plans a statement with a bound `LIMIT ?` for the value bound at that time, and
//! therefore throws the prepared statement away and plans it again each time a new value
//! is bound, which is every run: sea-orm's `.one()` and every paged query bind their
//! limit. Planning costs more than running the portal's indexed queries (a quarter of the
//! server's time under load, `docs/performance.md`). So:
//!
//! - a read by a unique key uses [`ByKey::by_key`], which has no `LIMIT` at all;
//! - a paged statement goes through [`with_literal_limits`], which writes its limits into
//!   the SQL text (there are only a handful of page sizes, so a handful of statements).
//!
//! PostgreSQL plans a prepared statement for its values for five runs, then keeps one
//! generic plan if that plan is estimated to cost no more. A bound `LIMIT $n` makes the
//! generic plan look costly (it must assume a large limit), so every run was planned again,
//! 0.3 ms against 0.1 ms for running the default table's page. Its limits are written into
//! the text too; offsets stay bound, which keeps the generic plan.

use sea_orm::sea_query::Value;
use sea_orm::{
    ConnectionTrait, DbBackend, DbErr, EntityTrait, Select, Selector, SelectorTrait, Statement,
};

/// Reading the one row a unique key names, without the `LIMIT ?` of `.one()`.
pub(crate) trait ByKey {
    /// What a row reads as.
    type Row;

    /// The row, if any. Only for filters on a unique key (or an aggregate): every row the
    /// statement returns is read.
    async fn by_key<C: ConnectionTrait>(self, conn: &C) -> Result<Option<Self::Row>, DbErr>;
}

impl<E: EntityTrait> ByKey for Select<E> {
    type Row = E::Model;

    async fn by_key<C: ConnectionTrait>(self, conn: &C) -> Result<Option<E::Model>, DbErr> {
        Ok(self.all(conn).await?.into_iter().next())
    }
}

impl<S: SelectorTrait> ByKey for Selector<S> {
    type Row = S::Item;

    async fn by_key<C: ConnectionTrait>(self, conn: &C) -> Result<Option<S::Item>, DbErr> {
        Ok(self.all(conn).await?.into_iter().next())
    }
}

/// `statement` with every bound `LIMIT` (`LIMIT ?` on SQLite, `LIMIT $n` on PostgreSQL)
/// replaced by its integer, that value taken out of the parameters and, on PostgreSQL, the
/// later placeholders renumbered. Any other statement, or one whose placeholders do not
/// match its values, is returned as it was.
pub(crate) fn with_literal_limits(statement: Statement) -> Statement {
    let Some(values) = statement.values.as_ref() else {
        return statement;
    };
    let backend = statement.db_backend;
    let Some(pieces) = pieces(&statement.sql, backend, values.0.len()) else {
        return statement;
    };
    // Which values are limits, by their position in `values`.
    let mut literal = vec![false; values.0.len()];
    let mut before = "";
    for piece in &pieces {
        match piece {
            Piece::Text(text) => before = text,
            Piece::Param(index) => {
                if before.ends_with("LIMIT ") && integer(&values.0[*index]).is_some() {
                    literal[*index] = true;
                }
                before = "";
            }
        }
    }
    let mut sql = String::with_capacity(statement.sql.len());
    for piece in &pieces {
        match piece {
            Piece::Text(text) => sql.push_str(text),
            Piece::Param(index) if literal[*index] => {
                if let Some(limit) = integer(&values.0[*index]) {
                    sql.push_str(&limit.to_string());
                }
            }
            Piece::Param(_) if backend == DbBackend::Sqlite => sql.push('?'),
            Piece::Param(index) => {
                let earlier = literal[..*index].iter().filter(|l| **l).count();
                sql.push_str(&format!("${}", index - earlier + 1));
            }
        }
    }
    let kept: Vec<Value> = values
        .0
        .iter()
        .zip(&literal)
        .filter(|(_, literal)| !**literal)
        .map(|(value, _)| value.clone())
        .collect();
    Statement::from_sql_and_values(backend, sql, kept)
}

/// A statement's text cut at its placeholders.
#[derive(Debug)]
enum Piece<'a> {
    Text(&'a str),
    /// The position in the values of the value a placeholder stands for.
    Param(usize),
}

/// `sql` cut into text and placeholders (`?` in order on SQLite, `$n` on PostgreSQL),
/// outside quoted text; `None` when the placeholders do not match `count` values.
fn pieces(sql: &str, backend: DbBackend, count: usize) -> Option<Vec<Piece<'_>>> {
    let mut pieces = Vec::new();
    let mut quote = None;
    let mut start = 0;
    let mut next = 0;
    let mut chars = sql.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match quote {
            // A doubled quote inside a quoted text closes and reopens it: same result.
            Some(open) if c == open => quote = None,
            Some(_) => {}
            None if matches!(c, '\'' | '"' | '`') => quote = Some(c),
            None if c == '?' && backend == DbBackend::Sqlite => {
                pieces.push(Piece::Text(&sql[start..at]));
                pieces.push(Piece::Param(next));
                next += 1;
                start = at + 1;
            }
            None if c == '$' && backend == DbBackend::Postgres => {
                let mut end = at + 1;
                while let Some((digit_at, digit)) = chars.peek().copied()
                    && digit.is_ascii_digit()
                {
                    end = digit_at + 1;
                    chars.next();
                }
                let number: usize = sql[at + 1..end].parse().ok()?;
                pieces.push(Piece::Text(&sql[start..at]));
                pieces.push(Piece::Param(number.checked_sub(1)?));
                start = end;
            }
            None => {}
        }
    }
    pieces.push(Piece::Text(&sql[start..]));
    let params: Vec<usize> = pieces
        .iter()
        .filter_map(|piece| match piece {
            Piece::Param(index) => Some(*index),
            Piece::Text(_) => None,
        })
        .collect();
    let matched = match backend {
        DbBackend::Sqlite => params.len() == count,
        // Each value once, in order: what the query builder writes.
        DbBackend::Postgres => params.iter().copied().eq(0..count),
        _ => false,
    };
    matched.then_some(pieces)
}

fn integer(value: &Value) -> Option<i128> {
    match value {
        Value::TinyInt(Some(n)) => Some(i128::from(*n)),
        Value::SmallInt(Some(n)) => Some(i128::from(*n)),
        Value::Int(Some(n)) => Some(i128::from(*n)),
        Value::BigInt(Some(n)) => Some(i128::from(*n)),
        Value::TinyUnsigned(Some(n)) => Some(i128::from(*n)),
        Value::SmallUnsigned(Some(n)) => Some(i128::from(*n)),
        Value::Unsigned(Some(n)) => Some(i128::from(*n)),
        Value::BigUnsigned(Some(n)) => Some(i128::from(*n)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used)]
    use super::with_literal_limits;
    use sea_orm::sea_query::Value;
    use sea_orm::{DbBackend, Statement};

    fn sqlite(sql: &str, values: Vec<Value>) -> Statement {
        Statement::from_sql_and_values(DbBackend::Sqlite, sql, values)
    }

    #[test]
    fn limits_are_written_into_the_text_and_other_values_stay_bound() {
        let built = sqlite(
            r#"SELECT "id" FROM "t" WHERE "a" = ? AND "b" IN (SELECT "id" FROM "t" WHERE "c" = ? LIMIT ? OFFSET ?) LIMIT ?"#,
            vec![
                Value::from("x"),
                Value::from(7_i32),
                Value::from(25_u64),
                Value::from(50_u64),
                Value::from(1_u64),
            ],
        );
        let fixed = with_literal_limits(built);
        assert_eq!(
            fixed.sql,
            r#"SELECT "id" FROM "t" WHERE "a" = ? AND "b" IN (SELECT "id" FROM "t" WHERE "c" = ? LIMIT 25 OFFSET ?) LIMIT 1"#
        );
        let values = fixed.values.expect("values").0;
        assert_eq!(
            values,
            vec![Value::from("x"), Value::from(7_i32), Value::from(50_u64)]
        );
    }

    #[test]
    fn question_marks_in_quoted_text_are_not_placeholders() {
        let built = sqlite(
            r#"SELECT 'LIMIT ?', "odd?""name" FROM "t" WHERE "a" LIKE ? ESCAPE '\' LIMIT ?"#,
            vec![Value::from("%x%"), Value::from(5_u64)],
        );
        let fixed = with_literal_limits(built);
        assert_eq!(
            fixed.sql,
            r#"SELECT 'LIMIT ?', "odd?""name" FROM "t" WHERE "a" LIKE ? ESCAPE '\' LIMIT 5"#
        );
        assert_eq!(fixed.values.expect("values").0, vec![Value::from("%x%")]);
    }

    #[test]
    fn a_statement_that_does_not_add_up_is_left_alone() {
        let short = sqlite("SELECT ? LIMIT ?", vec![Value::from(1_i32)]);
        assert_eq!(with_literal_limits(short).sql, "SELECT ? LIMIT ?");
        let long = sqlite(
            "SELECT 1 LIMIT ?",
            vec![Value::from(1_u64), Value::from(2_u64)],
        );
        assert_eq!(with_literal_limits(long).sql, "SELECT 1 LIMIT ?");
        let postgres = Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT $1 LIMIT $3",
            [Value::from(1_u64), Value::from(2_u64)],
        );
        assert_eq!(with_literal_limits(postgres).sql, "SELECT $1 LIMIT $3");
    }

    #[test]
    fn postgres_limits_are_written_into_the_text_and_later_placeholders_renumbered() {
        let built = Statement::from_sql_and_values(
            DbBackend::Postgres,
            r#"SELECT 'LIMIT $9', $1 FROM "t" WHERE "id" IN (SELECT "id" FROM "t" WHERE "a" = $2 LIMIT $3 OFFSET $4) AND "b" = $5 LIMIT $6"#,
            [
                Value::from(7_i32),
                Value::from("x"),
                Value::from(25_u64),
                Value::from(50_u64),
                Value::from("y"),
                Value::from(1_u64),
            ],
        );
        let fixed = with_literal_limits(built);
        assert_eq!(
            fixed.sql,
            r#"SELECT 'LIMIT $9', $1 FROM "t" WHERE "id" IN (SELECT "id" FROM "t" WHERE "a" = $2 LIMIT 25 OFFSET $3) AND "b" = $4 LIMIT 1"#
        );
        assert_eq!(
            fixed.values.expect("values").0,
            vec![
                Value::from(7_i32),
                Value::from("x"),
                Value::from(50_u64),
                Value::from("y")
            ]
        );
    }
}
