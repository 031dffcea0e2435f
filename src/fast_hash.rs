//! A fast hash for the in-process tables looked up on every step and expression (the
//! effects table's hint words, the expression parse memo). The standard SipHash resists
//! collisions an attacker can aim at; these tables are small and bounded (the memo holds at
//! most 1,024 texts, the hint index only the table's own words), so a multiply-rotate hash
//! (the one rustc uses, "FxHash") serves them at a fraction of the cost.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A `HashMap` with [`FastHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// rustc's FxHash: each word of input rotated in and multiplied.
#[derive(Debug, Default, Clone, Copy)]
pub struct FastHasher {
    hash: u64,
}

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            // The length keeps "a" and "a\0" apart.
            self.add(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_it_holds_and_nothing_else() {
        let mut m: FastMap<Box<str>, usize> = FastMap::default();
        let keys: Vec<String> = (0..2000)
            .map(|i| format!("github.event.inputs.x{i}"))
            .collect();
        for (i, k) in keys.iter().enumerate() {
            m.insert(k.as_str().into(), i);
        }
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(m.get(k.as_str()), Some(&i));
        }
        for k in [
            "",
            "a",
            "a\0",
            "github.event.inputs.x",
            "github.event.inputs.x2000",
        ] {
            assert_eq!(m.get(k), None, "{k:?}");
        }
    }
}
