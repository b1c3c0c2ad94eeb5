//! One file per table: each owns its table's queries and nothing else.

pub mod actions;
pub mod answers;
pub mod assessments;
pub mod audit;
pub mod board_drafts;
pub mod evidence;
pub mod plan_rows;
pub mod settings;
pub mod sign_offs;
pub mod training;
