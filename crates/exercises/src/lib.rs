//! The exercises this build of the kit grades, by name: the one list the
//! CLI, `kit package` and the tests read. A new exercise is a grader crate
//! plus one line in [`all`].

use kit_harness::Exercise;

/// Every exercise, in the order `kit list` shows them.
pub fn all() -> Vec<Exercise> {
    vec![
        q1_products_grader::exercise(),
        q2_auth_grader::exercise(),
        q3_ratelimit_grader::exercise(),
    ]
}

/// Finds an exercise by short or long name (`q1`, `q1-products`),
/// case-insensitively; the error names every known exercise.
pub fn find(name: &str) -> Result<Exercise, String> {
    let wanted = name.trim().to_ascii_lowercase();
    let mut exercises = all();
    match exercises
        .iter()
        .position(|exercise| exercise.id == wanted || exercise.name == wanted)
    {
        Some(index) => Ok(exercises.swap_remove(index)),
        None => {
            let known: Vec<String> = exercises
                .iter()
                .map(|exercise| format!("{} ({})", exercise.id, exercise.name))
                .collect();
            Err(format!(
                "no exercise named `{name}`; known: {}",
                known.join(", ")
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_by_short_or_long_name_in_any_case() {
        assert_eq!(find("Q2").map(|exercise| exercise.name), Ok("q2-auth"));
        assert_eq!(find(" q3-ratelimit ").map(|exercise| exercise.id), Ok("q3"));
    }

    #[test]
    fn an_unknown_name_lists_the_known_ones() {
        let Err(message) = find("q9") else {
            panic!("q9 was found");
        };
        assert!(message.contains("q1 (q1-products)"), "{message}");
        assert!(message.contains("q3 (q3-ratelimit)"), "{message}");
    }

    #[test]
    fn ids_and_names_are_unique() {
        let exercises = all();
        for (index, exercise) in exercises.iter().enumerate() {
            for other in &exercises[index + 1..] {
                assert_ne!(exercise.id, other.id);
                assert_ne!(exercise.name, other.name);
            }
        }
    }
}
