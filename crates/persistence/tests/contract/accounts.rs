//! Cases for `SeaOrmAccountRepository`.

use portal_domain::account::{
    AccountRepository, AccountStatus, AccountStatusKind, EmailAddress, InsertAccountError, IrccId,
    RejectionReason, ResetCodeStore, Session, SessionStore, SideEffects, StoredResetCode,
    ThrottleKey, ThrottlePolicy, ThrottleStore, UpdateAccountError,
};
use portal_domain::mail::OutboxQueue;
use portal_domain::secrets::{PasswordHash, TokenDigest};

use crate::support::{Ctx, at, mail_effects, notice_effects, officer, representative};

pub async fn a_new_account_is_found_by_id_and_by_email(ctx: Ctx) {
    let repo = ctx.db.accounts();
    let account = representative("Marie@Example.com");
    repo.insert(&account, &SideEffects::default())
        .await
        .unwrap();

    let by_id = repo.find_by_id(account.id).await.unwrap();
    let by_email = repo
        .find_by_email(&EmailAddress::parse("MARIE@example.COM").unwrap())
        .await
        .unwrap();

    assert_eq!(by_id.as_ref(), Some(&account));
    assert_eq!(by_email, Some(account));
    assert_eq!(
        ctx.text("SELECT email FROM accounts", "email").await,
        "marie@example.com"
    );
}

pub async fn an_officer_without_representative_details_round_trips(ctx: Ctx) {
    let repo = ctx.db.accounts();
    let account = officer("officer@example.gc.ca");
    repo.insert(&account, &SideEffects::default())
        .await
        .unwrap();

    assert_eq!(repo.find_by_id(account.id).await.unwrap(), Some(account));
}

pub async fn an_email_that_is_taken_is_refused_and_nothing_is_written(ctx: Ctx) {
    let repo = ctx.db.accounts();
    let first = representative("taken@example.com");
    repo.insert(&first, &SideEffects::default()).await.unwrap();
    let second = representative("taken@example.com");

    let result = repo
        .insert(
            &second,
            &notice_effects(&second, "Enrolment request submitted"),
        )
        .await;

    assert!(
        matches!(result, Err(InsertAccountError::EmailTaken)),
        "{result:?}"
    );
    assert_eq!(repo.find_by_id(second.id).await.unwrap(), None);
    assert_eq!(ctx.rows("outbox").await, 0);
    assert_eq!(ctx.rows("account_messages").await, 0);
    assert_eq!(ctx.rows("audit_events").await, 0);
}

pub async fn an_update_saves_the_changes_and_advances_the_version(ctx: Ctx) {
    let repo = ctx.db.accounts();
    let mut account = representative("approve@example.com");
    repo.insert(&account, &SideEffects::default())
        .await
        .unwrap();

    account
        .approve(IrccId::parse("P010001243312").unwrap(), at(30))
        .unwrap();
    repo.update(&account, &SideEffects::default())
        .await
        .unwrap();

    let stored = repo.find_by_id(account.id).await.unwrap().unwrap();
    assert_eq!(stored.status, AccountStatus::Approved);
    assert_eq!(stored.ircc_id, account.ircc_id);
    assert_eq!(stored.updated_at, at(30));
    assert_eq!(stored.created_at, at(0));
    assert_eq!(stored.version, account.version + 1);
}

pub async fn an_update_from_a_stale_version_is_a_conflict_and_writes_nothing(ctx: Ctx) {
    let repo = ctx.db.accounts();
    let account = representative("race@example.com");
    repo.insert(&account, &SideEffects::default())
        .await
        .unwrap();
    let mut officer_a = account.clone();
    let mut officer_b = account.clone();
    officer_a
        .approve(IrccId::parse("P010001243312").unwrap(), at(5))
        .unwrap();
    officer_b
        .reject(
            RejectionReason::parse("Membership not found").unwrap(),
            at(6),
        )
        .unwrap();
    repo.update(&officer_a, &SideEffects::default())
        .await
        .unwrap();

    let result = repo
        .update(
            &officer_b,
            &notice_effects(&officer_b, "Enrolment rejected"),
        )
        .await;

    assert!(
        matches!(result, Err(UpdateAccountError::Conflict)),
        "{result:?}"
    );
    let stored = repo.find_by_id(account.id).await.unwrap().unwrap();
    assert_eq!(stored.status, AccountStatus::Approved);
    assert_eq!(ctx.rows("outbox").await, 0);
    assert_eq!(ctx.rows("account_messages").await, 0);
    assert_eq!(ctx.rows("audit_events").await, 0);
}

