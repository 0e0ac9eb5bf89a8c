//! Fixtures for the account use case tests: an [`AccountService`] built from mocks of every
//! port with a fixed clock, sample accounts in each role and status, and deterministic fakes
//! for hashing, tokens and codes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::{IpAddr, Ipv4Addr};
use std::sync::{Arc, Mutex};

use secrecy::{ExposeSecret, SecretString};
use time::{Duration, OffsetDateTime, macros::datetime};

use super::inbox::MockInboxStore;
use super::model::{
    Account, AccountId, AccountStatus, ContactDetails, RepresentativeDetails, Role, Session,
    StoredResetCode,
};
use super::password_policy::PasswordFeedback;
use super::ports::{
    AttemptCount, MockAccountRepository, MockEmailChangeStore, MockResetCodeStore,
    MockSessionStore, MockThrottleStore, SideEffects, ThrottleKey,
};
use super::service::{AccountPorts, AccountService};
use super::settings::{AccountSettings, ThrottlePolicy};
use super::values::{
    EmailAddress, EmailUpdates, GoverningBody, IrccId, Language, MembershipId, PersonName,
    TelephoneCountry, TelephoneNumber, TelephoneType,
};
use crate::application::MockDocumentStore;
use crate::clock::MockClock;
use crate::enquiry::MockEnquiryRepository;
use crate::secrets::{
    MockPasswordHasher, MockSecretGenerator, PasswordHash, ResetCode, SessionToken, TokenDigest,
};

/// The instant the fixed clock shows unless a test moves it.
pub(crate) const NOW: OffsetDateTime = datetime!(2025-03-10 14:00 UTC);

/// The sample representative's email.
pub(crate) const REP_EMAIL: &str = "john.doe@cicc.com";

/// The sample accounts' current password (meets the default policy).
pub(crate) const PASSWORD: &str = "Maple#Tundra42x";

/// Another password that meets the default policy.
pub(crate) const NEW_PASSWORD: &str = "Cedar!Harbour87q";

/// The client address requests come from unless a test says otherwise.
pub(crate) const CLIENT: IpAddr = IpAddr::V4(Ipv4Addr::new(203, 0, 113, 7));

/// A mock of every port, and the settings and time the service will use.
pub(crate) struct Mocks {
    pub accounts: MockAccountRepository,
    pub sessions: MockSessionStore,
    pub reset_codes: MockResetCodeStore,
    pub throttle: MockThrottleStore,
    pub email_changes: MockEmailChangeStore,
    pub inbox: MockInboxStore,
    pub enquiries: MockEnquiryRepository,
    pub files: MockDocumentStore,
    pub hasher: MockPasswordHasher,
    pub secrets: MockSecretGenerator,
    /// What the clock answers, every time it is asked.
    pub now: OffsetDateTime,
    pub settings: AccountSettings,
}

impl Mocks {
    /// Mocks without expectations: any port call a test did not expect fails the test.
    pub fn new() -> Self {
        Self {
            accounts: MockAccountRepository::new(),
            sessions: MockSessionStore::new(),
            reset_codes: MockResetCodeStore::new(),
            throttle: MockThrottleStore::new(),
            email_changes: MockEmailChangeStore::new(),
            inbox: MockInboxStore::new(),
            enquiries: MockEnquiryRepository::new(),
            files: MockDocumentStore::new(),
            hasher: MockPasswordHasher::new(),
            secrets: MockSecretGenerator::new(),
            now: NOW,
            settings: AccountSettings::default(),
        }
    }

    /// The service over these mocks, with a clock fixed at `self.now`.
    pub fn service(self) -> AccountService {
        let mut clock = MockClock::new();
        clock.expect_now().return_const(self.now);
        let ports = AccountPorts {
            accounts: Arc::new(self.accounts),
            sessions: Arc::new(self.sessions),
            reset_codes: Arc::new(self.reset_codes),
            throttle: Arc::new(self.throttle),
            email_changes: Arc::new(self.email_changes),
            inbox: Arc::new(self.inbox),
            enquiries: Arc::new(self.enquiries),
            files: Arc::new(self.files),
            hasher: Arc::new(self.hasher),
            secrets: Arc::new(self.secrets),
            clock: Arc::new(clock),
            wording: Arc::new(crate::wording::MessageIds),
            ids: Arc::new(crate::ids::CountingIds::default()),
        };
        AccountService::new(ports, self.settings)
    }

    /// Expects exactly `times` hashes, answered by [`fake_hash`].
    pub fn expect_hash(&mut self, times: usize) {
        self.hasher
            .expect_hash()
            .times(times)
            .returning(|s| Ok(fake_hash(s.expose_secret())));
    }

