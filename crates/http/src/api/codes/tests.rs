//! Tests of the codes: each is the domain's own, and a page size is one of those offered.
#![allow(clippy::expect_used)]

use poem_openapi::types::{ParseFromParameter, ToJSON};

use super::*;

fn code<T: ToJSON>(value: T) -> String {
    value
        .to_json()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

#[test]
fn every_code_is_the_domain_code_of_the_value_it_stands_for() {
    for t in ApplicationType::ALL {
        assert_eq!(code(ApplicationTypeCode::from(t)), t.code());
    }
    for s in ApplicationStatus::ALL {
        assert_eq!(code(ApplicationStatusCode::from(s)), s.code());
    }
    for c in SortColumn::ALL {
        assert_eq!(code(SortCode::from(c)), c.code());
    }
    for s in Step::ALL {
        assert_eq!(code(StepCode::from(s)), s.code());
    }
    for s in StepState::ALL {
        assert_eq!(code(StepStateCode::from(s)), s.code());
    }
    for r in DocumentReview::ALL {
        assert_eq!(code(DocumentReviewCode::from(r)), r.code());
    }
    for o in Outcome::ALL {
        assert_eq!(code(OutcomeCode::from(o)), o.code());
    }
    for s in Standing::ALL {
        assert_eq!(code(StandingCode::from(*s)), s.code());
    }
    for a in AuditAction::ALL {
        assert_eq!(code(AuditActionCode::from(a)), a.as_str());
    }
    for c in [
        "pending",
        "approved",
        "rejected",
        "closure_requested",
        "closed",
    ] {
        let kind = AccountStatusKind::parse(c).expect("a status code");
        assert_eq!(code(AccountStatusCode::from(kind)), c);
    }
    for l in Language::ALL {
        assert_eq!(code(LanguageCode::from(*l)), l.code());
    }
}

#[test]
fn a_page_size_is_one_of_the_sizes_offered() {
    assert_eq!(
        PageSize::parse_from_parameter("25").ok(),
        Some(PageSize(25))
    );
    for bad in ["0", "7", "-1", "1000", "ten"] {
        assert!(PageSize::parse_from_parameter(bad).is_err(), "{bad}");
    }
}
