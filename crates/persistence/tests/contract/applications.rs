//! Cases for `SeaOrmApplicationRepository`: storing, finding, saving, submitting, deleting
//! and expiring applications, always scoped by their owner.

use portal_domain::effects::SideEffects;
use std::collections::BTreeMap;

use portal_domain::application::{
    Application, ApplicationKind, ApplicationNumber, ApplicationRepository, Document, DocumentId,
    FileType, GroupRole, SaveApplicationError,
};
use uuid::Uuid;

use crate::fixtures::{cbsa_claim, draft, new_claim, owner, stored, visitor};
use crate::support::{Ctx, at};

pub fn number(raw: &str) -> ApplicationNumber {
    ApplicationNumber::parse(raw).unwrap()
}

pub fn identity(given: &str) -> BTreeMap<String, String> {
    BTreeMap::from([("given_name".to_owned(), given.to_owned())])
}

/// A document record of `application` uploaded at `at(minutes)`.
pub fn document(application: &Application, minutes: i64) -> Document {
    let id = Uuid::now_v7();
    Document {
        id: DocumentId::from_uuid(id),
        application_id: application.id,
        item: "passport_copy".into(),
        file_name: "passeport été.pdf".into(),
        file_type: FileType::Pdf,
        size: 12_345,
        stored_name: id.simple().to_string(),
        uploaded_at: at(minutes),
    }
}

pub async fn a_group_is_found_by_id_and_by_group_only_by_its_owner(ctx: Ctx) {
    let repo = ctx.db.applications();
    let rep = owner(&ctx, "rep@example.com").await;
    let stranger = owner(&ctx, "stranger@example.com").await;
    let group = repo.next_group_id().await.unwrap();
    let principal = draft(
        rep,
        group.get(),
        GroupRole::Principal,
        cbsa_claim(),
        ("Hélène", "Tremblay"),
        at(0),
    );
    let spouse = draft(
        rep,
        group.get(),
        GroupRole::FamilyMember,
        cbsa_claim(),
        ("José", "Núñez"),
        at(0),
    );
    let child = draft(
        rep,
        group.get(),
        GroupRole::FamilyMember,
        cbsa_claim(),
        ("Zoë", "Núñez"),
        at(0),
    );
    repo.insert(
        &[spouse.clone(), principal.clone(), child.clone()],
        &SideEffects::default(),
    )
    .await
    .unwrap();

    assert_eq!(
        repo.find(rep, principal.id).await.unwrap(),
        Some(principal.clone())
    );
    assert_eq!(repo.find(rep, child.id).await.unwrap(), Some(child.clone()));
    let members: Vec<_> = repo.find_group(rep, group).await.unwrap();
    assert_eq!(members.first(), Some(&principal));
    assert_eq!(members.len(), 3);
    assert!(members.contains(&spouse) && members.contains(&child));

    assert_eq!(repo.find(stranger, principal.id).await.unwrap(), None);
    assert!(repo.find_group(stranger, group).await.unwrap().is_empty());
}

pub async fn every_kind_of_application_round_trips(ctx: Ctx) {
    let repo = ctx.db.applications();
    let rep = owner(&ctx, "rep@example.com").await;
    let kinds = [
        visitor(),
        ApplicationKind::VisitorVisa {
            purpose: portal_domain::application::VisitPurpose::Transit,
            processing: portal_domain::application::VisaProcessing::Emergency,
        },
        ApplicationKind::VisitorVisa {
            purpose: portal_domain::application::VisitPurpose::Visit,
            processing: portal_domain::application::VisaProcessing::SpecialMeasures,
        },
        ApplicationKind::StudyPermit,
        new_claim(),
        cbsa_claim(),
    ];
    for kind in kinds {
        let application = stored(&ctx, rep, kind, ("Nguyễn", "Văn An"), at(0)).await;
        assert_eq!(
            repo.find(rep, application.id).await.unwrap(),
            Some(application)
        );
    }
}

pub async fn group_ids_are_handed_out_once_in_order(ctx: Ctx) {
    let repo = ctx.db.applications();
    let first = repo.next_group_id().await.unwrap();
    let second = repo.next_group_id().await.unwrap();

    assert_eq!(first.get(), 1);
    assert_eq!(second.get(), 2);
}

pub async fn a_save_stores_the_answers_and_advances_the_version(ctx: Ctx) {
    let repo = ctx.db.applications();
    let rep = owner(&ctx, "rep@example.com").await;
    let mut application = stored(&ctx, rep, visitor(), ("Chloé", "Roy"), at(0)).await;

    application
        .answers
        .insert("identity.sex".into(), "female".into());
    application.applicant_name = "Chloé Gagnon".into();
    application.last_saved_at = at(5);
    repo.save(&application, &SideEffects::default())
        .await
        .unwrap();

    let found = repo.find(rep, application.id).await.unwrap().unwrap();
    application.version += 1;
    assert_eq!(found, application);
}

pub async fn a_save_from_a_stale_version_is_a_conflict_and_writes_nothing(ctx: Ctx) {
    let repo = ctx.db.applications();
    let rep = owner(&ctx, "rep@example.com").await;
    let application = stored(&ctx, rep, visitor(), ("Chloé", "Roy"), at(0)).await;
    let mut first = application.clone();
    first.answers.extend(identity("first"));
    repo.save(&first, &SideEffects::default()).await.unwrap();

    let mut stale = application.clone();
    stale.answers.extend(identity("stale"));
    let result = repo.save(&stale, &SideEffects::default()).await;

    assert!(
        matches!(result, Err(SaveApplicationError::Conflict)),
        "{result:?}"
    );
    let found = repo.find(rep, application.id).await.unwrap().unwrap();
    assert_eq!(
        found.answers.get("given_name").map(String::as_str),
        Some("first")
    );
}

pub async fn saving_someone_elses_or_a_missing_application_is_not_found(ctx: Ctx) {
    let repo = ctx.db.applications();
    let rep = owner(&ctx, "rep@example.com").await;
    let stranger = owner(&ctx, "stranger@example.com").await;
    let application = stored(&ctx, rep, visitor(), ("Chloé", "Roy"), at(0)).await;

    let mut theirs = application.clone();
    theirs.representative_id = stranger;
    let missing = draft(
        rep,
        99,
        GroupRole::Principal,
        visitor(),
        ("Ann", "Lee"),
        at(0),
    );

    assert!(matches!(
        repo.save(&theirs, &SideEffects::default()).await,
        Err(SaveApplicationError::NotFound)
    ));
    assert!(matches!(
        repo.save(&missing, &SideEffects::default()).await,
        Err(SaveApplicationError::NotFound)
    ));
    assert_eq!(
        repo.find(rep, application.id).await.unwrap(),
        Some(application)
    );
}
