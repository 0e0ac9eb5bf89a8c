//! Representative Portal domain: the accounts of representatives and officers, the password
//! policy, the use cases that change them, and the ports (traits) through which those use
//! cases reach storage, mail, hashing, randomness and time.
//!
//! The crate does no I/O and names no framework. Another Rust service can use it on its
//! own by implementing the ports; `examples/in_memory.rs` shows a complete program that
//! does so with in-memory adapters of its own (storage in `examples/in_memory/adapters.rs`,
//! a system clock, and a hasher and generator labelled demonstration-only) and walks an
//! account from enrolment to sign-out:
//!
//! ```text
//! cargo run -p portal-domain --example in_memory
//! ```
//!
//! With the `mocks` feature every port also has a `mockall` mock (`MockClock`,
//! `MockAccountRepository`, ...) for unit tests of code built on top of this crate.

pub mod account;
pub mod application;
pub mod audit;
pub mod casework;
pub mod clock;
pub mod effects;
pub mod enquiry;
pub mod error;
pub mod ids;
pub mod mail;
pub mod paging;
pub mod secrets;
pub mod text;
pub mod wording;

pub use clock::Clock;
pub use error::RepositoryError;
pub use ids::IdGenerator;
