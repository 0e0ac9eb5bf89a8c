//! Argon2id hashing of passwords and one-time codes, run on Tokio's blocking pool behind a
//! semaphore so that a flood of sign-ins queues instead of exhausting threads and memory.

use std::num::NonZeroUsize;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use argon2::password_hash::{self, PasswordHasher as _, PasswordVerifier as _};
use argon2::{Algorithm, Argon2, Params, Version};
use async_trait::async_trait;
use portal_domain::secrets::{HashError, PasswordHash, PasswordHasher};
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::Semaphore;

/// Argon2id cost parameters. The default is OWASP's recommendation, which the portal's
/// security baseline mandates: 19,456 KiB of memory, 2 passes, 1 lane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HashParams {
    /// Memory cost in KiB (at least 8 per lane).
    pub memory_kib: u32,
    /// Number of passes over the memory (at least 1).
    pub iterations: u32,
    /// Number of lanes (at least 1).
    pub parallelism: u32,
}

impl Default for HashParams {
    fn default() -> Self {
        Self {
            memory_kib: Params::DEFAULT_M_COST,
            iterations: Params::DEFAULT_T_COST,
            parallelism: Params::DEFAULT_P_COST,
        }
    }
}

/// Settings of an [`Argon2Hasher`] that argon2 or the limiter refuses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HasherConfigError {
    /// The cost parameters are outside what argon2 accepts.
    #[error("invalid argon2 parameters: {0}")]
    Params(String),
    /// At most zero hashes at once would never hash anything.
    #[error("the number of concurrent hashes must be at least 1")]
    NoPermits,
}

/// The [`PasswordHasher`] of the portal: argon2id, version 0x13, PHC strings.
///
/// Each hash or verification takes a permit from a semaphore *before* it is handed to
/// `spawn_blocking`, so at most `max_concurrent` run at once and the rest wait as cheap
/// futures. Verification reads the cost from the stored PHC string, so hashes made with
/// older parameters still verify.
#[derive(Debug, Clone)]
pub struct Argon2Hasher {
    params: Params,
    permits: Arc<Semaphore>,
    max_concurrent: usize,
    in_flight: Arc<AtomicUsize>,
}

impl Argon2Hasher {
    /// A hasher with the given cost that runs at most `max_concurrent` hashes at once.
    pub fn new(params: HashParams, max_concurrent: usize) -> Result<Self, HasherConfigError> {
        if max_concurrent == 0 {
            return Err(HasherConfigError::NoPermits);
        }
        let params = Params::new(
            params.memory_kib,
            params.iterations,
            params.parallelism,
            None,
        )
        .map_err(|e| HasherConfigError::Params(e.to_string()))?;
        Ok(Self::build(params, max_concurrent))
    }

    /// The production hasher: [`HashParams::default`] and one hash at a time per core.
    pub fn recommended() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
        Self::build(Params::DEFAULT, cores)
    }

    fn build(params: Params, max_concurrent: usize) -> Self {
        Self {
            params,
            permits: Arc::new(Semaphore::new(max_concurrent)),
            max_concurrent,
            in_flight: Arc::new(AtomicUsize::new(0)),
        }
    }

    /// The most hashes that run at once.
    pub fn max_concurrent(&self) -> usize {
        self.max_concurrent
    }

    /// How many hashes are running right now (a gauge for metrics).
    pub fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::Acquire)
    }

    fn argon2(params: Params) -> Argon2<'static> {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
    }

    /// Runs `work` on the blocking pool once a permit is free. The permit moves into the
    /// blocking closure, so it stays taken until the work ends even if the caller gives up.
    async fn run_blocking<T, F>(&self, work: F) -> Result<T, HashError>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let permit = Arc::clone(&self.permits)
            .acquire_owned()
            .await
            .map_err(|_| HashError("the hashing pool is closed".into()))?;
        let running = Running::start(&self.in_flight);
        tokio::task::spawn_blocking(move || {
            let out = work();
            // Count down before the permit frees a place for the next hash.
            drop(running);
            drop(permit);
            out
        })
        .await
        .map_err(|_| HashError("the hashing task failed".into()))
    }
}

/// One hash counted in the gauge; counted out when dropped, even if the work panics.
struct Running(Arc<AtomicUsize>);

