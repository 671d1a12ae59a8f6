#[test]
fn fails() {
    assert_eq!(1 + 1, 3, "a candidate test that fails");
}