    /// Expects exactly `times` verifications, answered consistently with [`fake_hash`].
    pub fn expect_verify(&mut self, times: usize) {
        self.hasher
            .expect_verify()
            .times(times)
            .returning(|s, h| Ok(*h == fake_hash(s.expose_secret())));
    }

    /// Token digests are answered by [`digest_of`], as often as asked.
    pub fn expect_digests(&mut self) {
        self.secrets
            .expect_digest()
            .returning(|t| digest_of(t.expose()));
    }

    /// Expects one new session token, `token`, and answers its digest.
    pub fn expect_new_token(&mut self, token: &'static str) {
        self.secrets
            .expect_session_token()
            .times(1)
            .returning(move || SessionToken::new(secret(token)));
        self.expect_digests();
    }

    /// `find_by_id` answers `account` for its id, as often as asked.
    pub fn expect_find_by_id(&mut self, account: &Account) {
        let account = account.clone();
        self.accounts
            .expect_find_by_id()
            .withf({
                let id = account.id;
                move |asked| *asked == id
            })
            .returning(move |_| Ok(Some(account.clone())));
    }

    /// Expects exactly one `update`, which succeeds; the returned recorder holds the saved
    /// account and its side effects.
    pub fn expect_one_update(&mut self) -> Recorder<(Account, SideEffects)> {
        let updated = Recorder::new();
        self.accounts.expect_update().times(1).returning({
            let updated = updated.clone();
            move |account, effects| {
                updated.push((account.clone(), effects.clone()));
                Ok(())
            }
        });
        updated
    }

    /// Expects one attempt on `email` (normalised) from [`CLIENT`]: counted from the address,
    /// answered `from_address`, then, unless that refused it, for every address, answered
    /// `every_address`. The recorder holds each key counted with the policy it was given.
    pub fn expect_attempt(
        &mut self,
        email: &'static str,
        from_address: AttemptCount,
        every_address: AttemptCount,
    ) -> Recorder<(ThrottleKey, ThrottlePolicy)> {
        let seen = Recorder::new();
        let address_key = ThrottleKey::for_email(email).from_address(CLIENT);
        self.throttle
            .expect_count_attempt()
            .withf(move |key, _, _| *key == address_key)
            .times(1)
            .returning({
                let seen = seen.clone();
                move |key, _, policy| {
                    seen.push((key.clone(), policy.clone()));
                    Ok(from_address)
                }
            });
        let every_key = ThrottleKey::for_email(email);
        let times = usize::from(matches!(from_address, AttemptCount::Counted(_)));
        self.throttle
            .expect_count_attempt()
            .withf(move |key, _, _| *key == every_key)
            .times(times)
            .returning({
                let seen = seen.clone();
                move |key, _, policy| {
                    seen.push((key.clone(), policy.clone()));
                    Ok(every_address)
                }
            });
        seen
    }

    /// Expects the attempt on `email` from [`CLIENT`] to be taken back: the address's count
    /// cleared, one failure refunded for every address.
    pub fn expect_attempt_taken_back(&mut self, email: &'static str) {
        self.throttle
            .expect_clear()
            .withf(move |key| *key == ThrottleKey::for_email(email).from_address(CLIENT))
            .times(1)
            .returning(|_| Ok(()));
        self.throttle
            .expect_refund()
            .withf(move |key| *key == ThrottleKey::for_email(email))
            .times(1)
            .returning(|_| Ok(()));
    }

    /// Expects no attempt to be taken back.
    pub fn expect_attempt_kept(&mut self) {
        self.throttle.expect_clear().never();
        self.throttle.expect_refund().never();
    }

    /// `find_by_email` answers `account` for any email, as often as asked.
    pub fn expect_find_by_email(&mut self, account: Option<Account>) {
        self.accounts
            .expect_find_by_email()
            .returning(move |_| Ok(account.clone()));
    }
}

/// Calls a mock saw, kept for assertions after the use case returns.
pub(crate) struct Recorder<T>(Arc<Mutex<Vec<T>>>);

impl<T> Clone for Recorder<T> {
    fn clone(&self) -> Self {
        Self(Arc::clone(&self.0))
    }
}

impl<T: Clone> Recorder<T> {
    pub fn new() -> Self {
        Self(Arc::new(Mutex::new(Vec::new())))
    }

    pub fn push(&self, value: T) {
        self.0.lock().unwrap().push(value);
    }

    /// Every value recorded, in order.
    pub fn all(&self) -> Vec<T> {
        self.0.lock().unwrap().clone()
    }

