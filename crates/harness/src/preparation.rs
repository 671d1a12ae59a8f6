//! Turning a [`Target`] into something to start: a cargo crate is built (from
//! a private copy when [`Source`] asks for one), a Python or Node project is
//! installed and built in a private copy (always), a command runs as typed.
//! A [`Preparation`] is the one place that knows both the candidate's folder
//! and the copy built from it, so what it reports (build log, errors, code
//! signals' notes) names the former.

use std::path::PathBuf;
use std::time::Duration;

use crate::build_options::{BuildOptions, Source};
use crate::cargo_build::{self, BuildError};
use crate::crate_copy::PrivateCopy;
use crate::launch::Launch;
use crate::project_build;
use crate::sandbox::Sandbox;
use crate::target::Target;

/// A target ready to start.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub launch: Launch,
    /// The tail of the build's output (warnings an interviewer may want to see).
    pub build_log: String,
    pub build_duration: Duration,
}

/// A target placed where it is built from, for the length of a run: the
/// private copy (if any) lives as long as this value.
#[derive(Debug)]
pub struct Preparation {
    target: Target,
    copy: Option<PrivateCopy>,
}

impl Preparation {
    /// Places `target` as `options.source` says (making a private copy of a
    /// crate if asked; a project always gets one, since installing writes
    /// into it); commands need no placing.
    pub fn new(target: &Target, options: &BuildOptions) -> Result<Self, BuildError> {
        let copy = match (target, &options.source) {
            (Target::Project { path, .. }, Source::CopiedBefore(copy)) => {
                Some(PrivateCopy::made_before(copy, path))
            }
            (Target::Project { path, .. }, _) => {
                Some(PrivateCopy::make(path).map_err(|message| BuildError {
                    message,
                    log: String::new(),
                })?)
            }
            (Target::Command { .. }, _) | (_, Source::InPlace) => None,
            (Target::Cargo { path }, Source::PrivateCopy) => {
                Some(PrivateCopy::make(path).map_err(|message| BuildError {
                    message,
                    log: String::new(),
                })?)
            }
            (Target::Cargo { path }, Source::CopiedBefore(copy)) => {
                Some(PrivateCopy::made_before(copy, path))
            }
        };
        Ok(Preparation {
            target: target.clone(),
            copy,
        })
    }

    /// The folder a cargo crate is built (and its code signals measured)
    /// from: its private copy, if any. `None` for a command. Absolute: the
    /// sandbox binds it at the same path and runs the tools there, and a
    /// crate graded in place may have been named relative to the kit's
    /// folder (`solutions/q1-products`).
    pub fn crate_dir(&self) -> Option<PathBuf> {
        let dir = match (&self.target, &self.copy) {
            (Target::Command { .. } | Target::Project { .. }, _) => return None,
            (Target::Cargo { .. }, Some(copy)) => copy.path().to_path_buf(),
            (Target::Cargo { path }, None) => path.clone(),
        };
        Some(std::path::absolute(&dir).unwrap_or(dir))
    }

    /// `text` naming the candidate's folder where it names the private copy.
    pub fn in_original_terms(&self, text: &str) -> String {
        match &self.copy {
            Some(copy) => copy.in_original_terms(text),
            None => text.to_owned(),
        }
    }

    /// Builds the target if it needs building; returns how to start it.
    pub async fn build(
        &self,
        options: &BuildOptions,
        sandbox: &Sandbox,
    ) -> Result<Prepared, BuildError> {
        let crate_dir = match &self.target {
            Target::Command { command, dir } => {
                return Ok(Prepared {
                    launch: Launch {
                        program: PathBuf::from("sh"),
                        args: vec!["-c".to_owned(), command.clone()],
                        dir: Some(dir.clone()),
                        bin_dir: None,
                    },
                    build_log: String::new(),
                    build_duration: Duration::ZERO,
                });
            }
            Target::Project {
                path,
                toolchain,
                command,
            } => {
                let dir = self.copy.as_ref().map_or(path.as_path(), PrivateCopy::path);
                return match project_build::build_project(dir, *toolchain, options, sandbox).await {
                    Ok(built) => Ok(Prepared {
                        launch: Launch {
                            program: PathBuf::from("sh"),
                            args: vec!["-c".to_owned(), command.clone()],
                            dir: Some(dir.to_path_buf()),
                            bin_dir: Some(built.bin_dir),
                        },
                        build_log: self.in_original_terms(&built.log),
                        build_duration: built.duration,
                    }),
                    Err(error) => Err(BuildError {
                        message: self.in_original_terms(&error.message),
                        log: self.in_original_terms(&error.log),
                    }),
                };
            }
            Target::Cargo { path } => self.copy.as_ref().map_or(path.as_path(), PrivateCopy::path),
        };
        match cargo_build::build(crate_dir, options, sandbox).await {
            Ok(built) => Ok(Prepared {
                launch: Launch::executable(&built.executable),
                build_log: self.in_original_terms(&built.log),
                build_duration: built.duration,
            }),
            Err(error) => Err(BuildError {
                message: self.in_original_terms(&error.message),
                log: self.in_original_terms(&error.log),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_private_copy_is_made_for_a_crate_only_when_asked() {
        let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        std::fs::write(dir.path().join("Cargo.toml"), "[package]")
            .unwrap_or_else(|error| panic!("{error}"));
        let target = Target::Cargo {
            path: dir.path().to_path_buf(),
        };
        let in_place = Preparation::new(&target, &BuildOptions::default())
            .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(in_place.crate_dir().as_deref(), Some(dir.path()));

        let copied = BuildOptions {
            source: Source::PrivateCopy,
            ..BuildOptions::default()
        };
        let private = Preparation::new(&target, &copied).unwrap_or_else(|error| panic!("{error}"));
        let copy = private.crate_dir().unwrap_or_default();
        assert_ne!(copy, dir.path());
        assert!(copy.join("Cargo.toml").is_file());
        assert_eq!(
            private.in_original_terms(&format!("{}/src", copy.display())),
            format!("{}/src", dir.path().display())
        );
        drop(private);
        assert!(!copy.exists(), "the private copy outlived its run");

        let command = Target::Command {
            command: "true".into(),
            dir: dir.path().to_path_buf(),
        };
        let placed = Preparation::new(&command, &copied).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(placed.crate_dir(), None);
    }

    #[test]
    fn a_crate_named_relative_to_the_current_folder_is_measured_from_its_absolute_path() {
        let target = Target::Cargo {
            path: PathBuf::from("solutions/q1-products"),
        };
        let in_place = Preparation::new(&target, &BuildOptions::default())
            .unwrap_or_else(|error| panic!("{error}"));
        let dir = in_place.crate_dir().unwrap_or_default();
        assert!(dir.is_absolute(), "{}", dir.display());
        assert!(dir.ends_with("solutions/q1-products"));
    }
}
