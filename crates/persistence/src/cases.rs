//! Case files of submitted applications: [`SeaOrmCaseworkRepository`] for the department,
//! and the reads and writes the representative's repository shares with it (loading a case
//! file, recomputing an application's "unread" and "action required" flags).

use std::collections::BTreeMap;

use async_trait::async_trait;
use portal_domain::RepositoryError;
use portal_domain::account::AccountId;
use portal_domain::application::{
    Application, ApplicationId, ApplicationMessage, ApplicationNumber, ApplicationStatus,
    ApplicationType, Biometrics, CaseDetails, CaseFile, Document, DocumentRequest, DocumentReview,
    IssuedDocument, IssuedDocumentId, MessageId, RequestId, ReviewedDocument, SaveApplicationError,
    Step, StepState, Steps, Uci,
};
use portal_domain::casework::{CaseChange, CaseQuery, CaseSummary, CaseworkRepository};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use time::OffsetDateTime;

use crate::applications::row::stage_columns;
use crate::database::begin_write;
use crate::days::{from_days, to_days};
use crate::entity::{
    application_messages, applications, document_requests, document_reviews, documents,
    issued_documents,
};
use crate::error::{InvalidRow, db};
use crate::plan_cache::ByKey;
use crate::timestamp::{from_micros, from_micros_opt, to_micros};
use crate::transaction::finish;

const IN_PROGRESS: &str = "in_progress";

fn bad(table: &'static str, column: &'static str) -> RepositoryError {
    InvalidRow::new(table, column).into()
}

/// The client information and steps stored on an application row.
fn details(row: &applications::Model) -> Result<CaseDetails, RepositoryError> {
    const T: &str = "applications";
    let uci = row
        .uci
        .as_deref()
        .map(|u| Uci::parse(u).map_err(|_| bad(T, "uci")))
        .transpose()?;
    let biometrics = match (
        row.biometrics_number.as_deref(),
        row.biometrics_enrolled_on,
        row.biometrics_expires_on,
    ) {
        (Some(number), Some(enrolled), Some(expires)) => Some(
            Biometrics::new(
                number,
                from_days(enrolled, T, "biometrics_enrolled_on")?,
                from_days(expires, T, "biometrics_expires_on")?,
            )
            .map_err(|_| bad(T, "biometrics_number"))?,
        ),
        (None, None, None) => None,
        _ => return Err(bad(T, "biometrics_number")),
    };
    let mut steps = Steps::default();
    if let Some(json) = row.steps.as_deref() {
        let stored: BTreeMap<String, String> =
            serde_json::from_str(json).map_err(|_| bad(T, "steps"))?;
        for (step, state) in stored {
            let step = Step::parse(&step).ok_or_else(|| bad(T, "steps"))?;
            let state = StepState::parse(&state).ok_or_else(|| bad(T, "steps"))?;
            steps.set(step, state);
        }
    }
    Ok(CaseDetails {
        uci,
        biometrics,
        steps,
    })
}

/// The steps as stored: only those that have started, `NULL` when none has.
fn steps_json(steps: &Steps) -> Option<String> {
    let started: BTreeMap<&str, &str> = steps
        .iter()
        .filter(|(_, state)| *state != StepState::NotStarted)
        .map(|(step, state)| (step.code(), state.code()))
        .collect();
    (!started.is_empty()).then(|| serde_json::to_string(&started).unwrap_or_default())
}

fn message(row: application_messages::Model) -> Result<ApplicationMessage, RepositoryError> {
    const T: &str = "application_messages";
    Ok(ApplicationMessage {
        id: MessageId::from_uuid(row.id),
        application_id: ApplicationId::from_uuid(row.application_id),
        subject: row.subject,
        body: row.body,
        asks_action: row.asks_action,
        sent_at: from_micros(row.sent_at, T, "sent_at")?,
        read_at: from_micros_opt(row.read_at, T, "read_at")?,
    })
}

