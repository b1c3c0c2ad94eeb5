//! The 2024 Prevent duty core standards as shipped: every standard and sub-point of
//! the providers' and the commissioners' framework files equal, word for word, to the
//! source passages in `assets/frameworks/sources/prevent-core-standards-2024.md`;
//! the parts under the headings the source prints; the priority rules and the
//! crosswalk from the 2011 toolkit naming only what exists.
//!
//! Reads the files as plain JSON (`serde_json::Value`), not through the engine's
//! framework types, so that it checks the data whatever shape the engine reads.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

const PROVIDERS: &str = "prevent-core-standards-2024-providers";
const COMMISSIONERS: &str = "prevent-core-standards-2024-commissioners";
const TOOLKIT: &str = "prevent-toolkit-2011";
const SOURCES: &str = "sources/prevent-core-standards-2024.md";
const CROSSWALK: &str =
    "prevent-toolkit-2011.to.prevent-core-standards-2024-providers.crosswalk.json";

/// Each file's parts in order: (section of the sources file, heading as printed).
const PROVIDER_PARTS: &[(&str, &str)] = &[
    ("Overarching standard", "Overarching standard"),
    ("Providers — Prevent leads", "Prevent leads"),
    ("Providers — Annual work programme", "Annual work programme"),
    ("Providers — Reporting", "Reporting"),
    ("Providers — Lessons learned", "Lessons learned"),
    (
        "Providers — Risk assessments and counter terrorism local profiles (CTLPs)",
        "Risk assessments and counter terrorism local profiles (CTLPs)",
    ),
    (
        "Providers — Information management",
        "Information management",
    ),
    (
        "Training — Overarching standard for training",
        "Overarching standard for training",
    ),
    (
        "Training — How to meet the standard",
        "How to meet the standard",
    ),
];

const COMMISSIONER_PARTS: &[(&str, &str)] = &[
    ("Overarching standard", "Overarching standard"),
    ("Commissioners — Prevent leads", "Prevent leads"),
    (
        "Commissioners — Annual work programme",
        "Annual work programme",
    ),
    (
        "Commissioners — Prevent framework or policy",
        "Prevent framework or policy",
    ),
    ("Commissioners — Reporting", "Reporting"),
    ("Commissioners — Lessons learned", "Lessons learned"),
    (
        "Commissioners — Risk assessments and counter terrorism local profiles (CTLPs)",
        "Risk assessments and counter terrorism local profiles (CTLPs)",
    ),
    (
        "Commissioners — Information management",
        "Information management",
    ),
    (
        "Training — Overarching standard for training",
        "Overarching standard for training",
    ),
    (
        "Training — How to meet the standard",
        "How to meet the standard",
    ),
];

/// The standards whose sentence introduces a bulleted list of requirements, each
/// bullet answered on its own.
const PROVIDER_LISTS: &[(&str, usize)] = &[("P9", 7), ("P13", 2), ("P19", 4), ("T4", 4)];
const COMMISSIONER_LISTS: &[(&str, usize)] = &[("ICB9", 5), ("ICB11", 7), ("ICB16", 3), ("T4", 4)];

/// The standards whose bullets finish the standard's own sentence (a list it names,
/// or examples): joined into its text, with a note saying so.
const PROVIDER_JOINED: &[&str] = &["P20"];
const COMMISSIONER_JOINED: &[&str] = &["ICB3", "ICB6"];

const TOP_LEVEL: &[&str] = &[
    "schema_version",
    "id",
    "version",
    "content_revision",
    "title",
    "description",
    "source",
    "header_fields",
    "source_attribution",
    "scales",
    "parts",
    "action_plan_template",
];
const PART_FIELDS: &[&str] = &[
    "id",
    "heading",
    "intro",
    "entry_label",
    "question",
    "scale",
    "answer_fields",
    "columns",
    "source_note",
    "entries",
];
const ENTRY_FIELDS: &[&str] = &[
    "id",
    "text",
    "source_note",
    "guidance",
    "sub_points",
    "derived_by",
    "figures",
];
const SUB_POINT_FIELDS: &[&str] = &["id", "text", "guidance"];
const RELATIONSHIPS: &[&str] = &["equal", "subset", "superset", "intersect"];
const PRIORITIES: &[&str] = &["high", "medium", "low"];

fn frameworks_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../assets/frameworks")
}

