//! Session tokens, their digests, reset codes, Representative IRCC IDs and one-time
//! passwords, all drawn from the operating system's CSPRNG.

use std::fmt::Write as _;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use portal_domain::account::IrccId;
use portal_domain::secrets::{ResetCode, SecretGenerator, SessionToken, TokenDigest};
use rand::rngs::OsRng;
use rand::seq::SliceRandom as _;
use rand::{Rng as _, RngCore as _, TryRngCore as _};
use secrecy::SecretString;
use secrecy::zeroize::Zeroize as _;
use sha2::{Digest as _, Sha256};

/// Bytes of randomness in a session token (256 bits).
const TOKEN_BYTES: usize = 32;

/// Length of a one-time password: the longest the guide's policy (8 to 16) allows.
const ONE_TIME_PASSWORD_LEN: usize = 16;

/// Character classes of a one-time password. Look-alikes (`I`, `O`, `l`, `0`, `1`) are left
/// out because the password is read off a screen; the specials avoid quotes, spaces and
/// markup characters.
const UPPER: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
const LOWER: &[u8] = b"abcdefghijkmnopqrstuvwxyz";
const DIGITS: &[u8] = b"23456789";
const SPECIAL: &[u8] = b"!#$%*+-=?@^_";

/// The [`SecretGenerator`] of the portal, reading the OS random source (`getrandom`) on
/// every call. It panics only if the operating system cannot supply randomness, in which
/// case no secret could be made safely anyway.
#[derive(Debug, Clone, Copy, Default)]
pub struct OsSecretGenerator;

impl OsSecretGenerator {
    /// A generator over the OS random source.
    pub fn new() -> Self {
        Self
    }
}

/// A uniformly random number below `bound`, formatted with `width` digits.
fn digits(bound: u64, width: usize) -> String {
    let n = OsRng.unwrap_err().random_range(0..bound);
    format!("{n:0width$}")
}

impl SecretGenerator for OsSecretGenerator {
    fn session_token(&self) -> SessionToken {
        let mut bytes = [0u8; TOKEN_BYTES];
        OsRng.unwrap_err().fill_bytes(&mut bytes);
        let token = URL_SAFE_NO_PAD.encode(bytes);
        bytes.zeroize();
        SessionToken::new(SecretString::from(token))
    }

    /// Lowercase hex of SHA-256 over the token text. The token has 256 bits of entropy,
    /// so a fast unsalted digest is enough: it cannot be reversed or guessed.
    fn digest(&self, token: &SessionToken) -> TokenDigest {
        let sum = Sha256::digest(token.expose().as_bytes());
        let mut hex = String::with_capacity(sum.len() * 2);
        for byte in sum {
            let _ = write!(hex, "{byte:02x}");
        }
        TokenDigest::new(hex)
    }

    fn reset_code(&self) -> ResetCode {
        let mut code = digits(100_000_000, 8);
        let parsed = ResetCode::parse(&code);
        code.zeroize();
        match parsed {
            Ok(code) => code,
            Err(_) => unreachable!("eight decimal digits are always a reset code"),
        }
    }

    fn ircc_id(&self) -> IrccId {
        match IrccId::parse(&format!("P{}", digits(1_000_000_000_000, 12))) {
            Ok(id) => id,
            Err(_) => unreachable!("P and twelve digits are always an IRCC ID"),
        }
    }

    /// Sixteen characters with at least one of each class (upper, lower, digit, special),
    /// the rest from all classes, shuffled: about 98 bits of entropy.
    fn one_time_password(&self) -> SecretString {
        let mut rng = OsRng.unwrap_err();
        let all: Vec<u8> = [UPPER, LOWER, DIGITS, SPECIAL].concat();
        let mut chars: Vec<u8> = [UPPER, LOWER, DIGITS, SPECIAL]
            .iter()
            .map(|class| class[rng.random_range(0..class.len())])
            .collect();
        while chars.len() < ONE_TIME_PASSWORD_LEN {
            chars.push(all[rng.random_range(0..all.len())]);
        }
        chars.shuffle(&mut rng);
        let password: String = chars.iter().copied().map(char::from).collect();
        chars.zeroize();
        SecretString::from(password)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use std::collections::HashSet;

    use portal_domain::account::{PasswordContext, PasswordPolicy};
    use secrecy::ExposeSecret;

    use super::*;

    const DRAWS: usize = 2_000;

    #[test]
    fn session_tokens_are_43_url_safe_characters_and_never_repeat() {
        let generator = OsSecretGenerator::new();
        let mut seen = HashSet::new();
        for _ in 0..DRAWS {
            let token = generator.session_token();
            let text = token.expose();
            assert_eq!(text.len(), 43);
            assert!(
                text.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            );
            assert_eq!(URL_SAFE_NO_PAD.decode(text).unwrap().len(), TOKEN_BYTES);
            assert!(seen.insert(text.to_owned()));
        }
    }

    #[test]
    fn a_digest_is_stable_for_a_token_and_differs_between_tokens() {
        let generator = OsSecretGenerator::new();
        let token = generator.session_token();
        let again = SessionToken::new(SecretString::from(token.expose().to_owned()));
        let digest = generator.digest(&token);
        assert_eq!(digest, generator.digest(&again));
        assert_eq!(digest.as_str().len(), 64);
        assert!(
            digest
                .as_str()
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        );
        assert_ne!(digest, generator.digest(&generator.session_token()));
        // A known vector, so a stored digest stays valid across releases.
        let abc = SessionToken::new(SecretString::from("abc".to_owned()));
        assert_eq!(
            generator.digest(&abc).as_str(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn reset_codes_are_eight_digits_and_rarely_repeat() {
        let generator = OsSecretGenerator::new();
        let codes: Vec<String> = (0..DRAWS)
            .map(|_| generator.reset_code().expose().expose_secret().to_owned())
            .collect();
        assert!(
            codes
                .iter()
                .all(|c| c.len() == 8 && c.bytes().all(|b| b.is_ascii_digit()))
        );
        // 2,000 draws from 10^8 collide with probability about 2%; more than a couple of
        // repeats would mean the codes are not uniform.
        let distinct: HashSet<_> = codes.iter().collect();
        assert!(distinct.len() >= DRAWS - 2);
        // Leading zeros are kept: about 10% of codes start with 0.
        assert!(codes.iter().any(|c| c.starts_with('0')));
    }

    #[test]
    fn ircc_ids_are_p_and_twelve_digits_and_never_repeat() {
        let generator = OsSecretGenerator::new();
        let mut seen = HashSet::new();
        for _ in 0..DRAWS {
            let id = generator.ircc_id();
            let text = id.as_str();
            assert_eq!(text.len(), 13);
            assert!(text.starts_with('P'));
            assert!(text[1..].bytes().all(|b| b.is_ascii_digit()));
            assert!(seen.insert(text.to_owned()));
        }
    }

    #[test]
    fn one_time_passwords_pass_the_default_policy_and_never_repeat() {
        let generator = OsSecretGenerator::new();
        let policy = PasswordPolicy::default();
        let mut seen = HashSet::new();
        for _ in 0..200 {
            let password = generator.one_time_password();
            assert_eq!(password.expose_secret().chars().count(), 16);
            let failed = policy.check(&password, PasswordContext::default());
            assert!(failed.is_empty(), "failed rules: {failed:?}");
            assert!(seen.insert(password.expose_secret().to_owned()));
        }
    }
}
