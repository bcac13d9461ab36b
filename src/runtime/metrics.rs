//! Murphy's own telemetry in the Prometheus text format: counters and latency histograms kept
//! in memory per instance, plus gauges read from the database when `/metrics` is scraped.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;

/// Upper bounds of the request latency buckets, in seconds.
pub const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

#[derive(Debug, Default, Clone)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    sum: f64,
    count: u64,
}

impl Histogram {
    fn observe(&mut self, seconds: f64) {
        for (i, le) in BUCKETS.iter().enumerate() {
            if seconds <= *le {
                self.counts[i] += 1;
            }
        }
        self.sum += seconds;
        self.count += 1;
    }
}

#[derive(Debug, Default)]
struct Inner {
    /// (route, method, status) → count.
    requests: BTreeMap<(String, String, u16), u64>,
    /// route → latency.
    latency: BTreeMap<String, Histogram>,
    /// (source, outcome) → count.
    alerts: BTreeMap<(String, String), u64>,
    /// outcome → count.
    webhooks: BTreeMap<String, u64>,
}

/// The counters of one Murphy process.
#[derive(Debug, Default)]
pub struct Metrics {
    inner: Mutex<Inner>,
}

impl Metrics {
    pub fn new() -> Self {
        Self::default()
    }

    fn with<T>(&self, f: impl FnOnce(&mut Inner) -> T) -> T {
        let mut guard = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut guard)
    }

    /// One HTTP request, by its route template (not the raw path, so labels stay few).
    pub fn request(&self, route: &str, method: &str, status: u16, seconds: f64) {
        self.with(|m| {
            *m.requests
                .entry((route.to_owned(), method.to_owned(), status))
                .or_default() += 1;
            m.latency
                .entry(route.to_owned())
                .or_default()
                .observe(seconds);
        });
    }

    /// One alert notification received: `outcome` is accepted, duplicate or invalid.
    pub fn alert_notification(&self, source: &str, outcome: &str) {
        self.with(|m| {
            *m.alerts
                .entry((source.to_owned(), outcome.to_owned()))
                .or_default() += 1;
        });
    }

    /// One webhook attempt: delivered, retry or failed.
    pub fn webhook_attempt(&self, outcome: &str) {
        self.with(|m| *m.webhooks.entry(outcome.to_owned()).or_default() += 1);
    }

    /// The counters as Prometheus text, followed by `gauges` (already formatted).
    pub fn render(&self, gauges: &Gauges) -> String {
        let mut out = String::new();
        self.with(|m| {
            out.push_str("# HELP murphy_http_requests_total HTTP requests answered, by route, method and status.\n");
            out.push_str("# TYPE murphy_http_requests_total counter\n");
            for ((route, method, status), n) in &m.requests {
                let _ = writeln!(
                    out,
                    "murphy_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{status}\"}} {n}",
                    escape(route),
                    escape(method)
                );
            }
            out.push_str("# HELP murphy_http_request_duration_seconds Time to answer HTTP requests, by route.\n");
            out.push_str("# TYPE murphy_http_request_duration_seconds histogram\n");
            for (route, h) in &m.latency {
                let route = escape(route);
                for (le, n) in BUCKETS.iter().zip(h.counts) {
                    let _ = writeln!(
                        out,
                        "murphy_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{le}\"}} {n}"
                    );
                }
                let _ = writeln!(
                    out,
                    "murphy_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                    h.count
                );
                let _ = writeln!(
                    out,
                    "murphy_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
                    h.sum
                );
                let _ = writeln!(
                    out,
                    "murphy_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                    h.count
                );
            }
            out.push_str("# HELP murphy_alert_notifications_total Alert notifications received, by source and outcome.\n");
            out.push_str("# TYPE murphy_alert_notifications_total counter\n");
            for ((source, outcome), n) in &m.alerts {
                let _ = writeln!(
                    out,
                    "murphy_alert_notifications_total{{source=\"{}\",outcome=\"{}\"}} {n}",
                    escape(source),
                    escape(outcome)
                );
            }
            out.push_str("# HELP murphy_webhook_attempts_total Webhook delivery attempts by this instance, by outcome.\n");
            out.push_str("# TYPE murphy_webhook_attempts_total counter\n");
            for (outcome, n) in &m.webhooks {
                let _ = writeln!(
                    out,
                    "murphy_webhook_attempts_total{{outcome=\"{}\"}} {n}",
                    escape(outcome)
                );
            }
        });
        out.push_str("# HELP murphy_open_incidents Incidents not yet resolved, by severity.\n");
        out.push_str("# TYPE murphy_open_incidents gauge\n");
        for (severity, n) in &gauges.open_incidents {
            let _ = writeln!(
                out,
                "murphy_open_incidents{{severity=\"{}\"}} {n}",
                escape(severity)
            );
        }
        out.push_str(
            "# HELP murphy_webhook_deliveries Webhook deliveries waiting (pending) or given up on (failed).\n",
        );
        out.push_str("# TYPE murphy_webhook_deliveries gauge\n");
        for (state, n) in &gauges.deliveries {
            let _ = writeln!(
                out,
                "murphy_webhook_deliveries{{state=\"{}\"}} {n}",
                escape(state)
            );
        }
        out.push_str(
            "# HELP murphy_db_pool_connections Database connections held by this instance.\n",
        );
        out.push_str("# TYPE murphy_db_pool_connections gauge\n");
        let _ = writeln!(
            out,
            "murphy_db_pool_connections{{state=\"idle\"}} {}",
            gauges.pool_idle
        );
        let _ = writeln!(
            out,
            "murphy_db_pool_connections{{state=\"in_use\"}} {}",
            gauges.pool_size.saturating_sub(gauges.pool_idle)
        );
        out.push_str(
            "# HELP murphy_db_pool_max_connections The most connections the pool opens.\n",
        );
        out.push_str("# TYPE murphy_db_pool_max_connections gauge\n");
        let _ = writeln!(out, "murphy_db_pool_max_connections {}", gauges.pool_max);
        let plain = [
            (
                "murphy_database_up",
                "gauge",
                "1 while the database can be used, 0 while it is away.",
                u64::from(gauges.database_up),
            ),
            (
                "murphy_database_outages_total",
                "counter",
                "Times the database went away since this instance started.",
                gauges.database_outages,
            ),
            (
                "murphy_database_restarts_total",
                "counter",
                "Times the embedded PostgreSQL was started again after it died.",
                gauges.database_restarts,
            ),
            (
                "murphy_live_listener_connected",
                "gauge",
                "1 while this instance hears the database's notifications (live pages, copies).",
                u64::from(gauges.listening),
            ),
        ];
        for (name, kind, help, value) in plain {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}"
            );
        }
        out
    }
}

