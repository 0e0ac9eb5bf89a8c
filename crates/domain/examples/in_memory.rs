//! A separate program that uses `portal-domain` on its own (F27): it implements every port
//! with small in-memory adapters (storage in `in_memory/adapters.rs`) and walks an account through its life: enrolment, an
//! officer account, approval, sign-in, session checks, a password change and sign-out.
//!
//! ```text
//! cargo run -p portal-domain --example in_memory
//! ```
//!
//! The hasher and the secret generator below are DEMONSTRATION ONLY: they are neither slow
//! nor cryptographic and must never protect real passwords or sessions. The portal itself
//! uses `portal-crypto` (argon2id, an OS random source) and `portal-persistence`.

use std::error::Error;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use async_trait::async_trait;
use portal_domain::account::{
    AccountPorts, AccountService, AccountSettings, AccountStatusKind, ChangePasswordCommand,
    ContactDetails, EmailAddress, EmailUpdates, EnrolCommand, GoverningBody, IrccId, Language,
    MembershipId, PersonName, RepresentativeDetails, TelephoneCountry, TelephoneNumber,
    TelephoneType,
};
use portal_domain::secrets::{
    HashError, PasswordHash, PasswordHasher, ResetCode, SecretGenerator, SessionToken, TokenDigest,
};
use portal_domain::{Clock, IdGenerator};
use secrecy::{ExposeSecret, SecretString};
use time::OffsetDateTime;

use adapters::{InMemoryStore, NoDocuments};

/// Where the example's requests come from.
const CLIENT: std::net::IpAddr = std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST);

#[path = "in_memory/adapters.rs"]
mod adapters;

/// The computer's clock.
#[derive(Debug)]
struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// Time-ordered identifiers (UUID version 7).
#[derive(Debug)]
struct DemoIds;

impl IdGenerator for DemoIds {
    fn new_id(&self) -> uuid::Uuid {
        uuid::Uuid::now_v7()
    }
}

/// A fast, non-cryptographic fingerprint (SipHash with fixed keys). Demo only.
fn fingerprint(salt: u64, text: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    salt.hash(&mut hasher);
    text.hash(&mut hasher);
    hasher.finish()
}

/// DEMO ONLY, NOT A PASSWORD HASH: a fast, guessable fingerprint with a counter as salt.
#[derive(Debug, Default)]
struct DemoOnlyHasher {
    salts: AtomicU64,
}

#[async_trait]
impl PasswordHasher for DemoOnlyHasher {
    async fn hash(&self, secret: &SecretString) -> Result<PasswordHash, HashError> {
        let salt = self.salts.fetch_add(1, Ordering::Relaxed);
        let print = fingerprint(salt, secret.expose_secret());
        Ok(PasswordHash::new(format!("$demo-only${salt}${print:016x}")))
    }

    async fn verify(&self, secret: &SecretString, hash: &PasswordHash) -> Result<bool, HashError> {
        let malformed = || HashError(String::from("not a demo-only hash"));
        let rest = hash
            .as_str()
            .strip_prefix("$demo-only$")
            .ok_or_else(malformed)?;
        let (salt, print) = rest.split_once('$').ok_or_else(malformed)?;
        let salt = salt.parse().map_err(|_| malformed())?;
        Ok(format!("{:016x}", fingerprint(salt, secret.expose_secret())) == print)
    }
}

/// DEMO ONLY, PREDICTABLE: tokens, codes and IDs derived from a counter.
#[derive(Debug, Default)]
struct DemoOnlySecrets {
    counter: AtomicU64,
}

impl DemoOnlySecrets {
    fn next(&self) -> u64 {
        self.counter.fetch_add(1, Ordering::Relaxed) + 1
    }
}

impl SecretGenerator for DemoOnlySecrets {
    fn session_token(&self) -> SessionToken {
        let n = self.next();
        let token = format!("demo-token-{n}-{:016x}", fingerprint(n, "token"));
        SessionToken::new(SecretString::from(token))
    }

    fn digest(&self, token: &SessionToken) -> TokenDigest {
        TokenDigest::new(format!("{:016x}", fingerprint(0, token.expose())))
    }

    fn reset_code(&self) -> ResetCode {
        let digits = format!("{:08}", fingerprint(self.next(), "code") % 100_000_000);
        ResetCode::parse(&digits).unwrap_or_else(|_| unreachable!("eight digits always parse"))
    }

    fn ircc_id(&self) -> IrccId {
        let id = format!("P{:012}", 10_000_000_000 + self.next());
        IrccId::parse(&id).unwrap_or_else(|_| unreachable!("P and 12 digits always parse"))
    }

    fn one_time_password(&self) -> SecretString {
        SecretString::from(format!("Tmp#{:08x}q!Z", fingerprint(self.next(), "otp")))
    }
}

