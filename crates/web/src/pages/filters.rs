//! Template filters shared by the pages (askama looks for a `filters` module
//! in scope of each template struct).

use time::Date;

/// Askama hands filters their argument behind one or two references,
/// depending on where it comes from; this reads the value either way.
pub trait Value<T: Copy> {
    fn value(&self) -> T;
}

impl<T: Copy> Value<T> for T {
    fn value(&self) -> T {
        *self
    }
}

impl<T: Copy> Value<T> for &T {
    fn value(&self) -> T {
        **self
    }
}

impl<T: Copy> Value<T> for &&T {
    fn value(&self) -> T {
        ***self
    }
}

/// `dd-mm-jjjj`.
pub fn dmy(d: impl Value<Date>, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(zicht_domain::text::dmy(d.value()))
}

/// `dd-mm-jjjj uu:mm` in Dutch time.
pub fn dmy_hm(
    t: impl Value<time::OffsetDateTime>,
    _: &dyn askama::Values,
) -> askama::Result<String> {
    Ok(super::dmy_hm(zicht_domain::calendar::dutch_time(t.value())))
}

/// A rise with its sign: `+2`, `0`, `-1`.
pub fn signed(n: impl Value<i8>, _: &dyn askama::Values) -> askama::Result<String> {
    let n = n.value();
    Ok(if n > 0 {
        format!("+{n}")
    } else {
        n.to_string()
    })
}
