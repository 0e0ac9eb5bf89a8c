//! The name search against a reference computed here: every term (one letter, two, more,
//! with accents, punctuation and spaces, absent ones), with every filter, both orders and
//! page sizes that make each way of reading the index (counting, joining, walking) answer,
//! before and after the applications change (renamed, submitted, deleted).

use portal_domain::account::AccountId;
use portal_domain::application::{
    ApplicationKind, ApplicationQuery, ApplicationRepository, ApplicationStatus,
    ApplicationSummary, ApplicationType, SortColumn, SortDirection,
};
use portal_domain::effects::SideEffects;

use crate::fixtures::{new_claim, owner, stored, visitor};
use crate::support::{Ctx, at};

const NAMES: [(&str, &str); 8] = [
    ("Hélène", "Tremblay"),
    ("Jean-Luc", "O'Neil"),
    ("Anne", "Dupont"),
    ("Dan", "Nantel"),
    ("Zoë", "Lefèvre"),
    ("François", "Anand"),
    ("helene", "Roy"),
    ("Ana", "Banana"),
];

const TERMS: [&str; 14] = [
    "a", "an", "AN", "hel", "helene", "ÉLÈ", "n-l", "o'n", "e t", "nt", "ana", "zz", "ç", "z",
];

/// Lowercase without the accents the names above carry.
fn fold(text: &str) -> String {
    text.to_lowercase()
        .replace(['é', 'è', 'ë'], "e")
        .replace('ç', "c")
}

/// Every application of `rep`, as the table shows them.
async fn everything(ctx: &Ctx, rep: AccountId) -> Vec<ApplicationSummary> {
    let query = ApplicationQuery {
        status: None,
        per_page: 100,
        ..ApplicationQuery::default()
    };
    ctx.db.applications().search(rep, &query).await.unwrap().1
}

/// The total and the page `query` should give, computed from `all`.
fn reference(all: &[ApplicationSummary], query: &ApplicationQuery) -> (u64, Vec<String>) {
    let term = fold(query.applicant_name.as_deref().unwrap_or_default());
    let mut rows: Vec<&ApplicationSummary> = all
        .iter()
        .filter(|a| fold(&a.applicant_name).contains(&term))
        .filter(|a| query.status.is_none_or(|s| a.status == s))
        .filter(|a| {
            query
                .application_type
                .is_none_or(|t| a.application_type == t)
        })
        .filter(|a| !query.unread_only || a.has_unread)
        .collect();
    rows.sort_by(|a, b| {
        let key = match query.sort {
            SortColumn::ApplicantName => fold(&a.applicant_name).cmp(&fold(&b.applicant_name)),
            _ => a.created_at.cmp(&b.created_at),
        };
        key.then(a.id.cmp(&b.id))
    });
    if query.direction == SortDirection::Descending {
        rows.reverse();
    }
    let page = rows
        .iter()
        .skip(usize::try_from(query.offset()).unwrap())
        .take(query.per_page as usize)
        .map(|a| a.id.to_string())
        .collect();
    (rows.len() as u64, page)
}

/// Runs every combination for `terms` and compares each answer with the reference.
async fn compare(ctx: &Ctx, rep: AccountId, terms: &[&str]) {
    let all = everything(ctx, rep).await;
    let repo = ctx.db.applications();
    let orders = [
        (SortColumn::DateCreated, SortDirection::Descending),
        (SortColumn::DateCreated, SortDirection::Ascending),
        (SortColumn::ApplicantName, SortDirection::Ascending),
    ];
    let statuses = [
        None,
        Some(ApplicationStatus::InProgress),
        Some(ApplicationStatus::Submitted),
    ];
    let types = [
        None,
        Some(ApplicationType::VisitorVisa),
        Some(ApplicationType::RefugeeClaim),
    ];
    for term in terms {
        for status in statuses {
            for application_type in types {
                for unread_only in [false, true] {
                    for (sort, direction) in orders {
                        for (per_page, pages) in [(1, 3), (4, 3), (100, 1)] {
                            for page in 1..=pages {
                                let query = ApplicationQuery {
                                    applicant_name: Some((*term).to_owned()),
                                    number_prefix: None,
                                    application_type,
                                    status,
                                    unread_only,
                                    sort,
                                    direction,
                                    page,
                                    per_page,
                                };
                                let (total, items) = repo.search(rep, &query).await.unwrap();
                                let ids = items.iter().map(|i| i.id.to_string()).collect();
                                assert_eq!((total, ids), reference(&all, &query), "{query:?}");
                            }
                        }
                    }
                }
            }
        }
    }
}

pub async fn the_name_search_matches_a_reference_through_every_change(ctx: Ctx) {
    let repo = ctx.db.applications();
    let rep = owner(&ctx, "rep@example.com").await;
    let stranger = owner(&ctx, "stranger@example.com").await;
    let mut apps = Vec::new();
    for i in 0..32_i64 {
        let name = NAMES[(i as usize) % NAMES.len()];
        let kind: ApplicationKind = match i % 3 {
            0 => visitor(),
            1 => new_claim(),
            _ => ApplicationKind::StudyPermit,
        };
        apps.push(stored(&ctx, rep, kind, name, at(i)).await);
    }
    for name in NAMES {
        stored(&ctx, stranger, visitor(), name, at(1)).await;
    }
    for i in (0..apps.len()).step_by(3) {
        repo.submit(
            std::slice::from_ref(&apps[i]),
            at(100 + i as i64),
            &SideEffects::default(),
        )
        .await
        .unwrap();
    }
    ctx.execute("UPDATE applications SET has_unread = TRUE WHERE applicant_name LIKE 'A%'")
        .await;
    compare(&ctx, rep, &TERMS).await;
    let nobody = AccountId::from_uuid(uuid::Uuid::now_v7());
    for term in ["helene", "an"] {
        let query = ApplicationQuery {
            applicant_name: Some(term.to_owned()),
            status: None,
            ..ApplicationQuery::default()
        };
        let (total, items) = repo.search(nobody, &query).await.unwrap();
        assert_eq!(
            (total, items.len()),
            (0, 0),
            "an unknown owner finds nothing"
        );
    }

    // Renamed, submitted, deleted: the index follows each change.
    let mut renamed = repo.find(rep, apps[1].id).await.unwrap().unwrap();
    renamed.applicant_name = "Zazie Çelik".into();
    repo.save(&renamed, &SideEffects::default()).await.unwrap();
    let later = repo.find(rep, apps[4].id).await.unwrap().unwrap();
    repo.submit(
        std::slice::from_ref(&later),
        at(300),
        &SideEffects::default(),
    )
    .await
    .unwrap();
    repo.delete_drafts(rep, &[apps[2].id, apps[7].id], &SideEffects::default())
        .await
        .unwrap();
    compare(&ctx, rep, &["an", "helene", "zaz", "celik", "jean", "ana"]).await;
}
