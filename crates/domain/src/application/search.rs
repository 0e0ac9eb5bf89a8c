//! The "My client applications" table and its search (F15, F16): the query, its sorting
//! and paging, and the rows it returns.

use time::{Date, OffsetDateTime};

use super::kind::ApplicationType;
use super::model::Application;
use super::values::{ApplicationId, ApplicationNumber, ApplicationStatus, GroupId};

/// The page sizes a user can choose.
pub const PAGE_SIZES: [u32; 5] = [5, 10, 25, 50, 100];

/// A sortable column of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortColumn {
    /// ID (group number).
    Id,
    /// Application type.
    ApplicationType,
    /// Applicant name.
    ApplicantName,
    /// Application number.
    ApplicationNumber,
    /// Date created.
    DateCreated,
    /// Date last saved.
    DateLastSaved,
    /// Days left to submit (by expiry day).
    DaysLeft,
    /// Date submitted.
    DateSubmitted,
    /// Status.
    Status,
}

impl SortColumn {
    /// Every column.
    pub const ALL: [Self; 9] = [
        Self::Id,
        Self::ApplicationType,
        Self::ApplicantName,
        Self::ApplicationNumber,
        Self::DateCreated,
        Self::DateLastSaved,
        Self::DaysLeft,
        Self::DateSubmitted,
        Self::Status,
    ];

    /// The stable code used in query strings.
    pub fn code(self) -> &'static str {
        match self {
            Self::Id => "id",
            Self::ApplicationType => "type",
            Self::ApplicantName => "applicant_name",
            Self::ApplicationNumber => "application_number",
            Self::DateCreated => "date_created",
            Self::DateLastSaved => "date_last_saved",
            Self::DaysLeft => "days_left",
            Self::DateSubmitted => "date_submitted",
            Self::Status => "status",
        }
    }

    /// Parses a stable code.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == raw.trim())
    }
}

/// Ascending or descending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortDirection {
    /// Smallest first.
    Ascending,
    /// Largest first.
    Descending,
}

/// What to list: filters (all optional, combined with AND), order and page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationQuery {
    /// Part of the applicant's name; case and accents are ignored.
    pub applicant_name: Option<String>,
    /// The start of an application number (a whole number finds exactly it).
    pub number_prefix: Option<String>,
    /// Only this type.
    pub application_type: Option<ApplicationType>,
    /// Only this status; `None` means both, once another filter is given (see
    /// [`normalise`]).
    pub status: Option<ApplicationStatus>,
    /// Only applications with unread messages.
    pub unread_only: bool,
    /// Sort column.
    pub sort: SortColumn,
    /// Sort direction.
    pub direction: SortDirection,
    /// 1-based page.
    pub page: u32,
    /// Rows per page, one of [`PAGE_SIZES`].
    pub per_page: u32,
}

impl Default for ApplicationQuery {
    /// The default view: in-progress applications, newest first, 25 a page.
    fn default() -> Self {
        Self {
            applicant_name: None,
            number_prefix: None,
            application_type: None,
            status: Some(ApplicationStatus::InProgress),
            unread_only: false,
            sort: SortColumn::DateCreated,
            direction: SortDirection::Descending,
            page: 1,
            per_page: 25,
        }
    }
}

impl ApplicationQuery {
    /// Rows to skip for the page.
    pub fn offset(&self) -> u64 {
        u64::from(self.page.saturating_sub(1)) * u64::from(self.per_page)
    }
}

/// Why a query was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// A page size that is not offered.
    #[error("choose 5, 10, 25, 50 or 100 items per page")]
    PageSize,
    /// Page 0.
    #[error("pages start at 1")]
    Page,
    /// A number fragment that cannot start an application number.
    #[error("an application number is a letter and up to 9 digits")]
    Number,
    /// A name fragment longer than a name.
    #[error("the applicant name must be 100 characters or fewer")]
    Name,
    /// A name fragment with control or text-direction characters.
    #[error("the applicant name must not contain control or text-direction characters")]
    NameCharacters,
}

/// Checks and normalises a query's free-text parts, and applies the table's rule on status:
/// with no filter at all, in-progress applications only; with any filter, both statuses
/// unless `status` says which.
pub fn normalise(mut query: ApplicationQuery) -> Result<ApplicationQuery, QueryError> {
    if !PAGE_SIZES.contains(&query.per_page) {
        return Err(QueryError::PageSize);
    }
    if query.page == 0 {
        return Err(QueryError::Page);
    }
    if let Some(raw) = &query.applicant_name {
        crate::text::one_line(raw).map_err(|_| QueryError::NameCharacters)?;
    }
    if let Some(raw) = &query.number_prefix {
        crate::text::one_line(raw).map_err(|_| QueryError::Number)?;
    }
    query.applicant_name = match query.applicant_name.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(name) if name.chars().count() > 100 => return Err(QueryError::Name),
        Some(name) => Some(name.split_whitespace().collect::<Vec<_>>().join(" ")),
    };
    query.number_prefix = match query.number_prefix.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => {
            let upper = raw.to_ascii_uppercase();
            let mut chars = upper.chars();
            let letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
            let rest = chars.as_str();
            if letter && rest.len() <= 9 && rest.bytes().all(|b| b.is_ascii_digit()) {
                Some(upper)
            } else {
                return Err(QueryError::Number);
            }
        }
    };
    let filtered = query.applicant_name.is_some()
        || query.number_prefix.is_some()
        || query.application_type.is_some()
        || query.unread_only;
    if query.status.is_none() && !filtered {
        // The table without any filter shows the work in progress (guide: "My client
        // applications"); any filter searches both statuses unless one is chosen.
        query.status = Some(ApplicationStatus::InProgress);
    }
    Ok(query)
}

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationSummary {
    /// Identifier.
    pub id: ApplicationId,
    /// The "ID" column.
    pub group_id: GroupId,
    /// Type.
    pub application_type: ApplicationType,
    /// Applicant name.
    pub applicant_name: String,
    /// Application number, once submitted.
    pub number: Option<ApplicationNumber>,
    /// Date created.
    pub created_at: OffsetDateTime,
    /// Date last saved.
    pub last_saved_at: OffsetDateTime,
    /// Last day to submit a draft.
    pub expires_on: Date,
    /// Date submitted.
    pub submitted_at: Option<OffsetDateTime>,
    /// Status.
    pub status: ApplicationStatus,
    /// Whether it has unread messages.
    pub has_unread: bool,
    /// Whether an unread message asks for action.
    pub action_required: bool,
}

