//! Operations open without a session: enrolment (F1), sign-in (F2), forgotten password
//! (F3), and the password policy (F5).

use poem::Request;
use poem_openapi::param::Query;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};
use portal_domain::account::{Language, SignOutError};
use secrecy::SecretString;

use super::codes::{Code, GoverningBodies, LanguageCode};
use super::schemas::{self, Accepted, ContactInput, SessionCreated};
use super::{ApiTags, request_language, session_created};
use crate::auth::BearerAuth;
use crate::error::{ApiError, Validator, says};
use crate::i18n::Tr;
use crate::input::{self, EnrolmentFields, ResetFields};
use crate::state::AppState;

/// The public operations.
#[derive(Debug)]
pub struct PublicApi {
    pub(crate) state: AppState,
}

/// An enrolment request (F1).
#[derive(Debug, Object)]
pub struct EnrolRequest {
    /// Sign-in and contact email, `name@example.com`.
    pub email: String,
    /// The password; see `GET /api/v1/password-policy`.
    pub password: String,
    /// Given name.
    pub given_name: String,
    /// Surname as registered with the governing body.
    pub surname: String,
    /// Governing body code, e.g. `cicc`, `law-society-on`, `barreau-qc`, `chambre-notaires-qc`.
    pub governing_body: Code<GoverningBodies>,
    /// Membership ID with the governing body.
    pub membership_id: String,
    /// Contact details and preferences.
    #[oai(flatten)]
    pub contact: ContactInput,
}

/// Email and password.
#[derive(Debug, Object)]
pub struct SignInRequest {
    /// Email address.
    pub email: String,
    /// Password.
    pub password: String,
}

/// "Send me a verification code."
#[derive(Debug, Object)]
pub struct ResetCodeRequest {
    /// Email address of the account.
    pub email: String,
}

/// The "Reset your password" form.
#[derive(Debug, Object)]
pub struct ResetPasswordRequest {
    /// Email address of the account.
    pub email: String,
    /// The 8-digit verification code from the email.
    pub code: String,
    /// The new password.
    pub new_password: String,
    /// The new password again.
    pub confirm_password: String,
}

/// The password policy in force, with the hint and rules generated from it.
#[derive(Debug, Object)]
pub struct PasswordPolicyBody {
    /// Minimum length in characters.
    #[oai(validator(minimum(value = "0")))]
    pub min_length: u32,
    /// Maximum length in characters.
    #[oai(validator(minimum(value = "0")))]
    pub max_length: u32,
    /// Whether upper case, lower case, digit and special characters are required.
    pub requires_composition: bool,
    /// Minimum guessability score (zxcvbn, 0 to 4).
    #[oai(validator(minimum(value = "0"), maximum(value = "4")))]
    pub min_score: u32,
    /// The hint shown under password fields.
    pub hint: String,
    /// The rules, one per line.
    pub rules: Vec<String>,
}

/// Answers of `POST /enrolments`.
#[derive(Debug, ApiResponse)]
pub enum EnrolResponse {
    /// The request was received; a message and an email follow.
    #[oai(status = 202)]
    Accepted(Json<Accepted>),
}

/// Answers of `POST /sessions`.
#[derive(Debug, ApiResponse)]
pub enum SignInResponse {
    /// Signed in.
    #[oai(status = 201)]
    Created(Json<SessionCreated>),
}

/// Answers of operations that return nothing.
#[derive(Debug, ApiResponse)]
pub enum NoContent {
    /// Done.
    #[oai(status = 204)]
    Done,
}

/// Answers of `POST /password-resets`.
#[derive(Debug, ApiResponse)]
pub enum ResetCodeResponse {
    /// The same answer whether or not the email has an account.
    #[oai(status = 202)]
    Accepted(Json<Accepted>),
}

/// Answers of `GET /password-policy`.
#[derive(Debug, ApiResponse)]
pub enum PolicyResponse {
    /// The policy.
    #[oai(status = 200)]
    Ok(Json<PasswordPolicyBody>),
}

impl PublicApi {
    /// Waits for one of the few places of the credential operations, each of which hashes a
    /// password or a code and writes to the database. A flood of sign-ins then waits here as
    /// cheap futures instead of holding every database connection, so the other pages keep
    /// theirs (`docs/performance.md`, sign-in flood).
    async fn credential_slot(&self) -> Option<tokio::sync::SemaphorePermit<'_>> {
        self.state.credential_slots.acquire().await.ok()
    }

    fn limit(&self, req: &Request) -> Result<(), ApiError> {
        crate::rate_limit::check_credential_limit(&self.state, req)
    }
}

