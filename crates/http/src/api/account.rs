//! Operations of the signed-in account: profile (F6), email change confirmation, password
//! change (F4) and closure request (F8).

use poem::Request;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};
use portal_domain::account::{StatedIdentity, ViewProfileError};

use super::schemas::{Accepted, ContactInput, Profile, SessionCreated};
use super::{ApiTags, session_created};
use crate::auth::{self, BearerAuth};
use crate::error::{ApiError, says};
use crate::input::{self, PasswordChangeFields};
use crate::state::AppState;

/// The signed-in account's operations.
#[derive(Debug)]
pub struct AccountApi {
    pub(crate) state: AppState,
}

impl AccountApi {
    /// The per-address limit of credential operations: an email change mails a code to an
    /// address of the caller's choice, and its confirmation checks a code.
    fn limit(&self, req: &Request) -> Result<(), ApiError> {
        crate::rate_limit::check_credential_limit(&self.state, req)
    }
}

/// New contact details (F6).
#[derive(Debug, Object)]
pub struct UpdateContactRequest {
    /// Email address, `name@example.com`.
    pub email: String,
    /// Contact details and preferences.
    #[oai(flatten)]
    pub contact: ContactInput,
    /// Optional; if sent, it must be the current given name. Names and the membership ID
    /// change through the web form (an enquiry), not here.
    #[oai(nullable)]
    pub given_name: Option<String>,
    /// Optional; if sent, it must be the current surname (see `given_name`).
    #[oai(nullable)]
    pub surname: Option<String>,
    /// Optional; if sent, it must be the current membership ID (see `given_name`).
    #[oai(nullable)]
    pub membership_id: Option<String>,
}

/// The "Update your password" form (F4).
#[derive(Debug, Object)]
pub struct ChangePasswordRequest {
    /// The current password.
    pub current_password: String,
    /// The new password.
    pub new_password: String,
    /// The new password again.
    pub confirm_password: String,
}

/// Answers that carry the profile.
#[derive(Debug, ApiResponse)]
pub enum ProfileResponse {
    /// The profile.
    #[oai(status = 200)]
    Ok(Json<Profile>),
}

/// Answers of `PUT /account/contact`.
#[derive(Debug, ApiResponse)]
pub enum UpdateContactResponse {
    /// Saved; the email stayed the same.
    #[oai(status = 200)]
    Ok(Json<Profile>),
    /// Saved, except the new email: it takes effect once the code sent to it is confirmed
    /// with `POST /account/email/confirm`. The answer is the same whether or not the new
    /// address already has an account (its owner is then told instead).
    #[oai(status = 202)]
    EmailChangePending(Json<EmailChangePending>),
}

/// Contact details saved, a new email waiting for its code.
#[derive(Debug, Clone, Object)]
pub struct EmailChangePending {
    /// What happens next.
    pub message: String,
    /// The address the confirmation was sent to.
    pub pending_email: String,
    /// The profile as saved, still with the current email.
    pub profile: Profile,
}

/// The code that confirms a new email address.
#[derive(Debug, Object)]
pub struct ConfirmEmailRequest {
    /// The 8-digit verification code mailed to the new address.
    #[oai(default)]
    pub code: String,
}

/// Answers of `POST /account/email/confirm`.
#[derive(Debug, ApiResponse)]
pub enum ConfirmEmailResponse {
    /// The new email took effect; the former address was told.
    #[oai(status = 200)]
    Ok(Json<Profile>),
}

/// Answers of `PUT /account/password`.
#[derive(Debug, ApiResponse)]
pub enum ChangePasswordResponse {
    /// Changed. Every earlier session ended; this is the new one.
    #[oai(status = 200)]
    Ok(Json<SessionCreated>),
}

/// Answers of `POST /account/closure-request`.
#[derive(Debug, ApiResponse)]
pub enum ClosureResponse {
    /// The request is recorded; an officer will close the account.
    #[oai(status = 202)]
    Accepted(Json<Accepted>),
}

#[OpenApi(prefix_path = "/account", tag = "ApiTags::Profile")]
impl AccountApi {
    /// The signed-in account's profile (F6).
    #[oai(path = "/", method = "get", operation_id = "view_profile")]
    async fn view(&self, auth: BearerAuth) -> Result<ProfileResponse, ApiError> {
        let account = auth::session(&self.state, &auth).await?.account;
        match self.state.accounts.view_profile(account.id).await {
            Ok(account) => Ok(ProfileResponse::Ok(Json(Profile::from(&account)))),
            Err(ViewProfileError::NotFound) => Err(ApiError::unauthenticated()),
            Err(e) => Err(ApiError::internal(&e)),
        }
    }