fn read_text(name: &str) -> String {
    let path = frameworks_dir().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

fn read_json(name: &str) -> Value {
    serde_json::from_str(&read_text(name)).unwrap_or_else(|e| panic!("{name} is not JSON: {e}"))
}

fn framework(id: &str) -> Value {
    read_json(&format!("{id}.json"))
}

fn priorities(id: &str) -> Value {
    read_json(&format!("{id}.priorities.json"))
}

fn str_of<'a>(value: &'a Value, key: &str) -> &'a str {
    value[key]
        .as_str()
        .unwrap_or_else(|| panic!("`{key}` is not a string in {value}"))
}

fn array_of<'a>(value: &'a Value, key: &str) -> &'a Vec<Value> {
    value[key]
        .as_array()
        .unwrap_or_else(|| panic!("`{key}` is not an array in {value}"))
}

fn sub_points(entry: &Value) -> &[Value] {
    entry["sub_points"].as_array().map_or(&[], Vec::as_slice)
}

fn parts(framework: &Value) -> &Vec<Value> {
    array_of(framework, "parts")
}

fn entries(framework: &Value) -> impl Iterator<Item = &Value> {
    parts(framework)
        .iter()
        .flat_map(|part| array_of(part, "entries"))
}

/// A part's wording in order: each entry, then its sub-points.
fn part_rows(part: &Value) -> Vec<(String, String)> {
    let mut rows = Vec::new();
    for entry in array_of(part, "entries") {
        rows.push((
            str_of(entry, "id").to_owned(),
            str_of(entry, "text").to_owned(),
        ));
        for sub_point in sub_points(entry) {
            rows.push((
                str_of(sub_point, "id").to_owned(),
                str_of(sub_point, "text").to_owned(),
            ));
        }
    }
    rows
}

/// The ids a person answers: entries without sub-points, and sub-points (an entry
/// with sub-points is derived from them).
fn answerable_ids(entries: &[&Value]) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for entry in entries {
        let points = sub_points(entry);
        if points.is_empty() {
            ids.insert(str_of(entry, "id").to_owned());
        }
        for sub_point in points {
            ids.insert(str_of(sub_point, "id").to_owned());
        }
    }
    ids
}

fn answerable(framework: &Value) -> BTreeSet<String> {
    answerable_ids(&entries(framework).collect::<Vec<_>>())
}

/// The toolkit's answerable ids, read from either shape of its file: schema v2
/// (`sections[].items[]` and `checklist.entries[]`) or v3 (`parts[].entries[]`).
fn toolkit_answerable() -> BTreeSet<String> {
    let toolkit = framework(TOOLKIT);
    let mut all: Vec<&Value> = Vec::new();
    if let Some(parts) = toolkit["parts"].as_array() {
        for part in parts {
            all.extend(array_of(part, "entries"));
        }
    } else {
        for section in array_of(&toolkit, "sections") {
            all.extend(array_of(section, "items"));
        }
        all.extend(array_of(&toolkit["checklist"], "entries"));
    }
    assert!(!all.is_empty(), "the toolkit has no entries");
    answerable_ids(&all)
}

/// One section of the sources file: its `Introduced by:` line, if any, and its table rows.
#[derive(Debug, Default)]
struct Section {
    intro: Option<String>,
    rows: Vec<(String, String)>,
}

/// Splits `| a | b |` into its cells, reading `\|` as a `|` inside a cell.
fn cells(line: &str) -> Vec<String> {
    let inner = line
        .trim()
        .strip_prefix('|')
        .and_then(|l| l.strip_suffix('|'))
        .unwrap_or_else(|| panic!("not a table row: {line}"));
    let mut cells = vec![String::new()];
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                chars.next();
                cells.last_mut().expect("one cell").push('|');
            }
            '|' => cells.push(String::new()),
            _ => cells.last_mut().expect("one cell").push(c),
        }
    }
    cells.iter().map(|c| c.trim().to_owned()).collect()
}

