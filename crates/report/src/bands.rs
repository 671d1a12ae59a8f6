//! Scoring bands: the one-word verdict at the top of a hiring manager's
//! report, from the score as a share of the points available.

use std::fmt;
use std::str::FromStr;

use crate::Report;

/// Who a rendering is for. The interviewer sees everything; the candidate sees
/// which requirements passed and failed, and why, without points, check ids,
/// notes, bands or review items (see `docs/report-format.md`, "Audiences").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Audience {
    #[default]
    Interviewer,
    Candidate,
}

/// Thresholds, as whole percentages of `score.max`: at least `strong` is
/// "strong", at least `meets` is "meets the bar", anything less is "below the
/// bar".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bands {
    pub strong: u32,
    pub meets: u32,
}

pub const DEFAULT_STRONG: u32 = 85;
pub const DEFAULT_MEETS: u32 = 60;

impl Default for Bands {
    fn default() -> Self {
        Bands {
            strong: DEFAULT_STRONG,
            meets: DEFAULT_MEETS,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Band {
    Below,
    Meets,
    Strong,
}

impl Band {
    pub fn label(self) -> &'static str {
        match self {
            Band::Strong => "strong",
            Band::Meets => "meets the bar",
            Band::Below => "below the bar",
        }
    }

    /// A stable token (`strong`, `meets`, `below`) for CSS classes.
    pub fn token(self) -> &'static str {
        match self {
            Band::Strong => "strong",
            Band::Meets => "meets",
            Band::Below => "below",
        }
    }
}

impl fmt::Display for Band {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl Bands {
    /// Checks `0 < meets <= strong <= 100`.
    pub fn new(strong: u32, meets: u32) -> Result<Bands, String> {
        if strong > 100 || meets == 0 || meets > strong {
            return Err(format!(
                "bands must satisfy 0 < MEETS <= STRONG <= 100 (percentages of the points available), got strong {strong}, meets {meets}"
            ));
        }
        Ok(Bands { strong, meets })
    }

    /// The band of `points` out of `max`; `None` when nothing was available
    /// (`max` 0: every check skipped).
    pub fn band_of(&self, points: u32, max: u32) -> Option<Band> {
        if max == 0 {
            return None;
        }
        // Exact: points / max >= strong / 100, without rounding.
        let scaled = u64::from(points) * 100;
        let max = u64::from(max);
        Some(if scaled >= u64::from(self.strong) * max {
            Band::Strong
        } else if scaled >= u64::from(self.meets) * max {
            Band::Meets
        } else {
            Band::Below
        })
    }

    /// The band of a report's total. A run that could not grade anything is
    /// below the bar.
    pub fn band(&self, report: &Report) -> Option<Band> {
        self.band_of(report.score.points, report.score.max)
    }

    /// One line stating the thresholds, for every rendering that shows a band.
    pub fn describe(&self) -> String {
        format!(
            "strong: {}% or more of the points available; meets the bar: {}% or more; below the bar: less than {}%",
            self.strong, self.meets, self.meets
        )
    }
}

/// `STRONG,MEETS`, e.g. `85,60`.
impl FromStr for Bands {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (strong, meets) = text.split_once(',').ok_or_else(|| {
            format!("expected STRONG,MEETS as two percentages, e.g. 85,60; got `{text}`")
        })?;
        let parse = |part: &str| {
            part.trim()
                .trim_end_matches('%')
                .parse::<u32>()
                .map_err(|_| format!("`{}` is not a whole percentage (0 to 100)", part.trim()))
        };
        Bands::new(parse(strong)?, parse(meets)?)
    }
}

/// The score as a whole percentage (rounded down), 0 when nothing was available.
pub fn percent(points: u32, max: u32) -> u32 {
    (points * 100).checked_div(max).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_are_inclusive_and_exact() {
        let bands = Bands::default();
        assert_eq!(bands.band_of(85, 100), Some(Band::Strong));
        assert_eq!(bands.band_of(84, 100), Some(Band::Meets));
        assert_eq!(bands.band_of(60, 100), Some(Band::Meets));
        assert_eq!(bands.band_of(59, 100), Some(Band::Below));
        // 51/60 = 85% exactly; 50/60 = 83.3%.
        assert_eq!(bands.band_of(51, 60), Some(Band::Strong));
        assert_eq!(bands.band_of(50, 60), Some(Band::Meets));
        assert_eq!(bands.band_of(0, 0), None);
    }

    #[test]
    fn bands_parse_from_the_command_line_form() {
        assert_eq!("90,70".parse(), Ok(Bands::new(90, 70).unwrap_or_default()));
        assert_eq!(" 90% , 70% ".parse::<Bands>().map(|b| b.strong), Ok(90));
        assert!("70,90".parse::<Bands>().is_err());
        assert!("101,60".parse::<Bands>().is_err());
        assert!("85".parse::<Bands>().is_err());
        assert!("85,x".parse::<Bands>().is_err());
    }
}
