//! The priority rules as shipped beside the 2011 toolkit: every declared rule
//! gives its priority, every weighted entry exists, and a rules file that is
//! wrong in any of the ways the loader checks is refused with a message that
//! names the problem.

use prevent_core::frameworks::{EMBEDDED_FILES, EMBEDDED_RULE_FILES, EmbeddedFile};
use prevent_core::plan::rules::RuleResponse;
use prevent_core::{
    CatalogueError, Framework, Frameworks, PREVENT_TOOLKIT_2011, Priority, PriorityRules, Response,
};
use serde_json::{Value, json};

const RULES_FILE: &str = "prevent-toolkit-2011.priorities.json";

fn toolkit() -> &'static Framework {
    Frameworks::embedded()
        .expect("embedded frameworks load")
        .get(PREVENT_TOOLKIT_2011)
        .expect("the 2011 toolkit is embedded")
}

fn shipped_rules() -> &'static PriorityRules {
    Frameworks::embedded()
        .expect("embedded frameworks load")
        .rules(PREVENT_TOOLKIT_2011)
        .expect("the 2011 toolkit has its rules")
}

/// The real rules file as JSON, to edit into broken variants.
fn rules_json() -> Value {
    let file = EMBEDDED_RULE_FILES
        .iter()
        .find(|f| f.file_name == RULES_FILE)
        .expect("the rules file is embedded");
    serde_json::from_str(file.contents).expect("the rules file is JSON")
}

fn load(value: &Value) -> Result<PriorityRules, CatalogueError> {
    PriorityRules::from_json(
        "assets/frameworks/test.priorities.json",
        &value.to_string(),
        toolkit(),
    )
}

/// The problem a broken rules file is refused with.
fn refused(value: &Value) -> String {
    match load(value) {
        Err(CatalogueError::InvalidRules { file, problem }) => {
            assert_eq!(file, "assets/frameworks/test.priorities.json");
            problem
        }
        other => panic!("expected the rules to be refused as invalid, got {other:?}"),
    }
}

