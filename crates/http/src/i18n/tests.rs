use std::collections::BTreeSet;
use std::path::Path;

use super::*;

/// The message ids of every `.ftl` file of one language.
fn keys(language: &str) -> BTreeSet<String> {
    messages(language).into_iter().map(|(id, _)| id).collect()
}

/// Every message of one language with the variables it uses.
fn messages(language: &str) -> Vec<(String, BTreeSet<String>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("locales")
        .join(language);
    let mut keys = BTreeSet::new();
    let mut found: Vec<(String, BTreeSet<String>)> = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for line in text.lines() {
            // A message starts at the first column with `id =`; attributes, variants and
            // continuation lines are indented, comments start with `#`.
            if line.starts_with(|c: char| c.is_ascii_alphabetic())
                && let Some((id, _)) = line.split_once('=')
            {
                assert!(
                    keys.insert(id.trim().to_owned()),
                    "{} defines {} twice",
                    file.display(),
                    id.trim()
                );
                found.push((id.trim().to_owned(), BTreeSet::new()));
            }
            if let Some((_, variables)) = found.last_mut() {
                for part in line.split("{ $").skip(1) {
                    let name: String = part
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                        .collect();
                    variables.insert(name);
                }
            }
        }
    }
    found
}

#[test]
fn every_key_exists_in_both_languages() {
    let english = keys("en");
    let french = keys("fr");
    let only_english: Vec<_> = english.difference(&french).collect();
    let only_french: Vec<_> = french.difference(&english).collect();
    assert!(
        only_english.is_empty() && only_french.is_empty(),
        "English only: {only_english:?}; French only: {only_french:?}"
    );
    assert!(english.len() > 40);
}

#[test]
fn both_languages_use_the_same_variables() {
    let french: std::collections::BTreeMap<_, _> = messages("fr").into_iter().collect();
    for (key, variables) in messages("en") {
        assert_eq!(Some(&variables), french.get(&key), "{key}");
    }
}

#[test]
fn every_key_resolves_in_both_languages_with_no_isolation_marks() {
    for (key, variables) in messages("en") {
        let args: Vec<(&str, Arg)> = variables
            .iter()
            .map(|name| (name.as_str(), Arg::Number(2)))
            .collect();
        for tr in [Tr::new(Language::English), Tr::new(Language::French)] {
            let text = tr.with(&key, &args);
            assert_ne!(text, key, "{key} did not resolve in {}", tr.code());
            assert!(
                !text.contains('\u{2068}') && !text.contains('\u{2069}'),
                "{key}"
            );
        }
    }
}

#[test]
fn plurals_follow_the_count() {
    let en = Tr::new(Language::English);
    let fr = Tr::new(Language::French);
    let one = [("count", 1_usize.into())];
    let two = [("count", 2_usize.into())];
    assert_eq!(
        en.with("validation-failed", &one),
        "The form could not be submitted because 1 error was found."
    );
    assert_eq!(
        en.with("validation-failed", &two),
        "The form could not be submitted because 2 errors were found."
    );
    assert!(fr.with("validation-failed", &two).contains("2 erreurs"));
}

#[test]
fn the_toggle_wins_then_the_account_then_the_browser() {
    let fr = Some(Language::French);
    assert_eq!(negotiate(Some("en"), fr, "fr"), Language::English);
    assert_eq!(negotiate(None, fr, "en"), Language::French);
    assert_eq!(
        negotiate(Some("xx"), None, "fr-CA,fr;q=0.9"),
        Language::French
    );
    assert_eq!(
        negotiate(None, None, "de, fr;q=0.5, en;q=0.8"),
        Language::English
    );
    assert_eq!(
        negotiate(None, None, "de, en;q=0, fr;q=0.2"),
        Language::French
    );
    assert_eq!(negotiate(None, None, ""), Language::English);
}

#[tokio::test]
async fn the_current_language_is_english_outside_a_request() {
    assert_eq!(current(), Language::English);
    set_current(Language::French);
    assert_eq!(current(), Language::English);
}

/// Asserts `text` is a real text of `language`, not a missing message's id.
fn worded(text: &str, id: &str) {
    assert!(!text.is_empty() && text != id, "{id} has no text");
}

#[test]
fn every_code_question_section_and_checklist_entry_of_the_domain_has_a_label_in_both_languages() {
    use portal_domain::account::{GoverningBody, IdentityField, Standing};
    use portal_domain::application::{
        ApplicationStatus, ApplicationType, DocumentReview, Outcome, Step, StepState, checklist,
        definitions,
    };
    use portal_domain::enquiry::EnquiryType;
    use portal_domain::wording::Labelled;

    fn check<T: Labelled>(items: impl IntoIterator<Item = T>) -> usize {
        let mut count = 0;
        for item in items {
            for language in [Language::English, Language::French] {
                worded(&Tr::new(language).label(&item), &item.label_id());
            }
            count += 1;
        }
        count
    }
    let mut labelled = check(GoverningBody::ALL.iter())
        + check(Standing::ALL.iter())
        + check([
            IdentityField::GivenName,
            IdentityField::Surname,
            IdentityField::MembershipId,
        ])
        + check(ApplicationStatus::ALL)
        + check(ApplicationType::ALL)
        + check(DocumentReview::ALL)
        + check(Outcome::ALL)
        + check(Step::ALL)
        + check(StepState::ALL)
        + check(EnquiryType::ALL);
    for kind in ApplicationType::ALL {
        let definition = definitions::current(kind);
        labelled += check(definition.sections.iter());
        for section in definition.sections {
            labelled += check(section.questions.iter());
        }
        labelled += check(checklist(kind).iter());
    }
    assert!(labelled > 100, "{labelled}");
    assert_eq!(
        Tr::new(Language::French).label(&ApplicationType::RefugeeClaim),
        "Demande d'asile"
    );
}

