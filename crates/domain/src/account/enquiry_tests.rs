//! The enquiry use cases against mocked ports: the web form checked whole, the queue, a
//! reply, and each resolution applied to the account in the same change.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::enquiries::EnquiryError;
use super::model::AccountStatus;
use super::test_support::*;
use crate::account::{MailingAddress, MembershipId};
use crate::audit::AuditAction;
use crate::enquiry::{
    Enquiry, EnquiryForm, EnquiryId, EnquiryKind, EnquiryReference, EnquiryStatus, EnquiryType,
    Resolution,
};

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n";

fn form() -> EnquiryForm {
    EnquiryForm {
        enquiry_type: "technical_difficulties".into(),
        family_name: "Doe".into(),
        given_name: "John".into(),
        email: String::new(),
        date_of_birth: "1980-02-29".into(),
        ircc_id: "P010001243312".into(),
        request: "Please change my name to John Smith-Doe.".into(),
        documents: vec![("marriage certificate.pdf".into(), PDF.to_vec())],
    }
}

fn stored_enquiry(account: &crate::account::Account, status: EnquiryStatus) -> Enquiry {
    Enquiry {
        id: EnquiryId::from_uuid(uuid::Uuid::from_u128(77)),
        reference: EnquiryReference::from_sequence(7).unwrap(),
        account_id: account.id,
        kind: EnquiryKind::WebForm,
        enquiry_type: EnquiryType::TechnicalDifficulties,
        family_name: name("Doe"),
        given_name: name("John"),
        email: None,
        date_of_birth: None,
        ircc_id: None,
        request: "Please change my name.".into(),
        documents: Vec::new(),
        status,
        submitted_at: NOW,
        replies: Vec::new(),
        resolved_at: None,
    }
}

fn expect_enquiry(mocks: &mut Mocks, enquiry: &Enquiry) {
    let enquiry = enquiry.clone();
    mocks
        .enquiries
        .expect_find()
        .returning(move |_| Ok(Some(enquiry.clone())));
}

#[tokio::test]
async fn every_invalid_field_of_the_web_form_is_listed_and_nothing_is_stored() {
    let account = approved_representative();
    let mut mocks = Mocks::new();
    mocks.expect_find_by_id(&account);
    mocks.enquiries.expect_insert().never();
    mocks.files.expect_put().never();
    let bad = EnquiryForm {
        enquiry_type: "other".into(),
        family_name: String::new(),
        given_name: "J0hn".into(),
        email: "not-an-email".into(),
        date_of_birth: "29/02/1980".into(),
        ircc_id: "123".into(),
        request: "  ".into(),
        documents: vec![("virus.exe".into(), b"MZ....".to_vec())],
    };

    let err = mocks
        .service()
        .submit_enquiry(account.id, bad)
        .await
        .unwrap_err();

    let EnquiryError::Invalid(problems) = err else {
        panic!("{err:?}");
    };
    let fields: Vec<&str> = problems.iter().map(|p| p.field).collect();
    for field in [
        "enquiry_type",
        "family_name",
        "given_name",
        "email",
        "date_of_birth",
        "ircc_id",
        "request",
        "documents",
    ] {
        assert!(fields.contains(&field), "{field} in {fields:?}");
    }
}

#[tokio::test]
async fn a_web_form_gets_a_reference_its_documents_stored_and_an_acknowledgement() {
    let account = approved_representative();
    let mut mocks = Mocks::new();
    mocks.expect_find_by_id(&account);
    mocks
        .enquiries
        .expect_next_reference()
        .returning(|| Ok(EnquiryReference::from_sequence(42).unwrap()));
    mocks.files.expect_put().times(1).returning(|_, _| Ok(()));
    let stored = Recorder::new();
    mocks.enquiries.expect_insert().times(1).returning({
        let stored = stored.clone();
        move |enquiry, effects| {
            stored.push((enquiry.clone(), effects.clone()));
            Ok(())
        }
    });

    let enquiry = mocks
        .service()
        .submit_enquiry(account.id, form())
        .await
        .unwrap();

    assert_eq!(enquiry.reference.as_str(), "Q100000042");
    let (saved, effects) = stored.only();
    assert_eq!(saved.status, EnquiryStatus::Open);
    assert_eq!(saved.documents.len(), 1);
    assert_eq!(saved.documents[0].file_name, "marriage certificate.pdf");
    assert!(
        effects.messages[0]
            .subject
            .starts_with("en:notice-enquiry-received-subject"),
        "{}",
        effects.messages[0].subject
    );
    assert!(effects.messages[0].body.contains("Q100000042"));
    assert_eq!(
        effects.mails.len(),
        1,
        "account messages always send an email"
    );
    assert_eq!(effects.audit[0].action, AuditAction::EnquirySubmitted);
}

