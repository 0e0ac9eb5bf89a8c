//! The harness that gives each case a fresh, migrated database, and the fixtures the cases
//! share.

use std::future::Future;

use portal_domain::account::{
    Account, AccountId, AccountMessage, AccountStatus, ContactDetails, EmailAddress, EmailUpdates,
    FaxNumber, GoverningBody, Language, MembershipId, PersonName, RepresentativeDetails, Role,
    SideEffects, TelephoneCountry, TelephoneNumber, TelephoneType,
};
use portal_domain::audit::{AuditAction, AuditEvent};
use portal_domain::mail::OutgoingMail;
use portal_domain::secrets::PasswordHash;
use portal_persistence::Database;
use sea_orm::{ConnectOptions, ConnectionTrait, DatabaseConnection, Statement};
use time::{Duration, OffsetDateTime, macros::datetime};
use uuid::Uuid;

const SKIP_POSTGRES: &str =
    "skipping PostgreSQL contract test: PORTAL_TEST_DATABASE_URL is not set";

/// What a case gets: the database under test, and a separate plain connection to look at
/// the tables directly.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub db: Database,
    raw: DatabaseConnection,
    url: String,
}

impl Ctx {
    /// The URL of the database under test, to open more pools as other processes would.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The number of rows of `table` that match `condition` (SQL).
    pub async fn count(&self, table: &str, condition: &str) -> i64 {
        let sql = format!("SELECT COUNT(*) AS n FROM {table} WHERE {condition}");
        let row = self.query_one(&sql).await;
        row.try_get::<i64>("", "n").unwrap()
    }

    /// The number of rows of `table`.
    pub async fn rows(&self, table: &str) -> i64 {
        self.count(table, "1 = 1").await
    }

    /// The text in column `column` of the only row `sql` selects.
    pub async fn text(&self, sql: &str, column: &str) -> String {
        self.query_one(sql)
            .await
            .try_get::<String>("", column)
            .unwrap()
    }

    /// The text in column `line` of every row `sql` selects.
    pub async fn lines(&self, sql: &str) -> Vec<String> {
        let backend = self.raw.get_database_backend();
        self.raw
            .query_all_raw(Statement::from_string(backend, sql.to_owned()))
            .await
            .unwrap()
            .iter()
            .map(|row| row.try_get::<String>("", "line").unwrap())
            .collect()
    }

    /// Runs a statement behind the adapters' back.
    pub async fn execute(&self, sql: &str) {
        self.raw.execute_unprepared(sql).await.unwrap();
    }

    async fn query_one(&self, sql: &str) -> sea_orm::QueryResult {
        let backend = self.raw.get_database_backend();
        self.raw
            .query_one_raw(Statement::from_string(backend, sql.to_owned()))
            .await
            .unwrap()
            .expect("the query returns a row")
    }
}

/// Whether the harness migrates the database before the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schema {
    Migrated,
    Empty,
}

/// Runs `case` on a fresh SQLite file.
pub async fn on_sqlite<F, Fut>(schema: Schema, case: F)
where
    F: FnOnce(Ctx) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("portal.db").display()
    );
    let outcome = run(&url, schema, case).await;
    drop(dir);
    rethrow(outcome);
}

/// Runs `case` on a fresh PostgreSQL database made through `PORTAL_TEST_DATABASE_URL`, and
/// drops that database afterwards; without the variable, says so and returns.
pub async fn on_postgres<F, Fut>(schema: Schema, case: F)
where
    F: FnOnce(Ctx) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let Ok(admin_url) = std::env::var("PORTAL_TEST_DATABASE_URL") else {
        println!("{SKIP_POSTGRES}");
        return;
    };
    let name = format!("portal_test_{}", Uuid::new_v4().simple());
    let mut options = ConnectOptions::new(admin_url.clone());
    options.max_connections(1).sqlx_logging(false);
    let admin = sea_orm::Database::connect(options).await.unwrap();
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap();
    let outcome = run(&with_database(&admin_url, &name), schema, case).await;
    admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .await
        .unwrap();
    admin.close().await.unwrap();
    rethrow(outcome);
}

type Outcome = Result<(), tokio::task::JoinError>;

/// Re-raises the case's panic, once its database is gone.
fn rethrow(outcome: Outcome) {
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}

