//! Tests of what submission still needs (F11, F14): required answers and documents, and
//! the questions that only some applicants are asked.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::test_support::*;
use super::*;

fn answer(section: &'static str, question: &'static str) -> MissingItem {
    missing_answer(section, question)
}

fn doc(item: &'static str) -> MissingItem {
    missing_document(item)
}

#[test]
fn a_missing_item_carries_the_label_the_representative_saw() {
    let missing = draft(visitor_visa()).missing_items(&[]);

    let address = missing
        .iter()
        .find(|m| {
            matches!(
                m,
                MissingItem::Answer {
                    section: "contact",
                    question: "address",
                    ..
                }
            )
        })
        .expect("the address is missing");
    assert_eq!(address.label_id(), "question-address");
    let photo = missing
        .iter()
        .find(|m| matches!(m, MissingItem::Document { item: "photo", .. }))
        .expect("the photo is missing");
    assert_eq!(photo.label_id(), "document-item-photo");
}

#[test]
fn a_fresh_visitor_visa_lists_every_required_answer_and_document_in_order() {
    let application = draft(visitor_visa());

    let missing = application.missing_items(&[]);

    assert_eq!(
        missing,
        [
            answer("identity", "date_of_birth"),
            answer("identity", "sex"),
            answer("identity", "country_of_birth"),
            answer("identity", "citizenship"),
            answer("identity", "marital_status"),
            answer("contact", "address"),
            answer("contact", "city"),
            answer("contact", "country"),
            answer("contact", "telephone"),
            answer("passport", "number"),
            answer("passport", "issuing_country"),
            answer("passport", "issue_date"),
            answer("passport", "expiry_date"),
            answer("visit", "purpose"),
            answer("visit", "arrival_date"),
            answer("visit", "departure_date"),
            answer("visit", "funds"),
            doc("passport_copy"),
            doc("photo"),
            doc("use_of_representative"),
            doc("proof_of_funds"),
        ]
    );
}

#[test]
fn a_study_permit_also_needs_its_school_answers_and_letter_of_acceptance() {
    let missing = answered(draft(ApplicationKind::StudyPermit)).missing_items(&[]);

    assert_eq!(
        missing,
        [
            doc("passport_copy"),
            doc("photo"),
            doc("use_of_representative"),
            doc("letter_of_acceptance"),
            doc("proof_of_funds"),
        ]
    );
    let fresh = draft(ApplicationKind::StudyPermit).missing_items(&[]);
    for question in [
        "institution",
        "dli_number",
        "program",
        "level",
        "start_date",
        "end_date",
        "tuition",
    ] {
        assert!(fresh.contains(&answer("school", question)), "{question}");
    }
}

#[test]
fn a_refugee_claim_needs_its_claim_answers_and_identity_documents() {
    let fresh = draft(new_refugee_claim()).missing_items(&[]);

    for item in [
        answer("claim", "arrival_in_canada"),
        answer("claim", "fear_of_return"),
        answer("claim", "summary"),
        doc("identity_documents"),
    ] {
        assert!(fresh.contains(&item), "{item:?}");
    }
}

#[test]
fn an_applicant_with_every_answer_and_document_is_complete() {
    for kind in every_kind() {
        let application = answered(draft(kind.clone()));
        let documents = required_documents(&application);

        let missing = application.missing_items(&documents);
        assert!(missing.is_empty(), "{kind:?}: {missing:?}");
    }
}

#[test]
fn optional_answers_and_documents_are_never_listed() {
    let application = draft(visitor_visa());

    let missing = application.missing_items(&[]);

    for optional in [
        answer("contact", "email"),
        answer("visit", "host"),
        doc("invitation_letter"),
        doc("additional"),
    ] {
        assert!(!missing.contains(&optional), "{optional:?}");
    }
}

#[test]
fn a_document_counts_only_for_its_own_checklist_item() {
    let application = answered(draft(visitor_visa()));
    let mut documents = required_documents(&application);
    documents.retain(|d| d.item != "photo");
    documents.push(document(&application, "additional"));

    assert_eq!(application.missing_items(&documents), [doc("photo")]);
}

#[test]
fn the_cbsa_file_number_is_required_of_cbsa_claims_only() {
    let new_claim = answered(draft(new_refugee_claim()));
    let documents = required_documents(&new_claim);
    assert_eq!(new_claim.missing_items(&documents), Vec::new());

    let mut cbsa = answered(draft(cbsa_claim()));
    cbsa.save_section("claim", &answers(&[("cbsa_file_number", "")]), NOW)
        .unwrap();
    let documents = required_documents(&cbsa);
    assert_eq!(
        cbsa.missing_items(&documents),
        [answer("claim", "cbsa_file_number")]
    );
}

#[test]
fn the_relationship_to_the_principal_is_required_of_family_members_only() {
    let principal = answered(draft(visitor_visa()));
    let mut member = family_member(&principal, "Alice");
    for section in ["identity", "contact", "passport", "visit"] {
        member
            .save_section(section, &complete_section(section), NOW)
            .unwrap();
    }

    assert_eq!(
        member.missing_items(&required_documents(&member)),
        [answer("family", "relationship")]
    );
    assert_eq!(
        principal.missing_items(&required_documents(&principal)),
        Vec::new()
    );
}

#[test]
fn a_cleared_identity_name_is_missing_again() {
    let mut application = answered(draft(visitor_visa()));
    application
        .save_section("identity", &answers(&[("given_name", " ")]), NOW)
        .unwrap();

    assert_eq!(
        application.missing_items(&required_documents(&application)),
        [answer("identity", "given_name")]
    );
}
