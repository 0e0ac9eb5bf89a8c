//! A flood of wrong-password sign-ins from many loopback addresses, and what it does to
//! everyone else's pages: their latency idle and during the flood, in the same run.

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

    let stop = Arc::new(AtomicBool::new(false));
    let answers: Arc<Mutex<BTreeMap<u16, u64>>> = Arc::default();
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
    while flooders.join_next().await.is_some() {}
    let answers = answers.lock().unwrap().clone();

    println!(
        "\n| during a sign-in flood ({FLOODERS} clients, {FLOODERS} addresses) | idle p50 | idle p99 | flood p50 | flood p99 | p99 ratio (target < 2) |"
    );
    println!("|---|---|---|---|---|---|");
    for (((label, _), quiet), busy) in pages.iter().zip(&idle).zip(&flooded) {
        println!(
            "| {label} | {} | {} | {} | {} | {:.2} |",
            quiet.p50_ms(),
            quiet.p99_ms(),
            busy.p50_ms(),
            busy.p99_ms(),
            busy.p99().as_secs_f64() / quiet.p99().as_secs_f64().max(1e-9)
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
