//! Request counts and latencies by operation, rendered in the Prometheus text format.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// Upper bounds of the latency histogram buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
];

#[derive(Debug, Default, Clone)]
struct Series {
    count: u64,
    sum_seconds: f64,
    buckets: [u64; BUCKETS.len()],
}

/// Operation, method and status of a request.
type SeriesKey = (String, String, u16);

/// Counters and histograms of the requests this process served.
#[derive(Debug, Default, Clone)]
pub struct Metrics {
    series: Arc<Mutex<BTreeMap<SeriesKey, Series>>>,
}

impl Metrics {
    /// Records one request of `operation` with `method`, its status and how long it took.
    pub fn record(&self, operation: &str, method: &str, status: u16, elapsed: Duration) {
        let seconds = elapsed.as_secs_f64();
        let mut series = self.series.lock().unwrap_or_else(PoisonError::into_inner);
        let entry = series
            .entry((operation.to_owned(), method.to_owned(), status))
            .or_default();
        entry.count += 1;
        entry.sum_seconds += seconds;
        for (bucket, bound) in entry.buckets.iter_mut().zip(BUCKETS) {
            if seconds <= bound {
                *bucket += 1;
            }
        }
    }

    /// The Prometheus text exposition of everything recorded.
    pub fn render(&self) -> String {
        let series = self
            .series
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        let mut out = String::new();
        out.push_str("# HELP portal_http_requests_total HTTP requests served, by operation, method and status.\n");
        out.push_str("# TYPE portal_http_requests_total counter\n");
        for ((op, method, status), s) in &series {
            let _ = writeln!(
                out,
                "portal_http_requests_total{{operation=\"{op}\",method=\"{method}\",status=\"{status}\"}} {}",
                s.count
            );
        }
        out.push_str("# HELP portal_http_request_duration_seconds Time to answer HTTP requests.\n");
        out.push_str("# TYPE portal_http_request_duration_seconds histogram\n");
        let mut by_op: BTreeMap<(&str, &str), Series> = BTreeMap::new();
        for ((op, method, _), s) in &series {
            let agg = by_op.entry((op.as_str(), method.as_str())).or_default();
            agg.count += s.count;
            agg.sum_seconds += s.sum_seconds;
            for (a, b) in agg.buckets.iter_mut().zip(s.buckets) {
                *a += b;
            }
        }
        for ((op, method), s) in &by_op {
            let labels = format!("operation=\"{op}\",method=\"{method}\"");
            for (bound, count) in BUCKETS.iter().zip(s.buckets) {
                let _ = writeln!(
                    out,
                    "portal_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {count}"
                );
            }
            let _ = writeln!(
                out,
                "portal_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                s.count
            );
            let _ = writeln!(
                out,
                "portal_http_request_duration_seconds_sum{{{labels}}} {}",
                s.sum_seconds
            );
            let _ = writeln!(
                out,
                "portal_http_request_duration_seconds_count{{{labels}}} {}",
                s.count
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recorded_requests_appear_as_counters_and_histograms() {
        let metrics = Metrics::default();
        metrics.record("sign_in", "POST", 201, Duration::from_millis(3));
        metrics.record("sign_in", "POST", 401, Duration::from_millis(20));
        let text = metrics.render();
        assert!(text.contains(
            "portal_http_requests_total{operation=\"sign_in\",method=\"POST\",status=\"201\"} 1"
        ));
        assert!(text.contains(
            "portal_http_requests_total{operation=\"sign_in\",method=\"POST\",status=\"401\"} 1"
        ));
        assert!(text.contains("portal_http_request_duration_seconds_bucket{operation=\"sign_in\",method=\"POST\",le=\"0.005\"} 1"));
        assert!(text.contains(
            "portal_http_request_duration_seconds_count{operation=\"sign_in\",method=\"POST\"} 2"
        ));
    }
}
