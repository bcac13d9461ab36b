//! Geometry for the server-rendered SVG charts (templates/partials/chart_*.html). Pages keep
//! the numbers beside each chart in a table; the charts are for the eye.

/// A labelled position along an axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    pub pos: f64,
    pub label: String,
}

/// One rectangle of a stacked bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub y: f64,
    pub h: f64,
    /// A CSS class, such as `sev1`.
    pub class: &'static str,
}

/// One bar: its segments bottom-up, and what it says when hovered.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub x: f64,
    pub w: f64,
    pub segments: Vec<Segment>,
    pub tooltip: String,
}

/// A chart's frame: the drawing area inside the axes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    pub width: f64,
    pub height: f64,
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
}

impl Frame {
    pub const WIDE: Frame = Frame {
        width: 760.0,
        height: 240.0,
        left: 56.0,
        right: 748.0,
        top: 12.0,
        bottom: 200.0,
    };

    fn plot_height(&self) -> f64 {
        self.bottom - self.top
    }

    fn y(&self, value: f64, max: f64) -> f64 {
        if max <= 0.0 {
            return self.bottom;
        }
        self.bottom - value / max * self.plot_height()
    }
}

/// A step of 1, 2 or 5 × 10ⁿ giving about four gridlines up to `max`.
pub fn nice_step(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let rough = max / 4.0;
    let magnitude = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= rough)
        .unwrap_or(10.0 * magnitude);
    step.max(f64::MIN_POSITIVE)
}

/// Y-axis ticks from 0 to at least `max`, and the top value they reach.
fn y_ticks(
    frame: &Frame,
    max: f64,
    whole: bool,
    label: impl Fn(f64) -> String,
) -> (Vec<Tick>, f64) {
    let step = if whole {
        nice_step(max).max(1.0).round()
    } else {
        nice_step(max)
    };
    let top = (max / step).ceil().max(1.0) * step;
    let ticks = (0..)
        .map(|i| f64::from(i) * step)
        .take_while(|v| *v <= top + step / 1000.0)
        .map(|v| Tick {
            pos: frame.y(v, top),
            label: label(v),
        })
        .collect();
    (ticks, top)
}

/// Every `k`-th label so they never overlap (about 60 px apart).
fn x_labels(frame: &Frame, labels: &[String], centre: impl Fn(usize) -> f64) -> Vec<Tick> {
    let slot = (frame.right - frame.left) / labels.len().max(1) as f64;
    let every = ((60.0 / slot).ceil() as usize).max(1);
    labels
        .iter()
        .enumerate()
        .filter(|(i, _)| i % every == 0)
        .map(|(i, l)| Tick {
            pos: centre(i),
            label: l.clone(),
        })
        .collect()
}

/// A stacked bar chart: one column per period, segments per series.
#[derive(Debug, Clone, PartialEq)]
pub struct Bars {
    pub frame: Frame,
    pub columns: Vec<Column>,
    pub y_ticks: Vec<Tick>,
    pub x_ticks: Vec<Tick>,
}

impl Bars {
    /// `values[i][s]` is series `s` in period `i`; `classes[s]` colours series `s`.
    pub fn stacked(
        labels: &[String],
        values: &[Vec<f64>],
        classes: &[&'static str],
        tooltip: impl Fn(usize) -> String,
    ) -> Bars {
        let frame = Frame::WIDE;
        let max = values
            .iter()
            .map(|v| v.iter().sum::<f64>())
            .fold(0.0, f64::max);
        let (y_ticks, top) = y_ticks(&frame, max, true, |v| format!("{v:.0}"));
        let slot = (frame.right - frame.left) / labels.len().max(1) as f64;
        let w = (slot * 0.7).max(1.0);
        let columns = values
            .iter()
            .enumerate()
            .map(|(i, series)| {
                let x = frame.left + slot * i as f64 + (slot - w) / 2.0;
                let mut base = 0.0;
                let segments = series
                    .iter()
                    .zip(classes)
                    .filter(|(v, _)| **v > 0.0)
                    .map(|(v, class)| {
                        let y = frame.y(base + v, top);
                        let h = frame.y(base, top) - y;
                        base += v;
                        Segment { y, h, class }
                    })
                    .collect();
                Column {
                    x,
                    w,
                    segments,
                    tooltip: tooltip(i),
                }
            })
            .collect();
        let x_ticks = x_labels(&frame, labels, |i| frame.left + slot * (i as f64 + 0.5));
        Bars {
            frame,
            columns,
            y_ticks,
            x_ticks,
        }
    }
}

/// A line with gaps where a value is missing, and a dot on each value.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub frame: Frame,
    /// `points` attributes of polylines, one per unbroken run.
    pub runs: Vec<String>,
    pub dots: Vec<(f64, f64, String)>,
    pub y_ticks: Vec<Tick>,
    pub x_ticks: Vec<Tick>,
    /// A dashed horizontal line (say, zero), when one is drawn.
    pub rule: Option<f64>,
}

