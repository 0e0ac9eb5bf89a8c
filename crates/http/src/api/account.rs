//! Operations of the signed-in account: profile (F6), password change (F4) and closure
//! request (F8).

use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};
use portal_domain::account::{
    ChangePasswordCommand, ChangePasswordError, RequestClosureError, UpdateContactCommand,
    UpdateContactError, ViewProfileError,
};
use secrecy::SecretString;

use super::schemas::{self, Accepted, ContactInput, Profile, SessionCreated, password_feedback};
use super::{ApiTags, session_created};
use crate::auth::{self, BearerAuth};
use crate::error::{ApiError, Validator};
use crate::state::AppState;

/// The signed-in account's operations.
#[derive(Debug)]
pub struct AccountApi {
    pub(crate) state: AppState,
}

/// New contact details (F6).
#[derive(Debug, Object)]
pub struct UpdateContactRequest {
    /// Email address, `name@example.com`.
    #[oai(default)]
    pub email: String,
    /// Contact details and preferences.
    #[oai(flatten)]
    pub contact: ContactInput,
}

/// The "Update your password" form (F4).
#[derive(Debug, Object)]
pub struct ChangePasswordRequest {
    /// The current password.
    #[oai(default)]
    pub current_password: String,
    /// The new password.
    #[oai(default)]
    pub new_password: String,
    /// The new password again.
    #[oai(default)]
    pub confirm_password: String,
}

/// Answers that carry the profile.
#[derive(Debug, ApiResponse)]
pub enum ProfileResponse {
    /// The profile.
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

    /// Update the email address, telephone, fax, language and email-updates preference (F6).
    /// Name and membership changes go through the web form.
    #[oai(path = "/contact", method = "put", operation_id = "update_contact")]
    async fn update_contact(
        &self,
        auth: BearerAuth,
        body: Json<UpdateContactRequest>,
    ) -> Result<ProfileResponse, ApiError> {
        let account = auth::account(&self.state, &auth).await?;
        let mut v = Validator::new();
        let email = schemas::email(&mut v, "email", &body.email);
        let contact = body.contact.parse(&mut v);
        v.finish()?;
        let (Some(email), Some((contact, language))) = (email, contact) else {
            return Err(ApiError::incomplete());
        };
        match self
            .state
            .accounts
            .update_contact(
                account.id,
                UpdateContactCommand {
                    email,
                    contact,
                    language,
                },
            )
            .await
        {
            Ok(account) => Ok(ProfileResponse::Ok(Json(Profile::from(&account)))),
            Err(UpdateContactError::EmailTaken) => {
                let mut v = Validator::new();
                v.push(
                    "email",
                    "email_taken",
                    "Another account already uses this email address.".to_owned(),
                );
                Err(v.into_error())
            }
            Err(UpdateContactError::NotRepresentative) => Err(ApiError::forbidden(
                "forbidden",
                "Only representatives have contact details.",
            )),
            Err(UpdateContactError::Conflict) => Err(ApiError::conflict(
                "conflict",
                "Your profile changed meanwhile. Reload it and try again.",
            )),
            Err(UpdateContactError::NotFound) => Err(ApiError::unauthenticated()),
            Err(e @ UpdateContactError::Unexpected(_)) => Err(ApiError::internal(&e)),
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
        let b = body.0;
        let mut v = Validator::new();
        v.require(
            "current_password",
            &b.current_password,
            "Enter your current password.",
        );
        if !v.is_empty() {
            let policy = &self.state.accounts.settings().password_policy;
            let context = portal_domain::account::PasswordContext {
                email: account.email.as_str(),
                given_name: account.given_name.as_str(),
                surname: account.surname.as_str(),
            };
            let feedback = policy.check_change(
                &SecretString::from(b.new_password),
                &SecretString::from(b.confirm_password),
                None,
                context,
            );
            password_feedback(&mut v, "new_password", &feedback, account.language);
            return Err(v.into_error());
        }
        let command = ChangePasswordCommand {
            current_password: SecretString::from(b.current_password),
            new_password: SecretString::from(b.new_password),
            confirmation: SecretString::from(b.confirm_password),
        };
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
            Err(ChangePasswordError::Rejected {
                current_password_wrong,
                feedback,
            }) => {
                let mut v = Validator::new();
                if current_password_wrong {
                    v.push(
                        "current_password",
                        "wrong_password",
                        "The current password is incorrect.".to_owned(),
                    );
                }
                password_feedback(&mut v, "new_password", &feedback, account.language);
                Err(v.into_error())
            }
            Err(ChangePasswordError::Throttled { retry_after }) => {
                let seconds = u64::try_from(retry_after.whole_seconds()).unwrap_or(0)
                    + u64::from(retry_after.subsec_nanoseconds() > 0);
                Err(ApiError::too_many_requests(
                    "too_many_attempts",
                    "Too many wrong passwords for this account. Try again later.",
                    seconds,
                ))
            }
            Err(ChangePasswordError::SessionEnded) => Err(ApiError::unauthorized(
                "signed_out",
                "Too many wrong passwords: you have been signed out. Sign in again.",
            )),
            Err(ChangePasswordError::Conflict) => Err(ApiError::conflict(
                "conflict",
                "Your password was changed meanwhile. Sign in again and retry.",
            )),
            Err(ChangePasswordError::NotFound) => Err(ApiError::unauthenticated()),
            Err(e @ ChangePasswordError::Unexpected(_)) => Err(ApiError::internal(&e)),
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
                message:
                    "Your request to close your account was received. An officer will process it."
                        .to_owned(),
            }))),
            Err(RequestClosureError::InvalidTransition(_)) => Err(ApiError::conflict(
                "closure_already_requested",
                "Closure of this account was already requested.",
            )),
            Err(RequestClosureError::Conflict) => Err(ApiError::conflict(
                "conflict",
                "Your account changed meanwhile. Try again.",
            )),
            Err(RequestClosureError::NotFound) => Err(ApiError::unauthenticated()),
            Err(e @ RequestClosureError::Unexpected(_)) => Err(ApiError::internal(&e)),
        }
    }
}