/// The case file of a submitted application's row.
pub(crate) async fn load<C: ConnectionTrait>(
    conn: &C,
    row: applications::Model,
) -> Result<CaseFile, RepositoryError> {
    let details = details(&row)?;
    let application = Application::try_from(row)?;
    let id = application.id.as_uuid();
    let document_rows = documents::Entity::find()
        .filter(documents::Column::ApplicationId.eq(id))
        .order_by_asc(documents::Column::UploadedAt)
        .order_by_asc(documents::Column::Id)
        .all(conn)
        .await
        .map_err(db)?;
    let reviews: BTreeMap<uuid::Uuid, String> = if document_rows.is_empty() {
        BTreeMap::new()
    } else {
        document_reviews::Entity::find()
            .filter(
                document_reviews::Column::DocumentId
                    .is_in(document_rows.iter().map(|d| d.id).collect::<Vec<_>>()),
            )
            .all(conn)
            .await
            .map_err(db)?
            .into_iter()
            .map(|r| (r.document_id, r.status))
            .collect()
    };
    let mut documents = Vec::with_capacity(document_rows.len());
    for row in document_rows {
        let review = reviews
            .get(&row.id)
            .map(|code| {
                DocumentReview::parse(code).ok_or_else(|| bad("document_reviews", "status"))
            })
            .transpose()?;
        let request = row.request_id.map(RequestId::from_uuid);
        documents.push(ReviewedDocument {
            document: Document::try_from(row)?,
            review,
            request,
        });
    }
    let requests = document_requests::Entity::find()
        .filter(document_requests::Column::ApplicationId.eq(id))
        .order_by_asc(document_requests::Column::RequestedAt)
        .order_by_asc(document_requests::Column::Id)
        .all(conn)
        .await
        .map_err(db)?
        .into_iter()
        .map(|r| {
            const T: &str = "document_requests";
            Ok(DocumentRequest {
                id: RequestId::from_uuid(r.id),
                application_id: application.id,
                description: r.description,
                due_on: from_days(r.due_on, T, "due_on")?,
                requested_at: from_micros(r.requested_at, T, "requested_at")?,
                answered_at: from_micros_opt(r.answered_at, T, "answered_at")?,
            })
        })
        .collect::<Result<Vec<_>, RepositoryError>>()?;
    let issued = issued_documents::Entity::find()
        .filter(issued_documents::Column::ApplicationId.eq(id))
        .order_by_asc(issued_documents::Column::IssuedOn)
        .order_by_asc(issued_documents::Column::Id)
        .all(conn)
        .await
        .map_err(db)?
        .into_iter()
        .map(|r| {
            const T: &str = "issued_documents";
            Ok(IssuedDocument {
                id: IssuedDocumentId::from_uuid(r.id),
                application_id: application.id,
                document_type: r.document_type,
                number: r.number,
                issued_on: from_days(r.issued_on, T, "issued_on")?,
                expires_on: r
                    .expires_on
                    .map(|d| from_days(d, T, "expires_on"))
                    .transpose()?,
            })
        })
        .collect::<Result<Vec<_>, RepositoryError>>()?;
    let messages = application_messages::Entity::find()
        .filter(application_messages::Column::ApplicationId.eq(id))
        .order_by_desc(application_messages::Column::SentAt)
        .order_by_desc(application_messages::Column::Id)
        .all(conn)
        .await
        .map_err(db)?
        .into_iter()
        .map(message)
        .collect::<Result<Vec<_>, RepositoryError>>()?;
    Ok(CaseFile {
        application,
        details,
        documents,
        requests,
        issued,
        messages,
    })
}

/// The submitted application's row, of `owner` when given.
pub(crate) async fn submitted_row<C: ConnectionTrait>(
    conn: &C,
    owner: Option<AccountId>,
    id: ApplicationId,
) -> Result<Option<applications::Model>, RepositoryError> {
    let mut select = applications::Entity::find_by_id(id.as_uuid())
        .filter(applications::Column::Status.ne(IN_PROGRESS));
    if let Some(owner) = owner {
        select = select.filter(applications::Column::RepresentativeId.eq(owner.as_uuid()));
    }
    select.by_key(conn).await.map_err(db)
}

