//! Timing helpers: sequential latency samples and a wrk run.

use std::future::Future;
use std::process::Command;
use std::time::{Duration, Instant};

/// Latency samples of one query.
#[derive(Debug)]
pub struct Stats {
    pub samples: Vec<Duration>,
}

impl Stats {
    fn percentile(&self, p: f64) -> Duration {
        let mut sorted = self.samples.clone();
        sorted.sort();
        let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
        sorted.get(index).copied().unwrap_or_default()
    }

    /// The 99th percentile.
    pub fn p99(&self) -> Duration {
        self.percentile(0.99)
    }

    /// The 99th percentile, in seconds.
    pub fn p99_secs(&self) -> f64 {
        self.p99().as_secs_f64()
    }

    /// The median, in milliseconds.
    pub fn p50_ms(&self) -> String {
        format!("{:.3} ms", self.percentile(0.50).as_secs_f64() * 1000.0)
    }

    /// The 99th percentile, in milliseconds.
    pub fn p99_ms(&self) -> String {
        format!("{:.3} ms", self.percentile(0.99).as_secs_f64() * 1000.0)
    }
}

/// `a` as a multiple of `b`, e.g. "3.2x"; "-" when `b` is zero.
pub fn ratio(a: f64, b: f64) -> String {
    if b > 0.0 {
        format!("{:.1}x", a / b)
    } else {
        "-".to_owned()
    }
}

/// Prints tables of latencies where every HTTP figure stands beside its ratio to
/// `/healthz` (the floor of the HTTP path) and to the same query made directly on the
/// database, both measured in the same run: absolute milliseconds do not carry from one
/// machine to another, the ratios do.
#[derive(Debug)]
pub struct Report {
    healthz: Stats,
}

impl Report {
    /// A report against `/healthz`'s sequential latencies of this run.
    pub fn new(healthz: Stats) -> Self {
        Self { healthz }
    }

    /// `/healthz`'s latencies.
    pub fn healthz(&self) -> &Stats {
        &self.healthz
    }

    /// The header of a table whose first column is `title`.
    pub fn header(&self, title: &str) {
        println!(
            "\n| {title} | total | direct p50 | direct p99 | HTTP p50 | HTTP p99 | \
             HTTP p99 / `/healthz` p99 | HTTP p99 / direct p99 |"
        );
        println!("|---|---|---|---|---|---|---|---|");
    }

    /// One row: the query's total (or "-"), its direct latencies when measured, its HTTP
    /// latencies and the two ratios.
    pub fn row(&self, label: &str, total: &str, direct: Option<&Stats>, http: &Stats) {
        let (d50, d99, over_direct) = match direct {
            Some(d) => (d.p50_ms(), d.p99_ms(), ratio(http.p99_secs(), d.p99_secs())),
            None => ("-".into(), "-".into(), "-".into()),
        };
        println!(
            "| {label} | {total} | {d50} | {d99} | {} | {} | {} | {over_direct} |",
            http.p50_ms(),
            http.p99_ms(),
            ratio(http.p99_secs(), self.healthz.p99_secs()),
        );
    }
}

/// Runs `f` `n` times after a warm-up of `n / 10`, one at a time.
pub async fn direct<F, Fut, T>(n: usize, f: F) -> Stats
where
    F: Fn() -> Fut,
    Fut: Future<Output = T>,
{
    for _ in 0..n / 10 {
        std::hint::black_box(f().await);
    }
    let mut samples = Vec::with_capacity(n);
    for _ in 0..n {
        let started = Instant::now();
        std::hint::black_box(f().await);
        samples.push(started.elapsed());
    }
    Stats { samples }
}