pub async fn updating_an_account_that_does_not_exist_is_not_found(ctx: Ctx) {
    let repo = ctx.db.accounts();
    let ghost = representative("ghost@example.com");

    let result = repo.update(&ghost, &SideEffects::default()).await;

    assert!(
        matches!(result, Err(UpdateAccountError::NotFound)),
        "{result:?}"
    );
}

pub async fn an_ircc_id_already_assigned_is_refused_and_nothing_is_written(ctx: Ctx) {
    let repo = ctx.db.accounts();
    let mut first = representative("first@example.com");
    let mut second = representative("second@example.com");
    repo.insert(&first, &SideEffects::default()).await.unwrap();
    repo.insert(&second, &SideEffects::default()).await.unwrap();
    let ircc_id = IrccId::parse("P010001243312").unwrap();
    first.approve(ircc_id.clone(), at(1)).unwrap();
    repo.update(&first, &SideEffects::default()).await.unwrap();

    second.approve(ircc_id, at(2)).unwrap();
    let result = repo
        .update(&second, &notice_effects(&second, "Enrolment approved"))
        .await;

    assert!(
        matches!(result, Err(UpdateAccountError::IrccIdTaken)),
        "{result:?}"
    );
    let stored = repo.find_by_id(second.id).await.unwrap().unwrap();
    assert_eq!(stored.status, AccountStatus::Pending);
    assert_eq!(stored.ircc_id, None);
    assert_eq!(ctx.rows("outbox").await, 0);
}

pub async fn changing_to_a_taken_email_is_refused(ctx: Ctx) {
    let repo = ctx.db.accounts();
    let first = representative("first@example.com");
    let mut second = representative("second@example.com");
    repo.insert(&first, &SideEffects::default()).await.unwrap();
    repo.insert(&second, &SideEffects::default()).await.unwrap();

    second.email = first.email.clone();
    let result = repo.update(&second, &SideEffects::default()).await;

    assert!(
        matches!(result, Err(UpdateAccountError::EmailTaken)),
        "{result:?}"
    );
}

pub async fn side_effects_are_written_with_the_update(ctx: Ctx) {
    let repo = ctx.db.accounts();
    let mut account = representative("notice@example.com");
    repo.insert(&account, &SideEffects::default())
        .await
        .unwrap();
    account.request_closure(at(10)).unwrap();

    repo.update(&account, &notice_effects(&account, "Closure requested"))
        .await
        .unwrap();

    let mails = ctx.db.outbox().claim_due(at(11), at(12), 10).await.unwrap();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to, "notice@example.com");
    assert_eq!(mails[0].subject, "Closure requested");
    assert_eq!(mails[0].attempts, 0);
    assert_eq!(ctx.rows("account_messages").await, 1);
    assert_eq!(
        ctx.text("SELECT subject FROM account_messages", "subject")
            .await,
        "Closure requested"
    );
    assert_eq!(
        ctx.text("SELECT action FROM audit_events", "action").await,
        "contact_updated"
    );
}