    /// The one value recorded; fails the test if there were none or several.
    pub fn only(&self) -> T {
        let values = self.0.lock().unwrap();
        assert_eq!(values.len(), 1, "expected exactly one recorded call");
        values[0].clone()
    }
}

/// The fake hasher's output: recognisable, and checked by [`Mocks::expect_verify`].
pub(crate) fn fake_hash(secret: &str) -> PasswordHash {
    PasswordHash::new(format!("fake-hash:{secret}"))
}

/// The fake digest of a session token.
pub(crate) fn digest_of(token: &str) -> TokenDigest {
    TokenDigest::new(format!("digest:{token}"))
}

pub(crate) fn secret(value: &str) -> SecretString {
    SecretString::from(value.to_owned())
}

pub(crate) fn email(value: &str) -> EmailAddress {
    EmailAddress::parse(value).unwrap()
}

pub(crate) fn name(value: &str) -> PersonName {
    PersonName::parse(value).unwrap()
}

pub(crate) fn ircc_id(value: &str) -> IrccId {
    IrccId::parse(value).unwrap()
}

pub(crate) fn reset_code(value: &str) -> ResetCode {
    ResetCode::parse(value).unwrap()
}

/// The stable codes of password feedback, for compact assertions.
pub(crate) fn codes(feedback: &[PasswordFeedback]) -> Vec<&'static str> {
    feedback.iter().map(PasswordFeedback::code).collect()
}

pub(crate) fn contact() -> ContactDetails {
    ContactDetails {
        telephone_type: TelephoneType::Cellular,
        telephone_country: TelephoneCountry::CanadaOrUs,
        telephone_number: TelephoneNumber::parse("5143334545", TelephoneCountry::CanadaOrUs)
            .unwrap(),
        fax: None,
        email_updates: EmailUpdates::Yes,
    }
}

pub(crate) fn representative_details() -> RepresentativeDetails {
    RepresentativeDetails {
        governing_body: GoverningBody::Cicc,
        membership_id: MembershipId::parse("R512345").unwrap(),
        contact: contact(),
        mailing_address: None,
        standing: crate::account::Standing::Good,
    }
}

/// John Doe, a representative in `status`, English, password [`PASSWORD`], version 3.
pub(crate) fn representative(status: AccountStatus) -> Account {
    let created_at = NOW - Duration::days(30);
    Account {
        id: AccountId::from_uuid(uuid::Uuid::now_v7()),
        role: Role::Representative,
        email: email(REP_EMAIL),
        given_name: name("John"),
        surname: name("Doe"),
        language: Language::English,
        representative: Some(representative_details()),
        ircc_id: matches!(
            status,
            AccountStatus::Approved | AccountStatus::ClosureRequested | AccountStatus::Closed
        )
        .then(|| ircc_id("P010001243312")),
        password_hash: fake_hash(PASSWORD),
        must_change_password: false,
        status,
        created_at,
        updated_at: created_at,
        version: 3,
    }
}

pub(crate) fn pending_representative() -> Account {
    representative(AccountStatus::Pending)
}

pub(crate) fn approved_representative() -> Account {
    representative(AccountStatus::Approved)
}

/// Olivia Tremblay, an approved officer, password [`PASSWORD`].
pub(crate) fn officer() -> Account {
    let created_at = NOW - Duration::days(300);
    Account {
        id: AccountId::from_uuid(uuid::Uuid::now_v7()),
        role: Role::Officer,
        email: email("olivia.tremblay@ircc.example.ca"),
        given_name: name("Olivia"),
        surname: name("Tremblay"),
        language: Language::English,
        representative: None,
        ircc_id: None,
        password_hash: fake_hash(PASSWORD),
        must_change_password: false,
        status: AccountStatus::Approved,
        created_at,
        updated_at: created_at,
        version: 1,
    }
}

/// A session of `account` that began `age` ago and was last used `idle` ago.
pub(crate) fn session(account: &Account, token: &str, age: Duration, idle: Duration) -> Session {
    Session {
        digest: digest_of(token),
        account_id: account.id,
        created_at: NOW - age,
        last_seen_at: NOW - idle,
    }
}

/// A stored reset code of `account` for `code`, expiring at `expires_at`.
pub(crate) fn stored_code(
    account: &Account,
    code: &str,
    expires_at: OffsetDateTime,
    failed_attempts: u32,
) -> StoredResetCode {
    StoredResetCode {
        account_id: account.id,
        code_hash: fake_hash(code),
        expires_at,
        failed_attempts,
    }
}
