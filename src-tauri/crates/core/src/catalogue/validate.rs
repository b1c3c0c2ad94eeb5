//! The checks a framework file passes when it loads, one function per part
//! of the file. Each error names the file, the entry and the field.

use std::collections::HashSet;

use super::{
    AnswerField, CatalogueError, ColumnField, Entry, EntryFigures, Framework, Meaning, Part,
    SUPPORTED_SCHEMA_VERSION, Scale,
};

/// Builds the errors for one file.
struct Checker<'a> {
    file: &'a str,
}

impl Checker<'_> {
    fn invalid(&self, entry: &str, field: &str, problem: &str) -> CatalogueError {
        CatalogueError::Invalid {
            file: self.file.to_owned(),
            entry: entry.to_owned(),
            field: field.to_owned(),
            problem: problem.to_owned(),
        }
    }

    fn text(&self, text: &str, entry: &str, field: &str) -> Result<(), CatalogueError> {
        if text.trim().is_empty() {
            Err(self.invalid(entry, field, "must not be empty"))
        } else {
            Ok(())
        }
    }

    fn optional_text(
        &self,
        text: Option<&str>,
        entry: &str,
        field: &str,
    ) -> Result<(), CatalogueError> {
        text.map_or(Ok(()), |t| self.text(t, entry, field))
    }
}

impl Framework {
    pub(super) fn validate(&self, file: &str) -> Result<(), CatalogueError> {
        let check = Checker { file };
        self.validate_header(&check)?;
        self.validate_scales(&check)?;
        if self.parts.is_empty() {
            return Err(check.invalid("framework", "parts", "must list at least one part"));
        }
        let mut part_keys = HashSet::new();
        let mut entry_ids = HashSet::new();
        for part in &self.parts {
            if !part_keys.insert(part.id.as_str()) {
                return Err(check.invalid(
                    &format!("part {}", part.id),
                    "id",
                    "is used by another part",
                ));
            }
            self.validate_part(&check, part, &mut entry_ids)?;
        }
        check.text(
            &self.action_plan_template.title,
            "action_plan_template",
            "title",
        )?;
        for column in &self.action_plan_template.columns {
            let name = format!("action plan column {}", column.id);
            check.text(&column.label, &name, "label")?;
            if column.field().is_none() {
                return Err(check.invalid(
                    &name,
                    "id",
                    "names nothing an action holds: use objectives, action_required, priority, completion_date, responsible or completed",
                ));
            }
        }
        Ok(())
    }

    fn validate_header(&self, check: &Checker<'_>) -> Result<(), CatalogueError> {
        let framework = "framework";
        if self.schema_version != SUPPORTED_SCHEMA_VERSION {
            return Err(check.invalid(
                framework,
                "schema_version",
                &format!(
                    "this build reads schema version {SUPPORTED_SCHEMA_VERSION}, the file declares {}",
                    self.schema_version
                ),
            ));
        }
        check.text(&self.id, framework, "id")?;
        if !self
            .id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return Err(check.invalid(
                framework,
                "id",
                "must use lower-case letters, digits and hyphens only",
            ));
        }
        let expected_file = format!("{}.json", self.id);
        if !check.file.ends_with(&expected_file) {
            return Err(check.invalid(
                framework,
                "id",
                &format!("must match the file name (expected the file to be {expected_file})"),
            ));
        }
        for (field, text) in [
            ("version", &self.version),
            ("title", &self.title),
            ("description", &self.description),
            ("source_attribution", &self.source_attribution),
        ] {
            check.text(text, framework, field)?;
        }
        for field in &self.header_fields {
            check.text(&field.label, &format!("header field {}", field.id), "label")?;
        }
        Ok(())
    }

    fn validate_scales(&self, check: &Checker<'_>) -> Result<(), CatalogueError> {
        if self.scales.is_empty() {
            return Err(check.invalid("framework", "scales", "must list at least one scale"));
        }
        let mut ids = HashSet::new();
        for scale in &self.scales {
            let entry = format!("scale {}", scale.id);
            check.text(&scale.id, &entry, "id")?;
            if !ids.insert(scale.id.as_str()) {
                return Err(check.invalid(&entry, "id", "is used by another scale"));
            }
            validate_scale(check, scale, &entry)?;
        }
        Ok(())
    }

    fn validate_part(
        &self,
        check: &Checker<'_>,
        part: &Part,
        entry_ids: &mut HashSet<String>,
    ) -> Result<(), CatalogueError> {
        let name = format!("part {}", part.id);
        check.text(&part.id, &name, "id")?;
        check.text(&part.heading, &name, "heading")?;
        check.text(&part.entry_label, &name, "entry_label")?;
        check.text(&part.question, &name, "question")?;
        check.optional_text(part.short_heading.as_deref(), &name, "short_heading")?;
        check.optional_text(part.intro.as_deref(), &name, "intro")?;
        if let Some(regulations) = &part.regulations {
            check.text(&regulations.scheme, &name, "regulations.scheme")?;
        }
        let Some(scale) = self.scales.iter().find(|s| s.id == part.scale) else {
            return Err(check.invalid(
                &name,
                "scale",
                &format!(
                    "names scale \"{}\", which the file does not declare",
                    part.scale
                ),
            ));
        };
        let mut fields = HashSet::new();
        if let Some(repeated) = part.answer_fields.iter().find(|f| !fields.insert(**f)) {
            return Err(check.invalid(
                &name,
                "answer_fields",
                &format!("lists {} twice", repeated.as_str()),
            ));
        }
        validate_columns(check, part, &name)?;
        if part.entries.is_empty() {
            return Err(check.invalid(&name, "entries", "must list at least one entry"));
        }
        for entry in &part.entries {
            validate_entry(check, part, scale, entry, entry_ids)?;
        }
        Ok(())
    }
}

