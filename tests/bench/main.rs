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
    Memory, Stats, direct, over_http, page_over_http, sampling_memory, wrk, wrk_connections,
    wrk_page,
};

/// Benchmark of the applications table at scale.
#[derive(Debug, Parser)]
struct Args {
    /// `sqlite` or a PostgreSQL URL of a database the benchmark may fill.
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
    let args = Args::parse();
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
}

impl SeededServer {
    fn stop(mut self) {
        let _ = self.server.0.kill();
        let _ = self.server.0.wait();
    }
}

/// Seeds the benchmark database in `target/bench` (unless `--reuse` finds it seeded),
/// starts the server on it and signs in the heavy representative.
async fn seeded_server(binary: &std::path::Path, args: &Args) -> SeededServer {
    let work = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../target/bench"));
    std::fs::create_dir_all(&work).unwrap();
    let database_url = if args.database == "sqlite" {
        format!("sqlite://{}/portal.sqlite?mode=rwc", work.display())
    } else {
        args.database.clone()
    };
    let seeded = work.join(format!(
        "seeded-{}-{}",
        args.representatives, args.applications
    ));
    if !(args.reuse && seeded.exists()) {
        if args.database == "sqlite" {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(work.join(format!("portal.sqlite{suffix}")));
            }
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
        let stdout = String::from_utf8_lossy(&output.stdout);
        print!("{stdout}");
        println!(
            "seeded {} applications in {:.1} s (wall clock of portal seed)",
            args.applications,
            started.elapsed().as_secs_f64()
        );
        let heavy = stdout
            .lines()
            .find_map(|l| l.strip_prefix("Heavy representative: "))
            .expect("seed names the heavy representative");
        std::fs::write(work.join("heavy-representative.txt"), heavy.trim()).unwrap();
        std::fs::write(&seeded, b"").unwrap();
    }
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
    }
}

async fn table_benchmark(binary: &std::path::Path, args: &Args) {
    let SeededServer {
        mut server,
        url,
        http,
        token,
        database_url,
        heavy_email,
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
    let cases: Vec<(&str, String, Option<ApplicationQuery>)> = vec![
        ("default table (25 + total)", "/api/v1/applications".into(), Some(ApplicationQuery::default())),
        ("name search \"helene\"", "/api/v1/applications?applicant_name=helene".into(), Some(name)),
        (
            "type + status + name \"an\"",
            "/api/v1/applications?application_type=refugee_claim&status=submitted&applicant_name=an".into(),
            Some(combined),
        ),
        (
            "by number (table search)",
            format!("/api/v1/applications?application_number={number}"),
            Some(ApplicationQuery {
                number_prefix: Some(number.as_str().to_owned()),
                status: None,
                ..Default::default()
            }),
        ),
        ("by number (detail)", format!("/api/v1/applications/by-number/{number}"), None),
        ("unread messages only", "/api/v1/applications?unread_only=true".into(), Some(unread)),
        ("account messages (inbox, 202 messages)", "/api/v1/account/messages".into(), None),
        ("/healthz", "/healthz".into(), None),
    ];

    println!("\n| query | total | direct p50 | direct p99 | HTTP p50 | HTTP p99 |");
    println!("|---|---|---|---|---|---|");
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
        let d = direct_stats.map_or(("-".into(), "-".into()), |s| (s.p50_ms(), s.p99_ms()));
        println!(
            "| {label} | {total} | {} | {} | {} | {} |",
            d.0,
            d.1,
            http_stats.p50_ms(),
            http_stats.p99_ms()
        );
    }

    // The same default table as the account home page (25 rows, the account messages, the
    // search panel), signed in by the session cookie.
    let (page_stats, page_bytes) = page_over_http(&http, &url, "/", &token, args.requests).await;
    println!(
        "| account home page (HTML, {page_bytes} bytes) | - | - | - | {} | {} |",
        page_stats.p50_ms(),
        page_stats.p99_ms()
    );

    let before = Memory::of(server.0.id());
    casework::measure(binary, &database_url, &db, &http, &url, args.requests).await;
    if let (Some(before), Some(after)) = (before, Memory::of(server.0.id())) {
        println!(
            "server resident memory around the officers' section: {} kB before, {} kB after \
             ({} kB anonymous after)",
            before.rss, after.rss, after.anonymous
        );
    }

    println!(
        "\n| 64 connections, {} s (wrk -t2) | req/s | p99 | non-2xx / errors |",
        args.wrk_seconds
    );
    println!("|---|---|---|---|");
    for (label, path) in [
        ("default table", "/api/v1/applications"),
        ("/healthz", "/healthz"),
    ] {
        match wrk(&format!("{url}{path}"), &token, args.wrk_seconds) {
            Some(r) => println!(
                "| {label} | {:.0} | {} | {} / {} |",
                r.requests_per_second, r.p99, r.non_2xx, r.socket_errors
            ),
            None => println!("| {label} | wrk is not installed (apt-get install wrk) | | |"),
        }
    }
    match wrk_page(&format!("{url}/"), &token, args.wrk_seconds) {
        Some(r) => println!(
            "| account home page | {:.0} | {} | {} / {} |",
            r.requests_per_second, r.p99, r.non_2xx, r.socket_errors
        ),
        None => println!("| account home page | wrk is not installed | | |"),
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
