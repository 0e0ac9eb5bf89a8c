//! The listener: HTTP/1.1 connections served with the limits that keep slow or numerous
//! clients from stalling the server, and a graceful shutdown.
//!
//! poem's own server has no header or body read timeout and no cap on open connections, so
//! a flood of half-sent requests could hold every file descriptor. Here each connection is
//! served by hyper with:
//! - a header read timeout, which starts when the server waits for a request and cuts a
//!   connection whose request head is not complete in time (a client trickling one byte
//!   at a time included);
//! - a body read timeout, measured from the request's arrival: a body not received in
//!   full by then answers 408 and the connection closes;
//! - a keep-alive idle timeout: a connection with no request in progress and no byte
//!   received for that long is closed;
//! - a cap on open connections: at the cap the server stops accepting until one closes, so
//!   the process never runs out of descriptors and established clients keep being served.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::combinators::BoxBody;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use poem::http::StatusCode;
use poem::web::{LocalAddr, RemoteAddr};
use poem::{Addr, Endpoint, Request, RequestParts, Response};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use self::watch::{Activity, InFlight, TimedBody, Tracked, Watched};

mod watch;
use tokio_util::task::TaskTracker;

/// How long and how many connections the server tolerates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// Time a client has to send a complete request head, counted from when the server
    /// starts waiting for it.
    pub header_read_timeout: Duration,
    /// Time a client has to send a request's whole body, counted from the request's
    /// arrival.
    pub body_read_timeout: Duration,
    /// Time a connection may stay open with no request in progress and nothing received.
    pub keep_alive_timeout: Duration,
    /// Most connections open at once; further clients wait in the listen queue.
    pub max_connections: usize,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        Self {
            header_read_timeout: Duration::from_secs(10),
            body_read_timeout: Duration::from_secs(60),
            keep_alive_timeout: Duration::from_secs(30),
            max_connections: 4_096,
        }
    }
}

/// Counters of the connection layer, shown in `/metrics`.
#[derive(Debug, Default)]
pub struct ConnectionStats {
    open: AtomicUsize,
    accepted: AtomicU64,
    header_timeouts: AtomicU64,
    body_timeouts: AtomicU64,
    idle_closed: AtomicU64,
    at_capacity: AtomicU64,
}

impl ConnectionStats {
    /// Connections open now.
    pub fn open(&self) -> usize {
        self.open.load(Ordering::Relaxed)
    }

    /// The Prometheus text exposition of the counters.
    pub fn render(&self, out: &mut String) {
        use std::fmt::Write as _;
        let gauge = |out: &mut String, name: &str, help: &str, value: u64| {
            let _ = writeln!(out, "# HELP {name} {help}");
            let _ = writeln!(out, "# TYPE {name} gauge");
            let _ = writeln!(out, "{name} {value}");
        };
        let counter = |out: &mut String, name: &str, help: &str, value: u64| {
            let _ = writeln!(out, "# HELP {name} {help}");
            let _ = writeln!(out, "# TYPE {name} counter");
            let _ = writeln!(out, "{name} {value}");
        };
        let load = |c: &AtomicU64| c.load(Ordering::Relaxed);
        gauge(
            out,
            "portal_http_open_connections",
            "HTTP connections open now.",
            self.open() as u64,
        );
        counter(
            out,
            "portal_http_connections_total",
            "HTTP connections accepted.",
            load(&self.accepted),
        );
        counter(
            out,
            "portal_http_header_timeouts_total",
            "Connections closed because a request head did not arrive in time.",
            load(&self.header_timeouts),
        );
        counter(
            out,
            "portal_http_body_timeouts_total",
            "Requests answered 408 because their body did not arrive in time.",
            load(&self.body_timeouts),
        );
        counter(
            out,
            "portal_http_idle_closed_total",
            "Keep-alive connections closed after the idle timeout.",
            load(&self.idle_closed),
        );
        counter(
            out,
            "portal_http_at_capacity_total",
            "Times the server stopped accepting because the connection cap was reached.",
            load(&self.at_capacity),
        );
    }
}

/// Serves `endpoint` on `listener` until `shutdown` resolves, then stops accepting, lets
/// open requests finish for at most `grace`, and returns.
pub async fn serve<E>(
    listener: TcpListener,
    endpoint: E,
    limits: ConnectionLimits,
    stats: Arc<ConnectionStats>,
    shutdown: impl Future<Output = ()>,
    grace: Duration,
) -> io::Result<()>
where
    E: Endpoint<Output = Response> + 'static,
{
    let local = listener.local_addr()?;
    let endpoint = Arc::new(endpoint);
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let stopping = CancellationToken::new();
    let tracker = TaskTracker::new();
    let mut warned_at: Option<Instant> = None;
    tokio::pin!(shutdown);
    loop {
        let permit = match slots.clone().try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => {
                stats.at_capacity.fetch_add(1, Ordering::Relaxed);
                // Once a minute at most: a flood must not also flood the log.
                if warned_at.is_none_or(|at| at.elapsed() >= Duration::from_secs(60)) {
                    warned_at = Some(Instant::now());
                    tracing::warn!(
                        max_connections = limits.max_connections,
                        "connection cap reached; new clients wait until a connection closes"
                    );
                }
                tokio::select! {
                    () = &mut shutdown => break,
                    permit = slots.clone().acquire_owned() => match permit {
                        Ok(permit) => permit,
                        Err(_) => break,
                    },
                }
            }
        };
        let (stream, remote) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of descriptors or a connection reset before it was accepted: wait a
                    // moment rather than spin, and keep serving the connections already open.
                    tracing::warn!(error = %e, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        stats.accepted.fetch_add(1, Ordering::Relaxed);
        stats.open.fetch_add(1, Ordering::Relaxed);
        let endpoint = endpoint.clone();
        let stats = stats.clone();
        let stopping = stopping.clone();
        tracker.spawn(async move {
            serve_connection(stream, local, remote, endpoint, limits, &stats, stopping).await;
            stats.open.fetch_sub(1, Ordering::Relaxed);
            drop(permit);
        });
    }
    drop(listener);
    stopping.cancel();
    tracker.close();
    if tokio::time::timeout(grace, tracker.wait()).await.is_err() {
        tracing::warn!(
            open = stats.open(),
            "the shutdown grace period ended with requests still open"
        );
    }
    Ok(())
}

