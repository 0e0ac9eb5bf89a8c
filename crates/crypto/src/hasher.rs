//! Argon2id hashing of passwords and one-time codes, run on a few threads of its own behind
//! a semaphore so that a flood of sign-ins queues instead of exhausting threads and memory.
//!
//! The threads are the hasher's own, not Tokio's blocking pool, and they run at the lowest
//! scheduling priority (on Linux the idle class `SCHED_IDLE`, elsewhere nice 19): a hash takes the
//! CPU that the rest of the server leaves, so a flood of sign-ins slows sign-ins, not every
//! other page (`docs/performance.md`).
//!
//! Each hash needs 19 MiB of working memory. Allocated the ordinary way, the C allocator
//! kept it in the arena of the thread that freed it, and a sign-in flood left some 550 MB
//! resident. Each hash therefore reserves its working memory above the allocator's largest
//! mapping threshold (32 MiB), so that it is mapped from the system for that hash alone and
//! returned once no other hash waits: memory stays flat however many sign-ins come.
//!
//! While hashes queue (a burst, a flood), a hashing thread keeps its working memory from
//! one hash to the next instead. Mapping 19 MiB afresh costs some 4,900 page faults per
//! hash, and at a flood's rate that kernel work slowed every other request of the process;
//! reused memory costs none.

use std::cell::{Cell, RefCell};
use std::num::NonZeroUsize;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError, mpsc};

use argon2::password_hash::phc::{self, Output, ParamsString, Salt};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use async_trait::async_trait;
use portal_domain::secrets::{HashError, PasswordHash, PasswordHasher};
use rand::rngs::OsRng;
use rand::{RngCore as _, TryRngCore as _};
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::{Semaphore, oneshot};

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
    threads: Arc<HashThreads>,
}

/// Puts the calling thread at the lowest scheduling priority: on Linux the idle scheduling
/// class (`SCHED_IDLE`), elsewhere (or where that is refused) nice 19. A hash then only takes
/// the CPU that requests at normal priority leave, and a request that wakes up takes the core
/// back at once (at nice 19, the scheduler may let a running hash finish its time slice
/// first). Where the system refuses both, the thread hashes as it is.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    {
        use thread_priority::{
            NormalThreadSchedulePolicy, ThreadPriority, ThreadSchedulePolicy,
            set_thread_priority_and_policy, thread_native_id,
        };
        let idle = set_thread_priority_and_policy(
            thread_native_id(),
            ThreadPriority::Min,
            ThreadSchedulePolicy::Normal(NormalThreadSchedulePolicy::Idle),
        );
        if idle.is_ok() {
            return;
        }
    }
    let _ = thread_priority::set_current_thread_priority(thread_priority::ThreadPriority::Min);
}

/// A unit of hashing work.
type Work = Box<dyn FnOnce() + Send>;

/// The hashing threads, fed through a channel; they end when the last hasher is dropped.
#[derive(Debug)]
struct HashThreads {
    /// `None` when no thread could be started; the work then goes to the blocking pool.
    jobs: Option<Mutex<mpsc::Sender<Work>>>,
    /// Hashes asked for and not yet done, running or waiting for a permit. A thread that
    /// finishes a hash while more are asked for than are on threads keeps its working
    /// memory for the next.
    waiting: Arc<AtomicUsize>,
    /// Hashes running on a hashing thread right now.
    executing: Arc<AtomicUsize>,
}

impl HashThreads {
    fn start(count: usize) -> Self {
        let (sender, receiver) = mpsc::channel::<Work>();
        let receiver = Arc::new(Mutex::new(receiver));
        let mut started = 0;
        for n in 0..count {
            let receiver = Arc::clone(&receiver);
            let spawned = std::thread::Builder::new()
                .name(format!("portal-hash-{n}"))
                .spawn(move || {
                    lower_priority();
                    ON_HASH_THREAD.set(true);
                    loop {
                        let jobs = receiver.lock().unwrap_or_else(PoisonError::into_inner);
                        let next = if KEPT_MEMORY.with_borrow(Option::is_some) {
                            // Kept for a hash that another thread may have taken: give it
                            // back if no hash comes soon.
                            match jobs.recv_timeout(KEEP_IDLE_MEMORY_FOR) {
                                Err(mpsc::RecvTimeoutError::Timeout) => {
                                    KEPT_MEMORY.take();
                                    jobs.recv().map_err(|_| ())
                                }
                                other => other.map_err(|_| ()),
                            }
                        } else {
                            jobs.recv().map_err(|_| ())
                        };
                        drop(jobs);
                        let Ok(work) = next else { return };
                        // A panic ends this hash (its caller sees an error), not the thread.
                        let _ = std::panic::catch_unwind(AssertUnwindSafe(work));
                    }
                });
            if spawned.is_ok() {
                started += 1;
            }
        }
        Self {
            jobs: (started > 0).then(|| Mutex::new(sender)),
            waiting: Arc::default(),
            executing: Arc::default(),
        }
    }