impl ApplicationSummary {
    /// Days left to submit on UTC day `today`; `None` ("N/A") once submitted.
    pub fn days_left(&self, today: Date) -> Option<i64> {
        (self.status == ApplicationStatus::InProgress)
            .then(|| (self.expires_on - today).whole_days().max(0))
    }
}

impl From<&Application> for ApplicationSummary {
    /// The row of `application` as it stands, without message flags (which the stored
    /// messages set).
    fn from(application: &Application) -> Self {
        Self {
            id: application.id,
            group_id: application.group_id,
            application_type: application.kind.application_type(),
            applicant_name: application.applicant_name.clone(),
            number: application.number().cloned(),
            created_at: application.created_at,
            last_saved_at: application.last_saved_at,
            expires_on: application
                .expires_on()
                .unwrap_or(application.created_at.date()),
            submitted_at: application.submitted_at(),
            status: application.status(),
            has_unread: false,
            action_required: false,
        }
    }
}

/// One page of the table.
pub type Page = crate::paging::Page<ApplicationSummary>;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn search_text_with_control_or_direction_characters_is_refused() {
        for c in ["\u{0}", "\u{1B}", "\u{85}", "\u{202E}"] {
            let name = normalise(ApplicationQuery {
                applicant_name: Some(format!("helene{c}")),
                ..ApplicationQuery::default()
            });
            assert_eq!(name, Err(QueryError::NameCharacters), "{c:?}");
            let number = normalise(ApplicationQuery {
                number_prefix: Some(format!("L1000{c}")),
                ..ApplicationQuery::default()
            });
            assert_eq!(number, Err(QueryError::Number), "{c:?}");
        }
    }

    #[test]
    fn queries_are_normalised_and_checked() {
        let q = normalise(ApplicationQuery {
            applicant_name: Some("  helene   tremblay ".into()),
            number_prefix: Some(" l1000 ".into()),
            ..ApplicationQuery::default()
        })
        .unwrap();
        assert_eq!(q.applicant_name.as_deref(), Some("helene tremblay"));
        assert_eq!(q.number_prefix.as_deref(), Some("L1000"));
        let bad = |q: ApplicationQuery| normalise(q).unwrap_err();
        assert_eq!(
            bad(ApplicationQuery {
                per_page: 7,
                ..Default::default()
            }),
            QueryError::PageSize
        );
        assert_eq!(
            bad(ApplicationQuery {
                page: 0,
                ..Default::default()
            }),
            QueryError::Page
        );
        assert_eq!(
            bad(ApplicationQuery {
                number_prefix: Some("L12x".into()),
                ..Default::default()
            }),
            QueryError::Number
        );
        assert_eq!(
            normalise(ApplicationQuery {
                applicant_name: Some(" ".into()),
                ..Default::default()
            })
            .unwrap()
            .applicant_name,
            None
        );
    }

    #[test]
    fn pages_say_which_rows_they_show() {
        let page = |total, page, n| Page {
            items: vec![sample(); n],
            total,
            page,
            per_page: 5,
        };
        let p = page(3, 1, 3);
        assert_eq!((p.first_item(), p.last_item(), p.last_page()), (1, 3, 1));
        let p = page(12, 3, 2);
        assert_eq!((p.first_item(), p.last_item(), p.last_page()), (11, 12, 3));
        let p = page(0, 1, 0);
        assert_eq!((p.first_item(), p.last_item(), p.last_page()), (0, 0, 1));
    }

    fn sample() -> ApplicationSummary {
        ApplicationSummary {
            id: ApplicationId::from_uuid(uuid::Uuid::nil()),
            group_id: GroupId::new(1),
            application_type: ApplicationType::RefugeeClaim,
            applicant_name: "John Incredible".into(),
            number: None,
            created_at: OffsetDateTime::UNIX_EPOCH,
            last_saved_at: OffsetDateTime::UNIX_EPOCH,
            expires_on: OffsetDateTime::UNIX_EPOCH.date(),
            submitted_at: None,
            status: ApplicationStatus::InProgress,
            has_unread: false,
            action_required: false,
        }
    }
}