/// Recomputes the application's flags from its messages and requests: "unread" while a
/// message is unread, "action required" while an unread message asks for action or a
/// request is open. Called in the transaction that changed either.
pub(crate) async fn refresh_flags<C: ConnectionTrait>(
    conn: &C,
    id: ApplicationId,
) -> Result<(), RepositoryError> {
    let id = id.as_uuid();
    let unread = application_messages::Entity::find()
        .filter(application_messages::Column::ApplicationId.eq(id))
        .filter(application_messages::Column::ReadAt.is_null());
    let has_unread = unread.clone().count(conn).await.map_err(db)? > 0;
    let unread_action = unread
        .filter(application_messages::Column::AsksAction.eq(true))
        .count(conn)
        .await
        .map_err(db)?
        > 0;
    // A closed file takes no more documents: a request left open asks nothing of anyone.
    let closed = applications::Entity::find_by_id(id)
        .filter(applications::Column::Status.eq("closed"))
        .count(conn)
        .await
        .map_err(db)?
        > 0;
    let open_request = !closed
        && document_requests::Entity::find()
            .filter(document_requests::Column::ApplicationId.eq(id))
            .filter(document_requests::Column::AnsweredAt.is_null())
            .count(conn)
            .await
            .map_err(db)?
            > 0;
    applications::Entity::update_many()
        .col_expr(applications::Column::HasUnread, Expr::value(has_unread))
        .col_expr(
            applications::Column::ActionRequired,
            Expr::value(unread_action || open_request),
        )
        .filter(applications::Column::Id.eq(id))
        .exec(conn)
        .await
        .map_err(db)?;
    Ok(())
}

/// Marks the message read if it is unread, refreshes the flags, and returns it.
pub(crate) async fn open_message<C: ConnectionTrait>(
    conn: &C,
    application: ApplicationId,
    id: MessageId,
    at: OffsetDateTime,
) -> Result<Option<ApplicationMessage>, RepositoryError> {
    let marked = application_messages::Entity::update_many()
        .col_expr(
            application_messages::Column::ReadAt,
            Expr::value(to_micros(at)),
        )
        .filter(application_messages::Column::Id.eq(id.as_uuid()))
        .filter(application_messages::Column::ApplicationId.eq(application.as_uuid()))
        .filter(application_messages::Column::ReadAt.is_null())
        .exec(conn)
        .await
        .map_err(db)?
        .rows_affected;
    if marked > 0 {
        refresh_flags(conn, application).await?;
    }
    application_messages::Entity::find_by_id(id.as_uuid())
        .filter(application_messages::Column::ApplicationId.eq(application.as_uuid()))
        .by_key(conn)
        .await
        .map_err(db)?
        .map(message)
        .transpose()
}

/// Stores the department's case files; see [`CaseworkRepository`].
#[derive(Debug, Clone)]
pub struct SeaOrmCaseworkRepository {
    conn: DatabaseConnection,
    origin: crate::effects::Origin,
}

impl SeaOrmCaseworkRepository {
    pub(crate) fn new(conn: DatabaseConnection, origin: crate::effects::Origin) -> Self {
        Self { conn, origin }
    }
}

fn summary(row: applications::Model) -> Result<CaseSummary, RepositoryError> {
    const T: &str = "applications";
    Ok(CaseSummary {
        id: ApplicationId::from_uuid(row.id),
        number: row
            .number
            .as_deref()
            .and_then(|n| ApplicationNumber::parse(n).ok())
            .ok_or_else(|| bad(T, "number"))?,
        application_type: ApplicationType::parse(&row.app_type).map_err(|_| bad(T, "app_type"))?,
        applicant_name: row.applicant_name,
        representative_id: AccountId::from_uuid(row.representative_id),
        status: ApplicationStatus::parse(&row.status).ok_or_else(|| bad(T, "status"))?,
        submitted_at: row
            .submitted_at
            .map(|s| from_micros(s, T, "submitted_at"))
            .transpose()?
            .ok_or_else(|| bad(T, "submitted_at"))?,
        received_on: row
            .received_on
            .map(|d| from_days(d, T, "received_on"))
            .transpose()?,
        action_required: row.action_required,
    })
}

