//! Bodies of the enquiry operations (F7, F8, F24) and their conversion from domain values.

use poem_openapi::payload::Json;
use poem_openapi::types::multipart::Upload;
use poem_openapi::{ApiResponse, Enum, Multipart, Object};
use portal_domain::account::Language;
use portal_domain::enquiry::Enquiry;
use portal_domain::paging::Page;
use time::{Date, OffsetDateTime};

use super::schemas::Pager;
use crate::i18n::Tr;

/// The web form (multipart): every field but the email and the documents is required.
#[derive(Debug, Multipart)]
pub struct EnquiryFormBody {
    /// The type of application or enquiry, from the guide's list; choose
    /// `technical_difficulties` to change the name, mailing address or membership ID.
    pub enquiry_type: String,
    /// Family name.
    pub family_name: String,
    /// Given name.
    pub given_name: String,
    /// Email address (optional).
    pub email: Option<String>,
    /// Date of birth, `yyyy-mm-dd`.
    pub date_of_birth: String,
    /// The Representative IRCC ID (`P` and 12 digits).
    pub ircc_id: String,
    /// The request (up to 2,000 characters).
    pub request: String,
    /// Supporting documents (for a name change, say): PDF, JPG, PNG, TIFF, DOC or DOCX, up
    /// to 5.
    pub documents: Vec<Upload>,
}

/// A document sent with an enquiry.
#[derive(Debug, Clone, Object)]
pub struct EnquiryDocumentBody {
    /// File name as given, cleaned.
    pub file_name: String,
    /// Type recognised from the content.
    pub file_type: String,
    /// Size in bytes.
    #[oai(validator(minimum(value = "0")))]
    pub size: u64,
}

/// A reply of the department.
#[derive(Debug, Clone, Object)]
pub struct EnquiryReplyBody {
    /// The text.
    pub body: String,
    /// When it was sent.
    pub sent_at: OffsetDateTime,
}

/// An enquiry with its documents and the department's replies.
#[derive(Debug, Clone, Object)]
pub struct EnquiryBody {
    /// Identifier.
    pub id: String,
    /// The reference number to quote (`Q` and 9 digits).
    pub reference: String,
    /// The account that sent it.
    pub account_id: String,
    /// `web_form`, or `closure` for a request to close the account.
    pub kind: String,
    /// The type's code.
    pub enquiry_type: String,
    /// The type as the list words it, in the reader's language.
    pub enquiry_type_label: String,
    /// Family name as stated.
    pub family_name: String,
    /// Given name as stated.
    pub given_name: String,
    /// Email as stated.
    #[oai(nullable)]
    pub email: Option<String>,
    /// Date of birth as stated (a closure request has none).
    #[oai(nullable)]
    pub date_of_birth: Option<Date>,
    /// Representative IRCC ID as stated.
    #[oai(nullable)]
    pub ircc_id: Option<String>,
    /// The request.
    pub request: String,
    /// Supporting documents.
    pub documents: Vec<EnquiryDocumentBody>,
    /// `open`, `replied` or `resolved`.
    pub status: String,
    /// When it was sent.
    pub submitted_at: OffsetDateTime,
    /// When it was resolved.
    #[oai(nullable)]
    pub resolved_at: Option<OffsetDateTime>,
    /// The replies, oldest first.
    pub replies: Vec<EnquiryReplyBody>,
}

/// A page of enquiries.
#[derive(Debug, Clone, Object)]
pub struct EnquiryPage {
    /// The enquiries of this page.
    pub items: Vec<EnquiryBody>,
    /// Total, page, last page and "1 to 3 of 3".
    #[oai(flatten)]
    pub pager: Pager,
}

/// An officer's reply.
#[derive(Debug, Object)]
pub struct ReplyRequest {
    /// The reply (up to 2,000 characters).
    pub reply: String,
}

/// What resolving an enquiry does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case")]
pub enum ResolutionCode {
    /// Answered; nothing to change.
    Answered,
    /// Change the name on the account (`given_name`, `surname`).
    ChangeName,
    /// Change the mailing address (`mailing_address`).
    ChangeMailingAddress,
    /// Change the membership ID (`membership_id`).
    ChangeMembershipId,
    /// Close the account of a closure request.
    CloseAccount,
}

/// A resolution and the reply that tells the representative.
#[derive(Debug, Object)]
pub struct ResolveRequest {
    /// What to do.
    pub resolution: ResolutionCode,
    /// The reply (up to 2,000 characters).
    pub reply: String,
    /// For `change_name`: the new given name.
    pub given_name: Option<String>,
    /// For `change_name`: the new surname.
    pub surname: Option<String>,
    /// For `change_mailing_address`: the new address (up to 6 lines).
    pub mailing_address: Option<String>,
    /// For `change_membership_id`: the new membership ID.
    pub membership_id: Option<String>,
}

/// Answers that carry one enquiry.
#[derive(Debug, ApiResponse)]
pub enum EnquiryResponse {
    /// The enquiry.
    #[oai(status = 200)]
    Ok(Json<EnquiryBody>),
}

/// Answers of the web form.
#[derive(Debug, ApiResponse)]
pub enum EnquiryCreated {
    /// Received; the reference number is in the body.
    #[oai(status = 201)]
    Created(Json<EnquiryBody>),
}

/// Answers that carry a page of enquiries.
#[derive(Debug, ApiResponse)]
pub enum EnquiryPageResponse {
    /// A page.
    #[oai(status = 200)]
    Ok(Json<EnquiryPage>),
}

/// The body of an enquiry, for the reader's language.
pub fn body(e: &Enquiry, language: Language) -> EnquiryBody {
    EnquiryBody {
        id: e.id.to_string(),
        reference: e.reference.as_str().to_owned(),
        account_id: e.account_id.as_uuid().to_string(),
        kind: e.kind.code().to_owned(),
        enquiry_type: e.enquiry_type.code().to_owned(),
        enquiry_type_label: Tr::new(language).label(&e.enquiry_type),
        family_name: e.family_name.as_str().to_owned(),
        given_name: e.given_name.as_str().to_owned(),
        email: e.email.as_ref().map(|m| m.as_str().to_owned()),
        date_of_birth: e.date_of_birth,
        ircc_id: e.ircc_id.as_ref().map(|i| i.as_str().to_owned()),
        request: e.request.clone(),
        documents: e
            .documents
            .iter()
            .map(|d| EnquiryDocumentBody {
                file_name: d.file_name.clone(),
                file_type: d.file_type.code().to_owned(),
                size: d.size,
            })
            .collect(),
        status: e.status.code().to_owned(),
        submitted_at: e.submitted_at,
        resolved_at: e.resolved_at,
        replies: e
            .replies
            .iter()
            .map(|r| EnquiryReplyBody {
                body: r.body.clone(),
                sent_at: r.sent_at,
            })
            .collect(),
    }
}

/// The body of a page of enquiries.
pub fn page_body(page: &Page<Enquiry>, language: Language) -> EnquiryPage {
    EnquiryPage {
        items: page.items.iter().map(|e| body(e, language)).collect(),
        pager: Pager::of(page, language),
    }
}
