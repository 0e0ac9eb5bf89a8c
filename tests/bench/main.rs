//! `portal-bench`: seeds a large database, runs the release `portal` binary on it, and
//! measures the "My client applications" queries through HTTP (one connection at a time,
//! then 64 connections with wrk) beside the same queries run directly on the database and
//! beside `/healthz`, then the same pages during a flood of wrong-password sign-ins. Prints
//! markdown tables. `just bench` runs it; `portal-bench soak` (`just soak`) runs the long
//! mixed-traffic soak on a fresh database instead, and `portal-bench flood` only the flood.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod casework;
mod flood;
mod measure;
mod soak;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use clap::Parser;
use portal_domain::account::{AccountRepository, EmailAddress};
use portal_domain::application::{
    ApplicationNumber, ApplicationQuery, ApplicationRepository, ApplicationStatus, ApplicationType,
};
use serde_json::json;

use crate::measure::{
    Memory, Report, Stats, direct, over_http, page_over_http, ratio, sampling_memory, wrk,
    wrk_connections, wrk_page,
};

/// Benchmark of the applications table at scale.
#[derive(Debug, Parser)]
struct Args {
    /// `sqlite` or a PostgreSQL URL of a database the benchmark may empty and fill.
    #[arg(long, default_value = "sqlite")]
    database: String,
    /// Representatives to seed.
    #[arg(long, default_value_t = 1_000)]
    representatives: u32,
    /// Applications to seed in all.
    #[arg(long, default_value_t = 1_000_000)]
    applications: u64,
    /// Applications of the heavy representative measured.
    #[arg(long, default_value_t = 20_000)]
    heavy: u64,
    /// Sequential requests per query.
    #[arg(long, default_value_t = 2_000)]
    requests: usize,
    /// Seconds of the 64-connection run.
    #[arg(long, default_value_t = 10)]
    wrk_seconds: u32,
    /// Reuse an already seeded database in the work folder.
    #[arg(long)]
    reuse: bool,
    /// Run this `portal` binary instead of building the release one.
    #[arg(long)]
    binary: Option<PathBuf>,
    /// Another run instead of the table benchmark.
    #[command(subcommand)]
    mode: Option<Mode>,
}

/// The other runs.
#[derive(Debug, clap::Subcommand)]
enum Mode {
    /// Mixed traffic (sign-ins, searches, saves, uploads, submits, reset requests) at a
    /// steady rate on a fresh SQLite database; reports errors, p99 per operation at the
    /// start and the end, and resident memory every minute.
    Soak {
        /// Length of the run, in minutes.
        #[arg(long, default_value_t = 30)]
        minutes: u64,
        /// Requests started per second.
        #[arg(long, default_value_t = 20)]
        rate: u32,
        /// Representatives sharing the traffic.
        #[arg(long, default_value_t = 10)]
        representatives: usize,
    },
    /// Only the sign-in flood of the table benchmark, on its seeded database (seeded first
    /// unless `--reuse` finds it): the default table and `/healthz` idle, then during the
    /// flood, with `--requests` requests each.
    Flood,
}

const PASSWORD: &str = "Seeded#Portal2026";

fn main() {
    // `just bench -- --reuse` passes the `--` through; the arguments after it are ours.
    let args = Args::parse_from(std::env::args().filter(|a| a != "--"));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(run(args));
}

async fn run(args: Args) {
    let binary = match &args.binary {
        Some(path) => std::fs::canonicalize(path).expect("the --binary file exists"),
        None => release_binary(),
    };
    if let Some(Mode::Soak {
        minutes,
        rate,
        representatives,
    }) = args.mode
    {
        let plan = soak::SoakPlan {
            minutes,
            rate,
            representatives,
        };
        return run_soak(&binary, plan).await;
    }
    if let Some(Mode::Flood) = args.mode {
        let seeded = seeded_server(&binary, &args).await;
        flood::compare(&seeded.http, &seeded.url, &seeded.token, args.requests).await;
        seeded.stop();
        return;
    }
    table_benchmark(&binary, &args).await;
}

