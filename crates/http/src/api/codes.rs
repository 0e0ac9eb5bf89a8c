//! The closed lists of codes the API accepts (types, statuses, sort columns, page sizes),
//! declared as enumerations so that the OpenAPI document lists every allowed value, and
//! their translation to the domain's values.

use std::borrow::Cow;
use std::marker::PhantomData;

use poem_openapi::Enum;
use poem_openapi::registry::{MetaSchema, MetaSchemaRef};
use poem_openapi::types::{
    ParseError, ParseFromJSON, ParseFromParameter, ParseResult, ToJSON, Type,
};
use portal_domain::account::{
    AccountStatusKind, EmailUpdates, GoverningBody, Language, Standing, TelephoneCountry,
    TelephoneType,
};
use portal_domain::application::{
    ApplicationStatus, ApplicationType, DocumentReview, Outcome, PAGE_SIZES, SortColumn,
    SortDirection, Step, StepState, VisaProcessing,
};
use portal_domain::audit::AuditAction;
use serde_json::Value;

/// An application type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case", remote = "ApplicationType")]
pub enum ApplicationTypeCode {
    /// Visitor visa (visit or transit).
    VisitorVisa,
    /// Study permit.
    StudyPermit,
    /// In-Canada refugee claim.
    RefugeeClaim,
}

/// An application status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case", remote = "ApplicationStatus")]
pub enum ApplicationStatusCode {
    /// Started, not yet submitted.
    InProgress,
    /// Submitted, not yet received.
    Submitted,
    /// Received by the department and being processed.
    Received,
    /// Decided.
    Decided,
    /// Closed.
    Closed,
}

/// A representative's standing with their governing body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case", remote = "Standing")]
pub enum StandingCode {
    /// In good standing.
    Good,
    /// Suspended.
    Suspended,
    /// Revoked.
    Revoked,
}

/// A processing step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case", remote = "Step")]
pub enum StepCode {
    /// Review of eligibility.
    Eligibility,
    /// Biometrics.
    Biometrics,
    /// Medical exam.
    Medical,
    /// Interview.
    Interview,
    /// Background check.
    BackgroundCheck,
    /// Final decision.
    FinalDecision,
}

/// The state of a processing step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case", remote = "StepState")]
pub enum StepStateCode {
    /// Not started.
    NotStarted,
    /// In progress.
    InProgress,
    /// Completed.
    Completed,
    /// Not required.
    NotRequired,
}

/// The department's status of a submitted document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case", remote = "DocumentReview")]
pub enum DocumentReviewCode {
    /// Received.
    Received,
    /// Reviewed.
    Reviewed,
    /// Further information needed.
    FurtherInformationNeeded,
}

/// The decision on an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case", remote = "Outcome")]
pub enum OutcomeCode {
    /// Approved.
    Approved,
    /// Refused.
    Refused,
    /// Withdrawn.
    Withdrawn,
}

/// A kind of audit entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case", remote = "AuditAction")]
pub enum AuditActionCode {
    /// Enrolment requested.
    EnrolmentRequested,
    /// Enrolment with taken email.
    EnrolmentWithTakenEmail,
    /// Enrolment approved.
    EnrolmentApproved,
    /// Enrolment rejected.
    EnrolmentRejected,
    /// Signed in.
    SignedIn,
    /// Sign in failed.
    SignInFailed,
    /// Signed out.
    SignedOut,
    /// Reset code requested.
    ResetCodeRequested,
    /// Reset code requested unknown email.
    ResetCodeRequestedUnknownEmail,
    /// Password reset.
    PasswordReset,
    /// Password changed.
    PasswordChanged,
    /// Contact updated.
    ContactUpdated,
    /// Email change requested.
    EmailChangeRequested,
    /// Email change to taken email.
    EmailChangeToTakenEmail,
    /// Email changed.
    EmailChanged,
    /// Closure requested.
    ClosureRequested,
    /// Account closed.
    AccountClosed,
    /// Officer created.
    OfficerCreated,
    /// Application received.
    ApplicationReceived,
    /// Biometrics recorded.
    BiometricsRecorded,
    /// Step updated.
    StepUpdated,
    /// Document reviewed.
    DocumentReviewed,
    /// Documents requested.
    DocumentsRequested,
    /// Application decided.
    ApplicationDecided,
    /// Document issued.
    DocumentIssued,
    /// Application closed.
    ApplicationClosed,
    /// Request answered.
    RequestAnswered,
    /// Application created.
    ApplicationCreated,
    /// Application saved.
    ApplicationSaved,
    /// Application submitted.
    ApplicationSubmitted,
    /// Application deleted.
    ApplicationDeleted,
    /// Application expired.
    ApplicationExpired,
    /// Document uploaded.
    DocumentUploaded,
    /// Document downloaded.
    DocumentDownloaded,
    /// Enquiry submitted.
    EnquirySubmitted,
    /// Enquiry replied.
    EnquiryReplied,
    /// Enquiry resolved.
    EnquiryResolved,
    /// Enrolment documents requested.
    EnrolmentDocumentsRequested,
    /// Standing updated.
    StandingUpdated,
}

