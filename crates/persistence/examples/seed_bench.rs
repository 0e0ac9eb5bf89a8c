//! Seeds a database with synthetic applications and times the table's queries on the
//! busiest representative through the repository.
//!
//! ```text
//! cargo run --release -p portal-persistence --example seed_bench -- \
//!     sqlite:///tmp/bench.db?mode=rwc [representatives] [applications] [heavy]
//! ```
//!
//! A fifth argument, a representative's id, skips the seeding and benchmarks that
//! representative's applications in the database as it is.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use portal_domain::account::AccountId;
use portal_domain::application::{
    ApplicationQuery, ApplicationRepository, ApplicationStatus, ApplicationType, SortColumn,
    SortDirection,
};
use portal_persistence::Database;
use portal_persistence::seed::{SeedOptions, seed};
use time::macros::datetime;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let url = args
        .get(1)
        .map_or("sqlite:///tmp/bench.db?mode=rwc", String::as_str);
    let arg = |i: usize, default: u64| args.get(i).map_or(Ok(default), |a| a.parse::<u64>());
    let representatives = u32::try_from(arg(2, 1_000)?)?;
    let applications = arg(3, 1_000_000)?;
    let heavy = arg(4, 20_000)?;
    let db = Database::connect(url).await?;
    db.migrate().await?;
    let options = SeedOptions {
        representatives,
        applications,
        heavy_representative_applications: heavy,
        seed: 42,
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2VlZHNlZWQ$c2VlZGhhc2hzZWVkaGFzaA".into(),
        now: datetime!(2030-01-15 12:00 UTC),
        draft_lifetime_days: 60,
        wording: std::sync::Arc::new(portal_domain::wording::MessageIds),
    };
    if let Some(owner) = args.get(5) {
        // An already seeded database: benchmark the given representative.
        let owner = AccountId::from_uuid(owner.parse()?);
        bench(&db, owner).await;
        return Ok(());
    }
    let started = Instant::now();
    let report = match seed(&db, &options, |done, total| {
        eprint!(
            "\rseeded {done} of {total} ({:.1} s)",
            started.elapsed().as_secs_f64()
        );
    })
    .await
    {
        Ok(report) => report,
        Err(e) => return Err(e.into()),
    };
    eprintln!();
    println!(
        "seeded {} applications ({} submitted) for {} representatives in {:.1} s",
        report.applications,
        report.submitted,
        report.representatives,
        started.elapsed().as_secs_f64()
    );
    bench(&db, report.heavy_representative).await;
    Ok(())
}

async fn bench(db: &Database, owner: AccountId) {
    let repo = db.applications();
    let (_, submitted) = repo
        .search(
            owner,
            &ApplicationQuery {
                status: Some(ApplicationStatus::Submitted),
                ..ApplicationQuery::default()
            },
        )
        .await
        .unwrap();
    let number = submitted[0].number.clone().unwrap();
    let cases: Vec<(&str, ApplicationQuery)> = vec![
        ("default table", ApplicationQuery::default()),
        (
            "name search",
            ApplicationQuery {
                applicant_name: Some("hélène".into()),
                status: None,
                ..ApplicationQuery::default()
            },
        ),
        (
            "type + status + name",
            ApplicationQuery {
                applicant_name: Some("nguyen".into()),
                application_type: Some(ApplicationType::StudyPermit),
                ..ApplicationQuery::default()
            },
        ),
        (
            "number prefix (whole number)",
            ApplicationQuery {
                number_prefix: Some(number.as_str().into()),
                status: None,
                ..ApplicationQuery::default()
            },
        ),
        (
            "unread only",
            ApplicationQuery {
                unread_only: true,
                status: None,
                ..ApplicationQuery::default()
            },
        ),
    ];
    let mut cases = cases;
    for column in SortColumn::ALL {
        for direction in [SortDirection::Ascending, SortDirection::Descending] {
            cases.push((
                "sorted drafts",
                ApplicationQuery {
                    sort: column,
                    direction,
                    ..ApplicationQuery::default()
                },
            ));
        }
    }
    for (name, query) in cases {
        let mut times = Vec::new();
        let mut total = 0;
        for _ in 0..200 {
            let started = Instant::now();
            total = repo.search(owner, &query).await.unwrap().0;
            times.push(started.elapsed());
        }
        let number_lookup = Instant::now();
        repo.find_by_number(owner, &number).await.unwrap();
        let _ = number_lookup;
        times.sort();
        let p = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
        println!(
            "{name:<30} {:?} {:?}: total {total:>6}  p50 {:>8.3} ms  p99 {:>8.3} ms",
            query.sort,
            query.direction,
            ms(p(0.5)),
            ms(p(0.99))
        );
    }
    let mut times = Vec::new();
    for _ in 0..200 {
        let started = Instant::now();
        repo.find_by_number(owner, &number).await.unwrap().unwrap();
        times.push(started.elapsed());
    }
    times.sort();
    println!(
        "{:<30} p50 {:>8.3} ms  p99 {:>8.3} ms",
        "find_by_number",
        ms(times[100]),
        ms(times[197])
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1_000.0
}