#[async_trait]
impl CaseworkRepository for SeaOrmCaseworkRepository {
    async fn search(&self, query: &CaseQuery) -> Result<(u64, Vec<CaseSummary>), RepositoryError> {
        use applications::Column as C;
        // Every submitted application has its submission time, and no draft has one: the
        // partial index `applications_submitted_idx` serves the list in that order.
        let mut condition = Condition::all().add(C::SubmittedAt.is_not_null());
        if let Some(status) = query.status {
            condition = condition.add(crate::applications::status_is(status));
        }
        if let Some(number) = &query.number {
            condition = condition.add(C::Number.eq(number.as_str()));
        }
        if let Some(t) = query.application_type {
            condition = condition.add(C::AppType.eq(t.code()));
        }
        if let Some(owner) = query.representative {
            condition = condition.add(C::RepresentativeId.eq(owner.as_uuid()));
        }
        if let Some(action) = query.action_required {
            condition = condition.add(C::ActionRequired.eq(action));
        }
        let select = applications::Entity::find().filter(condition);
        let total = if query.number.is_none() && query.action_required.is_none() {
            kept_total(&self.conn, query).await?
        } else {
            select.clone().count(&self.conn).await.map_err(db)?
        };
        let offset = u64::from(query.page.saturating_sub(1)) * u64::from(query.per_page);
        let rows = select
            .order_by_desc(C::SubmittedAt)
            .order_by_desc(C::Id)
            .offset(offset)
            .limit(u64::from(query.per_page))
            .all(&self.conn)
            .await
            .map_err(db)?;
        let items = rows.into_iter().map(summary).collect::<Result<_, _>>()?;
        Ok((total, items))
    }

    async fn find(&self, id: ApplicationId) -> Result<Option<CaseFile>, RepositoryError> {
        match submitted_row(&self.conn, None, id).await? {
            Some(row) => Ok(Some(load(&self.conn, row).await?)),
            None => Ok(None),
        }
    }

    async fn record(&self, change: &CaseChange) -> Result<(), SaveApplicationError> {
        use applications::Column as C;
        let txn = begin_write(&self.conn).await.map_err(db)?;
        let result = async {
            let (received_on, decision, decided_on, closed_on) = stage_columns(&change.state);
            let details = &change.details;
            let biometrics = details.biometrics.as_ref();
            let version = change.version.checked_add(1).ok_or_else(|| {
                RepositoryError::message("the application version cannot grow further")
            })?;
            let updated = applications::Entity::update_many()
                .col_expr(C::Status, Expr::value(change.state.status().code()))
                .col_expr(C::ReceivedOn, Expr::value(received_on))
                .col_expr(C::Decision, Expr::value(decision))
                .col_expr(C::DecidedOn, Expr::value(decided_on))
                .col_expr(C::ClosedOn, Expr::value(closed_on))
                .col_expr(
                    C::Uci,
                    Expr::value(details.uci.as_ref().map(|u| u.as_str().to_owned())),
                )
                .col_expr(
                    C::BiometricsNumber,
                    Expr::value(biometrics.map(|b| b.number().to_owned())),
                )
                .col_expr(
                    C::BiometricsEnrolledOn,
                    Expr::value(biometrics.map(|b| to_days(b.enrolled_on()))),
                )
                .col_expr(
                    C::BiometricsExpiresOn,
                    Expr::value(biometrics.map(|b| to_days(b.expires_on()))),
                )
                .col_expr(C::Steps, Expr::value(steps_json(&details.steps)))
                .col_expr(C::Version, Expr::value(version))
                .filter(C::Id.eq(change.application_id.as_uuid()))
                .filter(C::Version.eq(change.version))
                .filter(C::Status.ne(IN_PROGRESS))
                .exec(&txn)
                .await
                .map_err(db)?;
            if updated.rows_affected != 1 {
                let exists = submitted_row(&txn, None, change.application_id).await?;
                return Err(if exists.is_some() {
                    SaveApplicationError::Conflict
                } else {
                    SaveApplicationError::NotFound
                });
            }
            if let Some((document, review)) = change.review {
                document_reviews::Entity::delete_by_id(document.as_uuid())
                    .exec(&txn)
                    .await
                    .map_err(db)?;
                document_reviews::Entity::insert(document_reviews::ActiveModel {
                    document_id: Set(document.as_uuid()),
                    status: Set(review.code().to_owned()),
                    reviewed_at: Set(to_micros(change.message.sent_at)),
                })
                .exec_without_returning(&txn)
                .await
                .map_err(db)?;
            }
            if let Some(request) = &change.request {
                document_requests::Entity::insert(document_requests::ActiveModel {
                    id: Set(request.id.as_uuid()),
                    application_id: Set(request.application_id.as_uuid()),
                    description: Set(request.description.clone()),
                    due_on: Set(to_days(request.due_on)),
                    requested_at: Set(to_micros(request.requested_at)),
                    answered_at: Set(request.answered_at.map(to_micros)),
                })
                .exec_without_returning(&txn)
                .await
                .map_err(db)?;
            }
            if let Some(issued) = &change.issued {
                issued_documents::Entity::insert(issued_documents::ActiveModel {
                    id: Set(issued.id.as_uuid()),
                    application_id: Set(issued.application_id.as_uuid()),
                    document_type: Set(issued.document_type.clone()),
                    number: Set(issued.number.clone()),
                    issued_on: Set(to_days(issued.issued_on)),
                    expires_on: Set(issued.expires_on.map(to_days)),
                })
                .exec_without_returning(&txn)
                .await
                .map_err(db)?;
            }
            insert_message(&txn, &change.message).await?;
            refresh_flags(&txn, change.application_id).await?;
            let address = self.origin.address();
            crate::effects::write(&txn, address.as_deref(), None, &change.effects).await?;
            Ok(())
        }
        .await;
        finish(txn, result).await
    }
}

