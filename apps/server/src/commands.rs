//! The one-shot commands: migrate, create an officer, seed synthetic data, expire drafts.

use std::sync::Arc;

use anyhow::{Context, bail};
use portal_domain::account::{
    AccountSettings, CreateOfficerError, EmailAddress, Language, PersonName,
};
use portal_domain::clock::Clock;
use secrecy::ExposeSecret;
use time::OffsetDateTime;

use crate::config::{Common, SeedArgs, ServeArgs};
use crate::wiring::{
    SystemClock, account_service, application_service, open_database, password_policy, purge_all,
    warn_all,
};

/// `portal migrate`.
pub async fn migrate(common: &Common) -> anyhow::Result<()> {
    open_database(common).await?;
    println!("migrations applied");
    Ok(())
}

/// `portal officer create`: prints the one-time password once.
pub async fn create_officer(
    common: &Common,
    serve: &ServeArgs,
    email: &str,
    given_name: &str,
    surname: &str,
    language: &str,
) -> anyhow::Result<()> {
    let email = EmailAddress::parse(email).context("invalid --email")?;
    let given_name = PersonName::parse(given_name).context("invalid --given-name")?;
    let surname = PersonName::parse(surname).context("invalid --surname")?;
    let language = Language::parse(language).context("invalid --language")?;
    let db = open_database(common).await?;
    let settings = AccountSettings {
        password_policy: password_policy(common)?,
        ..AccountSettings::default()
    };
    let service = account_service(common, serve, &db, settings)?;
    match service
        .create_officer(email.clone(), given_name, surname, language)
        .await
    {
        Ok(password) => {
            println!("Officer account created for {email}.");
            println!("One-time password: {}", password.expose_secret());
            println!("It is shown only now; the officer must change it at first sign-in.");
            Ok(())
        }
        Err(CreateOfficerError::EmailTaken) => {
            bail!("an account with the email {email} already exists")
        }
        Err(e) => Err(e.into()),
    }
}

/// `portal seed`: bulk synthetic data; prints the heavy representative's email.
pub async fn seed(common: &Common, serve: &ServeArgs, args: &SeedArgs) -> anyhow::Result<()> {
    use portal_crypto::Argon2Hasher;
    use portal_domain::secrets::PasswordHasher;
    if args.heavy > args.applications {
        bail!("--heavy cannot exceed --applications");
    }
    let db = open_database(common).await?;
    let hash = Argon2Hasher::recommended()
        .hash(&secrecy::SecretString::from(args.password.clone()))
        .await
        .context("cannot hash the seed password")?;
    let options = portal_persistence::seed::SeedOptions {
        representatives: args.representatives,
        applications: args.applications,
        heavy_representative_applications: args.heavy,
        seed: args.seed,
        password_hash: hash.as_str().to_owned(),
        now: SystemClock.now(),
        draft_lifetime_days: serve.draft_lifetime_days,
        wording: std::sync::Arc::new(portal_http::i18n::FluentWording),
    };
    let started = std::time::Instant::now();
    let mut last = 0;
    let report = portal_persistence::seed::seed(&db, &options, |done, total| {
        let percent = done * 100 / total.max(1);
        if percent >= last + 10 || done == total {
            last = percent;
            eprintln!("seeded {done} of {total} applications ({percent}%)");
        }
    })
    .await
    .context("seeding failed")?;
    println!(
        "Seeded {} representatives and {} applications in {:.1} s.",
        args.representatives,
        args.applications,
        started.elapsed().as_secs_f64()
    );
    println!(
        "Heavy representative: {}",
        report.heavy_representative_email
    );
    Ok(())
}

/// A clock stopped at one instant, for `expire-drafts --today`.
#[derive(Debug)]
struct FixedClock(OffsetDateTime);

impl Clock for FixedClock {
    fn now(&self) -> OffsetDateTime {
        self.0
    }
}

/// `portal expire-drafts`: warns of the drafts near their last day and deletes those past
/// it, once.
pub async fn expire_drafts(
    common: &Common,
    serve: &ServeArgs,
    today: Option<&str>,
) -> anyhow::Result<()> {
    let clock: Arc<dyn Clock> = match today {
        Some(day) => {
            let format = time::macros::format_description!("[year]-[month]-[day]");
            let date = time::Date::parse(day, format).context("--today must be yyyy-mm-dd")?;
            Arc::new(FixedClock(date.midnight().assume_utc()))
        }
        None => Arc::new(SystemClock),
    };
    let db = open_database(common).await?;
    let base_url = serve
        .public_base_url
        .clone()
        .unwrap_or_else(|| format!("http://{}", serve.listen));
    let applications = application_service(serve, &db, clock, &base_url);
    let warned = warn_all(&applications).await?;
    println!("Warned the owners of {warned} drafts near their last day.");
    let deleted = purge_all(&applications).await?;
    println!("Deleted {deleted} expired drafts.");
    Ok(())
}