/// The index of a declared rule in the JSON, by id.
fn rule_index(value: &Value, id: &str) -> usize {
    value["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .position(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("rule {id} is declared"))
}

#[test]
fn the_shipped_rules_load_unchanged_through_the_checks() {
    let rules = load(&rules_json()).expect("the shipped rules pass their checks");
    assert_eq!(&rules, shipped_rules());
    assert_eq!(rules.framework, PREVENT_TOOLKIT_2011);
    assert_eq!(rules.schema_version, PriorityRules::SCHEMA_VERSION);
}

#[test]
fn every_declared_rule_gives_its_priority_for_a_representative_entry() {
    let rules = shipped_rules();
    // (entry, response, rule, priority, weight)
    let cases: [(&str, Option<Response>, &str, Priority, &str); 10] = [
        ("1", Some(Response::No), "core-no", Priority::High, "core"),
        (
            "1",
            Some(Response::Partial),
            "core-partial",
            Priority::Medium,
            "core",
        ),
        (
            "12",
            Some(Response::No),
            "supporting-no",
            Priority::Medium,
            "supporting",
        ),
        (
            "12",
            Some(Response::Partial),
            "supporting-partial",
            Priority::Low,
            "supporting",
        ),
        ("1", None, "unanswered", Priority::Medium, "core"),
        ("12", None, "unanswered", Priority::Medium, "supporting"),
        (
            "1",
            Some(Response::Yes),
            "in-place-or-not-applicable",
            Priority::Low,
            "core",
        ),
        (
            "12",
            Some(Response::Na),
            "in-place-or-not-applicable",
            Priority::Low,
            "supporting",
        ),
        ("3b", Some(Response::No), "core-no", Priority::High, "core"),
        (
            "C4",
            Some(Response::No),
            "supporting-no",
            Priority::Medium,
            "supporting",
        ),
    ];
    for (entry, response, rule, priority, weight) in cases {
        let reason = rules.assign(entry, response);
        assert_eq!(
            (
                reason.rule.as_str(),
                reason.priority,
                reason.weight.as_str()
            ),
            (rule, priority, weight),
            "entry {entry} answered {response:?}"
        );
        let declared = rules.rule(rule).expect("the rule is declared");
        assert_eq!(reason.explanation, declared.explanation);
        assert!(!reason.weight_label.is_empty() && !reason.weight_rationale.is_empty());
    }
    // Every declared rule is exercised above.
    let exercised: Vec<&str> = cases.iter().map(|c| c.2).collect();
    for rule in &rules.rules {
        assert!(
            exercised.contains(&rule.id.as_str()),
            "rule {} has a representative case",
            rule.id
        );
    }
    // An entry weighted in a group carries the group's rationale, not the weight's.
    let item_1 = rules.assign("1", Some(Response::No));
    assert!(
        item_1
            .weight_rationale
            .contains("Prevent framework or policy"),
        "{}",
        item_1.weight_rationale
    );
    // An entry left to the default weight carries the weight's own rationale.
    let item_12 = rules.assign("12", Some(Response::No));
    let supporting = rules
        .weights
        .iter()
        .find(|w| w.id == "supporting")
        .expect("supporting weight");
    assert_eq!(item_12.weight_rationale, supporting.rationale);
}

#[test]
fn every_answerable_entry_and_response_gets_a_declared_rule_and_no_ranks_above_partial() {
    let rules = shipped_rules();
    for entry in toolkit().answerable_ids() {
        for response in Response::ALL.map(Some).into_iter().chain([None]) {
            let reason = rules.assign(entry, response);
            assert!(
                rules.rule(&reason.rule).is_some(),
                "entry {entry} answered {response:?} gets rule {:?}",
                reason.rule
            );
        }
        assert!(
            rules.assign(entry, Some(Response::No)).priority
                > rules.assign(entry, Some(Response::Partial)).priority,
            "entry {entry}: a No ranks above a Partially"
        );
    }
}

#[test]
fn every_weighted_entry_exists_and_is_answered_by_a_person() {
    let rules = shipped_rules();
    let framework = toolkit();
    let answerable = framework.answerable_ids();
    let mut weighted = 0;
    for group in &rules.entry_weights {
        assert!(
            rules.weights.iter().any(|w| w.id == group.weight),
            "weight {} is declared",
            group.weight
        );
        for entry in &group.entries {
            let found = framework.entry(entry).expect("the weighted entry exists");
            assert_eq!(found.id, entry, "spelled as the framework spells it");
            assert!(
                answerable.contains(&entry.as_str()),
                "{entry} is answerable"
            );
            assert_eq!(rules.weight_of(entry).0.id, group.weight);
            weighted += 1;
        }
    }
    assert!(weighted > 0, "some entries are weighted");
}

#[test]
fn the_first_matching_rule_sets_the_priority() {
    let mut value = rules_json();
    value["rules"].as_array_mut().expect("rules").insert(
        0,
        json!({
            "id": "core-no-first",
            "when": { "responses": ["no"], "weights": ["core"] },
            "priority": "high",
            "explanation": "Declared first."
        }),
    );
    let rules = load(&value).expect("still valid");
    assert_eq!(rules.assign("1", Some(Response::No)).rule, "core-no-first");
}

#[test]
fn a_case_no_rule_covers_is_refused() {
    let mut value = rules_json();
    let index = rule_index(&value, "unanswered");
    value["rules"][index]["when"]["weights"] = json!(["core"]);
    let problem = refused(&value);
    assert!(problem.contains("no rule covers"), "{problem}");
    assert!(problem.contains("an entry with no response"), "{problem}");
    assert!(problem.contains("\"supporting\""), "{problem}");

    let mut value = rules_json();
    let index = rule_index(&value, "in-place-or-not-applicable");
    value["rules"][index]["when"]["responses"] = json!(["yes"]);
    let problem = refused(&value);
    assert!(
        problem.contains("no rule covers a response meaning does not apply"),
        "{problem}"
    );
}

#[test]
fn a_no_that_does_not_rank_above_a_partially_is_refused() {
    // Equal.
    let mut value = rules_json();
    let index = rule_index(&value, "supporting-no");
    value["rules"][index]["priority"] = json!("low");
    let problem = refused(&value);
    assert!(
        problem
            .contains("under weight \"supporting\" a response meaning not in place (low) must rank above one meaning partly in place (low)"),
        "{problem}"
    );
    // Below.
    let mut value = rules_json();
    let index = rule_index(&value, "core-partial");
    value["rules"][index]["priority"] = json!("high");
    let no = rule_index(&value, "core-no");
    value["rules"][no]["priority"] = json!("medium");
    let problem = refused(&value);
    assert!(
        problem.contains("under weight \"core\" a response meaning not in place (medium) must rank above one meaning partly in place (high)"),
        "{problem}"
    );
}

#[test]
fn an_unknown_weight_is_refused_wherever_it_is_named() {
    let mut value = rules_json();
    let index = rule_index(&value, "core-no");
    value["rules"][index]["when"]["weights"] = json!(["core", "critical"]);
    let problem = refused(&value);
    assert!(
        problem.contains("rule \"core-no\" names weight \"critical\", which is not declared"),
        "{problem}"
    );

    let mut value = rules_json();
    value["entry_weights"][0]["weight"] = json!("critical");
    let problem = refused(&value);
    assert!(
        problem.contains("entry weight \"critical\" is not a declared weight"),
        "{problem}"
    );

    let mut value = rules_json();
    value["default_weight"] = json!("critical");
    let problem = refused(&value);
    assert!(
        problem.contains("default_weight \"critical\" is not a declared weight"),
        "{problem}"
    );
}

#[test]
fn an_unknown_or_derived_entry_is_refused() {
    let mut value = rules_json();
    value["entry_weights"][0]["entries"] = json!(["1", "99"]);
    let problem = refused(&value);
    assert!(
        problem.contains("entry \"99\" is not an answerable entry of prevent-toolkit-2011"),
        "{problem}"
    );
    // Item 3 exists but is answered through 3a to 3g: it cannot be weighted.
    let mut value = rules_json();
    value["entry_weights"][0]["entries"] = json!(["3"]);
    let problem = refused(&value);
    assert!(
        problem.contains("entry \"3\" is not an answerable entry"),
        "{problem}"
    );
    // Entries are spelled as the framework spells them.
    let mut value = rules_json();
    value["entry_weights"][0]["entries"] = json!(["c13"]);
    let problem = refused(&value);
    assert!(problem.contains("entry \"c13\""), "{problem}");
}

#[test]
fn an_entry_weighted_twice_is_refused() {
    let mut value = rules_json();
    value["entry_weights"][1]["entries"]
        .as_array_mut()
        .expect("entries")
        .push(json!("1"));
    let problem = refused(&value);
    assert!(
        problem.contains("entry \"1\" is weighted twice"),
        "{problem}"
    );
    // Twice in the same group too.
    let mut value = rules_json();
    value["entry_weights"][0]["entries"] = json!(["1", "1"]);
    assert!(refused(&value).contains("entry \"1\" is weighted twice"));
}

#[test]
fn rules_for_another_framework_are_refused() {
    let mut value = rules_json();
    value["framework"] = json!("prevent-toolkit-2024");
    let problem = refused(&value);
    assert!(
        problem.contains(
            "the rules name framework \"prevent-toolkit-2024\" but sit beside \"prevent-toolkit-2011\""
        ),
        "{problem}"
    );
}

#[test]
fn a_newer_schema_is_refused() {
    let mut value = rules_json();
    value["schema_version"] = json!(2);
    let problem = refused(&value);
    assert!(
        problem.contains("schema_version is 2; this build reads 1"),
        "{problem}"
    );
}

#[test]
fn a_weight_without_a_rationale_is_refused() {
    let mut value = rules_json();
    value["weights"][0]["rationale"] = json!("  ");
    let problem = refused(&value);
    assert!(
        problem.contains("weight \"core\" has no rationale"),
        "{problem}"
    );

    let mut value = rules_json();
    value["entry_weights"][0]["rationale"] = json!("");
    let problem = refused(&value);
    assert!(
        problem.contains("the weight of entries 1 has no rationale"),
        "{problem}"
    );
}

#[test]
fn the_id_kept_for_people_cannot_be_a_rule() {
    let mut value = rules_json();
    let index = rule_index(&value, "core-no");
    value["rules"][index]["id"] = json!("set-by-a-person");
    let problem = refused(&value);
    assert!(
        problem.contains("\"set-by-a-person\" is kept for people"),
        "{problem}"
    );
}

#[test]
fn a_misspelt_field_or_value_names_its_path() {
    let mut value = rules_json();
    value["rules"][0]["priority"] = json!("urgent");
    match load(&value) {
        Err(CatalogueError::Malformed { path, .. }) => assert_eq!(path, "rules[0].priority"),
        other => panic!("expected a malformed file, got {other:?}"),
    }
    let mut value = rules_json();
    value["rules"][0]["when"]["response"] = json!(["no"]);
    match load(&value) {
        Err(CatalogueError::Malformed { path, problem, .. }) => {
            assert!(path.starts_with("rules[0].when"), "{path}");
            assert!(problem.contains("response"), "{problem}");
        }
        other => panic!("expected a malformed file, got {other:?}"),
    }
}

#[test]
fn a_framework_without_rules_beside_it_does_not_load() {
    let toolkit_only: Vec<EmbeddedFile> = EMBEDDED_FILES
        .iter()
        .filter(|f| f.file_name == "prevent-toolkit-2011.json")
        .copied()
        .collect();
    let error = Frameworks::load(&toolkit_only, &[]).expect_err("rules are required");
    assert!(
        matches!(&error, CatalogueError::MissingRules { framework, .. } if framework == PREVENT_TOOLKIT_2011),
        "{error:?}"
    );
    // A broken rules file stops the load and names its file.
    let mut value = rules_json();
    value["framework"] = json!("someone-else");
    let contents: &'static str = Box::leak(value.to_string().into_boxed_str());
    let broken = [EmbeddedFile {
        file_name: RULES_FILE,
        contents,
    }];
    let error = Frameworks::load(&toolkit_only, &broken).expect_err("refused");
    assert!(
        error
            .to_string()
            .starts_with("assets/frameworks/prevent-toolkit-2011.priorities.json: "),
        "{error}"
    );
}

#[test]
fn rule_responses_read_every_answer() {
    assert_eq!(RuleResponse::of(None), RuleResponse::Unanswered);
    assert_eq!(RuleResponse::of(Some(Response::Na)), RuleResponse::Na);
    assert_eq!(RuleResponse::ALL.len(), Response::ALL.len() + 1);
}

#[test]
fn a_rule_or_weight_declared_twice_is_refused() {
    let mut value = rules_json();
    let first = value["rules"][0].clone();
    value["rules"].as_array_mut().expect("rules").push(first);
    assert!(
        refused(&value).contains("rule \"core-no\" is declared twice"),
        "{}",
        refused(&value)
    );
    let mut value = rules_json();
    let first = value["weights"][0].clone();
    value["weights"]
        .as_array_mut()
        .expect("weights")
        .push(first);
    assert!(refused(&value).contains("weight \"core\" is declared twice"));
}
