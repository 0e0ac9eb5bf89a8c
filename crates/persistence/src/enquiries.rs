//! [`SeaOrmEnquiryRepository`]: the enquiry queue (F7, F8, F24) with documents and replies,
//! and the writes the account repository makes when a change stores or resolves an enquiry.

use async_trait::async_trait;
use portal_domain::RepositoryError;
use portal_domain::account::{AccountId, EmailAddress, IrccId, PersonName};
use portal_domain::application::FileType;
use portal_domain::effects::SideEffects;
use portal_domain::enquiry::{
    Enquiry, EnquiryDocument, EnquiryId, EnquiryKind, EnquiryQuery, EnquiryReference, EnquiryReply,
    EnquiryRepository, EnquiryStatus, EnquiryType, ResolvedEnquiry,
};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::database::begin_write;
use crate::days::{from_days, to_days};
use crate::effects::Origin;
use crate::entity::{enquiries, enquiry_documents, enquiry_replies};
use crate::error::{InvalidRow, db};
use crate::plan_cache::ByKey;
use crate::timestamp::{from_micros, from_micros_opt, to_micros};
use crate::transaction::finish;

const TABLE: &str = "enquiries";
const REFERENCES: &str = "enquiry_reference";

fn bad(column: &'static str) -> InvalidRow {
    InvalidRow::new(TABLE, column)
}

/// Stores enquiries; see [`EnquiryRepository`].
#[derive(Debug, Clone)]
pub struct SeaOrmEnquiryRepository {
    conn: DatabaseConnection,
    origin: Origin,
}

impl SeaOrmEnquiryRepository {
    pub(crate) fn new(conn: DatabaseConnection, origin: Origin) -> Self {
        Self { conn, origin }
    }
}

/// Stores a new enquiry with its documents.
pub(crate) async fn insert_in<C: ConnectionTrait>(
    conn: &C,
    enquiry: &Enquiry,
) -> Result<(), RepositoryError> {
    enquiries::Entity::insert(enquiries::ActiveModel {
        id: Set(enquiry.id.as_uuid()),
        reference: Set(enquiry.reference.as_str().to_owned()),
        account_id: Set(enquiry.account_id.as_uuid()),
        kind: Set(enquiry.kind.code().to_owned()),
        enquiry_type: Set(enquiry.enquiry_type.code().to_owned()),
        family_name: Set(enquiry.family_name.as_str().to_owned()),
        given_name: Set(enquiry.given_name.as_str().to_owned()),
        email: Set(enquiry.email.as_ref().map(|e| e.as_str().to_owned())),
        date_of_birth: Set(enquiry.date_of_birth.map(to_days)),
        ircc_id: Set(enquiry.ircc_id.as_ref().map(|i| i.as_str().to_owned())),
        request: Set(enquiry.request.clone()),
        status: Set(enquiry.status.code().to_owned()),
        submitted_at: Set(to_micros(enquiry.submitted_at)),
        resolved_at: Set(enquiry.resolved_at.map(to_micros)),
    })
    .exec_without_returning(conn)
    .await
    .map_err(db)?;
    let documents = enquiry
        .documents
        .iter()
        .map(|d| {
            Ok(enquiry_documents::ActiveModel {
                id: Set(d.id),
                enquiry_id: Set(enquiry.id.as_uuid()),
                file_name: Set(d.file_name.clone()),
                file_type: Set(d.file_type.code().to_owned()),
                size: Set(i64::try_from(d.size)
                    .map_err(|_| RepositoryError::message("a document cannot be that large"))?),
                stored_name: Set(d.stored_name.clone()),
            })
        })
        .collect::<Result<Vec<_>, RepositoryError>>()?;
    enquiry_documents::Entity::insert_many(documents)
        .exec_without_returning(conn)
        .await
        .map_err(db)?;
    Ok(())
}

