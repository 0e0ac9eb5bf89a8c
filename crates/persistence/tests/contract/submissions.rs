//! Cases for submitting, deleting and expiring applications, and for document records.

use portal_domain::application::{
    Application, ApplicationKind, ApplicationRepository, ApplicationStatus, DocumentRepository,
    GroupRole, SaveApplicationError,
};
use portal_domain::effects::SideEffects;
use time::macros::date;

use crate::applications::{document, identity, number};
use crate::fixtures::{cbsa_claim, draft, new_claim, owner, stored, visitor};
use crate::support::{Ctx, at};

pub async fn submission_numbers_follow_one_sequence_per_letter(ctx: Ctx) {
    let repo = ctx.db.applications();
    let rep = owner(&ctx, "rep@example.com").await;
    let claim = stored(&ctx, rep, new_claim(), ("Amara", "Okafor"), at(0)).await;
    let visa = stored(&ctx, rep, visitor(), ("Liam", "Chen"), at(1)).await;
    let study = stored(
        &ctx,
        rep,
        ApplicationKind::StudyPermit,
        ("Ana", "Silva"),
        at(2),
    )
    .await;
    let another_claim = stored(&ctx, rep, cbsa_claim(), ("Omar", "Haddad"), at(3)).await;

    let mut numbers = Vec::new();
    for application in [&claim, &visa, &study, &another_claim] {
        numbers.extend(
            repo.submit(
                std::slice::from_ref(application),
                at(10),
                &SideEffects::default(),
            )
            .await
            .unwrap(),
        );
    }

    assert_eq!(
        numbers,
        ["L100000001", "V100000001", "S100000001", "L100000002"].map(number)
    );
    let found = repo.find(rep, another_claim.id).await.unwrap().unwrap();
    assert_eq!(found.status(), ApplicationStatus::Submitted);
    assert_eq!(found.number(), Some(&number("L100000002")));
    assert_eq!(found.submitted_at(), Some(at(10)));
    assert_eq!(found.version, another_claim.version + 1);
}

pub async fn a_submitted_application_is_found_by_number_only_by_its_owner(ctx: Ctx) {
    let repo = ctx.db.applications();
    let rep = owner(&ctx, "rep@example.com").await;
    let stranger = owner(&ctx, "stranger@example.com").await;
    let claim = stored(&ctx, rep, new_claim(), ("Amara", "Okafor"), at(0)).await;
    let numbers = repo
        .submit(
            std::slice::from_ref(&claim),
            at(10),
            &SideEffects::default(),
        )
        .await
        .unwrap();

    let found = repo
        .find_by_number(rep, &numbers[0])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.id, claim.id);
    assert_eq!(
        repo.find_by_number(stranger, &numbers[0]).await.unwrap(),
        None
    );
    assert_eq!(
        repo.find_by_number(rep, &number("L999999999"))
            .await
            .unwrap(),
        None
    );
}

pub async fn a_group_is_submitted_whole_in_the_order_given(ctx: Ctx) {
    let repo = ctx.db.applications();
    let rep = owner(&ctx, "rep@example.com").await;
    let group = repo.next_group_id().await.unwrap();
    let principal = draft(
        rep,
        group.get(),
        GroupRole::Principal,
        new_claim(),
        ("Amara", "Okafor"),
        at(0),
    );
    let child = draft(
        rep,
        group.get(),
        GroupRole::FamilyMember,
        new_claim(),
        ("Ada", "Okafor"),
        at(0),
    );
    repo.insert(&[principal.clone(), child.clone()], &SideEffects::default())
        .await
        .unwrap();

    let numbers = repo
        .submit(&[principal, child.clone()], at(10), &SideEffects::default())
        .await
        .unwrap();

    assert_eq!(numbers, ["L100000001", "L100000002"].map(number));
    let child = repo.find(rep, child.id).await.unwrap().unwrap();
    assert_eq!(child.number(), Some(&number("L100000002")));
}

