//! The 2011 toolkit as shipped: the right number of entries, wording equal to
//! the source passages in `assets/frameworks/sources/`, and the embedded copy
//! equal to `assets/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use prevent_core::catalogue::{self, AnswerField, ColumnField, Entry, print_regulations};
use prevent_core::frameworks::EMBEDDED_FILES;
use prevent_core::{EntryKind, Framework, Frameworks, PREVENT_TOOLKIT_2011};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..")
}

fn toolkit() -> &'static Framework {
    Frameworks::embedded()
        .expect("embedded frameworks load")
        .get(PREVENT_TOOLKIT_2011)
        .expect("the 2011 toolkit is embedded")
}

/// The toolkit's sections, as (number, title, items): its parts that print
/// regulations, headed "Section N: Title".
fn sections(framework: &Framework) -> Vec<(u32, String, &[Entry])> {
    framework
        .parts
        .iter()
        .filter(|p| p.regulations.is_some())
        .map(|p| {
            let rest = p
                .heading
                .strip_prefix("Section ")
                .expect("Section N: Title");
            let (number, title) = rest.split_once(": ").expect("Section N: Title");
            (
                number.parse().expect("a number"),
                title.to_owned(),
                p.entries.as_slice(),
            )
        })
        .collect()
}

fn items(framework: &Framework) -> impl Iterator<Item = &Entry> {
    framework
        .parts
        .iter()
        .filter(|p| p.regulations.is_some())
        .flat_map(|p| &p.entries)
}

/// The policies and procedures checklist: the part that asks for a policy reference.
fn checklist(framework: &Framework) -> &catalogue::Part {
    framework
        .parts
        .iter()
        .find(|p| p.answer_fields.contains(&AnswerField::PolicyRef))
        .expect("the checklist")
}

/// The template's item columns: the first section's columns after the entry and response.
fn item_columns(framework: &Framework) -> Vec<String> {
    framework.parts[0]
        .columns
        .iter()
        .filter(|c| !matches!(c.maps_to, ColumnField::Entry | ColumnField::Response))
        .map(|c| c.label.clone())
        .collect()
}

#[test]
fn the_toolkit_has_19_items_7_sub_points_and_21_checklist_entries() {
    let framework = toolkit();
    let summary = framework.summary();
    assert_eq!(
        (
            summary.entry_count,
            summary.sub_point_count,
            summary.answerable_count,
            summary.part_count
        ),
        (19 + 21, 7, 18 + 7 + 21, 4)
    );
    let sections: Vec<(u32, String, Vec<&str>)> = sections(framework)
        .into_iter()
        .map(|(number, title, items)| {
            (number, title, items.iter().map(|i| i.id.as_str()).collect())
        })
        .collect();
    assert_eq!(
        sections,
        vec![
            (
                1,
                "Organisational".to_owned(),
                vec!["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"]
            ),
            (
                2,
                "Staff and volunteers".to_owned(),
                vec!["12", "13", "14", "15"]
            ),
            (
                3,
                "Partnership working".to_owned(),
                vec!["16", "17", "18", "19"]
            ),
        ]
    );
    let sub_points: Vec<&str> = framework.parts[0].entries[2]
        .sub_points
        .iter()
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(sub_points, ["3a", "3b", "3c", "3d", "3e", "3f", "3g"]);
    let checklist_ids: Vec<String> = checklist(framework)
        .entries
        .iter()
        .map(|e| e.id.clone())
        .collect();
    assert_eq!(
        checklist_ids,
        (1..=21).map(|n| format!("C{n}")).collect::<Vec<_>>()
    );
    assert_eq!(framework.version, "2011");
    assert_eq!(
        item_columns(framework),
        [
            "Care Quality Commission registration regulations (amended 2010)",
            "Comment",
            "Action required Y/N",
            "Department lead / nominated lead",
            "Date for completion"
        ]
    );
    assert_eq!(
        framework
            .header_fields
            .iter()
            .map(|c| c.label.as_str())
            .collect::<Vec<_>>(),
        [
            "Organisation",
            "Name",
            "Date of assessment",
            "Name of assessor"
        ]
    );
}