fn sources() -> BTreeMap<String, Section> {
    let text = read_text(SOURCES);
    let mut sections: BTreeMap<String, Section> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            let heading = heading.trim().to_owned();
            assert!(
                !sections.contains_key(&heading),
                "section `{heading}` appears twice in {SOURCES}"
            );
            sections.insert(heading.clone(), Section::default());
            current = Some(heading);
            continue;
        }
        let Some(section) = current.as_ref().and_then(|h| sections.get_mut(h)) else {
            continue;
        };
        if let Some(intro) = line.strip_prefix("Introduced by: ") {
            assert!(section.intro.is_none(), "two introductions in one section");
            section.intro = Some(intro.trim().to_owned());
        } else if line.starts_with('|') {
            let cells = cells(line);
            assert_eq!(
                cells.len(),
                2,
                "a row of {SOURCES} is not `| id | text |`: {line}"
            );
            let is_header = cells[0] == "id" && cells[1] == "text";
            let is_rule = cells.iter().all(|c| c.chars().all(|ch| ch == '-'));
            if !is_header && !is_rule {
                section.rows.push((cells[0].clone(), cells[1].clone()));
            }
        }
    }
    sections
}

fn check_wording(id: &str, expected_parts: &[(&str, &str)]) {
    let framework = framework(id);
    let sources = sources();
    let headings: Vec<&str> = parts(&framework)
        .iter()
        .map(|p| str_of(p, "heading"))
        .collect();
    let printed: Vec<&str> = expected_parts.iter().map(|(_, h)| *h).collect();
    assert_eq!(
        headings, printed,
        "{id}: part headings differ from the printed ones"
    );

    for (part, (section_name, _)) in parts(&framework).iter().zip(expected_parts) {
        let section = sources
            .get(*section_name)
            .unwrap_or_else(|| panic!("{SOURCES} has no section `## {section_name}`"));
        assert!(!section.rows.is_empty(), "`## {section_name}` has no rows");
        let ours = part_rows(part);
        let ids: Vec<&str> = ours.iter().map(|(i, _)| i.as_str()).collect();
        let source_ids: Vec<&str> = section.rows.iter().map(|(i, _)| i.as_str()).collect();
        assert_eq!(ids, source_ids, "{id}: ids under `{section_name}`");
        for ((entry_id, text), (_, source_text)) in ours.iter().zip(&section.rows) {
            assert_eq!(
                text, source_text,
                "{id}: {entry_id} differs from its source passage"
            );
        }
        assert_eq!(
            part["intro"].as_str(),
            section.intro.as_deref(),
            "{id}: the introduction of `{section_name}`"
        );
    }
}

#[test]
fn the_providers_wording_equals_the_source_passages() {
    check_wording(PROVIDERS, PROVIDER_PARTS);
}

#[test]
fn the_commissioners_wording_equals_the_source_passages() {
    check_wording(COMMISSIONERS, COMMISSIONER_PARTS);
}

#[test]
fn every_source_section_is_used_by_a_framework() {
    let used: BTreeSet<&str> = PROVIDER_PARTS
        .iter()
        .chain(COMMISSIONER_PARTS)
        .map(|(section, _)| *section)
        .collect();
    for (name, section) in sources() {
        if !section.rows.is_empty() {
            assert!(
                used.contains(name.as_str()),
                "`## {name}` is used by no framework"
            );
        }
    }
}

fn standard_ids(framework: &Value, prefix: &str) -> Vec<String> {
    entries(framework)
        .map(|e| str_of(e, "id"))
        .filter(|id| {
            id.strip_prefix(prefix)
                .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()))
        })
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_providers_have_20_standards_and_the_commissioners_20() {
    let expected =
        |prefix: &str| -> Vec<String> { (1..=20).map(|n| format!("{prefix}{n}")).collect() };
    assert_eq!(standard_ids(&framework(PROVIDERS), "P"), expected("P"));
    assert_eq!(
        standard_ids(&framework(COMMISSIONERS), "ICB"),
        expected("ICB")
    );
    for id in [PROVIDERS, COMMISSIONERS] {
        let framework = framework(id);
        let all: Vec<&str> = entries(&framework).map(|e| str_of(e, "id")).collect();
        let others: Vec<&str> = all
            .iter()
            .copied()
            .filter(|i| !i.starts_with('P') && !i.starts_with("ICB"))
            .collect();
        assert_eq!(
            others,
            ["O1", "T0", "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8"],
            "{id}"
        );
    }
}

fn part_by_id<'a>(framework: &'a Value, part_id: &str) -> &'a Value {
    parts(framework)
        .iter()
        .find(|p| p["id"] == part_id)
        .unwrap_or_else(|| panic!("no part `{part_id}`"))
}