#[tokio::test]
async fn officers_only_answer_and_a_resolved_enquiry_is_not_answered_again() {
    let mut mocks = Mocks::new();
    let resolved = stored_enquiry(&approved_representative(), EnquiryStatus::Resolved);
    expect_enquiry(&mut mocks, &resolved);
    let service = mocks.service();
    let id = resolved.id;

    let forbidden = service
        .reply_to_enquiry(&approved_representative(), id, "Done.")
        .await;
    assert!(
        matches!(forbidden, Err(EnquiryError::Forbidden)),
        "{forbidden:?}"
    );
    let again = service
        .resolve_enquiry(&officer(), id, Resolution::Answered, "Done.")
        .await;
    assert!(
        matches!(again, Err(EnquiryError::AlreadyResolved)),
        "{again:?}"
    );
    let empty = service.reply_to_enquiry(&officer(), id, " ").await;
    assert!(matches!(empty, Err(EnquiryError::Reply)), "{empty:?}");
}

#[tokio::test]
async fn a_name_change_is_applied_to_the_account_with_the_resolution_in_one_update() {
    let account = approved_representative();
    let enquiry = stored_enquiry(&account, EnquiryStatus::Open);
    let mut mocks = Mocks::new();
    expect_enquiry(&mut mocks, &enquiry);
    mocks.expect_find_by_id(&account);
    let updated = mocks.expect_one_update();
    let officer = officer();

    mocks
        .service()
        .resolve_enquiry(
            &officer,
            enquiry.id,
            Resolution::ChangeName {
                given_name: name("John"),
                surname: name("Smith-Doe"),
            },
            "Your name is now John Smith-Doe.",
        )
        .await
        .unwrap();

    let (saved, effects) = updated.only();
    assert_eq!(saved.surname.as_str(), "Smith-Doe");
    let resolved = effects
        .resolve_enquiry
        .expect("resolved in the same change");
    assert_eq!(resolved.id, enquiry.id);
    assert!(
        effects.messages[0]
            .subject
            .starts_with("en:notice-enquiry-resolved-subject"),
        "{}",
        effects.messages[0].subject
    );
    assert!(effects.messages[0].body.contains("John Smith-Doe"));
    assert!(
        effects
            .audit
            .iter()
            .any(|e| e.action == AuditAction::EnquiryResolved
                && e.actor == Some(officer.id)
                && e.enquiry == Some(enquiry.id))
    );
}

#[tokio::test]
async fn mailing_address_membership_and_closure_resolutions_change_the_account() {
    for resolution in [
        Resolution::ChangeMailingAddress(
            MailingAddress::parse("12 Main St\nOttawa ON K1A 0B1").unwrap(),
        ),
        Resolution::ChangeMembershipId(MembershipId::parse("R999999").unwrap()),
        Resolution::CloseAccount,
    ] {
        // Only a closure request's account can be closed.
        let account = if resolution == Resolution::CloseAccount {
            representative(AccountStatus::ClosureRequested)
        } else {
            approved_representative()
        };
        let mut enquiry = stored_enquiry(&account, EnquiryStatus::Replied);
        if resolution == Resolution::CloseAccount {
            enquiry.kind = EnquiryKind::Closure;
        }
        let mut mocks = Mocks::new();
        expect_enquiry(&mut mocks, &enquiry);
        mocks.expect_find_by_id(&account);
        mocks
            .accounts
            .expect_draft_files()
            .returning(|_| Ok(vec!["draft-file".into()]));
        mocks.files.expect_delete().returning(|_| Ok(()));
        let updated = mocks.expect_one_update();

        mocks
            .service()
            .resolve_enquiry(&officer(), enquiry.id, resolution.clone(), "Done.")
            .await
            .unwrap();

        let (saved, effects) = updated.only();
        let details = saved.representative.as_ref().unwrap();
        match &resolution {
            Resolution::ChangeMailingAddress(address) => {
                assert_eq!(details.mailing_address.as_ref(), Some(address));
            }
            Resolution::ChangeMembershipId(id) => assert_eq!(&details.membership_id, id),
            _ => {
                assert_eq!(saved.status, AccountStatus::Closed);
                assert!(effects.end_sessions && effects.delete_drafts);
            }
        }
        assert!(effects.resolve_enquiry.is_some());
    }
}

#[tokio::test]
async fn only_a_closure_request_closes_the_account_and_it_changes_nothing_else() {
    let account = representative(AccountStatus::ClosureRequested);
    for (kind, resolution) in [
        (EnquiryKind::WebForm, Resolution::CloseAccount),
        (
            EnquiryKind::Closure,
            Resolution::ChangeMembershipId(MembershipId::parse("R999999").unwrap()),
        ),
    ] {
        let mut enquiry = stored_enquiry(&account, EnquiryStatus::Open);
        enquiry.kind = kind;
        let mut mocks = Mocks::new();
        expect_enquiry(&mut mocks, &enquiry);
        mocks.expect_find_by_id(&account);
        mocks.accounts.expect_update().never();

        let refused = mocks
            .service()
            .resolve_enquiry(&officer(), enquiry.id, resolution, "Done.")
            .await;

        assert!(
            matches!(refused, Err(EnquiryError::ResolutionNotApplicable)),
            "{refused:?}"
        );
    }
}
