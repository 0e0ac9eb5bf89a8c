//! The table's page as serde writes it is what its `Object` schema writes.
#![allow(clippy::expect_used)]

use poem_openapi::types::ToJSON;
use portal_domain::account::Language;
use portal_domain::application::{
    ApplicationId, ApplicationNumber, ApplicationStatus, ApplicationSummary, ApplicationType,
    GroupId, Page,
};
use time::macros::{date, datetime};
use uuid::Uuid;

use super::ApplicationPage;

fn summary(
    application_type: ApplicationType,
    status: ApplicationStatus,
    number: Option<&str>,
    action_required: bool,
) -> ApplicationSummary {
    let submitted = status != ApplicationStatus::InProgress;
    ApplicationSummary {
        id: ApplicationId::from_uuid(Uuid::new_v4()),
        group_id: GroupId::new(1042),
        application_type,
        applicant_name: "Hélène \"Lena\" O'Brien".to_owned(),
        number: number.map(|n| ApplicationNumber::parse(n).expect("a valid number")),
        created_at: datetime!(2026-11-03 23:59:59 UTC),
        last_saved_at: datetime!(2026-11-30 00:00:00 UTC),
        expires_on: date!(2026 - 12 - 31),
        submitted_at: submitted.then_some(datetime!(2026-11-30 12:00:00 UTC)),
        status,
        has_unread: action_required,
        action_required,
    }
}

#[test]
fn a_page_written_by_serde_is_the_page_its_schema_describes() {
    for language in [Language::English, Language::French] {
        let page = Page {
            items: vec![
                summary(
                    ApplicationType::VisitorVisa,
                    ApplicationStatus::InProgress,
                    None,
                    false,
                ),
                summary(
                    ApplicationType::StudyPermit,
                    ApplicationStatus::Submitted,
                    Some("S123456789"),
                    true,
                ),
                summary(
                    ApplicationType::RefugeeClaim,
                    ApplicationStatus::Decided,
                    Some("L100000001"),
                    false,
                ),
                summary(
                    ApplicationType::VisitorVisa,
                    ApplicationStatus::Received,
                    Some("V100000002"),
                    false,
                ),
            ],
            total: 104,
            page: 2,
            per_page: 4,
        };
        let body = ApplicationPage::new(&page, date!(2026 - 12 - 01), language);
        let by_serde = serde_json::to_value(&body).expect("the page serialises");
        assert_eq!(Some(by_serde), body.to_json(), "{language:?}");
    }
}
