//! A page of a paged list (the applications table, the inbox): its rows, the exact total
//! and what the pager shows ("1 to 3 of 3").

/// One page of rows with the exact total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    /// The rows.
    pub items: Vec<T>,
    /// Rows matching the query, on all pages.
    pub total: u64,
    /// This page, 1-based.
    pub page: u32,
    /// Rows per page.
    pub per_page: u32,
}

/// The last page of `total` rows at `per_page` a page (1 when there are none).
pub fn last_page(total: u64, per_page: u32) -> u32 {
    u32::try_from(total.div_ceil(u64::from(per_page.max(1))).max(1)).unwrap_or(u32::MAX)
}

impl<T> Page<T> {
    /// The last page (1 when there are no rows).
    pub fn last_page(&self) -> u32 {
        last_page(self.total, self.per_page)
    }

    /// The position of the first row shown ("1" in "1 to 3 of 3"); 0 when empty.
    pub fn first_item(&self) -> u64 {
        if self.items.is_empty() {
            0
        } else {
            u64::from(self.page - 1) * u64::from(self.per_page) + 1
        }
    }

    /// The position of the last row shown ("3" in "1 to 3 of 3"); 0 when empty.
    pub fn last_item(&self) -> u64 {
        if self.items.is_empty() {
            0
        } else {
            self.first_item() + self.items.len() as u64 - 1
        }
    }
}
