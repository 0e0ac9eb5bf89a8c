//! Conversion between an `accounts` row and the domain's [`Account`]. A row that breaks a
//! domain rule (an unknown code, a malformed email, half of the representative details)
//! is an [`InvalidRow`], never a silently patched account.

use portal_domain::account::{
    Account, AccountId, AccountStatus, AccountStatusKind, ContactDetails, EmailAddress,
    EmailUpdates, FaxNumber, GoverningBody, IrccId, Language, MailingAddress, MembershipId,
    PersonName, RejectionReason, RepresentativeDetails, Role, Standing, TelephoneCountry,
    TelephoneNumber, TelephoneType,
};
use portal_domain::secrets::PasswordHash;
use sea_orm::ActiveValue::Set;

use crate::entity::accounts::{ActiveModel, Model};
use crate::error::InvalidRow;
use crate::timestamp::{from_micros, to_micros};

const TABLE: &str = "accounts";

fn bad(column: &'static str) -> impl FnOnce() -> InvalidRow {
    move || InvalidRow::new(TABLE, column)
}

fn parsed<T, E>(result: Result<T, E>, column: &'static str) -> Result<T, InvalidRow> {
    result.map_err(|_| bad(column)())
}

impl TryFrom<Model> for Account {
    type Error = InvalidRow;

    fn try_from(row: Model) -> Result<Self, InvalidRow> {
        let representative = representative(&row)?;
        let status = status(&row)?;
        Ok(Account {
            id: AccountId::from_uuid(row.id),
            role: Role::parse(&row.role).ok_or_else(bad("role"))?,
            email: parsed(EmailAddress::parse(&row.email), "email")?,
            given_name: parsed(PersonName::parse(&row.given_name), "given_name")?,
            surname: parsed(PersonName::parse(&row.surname), "surname")?,
            language: parsed(Language::parse(&row.language), "language")?,
            representative,
            ircc_id: row
                .ircc_id
                .as_deref()
                .map(|raw| parsed(IrccId::parse(raw), "ircc_id"))
                .transpose()?,
            password_hash: PasswordHash::new(row.password_hash),
            must_change_password: row.must_change_password,
            status,
            created_at: from_micros(row.created_at, TABLE, "created_at")?,
            updated_at: from_micros(row.updated_at, TABLE, "updated_at")?,
            version: row.version,
        })
    }
}

fn status(row: &Model) -> Result<AccountStatus, InvalidRow> {
    let kind = AccountStatusKind::parse(&row.status).ok_or_else(bad("status"))?;
    Ok(match kind {
        AccountStatusKind::Pending => AccountStatus::Pending,
        AccountStatusKind::Approved => AccountStatus::Approved,
        AccountStatusKind::Rejected => {
            let reason = row
                .rejection_reason
                .as_deref()
                .ok_or_else(bad("rejection_reason"))?;
            AccountStatus::Rejected(parsed(RejectionReason::parse(reason), "rejection_reason")?)
        }
        AccountStatusKind::ClosureRequested => AccountStatus::ClosureRequested,
        AccountStatusKind::Closed => AccountStatus::Closed,
    })
}

/// All of the representative columns, or none of them (an officer).
fn representative(row: &Model) -> Result<Option<RepresentativeDetails>, InvalidRow> {
    let (
        Some(body),
        Some(membership),
        Some(phone_type),
        Some(country),
        Some(number),
        Some(updates),
    ) = (
        row.governing_body.as_deref(),
        row.membership_id.as_deref(),
        row.telephone_type.as_deref(),
        row.telephone_country.as_deref(),
        row.telephone_number.as_deref(),
        row.email_updates.as_deref(),
    )
    else {
        let none = row.governing_body.is_none()
            && row.membership_id.is_none()
            && row.telephone_type.is_none()
            && row.telephone_country.is_none()
            && row.telephone_number.is_none()
            && row.fax.is_none()
            && row.email_updates.is_none();
        return if none {
            Ok(None)
        } else {
            Err(bad("representative details")())
        };
    };
    let country = parsed(TelephoneCountry::parse(country), "telephone_country")?;
    Ok(Some(RepresentativeDetails {
        governing_body: parsed(GoverningBody::parse(body), "governing_body")?,
        membership_id: parsed(MembershipId::parse(membership), "membership_id")?,
        contact: ContactDetails {
            telephone_type: parsed(TelephoneType::parse(phone_type), "telephone_type")?,
            telephone_country: country,
            telephone_number: parsed(TelephoneNumber::parse(number, country), "telephone_number")?,
            fax: row
                .fax
                .as_deref()
                .map(|raw| parsed(FaxNumber::parse(raw), "fax"))
                .transpose()?,
            email_updates: parsed(EmailUpdates::parse(updates), "email_updates")?,
        },
        mailing_address: row
            .mailing_address
            .as_deref()
            .map(|raw| parsed(MailingAddress::parse(raw), "mailing_address"))
            .transpose()?,
        standing: parsed(Standing::parse(&row.standing), "standing")?,
    }))
}

/// Every column of the account, as stored.
pub(crate) fn active_model(account: &Account) -> ActiveModel {
    let details = account.representative.as_ref();
    let contact = details.map(|d| &d.contact);
    let rejection_reason = match &account.status {
        AccountStatus::Rejected(reason) => Some(reason.as_str().to_owned()),
        _ => None,
    };
    ActiveModel {
        id: Set(account.id.as_uuid()),
        role: Set(account.role.code().to_owned()),
        // EmailAddress is lowercase already; lowering again keeps the unique key
        // case-insensitive even if that ever changes.
        email: Set(account.email.as_str().to_lowercase()),
        given_name: Set(account.given_name.as_str().to_owned()),
        surname: Set(account.surname.as_str().to_owned()),
        language: Set(account.language.code().to_owned()),
        governing_body: Set(details.map(|d| d.governing_body.code().to_owned())),
        membership_id: Set(details.map(|d| d.membership_id.as_str().to_owned())),
        telephone_type: Set(contact.map(|c| c.telephone_type.code().to_owned())),
        telephone_country: Set(contact.map(|c| c.telephone_country.code().to_owned())),
        telephone_number: Set(contact.map(|c| c.telephone_number.as_str().to_owned())),
        fax: Set(contact.and_then(|c| c.fax.as_ref().map(|f| f.as_str().to_owned()))),
        email_updates: Set(contact.map(|c| c.email_updates.code().to_owned())),
        mailing_address: Set(details
            .and_then(|d| d.mailing_address.as_ref())
            .map(|a| a.as_str().to_owned())),
        standing: Set(details
            .map_or(Standing::Good, |d| d.standing)
            .code()
            .to_owned()),
        ircc_id: Set(account.ircc_id.as_ref().map(|i| i.as_str().to_owned())),
        password_hash: Set(account.password_hash.as_str().to_owned()),
        must_change_password: Set(account.must_change_password),
        status: Set(account.status.kind().code().to_owned()),
        rejection_reason: Set(rejection_reason),
        created_at: Set(to_micros(account.created_at)),
        updated_at: Set(to_micros(account.updated_at)),
        version: Set(account.version),
    }
}