#[OpenApi(tag = "ApiTags::Accounts")]
impl PublicApi {
    /// Enrol as a representative (F1). The account starts pending until an officer approves
    /// it. The answer is the same whether or not the email already has an account.
    #[oai(path = "/enrolments", method = "post", operation_id = "enrol")]
    async fn enrol(
        &self,
        req: &Request,
        body: Json<EnrolRequest>,
    ) -> Result<EnrolResponse, ApiError> {
        self.limit(req)?;
        let _slot = self.credential_slot().await;
        let b = body.0;
        let fields = EnrolmentFields {
            email: &b.email,
            password: &b.password,
            given_name: &b.given_name,
            surname: &b.surname,
            governing_body: b.governing_body.as_str(),
            membership_id: &b.membership_id,
            contact: b.contact.fields(),
        };
        let policy = &self.state.accounts.settings().password_policy;
        let command = input::enrolment(&fields, policy, request_language(req))?;
        let language = command.language;
        match self.state.accounts.enrol(command).await {
            Ok(()) => Ok(EnrolResponse::Accepted(Json(Accepted {
                message: says("enrolment-accepted"),
            }))),
            Err(e) => Err(input::enrol_refusal(e, language)),
        }
    }

    /// Sign in with email and password (F2). Every failure gets the same answer; after
    /// three failures for one email each further one adds a growing wait (429).
    #[oai(path = "/sessions", method = "post", operation_id = "sign_in")]
    async fn sign_in(
        &self,
        req: &Request,
        body: Json<SignInRequest>,
    ) -> Result<SignInResponse, ApiError> {
        self.limit(req)?;
        let _slot = self.credential_slot().await;
        input::sign_in(&body.email, &body.password)?;
        let password = SecretString::from(body.0.password);
        let client = crate::rate_limit::client_address(req);
        match self
            .state
            .accounts
            .sign_in(&body.0.email, &password, client)
            .await
        {
            Ok(signed_in) => Ok(SignInResponse::Created(Json(session_created(
                &self.state,
                &signed_in,
            )))),
            Err(e) => Err(match crate::problem::sign_in_refusal(&e) {
                Some((problem, wait)) => problem.to_api(wait),
                None => ApiError::internal(&e),
            }),
        }
    }

    /// Sign out: the session ends on the server (F2). A token that is no session is 401.
    #[oai(
        path = "/sessions/current",
        method = "delete",
        operation_id = "sign_out"
    )]
    async fn sign_out(&self, auth: BearerAuth) -> Result<NoContent, ApiError> {
        match self.state.accounts.sign_out(&auth.token()).await {
            Ok(()) => Ok(NoContent::Done),
            Err(SignOutError::Unauthenticated) => Err(ApiError::unauthenticated()),
            Err(e @ SignOutError::Unexpected(_)) => Err(ApiError::internal(&e)),
        }
    }

    /// Ask for a verification code by email (F3). The answer is the same whether or not
    /// the email has an account.
    #[oai(
        path = "/password-resets",
        method = "post",
        operation_id = "request_reset_code"
    )]
    async fn request_reset_code(
        &self,
        req: &Request,
        body: Json<ResetCodeRequest>,
    ) -> Result<ResetCodeResponse, ApiError> {
        self.limit(req)?;
        let _slot = self.credential_slot().await;
        let mut v = Validator::new();
        let email = schemas::email(&mut v, "email", &body.email);
        v.finish()?;
        let email = email.ok_or_else(ApiError::incomplete)?;
        self.state
            .accounts
            .request_reset_code(&email)
            .await
            .map_err(|e| ApiError::internal(&e))?;
        Ok(ResetCodeResponse::Accepted(Json(Accepted {
            message: says("reset-code-sent-message"),
        })))
    }

    /// Set a new password with the emailed code (F3). Every session of the account ends.
    #[oai(
        path = "/password-resets/confirm",
        method = "post",
        operation_id = "reset_password"
    )]
    async fn reset_password(
        &self,
        req: &Request,
        body: Json<ResetPasswordRequest>,
    ) -> Result<NoContent, ApiError> {
        self.limit(req)?;
        let _slot = self.credential_slot().await;
        let b = body.0;
        let language = request_language(req);
        let fields = ResetFields {
            email: &b.email,
            code: &b.code,
            new_password: &b.new_password,
            confirm_password: &b.confirm_password,
        };
        let policy = &self.state.accounts.settings().password_policy;
        let command = input::reset_password(&fields, policy, language)?;
        match self.state.accounts.reset_password(command).await {
            Ok(()) => Ok(NoContent::Done),
            Err(e) => Err(input::reset_refusal(e, language)),
        }
    }

    /// The password policy, with its hint and rules in the requested language (F5).
    #[oai(
        path = "/password-policy",
        method = "get",
        operation_id = "password_policy"
    )]
    async fn password_policy(
        &self,
        req: &Request,
        /// The language of the hint and rules; by default the request's `Accept-Language`.
        lang: Query<Option<LanguageCode>>,
    ) -> Result<PolicyResponse, ApiError> {
        let language = lang.0.map_or_else(|| request_language(req), Language::from);
        let policy = &self.state.accounts.settings().password_policy;
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Ok(PolicyResponse::Ok(Json(PasswordPolicyBody {
            min_length: count(policy.min_len()),
            max_length: count(policy.max_len()),
            requires_composition: policy.requires_composition(),
            min_score: u32::from(policy.min_score()),
            hint: Tr::new(language).password_hint(policy),
            rules: Tr::new(language).password_rules(policy),
        })))
    }
}
