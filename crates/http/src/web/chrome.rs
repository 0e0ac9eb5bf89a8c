//! What every page shows around its content (the layout's data): title, language and its
//! toggle, "Signed in as", breadcrumbs, the form token, the footer's "Date modified".

use portal_domain::account::{Account, Role};

use crate::i18n::Tr;

/// A step of the breadcrumbs; the last has no link.
#[derive(Debug, Clone)]
pub struct Crumb {
    /// The text.
    pub label: String,
    /// Where it leads.
    pub href: Option<String>,
}

/// The layout's data for one page.
#[derive(Debug, Clone)]
pub struct Chrome {
    /// The page's language.
    pub tr: Tr,
    /// The page title (before " - product").
    pub title: String,
    /// The product name.
    pub product: String,
    /// "Signed in as" name, when signed in.
    pub signed_in_as: Option<String>,
    /// Whether the signed-in account is a representative (profile link).
    pub is_representative: bool,
    /// Whether the signed-in account is an officer (the console's links).
    pub is_officer: bool,
    /// Breadcrumbs, from "Home".
    pub crumbs: Vec<Crumb>,
    /// The form token for every form of the page.
    pub csrf: String,
    /// The link of the language toggle: this page in the other language.
    pub toggle_href: String,
    /// The path of this page, encoded for a query string ("Report a problem on this page").
    pub path: String,
    /// The path of this page as is, for the "Stay signed in" form.
    pub path_raw: String,
    /// When the pages were last changed.
    pub date_modified: &'static str,
    /// Errors of the page's form: the title then starts with "Error:".
    pub error_count: usize,
    /// A confirmation shown above the content.
    pub notice: Option<String>,
    /// Seconds of inactivity before the session ends, for the warning.
    pub idle_seconds: Option<i64>,
}

/// The day the pages were last changed, as the footer shows it.
pub const DATE_MODIFIED: &str = "2026-11-30";

impl Chrome {
    /// The text of `key` in the page's language.
    pub fn t(&self, key: &str) -> String {
        self.tr.t(key)
    }

    /// `en` or `fr`.
    pub fn lang(&self) -> &'static str {
        self.tr.code()
    }

    /// The other language's code, for the toggle.
    pub fn other_lang(&self) -> &'static str {
        self.tr.other().code()
    }

    /// "The form could not be submitted because N errors were found."
    pub fn count_errors(&self, n: usize) -> String {
        self.tr.with("validation-failed", &[("count", n.into())])
    }

    /// "N items are missing before you can submit:"
    pub fn count_missing(&self, n: usize) -> String {
        self.tr.with("review-missing", &[("count", n.into())])
    }

    /// Breadcrumbs "Home > {page}".
    pub fn crumbs_to(&mut self, page: &str) {
        self.crumbs = vec![
            Crumb {
                label: self.t("crumb-home"),
                href: Some("/".to_owned()),
            },
            Crumb {
                label: page.to_owned(),
                href: None,
            },
        ];
    }

    /// Sets who is signed in.
    pub fn signed_in(&mut self, account: &Account, idle_seconds: i64) {
        self.signed_in_as = Some(account.display_name());
        self.is_representative = account.role == Role::Representative;
        self.is_officer = account.role == Role::Officer;
        self.idle_seconds = Some(idle_seconds);
    }
}
