//! Reads by key that arrive together share one statement ([decision 19]).
//!
//! Every authenticated request reads its session first. Under load many requests wait for
//! that read at once, and each read, however small, costs a trip to the database (on
//! SQLite a hand-off to the connection's thread and back, twice, counting the pool's check
//! when the connection is returned). A [`Coalescer`] runs at most one batch at a time:
//! a key asked for while no batch runs starts one at once, with no waiting for company;
//! keys asked for while a batch runs wait for it to end and then go together in the next,
//! as a database's group commit does.
//!
//! A key never joins a batch that has already started, so the read that answers it began
//! after it was asked for: whatever was committed before the request arrived (a sign-out,
//! an account closed, in this process or another) is seen, exactly as with a read of its
//! own.
//!
//! [decision 19]: ../../../docs/decisions/0019-coalesced-session-reads.md

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::hash::Hash;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};

use portal_domain::RepositoryError;
use tokio::sync::oneshot;

/// The most keys one batch reads; more wait for the next batch.
pub(crate) const MAX_BATCH: usize = 64;

/// What a batch's read returns: the rows found, each with its key. Keys not found are
/// absent.
type Found<K, V> = Result<Vec<(K, V)>, RepositoryError>;

/// Reads the rows of a batch of distinct keys.
type Load<K, V> = dyn Fn(Vec<K>) -> Pin<Box<dyn Future<Output = Found<K, V>> + Send>> + Send + Sync;

/// Lookups by key, read in batches; see the module documentation. Cheap to clone.
pub(crate) struct Coalescer<K, V> {
    inner: Arc<Inner<K, V>>,
}

impl<K, V> Clone for Coalescer<K, V> {
    fn clone(&self) -> Self {
        Self {
            inner: Arc::clone(&self.inner),
        }
    }
}

impl<K, V> fmt::Debug for Coalescer<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Coalescer").finish_non_exhaustive()
    }
}

struct Inner<K, V> {
    load: Box<Load<K, V>>,
    queue: Mutex<Queue<K, V>>,
}

struct Queue<K, V> {
    /// Whether a task is reading batches (it stops when it finds the queue empty).
    reading: bool,
    waiting: Vec<Waiter<K, V>>,
}

struct Waiter<K, V> {
    key: K,
    reply: oneshot::Sender<Result<Option<V>, RepositoryError>>,
}