/// Spot checks written by hand from the source, independent of any parser.
#[test]
fn wording_and_regulations_match_the_source_by_hand() {
    let framework = toolkit();
    let text = |id: &str| {
        framework
            .entries()
            .into_iter()
            .find(|e| e.id == id)
            .map(|e| (e.text, e.regulations_printed))
            .expect("entry exists")
    };
    assert_eq!(
        text("1"),
        ("Policies and procedures are in place within the respective departments that address Prevent concerns".to_owned(), Some("regulations 12, 24".to_owned()))
    );
    assert_eq!(text("3g").0, "list of local and regional Prevent contacts");
    assert_eq!(text("11").1.as_deref(), Some("none legible"));
    assert_eq!(text("19").1.as_deref(), Some("regulation 24"));
    assert_eq!(
        text("C3").0,
        "Re-confirmation of electronic Criminal Records Bureau (e-CRB) checks and current registration for individuals"
    );
    assert_eq!(text("C21").0, "Record keeping");
    for id in ["7", "8", "9", "10", "11"] {
        let entry = framework
            .entries()
            .into_iter()
            .find(|e| e.id == id)
            .expect("item");
        assert!(
            entry.source_note.is_some(),
            "item {id} carries the scrambled-column note"
        );
    }
    assert!(
        framework
            .entries()
            .iter()
            .find(|e| e.id == "C3")
            .and_then(|e| e.source_note.as_ref())
            .is_some_and(|n| n.contains("DBS"))
    );
}

/// The source passages the 2011 toolkit is written from, kept in the repository.
const SOURCE_PASSAGES: &str = "assets/frameworks/sources/prevent-toolkit-2011.md";

/// One `## ` part of the source passages: its heading, its `Question:` line if it
/// has one, and the body rows of its Markdown tables (cells trimmed; each table's
/// heading row and `|---|` rule left out).
struct Part {
    heading: String,
    question: Option<String>,
    /// The part's `Title (corrected reading):` line, if it has one.
    title: Option<String>,
    tables: Vec<Vec<Vec<String>>>,
}

impl Part {
    fn only_table(&self) -> &[Vec<String>] {
        assert_eq!(
            self.tables.len(),
            1,
            "part {:?} has exactly one table",
            self.heading
        );
        &self.tables[0]
    }
}

fn read_source_passages() -> Vec<Part> {
    let path = workspace_root().join(SOURCE_PASSAGES);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{} is part of the repository: {e}", path.display()));
    let mut parts: Vec<Part> = Vec::new();
    // 0: not in a table; 1: after a table's heading row; 2: in its body.
    let mut table_state = 0;
    for line in text.lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            parts.push(Part {
                heading: heading.trim().to_owned(),
                question: None,
                title: None,
                tables: Vec::new(),
            });
            table_state = 0;
            continue;
        }
        let Some(part) = parts.last_mut() else {
            continue;
        };
        if let Some(question) = line.strip_prefix("Question: ") {
            part.question = Some(question.trim().to_owned());
        }
        if let Some(title) = line.strip_prefix("Title (corrected reading): ") {
            part.title = Some(title.trim().to_owned());
        }
        let Some(row) = line
            .trim()
            .strip_prefix('|')
            .and_then(|row| row.strip_suffix('|'))
        else {
            table_state = 0;
            continue;
        };
        let cells: Vec<String> = row.split('|').map(|c| c.trim().to_owned()).collect();
        let is_rule = cells
            .iter()
            .all(|c| !c.is_empty() && c.chars().all(|ch| ch == '-' || ch == ':'));
        match table_state {
            0 => {
                part.tables.push(Vec::new());
                table_state = 1;
            }
            1 if is_rule => table_state = 2,
            2 => part.tables.last_mut().expect("table started").push(cells),
            _ => panic!("{SOURCE_PASSAGES}: malformed table row {line:?}"),
        }
    }
    parts
}

fn part<'a>(parts: &'a [Part], heading: &str) -> &'a Part {
    parts
        .iter()
        .find(|p| p.heading == heading)
        .unwrap_or_else(|| panic!("{SOURCE_PASSAGES} has a part headed {heading:?}"))
}

/// The second cell of every row of a part's only table, after checking that the
/// first cells are the numbers 1, 2, 3, ...
fn numbered_texts(parts: &[Part], heading: &str) -> Vec<String> {
    part(parts, heading)
        .only_table()
        .iter()
        .enumerate()
        .map(|(i, row)| {
            assert_eq!(row[0], (i + 1).to_string(), "{heading}: row numbers");
            row[1].clone()
        })
        .collect()
}