pub async fn a_group_with_a_changed_member_is_a_conflict_and_nothing_is_submitted(ctx: Ctx) {
    let repo = ctx.db.applications();
    let rep = owner(&ctx, "rep@example.com").await;
    let group = repo.next_group_id().await.unwrap();
    let principal = draft(
        rep,
        group.get(),
        GroupRole::Principal,
        new_claim(),
        ("Amara", "Okafor"),
        at(0),
    );
    let child = draft(
        rep,
        group.get(),
        GroupRole::FamilyMember,
        new_claim(),
        ("Ada", "Okafor"),
        at(0),
    );
    repo.insert(&[principal.clone(), child.clone()], &SideEffects::default())
        .await
        .unwrap();
    let mut changed = child.clone();
    changed.answers.extend(identity("Adaeze"));
    repo.save(&changed, &SideEffects::default()).await.unwrap();

    let result = repo
        .submit(
            &[principal.clone(), child.clone()],
            at(10),
            &SideEffects::default(),
        )
        .await;

    assert!(
        matches!(result, Err(SaveApplicationError::Conflict)),
        "{result:?}"
    );
    for id in [principal.id, child.id] {
        let found = repo.find(rep, id).await.unwrap().unwrap();
        assert_eq!(
            (found.status(), found.number()),
            (ApplicationStatus::InProgress, None)
        );
    }
    assert_eq!(ctx.count("applications", "status = 'submitted'").await, 0);
    let fresh = stored(&ctx, rep, new_claim(), ("Omar", "Haddad"), at(1)).await;
    let numbers = repo
        .submit(&[fresh], at(11), &SideEffects::default())
        .await
        .unwrap();
    assert_eq!(numbers, [number("L100000001")]);
}

pub async fn submitting_an_application_again_is_a_conflict_and_writes_nothing(ctx: Ctx) {
    let repo = ctx.db.applications();
    let rep = owner(&ctx, "rep@example.com").await;
    let claim = stored(&ctx, rep, new_claim(), ("Amara", "Okafor"), at(0)).await;
    repo.submit(
        std::slice::from_ref(&claim),
        at(10),
        &SideEffects::default(),
    )
    .await
    .unwrap();
    let submitted = repo.find(rep, claim.id).await.unwrap().unwrap();

    let stale = repo
        .submit(
            std::slice::from_ref(&claim),
            at(20),
            &SideEffects::default(),
        )
        .await;
    let current = repo
        .submit(
            std::slice::from_ref(&submitted),
            at(20),
            &SideEffects::default(),
        )
        .await;

    assert!(
        matches!(stale, Err(SaveApplicationError::Conflict)),
        "{stale:?}"
    );
    assert!(
        matches!(current, Err(SaveApplicationError::Conflict)),
        "{current:?}"
    );
    assert_eq!(repo.find(rep, claim.id).await.unwrap(), Some(submitted));
}

pub async fn submitting_someone_elses_application_is_not_found(ctx: Ctx) {
    let repo = ctx.db.applications();
    let rep = owner(&ctx, "rep@example.com").await;
    let stranger = owner(&ctx, "stranger@example.com").await;
    let mut claim = stored(&ctx, rep, new_claim(), ("Amara", "Okafor"), at(0)).await;
    claim.representative_id = stranger;

    let result = repo.submit(&[claim], at(10), &SideEffects::default()).await;

    assert!(
        matches!(result, Err(SaveApplicationError::NotFound)),
        "{result:?}"
    );
    assert_eq!(ctx.count("applications", "status = 'submitted'").await, 0);
}

pub async fn numbers_are_never_reused_after_drafts_are_deleted(ctx: Ctx) {
    let repo = ctx.db.applications();
    let rep = owner(&ctx, "rep@example.com").await;
    let first = stored(&ctx, rep, new_claim(), ("Amara", "Okafor"), at(0)).await;
    let doomed = stored(&ctx, rep, new_claim(), ("Omar", "Haddad"), at(1)).await;
    repo.submit(&[first], at(10), &SideEffects::default())
        .await
        .unwrap();
    assert_eq!(
        repo.delete_drafts(rep, &[doomed.id], &SideEffects::default())
            .await
            .unwrap(),
        1
    );

    let next = stored(&ctx, rep, new_claim(), ("Ana", "Silva"), at(2)).await;
    let numbers = repo
        .submit(&[next], at(11), &SideEffects::default())
        .await
        .unwrap();

    assert_eq!(numbers, [number("L100000002")]);
    let group = repo.next_group_id().await.unwrap();
    assert_eq!(group.get(), 4, "group IDs are not reused either");
}

pub async fn deleting_drafts_spares_submitted_and_other_owners_and_removes_documents(ctx: Ctx) {
    let repo = ctx.db.applications();
    let documents = ctx.db.documents();
    let rep = owner(&ctx, "rep@example.com").await;
    let stranger = owner(&ctx, "stranger@example.com").await;
    let draft_one = stored(&ctx, rep, visitor(), ("Chloé", "Roy"), at(0)).await;
    let submitted = stored(&ctx, rep, visitor(), ("Liam", "Chen"), at(1)).await;
    let theirs = stored(&ctx, stranger, visitor(), ("Ana", "Silva"), at(2)).await;
    repo.submit(
        std::slice::from_ref(&submitted),
        at(5),
        &SideEffects::default(),
    )
    .await
    .unwrap();
    for application in [&draft_one, &submitted, &theirs] {
        documents
            .insert(&document(application, 3), &SideEffects::default())
            .await
            .unwrap();
    }

    let deleted = repo
        .delete_drafts(
            rep,
            &[draft_one.id, submitted.id, theirs.id],
            &SideEffects::default(),
        )
        .await
        .unwrap();

    assert_eq!(deleted, 1);
    assert_eq!(repo.find(rep, draft_one.id).await.unwrap(), None);
    assert!(documents.list(draft_one.id).await.unwrap().is_empty());
    assert!(repo.find(rep, submitted.id).await.unwrap().is_some());
    assert_eq!(documents.list(submitted.id).await.unwrap().len(), 1);
    assert!(repo.find(stranger, theirs.id).await.unwrap().is_some());
    assert_eq!(documents.list(theirs.id).await.unwrap().len(), 1);
    assert_eq!(
        repo.delete_drafts(rep, &[], &SideEffects::default())
            .await
            .unwrap(),
        0
    );
}