#[test]
fn the_overarching_and_training_standards_are_the_same_in_both_files() {
    let providers = framework(PROVIDERS);
    let commissioners = framework(COMMISSIONERS);
    for part_id in [
        "overarching",
        "training-overarching",
        "training-how-to-meet",
    ] {
        assert_eq!(
            part_by_id(&providers, part_id),
            part_by_id(&commissioners, part_id),
            "part `{part_id}` differs between the two files"
        );
    }
    let ids = |f: &Value, part_id: &str| -> Vec<String> {
        part_rows(part_by_id(f, part_id))
            .into_iter()
            .map(|(id, _)| id)
            .collect()
    };
    assert_eq!(ids(&providers, "overarching"), ["O1"]);
    assert_eq!(ids(&providers, "training-overarching"), ["T0"]);
    assert_eq!(
        ids(&providers, "training-how-to-meet"),
        [
            "T1", "T2", "T3", "T4", "T4a", "T4b", "T4c", "T4d", "T5", "T6", "T7", "T8"
        ]
    );
}

fn check_lists(id: &str, lists: &[(&str, usize)], joined: &[&str]) {
    let framework = framework(id);
    let mut with_sub_points = BTreeSet::new();
    for entry in entries(&framework) {
        let entry_id = str_of(entry, "id");
        let points = sub_points(entry);
        if points.is_empty() {
            assert!(
                entry.get("derived_by").is_none() && entry.get("sub_points").is_none(),
                "{id}: {entry_id} has no sub-points but names them or a derivation"
            );
            continue;
        }
        with_sub_points.insert(entry_id);
        assert_eq!(
            entry["derived_by"], "sub-points-alike-else-partly",
            "{id}: {entry_id} has sub-points, so its response is derived from them"
        );
        let text = str_of(entry, "text");
        assert!(
            text.ends_with(':'),
            "{id}: {entry_id} introduces its sub-points, so ends with ':': {text}"
        );
        for (n, sub_point) in points.iter().enumerate() {
            let letter = char::from(b'a' + u8::try_from(n).expect("few sub-points"));
            assert_eq!(str_of(sub_point, "id"), format!("{entry_id}{letter}"));
            let text = str_of(sub_point, "text");
            assert!(
                !text.trim().is_empty() && text.trim() == text,
                "{id}: sub-point {entry_id}{letter} is empty or padded"
            );
        }
    }
    let expected: BTreeSet<&str> = lists.iter().map(|(e, _)| *e).collect();
    assert_eq!(
        with_sub_points, expected,
        "{id}: the standards with sub-points"
    );
    for (entry_id, count) in lists {
        let entry = entries(&framework)
            .find(|e| e["id"] == *entry_id)
            .expect("listed entry exists");
        assert_eq!(
            sub_points(entry).len(),
            *count,
            "{id}: {entry_id}'s sub-points"
        );
    }
    for entry_id in joined {
        let entry = entries(&framework)
            .find(|e| e["id"] == *entry_id)
            .expect("joined entry exists");
        assert!(
            str_of(entry, "text").contains(": ") && str_of(entry, "text").contains("; "),
            "{id}: {entry_id} joins its bullets after its colon"
        );
        assert!(
            str_of(entry, "source_note").contains("joined here with semicolons"),
            "{id}: {entry_id} says its bullets are joined"
        );
    }
}

#[test]
fn introducing_sentences_end_with_a_colon_and_sub_points_have_text() {
    check_lists(PROVIDERS, PROVIDER_LISTS, PROVIDER_JOINED);
    check_lists(COMMISSIONERS, COMMISSIONER_LISTS, COMMISSIONER_JOINED);
}

fn keys(value: &Value) -> BTreeSet<&str> {
    value
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {value}"))
        .keys()
        .map(String::as_str)
        .collect()
}

fn check_known_fields(what: &str, value: &Value, allowed: &[&str], required: &[&str]) {
    let present = keys(value);
    let allowed: BTreeSet<&str> = allowed.iter().copied().collect();
    let unknown: Vec<&&str> = present.difference(&allowed).collect();
    assert!(unknown.is_empty(), "{what}: unknown fields {unknown:?}");
    for key in required {
        assert!(present.contains(key), "{what}: `{key}` is missing");
    }
}

