//! Request and response bodies of the JSON API, and their conversion from and to domain
//! types. Request fields are plain strings so that every invalid field can be reported at
//! once; the domain types are built from them by `try_into_domain`-style functions.

use poem_openapi::Object;
use portal_domain::account::{Account, AccountStatus, Language};
use time::OffsetDateTime;

use super::codes::{Code, EmailUpdateChoices, Languages, TelephoneCountries, TelephoneTypes};
use crate::i18n::Tr;
use crate::input::ContactFields;

/// Contact details as typed (F6).
#[derive(Debug, Clone, Default, Object)]
pub struct ContactInput {
    /// `residential`, `cellular` or `other`.
    pub telephone_type: Code<TelephoneTypes>,
    /// `canada-us` (North American Numbering Plan, country code 1) or `other`.
    pub telephone_country: Code<TelephoneCountries>,
    /// Digits only: 10 for Canada or the U.S., 4 to 15 otherwise, e.g. `5433434456`.
    pub telephone_number: String,
    /// Optional, in the format `(###) ###-####`.
    #[oai(default, nullable)]
    pub fax_number: String,
    /// `en` or `fr`.
    pub language: Code<Languages>,
    /// Email updates about submitted applications: `yes` or `no`.
    pub email_updates: Code<EmailUpdateChoices>,
}

impl ContactInput {
    /// The fields as typed, for the shared parser.
    pub fn fields(&self) -> ContactFields<'_> {
        ContactFields {
            telephone_type: self.telephone_type.as_str(),
            telephone_country: self.telephone_country.as_str(),
            telephone_number: &self.telephone_number,
            fax_number: &self.fax_number,
            language: self.language.as_str(),
            email_updates: self.email_updates.as_str(),
        }
    }
}

pub use crate::input::email;

/// An account as its owner (or an officer) sees it.
#[derive(Debug, Clone, Object)]
pub struct Profile {
    /// Account identifier.
    pub id: String,
    /// `representative` or `officer`.
    pub role: String,
    /// `pending`, `approved`, `rejected`, `closure_requested` or `closed`.
    pub status: String,
    /// The officer's reason, for a rejected enrolment.
    #[oai(nullable)]
    pub rejection_reason: Option<String>,
    /// Representative IRCC ID, once approved (`P` + 12 digits).
    #[oai(nullable)]
    pub ircc_id: Option<String>,
    /// Email address.
    pub email: String,
    /// Given name.
    pub given_name: String,
    /// Surname as registered with the governing body.
    pub surname: String,
    /// Governing body code (representatives).
    #[oai(nullable)]
    pub governing_body: Option<String>,
    /// Membership ID (representatives). Read-only here: it changes through an enquiry
    /// (`POST /account/enquiries`) that an officer resolves.
    #[oai(nullable)]
    pub membership_id: Option<String>,
    /// `good`, `suspended` or `revoked` (representatives): the standing with the governing
    /// body, as the department last recorded it.
    #[oai(nullable)]
    pub standing: Option<String>,
    /// Mailing address, lines separated by line feeds; `null` until set. Read-only here,
    /// like the name and the membership ID: it changes through an enquiry.
    #[oai(nullable)]
    pub mailing_address: Option<String>,
    /// Telephone type code.
    #[oai(nullable)]
    pub telephone_type: Option<String>,
    /// Telephone country code.
    #[oai(nullable)]
    pub telephone_country: Option<String>,
    /// Telephone number.
    #[oai(nullable)]
    pub telephone_number: Option<String>,
    /// Fax number.
    #[oai(nullable)]
    pub fax_number: Option<String>,
    /// `en` or `fr`.
    pub language: String,
    /// `yes` or `no` (representatives).
    #[oai(nullable)]
    pub email_updates: Option<String>,
    /// Whether a one-time password must be replaced before anything else.
    pub must_change_password: bool,
    /// Whether the account may start applications.
    pub can_start_applications: bool,
    /// When the account was created.
    pub created_at: OffsetDateTime,
    /// A reminder shown with the profile.
    pub note: String,
}