fn validate_scale(check: &Checker<'_>, scale: &Scale, entry: &str) -> Result<(), CatalogueError> {
    let mut values = HashSet::new();
    let mut meanings = HashSet::new();
    for value in &scale.values {
        check.text(
            &value.label,
            entry,
            &format!("values.{}.label", value.value),
        )?;
        let well_formed = !value.value.is_empty()
            && value
                .value
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !well_formed {
            return Err(check.invalid(
                entry,
                "values.value",
                &format!(
                    "\"{}\" must be lower-case letters, digits and hyphens, as typed on the command line",
                    value.value
                ),
            ));
        }
        if value.value == "unanswered" {
            return Err(check.invalid(
                entry,
                "values.value",
                "\"unanswered\" is kept for priority rules about entries with no response",
            ));
        }
        if !values.insert(value.value.to_ascii_lowercase()) {
            return Err(check.invalid(
                entry,
                "values.value",
                &format!("\"{}\" is listed twice", value.value),
            ));
        }
        if !meanings.insert(value.meaning) {
            return Err(check.invalid(
                entry,
                &format!("values.{}.meaning", value.value),
                &format!(
                    "another value already means {}; a scale has one value per meaning",
                    value.meaning.as_str()
                ),
            ));
        }
    }
    for required in [Meaning::InPlace, Meaning::NotInPlace] {
        if !meanings.contains(&required) {
            return Err(check.invalid(
                entry,
                "values",
                &format!("needs a value meaning {}", required.as_str()),
            ));
        }
    }
    Ok(())
}

fn validate_columns(check: &Checker<'_>, part: &Part, name: &str) -> Result<(), CatalogueError> {
    let mut shown = HashSet::new();
    for column in &part.columns {
        let field = format!("columns.{}", column.id);
        check.text(&column.label, name, &format!("{field}.label"))?;
        if !(column.width.0.is_finite() && column.width.0 > 0.0 && column.width.0 <= 20.0) {
            return Err(check.invalid(
                name,
                &format!("{field}.width"),
                "must be a number above 0 and at most 20",
            ));
        }
        if !shown.insert(column.maps_to) {
            return Err(check.invalid(
                name,
                &format!("{field}.maps_to"),
                "shows what another column already shows",
            ));
        }
        let asked = |f: AnswerField| part.answer_fields.contains(&f);
        let names_nothing = match column.maps_to {
            ColumnField::Regulations => part.regulations.is_none(),
            ColumnField::PolicyRef => !asked(AnswerField::PolicyRef),
            ColumnField::ReviewDate => !asked(AnswerField::ReviewDate),
            _ => false,
        };
        if names_nothing {
            return Err(check.invalid(
                name,
                &format!("{field}.maps_to"),
                "shows a field this part's entries do not have",
            ));
        }
    }
    for required in [ColumnField::Entry, ColumnField::Response] {
        if !shown.contains(&required) {
            return Err(check.invalid(
                name,
                "columns",
                &format!(
                    "needs a column showing the {}",
                    if required == ColumnField::Entry {
                        "entry"
                    } else {
                        "response"
                    }
                ),
            ));
        }
    }
    Ok(())
}