/// A column of "My client applications" to sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case", remote = "SortColumn")]
pub enum SortCode {
    /// The group number (the "ID" column).
    Id,
    /// Application type.
    #[oai(rename = "type")]
    ApplicationType,
    /// Applicant name.
    ApplicantName,
    /// Application number.
    ApplicationNumber,
    /// Date created.
    DateCreated,
    /// Date last saved.
    DateLastSaved,
    /// Days left to submit.
    DaysLeft,
    /// Date submitted.
    DateSubmitted,
    /// Status.
    Status,
}

/// A sort direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(remote = "SortDirection")]
pub enum OrderCode {
    /// Smallest first.
    #[oai(rename = "asc")]
    Ascending,
    /// Largest first.
    #[oai(rename = "desc")]
    Descending,
}

/// The status of a representative's account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case", remote = "AccountStatusKind")]
pub enum AccountStatusCode {
    /// Enrolled, waiting for an officer.
    Pending,
    /// Approved: may sign in and start applications.
    Approved,
    /// Enrolment rejected.
    Rejected,
    /// The representative asked for the account to be closed.
    ClosureRequested,
    /// Closed.
    Closed,
}

/// A language code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(remote = "Language")]
pub enum LanguageCode {
    /// English.
    #[oai(rename = "en")]
    English,
    /// French.
    #[oai(rename = "fr")]
    French,
}

/// Rows per page of a table: one of [`PAGE_SIZES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageSize(pub u32);

impl Type for PageSize {
    const IS_REQUIRED: bool = true;
    type RawValueType = u32;
    type RawElementValueType = u32;

    fn name() -> Cow<'static, str> {
        "PageSize".into()
    }

    fn schema_ref() -> MetaSchemaRef {
        let mut schema = MetaSchema::new_with_format("integer", "uint32");
        schema.enum_items = PAGE_SIZES.iter().map(|&n| n.into()).collect();
        MetaSchemaRef::Inline(Box::new(schema))
    }

    fn as_raw_value(&self) -> Option<&u32> {
        Some(&self.0)
    }

    fn raw_element_iter<'a>(&'a self) -> Box<dyn Iterator<Item = &'a u32> + 'a> {
        Box::new(std::iter::once(&self.0))
    }
}

impl ParseFromParameter for PageSize {
    fn parse_from_parameter(value: &str) -> ParseResult<Self> {
        value
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|n| PAGE_SIZES.contains(n))
            .map(Self)
            .ok_or_else(|| ParseError::custom("not one of the page sizes"))
    }
}

/// A closed list of codes, for [`Code`].
pub trait CodeList {
    /// The codes, in display order.
    fn codes() -> Vec<&'static str>;
}

/// A request field holding one code of the list `L`, as typed. The document lists the
/// allowed codes; a value outside the list still reaches the operation, which reports it
/// together with every other invalid field of the request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Code<L> {
    raw: String,
    list: PhantomData<L>,
}

impl<L> Code<L> {
    /// The code as typed.
    pub fn as_str(&self) -> &str {
        &self.raw
    }
}

impl<L: CodeList + Send + Sync> Type for Code<L> {
    const IS_REQUIRED: bool = true;
    type RawValueType = String;
    type RawElementValueType = String;

