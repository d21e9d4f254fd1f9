//! # credit-core
//!
//! China's public-credit rulebook as data. This crate loads jurisdiction-layered TOML policies,
//! validates them against the legal hierarchy, and evaluates cases (a subject, its dated records
//! and the sanction measures proposed against it) into explained decisions.
//!
//! ```
//! use credit_core::Engine;
//! let engine = Engine::national()?;
//! let decision = engine.evaluate_json(r#"{
//!     "as_of": "2025-10-09",
//!     "subject": {"id": "91110000600037341L", "kind": "legal_person", "sector": "private_enterprise", "status": "active"},
//!     "records": []
//! }"#)?;
//! assert!(decision.contains("\"grade\":\"trustworthy\""));
//! # Ok::<(), credit_core::Error>(())
//! ```
//!
//! Modules by concept: [`id`] (identifiers), [`calendar`] (working days and Civil Code period
//! arithmetic), [`policy`] (the TOML format, loader and validator), [`case`] and [`decision`]
//! (the JSON contract), [`engine`] (evaluation), [`lint`] (the policy authors' report).
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        reason = "tests may panic"
    )
)]

pub mod calendar;
pub mod case;
pub mod catalog;
pub mod clock;
pub mod compare;
pub mod coverage;
pub mod decision;
#[cfg(feature = "toml")]
mod embedded;
pub mod engine;
pub mod error;
mod eval;
pub mod ffi;
pub mod id;
#[cfg(feature = "toml")]
pub mod lint;
mod mask;
pub mod measure_table;
pub mod policy;
pub mod ratio;
mod report;
pub mod rules;
mod text;
#[cfg(feature = "ts")]
pub mod ts;
pub mod vocab;

pub use engine::Engine;
#[cfg(feature = "toml")]
pub use engine::EngineBuilder;

/// The README's Rust example, compiled and run as a doctest so it cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
pub use error::{Diagnostic, Error, ErrorCode, ErrorKind};