    fn dispatch(&self, work: Work) {
        let refused = match &self.jobs {
            Some(jobs) => jobs
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .send(work)
                .err()
                .map(|e| e.0),
            None => Some(work),
        };
        if let Some(work) = refused {
            tokio::task::spawn_blocking(work);
        }
    }
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
            threads: Arc::new(HashThreads::start(max_concurrent)),
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

    /// Runs `work` on a hashing thread once a permit is free. The permit moves into the
    /// closure, so it stays taken until the work ends even if the caller gives up.
    async fn run_blocking<T, F>(&self, work: F) -> Result<T, HashError>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        // Counted from before the wait for a permit, so a thread finishing a hash sees that
        // another is coming.
        let wanted = Running::start(&self.threads.waiting);
        let waiting = Arc::clone(&self.threads.waiting);
        let executing = Arc::clone(&self.threads.executing);
        let permit = Arc::clone(&self.permits)
            .acquire_owned()
            .await
            .map_err(|_| HashError("the hashing pool is closed".into()))?;
        let running = Running::start(&self.in_flight);
        let (done, result) = oneshot::channel();
        self.threads.dispatch(Box::new(move || {
            let on_thread = Running::start(&executing);
            let out = work();
            // Count down before the permit frees a place for the next hash.
            drop(running);
            drop(permit);
            drop(wanted);
            drop(on_thread);
            // Asked for and not yet on a thread: waiting for a permit, or dispatched.
            let queued = waiting
                .load(Ordering::Acquire)
                .saturating_sub(executing.load(Ordering::Acquire));
            if queued == 0 {
                // No hash waits for a thread: give the working memory back (see `compute`).
                KEPT_MEMORY.take();
            }
            let _ = done.send(out);
        }));
        result
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
            .run_blocking(move || hash_phc(secret.expose_secret().as_bytes(), params))
            .await??;
        Ok(PasswordHash::new(phc))
    }

    async fn verify(&self, secret: &SecretString, hash: &PasswordHash) -> Result<bool, HashError> {
        // Parse before taking a permit: a malformed hash costs nothing.
        let stored = Stored::parse(hash.as_str())?;
        let secret = secret.clone();
        self.run_blocking(move || stored.matches(secret.expose_secret().as_bytes()))
            .await?
    }
}

/// Blocks reserved for each hash at the least: above 32 MiB, the largest threshold to which
/// the C allocator raises its mapping threshold (mallopt(3), `M_MMAP_THRESHOLD`), so the
/// working memory is always mapped for the hash and unmapped after it. Only the blocks the
/// hash uses are touched and become resident.
const RESERVED_BLOCKS: usize = (32 << 20) / Block::SIZE + 64;

/// How long an idle hashing thread keeps its working memory when it finished a hash while
/// another waited (which another thread may have taken).
const KEEP_IDLE_MEMORY_FOR: std::time::Duration = std::time::Duration::from_secs(1);

thread_local! {
    /// Whether this thread is one of the hasher's own.
    static ON_HASH_THREAD: Cell<bool> = const { Cell::new(false) };
    /// A hashing thread's working memory, kept between hashes while more are queued.
    static KEPT_MEMORY: RefCell<Option<Vec<Block>>> = const { RefCell::new(None) };
}

/// Runs argon2. On a hashing thread the working memory is the thread's kept memory (mapped
/// on first use, released by the thread when no hash waits); elsewhere it is mapped for this
/// hash and given back when it ends. Argon2 writes every block before reading it, so kept
/// memory needs no clearing between hashes.
fn compute(
    argon2: &Argon2<'_>,
    params: &Params,
    password: &[u8],
    salt: &[u8],
    out: &mut [u8],
) -> Result<(), HashError> {
    let blocks = params.block_count();
    let mut hash = |memory: &mut Vec<Block>| {
        if memory.capacity() < blocks {
            *memory = Vec::with_capacity(blocks.max(RESERVED_BLOCKS));
        }
        memory.resize(blocks, Block::new());
        argon2
            .hash_password_into_with_memory(password, salt, out, &mut memory[..])
            .map_err(|e| HashError(format!("argon2 could not hash: {e}")))
    };
    if ON_HASH_THREAD.get() {
        KEPT_MEMORY.with_borrow_mut(|kept| hash(kept.get_or_insert_with(Vec::new)))
    } else {
        hash(&mut Vec::new())
    }
}

/// A new argon2id PHC string for `password` with a fresh random salt.
fn hash_phc(password: &[u8], params: Params) -> Result<String, HashError> {
    fn fail(e: impl std::fmt::Display) -> HashError {
        HashError(format!("argon2 could not hash: {e}"))
    }
    let mut salt = [0u8; Salt::RECOMMENDED_LENGTH];
    OsRng.unwrap_err().fill_bytes(&mut salt);
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    compute(&argon2, &params, password, &salt, &mut out)?;
    let phc = phc::PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(fail)?,
        salt: Some(Salt::new(&salt).map_err(fail)?),
        hash: Some(Output::new(&out).map_err(fail)?),
    };
    Ok(phc.to_string())
}

