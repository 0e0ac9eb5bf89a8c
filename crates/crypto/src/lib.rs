//! Cryptographic adapters of the portal's secret ports: argon2id password and code hashing
//! off the async runtime ([`Argon2Hasher`]), and tokens, codes and identifiers drawn from
//! the operating system's CSPRNG ([`OsSecretGenerator`]).

mod generator;
mod hasher;

pub use generator::OsSecretGenerator;
pub use hasher::{Argon2Hasher, HashParams, HasherConfigError};