/// Connects, migrates if asked, runs the case (catching its panic so the database is
/// closed either way), then closes the connections and returns how the case ended.
async fn run<F, Fut>(url: &str, schema: Schema, case: F) -> Outcome
where
    F: FnOnce(Ctx) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let db = Database::connect(url).await.unwrap();
    if schema == Schema::Migrated {
        db.migrate().await.unwrap();
    }
    let mut options = ConnectOptions::new(url.to_owned());
    options.max_connections(1).sqlx_logging(false);
    let raw = sea_orm::Database::connect(options).await.unwrap();
    let ctx = Ctx {
        db: db.clone(),
        raw: raw.clone(),
        url: url.to_owned(),
    };
    let outcome = tokio::spawn(case(ctx)).await;
    db.close().await.unwrap();
    raw.close().await.unwrap();
    outcome
}

/// The admin URL with its database name replaced.
fn with_database(admin_url: &str, name: &str) -> String {
    let (base, query) = match admin_url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (admin_url, None),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let server = match base[authority_start..].find('/') {
        Some(slash) => &base[..authority_start + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{server}/{name}?{query}"),
        None => format!("{server}/{name}"),
    }
}

/// A fixed instant plus `minutes`; every case passes its times explicitly.
pub fn at(minutes: i64) -> OffsetDateTime {
    datetime!(2030-01-15 09:00 UTC) + Duration::minutes(minutes)
}

/// A pending representative with every detail filled in.
pub fn representative(email: &str) -> Account {
    let country = TelephoneCountry::CanadaOrUs;
    Account {
        id: AccountId::from_uuid(uuid::Uuid::now_v7()),
        role: Role::Representative,
        email: EmailAddress::parse(email).unwrap(),
        given_name: PersonName::parse("Marie-Ève").unwrap(),
        surname: PersonName::parse("O'Brien").unwrap(),
        language: Language::French,
        representative: Some(RepresentativeDetails {
            governing_body: GoverningBody::Cicc,
            membership_id: MembershipId::parse("R512345").unwrap(),
            contact: ContactDetails {
                telephone_type: TelephoneType::Cellular,
                telephone_country: country,
                telephone_number: TelephoneNumber::parse("5145551234", country).unwrap(),
                fax: Some(FaxNumber::parse("(514) 555-9876").unwrap()),
                email_updates: EmailUpdates::Yes,
            },
            mailing_address: None,
            standing: portal_domain::account::Standing::Good,
        }),
        ircc_id: None,
        password_hash: PasswordHash::new("$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g"),
        must_change_password: false,
        status: AccountStatus::Pending,
        created_at: at(0),
        updated_at: at(0),
        version: 0,
    }
}

/// An officer: no representative details.
pub fn officer(email: &str) -> Account {
    Account {
        role: Role::Officer,
        representative: None,
        language: Language::English,
        must_change_password: true,
        status: AccountStatus::Approved,
        ..representative(email)
    }
}

/// A mail, a message and an audit entry about `account`.
pub fn notice_effects(account: &Account, subject: &str) -> SideEffects {
    SideEffects {
        mails: vec![OutgoingMail {
            to: account.email.clone(),
            subject: subject.to_owned(),
            body: format!("{subject}: body"),
        }],
        messages: vec![AccountMessage {
            account_id: account.id,
            subject: subject.to_owned(),
            body: format!("{subject}: message"),
            sent_at: at(1),
            asks_action: false,
        }],
        audit: vec![AuditEvent {
            at: at(1),
            actor: Some(account.id),
            subject: Some(account.id),
            application: None,
            enquiry: None,
            action: AuditAction::ContactUpdated,
        }],
        ..SideEffects::default()
    }
}

/// A mail to `to` and nothing else.
pub fn mail_effects(to: &str, subject: &str) -> SideEffects {
    SideEffects {
        mails: vec![OutgoingMail {
            to: EmailAddress::parse(to).unwrap(),
            subject: subject.to_owned(),
            body: format!("{subject}: body"),
        }],
        ..SideEffects::default()
    }
}

#[test]
fn the_admin_url_gets_the_test_database_name() {
    assert_eq!(
        with_database("postgres://postgres@127.0.0.1:5432/test", "x"),
        "postgres://postgres@127.0.0.1:5432/x"
    );
    assert_eq!(
        with_database("postgres://u:p@h/db?sslmode=disable", "x"),
        "postgres://u:p@h/x?sslmode=disable"
    );
    assert_eq!(
        with_database("postgres://h:5432", "x"),
        "postgres://h:5432/x"
    );
}
