//! Tests of the days left to submit and of the expiry job (F12).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use time::macros::{date, datetime};

use super::test_support::*;
use super::*;
use crate::effects::SideEffects;
use crate::error::RepositoryError;
use time::OffsetDateTime;

#[test]
fn the_last_day_has_zero_days_left_and_the_day_after_is_expired() {
    let application = draft(visitor_visa());
    assert_eq!(application.expires_on(), Some(date!(2025 - 05 - 09)));

    let on = |day| (application.days_left(day), application.is_expired(day));

    assert_eq!(on(date!(2025 - 03 - 10)), (Some(60), false), "day created");
    assert_eq!(on(date!(2025 - 05 - 08)), (Some(1), false));
    assert_eq!(on(date!(2025 - 05 - 09)), (Some(0), false), "last day");
    assert_eq!(on(date!(2025 - 05 - 10)), (Some(0), true), "day after");
    assert_eq!(on(date!(2026 - 01 - 01)), (Some(0), true), "never negative");
}

#[test]
fn a_submitted_application_has_no_days_left_and_never_expires() {
    let mut application = answered(draft(visitor_visa()));
    application
        .submit(number("V100000001"), datetime!(2025-05-09 23:00 UTC))
        .unwrap();

    for day in [
        date!(2025 - 05 - 09),
        date!(2025 - 05 - 10),
        date!(2027 - 01 - 01),
    ] {
        assert_eq!(application.days_left(day), None, "N/A on {day}");
        assert!(!application.is_expired(day), "{day}");
    }
}

/// Expects the expiry job to be handed `expired` for UTC day `today`, with any limit.
fn expect_expired(mocks: &mut Mocks, today: time::Date, limit: u32, expired: Vec<Application>) {
    mocks
        .applications
        .expect_expired_drafts()
        .withf(move |d, l| *d == today && *l == limit)
        .times(1)
        .returning(move |_, _| Ok(expired.clone()));
}

/// Records the names the store is asked to delete.
fn record_store_deletes(mocks: &mut Mocks) -> Recorder<String> {
    let deleted = Recorder::new();
    mocks.store.expect_delete().returning({
        let deleted = deleted.clone();
        move |name| {
            deleted.push(name.to_owned());
            Ok(())
        }
    });
    deleted
}

#[tokio::test]
async fn expired_drafts_of_every_representative_are_deleted_with_their_files() {
    let mine = draft(visitor_visa());
    let mut theirs = draft(ApplicationKind::StudyPermit);
    theirs.representative_id = stranger();
    let files = [document(&mine, "photo"), document(&mine, "passport_copy")];
    let mut mocks = Mocks::new();
    mocks.now = datetime!(2025-05-10 00:00:01 UTC);
    expect_expired(
        &mut mocks,
        date!(2025 - 05 - 10),
        100,
        vec![mine.clone(), theirs.clone()],
    );
    mocks.expect_documents(&mine, files.to_vec());
    mocks.expect_documents(&theirs, Vec::new());
    for draft in [&mine, &theirs] {
        let (owner, id) = (draft.representative_id, draft.id);
        mocks
            .applications
            .expect_delete_drafts()
            .withf(move |o, ids, effects| {
                *o == owner
                    && ids == [id]
                    && effects.audit[0].action == crate::audit::AuditAction::ApplicationExpired
                    && effects.audit[0].actor.is_none()
            })
            .times(1)
            .returning(|_, _, _| Ok(1));
    }
    let deleted_files = record_store_deletes(&mut mocks);

    let purged = mocks.service().purge_expired(100).await.unwrap();

    assert_eq!(purged, 2);
    assert_eq!(
        deleted_files.all(),
        [files[0].stored_name.clone(), files[1].stored_name.clone()]
    );
}

#[tokio::test]
async fn a_day_with_nothing_expired_deletes_nothing() {
    let mut mocks = Mocks::new();
    expect_expired(&mut mocks, NOW.date(), 500, Vec::new());

    let purged = mocks.service().purge_expired(500).await.unwrap();

    assert_eq!(purged, 0);
}

#[tokio::test]
async fn a_draft_submitted_while_it_was_being_purged_keeps_its_files() {
    let expired = draft(visitor_visa());
    let mut submitted = answered(expired.clone());
    submitted.submit(number("V100000007"), NOW).unwrap();
    let mut mocks = Mocks::new();
    mocks.now = datetime!(2025-05-10 03:00 UTC);
    expect_expired(&mut mocks, date!(2025 - 05 - 10), 10, vec![expired.clone()]);
    mocks.expect_documents(&expired, vec![document(&expired, "photo")]);
    mocks
        .applications
        .expect_delete_drafts()
        .times(1)
        .returning(|_, _, _| Ok(0));
    mocks.expect_find(&submitted);
    // No store expectation: deleting the submitted application's file would fail the test.

    let purged = mocks.service().purge_expired(10).await.unwrap();

    assert_eq!(purged, 0);
}