#[test]
fn wording_equals_the_reference_reading() {
    let framework = toolkit();
    let parts = read_source_passages();

    // Sections and their items: ids, wording and regulations as printed.
    type Row = (String, String, String);
    let mut source_sections: Vec<(u32, String, Vec<Row>)> = Vec::new();
    for p in &parts {
        let Some(rest) = p.heading.strip_prefix("Section ") else {
            continue;
        };
        let (number, title) = rest.split_once(" — ").expect("Section <n> — <title>");
        let rows = p
            .only_table()
            .iter()
            .map(|row| {
                assert_eq!(row.len(), 3, "{}: row {row:?}", p.heading);
                (row[0].clone(), row[1].clone(), row[2].clone())
            })
            .collect();
        source_sections.push((
            number.parse().expect("section number"),
            title.to_owned(),
            rows,
        ));
    }
    assert_eq!(
        source_sections.iter().map(|s| s.2.len()).sum::<usize>(),
        19,
        "the source passages list 19 items"
    );
    let outline: Vec<(u32, String, Vec<String>)> = source_sections
        .iter()
        .map(|(n, t, rows)| (*n, t.clone(), rows.iter().map(|r| r.0.clone()).collect()))
        .collect();
    assert_eq!(
        sections(framework)
            .into_iter()
            .map(|(number, title, items)| (
                number,
                title,
                items.iter().map(|i| i.id.clone()).collect::<Vec<_>>()
            ))
            .collect::<Vec<_>>(),
        outline,
        "sections, their titles and their item ids"
    );
    let source_items: BTreeMap<&str, (&str, &str)> = source_sections
        .iter()
        .flat_map(|s| &s.2)
        .map(|(id, text, regulations)| (id.as_str(), (text.as_str(), regulations.as_str())))
        .collect();
    for item in items(framework) {
        let id = item.id.as_str();
        let (source_text, source_regulations) = source_items[id];
        assert_eq!(item.text, source_text, "item {id}");
        let regulations = item.regulations.as_deref().expect("regulations");
        let expected = if regulations.is_empty() {
            "none legible".to_owned()
        } else {
            regulations
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        };
        assert_eq!(source_regulations, expected, "item {id} regulations");
        assert!(print_regulations(regulations).ends_with(&expected));
    }

    // Sub-points: every item that has them, with ids and wording.
    let source_sub_points: BTreeMap<String, Vec<(String, String)>> = parts
        .iter()
        .filter_map(|p| {
            let item = p
                .heading
                .strip_prefix("Item ")?
                .strip_suffix(" sub-points")?;
            let rows = p.only_table().iter().map(|r| (r[0].clone(), r[1].clone()));
            Some((item.to_owned(), rows.collect()))
        })
        .collect();
    let framework_sub_points: BTreeMap<String, Vec<(String, String)>> = items(framework)
        .filter(|item| !item.sub_points.is_empty())
        .map(|item| {
            let subs = item
                .sub_points
                .iter()
                .map(|s| (s.id.clone(), s.text.clone()));
            (item.id.clone(), subs.collect())
        })
        .collect();
    assert_eq!(framework_sub_points, source_sub_points, "sub-points");

    // The policies and procedures checklist.
    let source_checklist = part(&parts, "Policies and procedures checklist");
    assert_eq!(checklist(framework).heading, source_checklist.heading);
    assert_eq!(
        checklist(framework).intro.as_ref(),
        source_checklist.question.as_ref(),
        "checklist question"
    );
    let source_entries = numbered_texts(&parts, "Policies and procedures checklist");
    assert_eq!(
        source_entries.len(),
        21,
        "the source passages list 21 checklist entries"
    );
    assert_eq!(
        checklist(framework)
            .entries
            .iter()
            .map(|e| (e.id.clone(), e.text.clone()))
            .collect::<Vec<_>>(),
        source_entries
            .into_iter()
            .enumerate()
            .map(|(i, text)| (format!("C{}", i + 1), text))
            .collect::<Vec<_>>(),
        "checklist entries"
    );

    // The form header lines and the column headings printed for every item.
    assert_eq!(
        framework
            .header_fields
            .iter()
            .map(|f| f.label.clone())
            .collect::<Vec<_>>(),
        numbered_texts(&parts, "Form header")
    );
    assert_eq!(
        item_columns(framework),
        numbered_texts(&parts, "Item columns")
    );
}