async fn serve_connection<E>(
    stream: TcpStream,
    local: SocketAddr,
    remote: SocketAddr,
    endpoint: Arc<E>,
    limits: ConnectionLimits,
    stats: &Arc<ConnectionStats>,
    stopping: CancellationToken,
) where
    E: Endpoint<Output = Response> + 'static,
{
    let activity = Arc::new(Activity::new());
    let io = TokioIo::new(Watched {
        inner: stream,
        activity: activity.clone(),
    });
    let service = {
        let activity = activity.clone();
        let stats = stats.clone();
        hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
            let endpoint = endpoint.clone();
            let activity = activity.clone();
            let stats = stats.clone();
            async move {
                let response = answer(
                    &*endpoint, request, local, remote, limits, &activity, &stats,
                )
                .await;
                Ok::<_, std::convert::Infallible>(response)
            }
        })
    };
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .keep_alive(true);
    let connection = builder.serve_connection(io, service);
    tokio::pin!(connection);
    let mut check_at = Instant::now() + limits.keep_alive_timeout;
    let result = loop {
        tokio::select! {
            result = connection.as_mut() => break result,
            () = stopping.cancelled() => {
                connection.as_mut().graceful_shutdown();
                break connection.as_mut().await;
            }
            () = tokio::time::sleep_until(check_at) => {
                let idle_since = activity.last_read();
                let busy = activity.in_flight.load(Ordering::Relaxed) > 0;
                if !busy && idle_since + limits.keep_alive_timeout <= Instant::now() {
                    stats.idle_closed.fetch_add(1, Ordering::Relaxed);
                    connection.as_mut().graceful_shutdown();
                    break connection.as_mut().await;
                }
                check_at = if busy {
                    Instant::now() + limits.keep_alive_timeout
                } else {
                    idle_since + limits.keep_alive_timeout
                };
            }
        }
    };
    if let Err(e) = result {
        if e.is_timeout() {
            stats.header_timeouts.fetch_add(1, Ordering::Relaxed);
            tracing::debug!(remote = %remote, "request head not received in time; connection closed");
        } else {
            tracing::debug!(remote = %remote, error = %e, "connection ended with an error");
        }
    }
}

/// Runs one request through the endpoint, with the body read timeout.
async fn answer<E: Endpoint<Output = Response>>(
    endpoint: &E,
    request: hyper::Request<Incoming>,
    local: SocketAddr,
    remote: SocketAddr,
    limits: ConnectionLimits,
    activity: &Arc<Activity>,
    stats: &ConnectionStats,
) -> hyper::Response<BoxBody<Bytes, io::Error>> {
    let guard = InFlight::enter(activity.clone());
    let (parts, body) = request.into_parts();
    let parts = RequestParts::from((
        parts,
        LocalAddr(Addr::SocketAddr(local)),
        RemoteAddr(Addr::SocketAddr(remote)),
        poem::http::uri::Scheme::HTTP,
    ));
    let timed_out = Arc::new(AtomicBool::new(false));
    let body = TimedBody {
        inner: body,
        deadline: Box::pin(tokio::time::sleep(limits.body_read_timeout)),
        timed_out: timed_out.clone(),
    };
    let body = poem::Body::from(BoxBody::new(body));
    let response = endpoint
        .get_response(Request::from_parts(parts, body))
        .await;
    let response = if timed_out.load(Ordering::Relaxed) {
        stats.body_timeouts.fetch_add(1, Ordering::Relaxed);
        request_timeout(limits.body_read_timeout)
    } else {
        response
    };
    let response: hyper::Response<BoxBody<Bytes, io::Error>> = response.into();
    response.map(|body| {
        BoxBody::new(Tracked {
            inner: body,
            _guard: guard,
        })
    })
}

/// 408 for a body that did not arrive in time; the connection closes after it.
fn request_timeout(limit: Duration) -> Response {
    let body = serde_json::json!({
        "code": "request_timeout",
        "message": format!(
            "The request body was not received within {} seconds.",
            limit.as_secs()
        ),
    });
    Response::builder()
        .status(StatusCode::REQUEST_TIMEOUT)
        .header("connection", "close")
        .content_type("application/json; charset=utf-8")
        .body(body.to_string())
}
