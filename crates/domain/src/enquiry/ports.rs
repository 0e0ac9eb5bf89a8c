//! The port of stored enquiries.

use async_trait::async_trait;

use super::model::{Enquiry, EnquiryReply};
use super::values::{EnquiryId, EnquiryKind, EnquiryReference, EnquiryStatus, EnquiryType};
use crate::account::AccountId;
use crate::effects::SideEffects;
use crate::error::RepositoryError;

/// A search of the enquiry queue; every filter is optional, oldest first (the queue's
/// order), or newest first for an account's own list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnquiryQuery {
    /// Only this account's.
    pub account: Option<AccountId>,
    /// Only in this status.
    pub status: Option<EnquiryStatus>,
    /// Only of this type.
    pub enquiry_type: Option<EnquiryType>,
    /// Only web-form enquiries or closure requests.
    pub kind: Option<EnquiryKind>,
    /// Newest first instead of oldest first.
    pub newest_first: bool,
    /// Page, 1-based.
    pub page: u32,
    /// Enquiries per page (one of [`crate::application::PAGE_SIZES`]).
    pub per_page: u32,
}

/// Stored enquiries with their documents and replies.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait EnquiryRepository: Send + Sync {
    /// Reserves the next reference number; numbers are never handed out twice.
    async fn next_reference(&self) -> Result<EnquiryReference, RepositoryError>;

    /// Stores a new enquiry with its documents and `effects` in one transaction.
    async fn insert(&self, enquiry: &Enquiry, effects: &SideEffects)
    -> Result<(), RepositoryError>;

    /// An enquiry with its documents and replies.
    async fn find(&self, id: EnquiryId) -> Result<Option<Enquiry>, RepositoryError>;

    /// One page of matching enquiries, with the exact total.
    async fn search(&self, query: &EnquiryQuery) -> Result<(u64, Vec<Enquiry>), RepositoryError>;

    /// Adds an officer's reply and sets the status (`Replied`, or `Resolved` with the time),
    /// with `effects`, in one transaction, if the enquiry is not resolved yet; returns
    /// whether it was not.
    async fn reply(
        &self,
        id: EnquiryId,
        reply: &EnquiryReply,
        resolve: bool,
        effects: &SideEffects,
    ) -> Result<bool, RepositoryError>;
}