/// The exact number of submitted applications with the query's status, type and
/// representative, from the totals the triggers keep per representative, status and type
/// (`application_counts`): a few thousand small rows instead of a count over every
/// submitted application.
async fn kept_total(conn: &DatabaseConnection, query: &CaseQuery) -> Result<u64, RepositoryError> {
    let column = |name: &str| Expr::col((Alias::new("application_counts"), Alias::new(name)));
    let mut select = Query::select();
    select
        .expr_as(
            Expr::cust("CAST(COALESCE(SUM(n), 0) AS BIGINT)"),
            Alias::new("total"),
        )
        .from(Alias::new("application_counts"));
    match query.status {
        Some(status) => select.and_where(column("status").eq(status.code())),
        None => select.and_where(column("status").ne(IN_PROGRESS)),
    };
    if let Some(t) = query.application_type {
        select.and_where(column("app_type").eq(t.code()));
    }
    if let Some(owner) = query.representative {
        select.and_where(column("representative_id").eq(owner.as_uuid()));
    }
    let row = conn.query_one(&select).await.map_err(db)?;
    let total: i64 = match row {
        Some(row) => row.try_get("", "total").map_err(db)?,
        None => 0,
    };
    u64::try_from(total).map_err(|_| RepositoryError::message("a total below zero"))
}

/// Adds a message about an application.
pub(crate) async fn insert_message<C: ConnectionTrait>(
    conn: &C,
    message: &ApplicationMessage,
) -> Result<(), RepositoryError> {
    application_messages::Entity::insert(application_messages::ActiveModel {
        id: Set(message.id.as_uuid()),
        application_id: Set(message.application_id.as_uuid()),
        subject: Set(message.subject.clone()),
        body: Set(message.body.clone()),
        asks_action: Set(message.asks_action),
        sent_at: Set(to_micros(message.sent_at)),
        read_at: Set(message.read_at.map(to_micros)),
    })
    .exec_without_returning(conn)
    .await
    .map_err(db)?;
    Ok(())
}

/// Stores a document in answer to an open request, closes the request and refreshes the
/// flags; `Conflict` when the request is not open.
pub(crate) async fn answer_request<C: ConnectionTrait>(
    conn: &C,
    document: &Document,
    request: RequestId,
) -> Result<(), SaveApplicationError> {
    let answered = document_requests::Entity::update_many()
        .col_expr(
            document_requests::Column::AnsweredAt,
            Expr::value(to_micros(document.uploaded_at)),
        )
        .filter(document_requests::Column::Id.eq(request.as_uuid()))
        .filter(document_requests::Column::ApplicationId.eq(document.application_id.as_uuid()))
        .filter(document_requests::Column::AnsweredAt.is_null())
        .exec(conn)
        .await
        .map_err(db)?
        .rows_affected;
    if answered != 1 {
        return Err(SaveApplicationError::Conflict);
    }
    documents::Entity::insert(crate::documents::active_model(document, Some(request))?)
        .exec_without_returning(conn)
        .await
        .map_err(db)?;
    refresh_flags(conn, document.application_id).await?;
    Ok(())
}