    /// Update the telephone, fax, language and email-updates preference (F6), and ask for a
    /// new email address: a verification code goes to the new address and the current one
    /// is told; the email changes once the code is confirmed. Name and membership changes
    /// go through the web form.
    #[oai(path = "/contact", method = "put", operation_id = "update_contact")]
    async fn update_contact(
        &self,
        req: &Request,
        auth: BearerAuth,
        body: Json<UpdateContactRequest>,
    ) -> Result<UpdateContactResponse, ApiError> {
        let account = auth::account(&self.state, &auth).await?;
        self.limit(req)?;
        let stated = StatedIdentity {
            given_name: body.given_name.as_deref(),
            surname: body.surname.as_deref(),
            membership_id: body.membership_id.as_deref(),
        };
        let command =
            input::contact_update(&account, &body.email, &body.contact.fields(), &stated)?;
        match self
            .state
            .accounts
            .update_contact(account.id, command)
            .await
        {
            Ok(updated) => {
                let profile = Profile::from(&updated.account);
                Ok(match updated.confirmation_sent_to {
                    None => UpdateContactResponse::Ok(Json(profile)),
                    Some(new_email) => {
                        UpdateContactResponse::EmailChangePending(Json(EmailChangePending {
                            message: says("email-change-pending"),
                            pending_email: new_email.as_str().to_owned(),
                            profile,
                        }))
                    }
                })
            }
            Err(e) => Err(input::contact_update_refusal(e)),
        }
    }

    /// Confirm a new email address with the code sent to it. Five tries, right or wrong, per
    /// code; a code that is wrong, expired or used up, or for an address that has an account
    /// meanwhile, gets the same `invalid_code` answer.
    #[oai(
        path = "/email/confirm",
        method = "post",
        operation_id = "confirm_email_change"
    )]
    async fn confirm_email(
        &self,
        req: &Request,
        auth: BearerAuth,
        body: Json<ConfirmEmailRequest>,
    ) -> Result<ConfirmEmailResponse, ApiError> {
        let account = auth::account(&self.state, &auth).await?;
        self.limit(req)?;
        let code = input::email_code(&body.code)?;
        match self
            .state
            .accounts
            .confirm_email_change(account.id, &code)
            .await
        {
            Ok(account) => Ok(ConfirmEmailResponse::Ok(Json(Profile::from(&account)))),
            Err(e) => Err(input::confirm_email_refusal(e)),
        }
    }

    /// Change the password (F4). Every session ends, and a new one is returned. A wrong
    /// current password counts against the sign-in throttle of the account's email (429
    /// while it waits); the one that brings a wait also ends this session (401 `signed_out`).
    #[oai(path = "/password", method = "put", operation_id = "change_password")]
    async fn change_password(
        &self,
        req: &poem::Request,
        auth: BearerAuth,
        body: Json<ChangePasswordRequest>,
    ) -> Result<ChangePasswordResponse, ApiError> {
        let authenticated = auth::session(&self.state, &auth).await?;
        let account = authenticated.account;
        let fields = PasswordChangeFields {
            current_password: &body.current_password,
            new_password: &body.new_password,
            confirm_password: &body.confirm_password,
        };
        let policy = &self.state.accounts.settings().password_policy;
        let command = input::change_password(&fields, &account, policy)?;
        match self
            .state
            .accounts
            .change_password(
                &authenticated.session,
                crate::rate_limit::client_address(req),
                command,
            )
            .await
        {
            Ok(signed_in) => Ok(ChangePasswordResponse::Ok(Json(session_created(
                &self.state,
                &signed_in,
            )))),
            Err(e) => Err(input::change_password_refusal(e, account.language)),
        }
    }

    /// Ask for the account to be closed (F8). An officer closes it.
    #[oai(
        path = "/closure-request",
        method = "post",
        operation_id = "request_closure"
    )]
    async fn request_closure(&self, auth: BearerAuth) -> Result<ClosureResponse, ApiError> {
        let account = auth::account(&self.state, &auth).await?;
        match self.state.accounts.request_closure(account.id).await {
            Ok(_) => Ok(ClosureResponse::Accepted(Json(Accepted {
                message: says("closure-requested"),
            }))),
            Err(e) => Err(input::closure_refusal(e)),
        }
    }
}
