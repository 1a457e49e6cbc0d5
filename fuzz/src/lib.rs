//! What the fuzz targets share: checks written independently of the domain
//! crate, so a bug there cannot hide in its own test.

/// The elfproef on nine ASCII digits: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 must be
/// divisible by 11; the all-zero number is excluded although it passes.
pub fn elfproef(digits: &[u8; 9]) -> bool {
    if !digits.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let weights = [9, 8, 7, 6, 5, 4, 3, 2, -1];
    let sum: i32 = digits
        .iter()
        .zip(weights)
        .map(|(d, w)| i32::from(d - b'0') * w)
        .sum();
    sum % 11 == 0 && digits.iter().any(|d| *d != b'0')
}

/// Longest run of consecutive ASCII digits in `s`.
pub fn longest_digit_run(s: &str) -> usize {
    s.split(|c: char| !c.is_ascii_digit())
        .map(str::len)
        .max()
        .unwrap_or(0)
}
