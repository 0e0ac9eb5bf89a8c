//! A per-client-address limit on the operations that guess at credentials (sign-in,
//! enrolment, password reset), counted in fixed one-minute windows in this process.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

use time::{Duration, OffsetDateTime};

const WINDOW: Duration = Duration::minutes(1);
/// Beyond this many tracked addresses, expired windows are swept.
const SWEEP_AT: usize = 10_000;

/// The per-address limit of credential operations (sign-in, enrolment, reset, email
/// change): 429 with the wait once the address has used its allowance.
pub(crate) fn check_credential_limit(
    state: &crate::state::AppState,
    req: &poem::Request,
) -> Result<(), crate::error::ApiError> {
    let Some(addr) = req.remote_addr().as_socket_addr() else {
        return Ok(());
    };
    state
        .limiter
        .check(addr.ip(), state.clock.now())
        .map_err(|wait| crate::problem::Problem::RATE_LIMITED.to_api(wait))
}

/// The client address of a request, as the domain's throttle counts it; a request without
/// an IP peer (none in production) counts as the unspecified address.
pub(crate) fn client_address(req: &poem::Request) -> IpAddr {
    req.remote_addr()
        .as_socket_addr()
        .map_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED), |addr| {
            addr.ip()
        })
}

/// Counts requests per address per window.
#[derive(Debug, Clone)]
pub struct RateLimiter {
    limit: u32,
    windows: Arc<Mutex<HashMap<IpAddr, (OffsetDateTime, u32)>>>,
}

impl RateLimiter {
    /// A limiter allowing `limit` requests per minute per address (0 turns it off).
    pub fn new(limit: u32) -> Self {
        Self {
            limit,
            windows: Arc::default(),
        }
    }

    /// Counts a request from `addr` at `now`; `Err(seconds to wait)` when over the limit.
    pub fn check(&self, addr: IpAddr, now: OffsetDateTime) -> Result<(), u64> {
        if self.limit == 0 {
            return Ok(());
        }
        let mut windows = self
            .windows
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if windows.len() >= SWEEP_AT {
            windows.retain(|_, (start, _)| now - *start < WINDOW);
        }
        let entry = windows.entry(addr).or_insert((now, 0));
        if now - entry.0 >= WINDOW {
            *entry = (now, 0);
        }
        if entry.1 >= self.limit {
            let wait = (entry.0 + WINDOW - now).whole_seconds();
            return Err(u64::try_from(wait).unwrap_or(1).max(1));
        }
        entry.1 += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_over_the_limit_waits_for_the_next_window() {
        let limiter = RateLimiter::new(2);
        let addr: IpAddr = [127, 0, 0, 1].into();
        let other: IpAddr = [127, 0, 0, 2].into();
        let t0 = OffsetDateTime::UNIX_EPOCH;
        assert!(limiter.check(addr, t0).is_ok());
        assert!(limiter.check(addr, t0 + Duration::seconds(10)).is_ok());
        assert_eq!(limiter.check(addr, t0 + Duration::seconds(15)), Err(45));
        assert!(limiter.check(other, t0 + Duration::seconds(15)).is_ok());
        assert!(limiter.check(addr, t0 + Duration::seconds(60)).is_ok());
    }
}
