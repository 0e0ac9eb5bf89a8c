//! Writes the [`SideEffects`] of a change inside the caller's transaction, so that a mail,
//! a message or an audit entry exists if and only if the change happened.

use std::sync::Arc;

use portal_domain::RepositoryError;
use portal_domain::account::{AccountId, SideEffects};
use portal_domain::audit::{AuditEvent, NoRequest, RequestOrigin};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::entity::{account_messages, audit_events, email_changes, outbox, reset_codes, sessions};
use crate::error::db;
use crate::timestamp::to_micros;

/// Where the request being served comes from (the domain's [`RequestOrigin`] port): asked
/// for the client address written beside each audit entry.
#[derive(Clone)]
pub(crate) struct Origin(pub(crate) Arc<dyn RequestOrigin>);

impl Origin {
    /// The client address of the request being served, if any.
    pub(crate) fn address(&self) -> Option<String> {
        self.0.client_address()
    }
}

impl Default for Origin {
    fn default() -> Self {
        Self(Arc::new(NoRequest))
    }
}

impl std::fmt::Debug for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Origin")
    }
}

/// Writes `effects`; `address` is the client address recorded with their audit entries;
/// `account` is the account the change was about, which
/// `end_sessions`, `delete_reset_code` and `delete_email_change` refer to. Those flags
/// without an account are a programming error and fail rather than being ignored.
/// A pending email change is stored under its own account.
pub(crate) async fn write<C: ConnectionTrait>(
    txn: &C,
    address: Option<&str>,
    account: Option<AccountId>,
    effects: &SideEffects,
) -> Result<(), RepositoryError> {
    if effects.end_sessions
        || effects.delete_reset_code
        || effects.delete_email_change
        || effects.delete_drafts
    {
        let Some(account) = account else {
            return Err(RepositoryError::message(
                "ending sessions or deleting a reset code, email change or drafts needs the \
                 account they belong to",
            ));
        };
        if effects.delete_drafts {
            crate::applications::delete_all_drafts_in(txn, account).await?;
        }
        let id = account.as_uuid();
        if effects.end_sessions {
            sessions::Entity::delete_many()
                .filter(sessions::Column::AccountId.eq(id))
                .exec(txn)
                .await
                .map_err(db)?;
        }
        if effects.delete_reset_code {
            reset_codes::Entity::delete_by_id(id)
                .exec(txn)
                .await
                .map_err(db)?;
        }
        if effects.delete_email_change {
            email_changes::Entity::delete_by_id(id)
                .exec(txn)
                .await
                .map_err(db)?;
        }
    }
    if let Some(change) = &effects.store_email_change {
        crate::email_changes::replace_in(txn, change).await?;
    }
    if let Some(key) = &effects.clear_throttle {
        crate::throttle::clear_in(txn, key).await?;
    }
    if let Some(enquiry) = &effects.store_enquiry {
        crate::enquiries::insert_in(txn, enquiry).await?;
    }
    if let Some(resolved) = &effects.resolve_enquiry {
        crate::enquiries::resolve_in(txn, resolved).await?;
    }
    // The domain's mail carries no time of its own; the queue time only orders delivery
    // and is shown to operators, so the system clock is good enough here. New mail is due
    // at once (`next_attempt_at` NULL) whatever the caller's clock says.
    let queued_at = to_micros(OffsetDateTime::now_utc());
    let mails = effects.mails.iter().map(|mail| outbox::ActiveModel {
        id: Set(Uuid::now_v7()),
        recipient: Set(mail.to.as_str().to_owned()),
        subject: Set(mail.subject.clone()),
        body: Set(mail.body.clone()),
        status: Set(outbox::STATUS_QUEUED.to_owned()),
        attempts: Set(0),
        next_attempt_at: Set(None),
        leased_until: Set(None),
        last_error: Set(None),
        created_at: Set(queued_at),
        sent_at: Set(None),
    });
    outbox::Entity::insert_many(mails)
        .exec_without_returning(txn)
        .await
        .map_err(db)?;
    let messages = effects
        .messages
        .iter()
        .map(|message| account_messages::ActiveModel {
            id: Set(Uuid::now_v7()),
            account_id: Set(message.account_id.as_uuid()),
            subject: Set(message.subject.clone()),
            body: Set(message.body.clone()),
            sent_at: Set(to_micros(message.sent_at)),
            read_at: Set(None),
            asks_action: Set(message.asks_action),
        });
    account_messages::Entity::insert_many(messages)
        .exec_without_returning(txn)
        .await
        .map_err(db)?;
    append_audit(txn, address, &effects.audit).await
}

/// Appends audit entries with the client address.
pub(crate) async fn append_audit<C: ConnectionTrait>(
    txn: &C,
    address: Option<&str>,
    events: &[AuditEvent],
) -> Result<(), RepositoryError> {
    let rows = events.iter().map(|event| audit_events::ActiveModel {
        id: Set(Uuid::now_v7()),
        at: Set(to_micros(event.at)),
        actor_id: Set(event.actor.map(|a| a.as_uuid())),
        subject_id: Set(event.subject.map(|a| a.as_uuid())),
        action: Set(event.action.as_str().to_owned()),
        application_id: Set(event.application.map(|a| a.as_uuid())),
        enquiry_id: Set(event.enquiry.map(|e| e.as_uuid())),
        client_address: Set(address.map(str::to_owned)),
    });
    audit_events::Entity::insert_many(rows)
        .exec_without_returning(txn)
        .await
        .map_err(db)?;
    Ok(())
}
