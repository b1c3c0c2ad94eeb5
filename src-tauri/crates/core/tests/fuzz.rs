//! Fuzzing the framework files, bounded: the embedded toolkit and its
//! priority rules, mutated (bit flips, cuts, splices, hostile tokens), are
//! loaded again. A broken file is refused with an error naming the file; no
//! mutation may panic. `PREVENT_SA_FUZZ_CASES` runs more.

use prevent_core::catalogue::Framework;
use prevent_core::frameworks::{EMBEDDED_FILES, EMBEDDED_RULE_FILES};
use prevent_core::plan::PriorityRules;
use prevent_seal::attacks::{fuzz_cases, mutated_by};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig {
        cases: fuzz_cases(300),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn a_mutated_framework_file_is_refused_with_its_name_never_a_panic(
        which in any::<prop::sample::Index>(),
        seeds in prop::collection::vec(any::<u64>(), 1..5),
    ) {
        let file = which.get(EMBEDDED_FILES);
        let bytes = mutated_by(file.contents.as_bytes(), &seeds);
        let text = String::from_utf8_lossy(&bytes);
        match Framework::from_json(file.file_name, &text) {
            Ok(framework) => {
                // Still a framework: its rules file may or may not fit it.
                let rules = EMBEDDED_RULE_FILES
                    .iter()
                    .find(|r| r.file_name.starts_with(&framework.id));
                if let Some(rules) = rules {
                    let mutated = mutated_by(rules.contents.as_bytes(), &seeds);
                    let _ = PriorityRules::from_json(
                        rules.file_name,
                        &String::from_utf8_lossy(&mutated),
                        &framework,
                    );
                }
            }
            Err(error) => prop_assert!(
                error.to_string().contains(file.file_name),
                "the error names the file: {error}"
            ),
        }
    }
}