/// GETs `path` `n` times on one kept-alive connection; returns the samples and the last body.
pub async fn over_http(
    http: &reqwest::Client,
    url: &str,
    path: &str,
    token: &str,
    n: usize,
) -> (Stats, serde_json::Value) {
    let get = || async {
        let response = http
            .get(format!("{url}{path}"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert!(
            response.status().is_success(),
            "{path}: {}",
            response.status()
        );
        response.bytes().await.unwrap()
    };
    let stats = direct(n, get).await;
    let body = get().await;
    (
        stats,
        serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null),
    )
}

/// Times `n` sequential GETs of a page signed in by the session cookie; returns the
/// latencies and the size of the last answer in bytes.
pub async fn page_over_http(
    http: &reqwest::Client,
    url: &str,
    path: &str,
    token: &str,
    n: usize,
) -> (Stats, usize) {
    let get = || async {
        let response = http
            .get(format!("{url}{path}"))
            .header("cookie", format!("portal-session={token}"))
            .send()
            .await
            .unwrap();
        assert!(
            response.status().is_success(),
            "{path}: {}",
            response.status()
        );
        response.bytes().await.unwrap()
    };
    let stats = direct(n, get).await;
    (stats, get().await.len())
}

/// What wrk reported.
#[derive(Debug)]
pub struct WrkResult {
    /// Requests per second.
    pub requests_per_second: f64,
    /// The 99th percentile latency as wrk prints it.
    pub p99: String,
    /// Responses that were not 2xx or 3xx.
    pub non_2xx: u64,
    /// Connect, read, write and timeout errors.
    pub socket_errors: u64,
}

/// Runs `wrk -t2 -c64` for `seconds` against `url`; `None` when wrk is missing.
pub fn wrk(url: &str, token: &str, seconds: u32) -> Option<WrkResult> {
    wrk_connections(url, token, 64, seconds)
}

/// Runs `wrk -t2 -c64` against a page, signed in by the session cookie.
pub fn wrk_page(url: &str, token: &str, seconds: u32) -> Option<WrkResult> {
    wrk_with(url, &format!("Cookie: portal-session={token}"), 64, seconds)
}

/// Runs `wrk -t2` with `connections` for `seconds` against `url`; `None` when wrk is missing.
pub fn wrk_connections(
    url: &str,
    token: &str,
    connections: u32,
    seconds: u32,
) -> Option<WrkResult> {
    wrk_with(
        url,
        &format!("Authorization: Bearer {token}"),
        connections,
        seconds,
    )
}

fn wrk_with(url: &str, header: &str, connections: u32, seconds: u32) -> Option<WrkResult> {
    let output = Command::new("wrk")
        .args([
            "-t2",
            &format!("-c{connections}"),
            &format!("-d{seconds}s"),
            "--latency",
        ])
        .args(["-H", header])
        .arg(url)
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    let field = |prefix: &str| {
        text.lines().find_map(|l| {
            l.trim()
                .strip_prefix(prefix)
                .map(|rest| rest.trim().to_owned())
        })
    };
    let requests_per_second = field("Requests/sec:")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    let p99 = field("99%").unwrap_or_default();
    let non_2xx = field("Non-2xx or 3xx responses:")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let socket_errors = field("Socket errors:")
        .map(|v| {
            v.split(',')
                .filter_map(|part| {
                    part.split_whitespace()
                        .last()
                        .and_then(|n| n.parse::<u64>().ok())
                })
                .sum()
        })
        .unwrap_or(0);
    Some(WrkResult {
        requests_per_second,
        p99,
        non_2xx,
        socket_errors,
    })
}

/// The server's memory as Linux reports it in `/proc/<pid>/status`, in kB.
#[derive(Debug, Clone, Copy, Default)]
pub struct Memory {
    /// Resident set: heap and stacks plus the mapped pages of the binary and libraries.
    pub rss: u64,
    /// The anonymous part of `rss`: heap, stacks, SQLite page caches.
    pub anonymous: u64,
    /// The file-backed part of `rss`: code pages mapped from the binary and libraries,
    /// shared with the page cache and reclaimable.
    pub file: u64,
    /// The highest `rss` since the process started.
    pub peak: u64,
}

impl Memory {
    /// Reads the process's figures; `None` once it is gone or off Linux.
    pub fn of(pid: u32) -> Option<Self> {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        let field = |name: &str| {
            status.lines().find_map(|line| {
                line.strip_prefix(name)?
                    .trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse()
                    .ok()
            })
        };
        Some(Self {
            rss: field("VmRSS:")?,
            anonymous: field("RssAnon:").unwrap_or(0),
            file: field("RssFile:").unwrap_or(0),
            peak: field("VmHWM:")?,
        })
    }
}

/// Runs `work` while sampling the memory of `pid` every 20 ms; returns what `work` gave
/// and the sample with the highest resident set.
pub fn sampling_memory<T>(pid: u32, work: impl FnOnce() -> T) -> (T, Option<Memory>) {
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let sampler = {
        let done = std::sync::Arc::clone(&done);
        std::thread::spawn(move || {
            let mut highest: Option<Memory> = None;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                if let Some(now) = Memory::of(pid)
                    && highest.is_none_or(|h| now.rss > h.rss)
                {
                    highest = Some(now);
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            highest
        })
    };
    let result = work();
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    (result, sampler.join().unwrap_or(None))
}
