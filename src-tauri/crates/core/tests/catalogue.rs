//! The 2011 toolkit as shipped: the right number of entries, wording equal to
//! the reference reading of the source, and the embedded copy equal to `assets/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use prevent_core::catalogue::print_regulations;
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

#[test]
fn the_toolkit_has_19_items_7_sub_points_and_21_checklist_entries() {
    let framework = toolkit();
    let summary = framework.summary();
    assert_eq!(
        (
            summary.item_count,
            summary.sub_point_count,
            summary.checklist_count
        ),
        (19, 7, 21)
    );
    let sections: Vec<(u32, &str, Vec<&str>)> = framework
        .sections
        .iter()
        .map(|s| {
            (
                s.number,
                s.title.as_str(),
                s.items.iter().map(|i| i.id.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        sections,
        vec![
            (
                1,
                "Organisational",
                vec!["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"]
            ),
            (2, "Staff and volunteers", vec!["12", "13", "14", "15"]),
            (3, "Partnership working", vec!["16", "17", "18", "19"]),
        ]
    );
    let sub_points: Vec<&str> = framework.sections[0].items[2]
        .sub_points
        .iter()
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(sub_points, ["3a", "3b", "3c", "3d", "3e", "3f", "3g"]);
    let checklist: Vec<String> = framework
        .checklist
        .entries
        .iter()
        .map(|e| e.id.clone())
        .collect();
    assert_eq!(
        checklist,
        (1..=21).map(|n| format!("C{n}")).collect::<Vec<_>>()
    );
    assert_eq!(framework.version, "2011");
    assert_eq!(
        framework
            .item_columns
            .iter()
            .map(|c| c.label.as_str())
            .collect::<Vec<_>>(),
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

/// The reference reading, parsed from `shared/reference/catalogue.md`: item
/// number -> (text, regulations as printed) and checklist number -> text.
struct Reference {
    items: BTreeMap<u32, (String, String)>,
    checklist: BTreeMap<u32, String>,
}

fn read_reference() -> Option<Reference> {
    let path = workspace_root().join("../shared/reference/catalogue.md");
    let text = std::fs::read_to_string(&path).ok()?;
    let mut items = BTreeMap::new();
    let mut checklist = BTreeMap::new();
    let mut in_checklist = false;
    for line in text.lines() {
        if line.starts_with("## ") {
            in_checklist = line.starts_with("## C.");
        }
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() == 5
            && let Ok(number) = cells[1].parse::<u32>()
        {
            items.insert(number, (cells[2].to_owned(), cells[3].to_owned()));
        }
        if in_checklist
            && let Some((number, entry)) = line.split_once(". ")
            && let Ok(number) = number.parse::<u32>()
        {
            checklist.insert(number, entry.trim().to_owned());
        }
    }
    Some(Reference { items, checklist })
}

#[test]
fn wording_equals_the_reference_reading() {
    let Some(reference) = read_reference() else {
        // CI always has shared/ beside the clone; only a bare checkout lacks it.
        assert!(
            std::env::var_os("CI").is_none(),
            "shared/reference/catalogue.md must sit beside the repository in CI"
        );
        eprintln!("skipping: ../shared/reference/catalogue.md not found");
        return;
    };
    let framework = toolkit();
    assert_eq!(reference.items.len(), 19, "the reference lists 19 items");
    assert_eq!(
        reference.checklist.len(),
        21,
        "the reference lists 21 checklist entries"
    );

    for (_, item) in framework.items() {
        let number: u32 = item.id.parse().expect("numeric item id");
        let (reference_text, reference_regulations) = &reference.items[&number];
        if item.sub_points.is_empty() {
            assert_eq!(&item.text, reference_text, "item {number}");
        } else {
            // The reference writes item 3 on one line: stem, then the sub-points
            // separated by semicolons, then a note in brackets.
            let joined = format!(
                "{} {}",
                item.text,
                item.sub_points
                    .iter()
                    .map(|s| s.text.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            );
            assert!(
                reference_text.starts_with(&joined),
                "item {number}: {reference_text:?} should start with {joined:?}"
            );
            assert!(reference_text.contains(&format!("({} sub-points", item.sub_points.len())));
        }
        let expected = if item.regulations.is_empty() {
            "none legible".to_owned()
        } else {
            item.regulations
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        };
        assert_eq!(
            reference_regulations, &expected,
            "item {number} regulations"
        );
        assert!(print_regulations(&item.regulations).ends_with(&expected));
    }
    for entry in &framework.checklist.entries {
        let number: u32 = entry.id.trim_start_matches('C').parse().expect("C<n>");
        assert_eq!(
            &entry.text, &reference.checklist[&number],
            "checklist entry {}",
            entry.id
        );
    }
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
    let embedded: Vec<(String, String)> = EMBEDDED_FILES
        .iter()
        .map(|f| (f.file_name.to_owned(), f.contents.to_owned()))
        .collect();
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
            .filter(|e| e.kind == EntryKind::Item)
            .all(|e| e.section.is_some() && e.regulations.is_some())
    );
    assert_eq!(
        framework.entry_id_ranges(),
        "items 1 to 19, 3a to 3g, C1 to C21"
    );
}