/// Builds the release `portal` binary and returns its path.
fn release_binary() -> PathBuf {
    escargot::CargoBuild::new()
        .package("portal-server")
        .bin("portal")
        .release()
        .manifest_path(concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.toml"))
        .run()
        .expect("the release portal binary builds")
        .path()
        .to_path_buf()
}

/// The soak on a fresh database in `target/soak`.
async fn run_soak(binary: &std::path::Path, plan: soak::SoakPlan) {
    let work = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../target/soak"));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).unwrap();
    let database_url = format!("sqlite://{}/portal.sqlite?mode=rwc", work.display());
    let mut server = start(binary, &work, &database_url);
    let officer = soak::officer(binary, &work, &database_url, &server.1).await;
    soak::soak(&server.1, server.0.id(), &officer, plan).await;
    let _ = server.0.kill();
    let _ = server.0.wait();
}

/// The release server running on the seeded database, with the heavy representative
/// signed in.
struct SeededServer {
    server: (Child, String),
    url: String,
    http: reqwest::Client,
    token: String,
    database_url: String,
    heavy_email: String,
    /// How long seeding took, when this run seeded or an earlier one recorded it.
    seed_seconds: Option<f64>,
}

impl SeededServer {
    fn stop(mut self) {
        let _ = self.server.0.kill();
        let _ = self.server.0.wait();
    }
}

/// Seeds the benchmark database (unless `--reuse` finds it seeded with the same options),
/// starts the server on it and signs in the heavy representative. Each set of options has
/// its own folder under `target/bench`, so runs with different `--heavy` sizes can all be
/// reused; PostgreSQL holds one data set at a time, so seeding it forgets the others.
async fn seeded_server(binary: &std::path::Path, args: &Args) -> SeededServer {
    let bench = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../target/bench"));
    let kind = if args.database == "sqlite" {
        "sqlite"
    } else {
        "postgres"
    };
    let work = bench.join(format!(
        "{kind}-{}-{}-{}",
        args.representatives, args.applications, args.heavy
    ));
    std::fs::create_dir_all(&work).unwrap();
    let database_url = if args.database == "sqlite" {
        format!("sqlite://{}/portal.sqlite?mode=rwc", work.display())
    } else {
        args.database.clone()
    };
    // Written once seeding finished: the seconds it took.
    let seeded = work.join("seeded");
    let seed_seconds = if args.reuse && seeded.exists() {
        let recorded = std::fs::read_to_string(&seeded).unwrap_or_default();
        println!("reusing the data seeded in {} s", recorded.trim());
        recorded.trim().parse().ok()
    } else {
        if args.database == "sqlite" {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(work.join(format!("portal.sqlite{suffix}")));
            }
        } else {
            forget_postgres_seeds(&bench);
            empty_postgres(&database_url).await;
        }
        let started = std::time::Instant::now();
        let output = Command::new(binary)
            .current_dir(&work)
            .env("PORTAL_DATABASE_URL", &database_url)
            .args([
                "seed",
                "--representatives",
                &args.representatives.to_string(),
            ])
            .args([
                "--applications",
                &args.applications.to_string(),
                "--heavy",
                &args.heavy.to_string(),
            ])
            .args(["--password", PASSWORD])
            .stderr(Stdio::inherit())
            .output()
            .unwrap();
        assert!(output.status.success(), "seeding failed");
        let seconds = started.elapsed().as_secs_f64();
        let stdout = String::from_utf8_lossy(&output.stdout);
        print!("{stdout}");
        println!(
            "seeded {} applications in {seconds:.1} s (wall clock of portal seed)",
            args.applications,
        );
        let heavy = stdout
            .lines()
            .find_map(|l| l.strip_prefix("Heavy representative: "))
            .expect("seed names the heavy representative");
        std::fs::write(work.join("heavy-representative.txt"), heavy.trim()).unwrap();
        std::fs::write(&seeded, format!("{seconds:.1}")).unwrap();
        Some(seconds)
    };
    let heavy_email =
        String::from_utf8(std::fs::read(work.join("heavy-representative.txt")).unwrap_or_default())
            .unwrap_or_default()
            .trim()
            .to_owned();
    assert!(
        !heavy_email.is_empty(),
        "no seeded heavy representative; run without --reuse"
    );

    let started = std::time::Instant::now();
    let server = start(binary, &work, &database_url);
    println!(
        "server start-up (spawn to listening): {:.0} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    let url = server.1.clone();
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(1)
        .build()
        .unwrap();
    let signed_in: serde_json::Value = http
        .post(format!("{url}/api/v1/sessions"))
        .json(&json!({"email": heavy_email, "password": PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = signed_in["token"]
        .as_str()
        .expect("the heavy representative signs in")
        .to_owned();
    SeededServer {
        server,
        url,
        http,
        token,
        database_url,
        heavy_email,
        seed_seconds,
    }
}

/// Empties the PostgreSQL database before seeding another data set into it: the seed adds
/// to what is there, and two data sets would clash.
async fn empty_postgres(url: &str) {
    use sea_orm::ConnectionTrait;

    let conn = sea_orm::Database::connect(url).await.unwrap();
    conn.execute_unprepared("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        .await
        .unwrap();
    conn.close().await.unwrap();
}

/// Removes the "seeded" marks of every PostgreSQL data set: the database is about to hold
/// another one.
fn forget_postgres_seeds(bench: &std::path::Path) {
    let Ok(entries) = std::fs::read_dir(bench) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with("postgres-") {
            let _ = std::fs::remove_file(entry.path().join("seeded"));
        }
    }
}

/// The table benchmark: sequential latencies of each query (HTTP and direct), the
/// officers' side, 64-connection throughput, the sign-in flood and memory, each figure
/// beside its ratios to `/healthz` in the same run.
async fn table_benchmark(binary: &std::path::Path, args: &Args) {
    let SeededServer {
        mut server,
        url,
        http,
        token,
        database_url,
        heavy_email,
        seed_seconds,
    } = seeded_server(binary, args).await;

    let db = portal_persistence::Database::connect(&database_url)
        .await
        .unwrap();
    let owner = db
        .accounts()
        .find_by_email(&EmailAddress::parse(&heavy_email).unwrap())
        .await
        .unwrap()
        .unwrap()
        .id;
    let submitted = ApplicationQuery {
        status: Some(ApplicationStatus::Submitted),
        per_page: 5,
        ..Default::default()
    };
    let (_, rows) = db.applications().search(owner, &submitted).await.unwrap();
    let number: ApplicationNumber = rows
        .iter()
        .find_map(|r| r.number.clone())
        .expect("a submitted application");

    // The floor first, so that every row below can be printed beside it.
    let (healthz, _) = over_http(&http, &url, "/healthz", &token, args.requests).await;
    let report = Report::new(healthz);

    let name = ApplicationQuery {
        applicant_name: Some("helene".into()),
        status: None,
        ..Default::default()
    };
    let combined = ApplicationQuery {
        applicant_name: Some("an".into()),
        application_type: Some(ApplicationType::RefugeeClaim),
        status: Some(ApplicationStatus::Submitted),
        ..Default::default()
    };
    let unread = ApplicationQuery {
        unread_only: true,
        status: None,
        ..Default::default()
    };
    let by_number = ApplicationQuery {
        number_prefix: Some(number.as_str().to_owned()),
        status: None,
        ..Default::default()
    };
    let cases: Vec<(&str, String, Option<ApplicationQuery>)> = vec![
        (DEFAULT_TABLE, "/api/v1/applications".into(), Some(ApplicationQuery::default())),
        (NAME_SEARCH, "/api/v1/applications?applicant_name=helene".into(), Some(name)),
        (
            COMBINED_SEARCH,
            "/api/v1/applications?application_type=refugee_claim&status=submitted&applicant_name=an".into(),
            Some(combined),
        ),
        (
            "by number (table search)",
            format!("/api/v1/applications?application_number={number}"),
            Some(by_number),
        ),
        ("by number (detail)", format!("/api/v1/applications/by-number/{number}"), None),
        ("unread messages only", "/api/v1/applications?unread_only=true".into(), Some(unread)),
        ("account messages (inbox, 202 messages)", "/api/v1/account/messages".into(), None),
    ];

    println!(
        "\n`/healthz`, one request at a time: HTTP p50 {}, p99 {}",
        report.healthz().p50_ms(),
        report.healthz().p99_ms()
    );
    report.header("query");
    let mut p99s = std::collections::HashMap::new();
    for (label, path, query) in &cases {
        let direct_stats: Option<Stats> = match (query, *label) {
            (Some(q), _) => Some(
                direct(args.requests, || async {
                    db.applications().search(owner, q).await.unwrap()
                })
                .await,
            ),
            (None, "by number (detail)") => Some(
                direct(args.requests, || async {
                    db.applications()
                        .find_by_number(owner, &number)
                        .await
                        .unwrap()
                })
                .await,
            ),
            _ => None,
        };
        let (http_stats, body) = over_http(&http, &url, path, &token, args.requests).await;
        let total = body
            .get("total")
            .map_or_else(|| "-".to_owned(), ToString::to_string);
        report.row(label, &total, direct_stats.as_ref(), &http_stats);
        p99s.insert(*label, http_stats.p99_secs());
    }

    // The same default table as the account home page (25 rows, the account messages, the
    // search panel), signed in by the session cookie.
    let (page_stats, page_bytes) = page_over_http(&http, &url, "/", &token, args.requests).await;
    report.row(
        &format!("account home page (HTML, {page_bytes} bytes)"),
        "-",
        None,
        &page_stats,
    );
    let table = p99s.get(DEFAULT_TABLE).copied().unwrap_or_default();
    println!(
        "\nHTTP p99 against the default table's, heavy representative at {} applications: \
         name search {}, type + status + name {}, account home page {}",
        args.heavy,
        ratio(p99s.get(NAME_SEARCH).copied().unwrap_or_default(), table),
        ratio(
            p99s.get(COMBINED_SEARCH).copied().unwrap_or_default(),
            table
        ),
        ratio(page_stats.p99_secs(), table),
    );

    let before = Memory::of(server.0.id());
    casework::measure(
        binary,
        &database_url,
        &db,
        &http,
        &url,
        args.requests,
        &report,
    )
    .await;
    if let (Some(before), Some(after)) = (before, Memory::of(server.0.id())) {
        println!(
            "server resident memory around the officers' section: {} kB before, {} kB after \
             ({} kB anonymous after)",
            before.rss, after.rss, after.anonymous
        );
    }

    let healthz_rps = throughput(&url, &token, args.wrk_seconds);
    match seed_seconds {
        Some(seconds) => println!(
            "\nseeding {} applications took {seconds:.1} s; `/healthz` on this machine: \
             {healthz_rps:.0} req/s at 64 connections",
            args.applications
        ),
        None => println!("\nseeding time unknown (seeded by an older benchmark)"),
    }
    flood::compare(&http, &url, &token, args.requests / 4).await;

    let pid = server.0.id();
    let (busy, during) = sampling_memory(pid, || {
        wrk_connections(&format!("{url}/healthz"), &token, 256, 5)
    });
    if let Some(r) = busy {
        println!(
            "\n256 connections on /healthz for 5 s: {:.0} req/s, p99 {}, errors {}",
            r.requests_per_second,
            r.p99,
            r.non_2xx + r.socket_errors
        );
    }
    if let Some(m) = during {
        println!(
            "server memory with 256 connections open (highest sample): {} kB resident \
             ({} kB anonymous, {} kB mapped from the binary and libraries)",
            m.rss, m.anonymous, m.file
        );
    }
    if let Some(m) = Memory::of(pid) {
        println!(
            "server peak memory over the whole run: {} kB (includes a sign-in's argon2 \
             working memory, 19 MiB per hash)",
            m.peak
        );
    }
    let _ = server.0.kill();
    let _ = server.0.wait();
}

const DEFAULT_TABLE: &str = "default table (25 + total)";
const NAME_SEARCH: &str = "name search \"helene\"";
const COMBINED_SEARCH: &str = "type + status + name \"an\"";

/// The 64-connection runs (`/healthz` first, the floor of the others); prints each beside
/// its share of `/healthz`'s throughput and returns `/healthz`'s requests per second.
fn throughput(url: &str, token: &str, seconds: u32) -> f64 {
    println!(
        "\n| 64 connections, {seconds} s (wrk -t2) | req/s | share of `/healthz` | p99 | non-2xx / errors |"
    );
    println!("|---|---|---|---|---|");
    let Some(floor) = wrk(&format!("{url}/healthz"), token, seconds) else {
        println!("| wrk is not installed (apt-get install wrk) | | | | |");
        return 0.0;
    };
    let runs = [
        ("`/healthz`", Some(floor)),
        (
            "default table",
            wrk(&format!("{url}/api/v1/applications"), token, seconds),
        ),
        (
            "account home page",
            wrk_page(&format!("{url}/"), token, seconds),
        ),
    ];
    let healthz = runs[0].1.as_ref().map_or(0.0, |r| r.requests_per_second);
    for (label, run) in &runs {
        if let Some(r) = run {
            println!(
                "| {label} | {:.0} | {:.1}% | {} | {} / {} |",
                r.requests_per_second,
                if healthz > 0.0 {
                    100.0 * r.requests_per_second / healthz
                } else {
                    0.0
                },
                r.p99,
                r.non_2xx,
                r.socket_errors
            );
        }
    }
    healthz
}

/// Starts the release server on a free port.
fn start(binary: &std::path::Path, work: &std::path::Path, database_url: &str) -> (Child, String) {
    let mut child = Command::new(binary)
        .current_dir(work)
        .env("PORTAL_DATABASE_URL", database_url)
        .env("PORTAL_LISTEN", "127.0.0.1:0")
        .env("PORTAL_METRICS_LISTEN", "off")
        .env("PORTAL_AUTH_RATE_LIMIT", "0")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let url = loop {
        let line = lines.next().expect("portal prints its address").unwrap();
        if let Some(url) = line.strip_prefix("portal listening on ") {
            break url.trim().to_owned();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    (child, url)
}
