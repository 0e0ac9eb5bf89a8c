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
        // Every status (one with an action required), each type, numbers and no number.
        let items = ApplicationStatus::ALL
            .into_iter()
            .zip(ApplicationType::ALL.into_iter().cycle())
            .enumerate()
            .map(|(i, (status, application_type))| {
                let number = (status != ApplicationStatus::InProgress)
                    .then(|| format!("{}{:09}", application_type.number_prefix(), 100_000_001 + i));
                summary(application_type, status, number.as_deref(), i == 1)
            })
            .collect();
        let page = Page {
            items,
            total: 104,
            page: 2,
            per_page: 4,
        };
        let body = ApplicationPage::new(&page, date!(2026 - 12 - 01), language);
        let by_serde = serde_json::to_value(&body).expect("the page serialises");
        assert_eq!(Some(by_serde), body.to_json(), "{language:?}");
    }
}