impl<K, V> Coalescer<K, V>
where
    K: Clone + Eq + Hash + Send + 'static,
    V: Clone + Send + 'static,
{
    /// Reads with `load`, which is given up to [`MAX_BATCH`] distinct keys at a time.
    pub(crate) fn new<F, Fut>(load: F) -> Self
    where
        F: Fn(Vec<K>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Found<K, V>> + Send + 'static,
    {
        Self {
            inner: Arc::new(Inner {
                load: Box::new(move |keys| Box::pin(load(keys))),
                queue: Mutex::new(Queue {
                    reading: false,
                    waiting: Vec::new(),
                }),
            }),
        }
    }

    /// The row under `key`, read in the first batch that starts after this call.
    ///
    /// The batches run in a task of their own, so a caller that stops waiting (a client
    /// gone) leaves the others' batch to finish.
    pub(crate) async fn get(&self, key: K) -> Result<Option<V>, RepositoryError> {
        let (reply, answer) = oneshot::channel();
        let start = {
            let mut queue = self.inner.lock();
            queue.waiting.push(Waiter { key, reply });
            !std::mem::replace(&mut queue.reading, true)
        };
        if start {
            tokio::spawn(Arc::clone(&self.inner).read_batches());
        }
        answer
            .await
            .map_err(|_| RepositoryError::message("the batched read stopped before answering"))?
    }

    /// How many lookups wait for a batch to start.
    #[cfg(test)]
    pub(crate) fn waiting(&self) -> usize {
        self.inner.lock().waiting.len()
    }
}

impl<K, V> Inner<K, V>
where
    K: Clone + Eq + Hash + Send + 'static,
    V: Clone + Send + 'static,
{
    fn lock(&self) -> MutexGuard<'_, Queue<K, V>> {
        // The lock guards a few pushes and moves; nothing in it can panic halfway, so a
        // poisoned queue is still whole.
        self.queue
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Reads batches until none waits.
    async fn read_batches(self: Arc<Self>) {
        // Should a read panic, the callers still waiting must still find a reader.
        let mut reader = Reader {
            inner: Arc::clone(&self),
            finished: false,
        };
        loop {
            let batch = {
                let mut queue = self.lock();
                if queue.waiting.is_empty() {
                    queue.reading = false;
                    reader.finished = true;
                    return;
                }
                let size = queue.waiting.len().min(MAX_BATCH);
                queue.waiting.drain(..size).collect::<Vec<_>>()
            };
            self.answer(batch).await;
        }
    }

    async fn answer(&self, batch: Vec<Waiter<K, V>>) {
        let mut keys: Vec<K> = Vec::with_capacity(batch.len());
        for waiter in &batch {
            if !keys.contains(&waiter.key) {
                keys.push(waiter.key.clone());
            }
        }
        match (self.load)(keys).await {
            Ok(rows) => {
                let rows: HashMap<K, V> = rows.into_iter().collect();
                for waiter in batch {
                    // A caller that stopped waiting has no one to answer.
                    let _ = waiter.reply.send(Ok(rows.get(&waiter.key).cloned()));
                }
            }
            Err(error) => {
                let error = Arc::new(error);
                for waiter in batch {
                    let shared = RepositoryError::new(SharedError(Arc::clone(&error)));
                    let _ = waiter.reply.send(Err(shared));
                }
            }
        }
    }
}

/// The task reading batches; if it ends without finishing (a read panicked), the queue
/// goes to a new reader, or is marked idle.
struct Reader<K, V>
where
    K: Clone + Eq + Hash + Send + 'static,
    V: Clone + Send + 'static,
{
    inner: Arc<Inner<K, V>>,
    finished: bool,
}

impl<K, V> Drop for Reader<K, V>
where
    K: Clone + Eq + Hash + Send + 'static,
    V: Clone + Send + 'static,
{
    fn drop(&mut self) {
        if self.finished {
            return;
        }
        let more = {
            let mut queue = self.inner.lock();
            queue.reading = !queue.waiting.is_empty();
            queue.reading
        };
        // No runtime: it is shutting down, and the waiting callers with it.
        if more && let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(Arc::clone(&self.inner).read_batches());
        }
    }
}

/// One storage failure told to every caller of the batch it failed.
#[derive(Debug)]
struct SharedError(Arc<RepositoryError>);

