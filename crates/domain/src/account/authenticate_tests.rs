//! Tests of session checks and sign-out (F2) against mocks of the ports.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use time::{Duration, OffsetDateTime};

use super::*;
use crate::account::model::AccountStatus;
use crate::account::settings::AccountSettings;
use crate::account::test_support::*;
use crate::audit::AuditEvent;

fn token(value: &str) -> SessionToken {
    SessionToken::new(secret(value))
}

/// Mocks where `token-1` finds `found`, a session with its account. The account comes
/// with the session, so it is never looked up on its own.
fn with_session(found: Option<(Session, Account)>) -> Mocks {
    let mut mocks = Mocks::new();
    mocks.expect_digests();
    mocks
        .sessions
        .expect_find_with_account()
        .withf(|digest| *digest == digest_of("token-1"))
        .times(1)
        .returning(move |_| Ok(found.clone()));
    mocks
}

fn expect_session_deleted(mocks: &mut Mocks) {
    mocks
        .sessions
        .expect_delete()
        .withf(|digest| *digest == digest_of("token-1"))
        .times(1)
        .returning(|_| Ok(()));
}

#[tokio::test]
async fn a_valid_token_authenticates_its_session_and_account() {
    let account = approved_representative();
    let session = session(
        &account,
        "token-1",
        Duration::minutes(10),
        Duration::milliseconds(300),
    );
    let mut mocks = with_session(Some((session.clone(), account.clone())));
    mocks.sessions.expect_touch().never();
    mocks.sessions.expect_delete().never();
    let service = mocks.service();

    let authenticated = service.authenticate(&token("token-1")).await.unwrap();

    assert_eq!(authenticated.session, session);
    assert_eq!(authenticated.account, account);
}

#[tokio::test]
async fn an_unknown_token_is_unauthenticated() {
    let mocks = with_session(None);
    let service = mocks.service();

    let err = service.authenticate(&token("token-1")).await.unwrap_err();

    assert!(matches!(err, AuthenticateError::Unauthenticated), "{err:?}");
}

#[tokio::test]
async fn a_session_idle_for_exactly_thirty_minutes_is_ended() {
    let account = approved_representative();
    let idle = session(
        &account,
        "token-1",
        Duration::hours(1),
        Duration::minutes(30),
    );
    let mut mocks = with_session(Some((idle, account.clone())));
    expect_session_deleted(&mut mocks);
    let service = mocks.service();

    let err = service.authenticate(&token("token-1")).await.unwrap_err();

    assert!(matches!(err, AuthenticateError::Unauthenticated), "{err:?}");
}

#[tokio::test]
async fn a_session_idle_for_one_second_less_than_thirty_minutes_is_still_valid() {
    let account = approved_representative();
    let idle_time = Duration::minutes(30) - Duration::seconds(1);
    let session = session(&account, "token-1", Duration::hours(1), idle_time);
    let mut mocks = with_session(Some((session, account.clone())));
    mocks
        .sessions
        .expect_touch()
        .times(1)
        .returning(|_, _| Ok(()));
    let service = mocks.service();

    service.authenticate(&token("token-1")).await.unwrap();
}

#[tokio::test]
async fn a_session_ends_twelve_hours_after_sign_in_even_if_it_is_in_use() {
    let account = approved_representative();
    let old = session(
        &account,
        "token-1",
        Duration::hours(12),
        Duration::seconds(10),
    );
    let mut mocks = with_session(Some((old, account.clone())));
    expect_session_deleted(&mut mocks);
    let service = mocks.service();

    let err = service.authenticate(&token("token-1")).await.unwrap_err();

    assert!(matches!(err, AuthenticateError::Unauthenticated), "{err:?}");
}

#[tokio::test]
async fn a_session_of_a_closed_account_is_ended() {
    let account = representative(AccountStatus::Closed);
    let session = session(
        &account,
        "token-1",
        Duration::minutes(5),
        Duration::minutes(2),
    );
    let mut mocks = with_session(Some((session, account.clone())));
    expect_session_deleted(&mut mocks);
    mocks.sessions.expect_touch().never();
    let service = mocks.service();

    let err = service.authenticate(&token("token-1")).await.unwrap_err();

    assert!(matches!(err, AuthenticateError::Unauthenticated), "{err:?}");
}

#[tokio::test]
async fn a_session_used_within_the_last_second_is_not_touched() {
    let account = approved_representative();
    let session = session(
        &account,
        "token-1",
        Duration::minutes(5),
        Duration::milliseconds(999),
    );
    let mut mocks = with_session(Some((session.clone(), account.clone())));
    mocks.sessions.expect_touch().never();
    let service = mocks.service();

    let authenticated = service.authenticate(&token("token-1")).await.unwrap();

    assert_eq!(authenticated.session.last_seen_at, session.last_seen_at);
}