fn validate_entry(
    check: &Checker<'_>,
    part: &Part,
    scale: &Scale,
    entry: &Entry,
    entry_ids: &mut HashSet<String>,
) -> Result<(), CatalogueError> {
    let name = format!("entry {}", entry.id);
    unique_id(check, &entry.id, &name, entry_ids)?;
    check.text(&entry.text, &name, "text")?;
    check.optional_text(entry.guidance.as_deref(), &name, "guidance")?;
    check.optional_text(entry.source_note.as_deref(), &name, "source_note")?;
    match (&part.regulations, &entry.regulations) {
        (Some(_), None) => {
            return Err(check.invalid(
                &name,
                "regulations",
                &format!(
                    "part {} prints regulations; list them ([] if none is legible)",
                    part.id
                ),
            ));
        }
        (None, Some(_)) => {
            return Err(check.invalid(
                &name,
                "regulations",
                &format!("part {} prints no regulations", part.id),
            ));
        }
        (Some(_), Some(numbers)) => {
            if numbers.contains(&0) {
                return Err(check.invalid(&name, "regulations", "regulation numbers start at 1"));
            }
            if numbers.is_empty() && entry.source_note.is_none() {
                return Err(check.invalid(
                    &name,
                    "source_note",
                    "an entry with no regulations must say why in a source_note",
                ));
            }
        }
        (None, None) => {}
    }
    match (entry.sub_points.is_empty(), entry.derived_by) {
        (false, None) => {
            return Err(check.invalid(
                &name,
                "derived_by",
                "an entry with sub-points must name the rule its response is derived by",
            ));
        }
        (true, Some(_)) => {
            return Err(check.invalid(&name, "derived_by", "names a rule but has no sub-points"));
        }
        (false, Some(_)) => {
            if !scale
                .values
                .iter()
                .any(|v| v.meaning == Meaning::PartlyInPlace)
            {
                return Err(check.invalid(
                    &name,
                    "derived_by",
                    &format!(
                        "derives a response, which needs a value meaning partly_in_place on scale {}",
                        scale.id
                    ),
                ));
            }
        }
        (true, None) => {}
    }
    if entry.figures.is_some_and(EntryFigures::proposes_response) && !entry.sub_points.is_empty() {
        return Err(check.invalid(
            &name,
            "figures",
            "proposes a response, but its response is derived from its sub-points",
        ));
    }
    for sub_point in &entry.sub_points {
        let name = format!("sub-point {}", sub_point.id);
        unique_id(check, &sub_point.id, &name, entry_ids)?;
        check.text(&sub_point.text, &name, "text")?;
        check.optional_text(sub_point.guidance.as_deref(), &name, "guidance")?;
    }
    Ok(())
}