pub async fn an_update_ends_sessions_deletes_the_reset_code_and_clears_the_throttle(ctx: Ctx) {
    let repo = ctx.db.accounts();
    let mut account = representative("reset@example.com");
    let other = representative("other@example.com");
    repo.insert(&account, &SideEffects::default())
        .await
        .unwrap();
    repo.insert(&other, &SideEffects::default()).await.unwrap();
    let sessions = ctx.db.sessions();
    for (digest, owner) in [("a1", &account), ("a2", &account), ("b1", &other)] {
        let session = Session {
            digest: TokenDigest::new(digest),
            account_id: owner.id,
            created_at: at(0),
            last_seen_at: at(0),
        };
        sessions.insert(&session).await.unwrap();
    }
    let code = StoredResetCode {
        account_id: account.id,
        code_hash: PasswordHash::new("$argon2id$code"),
        expires_at: at(10),
        failed_attempts: 0,
    };
    ctx.db
        .reset_codes()
        .replace(&code, &SideEffects::default())
        .await
        .unwrap();
    let key = ThrottleKey::for_email(" Reset@Example.com ");
    let from_address = key.from_address([192, 0, 2, 1].into());
    let throttle = ctx.db.throttle();
    let policy = ThrottlePolicy::default();
    throttle.count_attempt(&key, at(1), &policy).await.unwrap();
    throttle
        .count_attempt(&from_address, at(1), &policy)
        .await
        .unwrap();

    account.set_password(PasswordHash::new("$argon2id$new"), at(5));
    let effects = SideEffects {
        end_sessions: true,
        delete_reset_code: true,
        clear_throttle: Some(key.clone()),
        ..SideEffects::default()
    };
    repo.update(&account, &effects).await.unwrap();

    assert_eq!(
        sessions
            .find_with_account(&TokenDigest::new("a1"))
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        sessions
            .find_with_account(&TokenDigest::new("a2"))
            .await
            .unwrap(),
        None
    );
    assert!(
        sessions
            .find_with_account(&TokenDigest::new("b1"))
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(ctx.db.reset_codes().find(account.id).await.unwrap(), None);
    assert_eq!(ctx.db.throttle().get(&key).await.unwrap(), None);
    assert_eq!(ctx.db.throttle().get(&from_address).await.unwrap(), None);
}

pub async fn record_writes_side_effects_that_change_no_account(ctx: Ctx) {
    let repo = ctx.db.accounts();

    repo.record(&mail_effects("nobody@example.com", "Enrolment attempted"))
        .await
        .unwrap();

    assert_eq!(ctx.count("outbox", "status = 'queued'").await, 1);
    assert_eq!(ctx.rows("accounts").await, 0);
}

pub async fn record_refuses_to_end_sessions_without_an_account(ctx: Ctx) {
    let repo = ctx.db.accounts();
    let effects = SideEffects {
        end_sessions: true,
        ..mail_effects("nobody@example.com", "Should not be queued")
    };

    let result = repo.record(&effects).await;

    assert!(result.is_err());
    assert_eq!(ctx.rows("outbox").await, 0);
}

pub async fn accounts_are_listed_by_status_oldest_first_up_to_the_limit(ctx: Ctx) {
    let repo = ctx.db.accounts();
    let mut expected = Vec::new();
    for (i, minutes) in [30, 10, 20].into_iter().enumerate() {
        let mut account = representative(&format!("pending{i}@example.com"));
        account.created_at = at(minutes);
        repo.insert(&account, &SideEffects::default())
            .await
            .unwrap();
        expected.push((minutes, account));
    }
    repo.insert(&officer("officer@example.gc.ca"), &SideEffects::default())
        .await
        .unwrap();
    expected.sort_by_key(|(minutes, _)| *minutes);

    let pending = repo
        .list_by_status(AccountStatusKind::Pending, 2)
        .await
        .unwrap();
    let approved = repo
        .list_by_status(AccountStatusKind::Approved, 10)
        .await
        .unwrap();

    let expected: Vec<_> = expected.into_iter().take(2).map(|(_, a)| a).collect();
    assert_eq!(pending, expected);
    assert_eq!(approved.len(), 1);
    assert_eq!(approved[0].email.as_str(), "officer@example.gc.ca");
}

pub async fn a_stored_row_that_does_not_convert_is_an_error_not_skipped(ctx: Ctx) {
    let repo = ctx.db.accounts();
    let broken = representative("broken@example.com");
    let fine = representative("fine@example.com");
    repo.insert(&broken, &SideEffects::default()).await.unwrap();
    repo.insert(&fine, &SideEffects::default()).await.unwrap();

    ctx.execute(
        "UPDATE accounts SET telephone_number = 'not digits' WHERE email = 'broken@example.com'",
    )
    .await;

    assert!(repo.find_by_id(broken.id).await.is_err());
    assert!(repo.find_by_email(&broken.email).await.is_err());
    assert!(
        repo.list_by_status(AccountStatusKind::Pending, 10)
            .await
            .is_err()
    );
    assert!(repo.find_by_id(fine.id).await.unwrap().is_some());
}
