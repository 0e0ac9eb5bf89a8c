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
//! PostgreSQL plans differently (custom plans for the first runs, then a generic plan),
//! so its statements are left as built.

use sea_orm::sea_query::Value;
use sea_orm::{
    ConnectionTrait, DbBackend, DbErr, EntityTrait, Select, SelectTwoRequired, Selector,
    SelectorTrait, Statement,
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

impl<E: EntityTrait, F: EntityTrait> ByKey for SelectTwoRequired<E, F> {
    type Row = (E::Model, F::Model);

    async fn by_key<C: ConnectionTrait>(self, conn: &C) -> Result<Option<Self::Row>, DbErr> {
        Ok(self.all(conn).await?.into_iter().next())
    }
}

/// `statement` with every `LIMIT ?` of a SQLite statement replaced by the bound integer,
/// and that value taken out of the parameters. Any other statement, or one whose
/// placeholders do not match its values, is returned as it was.
pub(crate) fn with_literal_limits(statement: Statement) -> Statement {
    if statement.db_backend != DbBackend::Sqlite {
        return statement;
    }
    let Some(values) = statement.values.as_ref() else {
        return statement;
    };
    let mut params = values.0.iter();
    let mut kept = Vec::with_capacity(values.0.len());
    let mut sql = String::with_capacity(statement.sql.len());
    let mut quote = None;
    for c in statement.sql.chars() {
        match quote {
            // A doubled quote inside a quoted text closes and reopens it: same result.
            Some(open) if c == open => quote = None,
            Some(_) => {}
            None if matches!(c, '\'' | '"' | '`') => quote = Some(c),
            None if c == '?' => {
                let Some(value) = params.next() else {
                    return statement;
                };
                if sql.ends_with("LIMIT ")
                    && let Some(limit) = integer(value)
                {
                    sql.push_str(&limit.to_string());
                    continue;
                }
                kept.push(value.clone());
            }
            None => {}
        }
        sql.push(c);
    }
    if params.next().is_some() {
        return statement;
    }
    Statement::from_sql_and_values(DbBackend::Sqlite, sql, kept)
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
            "SELECT 1 LIMIT $1",
            [Value::from(1_u64)],
        );
        assert_eq!(with_literal_limits(postgres).sql, "SELECT 1 LIMIT $1");
    }
}
