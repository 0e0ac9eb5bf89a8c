//! `portal demo`: fills an empty database with the guide's own examples, through the same
//! use cases a user's requests go through, so that a newcomer can look around at once.

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;

use anyhow::{Context, bail};
use portal_domain::account::{
    AccountSettings, ChangePasswordCommand, ContactDetails, EmailAddress, EmailUpdates,
    EnrolCommand, FaxNumber, GoverningBody, Language, MembershipId, PersonName,
    RepresentativeDetails, Standing, TelephoneCountry, TelephoneNumber, TelephoneType,
};
use portal_domain::application::{
    Applicant, Application, ApplicationKind, ApplicationService, ApplicationType, ClaimOrigin,
    StartCommand, checklist,
};
use portal_domain::casework::CaseAction;
use portal_domain::clock::Clock;
use secrecy::SecretString;
use time::Duration;

use crate::config::{Common, ServeArgs};
use crate::wiring::{
    SystemClock, account_service, application_service, casework_service, open_database,
    password_policy,
};

/// The officer's email and password.
const OFFICER: (&str, &str) = ("officer@demo.example", "Cedar#Harbour26");
/// The representative's email and password.
const REPRESENTATIVE: (&str, &str) = ("john.doe@demo.example", "Birch#Meadow2026");
/// A small PDF, for the documents of the examples.
const PDF: &[u8] = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n";
/// Where the demo's requests come from.
const LOCAL: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

fn name(raw: &str) -> anyhow::Result<PersonName> {
    PersonName::parse(raw).context("a demo name")
}

/// `portal demo`.
pub async fn demo(common: &Common, serve: &ServeArgs) -> anyhow::Result<()> {
    let db = open_database(common).await?;
    let settings = AccountSettings {
        password_policy: password_policy(common)?,
        ..AccountSettings::default()
    };
    let accounts = account_service(common, serve, &db, settings)?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let base_url = serve
        .public_base_url
        .clone()
        .unwrap_or_else(|| format!("http://{}", serve.listen));
    let applications = application_service(serve, &db, clock.clone(), &base_url);
    let casework = casework_service(&db, clock.clone(), &base_url);

    // The officer, with the one-time password replaced as a first sign-in requires.
    let officer_email = EmailAddress::parse(OFFICER.0).context("the demo officer's email")?;
    let one_time = match accounts
        .create_officer(
            officer_email,
            name("Olivia")?,
            name("Officer")?,
            Language::English,
        )
        .await
    {
        Ok(password) => password,
        Err(portal_domain::account::CreateOfficerError::EmailTaken) => {
            bail!("this database already holds the demo; `portal demo` fills an empty one")
        }
        Err(e) => return Err(e.into()),
    };
    let first = accounts
        .sign_in(OFFICER.0, &one_time, LOCAL)
        .await
        .context("the demo officer's first sign-in")?;
    let officer = accounts
        .change_password(
            &first.session,
            LOCAL,
            ChangePasswordCommand {
                current_password: one_time,
                new_password: SecretString::from(OFFICER.1),
                confirmation: SecretString::from(OFFICER.1),
            },
        )
        .await
        .context("the demo officer's password")?
        .account;

    // John Doe enrols (the first account message) and is approved (the second).
    accounts
        .enrol(EnrolCommand {
            email: EmailAddress::parse(REPRESENTATIVE.0).context("the demo email")?,
            password: SecretString::from(REPRESENTATIVE.1),
            given_name: name("John")?,
            surname: name("Doe")?,
            language: Language::English,
            details: RepresentativeDetails {
                governing_body: GoverningBody::Cicc,
                membership_id: MembershipId::parse("R705213").context("a membership ID")?,
                contact: ContactDetails {
                    telephone_type: TelephoneType::Cellular,
                    telephone_country: TelephoneCountry::CanadaOrUs,
                    telephone_number: TelephoneNumber::parse(
                        "5143334545",
                        TelephoneCountry::CanadaOrUs,
                    )
                    .context("a telephone number")?,
                    fax: Some(FaxNumber::parse("(514) 333-4546").context("a fax number")?),
                    email_updates: EmailUpdates::Yes,
                },
                mailing_address: None,
                standing: Standing::Good,
            },
        })
        .await
        .context("the demo enrolment")?;
    let pending = accounts
        .list_accounts(
            &officer,
            portal_domain::account::AccountStatusKind::Pending,
            10,
        )
        .await
        .context("the enrolment queue")?;
    let john = pending
        .into_iter()
        .find(|a| a.email.as_str() == REPRESENTATIVE.0)
        .context("the demo enrolment is in the queue")?;
    let john = accounts
        .approve_enrolment(&officer, john.id)
        .await
        .context("the demo approval")?;

    // The guide's refugee claims: John Incredible alone, Helen and Alice as one group.
    let mut submitted = Vec::new();
    for (principal, members) in [
        (("John", "Incredible"), vec![]),
        (("Helen", "Incredible"), vec![("Alice", "Incredible")]),
    ] {
        let command = start_command(principal, &members)?;
        let group = applications
            .start(&john, command)
            .await
            .context("a demo application")?;
        for application in &group {
            complete(&applications, application).await?;
        }
        let principal_id = group.first().context("a started group")?.id;
        submitted.extend(
            applications
                .submit(&john, principal_id)
                .await
                .context("a demo submission")?,
        );
    }

    // The department receives them and asks Helen's group for a document: two applications
    // with a request that asks for action.
    let today = clock.now().date();
    for (i, application) in submitted.iter().enumerate() {
        let uci = format!("{:04}-{:04}", 1000 + i, 5678);
        casework
            .act(
                &officer,
                application.id,
                CaseAction::Receive {
                    received_on: today,
                    uci: portal_domain::application::Uci::parse(&uci).context("a UCI")?,
                },
            )
            .await
            .context("a demo receipt")?;
        if application.applicant_name != "John Incredible" {
            casework
                .act(
                    &officer,
                    application.id,
                    CaseAction::RequestDocuments {
                        description: "A copy of the police report mentioned in the claim."
                            .to_owned(),
                        due_on: today + Duration::days(30),
                    },
                )
                .await
                .context("a demo request for documents")?;
        }
    }

    println!("Demo data created. Start the server and open it in a browser:");
    println!("  cargo run -p portal-server --bin portal");
    println!(
        "Representative: {} / {}",
        REPRESENTATIVE.0, REPRESENTATIVE.1
    );
    println!("Officer:        {} / {}", OFFICER.0, OFFICER.1);
    Ok(())
}

