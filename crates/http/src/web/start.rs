//! Starting an application (F10): the instructions and guides of its kind, the
//! acknowledgement, the principal applicant and the family members of a group.

use askama::Template;
use poem::web::{CsrfVerifier, Form, Path};
use poem::{Request, Response, handler};

use super::context::Ctx;
use super::form::{Fields, field};
use super::{Chrome, FormState, render, see_other};
use crate::input::applications::{self as input, ApplicantFields, StartFields};
use crate::problem::Problem;

/// Rows for family members on the start page.
const MEMBER_ROWS: usize = 4;

/// The start page of one kind of application.
#[derive(Debug, Template)]
#[template(path = "start.html")]
pub struct StartPage {
    c: Chrome,
    form: FormState,
    heading: String,
    refugee: bool,
    start_page: &'static str,
    guides: Vec<(&'static str, &'static str)>,
    application_types: Vec<(&'static str, &'static str)>,
    visit_purposes: Vec<(&'static str, &'static str)>,
    visa_processings: Vec<(&'static str, &'static str)>,
    claim_origins: Vec<(&'static str, &'static str)>,
    members: Vec<MemberRow>,
}

/// A family member's row.
#[derive(Debug)]
pub struct MemberRow {
    legend: String,
    given: String,
    family: String,
}

fn start_page(ctx: &Ctx, refugee: bool, form: FormState) -> Response {
    let (title, page) = if refugee {
        ("start-refugee-title", "refugee")
    } else {
        ("start-visitor-title", "visitor")
    };
    let mut c = ctx.chrome(title);
    c.error_count = form.errors.len();
    let guides = if refugee {
        vec![
            ("/help#refugee-inland", "help-inland-heading"),
            ("/help#refugee-cbsa", "help-cbsa-heading"),
        ]
    } else {
        vec![
            ("/help#visitor", "help-visitor-heading"),
            ("/help#study", "help-study-heading"),
        ]
    };
    let members = (0..MEMBER_ROWS)
        .map(|i| MemberRow {
            legend: ctx
                .tr
                .with("start-member-legend", &[("number", (i + 1).into())]),
            given: format!("family_members[{i}].given_name"),
            family: format!("family_members[{i}].family_name"),
        })
        .collect();
    let status = form.status();
    let page = StartPage {
        heading: c.title.clone(),
        c,
        form,
        refugee,
        start_page: page,
        guides,
        application_types: vec![
            ("visitor_visa", "application-type-visitor-visa"),
            ("study_permit", "application-type-study-permit"),
        ],
        visit_purposes: vec![
            ("visit", "visit-purpose-visit"),
            ("transit", "visit-purpose-transit"),
        ],
        visa_processings: vec![
            ("regular", "visa-processing-regular"),
            ("emergency", "visa-processing-emergency"),
            ("special_measures", "visa-processing-special-measures"),
        ],
        claim_origins: vec![("new", "claim-origin-new"), ("cbsa", "claim-origin-cbsa")],
        members,
    };
    render(&page, status, true)
}

/// `GET /applications/new/{visitor|refugee}`: the instructions and the start form.
#[handler]
pub async fn new_application(ctx: Ctx, Path(kind): Path<String>) -> Response {
    early!(ctx.representative());
    let defaults = [
        ("application_type", "visitor_visa"),
        ("visit_purpose", "visit"),
        ("visa_processing", "regular"),
        ("claim_origin", "new"),
    ];
    match kind.as_str() {
        "visitor" => start_page(&ctx, false, FormState::filled(defaults)),
        "refugee" => start_page(&ctx, true, FormState::filled(defaults)),
        _ => ctx.problem(Problem::NOT_FOUND),
    }
}

/// `POST /applications/new`: starts the application (a group when family members are
/// named) and opens its first section.
#[handler]
pub async fn start(
    req: &Request,
    ctx: Ctx,
    verifier: &CsrfVerifier,
    Form(fields): Form<Fields>,
) -> Response {
    early!(ctx.verify(verifier, field(&fields, "csrf_token")));
    let owner = early!(ctx.representative());
    let refugee = field(&fields, "start_page") == "refugee";
    // Rows left blank are not family members; the others keep their row number in errors.
    let rows: Vec<usize> = (0..MEMBER_ROWS)
        .filter(|i| {
            !field(&fields, &format!("family_members[{i}].given_name"))
                .trim()
                .is_empty()
                || !field(&fields, &format!("family_members[{i}].family_name"))
                    .trim()
                    .is_empty()
        })
        .collect();
    let names: Vec<(String, String)> = rows
        .iter()
        .map(|i| {
            (
                field(&fields, &format!("family_members[{i}].given_name")).to_owned(),
                field(&fields, &format!("family_members[{i}].family_name")).to_owned(),
            )
        })
        .collect();
    let parsed = StartFields {
        application_type: field(&fields, "application_type"),
        visit_purpose: Some(field(&fields, "visit_purpose")),
        visa_processing: Some(field(&fields, "visa_processing")),
        claim_origin: Some(field(&fields, "claim_origin")),
        cbsa_file_number: field(&fields, "cbsa_file_number"),
        acknowledged: field(&fields, "acknowledged") == "true",
        principal: ApplicantFields {
            given_name: field(&fields, "principal.given_name"),
            family_name: field(&fields, "principal.family_name"),
        },
        family_members: names
            .iter()
            .map(|(given, family)| ApplicantFields {
                given_name: given,
                family_name: family,
            })
            .collect(),
    };
    let refused = match input::start(&parsed) {
        Ok(command) => match ctx.state.applications.start(&owner, command).await {
            Ok(started) => {
                let first = started
                    .first()
                    .map(|a| a.id.to_string())
                    .unwrap_or_default();
                return see_other(&format!("/applications/{first}"));
            }
            Err(e) => input::start_refusal(e),
        },
        Err(e) => e,
    };
    let mut typed = FormState::filled(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    match typed.take(refused) {
        Ok(()) => {
            for error in &mut typed.errors {
                for (j, row) in rows.iter().enumerate() {
                    let parsed_name = format!("family_members[{j}].");
                    if let Some(rest) = error.field.strip_prefix(&parsed_name) {
                        error.field = format!("family_members[{row}].{rest}");
                        break;
                    }
                }
            }
            start_page(&ctx, refugee, typed)
        }
        Err(e) => ctx.api_error(req, e),
    }
}
