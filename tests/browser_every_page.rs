//! Every page, in English and in French, over the demo's data, checked by axe-core for
//! WCAG 2.1 AA and for its weight.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "browser_support.rs"]
mod browser_support;

use browser_support::Browser;
use portal_e2e::Portal;

/// Opens `path`, checks the page's language, and runs axe on it.
async fn check(b: &Browser, portal: &Portal, path: &str, lang: &str) {
    b.open(&portal.at(path)).await;
    assert_eq!(b.lang().await, lang, "{path}");
    b.assert_accessible().await;
}

/// Follows the first link `css` finds, then checks the page it leads to.
async fn follow(b: &Browser, css: &str, lang: &str) {
    b.go(css).await;
    assert_eq!(b.lang().await, lang, "{css}");
    b.assert_accessible().await;
}

#[tokio::test]
async fn every_page_passes_axe_in_english_and_in_french() {
    let Some(b) = Browser::start().await else {
        return;
    };
    let portal = Portal::start();
    portal.cli(&["demo"]);
    for lang in ["en", "fr"] {
        b.open(&portal.at(&format!("/language?to={lang}&back=/")))
            .await;
        for path in [
            "/",
            "/enrol",
            "/forgot-password",
            "/reset-password",
            "/help",
            "/session-expired",
            "/no-such-page",
        ] {
            check(&b, &portal, path, lang).await;
        }

        // The representative's pages.
        b.sign_in(&portal, "john.doe@demo.example", "Birch#Meadow2026")
            .await;
        for path in [
            "/",
            "/account/profile",
            "/account/password",
            "/account/enquiries",
            "/account/close",
            "/applications/new/visitor",
            "/applications/new/refugee",
        ] {
            check(&b, &portal, path, lang).await;
        }
        check(&b, &portal, "/", lang).await;
        follow(&b, "section[aria-labelledby=messages] tbody a", lang).await;
        check(&b, &portal, "/?applicant_name=helen", lang).await;
        follow(
            &b,
            "section[aria-labelledby=applications] td.actions-cell a",
            lang,
        )
        .await;
        b.screenshot(&format!("status-{lang}")).await;
        follow(&b, "#app-messages-caption ~ tbody a", lang).await;
        // A new draft through its steps, then its deletion.
        check(&b, &portal, "/applications/new/visitor", lang).await;
        b.fill("principal.given_name", "Violet").await;
        b.fill("principal.family_name", "Parr").await;
        b.click_id("acknowledged").await;
        follow(
            &b,
            "form[action='/applications/new'] button[type=submit]",
            lang,
        )
        .await;
        b.screenshot(&format!("questionnaire-{lang}")).await;
        let draft = b.path().await;
        check(&b, &portal, &format!("{draft}/documents"), lang).await;
        check(&b, &portal, &format!("{draft}/review"), lang).await;
        check(&b, &portal, &format!("{draft}/delete"), lang).await;
        follow(&b, "form[action$='/delete'] button[type=submit]", lang).await;
        // The web form, sent, so that the officers' queue has an enquiry.
        check(&b, &portal, "/account/enquiries/new", lang).await;
        b.choose("enquiry_type", "technical_difficulties").await;
        b.fill("date_of_birth", "1980-01-02").await;
        b.fill("request", "Please update my mailing address.").await;
        follow(
            &b,
            "form[action='/account/enquiries/new'] button[type=submit]",
            lang,
        )
        .await;
        b.sign_out().await;

        // The officers' console.
        b.sign_in(&portal, "officer@demo.example", "Cedar#Harbour26")
            .await;
        for path in [
            "/officer",
            "/officer?status=approved",
            "/officer/applications",
            "/officer/enquiries",
            "/officer/audit",
        ] {
            check(&b, &portal, path, lang).await;
        }
        check(&b, &portal, "/officer/applications", lang).await;
        follow(&b, "#cases-caption ~ tbody a", lang).await;
        b.screenshot(&format!("officer-case-{lang}")).await;
        check(&b, &portal, "/officer/enquiries", lang).await;
        follow(&b, "#queue-caption ~ tbody a", lang).await;
        b.sign_out().await;
    }
    b.close().await;
}