fn check_shape(id: &str) {
    let framework = framework(id);
    let raw = read_text(&format!("{id}.json"));
    check_known_fields(id, &framework, TOP_LEVEL, TOP_LEVEL);
    let positions: Vec<usize> = TOP_LEVEL
        .iter()
        .map(|key| {
            raw.find(&format!("\n  \"{key}\":"))
                .unwrap_or_else(|| panic!("{id}: `{key}` is not a top-level field"))
        })
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "{id}: top-level fields out of order"
    );
    assert_eq!(framework["schema_version"], 3);
    assert_eq!(framework["id"], id);
    assert_eq!(framework["version"], "2024");

    let toolkit = read_json(&format!("{TOOLKIT}.json"));
    assert_eq!(
        framework["action_plan_template"]["columns"], toolkit["action_plan_template"]["columns"],
        "{id}: the action plan uses the 2011 template's columns"
    );

    let scales: Vec<&str> = array_of(&framework, "scales")
        .iter()
        .map(|s| str_of(s, "id"))
        .collect();
    let columns = serde_json::json!([
        {"id": "standard", "label": "Standard", "maps_to": "entry", "width": 3.4},
        {"id": "response", "label": "Response", "maps_to": "response", "width": 1.2},
        {"id": "comment", "label": "Comment", "maps_to": "comment", "width": 2.7},
        {"id": "action_required", "label": "Action required Y/N", "maps_to": "action_required", "width": 0.8},
        {"id": "lead", "label": "Lead", "maps_to": "lead", "width": 1.25},
        {"id": "due_date", "label": "Date for completion", "maps_to": "due_date", "width": 1.0}
    ]);
    let mut part_ids = BTreeSet::new();
    let mut entry_ids = BTreeSet::new();
    for part in parts(&framework) {
        let part_id = str_of(part, "id");
        assert!(part_ids.insert(part_id), "{id}: part `{part_id}` twice");
        check_known_fields(
            part_id,
            part,
            PART_FIELDS,
            &[
                "id",
                "heading",
                "entry_label",
                "question",
                "scale",
                "answer_fields",
                "columns",
                "entries",
            ],
        );
        assert!(
            scales.contains(&str_of(part, "scale")),
            "{id}: `{part_id}`'s scale"
        );
        assert_eq!(part["columns"], columns, "{id}: `{part_id}`'s columns");
        for entry in array_of(part, "entries") {
            let entry_id = str_of(entry, "id");
            check_known_fields(entry_id, entry, ENTRY_FIELDS, &["id", "text", "guidance"]);
            assert!(entry_ids.insert(entry_id), "{id}: entry {entry_id} twice");
            assert!(!str_of(entry, "guidance").trim().is_empty());
            for sub_point in sub_points(entry) {
                let sub_id = str_of(sub_point, "id");
                check_known_fields(sub_id, sub_point, SUB_POINT_FIELDS, &["id", "text"]);
                assert!(entry_ids.insert(sub_id), "{id}: sub-point {sub_id} twice");
            }
        }
    }
}

#[test]
fn both_files_hold_only_the_fields_of_schema_v3() {
    check_shape(PROVIDERS);
    check_shape(COMMISSIONERS);
}

#[test]
fn the_crosswalk_links_answerable_ids_once_each() {
    let crosswalk = read_json(CROSSWALK);
    assert_eq!(crosswalk["schema_version"], 1);
    assert_eq!(crosswalk["from"], TOOLKIT);
    assert_eq!(crosswalk["to"], PROVIDERS);
    check_known_fields(
        CROSSWALK,
        &crosswalk,
        &["schema_version", "from", "to", "title", "note", "links"],
        &["schema_version", "from", "to", "title", "note", "links"],
    );
    let from_ids = toolkit_answerable();
    let to_ids = answerable(&framework(PROVIDERS));
    let links = array_of(&crosswalk, "links");
    assert!(!links.is_empty());
    let mut seen = BTreeSet::new();
    for link in links {
        check_known_fields(
            "crosswalk link",
            link,
            &["from", "to", "relationship", "rationale"],
            &["from", "to", "relationship", "rationale"],
        );
        let (from, to) = (str_of(link, "from"), str_of(link, "to"));
        assert!(
            from_ids.contains(from),
            "`{from}` is not an answerable toolkit id"
        );
        assert!(
            to_ids.contains(to),
            "`{to}` is not an answerable provider id"
        );
        assert!(
            RELATIONSHIPS.contains(&str_of(link, "relationship")),
            "{from} → {to}: unknown relationship"
        );
        assert!(
            !str_of(link, "rationale").trim().is_empty(),
            "{from} → {to}: no rationale"
        );
        assert!(seen.insert((from, to)), "{from} → {to} is linked twice");
    }
}