impl fmt::Display for SharedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl std::error::Error for SharedError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.0.as_ref())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used)]

    use super::Coalescer;
    use portal_domain::RepositoryError;
    use std::sync::{Arc, Mutex};
    use tokio::sync::Semaphore;

    /// The batches a loader was given, in order.
    type Batches = Arc<Mutex<Vec<Vec<&'static str>>>>;

    /// A coalescer over a fixed table (`a` = 1, `b` = 2) whose first batch waits for a
    /// permit of `gate`; reading `bad` fails and reading `panic` panics.
    fn table(gate: Arc<Semaphore>) -> (Coalescer<&'static str, u32>, Batches) {
        let batches: Batches = Arc::default();
        let seen = Arc::clone(&batches);
        let coalescer = Coalescer::new(move |keys: Vec<&'static str>| {
            let seen = Arc::clone(&seen);
            let gate = Arc::clone(&gate);
            async move {
                let first = {
                    let mut seen = seen.lock().expect("not poisoned");
                    seen.push(keys.clone());
                    seen.len() == 1
                };
                if first {
                    let _permit = gate.acquire().await.expect("the gate stays open");
                }
                assert!(!keys.contains(&"panic"), "a read that panics");
                if keys.contains(&"bad") {
                    return Err(RepositoryError::message("the disk is full"));
                }
                Ok(keys
                    .into_iter()
                    .filter_map(|key| match key {
                        "a" => Some((key, 1)),
                        "b" => Some((key, 2)),
                        _ => None,
                    })
                    .collect())
            }
        });
        (coalescer, batches)
    }

    fn batches(batches: &Batches) -> Vec<Vec<&'static str>> {
        batches.lock().expect("not poisoned").clone()
    }

    async fn until(mut done: impl FnMut() -> bool) {
        while !done() {
            tokio::task::yield_now().await;
        }
    }

    type Lookup = tokio::task::JoinHandle<Result<Option<u32>, RepositoryError>>;

    /// Asks for each key in a task of its own, in order.
    fn ask(lookups: &Coalescer<&'static str, u32>, keys: &[&'static str]) -> Vec<Lookup> {
        keys.iter()
            .map(|&key| {
                let lookups = lookups.clone();
                tokio::spawn(async move { lookups.get(key).await })
            })
            .collect()
    }

    /// Asks for `a`, whose batch then waits at the gate, then for `keys`, which queue.
    async fn behind_a_held_read(
        lookups: &Coalescer<&'static str, u32>,
        seen: &Batches,
        keys: &[&'static str],
    ) -> (Lookup, Vec<Lookup>) {
        let first = ask(lookups, &["a"]).remove(0);
        until(|| batches(seen).len() == 1).await;
        let later = ask(lookups, keys);
        until(|| lookups.waiting() == keys.len()).await;
        (first, later)
    }

    #[tokio::test]
    async fn a_lookup_alone_is_read_at_once_and_alone() {
        let (lookups, seen) = table(Arc::new(Semaphore::new(1)));
        assert_eq!(lookups.get("a").await.expect("read"), Some(1));
        assert_eq!(lookups.get("zz").await.expect("read"), None);
        assert_eq!(batches(&seen), vec![vec!["a"], vec!["zz"]]);
    }

    #[tokio::test]
    async fn lookups_asked_during_a_read_wait_for_it_and_go_together_in_the_next() {
        let gate = Arc::new(Semaphore::new(0));
        let (lookups, seen) = table(Arc::clone(&gate));
        // Asked while the first batch runs: none of them may join it.
        let (first, later) = behind_a_held_read(&lookups, &seen, &["b", "zz", "b", "a"]).await;
        assert_eq!(batches(&seen), vec![vec!["a"]]);
        gate.add_permits(1);

        assert_eq!(first.await.expect("joined").expect("read"), Some(1));
        let mut answers = Vec::new();
        for lookup in later {
            answers.push(lookup.await.expect("joined").expect("read"));
        }
        assert_eq!(answers, vec![Some(2), None, Some(2), Some(1)]);
        // Each distinct key once, in the order asked.
        assert_eq!(batches(&seen), vec![vec!["a"], vec!["b", "zz", "a"]]);
    }

    #[tokio::test]
    async fn a_failed_read_fails_its_batch_only() {
        let gate = Arc::new(Semaphore::new(0));
        let (lookups, seen) = table(Arc::clone(&gate));
        let (first, failing) = behind_a_held_read(&lookups, &seen, &["b", "bad"]).await;
        gate.add_permits(1);
        assert_eq!(first.await.expect("joined").expect("read"), Some(1));
        for lookup in failing {
            let error = lookup.await.expect("joined").expect_err("the batch failed");
            assert!(error.to_string().contains("the disk is full"), "{error}");
        }
        assert_eq!(lookups.get("b").await.expect("read"), Some(2));
    }

    #[tokio::test]
    async fn a_read_that_panics_fails_its_batch_and_the_next_lookup_is_read() {
        let (lookups, _) = table(Arc::new(Semaphore::new(1)));
        let error = lookups.get("panic").await.expect_err("the read panicked");
        assert!(
            error.to_string().contains("stopped before answering"),
            "{error}"
        );
        assert_eq!(lookups.get("a").await.expect("read"), Some(1));
    }
}