impl Running {
    fn start(gauge: &Arc<AtomicUsize>) -> Self {
        gauge.fetch_add(1, Ordering::AcqRel);
        Self(Arc::clone(gauge))
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

#[async_trait]
impl PasswordHasher for Argon2Hasher {
    async fn hash(&self, secret: &SecretString) -> Result<PasswordHash, HashError> {
        let secret = secret.clone();
        let params = self.params.clone();
        let phc = self
            .run_blocking(move || {
                Self::argon2(params).hash_password(secret.expose_secret().as_bytes())
            })
            .await?
            .map_err(|e| HashError(format!("argon2 could not hash: {e}")))?;
        Ok(PasswordHash::new(phc.to_string()))
    }

    async fn verify(&self, secret: &SecretString, hash: &PasswordHash) -> Result<bool, HashError> {
        // Parse before taking a permit: a malformed hash costs nothing.
        let stored = password_hash::phc::PasswordHash::new(hash.as_str())
            .map_err(|_| HashError("the stored hash is not a valid PHC string".into()))?;
        let secret = secret.clone();
        let params = self.params.clone();
        let outcome = self
            .run_blocking(move || {
                Self::argon2(params).verify_password(secret.expose_secret().as_bytes(), &stored)
            })
            .await?;
        match outcome {
            Ok(()) => Ok(true),
            Err(password_hash::Error::PasswordInvalid) => Ok(false),
            Err(e) => Err(HashError(format!(
                "the stored hash cannot be verified: {e}"
            ))),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use std::future::Future;
    use std::pin::Pin;
    use std::sync::{Condvar, Mutex};
    use std::task::Poll;

    use super::*;

    fn cheap() -> Argon2Hasher {
        let params = HashParams {
            memory_kib: 64,
            iterations: 1,
            parallelism: 1,
        };
        Argon2Hasher::new(params, 2).unwrap()
    }

    fn secret(s: &str) -> SecretString {
        SecretString::from(s.to_owned())
    }

    #[tokio::test]
    async fn a_hash_verifies_its_secret_and_nothing_else() {
        let hasher = cheap();
        let hash = hasher.hash(&secret("Correct-Horse-9")).await.unwrap();
        assert!(
            hasher
                .verify(&secret("Correct-Horse-9"), &hash)
                .await
                .unwrap()
        );
        assert!(
            !hasher
                .verify(&secret("Correct-Horse-8"), &hash)
                .await
                .unwrap()
        );
        assert!(!hasher.verify(&secret(""), &hash).await.unwrap());
    }

    #[tokio::test]
    async fn a_malformed_stored_hash_is_an_error_not_a_mismatch() {
        let hasher = cheap();
        for bad in ["", "not a hash", "$argon2id$v=19$m=64,t=1,p=1$", "$md5$abc"] {
            let result = hasher.verify(&secret("x"), &PasswordHash::new(bad)).await;
            assert!(result.is_err(), "{bad:?} gave {result:?}");
        }
    }

    #[tokio::test]
    async fn the_same_secret_hashes_differently_each_time() {
        let hasher = cheap();
        let a = hasher.hash(&secret("Same-Secret-1")).await.unwrap();
        let b = hasher.hash(&secret("Same-Secret-1")).await.unwrap();
        assert_ne!(a, b);
        assert!(hasher.verify(&secret("Same-Secret-1"), &b).await.unwrap());
    }

    #[tokio::test]
    async fn the_recommended_hasher_writes_owasp_argon2id_phc_strings() {
        let hasher = Argon2Hasher::recommended();
        assert!(hasher.max_concurrent() >= 1);
        let hash = hasher.hash(&secret("Maple-Syrup-42!")).await.unwrap();
        assert!(
            hash.as_str().starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "unexpected PHC prefix"
        );
        // A hash made with other costs still verifies: the cost is read from the hash.
        assert!(
            cheap()
                .verify(&secret("Maple-Syrup-42!"), &hash)
                .await
                .unwrap()
        );
    }

    #[test]
    fn impossible_settings_are_refused() {
        let zero_memory = HashParams {
            memory_kib: 0,
            ..HashParams::default()
        };
        assert!(matches!(
            Argon2Hasher::new(zero_memory, 1),
            Err(HasherConfigError::Params(_))
        ));
        assert_eq!(
            Argon2Hasher::new(HashParams::default(), 0).unwrap_err(),
            HasherConfigError::NoPermits
        );
    }

    /// A gate the blocking work waits at until the test opens it.
    #[derive(Default)]
    struct Gate {
        open: Mutex<bool>,
        opened: Condvar,
    }

    impl Gate {
        fn wait(&self) {
            let mut open = self.open.lock().unwrap();
            while !*open {
                open = self.opened.wait(open).unwrap();
            }
        }

        fn open(&self) {
            *self.open.lock().unwrap_or_else(|e| e.into_inner()) = true;
            self.opened.notify_all();
        }
    }

    type Job = Pin<Box<dyn Future<Output = Result<(), HashError>> + Send>>;

    /// Opens the gate when a failed assertion unwinds, so the runtime can shut down.
    struct OpenOnDrop(Arc<Gate>);

    impl Drop for OpenOnDrop {
        fn drop(&mut self) {
            self.0.open();
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn no_more_than_the_permitted_number_of_hashes_run_at_once() {
        let hasher = cheap();
        let gate = Arc::new(Gate::default());
        let _release = OpenOnDrop(gate.clone());
        let peak = Arc::new(AtomicUsize::new(0));
        let mut jobs: Vec<Job> = Vec::new();
        for _ in 0..6 {
            let (gate, peak, gauge) = (gate.clone(), peak.clone(), hasher.in_flight.clone());
            let h = hasher.clone();
            jobs.push(Box::pin(async move {
                h.run_blocking(move || {
                    peak.fetch_max(gauge.load(Ordering::Acquire), Ordering::AcqRel);
                    gate.wait();
                })
                .await
            }));
        }

        // One poll of every job: each either took a permit and was dispatched, or queued.
        let pending = std::future::poll_fn(|cx| {
            let polled = jobs
                .iter_mut()
                .map(|job| job.as_mut().poll(cx).is_pending());
            Poll::Ready(polled.filter(|&pending| pending).count())
        })
        .await;
        assert_eq!(pending, 6, "the gate holds every dispatched job");
        assert_eq!(
            hasher.in_flight(),
            2,
            "exactly the permitted number were dispatched"
        );

        gate.open();
        for job in jobs {
            job.await.unwrap();
        }
        assert_eq!(hasher.in_flight(), 0);
        assert!(peak.load(Ordering::Acquire) <= 2);

        // The real hash goes through the same limiter.
        let hashes = (0..4).map(|i| {
            let h = hasher.clone();
            tokio::spawn(async move { h.hash(&secret(&format!("Secret-{i}"))).await })
        });
        for handle in hashes {
            handle.await.unwrap().unwrap();
        }
        assert_eq!(hasher.permits.available_permits(), 2);
    }
}