/// The first rule that matches a response and a weight, as the app applies them.
fn first_match<'a>(rules: &'a [Value], response: &str, weight: &str) -> Option<&'a Value> {
    rules.iter().find(|rule| {
        let names = |key: &str, name: &str| array_of(&rule["when"], key).iter().any(|v| v == name);
        names("responses", response) && names("weights", weight)
    })
}

fn check_priorities(id: &str) {
    let framework = framework(id);
    let rules_file = priorities(id);
    assert_eq!(rules_file["schema_version"], 1);
    assert_eq!(rules_file["framework"], id);
    assert!(
        str_of(&rules_file, "note")
            .contains("product's own, not those of the government department"),
        "{id}: the note says the rules are the product's own"
    );
    let weights: Vec<&str> = array_of(&rules_file, "weights")
        .iter()
        .map(|w| {
            assert!(!str_of(w, "rationale").trim().is_empty());
            str_of(w, "id")
        })
        .collect();
    assert_eq!(
        weights.iter().collect::<BTreeSet<_>>().len(),
        weights.len(),
        "{id}: a weight twice"
    );
    assert!(weights.contains(&str_of(&rules_file, "default_weight")));

    let answerable = answerable(&framework);
    let mut weighted = BTreeSet::new();
    for group in array_of(&rules_file, "entry_weights") {
        assert!(
            weights.contains(&str_of(group, "weight")),
            "{id}: unknown weight"
        );
        assert!(!str_of(group, "rationale").trim().is_empty());
        for entry in array_of(group, "entries") {
            let entry = entry.as_str().expect("an entry id");
            assert!(
                answerable.contains(entry),
                "{id}: `{entry}` is not an answerable id"
            );
            assert!(weighted.insert(entry), "{id}: `{entry}` is weighted twice");
        }
    }

    let mut responses: Vec<String> = Vec::new();
    for scale in array_of(&framework, "scales") {
        for value in array_of(scale, "values") {
            responses.push(str_of(value, "value").to_owned());
        }
    }
    responses.push("unanswered".to_owned());
    let rules = array_of(&rules_file, "rules");
    for rule in rules {
        for response in array_of(&rule["when"], "responses") {
            let response = response.as_str().expect("a response");
            assert!(
                responses.iter().any(|r| r == response),
                "{id}: `{response}` is no value of the scale"
            );
        }
        for weight in array_of(&rule["when"], "weights") {
            assert!(weights.contains(&weight.as_str().expect("a weight")));
        }
        assert!(PRIORITIES.contains(&str_of(rule, "priority")));
        assert!(!str_of(rule, "explanation").trim().is_empty());
    }
    let rank = |p: &str| PRIORITIES.iter().position(|q| *q == p).expect("a priority");
    for weight in &weights {
        for response in &responses {
            assert!(
                first_match(rules, response, weight).is_some(),
                "{id}: no rule for ({response}, {weight})"
            );
        }
        let priority = |response: &str| {
            rank(str_of(
                first_match(rules, response, weight).expect("covered"),
                "priority",
            ))
        };
        // A lower index is a higher priority.
        assert!(
            priority("not-met") <= priority("partially-met"),
            "{id}: for `{weight}`, not met ranks below partly met"
        );
    }
}

#[test]
fn the_priority_rules_name_only_existing_ids_and_scale_values() {
    check_priorities(PROVIDERS);
    check_priorities(COMMISSIONERS);
}

/// The overarching training standard shows the training figures, and the
/// standard on the 85% minimum ("The minimum compliance rate for training
/// completion is 85%") has its response proposed from them: in both files,
/// and nowhere else.
#[test]
fn the_training_standards_ask_for_the_training_figures() {
    for id in [PROVIDERS, COMMISSIONERS] {
        let framework = framework(id);
        let asking: Vec<(String, String)> = entries(&framework)
            .filter_map(|e| {
                e["figures"]
                    .as_str()
                    .map(|f| (str_of(e, "id").to_owned(), f.to_owned()))
            })
            .collect();
        assert_eq!(
            asking,
            [
                ("T0".to_owned(), "training-compliance".to_owned()),
                (
                    "T3".to_owned(),
                    "training-compliance-proposes-response".to_owned()
                ),
            ],
            "{id}"
        );
        let t3 = entries(&framework).find(|e| e["id"] == "T3").expect("T3");
        assert!(
            str_of(t3, "text")
                .starts_with("The minimum compliance rate for training completion is 85%.")
        );
    }
}
