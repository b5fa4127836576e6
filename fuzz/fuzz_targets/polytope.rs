//! Fuzzes the `polytope` reader (`relupoly::testing::readers`): it must never panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| relupoly::testing::readers::fuzz("polytope", data));
