//! The score as the interviewer reads it (total, band, per criterion), and
//! the reason a run could not be graded.

use crate::bands::{Band, Bands, percent};
use crate::view::last_lines;
use crate::{Report, RunStatus};

/// Lines of the build output shown when the build failed.
const BUILD_LINES: usize = 40;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ScoreView {
    pub points: u32,
    pub max: u32,
    /// Whole percentage, rounded down.
    pub percent: u32,
    /// `None` when no check counted.
    pub band: Option<Band>,
    /// The sentence stating the band thresholds.
    pub bands_sentence: String,
    pub criteria: Vec<CriterionBar>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CriterionBar {
    pub title: String,
    pub points: u32,
    pub max: u32,
    pub band: Option<Band>,
}

impl CriterionBar {
    /// The share of the points earned, in percent (0 when none available).
    pub fn share(&self) -> f64 {
        if self.max == 0 {
            0.0
        } else {
            f64::from(self.points) * 100.0 / f64::from(self.max)
        }
    }
}

impl ScoreView {
    pub fn build(report: &Report, bands: &Bands) -> ScoreView {
        ScoreView {
            points: report.score.points,
            max: report.score.max,
            percent: percent(report.score.points, report.score.max),
            band: bands.band(report),
            bands_sentence: format!(
                "Bands: {} (set with --bands STRONG,MEETS).",
                bands.describe()
            ),
            criteria: report
                .criteria
                .iter()
                .map(|criterion| CriterionBar {
                    title: criterion.title.clone(),
                    points: criterion.points,
                    max: criterion.max,
                    band: bands.band_of(criterion.points, criterion.max),
                })
                .collect(),
        }
    }
}

/// Why a run graded nothing, and the build's output when the build failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NotGraded {
    pub reason: String,
    pub build_log: Option<String>,
}

impl NotGraded {
    pub fn build(report: &Report) -> Option<NotGraded> {
        if report.status != RunStatus::Error {
            return None;
        }
        let reason = report.error.as_deref().unwrap_or("unknown error");
        let build_log = report
            .build
            .as_ref()
            .filter(|build| reason.contains("did not build") && !build.log_tail.trim().is_empty())
            .map(|build| last_lines(&build.log_tail, BUILD_LINES));
        Some(NotGraded {
            reason: reason.to_owned(),
            build_log,
        })
    }
}
