//! Tests of the "My client applications" table and its search (F15, F16) through the
//! service: what reaches the repository, and how pages past the end are answered.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use time::macros::date;

use super::test_support::*;
use super::*;
use crate::error::RepositoryError;

fn row(application: &Application) -> ApplicationSummary {
    ApplicationSummary::from(application)
}

fn rows(n: usize) -> Vec<ApplicationSummary> {
    (0..n).map(|_| row(&draft(visitor_visa()))).collect()
}

/// Expects searches for the owner, recorded; each answers the next of `answers`.
fn expect_searches(
    mocks: &mut Mocks,
    answers: Vec<(u64, Vec<ApplicationSummary>)>,
) -> Recorder<ApplicationQuery> {
    let asked = Recorder::new();
    let times = answers.len();
    let mut answers = answers.into_iter();
    mocks
        .applications
        .expect_search()
        .withf(|o, _| *o == owner())
        .times(times)
        .returning({
            let asked = asked.clone();
            move |_, query| {
                asked.push(query.clone());
                Ok(answers.next().unwrap())
            }
        });
    asked
}

#[tokio::test]
async fn invalid_filters_and_paging_are_refused_before_any_search() {
    let cases = [
        (
            ApplicationQuery {
                per_page: 7,
                ..ApplicationQuery::default()
            },
            QueryError::PageSize,
        ),
        (
            ApplicationQuery {
                page: 0,
                ..ApplicationQuery::default()
            },
            QueryError::Page,
        ),
        (
            ApplicationQuery {
                number_prefix: Some("L1000036920".into()),
                ..ApplicationQuery::default()
            },
            QueryError::Number,
        ),
        (
            ApplicationQuery {
                applicant_name: Some("a".repeat(101)),
                ..ApplicationQuery::default()
            },
            QueryError::Name,
        ),
    ];
    for (query, expected) in cases {
        let service = Mocks::new().service();

        let err = service.search(owner(), query).await.unwrap_err();

        assert!(
            matches!(err, SearchError::Invalid(e) if e == expected),
            "{expected:?}: {err:?}"
        );
    }
}

#[tokio::test]
async fn the_repository_gets_the_normalised_query_and_the_page_keeps_its_total() {
    let found = rows(3);
    let mut mocks = Mocks::new();
    let asked = expect_searches(&mut mocks, vec![(3, found.clone())]);

    let page = mocks
        .service()
        .search(
            owner(),
            ApplicationQuery {
                applicant_name: Some("  hélène   incredible ".into()),
                number_prefix: Some(" l1000 ".into()),
                application_type: Some(ApplicationType::RefugeeClaim),
                status: None,
                unread_only: true,
                sort: SortColumn::ApplicantName,
                direction: SortDirection::Ascending,
                page: 1,
                per_page: 5,
            },
        )
        .await
        .unwrap();

    let query = asked.only();
    assert_eq!(query.applicant_name.as_deref(), Some("hélène incredible"));
    assert_eq!(query.number_prefix.as_deref(), Some("L1000"));
    assert_eq!(query.application_type, Some(ApplicationType::RefugeeClaim));
    assert!(query.unread_only);
    assert_eq!(
        (query.sort, query.direction),
        (SortColumn::ApplicantName, SortDirection::Ascending)
    );
    assert_eq!(
        page,
        Page {
            items: found,
            total: 3,
            page: 1,
            per_page: 5
        }
    );
    assert_eq!((page.first_item(), page.last_item()), (1, 3), "1 to 3 of 3");
}

#[tokio::test]
async fn the_default_table_lists_in_progress_applications_newest_first() {
    let mut mocks = Mocks::new();
    let asked = expect_searches(&mut mocks, vec![(0, Vec::new())]);

    let page = mocks
        .service()
        .search(owner(), ApplicationQuery::default())
        .await
        .unwrap();

    let query = asked.only();
    assert_eq!(query.status, Some(ApplicationStatus::InProgress));
    assert_eq!(
        (query.sort, query.direction),
        (SortColumn::DateCreated, SortDirection::Descending)
    );
    assert_eq!((page.total, page.page, page.items.len()), (0, 1, 0));
}