pub async fn expired_drafts_are_listed_oldest_first_up_to_the_limit(ctx: Ctx) {
    let repo = ctx.db.applications();
    let rep = owner(&ctx, "rep@example.com").await;
    let other = owner(&ctx, "other@example.com").await;
    // Created on 2030-01-15 with 60 days to submit: the last day is 2030-03-16.
    let day = |days: i64| at(days * 24 * 60);
    let oldest = stored(&ctx, other, visitor(), ("Ann", "Lee"), day(-3)).await;
    let older = stored(&ctx, rep, visitor(), ("Bo", "Lee"), day(-2)).await;
    let old = stored(&ctx, rep, visitor(), ("Cy", "Lee"), day(-1)).await;
    let last_day_today = stored(&ctx, rep, visitor(), ("Di", "Lee"), day(0)).await;
    let submitted = stored(&ctx, rep, visitor(), ("Ed", "Lee"), day(-5)).await;
    repo.submit(&[submitted], day(-4), &SideEffects::default())
        .await
        .unwrap();
    let today = date!(2030 - 03 - 16);
    assert_eq!(last_day_today.expires_on(), Some(today));

    let ids = |apps: Vec<Application>| apps.into_iter().map(|a| a.id).collect::<Vec<_>>();
    assert_eq!(
        ids(repo.expired_drafts(today, 10).await.unwrap()),
        [oldest.id, older.id, old.id]
    );
    assert_eq!(
        ids(repo.expired_drafts(today, 2).await.unwrap()),
        [oldest.id, older.id]
    );
}

pub async fn a_stored_application_that_does_not_convert_is_an_error_not_skipped(ctx: Ctx) {
    let repo = ctx.db.applications();
    let rep = owner(&ctx, "rep@example.com").await;
    let application = stored(&ctx, rep, visitor(), ("Chloé", "Roy"), at(0)).await;
    ctx.execute("UPDATE applications SET visit_purpose = 'cruise'")
        .await;

    assert!(repo.find(rep, application.id).await.is_err());
    assert!(repo.find_group(rep, application.group_id).await.is_err());
}

pub async fn documents_are_listed_oldest_first_and_found_only_under_their_application(ctx: Ctx) {
    let repo = ctx.db.documents();
    let rep = owner(&ctx, "rep@example.com").await;
    let application = stored(&ctx, rep, visitor(), ("Chloé", "Roy"), at(0)).await;
    let other = stored(&ctx, rep, visitor(), ("Liam", "Chen"), at(0)).await;
    let later = document(&application, 9);
    let earlier = document(&application, 4);
    repo.insert(&later, &SideEffects::default()).await.unwrap();
    repo.insert(&earlier, &SideEffects::default())
        .await
        .unwrap();

    assert_eq!(
        repo.list(application.id).await.unwrap(),
        [earlier.clone(), later.clone()]
    );
    assert_eq!(
        repo.find(application.id, later.id).await.unwrap(),
        Some(later.clone())
    );
    assert_eq!(repo.find(other.id, later.id).await.unwrap(), None);
    assert!(repo.list(other.id).await.unwrap().is_empty());
}