/// Ids are the framework's own, any letters and digits, unique whatever
/// their case (they are typed loosely on the command line).
fn unique_id(
    check: &Checker<'_>,
    id: &str,
    name: &str,
    seen: &mut HashSet<String>,
) -> Result<(), CatalogueError> {
    let well_formed = !id.is_empty()
        && id.len() <= 16
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    if !well_formed {
        return Err(check.invalid(
            name,
            "id",
            "must be 1 to 16 letters, digits, dots or hyphens",
        ));
    }
    if !seen.insert(id.to_ascii_lowercase()) {
        return Err(check.invalid(name, "id", "is used more than once"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::catalogue::{CatalogueError, EntryKind, Framework};

    /// A framework of two parts, one with regulations and sub-points, one
    /// asking for a policy reference, on two scales; ids are not numbers.
    fn minimal() -> Value {
        let columns = |extra: Value| {
            let mut columns = json!([
                {"id": "entry", "label": "Entry", "maps_to": "entry", "width": 3.0},
                {"id": "response", "label": "Response", "maps_to": "response", "width": 1.0}
            ]);
            if let (Some(list), Some(more)) = (columns.as_array_mut(), extra.as_array()) {
                list.extend(more.iter().cloned());
            }
            columns
        };
        json!({
            "schema_version": 3, "id": "demo", "version": "1", "content_revision": 1,
            "title": "T", "description": "For testing.",
            "source": {"publisher": "P", "document": "D", "part": "3", "published": "2024", "seed": "s"},
            "header_fields": [{"id": "org", "label": "Organisation", "maps_to": "organisation"}],
            "source_attribution": "From the source",
            "scales": [
                {"id": "done", "values": [
                    {"value": "done", "label": "Done", "meaning": "in_place"},
                    {"value": "some", "label": "Some", "meaning": "partly_in_place"},
                    {"value": "none", "label": "None", "meaning": "not_in_place"}
                ]},
                {"id": "yn", "values": [
                    {"value": "y", "label": "Yes", "meaning": "in_place"},
                    {"value": "n", "label": "No", "meaning": "not_in_place"},
                    {"value": "na", "label": "N/A", "meaning": "does_not_apply"}
                ]}
            ],
            "parts": [
                {"id": "a", "heading": "Part A", "entry_label": "Point", "question": "Done?",
                 "scale": "done", "regulations": {"scheme": "R"}, "answer_fields": [],
                 "columns": columns(json!([{"id": "r", "label": "Regs", "maps_to": "regulations", "width": 1.0}])),
                 "entries": [
                    {"id": "A.1", "text": "First", "regulations": [12],
                     "derived_by": "sub-points-alike-else-partly",
                     "sub_points": [{"id": "A.1x", "text": "x"}, {"id": "A.1y", "text": "y"}]},
                    {"id": "A-2", "text": "Second", "regulations": [], "source_note": "none legible"}
                 ]},
                {"id": "b", "heading": "Part B", "intro": "Does it?", "entry_label": "Check",
                 "question": "Included?", "scale": "yn", "answer_fields": ["policy_ref"],
                 "columns": columns(json!([{"id": "p", "label": "Policy", "maps_to": "policy_ref", "width": 2.0}])),
                 "entries": [{"id": "Q", "text": "Third"}]}
            ],
            "action_plan_template": {"title": "Plan", "columns": [{"id": "action", "label": "Action"}]}
        })
    }

    fn load(value: &Value) -> Result<Framework, CatalogueError> {
        Framework::from_json("demo.json", &value.to_string())
    }

    fn refused(value: &Value) -> String {
        load(value).expect_err("refused").to_string()
    }

    #[test]
    fn a_minimal_framework_of_any_shape_loads() {
        let framework = load(&minimal()).expect("valid");
        assert_eq!(framework.entries().len(), 5);
        assert_eq!(framework.answerable_ids(), ["A.1x", "A.1y", "A-2", "Q"]);
        assert_eq!(framework.entry("a.1X").map(|e| e.id), Some("A.1x"));
        assert_eq!(
            framework.entry("a.1").map(|e| e.kind),
            Some(EntryKind::Entry)
        );
        assert_eq!(framework.entry_label("q"), "Check Q");
        assert_eq!(framework.entry("C1"), None);
        let summary = framework.summary();
        assert_eq!(
            (
                summary.part_count,
                summary.entry_count,
                summary.sub_point_count
            ),
            (2, 3, 2)
        );
    }

    #[test]
    fn each_kind_of_broken_file_is_refused_naming_entry_and_field() {
        type Breakage = fn(&mut Value);
        let cases: Vec<(Breakage, &str)> = vec![
            (
                |v| v["parts"][0]["entries"][1]["text"] = json!("  "),
                "demo.json: entry A-2, field `text`: must not be empty",
            ),
            (
                |v| v["schema_version"] = json!(2),
                "schema version 3, the file declares 2",
            ),
            (
                |v| {
                    v["parts"][0]["entries"][0]["figures"] =
                        json!("training-compliance-proposes-response")
                },
                "demo.json: entry A.1, field `figures`: proposes a response, but its response is derived from its sub-points",
            ),
            (
                |v| v["description"] = json!(""),
                "framework, field `description`: must not be empty",
            ),
            (
                |v| v["parts"][1]["scale"] = json!("stars"),
                "part b, field `scale`: names scale \"stars\", which the file does not declare",
            ),
            (
                |v| v["parts"][1]["entries"][0]["id"] = json!("a-2"),
                "entry a-2, field `id`: is used more than once",
            ),
            (
                |v| v["parts"][1]["entries"][0]["id"] = json!("Q 1"),
                "entry Q 1, field `id`: must be 1 to 16 letters, digits, dots or hyphens",
            ),
            (
                |v| v["parts"][1]["columns"][2]["maps_to"] = json!("regulations"),
                "part b, field `columns.p.maps_to`: shows a field this part's entries do not have",
            ),
            (
                |v| v["parts"][0]["columns"][2]["maps_to"] = json!("review_date"),
                "part a, field `columns.r.maps_to`: shows a field this part's entries do not have",
            ),
            (
                |v| {
                    if let Some(columns) = v["parts"][0]["columns"].as_array_mut() {
                        columns.remove(1);
                    }
                },
                "part a, field `columns`: needs a column showing the response",
            ),
            (
                |v| v["parts"][0]["columns"][0]["width"] = json!(0),
                "part a, field `columns.entry.width`: must be a number above 0 and at most 20",
            ),
            (
                |v| v["parts"][0]["columns"][2]["maps_to"] = json!("entry"),
                "part a, field `columns.r.maps_to`: shows what another column already shows",
            ),
            (
                |v| v["scales"][0]["values"][0]["meaning"] = json!("not_in_place"),
                "scale done, field `values.none.meaning`: another value already means not_in_place",
            ),
            (
                |v| {
                    if let Some(values) = v["scales"][1]["values"].as_array_mut() {
                        values.remove(0);
                    }
                },
                "scale yn, field `values`: needs a value meaning in_place",
            ),
            (
                |v| v["scales"][1]["values"][2]["value"] = json!("unanswered"),
                "\"unanswered\" is kept for priority rules",
            ),
            (
                |v| v["scales"][1]["values"][2]["value"] = json!("Not Applicable"),
                "must be lower-case letters, digits and hyphens",
            ),
            (
                |v| v["parts"][0]["entries"][0]["derived_by"] = Value::Null,
                "entry A.1, field `derived_by`: an entry with sub-points must name the rule",
            ),
            (
                |v| {
                    v["parts"][0]["entries"][1]["derived_by"] =
                        json!("sub-points-alike-else-partly")
                },
                "entry A-2, field `derived_by`: names a rule but has no sub-points",
            ),
            (
                |v| v["parts"][0]["scale"] = json!("yn"),
                "derives a response, which needs a value meaning partly_in_place on scale yn",
            ),
            (
                |v| v["parts"][1]["entries"][0]["regulations"] = json!([1]),
                "entry Q, field `regulations`: part b prints no regulations",
            ),
            (
                |v| {
                    if let Some(entry) = v["parts"][0]["entries"][1].as_object_mut() {
                        entry.remove("regulations");
                    }
                },
                "entry A-2, field `regulations`: part a prints regulations",
            ),
            (
                |v| {
                    if let Some(entry) = v["parts"][0]["entries"][1].as_object_mut() {
                        entry.remove("source_note");
                    }
                },
                "an entry with no regulations must say why in a source_note",
            ),
            (
                |v| v["parts"][1]["answer_fields"] = json!(["policy_ref", "policy_ref"]),
                "part b, field `answer_fields`: lists policy_ref twice",
            ),
            (
                |v| v["parts"][0]["entries"] = json!([]),
                "part a, field `entries`: must list at least one entry",
            ),
            (
                |v| v["action_plan_template"]["columns"][0]["id"] = json!("signature_image"),
                "action plan column signature_image, field `id`: names nothing an action holds",
            ),
        ];
        for (break_it, expected) in cases {
            let mut value = minimal();
            break_it(&mut value);
            let message = refused(&value);
            assert!(message.starts_with("demo.json: "), "{message}");
            assert!(
                message.contains(expected),
                "{message} should say {expected:?}"
            );
        }
    }

    #[test]
    fn a_name_the_engine_does_not_know_is_refused_with_its_path() {
        for (path, value, expected) in [
            (
                &["parts", "0", "columns", "2", "maps_to"][..],
                json!("colour"),
                "unknown variant `colour`",
            ),
            (
                &["parts", "1", "entries", "0", "figures"][..],
                json!("headcount"),
                "unknown variant `headcount`",
            ),
            (
                &["header_fields", "0", "maps_to"][..],
                json!("postcode"),
                "unknown variant `postcode`",
            ),
            (
                &["scales", "0", "values", "0", "meaning"][..],
                json!("mostly"),
                "unknown variant `mostly`",
            ),
            (
                &["parts", "1", "answer_fields", "0"][..],
                json!("owner"),
                "unknown variant `owner`",
            ),
            (
                &["parts", "0", "entries", "0", "derived_by"][..],
                json!("average"),
                "unknown variant `average`",
            ),
        ] {
            let mut broken = minimal();
            let mut slot = &mut broken;
            for step in path {
                slot = match step.parse::<usize>() {
                    Ok(index) => &mut slot[index],
                    Err(_) => &mut slot[*step],
                };
            }
            *slot = value;
            let message = refused(&broken);
            let dotted = path
                .iter()
                .map(|s| {
                    if s.parse::<usize>().is_ok() {
                        format!("[{s}]")
                    } else {
                        format!(".{s}")
                    }
                })
                .collect::<String>();
            assert!(message.contains(expected), "{message}");
            assert!(
                message.contains(dotted.trim_start_matches('.')),
                "{message} names {dotted}"
            );
        }
        let mut unknown = minimal();
        unknown["parts"][0]["colour"] = json!("red");
        assert!(refused(&unknown).contains("colour"));
    }

    #[test]
    fn the_id_must_match_the_file_name() {
        let mut value = minimal();
        value["id"] = json!("other");
        assert!(refused(&value).contains("expected the file to be other.json"));
    }
}
