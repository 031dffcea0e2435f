#![no_main]
// See driftlint::fuzz_entry::claims for what is checked.
libfuzzer_sys::fuzz_target!(|data: &[u8]| driftlint::fuzz_entry::claims(data));