#[tokio::test]
async fn a_storage_failure_stops_the_expiry_job_with_an_error() {
    let mut mocks = Mocks::new();
    mocks
        .applications
        .expect_expired_drafts()
        .times(1)
        .returning(|_, _| Err(RepositoryError::message("database locked")));

    let result = mocks.service().purge_expired(100).await;

    assert!(result.is_err());
}

#[tokio::test]
async fn the_expiry_job_counts_days_on_the_utc_calendar() {
    let mut mocks = Mocks::new();
    // Still May 9 in Vancouver, already May 10 in UTC.
    mocks.now = datetime!(2025-05-09 18:00 -7);
    expect_expired(&mut mocks, date!(2025 - 05 - 10), 100, Vec::new());

    mocks.service().purge_expired(100).await.unwrap();
}

/// Expects the drafts to warn to be asked for with a last day by `by`, answering `drafts`.
fn expect_to_warn(mocks: &mut Mocks, by: time::Date, drafts: Vec<Application>) {
    mocks
        .applications
        .expect_drafts_to_warn()
        .withf(move |d, _| *d == by)
        .times(1)
        .returning(move |_, _| Ok(drafts.clone()));
}

/// Records each warning marked, answering `stored` for each.
fn record_warnings(
    mocks: &mut Mocks,
    stored: bool,
) -> Recorder<(ApplicationId, OffsetDateTime, SideEffects)> {
    let marked = Recorder::new();
    mocks.applications.expect_mark_expiry_warned().returning({
        let marked = marked.clone();
        move |id, at, effects| {
            marked.push((id, at, effects.clone()));
            Ok(stored)
        }
    });
    marked
}

#[tokio::test]
async fn owners_are_warned_seven_days_before_a_drafts_last_day_in_their_language() {
    let mut application = draft(visitor_visa());
    application.applicant_name = "Liam Chen".to_owned();
    let mut mocks = Mocks::new();
    // NOW is 2025-03-10: drafts whose last day is 2025-03-17 or earlier are due.
    expect_to_warn(&mut mocks, date!(2025 - 03 - 17), vec![application.clone()]);
    let mut french = approved_representative();
    french.language = crate::account::Language::French;
    mocks
        .accounts
        .expect_find_by_id()
        .withf(|id| *id == owner())
        .returning(move |_| Ok(Some(french.clone())));
    let marked = record_warnings(&mut mocks, true);

    let warned = mocks.service().warn_expiring_drafts(100).await.unwrap();

    assert_eq!(warned, 1);
    let (id, at, effects) = marked.only();
    assert_eq!((id, at), (application.id, NOW));
    assert_eq!(effects.mails.len(), 1);
    assert_eq!(
        effects.mails[0].to.as_str(),
        "john.incredible@cicc.example.ca"
    );
    assert!(
        effects.mails[0]
            .subject
            .starts_with("fr:notice-draft-expiring-subject"),
        "{}",
        effects.mails[0].subject
    );
    let message = &effects.messages[0];
    assert_eq!(message.account_id, owner());
    assert_eq!(message.sent_at, NOW);
    assert!(message.body.contains("Liam Chen"), "{}", message.body);
    assert!(message.body.contains("2025-05-09"), "{}", message.body);
}

#[tokio::test]
async fn a_draft_warned_meanwhile_is_not_counted_twice() {
    let application = draft(visitor_visa());
    let mut mocks = Mocks::new();
    expect_to_warn(&mut mocks, date!(2025 - 03 - 17), vec![application]);
    mocks
        .accounts
        .expect_find_by_id()
        .returning(|_| Ok(Some(approved_representative())));
    record_warnings(&mut mocks, false);

    assert_eq!(mocks.service().warn_expiring_drafts(100).await.unwrap(), 0);
}

#[tokio::test]
async fn the_warning_period_is_a_setting() {
    let mut mocks = Mocks::new();
    mocks.settings.expiry_warning_days = 3;
    expect_to_warn(&mut mocks, date!(2025 - 03 - 13), Vec::new());

    assert_eq!(mocks.service().warn_expiring_drafts(100).await.unwrap(), 0);
}

#[tokio::test]
async fn an_owner_with_several_drafts_due_is_read_once_and_told_of_each() {
    let first = draft(visitor_visa());
    let second = draft(cbsa_claim());
    let mut mocks = Mocks::new();
    expect_to_warn(&mut mocks, date!(2025 - 03 - 17), vec![first, second]);
    mocks
        .accounts
        .expect_find_by_id()
        .times(1)
        .returning(|_| Ok(Some(approved_representative())));
    let marked = record_warnings(&mut mocks, true);

    assert_eq!(mocks.service().warn_expiring_drafts(100).await.unwrap(), 2);
    assert_eq!(marked.all().len(), 2);
}
