//! Fuzzing what the check draws, bounded: a record is the one thing a PDF
//! being checked hands to the renderer, so records are mutated (the canonical
//! JSON's bytes, and its values: strings made hostile, numbers extreme, lists
//! emptied or repeated) and every one that reads back is drawn. Reading may
//! refuse and drawing may return an error; neither may panic.
//! `PREVENT_SA_FUZZ_CASES` runs more.

use std::sync::OnceLock;

use prevent_core::AssessmentRecord;
use prevent_report::sample::{complete_record, core_standards_record};
use prevent_report::{Stamp, render};
use prevent_seal::attacks::{fuzz_cases, mutated_by};
use proptest::prelude::*;
use serde_json::Value;

fn genuine() -> &'static Vec<u8> {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| complete_record(8, 2).to_canonical_json())
}

/// A record that carries training figures: its figures, groups and
/// readings are drawn too.
fn genuine_with_training() -> &'static Vec<u8> {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| core_standards_record(4, 1).to_canonical_json())
}

const HOSTILE: &[&str] = &[
    "",
    "\u{1b}[2J\r",
    "\u{202e}evil",
    "שלום",
    "😀",
    "null",
    "0",
    "-1",
    "18446744073709551615",
    "1e308",
    "[]",
    "{}",
    "9999-12-31T23:59:59Z",
    "0000-01-01",
];

/// Every leaf's path in the JSON tree, as indexes and keys.
fn leaves(value: &Value, path: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
    match value {
        Value::Array(items) => {
            out.push(path.clone());
            for (index, item) in items.iter().enumerate() {
                path.push(Value::from(index));
                leaves(item, path, out);
                path.pop();
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                path.push(Value::from(key.as_str()));
                leaves(item, path, out);
                path.pop();
            }
        }
        _ => out.push(path.clone()),
    }
}

fn at<'a>(value: &'a mut Value, path: &[Value]) -> Option<&'a mut Value> {
    let mut current = value;
    for step in path {
        current = match step {
            Value::Number(index) => current.get_mut(usize::try_from(index.as_u64()?).ok()?)?,
            Value::String(key) => current.get_mut(key.as_str())?,
            _ => return None,
        };
    }
    Some(current)
}

/// The record's JSON with the values `seeds` pick replaced: any of them,
/// or only those under the record's field `within`.
fn with_hostile_values(genuine: &[u8], within: Option<&str>, seeds: &[u64]) -> Vec<u8> {
    let mut value: Value = serde_json::from_slice(genuine).expect("JSON");
    for &seed in seeds {
        let mut paths = Vec::new();
        leaves(&value, &mut Vec::new(), &mut paths);
        if let Some(field) = within {
            paths.retain(|p| p.first().and_then(Value::as_str) == Some(field));
        }
        if paths.is_empty() {
            break;
        }
        let path = &paths[(seed as usize) % paths.len()];
        let Some(target) = at(&mut value, path) else {
            continue;
        };
        let hostile = HOSTILE[((seed >> 32) as usize) % HOSTILE.len()];
        *target = match (&*target, seed >> 60) {
            (Value::Array(items), 0..=7) => Value::Array(
                items
                    .iter()
                    .cycle()
                    .take(items.len() * 3)
                    .cloned()
                    .collect(),
            ),
            (Value::Array(_), _) => Value::Array(Vec::new()),
            (_, 0..=9) => Value::from(hostile.repeat(1 + (seed >> 48) as usize % 40)),
            _ => serde_json::from_str(hostile).unwrap_or(Value::Null),
        };
    }
    serde_json::to_vec(&value).expect("JSON")
}

fn draw_if_readable(bytes: &[u8]) {
    if let Ok(record) = AssessmentRecord::from_canonical_json(bytes) {
        let stamp = Stamp {
            digest: "0".repeat(64),
            certificate_fingerprint: Some("AB:CD".to_owned()),
            certificate_subject: Some("Fuzz \u{1b}[2J Trust".to_owned()),
        };
        let _ = render(&record, &stamp);
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: fuzz_cases(100),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn mutated_record_bytes_are_refused_or_drawn_never_a_panic(
        seeds in prop::collection::vec(any::<u64>(), 1..4),
    ) {
        draw_if_readable(&mutated_by(genuine(), &seeds));
    }

    #[test]
    fn records_with_hostile_values_are_refused_or_drawn_never_a_panic(
        seeds in prop::collection::vec(any::<u64>(), 1..4),
    ) {
        draw_if_readable(&with_hostile_values(genuine(), None, &seeds));
    }

    #[test]
    fn training_figures_with_hostile_values_are_refused_or_drawn_never_a_panic(
        seeds in prop::collection::vec(any::<u64>(), 1..4),
    ) {
        draw_if_readable(&with_hostile_values(genuine_with_training(), Some("training"), &seeds));
    }
}
