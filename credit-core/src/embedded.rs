//! The policy files compiled into the library by `build.rs` (see [`crate::policy::embedded_sources`]).
include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