impl Line {
    pub fn new(
        labels: &[String],
        values: &[Option<f64>],
        label: impl Fn(f64) -> String,
        tooltip: impl Fn(usize, f64) -> String,
    ) -> Line {
        let frame = Frame::WIDE;
        let max = values.iter().flatten().copied().fold(0.0, f64::max);
        let (y_ticks, top) = y_ticks(&frame, max, false, label);
        let n = labels.len().max(1);
        let x = |i: usize| {
            if n == 1 {
                (frame.left + frame.right) / 2.0
            } else {
                frame.left + (frame.right - frame.left) * i as f64 / (n - 1) as f64
            }
        };
        let mut runs = Vec::new();
        let mut run = String::new();
        let mut dots = Vec::new();
        for (i, v) in values.iter().enumerate() {
            match v {
                Some(v) => {
                    let (px, py) = (x(i), frame.y(*v, top));
                    if !run.is_empty() {
                        run.push(' ');
                    }
                    run.push_str(&format!("{px:.1},{py:.1}"));
                    dots.push((px, py, tooltip(i, *v)));
                }
                None if !run.is_empty() => runs.push(std::mem::take(&mut run)),
                None => {}
            }
        }
        if !run.is_empty() {
            runs.push(run);
        }
        let x_ticks = x_labels(&frame, labels, x);
        Line {
            frame,
            runs,
            dots,
            y_ticks,
            x_ticks,
            rule: None,
        }
    }
}

/// A small line of ratios (budget remaining, 1.0 = full) for a table cell: 0 to 1 fills the
/// height; values below zero are drawn at the bottom edge.
#[derive(Debug, Clone, PartialEq)]
pub struct Sparkline {
    pub width: f64,
    pub height: f64,
    pub points: String,
    pub exhausted: bool,
}

impl Sparkline {
    pub fn ratios(values: &[f64]) -> Sparkline {
        let (width, height) = (160.0, 36.0);
        let n = values.len();
        let points = values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let x = if n <= 1 {
                    width
                } else {
                    width * i as f64 / (n - 1) as f64
                };
                let y = 2.0 + (1.0 - v.clamp(0.0, 1.0)) * (height - 4.0);
                format!("{x:.1},{y:.1}")
            })
            .collect::<Vec<_>>()
            .join(" ");
        Sparkline {
            width,
            height,
            points,
            exhausted: values.last().is_some_and(|v| *v < 0.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_one_two_or_five_times_a_power_of_ten() {
        assert_eq!(nice_step(4.0), 1.0);
        assert_eq!(nice_step(7.0), 2.0);
        assert_eq!(nice_step(17.0), 5.0);
        assert_eq!(nice_step(180.0), 50.0);
        assert_eq!(nice_step(0.0), 1.0);
    }

    #[test]
    fn stacked_bars_stack_bottom_up_to_the_axis_top() {
        let labels = vec!["a".to_owned(), "b".to_owned()];
        let bars = Bars::stacked(
            &labels,
            &[vec![1.0, 3.0], vec![0.0, 0.0]],
            &["sev1", "sev2"],
            |i| labels[i].clone(),
        );
        let f = bars.frame;
        // Max 4, whole steps of 1: the axis tops out at 4.
        assert_eq!(bars.y_ticks.len(), 5);
        assert_eq!(bars.y_ticks.last().unwrap().label, "4");
        let first = &bars.columns[0];
        assert_eq!(first.segments.len(), 2);
        assert!((first.segments[0].y + first.segments[0].h - f.bottom).abs() < 1e-9);
        assert!((first.segments[1].y - f.top).abs() < 1e-9);
        assert!(bars.columns[1].segments.is_empty());
    }

    #[test]
    fn lines_break_where_values_are_missing() {
        let labels: Vec<String> = (0..4).map(|i| i.to_string()).collect();
        let line = Line::new(
            &labels,
            &[Some(1.0), None, Some(2.0), Some(3.0)],
            |v| format!("{v}"),
            |_, v| format!("{v}"),
        );
        assert_eq!(line.runs.len(), 2);
        assert_eq!(line.dots.len(), 3);
    }

    #[test]
    fn sparklines_flag_an_exhausted_budget() {
        let s = Sparkline::ratios(&[1.0, 0.5, -0.2]);
        assert!(s.exhausted);
        assert_eq!(s.points, "0.0,2.0 80.0,18.0 160.0,34.0");
    }
}
