//! Cryptographic adapters of the portal's secret ports: argon2id password and code hashing
//! off the async runtime ([`Argon2Hasher`]), and tokens, codes and identifiers drawn from
//! the operating system's CSPRNG ([`OsSecretGenerator`]), and new time-ordered
//! identifiers ([`TimeOrderedIds`]).

mod generator;
mod hasher;
mod ids;

pub use generator::OsSecretGenerator;
pub use hasher::{Argon2Hasher, HashParams, HasherConfigError};
pub use ids::TimeOrderedIds;