/// Prints the mail queued since the last call, as a delivery worker would send it.
fn deliver_outbox(store: &InMemoryStore) {
    for mail in store.tables().outbox.drain(..) {
        println!("   mail to {}: \"{}\"", mail.to, mail.subject);
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn Error>> {
    let store = Arc::new(InMemoryStore::default());
    let ports = AccountPorts {
        accounts: store.clone(),
        sessions: store.clone(),
        reset_codes: store.clone(),
        throttle: store.clone(),
        email_changes: store.clone(),
        inbox: store.clone(),
        enquiries: store.clone(),
        files: Arc::new(NoDocuments),
        hasher: Arc::new(DemoOnlyHasher::default()),
        secrets: Arc::new(DemoOnlySecrets::default()),
        clock: Arc::new(SystemClock),
        wording: Arc::new(portal_domain::wording::MessageIds),
        ids: Arc::new(DemoIds),
    };
    let settings = AccountSettings {
        public_base_url: "https://portal.example.ca".to_owned(),
        ..AccountSettings::default()
    };
    let service = AccountService::new(ports, settings);

    println!("1. A representative enrols");
    let policy = &service.settings().password_policy;
    println!(
        "   passwords of {} to {} characters",
        policy.min_len(),
        policy.max_len()
    );
    let rep_email = "amina.haddad@example.com";
    let country = TelephoneCountry::CanadaOrUs;
    service
        .enrol(EnrolCommand {
            email: EmailAddress::parse(rep_email)?,
            password: SecretString::from("Maple#Tundra42x"),
            given_name: PersonName::parse("Amina")?,
            surname: PersonName::parse("Haddad")?,
            language: Language::English,
            details: RepresentativeDetails {
                governing_body: GoverningBody::Cicc,
                membership_id: MembershipId::parse("R512345")?,
                contact: ContactDetails {
                    telephone_type: TelephoneType::Cellular,
                    telephone_country: country,
                    telephone_number: TelephoneNumber::parse("5143334545", country)?,
                    fax: None,
                    email_updates: EmailUpdates::Yes,
                },
                mailing_address: None,
                standing: portal_domain::account::Standing::Good,
            },
        })
        .await?;
    deliver_outbox(&store);

    println!("2. An officer account is created with a one-time password");
    let officer_email = EmailAddress::parse("olivia.tremblay@ircc.example.ca")?;
    let one_time = service
        .create_officer(
            officer_email.clone(),
            PersonName::parse("Olivia")?,
            PersonName::parse("Tremblay")?,
            Language::English,
        )
        .await?;
    let officer_signed_in = service
        .sign_in(officer_email.as_str(), &one_time, CLIENT)
        .await?;
    let officer = officer_signed_in.account.clone();
    println!(
        "   {} signed in; must change the password first: {}",
        officer.display_name(),
        officer.must_change_password
    );
    let officer_session = service
        .authenticate(&officer_signed_in.token)
        .await?
        .session;
    let officer = service
        .change_password(
            &officer_session,
            CLIENT,
            ChangePasswordCommand {
                current_password: one_time,
                new_password: SecretString::from("Cedar!Harbour87q"),
                confirmation: SecretString::from("Cedar!Harbour87q"),
            },
        )
        .await?
        .account;
    deliver_outbox(&store);

    println!("3. The officer approves the pending enrolment");
    let pending = service
        .list_accounts(&officer, AccountStatusKind::Pending, 10)
        .await?;
    for account in &pending {
        let approved = service.approve_enrolment(&officer, account.id).await?;
        let id = approved.ircc_id.as_ref().map_or("-", IrccId::as_str);
        println!(
            "   {} approved, Representative IRCC ID {id}",
            approved.display_name()
        );
    }
    deliver_outbox(&store);

    println!("4. The representative signs in");
    let wrong = service
        .sign_in(rep_email, &SecretString::from("Wrong#Guess99x"), CLIENT)
        .await;
    if let Err(e) = wrong {
        println!("   with a wrong password: {e}");
    }
    let signed_in = service
        .sign_in(rep_email, &SecretString::from("Maple#Tundra42x"), CLIENT)
        .await?;
    println!("   Signed in as {}", signed_in.account.display_name());

    println!("5. A later request presents the session token");
    let authenticated = service.authenticate(&signed_in.token).await?;
    println!(
        "   authenticated; may start applications: {}",
        authenticated.account.can_start_applications()
    );

    println!("6. The representative changes the password");
    let fresh = service
        .change_password(
            &authenticated.session,
            CLIENT,
            ChangePasswordCommand {
                current_password: SecretString::from("Maple#Tundra42x"),
                new_password: SecretString::from("Birch&Glacier53w"),
                confirmation: SecretString::from("Birch&Glacier53w"),
            },
        )
        .await?;
    deliver_outbox(&store);
    match service.authenticate(&signed_in.token).await {
        Ok(_) => println!("   the old session still works (unexpected)"),
        Err(e) => println!("   the old session has ended: {e}"),
    }
    service.authenticate(&fresh.token).await?;
    println!("   the fresh session works");

    println!("7. The representative signs out");
    service.sign_out(&fresh.token).await?;
    match service.authenticate(&fresh.token).await {
        Ok(_) => println!("   still signed in (unexpected)"),
        Err(e) => println!("   after sign-out: {e}"),
    }

    let tables = store.tables();
    println!("Inbox messages:");
    for message in &tables.inbox {
        println!("   \"{}\"", message.subject);
    }
    let trail: Vec<&str> = tables.audit.iter().map(|e| e.action.as_str()).collect();
    println!("Audit trail: {}", trail.join(", "));
    Ok(())
}