    fn name() -> Cow<'static, str> {
        format!("code({})", L::codes().join("|")).into()
    }

    fn schema_ref() -> MetaSchemaRef {
        let mut schema = MetaSchema::new("string");
        schema.enum_items = L::codes().into_iter().map(Value::from).collect();
        MetaSchemaRef::Inline(Box::new(schema))
    }

    fn as_raw_value(&self) -> Option<&String> {
        Some(&self.raw)
    }

    fn raw_element_iter<'a>(&'a self) -> Box<dyn Iterator<Item = &'a String> + 'a> {
        Box::new(std::iter::once(&self.raw))
    }
}

impl<L: CodeList + Send + Sync> ParseFromJSON for Code<L> {
    fn parse_from_json(value: Option<Value>) -> ParseResult<Self> {
        match value {
            Some(Value::String(raw)) => Ok(Self {
                raw,
                list: PhantomData,
            }),
            other => Err(ParseError::expected_type(other.unwrap_or_default())),
        }
    }
}

impl<L: CodeList + Send + Sync> ToJSON for Code<L> {
    fn to_json(&self) -> Option<Value> {
        Some(Value::String(self.raw.clone()))
    }
}

macro_rules! code_lists {
    ($($(#[$meta:meta])* $name:ident => $codes:expr;)+) => {
        $(
            $(#[$meta])*
            #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
            pub struct $name;

            impl CodeList for $name {
                fn codes() -> Vec<&'static str> {
                    $codes
                }
            }
        )+
    };
}

code_lists! {
    /// The application types.
    ApplicationTypes => ApplicationType::ALL.iter().map(|t| t.code()).collect();
    /// What a visitor visa is for.
    VisitPurposes => vec!["visit", "transit"];
    /// How a visitor visa is processed.
    VisaProcessings => VisaProcessing::ALL.iter().map(|p| p.code()).collect();
    /// Where a refugee claim was made: `new` in Canada, or to the `cbsa`.
    ClaimOrigins => vec!["new", "cbsa"];
    /// The governing bodies.
    GoverningBodies => GoverningBody::ALL.iter().map(|b| b.code()).collect();
    /// The telephone types.
    TelephoneTypes => TelephoneType::ALL.iter().map(|t| t.code()).collect();
    /// Where a telephone number is.
    TelephoneCountries => TelephoneCountry::ALL.iter().map(|c| c.code()).collect();
    /// The languages.
    Languages => Language::ALL.iter().map(|l| l.code()).collect();
    /// Email updates: yes or no.
    EmailUpdateChoices => EmailUpdates::ALL.iter().map(|e| e.code()).collect();
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use super::*;

    fn code<T: ToJSON>(value: T) -> String {
        value
            .to_json()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }

    #[test]
    fn every_code_is_the_domain_code_of_the_value_it_stands_for() {
        for t in ApplicationType::ALL {
            assert_eq!(code(ApplicationTypeCode::from(t)), t.code());
        }
        for s in ApplicationStatus::ALL {
            assert_eq!(code(ApplicationStatusCode::from(s)), s.code());
        }
        for c in SortColumn::ALL {
            assert_eq!(code(SortCode::from(c)), c.code());
        }
        for s in Step::ALL {
            assert_eq!(code(StepCode::from(s)), s.code());
        }
        for s in StepState::ALL {
            assert_eq!(code(StepStateCode::from(s)), s.code());
        }
        for r in DocumentReview::ALL {
            assert_eq!(code(DocumentReviewCode::from(r)), r.code());
        }
        for o in Outcome::ALL {
            assert_eq!(code(OutcomeCode::from(o)), o.code());
        }
        for s in Standing::ALL {
            assert_eq!(code(StandingCode::from(*s)), s.code());
        }
        for a in AuditAction::ALL {
            assert_eq!(code(AuditActionCode::from(a)), a.as_str());
        }
        for c in [
            "pending",
            "approved",
            "rejected",
            "closure_requested",
            "closed",
        ] {
            let kind = AccountStatusKind::parse(c).expect("a status code");
            assert_eq!(code(AccountStatusCode::from(kind)), c);
        }
        for l in Language::ALL {
            assert_eq!(code(LanguageCode::from(*l)), l.code());
        }
    }

    #[test]
    fn a_page_size_is_one_of_the_sizes_offered() {
        assert_eq!(
            PageSize::parse_from_parameter("25").ok(),
            Some(PageSize(25))
        );
        for bad in ["0", "7", "-1", "1000", "ten"] {
            assert!(PageSize::parse_from_parameter(bad).is_err(), "{bad}");
        }
    }
}