pub async fn closing_an_account_deletes_its_drafts_with_their_documents_in_the_same_change(
    ctx: Ctx,
) {
    use portal_domain::account::{AccountRepository, SideEffects};

    let repo = ctx.db.applications();
    let documents = ctx.db.documents();
    let rep = owner(&ctx, "closing@example.com").await;
    let other = owner(&ctx, "staying@example.com").await;
    let draft_one = stored(&ctx, rep, visitor(), ("Liam", "Chen"), at(0)).await;
    let draft_two = stored(&ctx, rep, new_claim(), ("Amara", "Okafor"), at(1)).await;
    let kept = stored(&ctx, rep, cbsa_claim(), ("Omar", "Haddad"), at(2)).await;
    let others = stored(&ctx, other, visitor(), ("Ana", "Silva"), at(3)).await;
    repo.submit(std::slice::from_ref(&kept), at(4), &SideEffects::default())
        .await
        .unwrap();
    let files = [
        document(&draft_one, 5),
        document(&draft_one, 6),
        document(&draft_two, 7),
        document(&kept, 8),
        document(&others, 9),
    ];
    for file in &files {
        documents
            .insert(file, &SideEffects::default())
            .await
            .unwrap();
    }
    let accounts = ctx.db.accounts();

    let mut listed = accounts.draft_files(rep).await.unwrap();
    listed.sort();
    let mut expected: Vec<String> = files[..3].iter().map(|d| d.stored_name.clone()).collect();
    expected.sort();
    assert_eq!(listed, expected, "the files of the drafts only");

    let mut account = accounts.find_by_id(rep).await.unwrap().unwrap();
    account.status = portal_domain::account::AccountStatus::Closed;
    let effects = SideEffects {
        delete_drafts: true,
        ..SideEffects::default()
    };
    accounts.update(&account, &effects).await.unwrap();

    assert!(repo.find(rep, draft_one.id).await.unwrap().is_none());
    assert!(repo.find(rep, draft_two.id).await.unwrap().is_none());
    let submitted = repo.find(rep, kept.id).await.unwrap().unwrap();
    assert_eq!(submitted.status(), ApplicationStatus::Submitted);
    assert!(repo.find(other, others.id).await.unwrap().is_some());
    assert_eq!(
        documents.list(kept.id).await.unwrap(),
        vec![files[3].clone()]
    );
    assert_eq!(
        documents.list(others.id).await.unwrap(),
        vec![files[4].clone()]
    );
    assert_eq!(ctx.rows("documents").await, 2);
    assert!(accounts.draft_files(rep).await.unwrap().is_empty());
}

pub async fn a_draft_is_warned_of_its_last_day_once_with_its_message_and_mail(ctx: Ctx) {
    use portal_domain::account::{AccountMessage, SideEffects};
    use portal_domain::mail::OutgoingMail;

    let repo = ctx.db.applications();
    let rep = owner(&ctx, "warned@example.com").await;
    // Created on 2030-01-15 + n days with 60 days to submit: last days 2030-03-16 + n.
    let day = |days: i64| at(days * 24 * 60);
    let soonest = stored(&ctx, rep, visitor(), ("Ann", "Lee"), day(-1)).await;
    let due = stored(&ctx, rep, visitor(), ("Bo", "Lee"), day(0)).await;
    let later = stored(&ctx, rep, visitor(), ("Cy", "Lee"), day(1)).await;
    let submitted = stored(&ctx, rep, visitor(), ("Ed", "Lee"), day(-5)).await;
    repo.submit(
        std::slice::from_ref(&submitted),
        day(-4),
        &SideEffects::default(),
    )
    .await
    .unwrap();
    let by = date!(2030 - 03 - 16);
    let ids = |apps: Vec<Application>| apps.into_iter().map(|a| a.id).collect::<Vec<_>>();
    assert_eq!(
        ids(repo.drafts_to_warn(by, 10).await.unwrap()),
        [soonest.id, due.id]
    );
    assert_eq!(ids(repo.drafts_to_warn(by, 1).await.unwrap()), [soonest.id]);
    let effects = SideEffects {
        mails: vec![OutgoingMail {
            to: portal_domain::account::EmailAddress::parse("warned@example.com").unwrap(),
            subject: "Draft application to be deleted soon".into(),
            body: "Body".into(),
        }],
        messages: vec![AccountMessage {
            account_id: rep,
            subject: "Draft application to be deleted soon".into(),
            body: "Body".into(),
            sent_at: at(5),
            asks_action: false,
        }],
        ..SideEffects::default()
    };

    assert!(
        repo.mark_expiry_warned(due.id, at(5), &effects)
            .await
            .unwrap()
    );
    assert!(
        !repo
            .mark_expiry_warned(due.id, at(6), &effects)
            .await
            .unwrap(),
        "warned once"
    );
    assert!(
        !repo
            .mark_expiry_warned(submitted.id, at(6), &effects)
            .await
            .unwrap(),
        "a submitted application is never warned"
    );

    assert_eq!(
        ids(repo.drafts_to_warn(by, 10).await.unwrap()),
        [soonest.id]
    );
    assert_eq!(ctx.rows("account_messages").await, 1);
    assert_eq!(ctx.rows("outbox").await, 1);
    assert!(repo.find(rep, later.id).await.unwrap().is_some());
    let found = repo.find(rep, due.id).await.unwrap().unwrap();
    assert_eq!(found.version, due.version, "the draft itself is unchanged");
}