/// A new refugee claim made in Canada for `principal` and `members`.
fn start_command(
    principal: (&str, &str),
    members: &[(&str, &str)],
) -> anyhow::Result<StartCommand> {
    let applicant = |(given, family): (&str, &str)| -> anyhow::Result<Applicant> {
        Ok(Applicant {
            given_name: name(given)?,
            family_name: name(family)?,
        })
    };
    Ok(StartCommand {
        kind: ApplicationKind::RefugeeClaim {
            origin: ClaimOrigin::NewInCanada,
        },
        acknowledged: true,
        principal: applicant(principal)?,
        family_members: members
            .iter()
            .map(|m| applicant(*m))
            .collect::<anyhow::Result<_>>()?,
    })
}

/// Answers every question and uploads every required document of a refugee claim.
async fn complete(
    applications: &ApplicationService,
    application: &Application,
) -> anyhow::Result<()> {
    let owner = application.representative_id;
    let sections: [(&str, &[(&str, &str)]); 5] = [
        (
            "identity",
            &[
                ("date_of_birth", "1985-04-12"),
                ("sex", "female"),
                ("country_of_birth", "France"),
                ("citizenship", "France"),
                ("marital_status", "married"),
            ],
        ),
        ("family", &[("relationship", "dependent_child")]),
        (
            "contact",
            &[
                ("address", "12 rue des Lilas"),
                ("city", "Lyon"),
                ("country", "France"),
                ("telephone", "33472000000"),
            ],
        ),
        (
            "passport",
            &[
                ("number", "18AB12345"),
                ("issuing_country", "France"),
                ("issue_date", "2020-02-01"),
                ("expiry_date", "2031-02-01"),
            ],
        ),
        (
            "claim",
            &[
                ("arrival_in_canada", "2024-03-02"),
                ("fear_of_return", "yes"),
                ("summary", "Persecution for political opinion."),
            ],
        ),
    ];
    let family_member = application.role == portal_domain::application::GroupRole::FamilyMember;
    for (section, answers) in sections {
        if section == "family" && !family_member {
            continue;
        }
        let answers: BTreeMap<String, String> = answers
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        applications
            .save_section(owner, application.id, section, &answers)
            .await
            .with_context(|| format!("the demo section {section}"))?;
    }
    for item in checklist(ApplicationType::RefugeeClaim)
        .iter()
        .filter(|i| i.required)
    {
        applications
            .upload(
                owner,
                application.id,
                item.key,
                &format!("{}.pdf", item.key),
                PDF,
            )
            .await
            .with_context(|| format!("the demo document {}", item.key))?;
    }
    Ok(())
}
