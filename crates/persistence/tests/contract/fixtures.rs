//! Fixtures of the application cases: owners, drafts and groups, built through the domain
//! so every one is a valid application.

use portal_domain::account::{AccountId, AccountRepository, PersonName, SideEffects};
use portal_domain::application::{
    Application, ApplicationId, ApplicationKind, ApplicationRepository, CbsaFileNumber,
    ClaimOrigin, GroupRole, VisaProcessing, VisitPurpose,
};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::support::{Ctx, representative};

/// Stores a representative and returns its id.
pub async fn owner(ctx: &Ctx, email: &str) -> AccountId {
    let account = representative(email);
    ctx.db
        .accounts()
        .insert(&account, &SideEffects::default())
        .await
        .unwrap();
    account.id
}

/// A visitor visa (visit, regular processing).
pub fn visitor() -> ApplicationKind {
    ApplicationKind::VisitorVisa {
        purpose: VisitPurpose::Visit,
        processing: VisaProcessing::Regular,
    }
}

/// A refugee claim continuing a CBSA claim.
pub fn cbsa_claim() -> ApplicationKind {
    ApplicationKind::RefugeeClaim {
        origin: ClaimOrigin::Cbsa(CbsaFileNumber::parse("4012-3456").unwrap()),
    }
}

/// A new in-Canada refugee claim.
pub fn new_claim() -> ApplicationKind {
    ApplicationKind::RefugeeClaim {
        origin: ClaimOrigin::NewInCanada,
    }
}

/// A draft of `owner` for "given family", started at `created` with 60 days to submit.
pub fn draft(
    owner: AccountId,
    group: i64,
    role: GroupRole,
    kind: ApplicationKind,
    name: (&str, &str),
    created: OffsetDateTime,
) -> Application {
    Application::start(
        ApplicationId::from_uuid(Uuid::now_v7()),
        owner,
        portal_domain::application::GroupId::new(group),
        role,
        kind,
        &PersonName::parse(name.0).unwrap(),
        &PersonName::parse(name.1).unwrap(),
        created,
        60,
    )
}

/// Stores a one-applicant group of `owner` with a new group ID and returns it.
pub async fn stored(
    ctx: &Ctx,
    owner: AccountId,
    kind: ApplicationKind,
    name: (&str, &str),
    created: OffsetDateTime,
) -> Application {
    let repo = ctx.db.applications();
    let group = repo.next_group_id().await.unwrap();
    let application = draft(
        owner,
        group.get(),
        GroupRole::Principal,
        kind,
        name,
        created,
    );
    repo.insert(std::slice::from_ref(&application), &SideEffects::default())
        .await
        .unwrap();
    application
}
