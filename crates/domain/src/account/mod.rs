//! Accounts of representatives and officers (F1 to F8, F22): values, the password policy,
//! the entity and its lifecycle, the ports, and the use cases of [`AccountService`].

mod closure;
mod email_change;
mod enquiries;
mod enrol;
mod identity;
mod inbox;
mod model;
mod notices;
mod password;
mod password_policy;
mod ports;
mod review;
mod service;
mod session;
mod settings;
mod values;

#[cfg(test)]
mod enquiry_tests;
#[cfg(test)]
mod test_support;

pub use closure::RequestClosureError;
pub use email_change::{ConfirmEmailChangeError, PendingEmailChange};
pub use enquiries::{EnquiryError, MAX_REPLY_CHARS};
pub use enrol::{EnrolCommand, EnrolError};
pub use identity::{IdentityField, StatedIdentity};
#[cfg(any(test, feature = "mocks"))]
pub use inbox::MockInboxStore;
pub use inbox::{
    InboxMessage, InboxPage, InboxQuery, InboxQueryError, InboxStore, ListMessagesError,
    MESSAGE_PAGE_SIZES, MessageId, OpenMessageError, SentOrder,
};
pub use model::{
    Account, AccountId, AccountStatus, AccountStatusKind, ContactDetails, RepresentativeDetails,
    Role, Session, StoredResetCode, ThrottleState, TransitionError,
};
pub(crate) use notices::signed;
pub use notices::{Notice, RenderedNotice};
pub use password::{
    ChangePasswordCommand, ChangePasswordError, RequestResetCodeError, ResetPasswordCommand,
    ResetPasswordError,
};
pub use password_policy::{PasswordContext, PasswordFeedback, PasswordPolicy, PasswordPolicyError};
pub use ports::*;
pub use review::{CreateOfficerError, OfficerActionError};
pub use service::{AccountPorts, AccountService};
pub use session::{AuthenticateError, Authenticated, SignInError, SignOutError, SignedIn};
pub use settings::{AccountSettings, ThrottlePolicy};
pub use values::*;

/// Errors of the profile use cases.
pub use service::{ContactUpdated, UpdateContactCommand, UpdateContactError, ViewProfileError};
