//! One page of a long list (`?pagina=N`): which page, how many there are,
//! and which items it holds, so only the people shown are read and logged.

use zicht_acts::work::Window;

/// One page of a list: its number, how many there are, and which items
/// (1-based, inclusive) it holds of the total.
#[derive(Debug, PartialEq, Eq)]
pub struct Paging {
    pub page: usize,
    pub pages: usize,
    pub first: usize,
    pub last: usize,
    pub total: usize,
}

impl Paging {
    /// The page asked for, kept within the pages there are.
    pub fn of(asked: &str, total: usize, per_page: usize) -> Paging {
        let pages = total.div_ceil(per_page).max(1);
        let page = asked.trim().parse::<usize>().unwrap_or(1).clamp(1, pages);
        let first = (page - 1) * per_page;
        Paging {
            page,
            pages,
            first: (first + 1).min(total),
            last: (first + per_page).min(total),
            total,
        }
    }

    /// The items of this page, by index into the whole list.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.first.saturating_sub(1)..self.last
    }

    pub fn window(&self) -> Window {
        let r = self.range();
        Window {
            offset: r.start,
            limit: r.len(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Paging;

    #[test]
    fn paging_keeps_the_page_within_the_list() {
        let p = |asked, total| Paging::of(asked, total, 20);
        assert_eq!(
            p("", 57),
            Paging {
                page: 1,
                pages: 3,
                first: 1,
                last: 20,
                total: 57
            }
        );
        assert_eq!(p("3", 57).range(), 40..57);
        assert_eq!((p("3", 57).first, p("3", 57).last), (41, 57));
        // Past the end, zero, or not a number: the nearest page there is.
        assert_eq!(p("9", 57).page, 3);
        assert_eq!(p("0", 57).page, 1);
        assert_eq!(p("twee", 57).page, 1);
        assert_eq!(p("-1", 57).page, 1);
        // An empty list is one empty page.
        assert_eq!(
            p("2", 0),
            Paging {
                page: 1,
                pages: 1,
                first: 0,
                last: 0,
                total: 0
            }
        );
        assert_eq!(p("2", 0).range(), 0..0);
        assert_eq!(p("", 20).pages, 1);
        assert_eq!(p("2", 21).range(), 20..21);
    }
}
