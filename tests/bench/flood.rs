//! A flood of wrong-password sign-ins from many loopback addresses, and what it does to
//! everyone else's pages: their latency idle and during the flood, in the same run.
//!
//! Between the two, a control: the same pages while one busy loop per core runs in this
//! process at the lowest scheduling class (`SCHED_IDLE`, as the server's hashing threads),
//! with no flood. It shows what any CPU-bound work at that priority costs the other pages on
//! the machine at hand, whatever the portal does.

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::measure::{Stats, over_http};

/// Concurrent flooding clients, each from its own address 127.0.0.2, 127.0.0.3, ...
const FLOODERS: u8 = 32;

/// Measures the default table and `/healthz` (`n` requests each, one at a time) idle, then
/// again while the flood runs, and prints both with their ratio and the flood's own rate.
pub async fn compare(http: &reqwest::Client, url: &str, token: &str, n: usize) {
    let pages = [
        ("default table", "/api/v1/applications"),
        ("/healthz", "/healthz"),
    ];
    let mut idle = Vec::new();
    for (_, path) in pages {
        idle.push(over_http(http, url, path, token, n).await.0);
    }

    let mut control = Vec::new();
    {
        let stop = Arc::new(AtomicBool::new(false));
        let loops = busy_loops(&stop);
        for (_, path) in pages {
            control.push(over_http(http, url, path, token, n).await.0);
        }
        stop.store(true, Ordering::Relaxed);
        for busy in loops {
            busy.join().unwrap();
        }
    }

    let stop = Arc::new(AtomicBool::new(false));
    let answers: Arc<Mutex<BTreeMap<u16, u64>>> = Arc::default();
    // The flooding clients run on a thread and runtime of their own, so that the measuring
    // client below never waits behind their work in this process.
    let flood = {
        let (url, stop, answers) = (url.to_owned(), stop.clone(), answers.clone());
        std::thread::spawn(move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap()
                .block_on(flood(&url, &stop, &answers));
        })
    };
    // Let the flood fill the hashing queue before measuring.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let flood_started = Instant::now();
    answers.lock().unwrap().clear();
    let mut flooded: Vec<Stats> = Vec::new();
    for (_, path) in pages {
        flooded.push(over_http(http, url, path, token, n).await.0);
    }
    let flood_seconds = flood_started.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    flood.join().unwrap();
    let answers = answers.lock().unwrap().clone();

    println!(
        "\n| during a sign-in flood ({FLOODERS} clients, {FLOODERS} addresses) | idle p50 | idle p99 | busy loops p99 (control) | flood p50 | flood p99 | p99 ratio to idle (target < 2) | p99 ratio to control |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for ((((label, _), quiet), loops), busy) in pages.iter().zip(&idle).zip(&control).zip(&flooded)
    {
        let ratio = |a: &Stats, b: &Stats| a.p99().as_secs_f64() / b.p99().as_secs_f64().max(1e-9);
        println!(
            "| {label} | {} | {} | {} | {} | {} | {:.2} | {:.2} |",
            quiet.p50_ms(),
            quiet.p99_ms(),
            loops.p99_ms(),
            busy.p50_ms(),
            busy.p99_ms(),
            ratio(busy, quiet),
            ratio(busy, loops),
        );
    }
    let total: u64 = answers.values().sum();
    let statuses: Vec<String> = answers.iter().map(|(s, c)| format!("{s}: {c}")).collect();
    println!(
        "flood: {:.0} sign-ins answered per second while measuring ({})",
        total as f64 / flood_seconds,
        statuses.join(", ")
    );
}

/// Sends wrong-password sign-ins from [`FLOODERS`] clients until `stop`, counting the
/// answers by status (0 for a failed connection).
async fn flood(url: &str, stop: &Arc<AtomicBool>, answers: &Arc<Mutex<BTreeMap<u16, u64>>>) {
    let mut flooders = tokio::task::JoinSet::new();
    for k in 0..FLOODERS {
        let client = reqwest::Client::builder()
            .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2 + k)))
            .build()
            .unwrap();
        let url = url.to_owned();
        let stop = stop.clone();
        let answers = answers.clone();
        flooders.spawn(async move {
            let mut i = 0u64;
            while !stop.load(Ordering::Relaxed) {
                i += 1;
                // Unknown addresses, so that no account throttle stops the hashing: every
                // attempt costs the server a full password hash.
                let body = json!({"email": format!("guess{k}-{i}@flood.example.com"), "password": "Wrong#Guess123"});
                let status = match client
                    .post(format!("{url}/api/v1/sessions"))
                    .json(&body)
                    .send()
                    .await
                {
                    Ok(response) => response.status().as_u16(),
                    Err(_) => 0,
                };
                *answers.lock().unwrap().entry(status).or_default() += 1;
            }
        });
    }
    while flooders.join_next().await.is_some() {}
}

/// One busy loop per core, each on a thread at the lowest scheduling class, until `stop`.
fn busy_loops(stop: &Arc<AtomicBool>) -> Vec<std::thread::JoinHandle<()>> {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    (0..cores)
        .map(|_| {
            let stop = stop.clone();
            std::thread::spawn(move || {
                #[cfg(target_os = "linux")]
                {
                    use thread_priority::{
                        NormalThreadSchedulePolicy, ThreadPriority, ThreadSchedulePolicy,
                        set_thread_priority_and_policy, thread_native_id,
                    };
                    let _ = set_thread_priority_and_policy(
                        thread_native_id(),
                        ThreadPriority::Min,
                        ThreadSchedulePolicy::Normal(NormalThreadSchedulePolicy::Idle),
                    );
                }
                let mut x = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    x = std::hint::black_box(
                        x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1),
                    );
                }
            })
        })
        .collect()
}
