//! The exercises this build of the kit knows, by name.

use kit_harness::Exercise;

pub fn all() -> Vec<Exercise> {
    vec![
        q1_products_grader::exercise(),
        q2_auth_grader::exercise(),
        q3_ratelimit_grader::exercise(),
    ]
}

/// Finds an exercise by short or long name, case-insensitively.
pub fn find(name: &str) -> Result<Exercise, String> {
    let wanted = name.trim().to_ascii_lowercase();
    let mut exercises = all();
    match exercises
        .iter()
        .position(|exercise| exercise.id == wanted || exercise.name == wanted)
    {
        Some(index) => Ok(exercises.swap_remove(index)),
        None => {
            let known: Vec<String> = all()
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
