//! End-to-end: clients that send slowly, or not at all, cannot stall the server. Each test
//! plays the attack against the real binary over loopback.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use portal_e2e::Portal;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The start of a request whose head never ends.
const HALF_SENT: &[u8] = b"GET /healthz HTTP/1.1\r\nHost: portal\r\nX-Slow: ";

/// Opens `count` connections and sends each a request head that never ends.
async fn half_sent_requests(address: &str, count: usize) -> Vec<TcpStream> {
    // Room for the sockets in this test process too (the soft limit is often 1,024).
    let _ = rlimit::increase_nofile_limit(count as u64 + 1_024);
    let mut streams = Vec::with_capacity(count);
    for _ in 0..count {
        let mut stream = TcpStream::connect(address).await.unwrap();
        stream.write_all(HALF_SENT).await.unwrap();
        streams.push(stream);
    }
    streams
}

/// Waits (at most `limit`) until the peer closes the connection; returns how long it took,
/// or `None` if it stayed open. What the server sent before closing is ignored.
async fn closed_within(stream: &mut TcpStream, limit: Duration) -> Option<Duration> {
    let started = Instant::now();
    let mut buf = [0u8; 1024];
    loop {
        let left = limit.checked_sub(started.elapsed())?;
        match tokio::time::timeout(left, stream.read(&mut buf)).await {
            Ok(Ok(0) | Err(_)) => return Some(started.elapsed()),
            Ok(Ok(_)) => {}
            Err(_) => return None,
        }
    }
}

fn host_port(portal: &Portal) -> String {
    portal.url.trim_start_matches("http://").to_owned()
}

/// A client that opens a new connection for each request: a pooled connection left idle
/// past the header timeout may be closed by the server just as the next request goes out.
fn fresh_client() -> reqwest::Client {
    reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap()
}

async fn metric(portal: &Portal, name: &str) -> u64 {
    let text = fresh_client()
        .get(&portal.metrics_url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix(name)?.trim().parse().ok())
        .unwrap_or_else(|| panic!("{name} missing from {text}"))
}

/// The metric once it reaches `at_least`, or its value after 15 s of asking.
async fn reaches(portal: &Portal, name: &str, at_least: u64) -> u64 {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let value = metric(portal, name).await;
        if value >= at_least || Instant::now() >= deadline {
            return value;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_flood_of_half_sent_requests_is_cut_off_while_everyone_else_is_served() {
    // 8 s: long enough that, on a busy machine, the first half-sent requests are still open
    // when the last are accepted (a full listen queue makes a client retry its SYN after 1 s).
    let portal = Portal::start_with(&[("PORTAL_HEADER_TIMEOUT_SECONDS", "8")]);
    let officer = portal.officer_token("officer@ircc.example.ca").await;

    let flood_started = Instant::now();
    let mut flood = half_sent_requests(&host_port(&portal), 1_500).await;

    let started = Instant::now();
    let health = portal.http.get(portal.at("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 200);
    let account = portal
        .call("GET", "/api/v1/account", Some(&officer), None)
        .await;
    assert_eq!(account.status, 200, "{:?}", account.body);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "others are served while the flood is held open, not after it is cut"
    );
    // The server accepts the queued connections at its own pace; on a busy machine the
    // last of them may still wait in the listen queue while the first are already cut, so
    // what is counted is how many it took in, not how many are open at one instant.
    let accepted = reaches(&portal, "portal_http_connections_total", 1_500).await;
    assert!(accepted >= 1_500, "only {accepted} connections accepted");

    // Every half-sent request is closed once the header timeout passes.
    closed_within(&mut flood[0], Duration::from_secs(15))
        .await
        .expect("a half-sent request is closed after the header timeout");
    let first = flood_started.elapsed();
    assert!(
        first >= Duration::from_secs(7),
        "closed {first:?} after the flood began, before the 8 s timeout could have passed"
    );
    for stream in &mut flood[1..] {
        assert!(
            closed_within(stream, Duration::from_secs(15))
                .await
                .is_some(),
            "every half-sent request is closed"
        );
    }
    assert!(metric(&portal, "portal_http_header_timeouts_total").await >= 1_500);
    let health = fresh_client()
        .get(portal.at("/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
}

#[tokio::test]
async fn a_client_trickling_its_headers_is_cut_at_the_header_timeout() {
    let portal = Portal::start_with(&[("PORTAL_HEADER_TIMEOUT_SECONDS", "2")]);
    let mut stream = TcpStream::connect(host_port(&portal)).await.unwrap();
    stream.write_all(HALF_SENT).await.unwrap();
    let started = Instant::now();
    // One byte every 200 ms keeps the connection busy but never finishes the head.
    let mut tick = tokio::time::interval(Duration::from_millis(200));
    let cut = loop {
        tick.tick().await;
        if stream.write_all(b"x").await.is_err() {
            break started.elapsed();
        }
        let mut buf = [0u8; 64];
        if let Ok(Ok(0) | Err(_)) =
            tokio::time::timeout(Duration::from_millis(1), stream.read(&mut buf)).await
        {
            break started.elapsed();
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "the trickling client was never cut"
        );
    };
    assert!(cut >= Duration::from_millis(1_500), "cut after {cut:?}");
}

#[tokio::test]
async fn a_request_body_that_never_arrives_answers_408_and_closes() {
    let portal = Portal::start_with(&[("PORTAL_BODY_TIMEOUT_SECONDS", "1")]);
    let mut stream = TcpStream::connect(host_port(&portal)).await.unwrap();
    let head = "POST /api/v1/sessions HTTP/1.1\r\nHost: portal\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"email\":";
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(15), stream.read_to_end(&mut answer))
        .await
        .expect("the server answers and closes the connection");
    assert!(read.is_ok());
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("request_timeout"), "{answer}");
    assert!(answer.contains("within 1 seconds"), "{answer}");
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed_after_its_timeout() {
    let portal = Portal::start_with(&[("PORTAL_KEEP_ALIVE_SECONDS", "1")]);
    let mut stream = TcpStream::connect(host_port(&portal)).await.unwrap();
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: portal\r\n\r\n")
        .await
        .unwrap();
    let mut buf = [0u8; 1024];
    let n = stream.read(&mut buf).await.unwrap();
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
    let closed = closed_within(&mut stream, Duration::from_secs(15))
        .await
        .expect("the idle connection is closed");
    assert!(
        closed >= Duration::from_millis(500),
        "closed after {closed:?}"
    );
}

#[tokio::test]
async fn past_the_connection_cap_new_clients_are_served_once_the_flood_times_out() {
    // An open-file limit of 512 leaves room for 256 connections (the rest is kept for the
    // database, mail and logs); the flood below takes every one of them.
    let portal = Portal::start_with_open_files(512, &[("PORTAL_HEADER_TIMEOUT_SECONDS", "2")]);
    let _flood = half_sent_requests(&host_port(&portal), 600).await;

    let started = Instant::now();
    let health = tokio::time::timeout(
        Duration::from_secs(20),
        portal.http.get(portal.at("/healthz")).send(),
    )
    .await
    .expect("the server answers again once the half-sent requests are cut")
    .unwrap();
    assert_eq!(health.status(), 200);
    assert!(started.elapsed() < Duration::from_secs(20));
    assert!(metric(&portal, "portal_http_at_capacity_total").await >= 1);
    assert!(metric(&portal, "portal_http_header_timeouts_total").await >= 256);
}