/// A stored hash taken apart: what to compute again and what to compare it with. The cost
/// is read from the hash, so hashes made with older parameters still verify.
#[derive(Debug)]
struct Stored {
    argon2: Argon2<'static>,
    params: Params,
    salt: Salt,
    expected: Output,
}

impl Stored {
    fn parse(phc: &str) -> Result<Self, HashError> {
        fn invalid<E>(_: E) -> HashError {
            HashError("the stored hash is not a valid argon2 PHC string".into())
        }
        let stored = phc::PasswordHash::new(phc).map_err(invalid)?;
        let algorithm = Algorithm::try_from(stored.algorithm.as_str()).map_err(invalid)?;
        let version = match stored.version {
            Some(v) => Version::try_from(v).map_err(invalid)?,
            None => Version::default(),
        };
        let params = Params::try_from(&stored).map_err(invalid)?;
        let (Some(salt), Some(expected)) = (stored.salt, stored.hash) else {
            return Err(HashError("the stored hash has no salt or no output".into()));
        };
        Ok(Self {
            argon2: Argon2::new(algorithm, version, params.clone()),
            params,
            salt,
            expected,
        })
    }

    /// Whether `password` gives the stored output; compared in constant time.
    fn matches(&self, password: &[u8]) -> Result<bool, HashError> {
        let mut buffer = [0u8; Output::MAX_LENGTH];
        let out = buffer
            .get_mut(..self.expected.len())
            .ok_or_else(|| HashError("the stored hash output is too long".into()))?;
        compute(&self.argon2, &self.params, password, &self.salt, out)?;
        let computed = Output::new(out)
            .map_err(|e| HashError(format!("the stored hash cannot be verified: {e}")))?;
        Ok(computed == self.expected)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use std::future::Future;
    use std::pin::Pin;
    use std::sync::Condvar;
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

    #[tokio::test]
    async fn hashes_are_standard_phc_strings_both_ways() {
        use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
        let hasher = cheap();
        let ours = hasher.hash(&secret("Both-Ways-7")).await.unwrap();
        let standard = Argon2::default();
        let parsed = phc::PasswordHash::new(ours.as_str()).unwrap();
        assert!(standard.verify_password(b"Both-Ways-7", &parsed).is_ok());
        assert!(standard.verify_password(b"Both-Ways-8", &parsed).is_err());

        let theirs = standard.hash_password(b"Other-Way-3").unwrap().to_string();
        let theirs = PasswordHash::new(theirs);
        assert!(
            hasher
                .verify(&secret("Other-Way-3"), &theirs)
                .await
                .unwrap()
        );
        assert!(
            !hasher
                .verify(&secret("Other-Way-4"), &theirs)
                .await
                .unwrap()
        );
    }

    #[tokio::test]
    async fn hashes_run_on_the_hashers_own_threads_only() {
        let hasher = cheap();
        let mut names = std::collections::BTreeSet::new();
        for _ in 0..8 {
            let name = hasher
                .run_blocking(|| std::thread::current().name().map(str::to_owned))
                .await
                .unwrap()
                .unwrap();
            names.insert(name);
        }
        assert!(
            names.iter().all(|n| n.starts_with("portal-hash-")),
            "{names:?}"
        );
        assert!(names.len() <= 2, "{names:?}");
    }

    #[cfg(target_os = "linux")]
    #[tokio::test]
    async fn hashes_run_at_the_lowest_scheduling_priority() {
        // Field 41 of /proc/thread-self/stat is the scheduling policy; 5 is SCHED_IDLE.
        let policy = || {
            let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap();
            let after_name = &stat[stat.rfind(')').unwrap() + 2..];
            after_name
                .split(' ')
                .nth(38)
                .unwrap()
                .parse::<u32>()
                .unwrap()
        };
        let ours = policy();
        let hashing = cheap().run_blocking(policy).await.unwrap();
        assert_eq!(
            hashing, 5,
            "hashing threads are in the idle class (this one's policy is {ours})"
        );
    }

    #[tokio::test]
    async fn a_hashing_thread_keeps_its_memory_while_hashes_wait_and_returns_it_after() {
        let params = HashParams {
            memory_kib: 64,
            iterations: 1,
            parallelism: 1,
        };
        let hasher = Argon2Hasher::new(params, 1).unwrap();
        let kept = || KEPT_MEMORY.with_borrow(Option::is_some);
        let password = secret("Queued#Sign-in1");
        // One thread, one permit: the second hash and the probe wait while the first runs,
        // and run in that order (the semaphore is fair).
        let (first, second, during) = tokio::join!(
            hasher.hash(&password),
            hasher.hash(&password),
            hasher.run_blocking(kept)
        );
        first.unwrap();
        second.unwrap();
        assert!(during.unwrap(), "the memory is kept while hashes wait");
        assert!(
            !hasher.run_blocking(kept).await.unwrap(),
            "the memory is given back once no hash waits"
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
