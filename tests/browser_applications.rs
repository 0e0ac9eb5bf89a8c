//! The application journey in a real headless Chromium: start a refugee claim for a group,
//! fill every section, upload a document, exit and continue, and submit after the review
//! lists what is missing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "browser_support.rs"]
mod browser_support;

use browser_support::{Browser, Journey};

/// Answers for every question a refugee claim asks, by question key.
const ANSWERS: [(&str, &str); 17] = [
    ("date_of_birth", "1985-04-12"),
    ("sex", "female"),
    ("country_of_birth", "France"),
    ("citizenship", "France"),
    ("marital_status", "married"),
    ("relationship", "dependent_child"),
    ("address", "12 rue des Lilas"),
    ("city", "Lyon"),
    ("country", "France"),
    ("telephone", "33472000000"),
    ("number", "18AB12345"),
    ("issuing_country", "France"),
    ("issue_date", "2020-02-01"),
    ("expiry_date", "2031-02-01"),
    ("arrival_in_canada", "2024-03-02"),
    ("fear_of_return", "yes"),
    ("summary", "Persecution for political opinion."),
];

/// Answers every question of the section on the page that is still empty.
async fn fill_section(b: &Browser) {
    for (key, value) in ANSWERS {
        let id = format!("answers.{key}");
        if !b.has_id(&id).await {
            continue;
        }
        let element = b.client.find(fantoccini::Locator::Id(&id)).await.unwrap();
        if element.tag_name().await.unwrap() == "fieldset" {
            b.click_id(&format!("{id}-{value}")).await;
        } else if element
            .prop("value")
            .await
            .unwrap()
            .unwrap_or_default()
            .is_empty()
        {
            element.send_keys(value).await.unwrap();
        }
    }
}

/// Goes through every section with "Save and continue" until the documents step.
async fn fill_every_section(b: &Browser) {
    for _ in 0..10 {
        if b.path().await.ends_with("/documents") {
            return;
        }
        assert!(b.text(".progress").await.starts_with("Section "));
        fill_section(b).await;
        b.go("button[value=next]").await;
        assert!(
            !b.title().await.starts_with("Error: "),
            "{}",
            b.text("#error-summary").await
        );
    }
    panic!("the sections never ended");
}

/// Uploads a small PDF for every required document still missing.
async fn upload_required(b: &Browser, pdf: &std::path::Path) {
    loop {
        let missing = b
            .client
            .execute(
                "const rows = [...document.querySelectorAll('tbody tr')].filter(r => r.cells[1].textContent === 'Yes' && r.cells[2].textContent === 'No'); return rows.length ? rows[0].id.replace('item-', '') : null;",
                vec![],
            )
            .await
            .unwrap();
        let Some(item) = missing.as_str() else {
            return;
        };
        b.choose("item", item).await;
        let file = b
            .client
            .find(fantoccini::Locator::Id("file"))
            .await
            .unwrap();
        file.send_keys(pdf.to_str().unwrap()).await.unwrap();
        b.go("form[enctype] button[type=submit]").await;
        assert!(
            !b.title().await.starts_with("Error: "),
            "{}",
            b.text("#main").await
        );
    }
}

