//! A small, fast, deterministic random source: the same seed gives the same demo data.

use time::Duration;

/// A small, fast, deterministic random source (SplitMix64).
pub(super) struct Rng(pub(super) u64);

impl Rng {
    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// 0 ≤ n < `below`.
    pub(super) fn below(&mut self, below: u64) -> u64 {
        self.next() % below.max(1)
    }

    pub(super) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// True with probability `p`.
    pub(super) fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    /// Minutes, skewed short: most values near `low`, a long tail up to `high`.
    pub(super) fn minutes(&mut self, low: i64, high: i64) -> Duration {
        let span = (high - low).max(1) as u64;
        let a = self.below(span);
        let b = self.below(span);
        Duration::minutes(low + a.min(b) as i64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_random_source_is_deterministic_and_bounded() {
        let mut a = Rng(7);
        let mut b = Rng(7);
        for _ in 0..100 {
            let x = a.below(10);
            assert_eq!(x, b.below(10));
            assert!(x < 10);
        }
        let m = a.minutes(5, 10);
        assert!(m >= Duration::minutes(5) && m < Duration::minutes(10));
    }
}
