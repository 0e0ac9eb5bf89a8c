//! First, previous, next and last links of a paged table, keeping its search, with
//! "1 to N of M".

use crate::api::Pager;
use crate::i18n::Tr;

/// First, previous, next and last, keeping the search.
#[derive(Debug)]
pub struct PagerView {
    pub(crate) label: String,
    pub(crate) range: String,
    pub(crate) links: Vec<PagerLink>,
}

/// One link of the pager; `None` when it leads nowhere.
#[derive(Debug)]
pub struct PagerLink {
    pub(crate) symbol: &'static str,
    pub(crate) label: String,
    pub(crate) href: Option<String>,
}

impl PagerView {
    /// The pager of `pager`; `href` makes the link of a page number.
    pub fn new(pager: &Pager, tr: Tr, label_key: &str, href: impl Fn(u32) -> String) -> Self {
        let target = |page: u32, enabled: bool| enabled.then(|| href(page));
        let first = pager.page > 1;
        let last = pager.page < pager.last_page;
        Self {
            label: tr.t(label_key),
            range: pager.range.clone(),
            links: vec![
                PagerLink {
                    symbol: "«",
                    label: tr.t("page-first"),
                    href: target(1, first),
                },
                PagerLink {
                    symbol: "‹",
                    label: tr.t("page-previous"),
                    href: target(pager.page.saturating_sub(1).max(1), first),
                },
                PagerLink {
                    symbol: "›",
                    label: tr.t("page-next"),
                    href: target(pager.page + 1, last),
                },
                PagerLink {
                    symbol: "»",
                    label: tr.t("page-last"),
                    href: target(pager.last_page, last),
                },
            ],
        }
    }
}