#[tokio::test]
async fn a_refugee_claim_for_a_group_is_started_filled_saved_and_submitted() {
    let Some(Journey { b, portal, officer }) = Journey::signed_in().await else {
        return;
    };
    let folder = tempfile::tempdir().unwrap();
    let pdf = folder.path().join("passport.pdf");
    std::fs::write(&pdf, b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n").unwrap();

    // The acknowledgement page of a refugee claim, with the two guides.
    b.go("a[href='/applications/new/refugee']").await;
    assert_eq!(b.text("h1").await, "Make a refugee claim");
    assert!(
        b.text("#main")
            .await
            .contains("Refugee claim started with the Canada Border Services Agency")
    );
    b.assert_accessible().await;
    b.fill("principal.given_name", "Helen").await;
    b.fill("principal.family_name", "Incredible").await;
    b.fill("family_members[0].given_name", "Alice").await;
    b.fill("family_members[0].family_name", "Incredible").await;
    b.go("form[action='/applications/new'] button[type=submit]")
        .await;
    // Without the acknowledgement nothing starts, and the names stay.
    assert!(
        b.text("#error-summary")
            .await
            .contains("Confirm that you have read and understood the instructions")
    );
    b.assert_accessible().await;
    b.click_id("acknowledged").await;
    b.go("form[action='/applications/new'] button[type=submit]")
        .await;
    assert!(
        b.text("h1").await.starts_with("Helen Incredible"),
        "{}",
        b.text("h1").await
    );
    assert!(b.text(".progress").await.starts_with("Section 1 of "));
    b.assert_accessible().await;
    b.screenshot("questionnaire-en").await;

    // A bad date is reported beside its question; what was typed stays.
    b.fill("answers.date_of_birth", "12/04/1985").await;
    b.go("button[value=save]").await;
    assert!(b.title().await.starts_with("Error: "));
    assert!(
        b.text("[id='answers.date_of_birth-error']")
            .await
            .contains("yyyy-mm-dd")
    );
    b.assert_accessible().await;
    b.fill("answers.date_of_birth", "1985-04-12").await;
    fill_section(&b).await;
    b.go("button[value=next]").await;
    assert!(b.text(".progress").await.starts_with("Section 2 of "));

    // Exit and continue from the table.
    b.go("button[value=exit]").await;
    assert!(
        b.text(".notice")
            .await
            .contains("Your application was saved.")
    );
    let names = b
        .texts("section[aria-labelledby=applications] tbody td:nth-child(3)")
        .await;
    assert!(
        names.iter().any(|n| n == "Helen Incredible")
            && names.iter().any(|n| n == "Alice Incredible"),
        "{names:?}"
    );
    b.go("section[aria-labelledby=applications] td.actions-cell a:first-child")
        .await;
    // Continue opened one of the group's drafts; fill it whole.
    let first = b.text("h1").await;
    fill_every_section(&b).await;
    b.assert_accessible().await;
    upload_required(&b, &pdf).await;
    assert!(b.text("#main").await.contains("passport.pdf"));
    b.go("a.button.secondary[href$='/review']").await;
    b.assert_accessible().await;
    // The other applicant of the group is not complete: submission lists what is missing.
    b.go("form[action$='/submit'] button[type=submit]").await;
    assert!(b.title().await.starts_with("Error: "));
    let summary = b.text("#error-summary").await;
    let other = if first.starts_with("Helen") {
        "Alice Incredible"
    } else {
        "Helen Incredible"
    };
    assert!(summary.contains(other), "{summary}");
    b.assert_accessible().await;

    // Complete the other draft, then submit the group.
    b.open(&portal.at("/")).await;
    let other_row = format!("//tr[td[3][normalize-space()='{other}']]/td[10]/a[1]");
    let link = b
        .client
        .find(fantoccini::Locator::XPath(&other_row))
        .await
        .unwrap();
    b.client
        .execute("window.__portalPage = true;", vec![])
        .await
        .unwrap();
    link.click().await.unwrap();
    b.wait_for(".progress").await;
    fill_every_section(&b).await;
    upload_required(&b, &pdf).await;
    b.go("a.button.secondary[href$='/review']").await;
    assert!(
        b.text("#main")
            .await
            .contains("Every required answer and document is there.")
    );
    b.go("form[action$='/submit'] button[type=submit]").await;
    assert_eq!(b.text("h1").await, "Application submitted");
    let numbers = b.texts("tbody td:nth-child(2)").await;
    assert_eq!(numbers.len(), 2);
    assert!(
        numbers.iter().all(|n| n.starts_with('L') && n.len() == 10),
        "{numbers:?}"
    );
    b.assert_accessible().await;

    // Submitted applications leave the default table and are found by search.
    b.open(&portal.at(&format!("/?application_number={}", numbers[0])))
        .await;
    assert_eq!(
        b.texts("section[aria-labelledby=applications] tbody td:nth-child(4)")
            .await,
        vec![numbers[0].clone()]
    );

    // The department receives it and asks for a document: "Action required" shows.
    let found = portal
        .call(
            "GET",
            &format!("/api/v1/officer/applications?number={}", numbers[0]),
            Some(&officer),
            None,
        )
        .await;
    let id = found.body["items"][0]["id"].as_str().unwrap().to_owned();
    let today = time::OffsetDateTime::now_utc().date();
    let act = |path: &'static str, body: serde_json::Value| {
        let (portal, officer, id) = (&portal, &officer, &id);
        async move {
            let reply = portal
                .call(
                    "POST",
                    &format!("/api/v1/officer/applications/{id}/{path}"),
                    Some(officer),
                    Some(body),
                )
                .await;
            assert_eq!(reply.status, 200, "{path}: {:?}", reply.body);
        }
    };
    act(
        "receive",
        serde_json::json!({"date_received": today.to_string(), "uci": "1234-5678"}),
    )
    .await;
    act(
        "document-requests",
        serde_json::json!({"description": "A copy of the police report.", "due_date": (today + time::Duration::days(30)).to_string()}),
    )
    .await;
    b.open(&portal.at(&format!("/?application_number={}", numbers[0])))
        .await;
    assert!(
        b.text("section[aria-labelledby=applications] td.actions-cell")
            .await
            .contains("Action required")
    );
    b.go("section[aria-labelledby=applications] td.actions-cell a")
        .await;
    assert!(
        b.text("h1")
            .await
            .ends_with("Application status and messages")
    );
    assert!(b.text(".status-line").await.contains("Received"));
    assert!(b.text("#main").await.contains("1234-5678"));
    assert!(
        b.text(".request.open")
            .await
            .contains("A copy of the police report.")
    );
    b.assert_accessible().await;
    b.screenshot("status-en").await;

    // The answer is uploaded in the request's own slot, and the message is read.
    let file = b
        .client
        .find(fantoccini::Locator::Css(".request.open input[type=file]"))
        .await
        .unwrap();
    file.send_keys(pdf.to_str().unwrap()).await.unwrap();
    b.go(".request.open button[type=submit]").await;
    assert_eq!(b.text(".notice").await, "The document was uploaded.");
    assert!(
        b.client
            .find(fantoccini::Locator::Css(".request.open"))
            .await
            .is_err()
    );
    b.go("#app-messages-caption ~ tbody tr.unread a").await;
    assert!(b.text(".message-body").await.contains("police report"));
    b.assert_accessible().await;

    // The decision and the documents issued show on the status page.
    act("decision", serde_json::json!({"outcome": "approved"})).await;
    act(
        "issued-documents",
        serde_json::json!({"document_type": "Refugee protection claimant document", "number": "RPCD12345", "date_issued": today.to_string()}),
    )
    .await;
    b.open(&portal.at(&format!("/applications/{id}/status")))
        .await;
    assert!(b.text("#main").await.contains("Approved"));
    assert!(
        b.text("#issued-caption ~ tbody")
            .await
            .contains("RPCD12345")
    );
    b.assert_accessible().await;
    b.close().await;
}
