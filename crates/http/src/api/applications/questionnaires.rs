//! The questionnaires: the current definition of each application type (F11).

use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};
use portal_domain::application::{ApplicationType, definitions};

use crate::api::ApiTags;
use crate::api::application_schemas::{SectionBody, sections};
use crate::auth::{self, BearerAuth};
use crate::error::ApiError;
use crate::state::AppState;

/// The questionnaire operations.
#[derive(Debug)]
pub struct QuestionnaireApi {
    pub(crate) state: AppState,
}

/// A questionnaire and checklist of a type.
#[derive(Debug, Object)]
pub struct QuestionnaireBody {
    /// Type code.
    pub application_type: String,
    /// Version.
    #[oai(validator(minimum(value = "1")))]
    pub version: u32,
    /// Sections (including those that apply only to family members or CBSA claims).
    pub sections: Vec<SectionBody>,
}

/// Answers of `GET /questionnaires/{type}`.
#[derive(Debug, ApiResponse)]
pub enum QuestionnaireResponse {
    /// The current definition.
    #[oai(status = 200)]
    Ok(Json<QuestionnaireBody>),
}

#[OpenApi(tag = "ApiTags::Applications")]
impl QuestionnaireApi {
    /// The current questionnaire of a type: its sections and questions (F11).
    #[oai(
        path = "/questionnaires/:application_type",
        method = "get",
        operation_id = "view_questionnaire"
    )]
    async fn questionnaire(
        &self,
        auth: BearerAuth,
        /// `visitor_visa`, `study_permit` or `refugee_claim`.
        application_type: Path<String>,
    ) -> Result<QuestionnaireResponse, ApiError> {
        let owner = auth::account(&self.state, &auth).await?;
        let t = ApplicationType::parse(&application_type).map_err(|_| ApiError::not_found())?;
        let definition = definitions::current(t);
        Ok(QuestionnaireResponse::Ok(Json(QuestionnaireBody {
            application_type: t.code().to_owned(),
            version: definition.version,
            sections: sections(definition, None, owner.language),
        })))
    }
}