#[test]
fn every_account_notice_is_worded_and_signed_in_both_languages() {
    use portal_domain::account::{EmailAddress, IrccId, Notice, RejectionReason, Standing};
    use portal_domain::enquiry::EnquiryReference;

    let id = IrccId::parse("P010001243312").unwrap();
    let reason = RejectionReason::parse("Membership ID not found").unwrap();
    let email = EmailAddress::parse("j.doe@newfirm.ca").unwrap();
    let reference = EnquiryReference::from_sequence(7).unwrap();
    let notices = [
        Notice::EnrolmentSubmitted,
        Notice::EnrolmentAttempted,
        Notice::EnrolmentApproved(&id),
        Notice::EnrolmentRejected(&reason),
        Notice::ResetCode {
            code: "04711235",
            minutes: 10,
        },
        Notice::PasswordChanged,
        Notice::ClosureRequested,
        Notice::AccountClosed,
        Notice::EmailChangeCode {
            code: "04711235",
            minutes: 30,
        },
        Notice::EmailChangeRequested(&email),
        Notice::EmailChangeAttempted,
        Notice::EmailChanged(&email),
        Notice::EnrolmentDocumentsRequested("A copy of your membership card."),
        Notice::StandingUpdated(Standing::Suspended),
        Notice::EnquiryReceived(&reference),
        Notice::EnquiryReply {
            reference: &reference,
            reply: "We are checking.",
        },
        Notice::EnquiryResolved {
            reference: &reference,
            reply: "Done.",
        },
        Notice::DraftExpiring {
            applicant: "Violet Parr",
            last_day: time::macros::date!(2026 - 03 - 01),
        },
    ];
    let base = "https://portal.example.ca";
    for notice in &notices {
        let en = notice.render(&FluentWording, Language::English, base);
        let fr = notice.render(&FluentWording, Language::French, base);
        for rendered in [&en, &fr] {
            assert!(
                !rendered.subject.starts_with("notice-") && !rendered.body.contains("notice-"),
                "{rendered:?}"
            );
        }
        assert!(
            en.body
                .ends_with("\n\nRepresentative Portal\nhttps://portal.example.ca\n"),
            "{en:?}"
        );
        assert!(
            fr.body
                .ends_with("\n\nPortail des représentants\nhttps://portal.example.ca\n"),
            "{fr:?}"
        );
        assert_ne!(en.subject, fr.subject, "{notice:?}");
    }
    let approved = notices[2].render(&FluentWording, Language::English, base);
    assert_eq!(approved.subject, "Enrolment request approved");
    assert!(
        approved
            .body
            .contains("Your Representative IRCC ID is P010001243312.")
    );
    let rejected = notices[3].render(&FluentWording, Language::French, base);
    assert!(
        rejected.body.contains("Motif : Membership ID not found"),
        "{rejected:?}"
    );
    let code = notices[4].render(&FluentWording, Language::French, base);
    assert_eq!(code.subject, "Votre code de vérification");
    assert!(
        code.body.starts_with(
            "Votre code de vérification est 04711235. Il est valide pendant 10 minutes"
        )
    );
    let suspended = notices[13].render(&FluentWording, Language::English, base);
    assert!(
        suspended
            .body
            .starts_with("Your current standing with your governing body was updated: Suspended. You can read your applications but cannot start or submit any.\n"),
        "{suspended:?}"
    );
    let reply = notices[15].render(&FluentWording, Language::French, base);
    assert!(
        reply.body.starts_with(
            "Un agent a répondu à votre demande de renseignements Q100000007 :\n\nWe are checking.\n\n"
        ),
        "{reply:?}"
    );
}

#[test]
fn the_password_hint_rules_and_messages_come_from_the_policy_values() {
    use portal_domain::account::{PasswordFeedback, PasswordPolicy};

    let english = Tr::new(Language::English);
    let french = Tr::new(Language::French);
    let hint = english.password_hint(&PasswordPolicy::default());
    assert_eq!(
        hint,
        "Password must be between 8 and 16 characters, and must include at least one upper case letter, one lower case letter, one special character, and one numeric digit. It must not contain your name or email address or be easy to guess."
    );
    let custom = PasswordPolicy::new(10, 40, false, 0).unwrap();
    assert_eq!(
        french.password_hint(&custom),
        "Le mot de passe doit contenir entre 10 et 40 caractères. Il ne doit pas contenir votre nom ni votre adresse courriel."
    );
    assert_eq!(
        english.password_rules(&custom),
        [
            "be between 10 and 40 characters",
            "not contain your name or email address"
        ]
    );
    assert_eq!(english.password_rules(&PasswordPolicy::default()).len(), 7);
    assert_eq!(
        french.password_feedback(&PasswordFeedback::TooShort { min: 12 }),
        "Le mot de passe doit contenir au moins 12 caractères."
    );
    let guessable = PasswordFeedback::Guessable {
        score: 1,
        warning: Some("This is a very common password.".to_owned()),
    };
    assert!(
        english
            .password_feedback(&guessable)
            .ends_with("(This is a very common password.)")
    );
    assert!(!french.password_feedback(&guessable).contains("common"));
}
