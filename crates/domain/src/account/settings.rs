//! The tunable numbers of the account use cases, with the defaults DESIGN.md sets.

use time::Duration;

use super::password_policy::PasswordPolicy;

/// Settings of [`super::AccountService`].
#[derive(Debug, Clone)]
pub struct AccountSettings {
    /// The password policy.
    pub password_policy: PasswordPolicy,
    /// A session unused for this long ends (default 30 minutes).
    pub session_idle_timeout: Duration,
    /// A session ends this long after sign-in whatever its use (default 12 hours).
    pub session_absolute_timeout: Duration,
    /// How long a reset code stays valid (default 10 minutes).
    pub reset_code_ttl: Duration,
    /// Wrong codes after which a reset code is void (default 5).
    pub reset_code_max_failures: u32,
    /// How long the code that confirms a new email address stays valid (default 30 minutes).
    pub email_change_ttl: Duration,
    /// Tries, right or wrong, after which that code is void (default 5).
    pub email_change_max_attempts: u32,
    /// Sign-in throttling of one email from one client address (and of wrong current
    /// passwords in a password change).
    pub throttle: ThrottlePolicy,
    /// Sign-in throttling of one email from every address together: a far higher allowance,
    /// so that a flood from one address does not lock the owner out elsewhere.
    pub account_throttle: ThrottlePolicy,
    /// The portal's public address, written into emails.
    pub public_base_url: String,
    /// Largest document accepted with an enquiry, in bytes (default 4 MiB).
    pub max_upload_bytes: u64,
}

impl Default for AccountSettings {
    fn default() -> Self {
        Self {
            password_policy: PasswordPolicy::default(),
            session_idle_timeout: Duration::minutes(30),
            session_absolute_timeout: Duration::hours(12),
            reset_code_ttl: Duration::minutes(10),
            reset_code_max_failures: 5,
            email_change_ttl: Duration::minutes(30),
            email_change_max_attempts: 5,
            throttle: ThrottlePolicy::default(),
            account_throttle: ThrottlePolicy::for_every_address(),
            public_base_url: "http://127.0.0.1:8080".to_owned(),
            max_upload_bytes: 4 * 1024 * 1024,
        }
    }
}

/// Growing waits after repeated sign-in failures under one key: never a permanent lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThrottlePolicy {
    /// Failures allowed before any wait (default 3).
    pub free_failures: u32,
    /// The wait after each further failure; the last one repeats (the cap).
    pub delays: Vec<Duration>,
    /// The count starts again this long after a window's first failure (default 24 hours).
    pub window: Duration,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        Self {
            free_failures: 3,
            delays: [1, 3, 5, 10, 30, 60]
                .into_iter()
                .map(Duration::seconds)
                .collect(),
            window: Duration::hours(24),
        }
    }
}

impl ThrottlePolicy {
    /// The default for one email from every address together: 100 free failures in each
    /// 15-minute window, then the same growing waits. One address, held to a failure a
    /// minute once its own waits begin, stays far below it.
    pub fn for_every_address() -> Self {
        Self {
            free_failures: 100,
            window: Duration::minutes(15),
            ..Self::default()
        }
    }

    /// The wait imposed after the `failures`-th failure, if any.
    pub fn delay_after(&self, failures: u32) -> Option<Duration> {
        let past_free = failures.checked_sub(self.free_failures)?.checked_sub(1)?;
        let index = usize::try_from(past_free).unwrap_or(usize::MAX);
        self.delays.get(index).or(self.delays.last()).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_start_after_the_third_failure_grow_and_are_capped() {
        let policy = ThrottlePolicy::default();
        let waits: Vec<_> = (1..=12)
            .map(|n| policy.delay_after(n).map(|d| d.whole_seconds()))
            .collect();
        assert_eq!(
            waits,
            [
                None,
                None,
                None,
                Some(1),
                Some(3),
                Some(5),
                Some(10),
                Some(30),
                Some(60),
                Some(60),
                Some(60),
                Some(60)
            ]
        );
    }
}
