//! Journeys through the pages in a real headless Chromium, by clicking and typing, with
//! axe-core checking each page against WCAG 2.1 AA in both languages.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "browser_support.rs"]
mod browser_support;

use browser_support::{Browser, Journey, REPRESENTATIVE};
use fantoccini::Locator;
use fantoccini::key::Key;
use portal_e2e::{ENROLMENT_PASSWORD, Portal};

/// Fills the enrolment form as the guide's John Doe would.
async fn fill_enrolment(b: &Browser, email: &str, telephone: &str) {
    b.fill("email", email).await;
    b.fill("password", ENROLMENT_PASSWORD).await;
    b.fill("given_name", "John").await;
    b.fill("surname", "Doe").await;
    b.choose("governing_body", "cicc").await;
    b.fill("membership_id", "R512345").await;
    b.click("#telephone_type-cellular").await;
    b.click("#telephone_country-canada-us").await;
    b.fill("telephone_number", telephone).await;
}

#[tokio::test]
async fn a_representative_enrols_with_one_mistake_is_approved_signs_in_and_signs_out() {
    let Some(Journey { b, portal, officer }) = Journey::start().await else {
        return;
    };

    // The sign-in page is the front door, and it links to enrolment.
    b.open(&portal.at("/")).await;
    assert_eq!(b.lang().await, "en");
    assert_eq!(b.text("h1").await, "Sign in to the Representative Portal");
    b.assert_accessible().await;
    b.screenshot("sign-in-en").await;
    b.go("a[href='/enrol']").await;
    assert_eq!(b.path().await, "/enrol");
    b.assert_accessible().await;

    // One bad field: the summary lists it, the field says why, what was typed stays.
    fill_enrolment(&b, "john.doe@example.com", "514-333-4545").await;
    b.go("form[action='/enrol'] button[type=submit]").await;
    assert!(
        b.title().await.starts_with("Error: "),
        "{}",
        b.title().await
    );
    let summary = b.text("#error-summary").await;
    assert!(
        summary.contains("The form could not be submitted because 1 error was found."),
        "{summary}"
    );
    assert!(summary.contains("Enter digits only"), "{summary}");
    assert!(
        b.text("#telephone_number-error")
            .await
            .contains("Enter digits only")
    );
    let kept = b.value("surname").await;
    assert_eq!(kept.as_deref(), Some("Doe"));
    let password = b.value("password").await;
    assert_eq!(
        password.as_deref(),
        Some(""),
        "a password is never sent back"
    );
    assert_eq!(
        b.client
            .find(Locator::Id("telephone_number"))
            .await
            .unwrap()
            .attr("aria-invalid")
            .await
            .unwrap()
            .as_deref(),
        Some("true")
    );
    b.assert_accessible().await;

    // Corrected, the enrolment is submitted.
    b.fill("password", ENROLMENT_PASSWORD).await;
    b.fill("telephone_number", "5143334545").await;
    b.go("form[action='/enrol'] button[type=submit]").await;
    assert_eq!(b.text("h1").await, "Enrolment request submitted");
    b.assert_accessible().await;

    // Before approval the account cannot see a home page; after it, it can.
    let client = portal.client();
    let pending = client
        .call(
            "GET",
            "/api/v1/officer/accounts?status=pending",
            Some(&officer),
            None,
        )
        .await;
    let id = pending.body.as_array().unwrap()[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let approved = client
        .call(
            "POST",
            &format!("/api/v1/officer/accounts/{id}/approve"),
            Some(&officer),
            None,
        )
        .await;
    assert_eq!(approved.status, 200, "{:?}", approved.body);

    b.sign_in(&portal, "john.doe@example.com", ENROLMENT_PASSWORD)
        .await;
    assert_eq!(b.path().await, "/");
    assert_eq!(b.text(".signed-in").await, "Signed in as John Doe");
    assert_eq!(b.text("h1").await, "My representative portal account");
    assert!(
        b.text("#main")
            .await
            .contains("This portal account is not connected with your IRCC secure account.")
    );
    let subjects = b
        .texts("section[aria-labelledby=messages] tbody td:first-child")
        .await;
    assert!(
        subjects
            .iter()
            .any(|s| s.contains("Enrolment request approved")),
        "{subjects:?}"
    );
    assert!(
        subjects
            .iter()
            .any(|s| s.contains("Enrolment request submitted"))
    );
    assert!(b.text(".pager .range").await.contains("of"));
    b.assert_accessible().await;
    b.screenshot("home-en").await;

    // Help, and an address that does not exist, keep the layout and pass axe.
    b.go("nav.account-nav a[href='/help']").await;
    assert_eq!(b.text("h1").await, "Help");
    assert!(b.text("#refugee-cbsa").await.contains("CBSA"));
    b.assert_accessible().await;
    b.open(&portal.at("/no-such-page")).await;
    assert_eq!(b.text("h1").await, "Page not found");
    b.assert_accessible().await;

    // Sign out ends the session on the server: the old cookie no longer opens the home.
    b.open(&portal.at("/")).await;
    b.sign_out().await;
    assert_eq!(b.text(".notice").await, "You have signed out.");
    assert_eq!(b.text("h1").await, "Sign in to the Representative Portal");
    b.close().await;
}

#[tokio::test]
async fn a_wrong_password_is_refused_with_one_message_and_the_email_kept() {
    let Some(Journey { b, portal, .. }) = Journey::with_representative().await else {
        return;
    };
    b.sign_in(&portal, REPRESENTATIVE, "Wrong#Password1").await;
    assert!(b.title().await.starts_with("Error: "));
    assert!(
        b.text("#error-summary")
            .await
            .contains("The email address or password is incorrect.")
    );
    let email = b.value("email").await;
    assert_eq!(email.as_deref(), Some(REPRESENTATIVE));
    b.assert_accessible().await;
    b.close().await;
}

#[tokio::test]
async fn a_forgotten_password_is_reset_with_the_code_from_the_email() {
    let Some(Journey { b, portal, .. }) = Journey::with_representative().await else {
        return;
    };

    b.open(&portal.at("/")).await;
    b.go("a[href='/forgot-password']").await;
    assert_eq!(b.text("h1").await, "Forgot password");
    b.assert_accessible().await;
    b.fill("email", REPRESENTATIVE).await;
    b.go("form[action='/forgot-password'] button[type=submit]")
        .await;
    assert_eq!(b.text("h1").await, "Reset your password");
    assert!(
        b.text(".notice")
            .await
            .contains("A verification code has been sent to your email account")
    );
    b.assert_accessible().await;
    let code = portal.mails_to(REPRESENTATIVE, 3).last().unwrap().code();

    // A confirmation that does not match is reported beside its field; the code is kept.
    b.fill("email", REPRESENTATIVE).await;
    b.fill("code", &code).await;
    b.fill("new_password", "Birch#Harbour77").await;
    b.fill("confirm_password", "Birch#Harbour78").await;
    b.go("form[action='/reset-password'] button[type=submit]")
        .await;
    assert!(b.title().await.starts_with("Error: "));
    assert!(
        b.client
            .find(Locator::Id("confirm_password-error"))
            .await
            .is_ok()
    );
    b.assert_accessible().await;
    b.fill("new_password", "Birch#Harbour77").await;
    b.fill("confirm_password", "Birch#Harbour77").await;
    b.go("form[action='/reset-password'] button[type=submit]")
        .await;
    assert_eq!(
        b.text(".notice").await,
        "Your password was changed. Sign in with your new password."
    );
    b.sign_in(&portal, REPRESENTATIVE, "Birch#Harbour77").await;
    assert_eq!(b.text(".signed-in").await, "Signed in as Hélène Tremblay");
    b.close().await;
}

#[tokio::test]
async fn the_same_short_journey_in_french() {
    let Some(Journey { b, portal, .. }) = Journey::with_representative().await else {
        return;
    };

    b.open(&portal.at("/")).await;
    b.go(".toggle a").await;
    assert_eq!(b.lang().await, "fr");
    assert_eq!(
        b.text("h1").await,
        "Se connecter au Portail des représentants"
    );
    assert_eq!(b.text(".toggle a").await, "English");
    b.assert_accessible().await;
    b.screenshot("sign-in-fr").await;

    // An empty form: every field is reported, in French.
    b.go("form[action='/sign-in'] button[type=submit]").await;
    assert!(
        b.title().await.starts_with("Erreur : "),
        "{}",
        b.title().await
    );
    let summary = b.text("#error-summary").await;
    assert!(summary.contains("2 erreurs"), "{summary}");
    assert!(
        summary.contains("Entrez votre adresse courriel."),
        "{summary}"
    );
    b.assert_accessible().await;

    b.fill("email", REPRESENTATIVE).await;
    b.fill("password", ENROLMENT_PASSWORD).await;
    b.go("form[action='/sign-in'] button[type=submit]").await;
    assert_eq!(
        b.text(".signed-in").await,
        "Connecté en tant que Hélène Tremblay"
    );
    assert_eq!(
        b.text("h1").await,
        "Mon compte du portail des représentants"
    );
    assert_eq!(b.lang().await, "fr");
    b.assert_accessible().await;
    b.screenshot("home-fr").await;
    b.go("nav.account-nav a[href='/help']").await;
    assert_eq!(b.text("h1").await, "Aide");
    b.assert_accessible().await;
    b.open(&portal.at("/nulle-part")).await;
    assert_eq!(b.text("h1").await, "Page introuvable");
    b.assert_accessible().await;
    b.open(&portal.at("/enrol")).await;
    b.assert_accessible().await;
    b.open(&portal.at("/forgot-password")).await;
    b.assert_accessible().await;
    b.open(&portal.at("/session-expired")).await;
    assert_eq!(b.text("h1").await, "Votre session a expiré");
    b.assert_accessible().await;
    b.close().await;
}

#[tokio::test]
async fn sign_in_and_the_application_search_work_with_the_keyboard_alone() {
    let Some(Journey { b, portal, .. }) = Journey::with_representative().await else {
        return;
    };

    b.open(&portal.at("/")).await;
    let active = || async { b.client.active_element().await.unwrap() };
    // From the top of the page: the skip link first, then the form in order.
    let body = b.client.find(Locator::Css("body")).await.unwrap();
    body.send_keys(&Key::Tab.to_string()).await.unwrap();
    assert_eq!(active().await.text().await.unwrap(), "Skip to main content");
    active()
        .await
        .send_keys(&Key::Enter.to_string())
        .await
        .unwrap();
    let mut field = None;
    for _ in 0..6 {
        active()
            .await
            .send_keys(&Key::Tab.to_string())
            .await
            .unwrap();
        if active().await.attr("id").await.unwrap().as_deref() == Some("email") {
            field = Some(active().await);
            break;
        }
    }
    let email = field.expect("Tab reaches the email field");
    email.send_keys(REPRESENTATIVE).await.unwrap();
    email.send_keys(&Key::Tab.to_string()).await.unwrap();
    let password = active().await;
    assert_eq!(
        password.attr("id").await.unwrap().as_deref(),
        Some("password")
    );
    password.send_keys(ENROLMENT_PASSWORD).await.unwrap();
    password.send_keys(&Key::Enter.to_string()).await.unwrap();
    b.wait_for(".signed-in").await;
    assert_eq!(b.text(".signed-in").await, "Signed in as Hélène Tremblay");

    // The search panel opens with Enter on its summary, and a search runs with Enter.
    let summary = b
        .client
        .find(Locator::Css("details.search summary"))
        .await
        .unwrap();
    summary.send_keys(&Key::Enter.to_string()).await.unwrap();
    let name = b.client.find(Locator::Id("applicant_name")).await.unwrap();
    name.send_keys("helene").await.unwrap();
    name.send_keys(&Key::Enter.to_string()).await.unwrap();
    b.wait_for_address("applicant_name=helene").await;
    assert!(
        b.client
            .current_url()
            .await
            .unwrap()
            .query()
            .unwrap_or_default()
            .contains("applicant_name=helene")
    );
    assert_eq!(
        b.text("#applications-caption").await,
        "Applications matching your search"
    );
    let open = b
        .client
        .execute(
            "return document.querySelector('details.search').open;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(open, true, "an active search keeps the panel open");
    b.assert_accessible().await;
    b.close().await;
}

#[tokio::test]
async fn a_password_is_changed_after_one_refused_attempt() {
    let Some(Journey { b, portal, .. }) = Journey::signed_in().await else {
        return;
    };
    b.open(&portal.at("/account/password")).await;
    assert_eq!(b.text("h1").await, "Update your password");
    b.assert_accessible().await;
    b.fill("current_password", "Not#MyPassword9").await;
    b.fill("new_password", "Cedar#Lagoon83").await;
    b.fill("confirm_password", "Cedar#Lagoon83").await;
    b.go("form[action='/account/password'] button[type=submit]")
        .await;
    assert!(
        b.text("#current_password-error")
            .await
            .contains("The current password is incorrect.")
    );
    b.assert_accessible().await;
    b.fill("current_password", ENROLMENT_PASSWORD).await;
    b.fill("new_password", "Cedar#Lagoon83").await;
    b.fill("confirm_password", "Cedar#Lagoon83").await;
    b.go("form[action='/account/password'] button[type=submit]")
        .await;
    assert_eq!(b.text("h1").await, "Password updated");
    // This browser stays signed in with its new session.
    b.open(&portal.at("/")).await;
    assert_eq!(b.text(".signed-in").await, "Signed in as Hélène Tremblay");
    b.close().await;
}

#[tokio::test]
async fn the_profile_is_updated_after_one_bad_field_and_the_web_form_and_closure_are_sent() {
    // The portal is kept running until the end of the journey.
    let Some(Journey {
        b, portal: _portal, ..
    }) = Journey::signed_in().await
    else {
        return;
    };

    // The profile: the IRCC ID, the GCMS note, the contact form and "Update password".
    b.go("nav.account-nav a[href='/account/profile']").await;
    assert_eq!(b.text("h1").await, "Account profile");
    assert!(b.text("#main").await.contains("Representative IRCC ID: P"));
    assert!(
        b.text("#main")
            .await
            .contains("will not be synchronized back to GCMS")
    );
    b.assert_accessible().await;
    b.screenshot("profile-en").await;
    b.fill("telephone_number", "514 333").await;
    b.fill("fax_number", "5143334546").await;
    b.go("form[action='/account/profile'] button[type=submit]")
        .await;
    assert!(b.text("#error-summary").await.contains("2 errors"));
    assert!(
        b.text("#telephone_number-error")
            .await
            .contains("Enter digits only")
    );
    assert!(b.text("#fax_number-error").await.contains("(###) ###-####"));
    b.assert_accessible().await;
    b.fill("telephone_number", "5145550199").await;
    b.fill("fax_number", "(514) 555-0100").await;
    b.click("#language-fr").await;
    b.go("form[action='/account/profile'] button[type=submit]")
        .await;
    // Saved, and the page now speaks the language just chosen.
    assert_eq!(
        b.text(".notice").await,
        "Vos renseignements ont été mis à jour."
    );
    assert_eq!(b.lang().await, "fr");
    let saved = b.value("telephone_number").await;
    assert_eq!(saved.as_deref(), Some("5145550199"));
    b.click("#language-en").await;
    b.go("form[action='/account/profile'] button[type=submit]")
        .await;
    assert_eq!(b.text(".notice").await, "Your information was updated.");

    // The web form: every bad field at once, then a reference number.
    b.go("a[href='/account/enquiries/new?type=technical_difficulties']")
        .await;
    assert_eq!(b.text("h1").await, "Web form");
    b.assert_accessible().await;
    b.fill("date_of_birth", "12-04-1985").await;
    b.fill("request", "Please change my surname to Tremblay-Roy.")
        .await;
    b.go("form[action='/account/enquiries/new'] button[type=submit]")
        .await;
    assert!(
        b.text("#error-summary").await.contains("date of birth"),
        "{}",
        b.text("#error-summary").await
    );
    assert_eq!(
        b.value("request").await.as_deref(),
        Some("Please change my surname to Tremblay-Roy.")
    );
    b.assert_accessible().await;
    b.fill("date_of_birth", "1985-04-12").await;
    b.go("form[action='/account/enquiries/new'] button[type=submit]")
        .await;
    assert_eq!(b.text("h1").await, "Request submitted");
    let text = b.text("#main p").await;
    let reference: String = text
        .split_whitespace()
        .find(|w| w.starts_with('Q') && w.len() >= 10)
        .unwrap()
        .trim_end_matches(';')
        .to_owned();
    b.go("#main a[href='/account/enquiries']").await;
    assert!(b.text("tbody").await.contains(&reference));
    assert!(b.text("tbody").await.contains("Received"));
    b.assert_accessible().await;

    // The closure request joins the same list.
    b.go("a[href='/account/close']").await;
    b.assert_accessible().await;
    b.go("form[action='/account/close'] button[type=submit]")
        .await;
    assert!(
        b.text("#main")
            .await
            .contains("An officer will process it.")
    );
    b.close().await;
}

#[tokio::test]
async fn axe_reports_a_broken_page_so_a_clean_report_means_something() {
    let Some(b) = Browser::start().await else {
        return;
    };
    let portal = Portal::start();
    b.open(&portal.at("/help")).await;
    assert!(b.violations().await.is_empty());
    // An image without a text alternative and a field without a label.
    b.client
        .execute(
            "document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\\'/assets/none.png\\'><input type=\\'text\\'>');",
            vec![],
        )
        .await
        .unwrap();
    let found = b.violations().await;
    assert!(found.contains(&"image-alt".to_owned()), "{found:?}");
    assert!(found.contains(&"label".to_owned()), "{found:?}");
    b.close().await;
}

#[tokio::test]
async fn sign_in_replaces_a_planted_session_cookie_with_a_new_http_only_one() {
    let Some(Journey { b, portal, .. }) = Journey::with_representative().await else {
        return;
    };
    b.open(&portal.at("/")).await;
    // A session id chosen by someone else (session fixation), set as a script could.
    b.client
        .execute(
            "document.cookie = 'portal-session=planted-by-someone-else; path=/';",
            vec![],
        )
        .await
        .unwrap();
    b.sign_in(&portal, REPRESENTATIVE, ENROLMENT_PASSWORD).await;
    let session = b.client.get_named_cookie("portal-session").await.unwrap();
    assert_ne!(session.value(), "planted-by-someone-else");
    assert!(session.value().len() >= 40, "a fresh random token");
    assert_eq!(session.http_only(), Some(true));
    assert_eq!(
        session.same_site().map(|s| s.to_string()).as_deref(),
        Some("Lax")
    );
    assert_eq!(b.text(".signed-in").await, "Signed in as Hélène Tremblay");
    b.close().await;
}

/// Makes the page's idle warning due in two seconds: the page says its idle timeout is
/// four seconds and its script runs again, as it would on a page served with that timeout
/// (the form is replaced by a copy first, so that only the new script answers it).
async fn idle_warning_due_now(b: &Browser) {
    b.client
        .execute(
            "var form = document.querySelector('#idle-warning form');
             form.replaceWith(form.cloneNode(true));
             document.body.setAttribute('data-idle-seconds', '4');
             var s = document.createElement('script');
             s.src = '/assets/portal.js';
             document.head.appendChild(s);",
            vec![],
        )
        .await
        .unwrap();
    b.wait_for("#idle-warning:not([hidden])").await;
}

#[tokio::test]
async fn the_idle_warning_keeps_the_session_or_leads_to_the_expired_page() {
    let Some(Journey { b, portal, .. }) = Journey::signed_in().await else {
        return;
    };
    assert!(b.has_id("idle-warning").await);
    assert!(
        b.client
            .find(Locator::Css("#idle-warning[hidden]"))
            .await
            .is_ok(),
        "the warning stays hidden until it is due"
    );

    idle_warning_due_now(&b).await;
    assert_eq!(
        b.text("#idle-warning-title").await,
        "Your session is about to end"
    );
    assert_eq!(b.focused_id().await, "stay-signed-in");
    b.assert_accessible().await;
    // "Stay signed in" renews the session in the background and hides the warning.
    b.click_id("stay-signed-in").await;
    b.wait_for("#idle-warning[hidden]").await;
    assert_eq!(b.path().await, "/");
    b.open(&portal.at("/")).await;
    assert_eq!(b.text(".signed-in").await, "Signed in as Hélène Tremblay");

    // Once the session is gone, the same button leads to "your session expired".
    b.client.delete_cookie("portal-session").await.unwrap();
    idle_warning_due_now(&b).await;
    b.click_id("stay-signed-in").await;
    b.wait_for_address("/session-expired").await;
    b.assert_accessible().await;
    b.close().await;
}