/// Values read when scraped.
#[derive(Debug, Default, Clone)]
pub struct Gauges {
    pub open_incidents: Vec<(String, i64)>,
    pub deliveries: Vec<(String, i64)>,
    pub pool_size: u32,
    pub pool_idle: u32,
    pub pool_max: u32,
    pub database_up: bool,
    pub database_outages: u64,
    pub database_restarts: u64,
    pub listening: bool,
}

/// A label value with `\`, `"` and newlines escaped.
fn escape(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histograms_are_cumulative_and_labels_escaped() {
        let m = Metrics::new();
        m.request("/incidents/{number}", "GET", 200, 0.003);
        m.request("/incidents/{number}", "GET", 200, 0.2);
        m.request("/x\"y", "POST", 500, 20.0);
        let text = m.render(&Gauges::default());
        assert!(text.contains(
            "murphy_http_requests_total{route=\"/incidents/{number}\",method=\"GET\",status=\"200\"} 2\n"
        ));
        assert!(text.contains(
            "murphy_http_request_duration_seconds_bucket{route=\"/incidents/{number}\",le=\"0.005\"} 1\n"
        ));
        assert!(text.contains(
            "murphy_http_request_duration_seconds_bucket{route=\"/incidents/{number}\",le=\"0.25\"} 2\n"
        ));
        assert!(text.contains(
            "murphy_http_request_duration_seconds_bucket{route=\"/x\\\"y\",le=\"10\"} 0\n"
        ));
        assert!(text.contains(
            "murphy_http_request_duration_seconds_bucket{route=\"/x\\\"y\",le=\"+Inf\"} 1\n"
        ));
    }
}
