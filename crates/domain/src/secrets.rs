//! Secrets and the ports that make and check them: session tokens, reset codes, password
//! hashes. Secrets are `secrecy` types from the moment they exist and never reach a log.

use std::fmt;

use async_trait::async_trait;
use secrecy::{ExposeSecret, SecretString};

use crate::account::IrccId;

/// A session token as handed to the client: 256 random bits, encoded. Only its digest is
/// stored.
#[derive(Clone)]
pub struct SessionToken(SecretString);

impl SessionToken {
    /// Wraps a token received from a client or made by a [`SecretGenerator`].
    pub fn new(token: SecretString) -> Self {
        Self(token)
    }

    /// The token text, for the response that hands it out and for hashing.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionToken([redacted])")
    }
}

/// The stored form of a session token: a one-way digest, safe to index and compare.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TokenDigest(String);

impl TokenDigest {
    /// Wraps a digest computed by a [`SecretGenerator`] or read from storage.
    pub fn new(digest: impl Into<String>) -> Self {
        Self(digest.into())
    }

    /// The digest text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A one-time password reset code: eight decimal digits.
#[derive(Clone)]
pub struct ResetCode(SecretString);

/// A reset code that is not eight digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the verification code must be 8 digits")]
pub struct ResetCodeError;

impl ResetCode {
    /// Parses a code as typed by a user (surrounding spaces ignored).
    pub fn parse(raw: &str) -> Result<Self, ResetCodeError> {
        let trimmed = raw.trim();
        if trimmed.len() == 8 && trimmed.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Self(SecretString::from(trimmed.to_owned())))
        } else {
            Err(ResetCodeError)
        }
    }

    /// The code, for the email that carries it and for hashing.
    pub fn expose(&self) -> &SecretString {
        &self.0
    }
}

impl fmt::Debug for ResetCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ResetCode([redacted])")
    }
}

/// A password or code hash in PHC string format (argon2id in production).
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordHash(String);

impl PasswordHash {
    /// Wraps a PHC string produced by a [`PasswordHasher`] or read from storage.
    pub fn new(phc: impl Into<String>) -> Self {
        Self(phc.into())
    }

    /// The PHC string, for storage.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PasswordHash([redacted])")
    }
}

/// Hashing failed (a malformed stored hash, or the hashing pool is gone).
#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(pub String);

/// Slow, salted hashing of passwords and one-time codes.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait PasswordHasher: Send + Sync {
    /// Hashes a secret with a fresh salt. MUST NOT block the caller's async runtime.
    async fn hash(&self, secret: &SecretString) -> Result<PasswordHash, HashError>;

    /// Whether `secret` matches `hash`. Returns `Ok(false)` for a mismatch and
    /// `Err` only when the hash cannot be read or hashing is unavailable.
    async fn verify(&self, secret: &SecretString, hash: &PasswordHash) -> Result<bool, HashError>;
}

/// Randomness the domain needs, from a cryptographically secure source.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait SecretGenerator: Send + Sync {
    /// A fresh session token of 256 random bits.
    fn session_token(&self) -> SessionToken;

    /// The digest under which a session token is stored and looked up.
    fn digest(&self, token: &SessionToken) -> TokenDigest;

    /// A fresh 8-digit reset code, uniformly distributed.
    fn reset_code(&self) -> ResetCode;

    /// A random Representative IRCC ID candidate (`P` + 12 digits).
    fn ircc_id(&self) -> IrccId;

    /// A random one-time password that satisfies any reasonable policy.
    fn one_time_password(&self) -> SecretString;
}