/// Adds a reply and moves the enquiry to `Replied`, or to `Resolved` at the reply's time,
/// if it is not resolved yet; returns whether it was not.
async fn reply_in<C: ConnectionTrait>(
    conn: &C,
    id: EnquiryId,
    reply: &EnquiryReply,
    resolve: bool,
) -> Result<bool, RepositoryError> {
    let (status, resolved_at) = if resolve {
        (EnquiryStatus::Resolved, Some(to_micros(reply.sent_at)))
    } else {
        (EnquiryStatus::Replied, None)
    };
    let changed = enquiries::Entity::update_many()
        .col_expr(enquiries::Column::Status, Expr::value(status.code()))
        .col_expr(enquiries::Column::ResolvedAt, Expr::value(resolved_at))
        .filter(enquiries::Column::Id.eq(id.as_uuid()))
        .filter(enquiries::Column::Status.ne(EnquiryStatus::Resolved.code()))
        .exec(conn)
        .await
        .map_err(db)?
        .rows_affected;
    if changed != 1 {
        return Ok(false);
    }
    enquiry_replies::Entity::insert(enquiry_replies::ActiveModel {
        id: Set(Uuid::now_v7()),
        enquiry_id: Set(id.as_uuid()),
        body: Set(reply.body.clone()),
        sent_at: Set(to_micros(reply.sent_at)),
    })
    .exec_without_returning(conn)
    .await
    .map_err(db)?;
    Ok(true)
}

/// Resolves the enquiry as part of an account change; an enquiry resolved meanwhile fails
/// the whole change.
pub(crate) async fn resolve_in<C: ConnectionTrait>(
    conn: &C,
    resolved: &ResolvedEnquiry,
) -> Result<(), RepositoryError> {
    let reply = EnquiryReply {
        body: resolved.reply.clone(),
        sent_at: resolved.at,
    };
    if reply_in(conn, resolved.id, &reply, true).await? {
        Ok(())
    } else {
        Err(RepositoryError::message(
            "the enquiry was resolved by someone else meanwhile",
        ))
    }
}

async fn load<C: ConnectionTrait>(
    conn: &C,
    row: enquiries::Model,
) -> Result<Enquiry, RepositoryError> {
    let documents = enquiry_documents::Entity::find()
        .filter(enquiry_documents::Column::EnquiryId.eq(row.id))
        .order_by_asc(enquiry_documents::Column::Id)
        .all(conn)
        .await
        .map_err(db)?
        .into_iter()
        .map(|d| {
            Ok(EnquiryDocument {
                id: d.id,
                file_name: d.file_name,
                file_type: FileType::parse(&d.file_type)
                    .ok_or_else(|| InvalidRow::new("enquiry_documents", "file_type"))?,
                size: u64::try_from(d.size)
                    .map_err(|_| InvalidRow::new("enquiry_documents", "size"))?,
                stored_name: d.stored_name,
            })
        })
        .collect::<Result<Vec<_>, InvalidRow>>()?;
    let replies = enquiry_replies::Entity::find()
        .filter(enquiry_replies::Column::EnquiryId.eq(row.id))
        .order_by_asc(enquiry_replies::Column::SentAt)
        .order_by_asc(enquiry_replies::Column::Id)
        .all(conn)
        .await
        .map_err(db)?
        .into_iter()
        .map(|r| {
            Ok(EnquiryReply {
                body: r.body,
                sent_at: from_micros(r.sent_at, "enquiry_replies", "sent_at")?,
            })
        })
        .collect::<Result<Vec<_>, InvalidRow>>()?;
    Ok(Enquiry {
        id: EnquiryId::from_uuid(row.id),
        reference: EnquiryReference::parse(&row.reference).ok_or_else(|| bad("reference"))?,
        account_id: AccountId::from_uuid(row.account_id),
        kind: EnquiryKind::parse(&row.kind).ok_or_else(|| bad("kind"))?,
        enquiry_type: EnquiryType::parse(&row.enquiry_type).map_err(|_| bad("enquiry_type"))?,
        family_name: PersonName::parse(&row.family_name).map_err(|_| bad("family_name"))?,
        given_name: PersonName::parse(&row.given_name).map_err(|_| bad("given_name"))?,
        email: row
            .email
            .as_deref()
            .map(|e| EmailAddress::parse(e).map_err(|_| bad("email")))
            .transpose()?,
        date_of_birth: row
            .date_of_birth
            .map(|d| from_days(d, TABLE, "date_of_birth"))
            .transpose()?,
        ircc_id: row
            .ircc_id
            .as_deref()
            .map(|i| IrccId::parse(i).map_err(|_| bad("ircc_id")))
            .transpose()?,
        request: row.request,
        documents,
        status: EnquiryStatus::parse(&row.status).ok_or_else(|| bad("status"))?,
        submitted_at: from_micros(row.submitted_at, TABLE, "submitted_at")?,
        replies,
        resolved_at: from_micros_opt(row.resolved_at, TABLE, "resolved_at")?,
    })
}

