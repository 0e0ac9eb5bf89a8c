//! Enquiries (F7, F8, F24): the web form a representative uses to ask for a change of name,
//! mailing address or membership ID (or anything of the guide's 17 types), and their
//! request to close the account, in one queue that officers answer and resolve. The use
//! cases are `AccountService` methods (`account::enquiries`), since resolving one changes the
//! account.

mod model;
mod ports;
mod values;

pub use model::{
    Enquiry, EnquiryDocument, EnquiryForm, EnquiryReply, FormProblem, FormProblemReason,
    MAX_DOCUMENTS, MAX_REQUEST_CHARS, Resolution, ResolvedEnquiry,
};
#[cfg(any(test, feature = "mocks"))]
pub use ports::MockEnquiryRepository;
pub use ports::{EnquiryQuery, EnquiryRepository};
pub use values::{
    EnquiryId, EnquiryKind, EnquiryReference, EnquiryStatus, EnquiryType, EnquiryTypeError,
};