#[tokio::test]
async fn a_session_unused_for_a_second_is_touched_with_the_current_time() {
    let account = approved_representative();
    let session = session(
        &account,
        "token-1",
        Duration::minutes(5),
        Duration::seconds(1),
    );
    let mut mocks = with_session(Some((session, account.clone())));
    mocks
        .sessions
        .expect_touch()
        .withf(|digest, at| *digest == digest_of("token-1") && *at == NOW)
        .times(1)
        .returning(|_, _| Ok(()));
    let service = mocks.service();

    let authenticated = service.authenticate(&token("token-1")).await.unwrap();

    assert_eq!(authenticated.session.last_seen_at, NOW);
}

/// Authenticates `token-1` at `now`, its session stored as `stored`; returns the result and
/// the last use the store was told of, if any.
async fn authenticate_at(
    now: OffsetDateTime,
    stored: Session,
    account: &Account,
) -> (
    Result<Authenticated, AuthenticateError>,
    Option<OffsetDateTime>,
) {
    let mut mocks = with_session(Some((stored, account.clone())));
    mocks.now = now;
    let touched = Recorder::new();
    mocks.sessions.expect_touch().returning({
        let touched = touched.clone();
        move |_, at| {
            touched.push(at);
            Ok(())
        }
    });
    mocks.sessions.expect_delete().returning(|_| Ok(()));
    let service = mocks.service();
    let result = service.authenticate(&token("token-1")).await;
    (result, touched.all().last().copied())
}

#[tokio::test]
async fn an_active_session_lasts_the_whole_idle_timeout_after_its_last_use() {
    let account = approved_representative();
    let idle = AccountSettings::default().session_idle_timeout;
    let signed_in_at = NOW;
    let mut stored = Session {
        digest: digest_of("token-1"),
        account_id: account.id,
        created_at: signed_in_at,
        last_seen_at: signed_in_at,
    };

    // Used 59 seconds after sign-in: that use is recorded.
    let used_at = signed_in_at + Duration::seconds(59);
    let (used, touched) = authenticate_at(used_at, stored.clone(), &account).await;
    assert!(used.is_ok());
    stored.last_seen_at = touched.expect("the use is recorded");
    assert_eq!(stored.last_seen_at, used_at);

    // A second short of the idle timeout after that use, the session still works.
    let almost = used_at + idle - Duration::seconds(1);
    let (still, _) = authenticate_at(almost, stored.clone(), &account).await;
    assert!(still.is_ok(), "ended early: {still:?}");

    // The idle timeout after the last use (recorded again just now), it has ended.
    stored.last_seen_at = almost;
    let (ended, _) = authenticate_at(almost + idle, stored, &account).await;
    assert!(matches!(ended, Err(AuthenticateError::Unauthenticated)));
}

#[tokio::test]
async fn signing_out_deletes_the_session_and_audits_it() {
    let account = approved_representative();
    let session = session(
        &account,
        "token-1",
        Duration::minutes(5),
        Duration::minutes(1),
    );
    let mut mocks = with_session(Some((session, account.clone())));
    expect_session_deleted(&mut mocks);
    mocks
        .accounts
        .expect_record()
        .withf(move |effects| {
            effects.audit
                == [AuditEvent {
                    at: NOW,
                    actor: Some(account.id),
                    subject: Some(account.id),
                    application: None,
                    enquiry: None,
                    action: AuditAction::SignedOut,
                }]
        })
        .times(1)
        .returning(|_| Ok(()));
    let service = mocks.service();

    service.sign_out(&token("token-1")).await.unwrap();
}

#[tokio::test]
async fn signing_out_with_a_token_that_is_no_session_is_unauthenticated() {
    let mut mocks = with_session(None);
    mocks.sessions.expect_delete().never();
    mocks.accounts.expect_record().never();
    let service = mocks.service();

    let err = service.sign_out(&token("token-1")).await.unwrap_err();

    assert!(matches!(err, SignOutError::Unauthenticated), "{err:?}");
}

#[tokio::test]
async fn expired_sessions_are_those_idle_or_started_longer_than_the_settings_allow() {
    let settings = AccountSettings::default();
    let idle_before = NOW - settings.session_idle_timeout;
    let started_before = NOW - settings.session_absolute_timeout;
    let mut mocks = Mocks::new();
    mocks
        .sessions
        .expect_delete_expired()
        .withf(move |idle, started| *idle == idle_before && *started == started_before)
        .times(1)
        .returning(|_, _| Ok(3));
    let service = mocks.service();

    assert_eq!(service.end_expired_sessions().await.unwrap(), 3);
}