#[async_trait]
impl EnquiryRepository for SeaOrmEnquiryRepository {
    async fn next_reference(&self) -> Result<EnquiryReference, RepositoryError> {
        let sequence = crate::counters::take(&self.conn, REFERENCES, 1).await?;
        u64::try_from(sequence)
            .ok()
            .and_then(EnquiryReference::from_sequence)
            .ok_or_else(|| RepositoryError::message("the enquiry references ran out"))
    }

    async fn insert(
        &self,
        enquiry: &Enquiry,
        effects: &SideEffects,
    ) -> Result<(), RepositoryError> {
        let address = self.origin.address();
        let txn = begin_write(&self.conn).await.map_err(db)?;
        let result = async {
            insert_in(&txn, enquiry).await?;
            crate::effects::write(&txn, address.as_deref(), Some(enquiry.account_id), effects).await
        }
        .await;
        finish(txn, result).await
    }

    async fn find(&self, id: EnquiryId) -> Result<Option<Enquiry>, RepositoryError> {
        let row = enquiries::Entity::find_by_id(id.as_uuid())
            .by_key(&self.conn)
            .await
            .map_err(db)?;
        match row {
            Some(row) => Ok(Some(load(&self.conn, row).await?)),
            None => Ok(None),
        }
    }

    async fn search(&self, query: &EnquiryQuery) -> Result<(u64, Vec<Enquiry>), RepositoryError> {
        use enquiries::Column as C;
        let mut condition = Condition::all();
        if let Some(account) = query.account {
            condition = condition.add(C::AccountId.eq(account.as_uuid()));
        }
        if let Some(status) = query.status {
            condition = condition.add(C::Status.eq(status.code()));
        }
        if let Some(t) = query.enquiry_type {
            condition = condition.add(C::EnquiryType.eq(t.code()));
        }
        if let Some(kind) = query.kind {
            condition = condition.add(C::Kind.eq(kind.code()));
        }
        let select = enquiries::Entity::find().filter(condition);
        let total = select.clone().count(&self.conn).await.map_err(db)?;
        let ordered = if query.newest_first {
            select.order_by_desc(C::SubmittedAt).order_by_desc(C::Id)
        } else {
            select.order_by_asc(C::SubmittedAt).order_by_asc(C::Id)
        };
        let rows = ordered
            .offset(u64::from(query.page.saturating_sub(1)) * u64::from(query.per_page))
            .limit(u64::from(query.per_page))
            .all(&self.conn)
            .await
            .map_err(db)?;
        let mut items = Vec::with_capacity(rows.len());
        for row in rows {
            items.push(load(&self.conn, row).await?);
        }
        Ok((total, items))
    }

    async fn reply(
        &self,
        id: EnquiryId,
        reply: &EnquiryReply,
        resolve: bool,
        effects: &SideEffects,
    ) -> Result<bool, RepositoryError> {
        let address = self.origin.address();
        let txn = begin_write(&self.conn).await.map_err(db)?;
        let result = async {
            if !reply_in(&txn, id, reply, resolve).await? {
                return Ok(false);
            }
            crate::effects::write(&txn, address.as_deref(), None, effects).await?;
            Ok(true)
        }
        .await;
        finish(txn, result).await
    }
}