/// The numbered rows of one table as texts, after checking that the first
/// cells are the numbers 1, 2, 3, ...
fn numbered_rows(rows: &[Vec<String>], what: &str) -> Vec<String> {
    rows.iter()
        .enumerate()
        .map(|(i, row)| {
            assert_eq!(row.len(), 2, "{what}: row {row:?}");
            assert_eq!(row[0], (i + 1).to_string(), "{what}: row numbers");
            row[1].clone()
        })
        .collect()
}

/// The action plan template: its title and column headings equal the source
/// passages word for word, with the restored "Objectives" column first; the
/// column ids the exporters map on are kept; the source note records the
/// reading, quoting the three Prevent objectives as the sources give them.
#[test]
fn the_action_plan_template_equals_the_source_passages() {
    let framework = toolkit();
    let parts = read_source_passages();
    let source = part(&parts, "Action plan template");
    let template = &framework.action_plan_template;

    assert_eq!(
        Some(&template.title),
        source.title.as_ref(),
        "the template's title"
    );
    assert_eq!(
        source.tables.len(),
        2,
        "the template part has its columns, then the Prevent objectives"
    );
    assert_eq!(
        template
            .columns
            .iter()
            .map(|c| c.label.clone())
            .collect::<Vec<_>>(),
        numbered_rows(&source.tables[0], "template columns"),
        "the template's column headings"
    );
    assert_eq!(
        template
            .columns
            .iter()
            .map(|c| c.id.as_str())
            .collect::<Vec<_>>(),
        [
            "objectives",
            "action_required",
            "priority",
            "completion_date",
            "responsible",
            "completed"
        ],
        "column ids: the restored column first, the others unchanged"
    );

    let note = template
        .source_note
        .as_deref()
        .expect("the template says how it was read");
    let objectives = numbered_rows(&source.tables[1], "Prevent objectives");
    assert_eq!(objectives.len(), 3, "the three national Prevent objectives");
    for (i, objective) in objectives.iter().enumerate() {
        assert!(
            note.contains(&format!("{}. {objective}", i + 1)),
            "the note quotes Prevent objective {} word for word: {objective:?}",
            i + 1
        );
    }
    for reading in [
        "interleaved with the title",
        "section 1.4",
        "the standard to be met",
        "no form-level signature block",
        "the only signature is per action, in the last column",
    ] {
        assert!(note.contains(reading), "the note says {reading:?}: {note}");
    }
    assert_eq!(
        framework.content_revision, 3,
        "restoring the Objectives column is revision 3 of the transcription"
    );
}

#[test]
fn the_embedded_copy_equals_the_assets_folder() {
    let dir = workspace_root().join("assets/frameworks");
    let mut on_disk: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("assets/frameworks exists")
        .map(|entry| entry.expect("dir entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .map(|path| {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .expect("name")
                .to_owned();
            (
                name,
                std::fs::read_to_string(&path).expect("read framework file"),
            )
        })
        .collect();
    on_disk.sort();
    let mut embedded: Vec<(String, String)> = EMBEDDED_FILES
        .iter()
        .chain(prevent_core::frameworks::EMBEDDED_RULE_FILES)
        .chain(prevent_core::frameworks::EMBEDDED_CROSSWALK_FILES)
        .map(|f| (f.file_name.to_owned(), f.contents.to_owned()))
        .collect();
    embedded.sort();
    assert_eq!(embedded, on_disk);
}

#[test]
fn every_entry_is_found_by_its_id_and_kind() {
    let framework = toolkit();
    let entries = framework.entries();
    assert_eq!(entries.len(), 47);
    for entry in &entries {
        let found = framework.entry(&entry.id).expect("found");
        assert_eq!((found.id, found.kind), (entry.id.as_str(), entry.kind));
    }
    assert_eq!(
        entries
            .iter()
            .filter(|e| e.kind == EntryKind::SubPoint)
            .count(),
        7
    );
    assert!(
        entries
            .iter()
            .filter(|e| e.kind == EntryKind::Entry && !e.id.starts_with('C'))
            .all(|e| e.regulations.is_some())
    );
    assert_eq!(
        framework.entry_id_ranges(),
        "1 to 11, 3a to 3g, 12 to 15, 16 to 19, C1 to C21"
    );
}
