//! Exits at once: it never serves, so the grading stops early and only the
//! code signals matter.

fn port() -> u16 {
    return std::env::var("PORT").unwrap_or_default().parse().unwrap_or(0);
}

fn main() {
    let values = vec![1_u8];
    // The one unsafe block and the one unwrap() outside tests.
    let first = unsafe { *values.as_ptr() };
    let  badly_formatted   = values.first().copied().unwrap();
    println!("{} {} {}", port(), first, badly_formatted);
}

#[cfg(test)]
mod tests {
    #[test]
    fn passes() {
        assert_eq!(Some(1).unwrap(), 1);
    }
}