#[tokio::test]
async fn a_page_past_the_end_answers_the_last_page() {
    let last_rows = rows(2);
    let mut mocks = Mocks::new();
    let asked = expect_searches(&mut mocks, vec![(12, Vec::new()), (12, last_rows.clone())]);

    let page = mocks
        .service()
        .search(
            owner(),
            ApplicationQuery {
                page: 9,
                per_page: 5,
                ..ApplicationQuery::default()
            },
        )
        .await
        .unwrap();

    let pages: Vec<_> = asked.all().iter().map(|q| q.page).collect();
    assert_eq!(pages, [9, 3], "asked again for the last page");
    assert_eq!((page.page, page.total), (3, 12));
    assert_eq!(page.items, last_rows);
    assert_eq!((page.first_item(), page.last_item()), (11, 12));
}

#[tokio::test]
async fn a_page_past_the_end_of_no_results_answers_page_one() {
    let mut mocks = Mocks::new();
    let asked = expect_searches(&mut mocks, vec![(0, Vec::new()), (0, Vec::new())]);

    let page = mocks
        .service()
        .search(
            owner(),
            ApplicationQuery {
                page: 4,
                ..ApplicationQuery::default()
            },
        )
        .await
        .unwrap();

    assert_eq!(asked.all().len(), 2);
    assert_eq!((page.page, page.total, page.last_page()), (1, 0, 1));
}

#[tokio::test]
async fn the_last_page_itself_is_asked_once() {
    let mut mocks = Mocks::new();
    let asked = expect_searches(&mut mocks, vec![(12, rows(2))]);

    let page = mocks
        .service()
        .search(
            owner(),
            ApplicationQuery {
                page: 3,
                per_page: 5,
                ..ApplicationQuery::default()
            },
        )
        .await
        .unwrap();

    assert_eq!(asked.all().len(), 1);
    assert_eq!(page.page, 3);
}

#[tokio::test]
async fn a_storage_failure_while_searching_is_unexpected() {
    let mut mocks = Mocks::new();
    mocks
        .applications
        .expect_search()
        .returning(|_, _| Err(RepositoryError::message("timeout")));

    let err = mocks
        .service()
        .search(owner(), ApplicationQuery::default())
        .await
        .unwrap_err();

    assert!(matches!(err, SearchError::Unexpected(_)), "{err:?}");
}

#[test]
fn a_row_counts_down_its_days_left_until_it_is_submitted() {
    let mut application = draft(visitor_visa());
    assert_eq!(row(&application).days_left(date!(2025 - 05 - 09)), Some(0));
    assert_eq!(row(&application).days_left(date!(2025 - 05 - 01)), Some(8));

    application = answered(application);
    application.submit(number("V100000001"), NOW).unwrap();
    assert_eq!(
        row(&application).days_left(date!(2025 - 05 - 01)),
        None,
        "N/A"
    );
}

#[tokio::test]
async fn without_any_filter_the_table_shows_in_progress_applications_only() {
    let mut mocks = Mocks::new();
    let asked = expect_searches(&mut mocks, vec![(0, Vec::new())]);
    let service = mocks.service();

    let query = ApplicationQuery {
        status: None,
        ..ApplicationQuery::default()
    };
    service.search(owner(), query).await.unwrap();

    assert_eq!(asked.only().status, Some(ApplicationStatus::InProgress));
}

#[tokio::test]
async fn any_filter_searches_both_statuses_unless_one_is_chosen() {
    let filters = [
        ApplicationQuery {
            applicant_name: Some("Chen".into()),
            ..ApplicationQuery::default()
        },
        ApplicationQuery {
            number_prefix: Some("V1".into()),
            ..ApplicationQuery::default()
        },
        ApplicationQuery {
            application_type: Some(ApplicationType::StudyPermit),
            ..ApplicationQuery::default()
        },
        ApplicationQuery {
            unread_only: true,
            ..ApplicationQuery::default()
        },
    ];
    for filter in filters {
        for status in [None, Some(ApplicationStatus::Submitted)] {
            let mut mocks = Mocks::new();
            let asked = expect_searches(&mut mocks, vec![(0, Vec::new())]);
            let service = mocks.service();
            let query = ApplicationQuery {
                status,
                ..filter.clone()
            };

            service.search(owner(), query).await.unwrap();

            assert_eq!(asked.only().status, status, "{filter:?}");
        }
    }
}
