//! Operations open without a session: enrolment (F1), sign-in (F2), forgotten password
//! (F3), and the password policy (F5).

use poem::Request;
use poem_openapi::param::Query;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};
use portal_domain::account::{
    EmailAddress, EnrolCommand, EnrolError, GoverningBody, Language, MembershipId, PasswordContext,
    PersonName, RepresentativeDetails, ResetPasswordCommand, ResetPasswordError, SignInError,
    SignOutError,
};
use portal_domain::secrets::ResetCode;
use secrecy::SecretString;

use super::codes::{Code, GoverningBodies, LanguageCode};
use super::schemas::{self, Accepted, ContactInput, SessionCreated, password_feedback};
use super::{ApiTags, request_language, session_created};
use crate::auth::BearerAuth;
use crate::error::{ApiError, Validator};
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
        let mut v = Validator::new();
        let email = schemas::email(&mut v, "email", &b.email);
        let given_name = v.check(
            "given_name",
            &b.given_name,
            PersonName::parse(&b.given_name),
        );
        let surname = v.check("surname", &b.surname, PersonName::parse(&b.surname));
        let governing_body = v.check(
            "governing_body",
            b.governing_body.as_str(),
            GoverningBody::parse(b.governing_body.as_str()),
        );
        let membership_id = v.check(
            "membership_id",
            &b.membership_id,
            MembershipId::parse(&b.membership_id),
        );
        let contact = b.contact.parse(&mut v);
        let language = contact
            .as_ref()
            .map_or_else(|| request_language(req), |(_, l)| *l);
        let password = SecretString::from(b.password);
        let context = PasswordContext {
            email: &b.email,
            given_name: &b.given_name,
            surname: &b.surname,
        };
        let feedback = self
            .state
            .accounts
            .settings()
            .password_policy
            .check(&password, context);
        password_feedback(&mut v, "password", &feedback, language);
        v.finish()?;
        let (
            Some(email),
            Some(given_name),
            Some(surname),
            Some(governing_body),
            Some(membership_id),
            Some((contact, language)),
        ) = (
            email,
            given_name,
            surname,
            governing_body,
            membership_id,
            contact,
        )
        else {
            return Err(ApiError::incomplete());
        };
        let command = EnrolCommand {
            email,
            password,
            given_name,
            surname,
            language,
            details: RepresentativeDetails {
                governing_body,
                membership_id,
                contact,
                mailing_address: None,
                standing: portal_domain::account::Standing::Good,
            },
        };
        match self.state.accounts.enrol(command).await {
            Ok(()) => Ok(EnrolResponse::Accepted(Json(Accepted {
                message: "Enrolment request submitted. Check your email; you will be told when an officer has reviewed it.".to_owned(),
            }))),
            Err(EnrolError::WeakPassword(feedback)) => {
                let mut v = Validator::new();
                password_feedback(&mut v, "password", &feedback, language);
                Err(v.into_error())
            }
            Err(e @ EnrolError::Unexpected(_)) => Err(ApiError::internal(&e)),
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
        let mut v = Validator::new();
        if v.require("email", body.email.trim(), "Enter your email address.")
            && body.email.trim().chars().count() > EmailAddress::MAX_LEN
        {
            v.push(
                "email",
                "invalid",
                "The email address must be 254 characters or fewer.".to_owned(),
            );
        }
        v.require("password", &body.password, "Enter your password.");
        v.finish()?;
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
            Err(SignInError::InvalidCredentials) => Err(ApiError::unauthorized(
                "invalid_credentials",
                "The email address or password is incorrect.",
            )),
            Err(SignInError::Throttled { retry_after }) => {
                let seconds = u64::try_from(retry_after.whole_seconds()).unwrap_or(0)
                    + u64::from(retry_after.subsec_nanoseconds() > 0);
                Err(ApiError::too_many_requests(
                    "too_many_attempts",
                    "Too many failed sign-in attempts for this email address. Try again later.",
                    seconds,
                ))
            }
            Err(e @ SignInError::Unexpected(_)) => Err(ApiError::internal(&e)),
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
            message: "If an account uses this email address, a verification code has been sent to it. Keep this page open until you receive it.".to_owned(),
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
        let mut v = Validator::new();
        let email = schemas::email(&mut v, "email", &b.email);
        let code = v.check("code", &b.code, ResetCode::parse(&b.code));
        let new_password = SecretString::from(b.new_password);
        let confirmation = SecretString::from(b.confirm_password);
        let context = PasswordContext {
            email: &b.email,
            ..PasswordContext::default()
        };
        let policy = &self.state.accounts.settings().password_policy;
        let feedback = policy.check_change(&new_password, &confirmation, None, context);
        password_feedback(&mut v, "new_password", &feedback, language);
        v.finish()?;
        let (Some(email), Some(code)) = (email, code) else {
            return Err(ApiError::incomplete());
        };
        let command = ResetPasswordCommand {
            email,
            code,
            new_password,
            confirmation,
        };
        match self.state.accounts.reset_password(command).await {
            Ok(()) => Ok(NoContent::Done),
            Err(ResetPasswordError::InvalidCode) => {
                let mut v = Validator::new();
                v.push(
                    "code",
                    "invalid_code",
                    "The verification code is not valid or has expired. Request a new code."
                        .to_owned(),
                );
                Err(v.into_error())
            }
            Err(ResetPasswordError::WeakPassword(feedback)) => {
                let mut v = Validator::new();
                password_feedback(&mut v, "new_password", &feedback, language);
                Err(v.into_error())
            }
            Err(e @ ResetPasswordError::Unexpected(_)) => Err(ApiError::internal(&e)),
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
            hint: policy.hint(language),
            rules: policy.rules(language),
        })))
    }
}
