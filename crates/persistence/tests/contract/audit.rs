//! The audit trail: entries carry the client address of the request that wrote them, are
//! written with their change (or not at all), and are searched by account, application,
//! kind and time, newest first.

use std::sync::Arc;

use portal_domain::application::{ApplicationRepository, SaveApplicationError};
use portal_domain::audit::{AuditAction, AuditEvent, AuditQuery, AuditTrail, RequestOrigin};
use portal_domain::effects::SideEffects;

use crate::fixtures::{owner, stored, visitor};
use crate::support::{Ctx, at};

struct From(&'static str);

impl RequestOrigin for From {
    fn client_address(&self) -> Option<String> {
        Some(self.0.to_owned())
    }
}

fn query() -> AuditQuery {
    AuditQuery {
        account: None,
        application: None,
        action: None,
        from: None,
        until: None,
        page: 1,
        per_page: 25,
    }
}

pub async fn entries_carry_the_requests_address_and_are_written_only_with_their_change(ctx: Ctx) {
    let db = ctx
        .db
        .clone()
        .with_request_origin(Arc::new(From("198.51.100.4")));
    let rep = owner(&ctx, "rep@example.com").await;
    let draft = stored(&ctx, rep, visitor(), ("Violet", "Parr"), at(0)).await;
    let saved = |minutes| SideEffects {
        audit: vec![AuditEvent {
            at: at(minutes),
            actor: Some(rep),
            subject: Some(rep),
            application: Some(draft.id),
            enquiry: None,
            action: AuditAction::ApplicationSaved,
        }],
        ..SideEffects::default()
    };
    db.applications().save(&draft, &saved(1)).await.unwrap();
    // A stale save changes nothing and audits nothing.
    let stale = db.applications().save(&draft, &saved(2)).await;
    assert!(
        matches!(stale, Err(SaveApplicationError::Conflict)),
        "{stale:?}"
    );

    let (total, entries) = db
        .audit()
        .search(&AuditQuery {
            application: Some(draft.id),
            action: Some(AuditAction::ApplicationSaved),
            ..query()
        })
        .await
        .unwrap();
    assert_eq!(total, 1);
    assert_eq!(entries[0].event, saved(1).audit[0]);
    assert_eq!(entries[0].client_address.as_deref(), Some("198.51.100.4"));

    // Without a request (a background job) there is no address.
    ctx.db.audit().append(&saved(3).audit).await.unwrap();
    let (_, newest) = ctx.db.audit().search(&query()).await.unwrap();
    assert_eq!(newest[0].event.at, at(3), "newest first");
    assert_eq!(newest[0].client_address, None);
}

pub async fn the_trail_is_searched_by_account_kind_and_time(ctx: Ctx) {
    let trail = ctx.db.audit();
    let a = owner(&ctx, "a@example.com").await;
    let b = owner(&ctx, "b@example.com").await;
    let event = |minutes, actor, subject, action| AuditEvent {
        at: at(minutes),
        actor,
        subject,
        application: None,
        enquiry: None,
        action,
    };
    trail
        .append(&[
            event(1, Some(a), Some(a), AuditAction::SignedIn),
            event(2, Some(b), Some(b), AuditAction::SignedIn),
            event(3, Some(b), Some(a), AuditAction::EnrolmentApproved),
            event(4, Some(a), Some(a), AuditAction::SignedOut),
        ])
        .await
        .unwrap();
    let count = |q: AuditQuery| {
        let trail = trail.clone();
        async move { trail.search(&q).await.unwrap().0 }
    };
    assert_eq!(
        count(AuditQuery {
            account: Some(a),
            ..query()
        })
        .await,
        3,
        "actor or subject"
    );
    assert_eq!(
        count(AuditQuery {
            action: Some(AuditAction::SignedIn),
            ..query()
        })
        .await,
        2
    );
    assert_eq!(
        count(AuditQuery {
            from: Some(at(2)),
            until: Some(at(4)),
            ..query()
        })
        .await,
        2,
        "from inclusive, until exclusive"
    );
    let (total, second_page) = trail
        .search(&AuditQuery {
            per_page: 3,
            page: 2,
            ..query()
        })
        .await
        .unwrap();
    assert_eq!((total, second_page.len()), (4, 1));
    assert_eq!(second_page[0].event.at, at(1));
}
