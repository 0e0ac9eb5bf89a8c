//! The officers' console (F22): the enrolment queue with approval, rejection, requests for
//! documents, standing and closure. The submitted applications are in `cases`.

use askama::Template;
use poem::web::{CsrfVerifier, Form, Path, Query};
use poem::{Request, Response, handler};
use portal_domain::account::{Account, AccountId, AccountStatusKind, RejectionReason, Standing};
use uuid::Uuid;

use super::context::Ctx;
use super::form::{Fields, field};
use super::{Chrome, FormState, render, see_other};
use crate::error::says;
use crate::input;
use crate::problem::Problem;

/// An action button on an account.
#[derive(Debug)]
pub struct AccountAction {
    code: &'static str,
    label: &'static str,
    text: Option<(&'static str, &'static str)>,
    danger: bool,
}

/// An account of the queue.
#[derive(Debug)]
pub struct AccountCard {
    id: String,
    name: String,
    details: Vec<(&'static str, String)>,
    actions: Vec<AccountAction>,
}

/// The enrolment queue and the other accounts by status.
#[derive(Debug, Template)]
#[template(path = "officer_accounts.html")]
pub struct AccountsPage {
    c: Chrome,
    form: FormState,
    filters: Vec<(&'static str, String, bool)>,
    accounts: Vec<AccountCard>,
    standings: Vec<(&'static str, &'static str)>,
}

const STATUSES: [AccountStatusKind; 5] = [
    AccountStatusKind::Pending,
    AccountStatusKind::Approved,
    AccountStatusKind::Rejected,
    AccountStatusKind::ClosureRequested,
    AccountStatusKind::Closed,
];

fn actions_for(kind: AccountStatusKind) -> Vec<AccountAction> {
    let action = |code, label, text, danger| AccountAction {
        code,
        label,
        text,
        danger,
    };
    match kind {
        AccountStatusKind::Pending => vec![
            action("approve", "officer-approve", None, false),
            action(
                "request",
                "officer-request-enrolment-documents",
                Some(("request", "officer-request-what")),
                false,
            ),
            action(
                "reject",
                "officer-reject",
                Some(("reason", "officer-reject-reason")),
                true,
            ),
        ],
        AccountStatusKind::Approved => {
            vec![action("standing", "officer-record-standing", None, false)]
        }
        AccountStatusKind::ClosureRequested => {
            vec![action("close", "officer-close-account", None, true)]
        }
        AccountStatusKind::Rejected | AccountStatusKind::Closed => Vec::new(),
    }
}

/// The query of the accounts page.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct AccountsQuery {
    status: String,
    notice: String,
}

async fn accounts_page(
    ctx: &Ctx,
    req: &Request,
    actor: &Account,
    kind: AccountStatusKind,
    form: FormState,
    notice: Option<String>,
) -> Response {
    let accounts = match ctx.state.accounts.list_accounts(actor, kind, 200).await {
        Ok(accounts) => accounts,
        Err(e) => return ctx.api_error(req, input::officer_refusal(e)),
    };
    let tr = ctx.tr;
    let cards = accounts
        .iter()
        .map(|a| {
            let details = a.representative.as_ref();
            AccountCard {
                id: a.id.to_string(),
                name: a.display_name(),
                details: vec![
                    ("field-email", a.email.as_str().to_owned()),
                    (
                        "profile-governing-body",
                        details
                            .map(|d| ctx.tr.label(&d.governing_body))
                            .unwrap_or_default(),
                    ),
                    (
                        "profile-membership-id",
                        details
                            .map(|d| d.membership_id.as_str().to_owned())
                            .unwrap_or_default(),
                    ),
                    (
                        "profile-ircc-id",
                        a.ircc_id
                            .as_ref()
                            .map(|i| i.as_str().to_owned())
                            .unwrap_or_default(),
                    ),
                    ("officer-enrolled-on", a.created_at.date().to_string()),
                ],
                actions: actions_for(kind),
            }
        })
        .collect();
    let mut c = ctx.chrome("officer-accounts-heading");
    c.error_count = form.errors.len();
    c.notice = notice;
    let status = form.status();
    let page = AccountsPage {
        c,
        form,
        filters: STATUSES
            .iter()
            .map(|s| {
                (
                    s.code(),
                    tr.t(&format!("account-status-{}", s.code().replace('_', "-"))),
                    *s == kind,
                )
            })
            .collect(),
        accounts: cards,
        standings: Standing::ALL
            .iter()
            .map(|s| {
                (
                    s.code(),
                    match s {
                        Standing::Good => "standing-good",
                        Standing::Suspended => "standing-suspended",
                        Standing::Revoked => "standing-revoked",
                    },
                )
            })
            .collect(),
    };
    render(&page, status, true)
}

/// `GET /officer`: the enrolment queue (`?status=` shows the accounts of another status).
#[handler]
pub async fn enrolments(req: &Request, ctx: Ctx, Query(query): Query<AccountsQuery>) -> Response {
    let actor = early!(ctx.officer());
    let kind = AccountStatusKind::parse(&query.status).unwrap_or(AccountStatusKind::Pending);
    let notice = (query.notice == "done").then(|| ctx.tr.t("notice-done"));
    accounts_page(&ctx, req, &actor, kind, FormState::default(), notice).await
}

/// `POST /officer/accounts/{id}`: approve, reject, ask for documents, record the standing
/// or close; each tells the representative by an account message.
#[handler]
pub async fn account_action(
    req: &Request,
    ctx: Ctx,
    verifier: &CsrfVerifier,
    Path(id): Path<String>,
    Form(fields): Form<Fields>,
) -> Response {
    early!(ctx.verify(verifier, field(&fields, "csrf_token")));
    let actor = early!(ctx.officer());
    let Some(id) = Uuid::parse_str(id.trim()).ok().map(AccountId::from_uuid) else {
        return ctx.problem(Problem::NOT_FOUND);
    };
    let accounts = &ctx.state.accounts;
    let (done, back) = match field(&fields, "action") {
        "approve" => (
            accounts.approve_enrolment(&actor, id).await,
            AccountStatusKind::Pending,
        ),
        "reject" => {
            let raw = field(&fields, "reason");
            match RejectionReason::parse(raw) {
                Ok(reason) => (
                    accounts.reject_enrolment(&actor, id, reason).await,
                    AccountStatusKind::Pending,
                ),
                Err(e) => {
                    let mut form = FormState::default();
                    form.push("reason", says(crate::explain::Explain::key(&e)));
                    return accounts_page(
                        &ctx,
                        req,
                        &actor,
                        AccountStatusKind::Pending,
                        form,
                        None,
                    )
                    .await;
                }
            }
        }
        "request" => (
            accounts
                .request_enrolment_documents(&actor, id, field(&fields, "request"))
                .await,
            AccountStatusKind::Pending,
        ),
        "standing" => match Standing::parse(field(&fields, "standing")) {
            Ok(standing) => (
                accounts.record_standing(&actor, id, standing).await,
                AccountStatusKind::Approved,
            ),
            Err(_) => return ctx.problem(Problem::NOT_FOUND),
        },
        "close" => (
            accounts.close_account(&actor, id).await,
            AccountStatusKind::ClosureRequested,
        ),
        _ => return ctx.problem(Problem::NOT_FOUND),
    };
    match done {
        Ok(_) => see_other(&format!("/officer?status={}&notice=done", back.code())),
        Err(e) => {
            let mut form = FormState::default();
            match form.take(input::officer_refusal(e)) {
                Ok(()) => accounts_page(&ctx, req, &actor, back, form, None).await,
                Err(e) => ctx.api_error(req, e),
            }
        }
    }
}
