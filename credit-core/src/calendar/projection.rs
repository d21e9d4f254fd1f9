//! Projection of years without a notice (work in progress).
