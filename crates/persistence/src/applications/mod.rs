//! [`SeaOrmApplicationRepository`]: client applications, scoped by their representative,
//! with optimistic concurrency on each application's version and never-reused group IDs
//! and application numbers from the `counters` table.

pub(crate) mod name_index;
mod name_search;
mod name_search_postgres;
pub(crate) mod row;
mod search;

pub(crate) use search::status_is;

use crate::plan_cache::ByKey;
use crate::reads::Reads;
use async_trait::async_trait;
use portal_domain::RepositoryError;
use portal_domain::account::{AccountId, SideEffects};
use portal_domain::application::{
    Application, ApplicationId, ApplicationMessage, ApplicationNumber, ApplicationQuery,
    ApplicationRepository, ApplicationStatus, ApplicationSummary, CaseFile, Document, GroupId,
    GroupRole, MessageId, RequestId, SaveApplicationError,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use time::{Date, OffsetDateTime};

use crate::cases;
use crate::counters;
use crate::database::begin_write;
use crate::days::to_days;
use crate::entity::{applications, documents};
use crate::error::db;
use crate::fold::fold;
use crate::timestamp::to_micros;
use crate::transaction::finish;
use applications::{Column, Entity};

/// How many ids one `IN (...)` list holds, well under every database's parameter limit.
const IDS_PER_STATEMENT: usize = 500;

const IN_PROGRESS: &str = "in_progress";

/// Stores applications in the `applications` table; see [`ApplicationRepository`] for the
/// contract. Every read and write is scoped by the owning representative.
#[derive(Debug, Clone)]
pub struct SeaOrmApplicationRepository {
    conn: DatabaseConnection,
    reads: Reads,
    origin: crate::effects::Origin,
}

impl SeaOrmApplicationRepository {
    pub(crate) fn new(
        conn: DatabaseConnection,
        reads: Reads,
        origin: crate::effects::Origin,
    ) -> Self {
        Self {
            conn,
            reads,
            origin,
        }
    }
}

/// At most `limit` of the applications `select` finds, by last day then id.
async fn soonest_first(
    conn: &DatabaseConnection,
    select: sea_orm::Select<Entity>,
    limit: u32,
) -> Result<Vec<Application>, RepositoryError> {
    let rows = select
        .order_by_asc(Column::ExpiresOn)
        .order_by_asc(Column::Id)
        .limit(u64::from(limit))
        .all(conn)
        .await
        .map_err(db)?;
    convert(rows)
}

fn convert(rows: Vec<applications::Model>) -> Result<Vec<Application>, RepositoryError> {
    rows.into_iter()
        .map(|row| Application::try_from(row).map_err(RepositoryError::from))
        .collect()
}

#[async_trait]
impl ApplicationRepository for SeaOrmApplicationRepository {
    async fn next_group_id(&self) -> Result<GroupId, RepositoryError> {
        let txn = begin_write(&self.conn).await.map_err(db)?;
        let result = counters::take(&txn, counters::GROUP, 1).await;
        finish(txn, result).await.map(GroupId::new)
    }

    async fn insert(
        &self,
        applications: &[Application],
        effects: &SideEffects,
    ) -> Result<(), RepositoryError> {
        let rows = applications
            .iter()
            .map(row::active_model)
            .collect::<Result<Vec<_>, _>>()?;
        let address = self.origin.address();
        let txn = begin_write(&self.conn).await.map_err(db)?;
        let result = async {
            Entity::insert_many(rows)
                .exec_without_returning(&txn)
                .await
                .map_err(db)?;
            crate::effects::write(&txn, address.as_deref(), None, effects).await
        }
        .await;
        finish(txn, result).await
    }

    async fn find(
        &self,
        owner: AccountId,
        id: ApplicationId,
    ) -> Result<Option<Application>, RepositoryError> {
        let row = Entity::find_by_id(id.as_uuid())
            .filter(Column::RepresentativeId.eq(owner.as_uuid()))
            .by_key(&self.conn)
            .await
            .map_err(db)?;
        Ok(row.map(Application::try_from).transpose()?)
    }

    async fn find_by_number(
        &self,
        owner: AccountId,
        number: &ApplicationNumber,
    ) -> Result<Option<Application>, RepositoryError> {
        let row = Entity::find()
            .filter(Column::Number.eq(number.as_str()))
            .filter(Column::RepresentativeId.eq(owner.as_uuid()))
            .by_key(&self.conn)
            .await
            .map_err(db)?;
        Ok(row.map(Application::try_from).transpose()?)
    }

    async fn find_group(
        &self,
        owner: AccountId,
        group: GroupId,
    ) -> Result<Vec<Application>, RepositoryError> {
        let rows = Entity::find()
            .filter(Column::RepresentativeId.eq(owner.as_uuid()))
            .filter(Column::GroupId.eq(group.get()))
            .order_by_asc(Column::CreatedAt)
            .order_by_asc(Column::Id)
            .all(&self.conn)
            .await
            .map_err(db)?;
        let mut group = convert(rows)?;
        // Stable: family members keep their creation order after the principal.
        group.sort_by_key(|a| a.role != GroupRole::Principal);
        Ok(group)
    }

    async fn save(
        &self,
        application: &Application,
        effects: &SideEffects,
    ) -> Result<(), SaveApplicationError> {
        let next = next_version(application)?;
        let answers = row::answers_json(application).map_err(RepositoryError::from)?;
        let address = self.origin.address();
        let txn = begin_write(&self.conn).await.map_err(db)?;
        let result = async {
            let updated = Entity::update_many()
                .col_expr(Column::Answers, Expr::value(answers))
                .col_expr(
                    Column::ApplicantName,
                    Expr::value(application.applicant_name.clone()),
                )
                .col_expr(
                    Column::ApplicantNameFolded,
                    Expr::value(fold(&application.applicant_name)),
                )
                .col_expr(
                    Column::LastSavedAt,
                    Expr::value(to_micros(application.last_saved_at)),
                )
                .col_expr(Column::Version, Expr::value(next))
                .filter(Column::Id.eq(application.id.as_uuid()))
                .filter(Column::RepresentativeId.eq(application.representative_id.as_uuid()))
                .filter(Column::Version.eq(application.version))
                .filter(Column::Status.eq(IN_PROGRESS))
                .exec(&txn)
                .await
                .map_err(db)?;
            if updated.rows_affected != 1 {
                return Err(why_not_changed(&txn, application).await);
            }
            crate::effects::write(&txn, address.as_deref(), None, effects).await?;
            Ok(())
        }
        .await;
        finish(txn, result).await
    }

    async fn submit(
        &self,
        applications: &[Application],
        submitted_at: OffsetDateTime,
        effects: &SideEffects,
    ) -> Result<Vec<ApplicationNumber>, SaveApplicationError> {
        let address = self.origin.address();
        let txn = begin_write(&self.conn).await.map_err(db)?;
        let result = async {
            let numbers = submit_in(&txn, applications, submitted_at).await?;
            crate::effects::write(&txn, address.as_deref(), None, effects).await?;
            Ok(numbers)
        }
        .await;
        finish(txn, result).await
    }

    async fn delete_drafts(
        &self,
        owner: AccountId,
        ids: &[ApplicationId],
        effects: &SideEffects,
    ) -> Result<u64, RepositoryError> {
        let address = self.origin.address();
        let txn = begin_write(&self.conn).await.map_err(db)?;
        let result = async {
            let deleted = delete_drafts_in(&txn, owner, ids).await?;
            // Only the deletions that happened are audited.
            let audit: Vec<_> = effects
                .audit
                .iter()
                .filter(|e| {
                    e.application
                        .is_none_or(|id| deleted.contains(&id.as_uuid()))
                })
                .cloned()
                .collect();
            let effects = SideEffects {
                audit,
                ..effects.clone()
            };
            crate::effects::write(&txn, address.as_deref(), None, &effects).await?;
            Ok(deleted.len() as u64)
        }
        .await;
        finish(txn, result).await
    }

    async fn search(
        &self,
        owner: AccountId,
        query: &ApplicationQuery,
    ) -> Result<(u64, Vec<ApplicationSummary>), RepositoryError> {
        // The table's statements run one after another on one connection.
        let conn = self.reads.acquire().await.map_err(db)?;
        search::search(&conn, owner, query).await
    }

    async fn expired_drafts(
        &self,
        today: Date,
        limit: u32,
    ) -> Result<Vec<Application>, RepositoryError> {
        let expired = Entity::find()
            .filter(Column::Status.eq(IN_PROGRESS))
            .filter(Column::ExpiresOn.lt(to_days(today)));
        soonest_first(&self.conn, expired, limit).await
    }

    async fn drafts_to_warn(
        &self,
        last_day_by: Date,
        limit: u32,
    ) -> Result<Vec<Application>, RepositoryError> {
        // The filters are those of `applications_expiry_warning_idx` (migration 16).
        let due = Entity::find()
            .filter(Column::Status.eq(IN_PROGRESS))
            .filter(Column::ExpiryWarnedAt.is_null())
            .filter(Column::ExpiresOn.lte(to_days(last_day_by)));
        soonest_first(&self.conn, due, limit).await
    }

    async fn mark_expiry_warned(
        &self,
        id: ApplicationId,
        at: OffsetDateTime,
        effects: &SideEffects,
    ) -> Result<bool, RepositoryError> {
        let txn = begin_write(&self.conn).await.map_err(db)?;
        let result = async {
            let marked = Entity::update_many()
                .col_expr(Column::ExpiryWarnedAt, Expr::value(to_micros(at)))
                .filter(Column::Id.eq(id.as_uuid()))
                .filter(Column::Status.eq(IN_PROGRESS))
                .filter(Column::ExpiryWarnedAt.is_null())
                .exec(&txn)
                .await
                .map_err(db)?
                .rows_affected
                == 1;
            if marked {
                crate::effects::write(&txn, self.origin.address().as_deref(), None, effects)
                    .await?;
            }
            Ok(marked)
        }
        .await;
        finish(txn, result).await
    }

    async fn case_file(
        &self,
        owner: AccountId,
        id: ApplicationId,
    ) -> Result<Option<CaseFile>, RepositoryError> {
        match cases::submitted_row(&self.conn, Some(owner), id).await? {
            Some(row) => Ok(Some(cases::load(&self.conn, row).await?)),
            None => Ok(None),
        }
    }

    async fn open_message(
        &self,
        owner: AccountId,
        application: ApplicationId,
        message: MessageId,
        at: OffsetDateTime,
    ) -> Result<Option<ApplicationMessage>, RepositoryError> {
        let txn = begin_write(&self.conn).await.map_err(db)?;
        let result = async {
            if cases::submitted_row(&txn, Some(owner), application)
                .await?
                .is_none()
            {
                return Ok(None);
            }
            cases::open_message(&txn, application, message, at).await
        }
        .await;
        finish(txn, result).await
    }

    async fn answer_request(
        &self,
        owner: AccountId,
        document: &Document,
        request: RequestId,
        effects: &SideEffects,
    ) -> Result<(), SaveApplicationError> {
        let txn = begin_write(&self.conn).await.map_err(db)?;
        let result = async {
            match cases::submitted_row(&txn, Some(owner), document.application_id).await? {
                None => return Err(SaveApplicationError::NotFound),
                // Closed meanwhile: it takes no more documents.
                Some(row) if row.status == "closed" => return Err(SaveApplicationError::Conflict),
                Some(_) => {}
            }
            cases::answer_request(&txn, document, request).await?;
            crate::effects::write(&txn, self.origin.address().as_deref(), Some(owner), effects)
                .await?;
            Ok(())
        }
        .await;
        finish(txn, result).await
    }
}

fn next_version(application: &Application) -> Result<i64, RepositoryError> {
    application
        .version
        .checked_add(1)
        .ok_or_else(|| RepositoryError::message("the application version cannot grow further"))
}

/// After a conditional update changed nothing: `NotFound` if the owner has no such
/// application, `Conflict` if it changed meanwhile or is no longer a draft.
async fn why_not_changed<C: ConnectionTrait>(
    conn: &C,
    application: &Application,
) -> SaveApplicationError {
    let found = Entity::find_by_id(application.id.as_uuid())
        .filter(Column::RepresentativeId.eq(application.representative_id.as_uuid()))
        .select_only()
        .column(Column::Id)
        .into_tuple::<uuid::Uuid>()
        .by_key(conn)
        .await;
    match found {
        Ok(Some(_)) => SaveApplicationError::Conflict,
        Ok(None) => SaveApplicationError::NotFound,
        Err(e) => SaveApplicationError::Unexpected(db(e)),
    }
}

async fn submit_in(
    txn: &DatabaseTransaction,
    applications: &[Application],
    submitted_at: OffsetDateTime,
) -> Result<Vec<ApplicationNumber>, SaveApplicationError> {
    let mut numbers = Vec::with_capacity(applications.len());
    for application in applications {
        if !application.is_draft() {
            return Err(SaveApplicationError::Conflict);
        }
        let letter = application.kind.application_type().number_prefix();
        let sequence = counters::take(txn, &counters::number_counter(letter), 1).await?;
        let number = u64::try_from(sequence)
            .ok()
            .and_then(|n| ApplicationNumber::from_sequence(letter, n))
            .ok_or_else(|| {
                RepositoryError::message(format!("the {letter} application numbers ran out"))
            })?;
        let updated = Entity::update_many()
            .col_expr(
                Column::Status,
                Expr::value(ApplicationStatus::Submitted.code()),
            )
            .col_expr(Column::Number, Expr::value(number.as_str()))
            .col_expr(Column::SubmittedAt, Expr::value(to_micros(submitted_at)))
            .col_expr(Column::Version, Expr::value(next_version(application)?))
            .filter(Column::Id.eq(application.id.as_uuid()))
            .filter(Column::RepresentativeId.eq(application.representative_id.as_uuid()))
            .filter(Column::Version.eq(application.version))
            .filter(Column::Status.eq(IN_PROGRESS))
            .exec(txn)
            .await
            .map_err(db)?;
        if updated.rows_affected != 1 {
            return Err(why_not_changed(txn, application).await);
        }
        numbers.push(number);
    }
    Ok(numbers)
}

async fn delete_drafts_in(
    txn: &DatabaseTransaction,
    owner: AccountId,
    ids: &[ApplicationId],
) -> Result<Vec<uuid::Uuid>, RepositoryError> {
    let mut deleted = Vec::new();
    for chunk in ids.chunks(IDS_PER_STATEMENT) {
        let drafts: Vec<uuid::Uuid> = Entity::find()
            .select_only()
            .column(Column::Id)
            .filter(Column::RepresentativeId.eq(owner.as_uuid()))
            .filter(Column::Status.eq(IN_PROGRESS))
            .filter(Column::Id.is_in(chunk.iter().map(|id| id.as_uuid())))
            .into_tuple()
            .all(txn)
            .await
            .map_err(db)?;
        if drafts.is_empty() {
            continue;
        }
        // The foreign key cascades too; deleting the records here does not depend on
        // the connection having foreign keys enabled.
        documents::Entity::delete_many()
            .filter(documents::Column::ApplicationId.is_in(drafts.iter().copied()))
            .exec(txn)
            .await
            .map_err(db)?;
        Entity::delete_many()
            .filter(Column::Id.is_in(drafts.iter().copied()))
            .filter(Column::Status.eq(IN_PROGRESS))
            .exec(txn)
            .await
            .map_err(db)?;
        // In this transaction, the drafts just read are the ones deleted.
        deleted.extend(drafts);
    }
    Ok(deleted)
}

/// The ids of the drafts of `owner`, as a subquery.
fn drafts_of(owner: AccountId) -> sea_orm::sea_query::SelectStatement {
    sea_orm::sea_query::Query::select()
        .column(Column::Id)
        .from(Entity)
        .and_where(Column::RepresentativeId.eq(owner.as_uuid()))
        .and_where(Column::Status.eq(IN_PROGRESS))
        .to_owned()
}

/// The stored names of the documents attached to the drafts of `owner`.
pub(crate) async fn draft_files<C: ConnectionTrait>(
    conn: &C,
    owner: AccountId,
) -> Result<Vec<String>, RepositoryError> {
    documents::Entity::find()
        .select_only()
        .column(documents::Column::StoredName)
        .filter(documents::Column::ApplicationId.in_subquery(drafts_of(owner)))
        .into_tuple()
        .all(conn)
        .await
        .map_err(db)
}

/// Deletes every draft of `owner` with its document records, inside the caller's
/// transaction; submitted applications stay. The kept totals follow through the triggers.
pub(crate) async fn delete_all_drafts_in<C: ConnectionTrait>(
    txn: &C,
    owner: AccountId,
) -> Result<u64, RepositoryError> {
    documents::Entity::delete_many()
        .filter(documents::Column::ApplicationId.in_subquery(drafts_of(owner)))
        .exec(txn)
        .await
        .map_err(db)?;
    let deleted = Entity::delete_many()
        .filter(Column::RepresentativeId.eq(owner.as_uuid()))
        .filter(Column::Status.eq(IN_PROGRESS))
        .exec(txn)
        .await
        .map_err(db)?;
    Ok(deleted.rows_affected)
}