impl From<&Account> for Profile {
    fn from(a: &Account) -> Self {
        let details = a.representative.as_ref();
        let contact = details.map(|d| &d.contact);
        let note = crate::i18n::Tr::new(a.language).t("gcms-note");
        Self {
            id: a.id.to_string(),
            role: a.role.code().to_owned(),
            status: a.status.kind().code().to_owned(),
            rejection_reason: match &a.status {
                AccountStatus::Rejected(reason) => Some(reason.as_str().to_owned()),
                _ => None,
            },
            ircc_id: a.ircc_id.as_ref().map(|id| id.as_str().to_owned()),
            email: a.email.as_str().to_owned(),
            given_name: a.given_name.as_str().to_owned(),
            surname: a.surname.as_str().to_owned(),
            governing_body: details.map(|d| d.governing_body.code().to_owned()),
            membership_id: details.map(|d| d.membership_id.as_str().to_owned()),
            standing: details.map(|d| d.standing.code().to_owned()),
            mailing_address: details
                .and_then(|d| d.mailing_address.as_ref())
                .map(|m| m.as_str().to_owned()),
            telephone_type: contact.map(|c| c.telephone_type.code().to_owned()),
            telephone_country: contact.map(|c| c.telephone_country.code().to_owned()),
            telephone_number: contact.map(|c| c.telephone_number.as_str().to_owned()),
            fax_number: contact.and_then(|c| c.fax.as_ref().map(|f| f.as_str().to_owned())),
            language: a.language.code().to_owned(),
            email_updates: contact.map(|c| c.email_updates.code().to_owned()),
            must_change_password: a.must_change_password,
            can_start_applications: a.can_start_applications(),
            created_at: a.created_at,
            note,
        }
    }
}

/// A new session.
#[derive(Debug, Clone, Object)]
pub struct SessionCreated {
    /// The bearer token: send it as `Authorization: Bearer <token>`. Shown once.
    pub token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// The session ends at this time whatever its use.
    pub expires_at: OffsetDateTime,
    /// The session ends after this many seconds without a request.
    pub idle_timeout_seconds: i64,
    /// "Given Surname", for "Signed in as ...".
    pub signed_in_as: String,
    /// The account.
    pub account: Profile,
}

/// A plain acknowledgement.
#[derive(Debug, Clone, Object)]
pub struct Accepted {
    /// What happens next.
    pub message: String,
}

/// The pager's "1 to 3 of 3" ("1 à 3 sur 3"): the first and last rows shown and the total.
pub fn range(first: u64, last: u64, total: u64, language: Language) -> String {
    Tr::new(language).with(
        "pager-range",
        &[
            ("first", first.into()),
            ("last", last.into()),
            ("total", total.into()),
        ],
    )
}

/// The pager of a paged list: the exact total, this page and what the pager shows.
#[derive(Debug, Clone, Object, serde::Serialize)]
pub struct Pager {
    /// Rows matching, on all pages.
    #[oai(validator(minimum(value = "0")))]
    pub total: u64,
    /// This page, 1-based.
    #[oai(validator(minimum(value = "1")))]
    pub page: u32,
    /// Rows per page.
    #[oai(validator(minimum(value = "1")))]
    pub per_page: u32,
    /// The last page (1 when there are no rows).
    #[oai(validator(minimum(value = "1")))]
    pub last_page: u32,
    /// "1 to 3 of 3", in the reader's language.
    pub range: String,
}

impl Pager {
    /// The pager of `page`.
    pub fn of<T>(page: &portal_domain::paging::Page<T>, language: Language) -> Self {
        Self {
            total: page.total,
            page: page.page,
            per_page: page.per_page,
            last_page: page.last_page(),
            range: range(page.first_item(), page.last_item(), page.total, language),
        }
    }
}
