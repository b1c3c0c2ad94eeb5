//! The UI's bindings in `ui/src/ipc/generated/` are generated from Rust:
//! - one TypeScript file per type that crosses IPC (ts-rs);
//! - `commands.ts`: every command's name, argument names and types, and result
//!   type, from the one command list (`src-tauri/src/command_list.rs`), so a
//!   renamed command or argument fails to compile in the UI;
//! - `rules.ts`: the limits and defaults the forms show, from the core's rules.
//!
//! - `ui/tests/generated/catalogues.json`: every framework's catalogue as the
//!   window receives it, for the UI's unit tests.
//! - `ui/tests/generated/rust-answers.json`: the review and the saved answer
//!   Rust makes of each case the UI's unit tests list in
//!   `ui/tests/rust-cases.json`.
//!
//! This test regenerates them and fails when the checked-in copy is stale.
//! To refresh it: `cargo xtask bindings` (`UPDATE_BINDINGS=1 cargo test --test bindings`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use ts_rs::{Config, TS, TypeVisitor};

fn checked_in_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/ipc/generated")
}

fn config(dir: &Path) -> Config {
    // serde sends 64-bit integers as plain JSON numbers, so they are `number` in TypeScript.
    Config::new().with_out_dir(dir).with_large_int("number")
}

/// One command as the UI sees it.
struct Signature {
    name: &'static str,
    /// (camelCase argument name, TypeScript type)
    args: Vec<(String, String)>,
    output: String,
    /// Named types the signature refers to, to import.
    imports: BTreeSet<String>,
}

/// Collects the named types a type refers to, looking through wrappers such
/// as `Vec<T>` and `Option<T>`, and writes each one's binding.
struct NamedTypes<'a> {
    cfg: &'a Config,
    names: &'a mut BTreeSet<String>,
}

impl TypeVisitor for NamedTypes<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        if T::output_path().is_some() {
            T::export_all(self.cfg).expect("export a binding");
            self.names.insert(T::ident(self.cfg));
        } else {
            T::visit_generics(self);
        }
    }
}

/// A type's TypeScript name; the named types it needs are added to `imports`.
fn describe<T: TS + 'static>(cfg: &Config, imports: &mut BTreeSet<String>) -> String {
    NamedTypes {
        cfg,
        names: imports,
    }
    .visit::<T>();
    T::name(cfg)
}

fn camel_case(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

macro_rules! signatures {
    ($($kind:ident $name:ident ( $($arg:ident : $ty:ty),* ) -> $out:ty;)*) => {
        |cfg: &Config| -> Vec<Signature> {
            vec![$({
                let mut imports = BTreeSet::new();
                let args: Vec<(String, String)> = vec![
                    $( (camel_case(stringify!($arg)), describe::<$ty>(cfg, &mut imports)) ),*
                ];
                let output = describe::<$out>(cfg, &mut imports);
                Signature { name: stringify!($name), args, output, imports }
            }),*]
        }
    };
}

fn commands_ts(signatures: &[Signature]) -> String {
    let imports: BTreeSet<&String> = signatures.iter().flat_map(|s| &s.imports).collect();
    let mut out = String::from(
        "// Generated from src-tauri/src/command_list.rs by tests/bindings.rs. Do not edit.\n\n",
    );
    for name in imports {
        out.push_str(&format!("import type {{ {name} }} from \"./{name}\";\n"));
    }
    out.push_str("\n/** Every command the window may call: its arguments and its result. */\nexport interface Commands {\n");
    for signature in signatures {
        let args = if signature.args.is_empty() {
            "Record<string, never>".to_owned()
        } else {
            let fields: Vec<String> = signature
                .args
                .iter()
                .map(|(name, ty)| format!("{name}: {ty}"))
                .collect();
            format!("{{ {} }}", fields.join("; "))
        };
        out.push_str(&format!(
            "  {}: {{ args: {args}; output: {} }};\n",
            signature.name, signature.output
        ));
    }
    out.push_str("}\n\nexport type CommandName = keyof Commands;\n");
    out
}

fn rules_ts(cfg: &Config) -> String {
    let rules = prevent_core::limits::form_rules();
    prevent_core::limits::FormRules::export_all(cfg).expect("export FormRules");
    let json = serde_json::to_string_pretty(&rules).expect("rules as JSON");
    format!(
        "// Generated from prevent-core's rules (src-tauri/crates/core/src/limits.rs) by tests/bindings.rs. Do not edit.\n\nimport type {{ FormRules }} from \"./FormRules\";\n\n/** The limits and defaults the app's rules enforce, as the forms show them. */\nexport const RULES: FormRules = {json};\n"
    )
}

fn generate(dir: &Path) {
    let cfg = config(dir);
    let signatures = (prevent_sa_app::for_each_command!(signatures))(&cfg);
    prevent_sa_app::AppError::export_all(&cfg).expect("export AppError");
    prevent_core::catalogue::CatalogueView::export_all(&cfg).expect("export CatalogueView");
    prevent_core::AnswerInput::export_all(&cfg).expect("export AnswerInput");
    std::fs::write(dir.join("commands.ts"), commands_ts(&signatures)).expect("write commands.ts");
    std::fs::write(dir.join("rules.ts"), rules_ts(&cfg)).expect("write rules.ts");
}

fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return BTreeMap::new();
    };
    entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "ts"))
        .map(|path| {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_owned();
            (name, std::fs::read_to_string(&path).unwrap_or_default())
        })
        .collect()
}

#[test]
fn typescript_bindings_are_up_to_date() {
    let fresh_dir = tempfile::TempDir::new().expect("temp dir");
    generate(fresh_dir.path());
    let fresh = read_dir(fresh_dir.path());
    for expected in ["AppError.ts", "Response.ts", "commands.ts", "rules.ts"] {
        assert!(fresh.contains_key(expected), "{:?}", fresh.keys());
    }
    let commands = &fresh["commands.ts"];
    assert!(
        commands.contains(
            "save_answer: { args: { request: SaveAnswerRequest }; output: AnswerSaved };"
        ),
        "{commands}"
    );
    assert!(
        commands.contains("get_catalogue: { args: { frameworkId: string }"),
        "{commands}"
    );

    let target = checked_in_dir();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        let _ = std::fs::remove_dir_all(&target);
        std::fs::create_dir_all(&target).expect("create generated dir");
        for (name, contents) in &fresh {
            std::fs::write(target.join(name), contents).expect("write binding");
        }
        return;
    }
    let checked_in = read_dir(&target);
    let stale: Vec<&String> = fresh
        .keys()
        .chain(checked_in.keys())
        .filter(|name| fresh.get(*name) != checked_in.get(*name))
        .collect();
    assert!(
        stale.is_empty(),
        "ui/src/ipc/generated is stale ({stale:?} differ). Run `cargo xtask bindings` and commit the result."
    );
}

/// The catalogues as Rust shows them to the window, for the UI's unit tests:
/// `ui/tests/generated/catalogues.json`, one `CatalogueView` per embedded
/// framework by id. The UI's tests read these rather than a TypeScript copy
/// of `Framework::view`, so a change to a framework or to the view in Rust
/// reaches them.
fn catalogues_json() -> String {
    let frameworks = prevent_core::Frameworks::embedded().expect("embedded frameworks load");
    let views: BTreeMap<&str, prevent_core::CatalogueView> = frameworks
        .all()
        .iter()
        .filter_map(|f| Some((f.id.as_str(), frameworks.catalogue(&f.id)?)))
        .collect();
    let mut json = serde_json::to_string_pretty(&views).expect("catalogues as JSON");
    json.push('\n');
    json
}

/// Writes `fresh` to `relative` (under the repository) with `UPDATE_BINDINGS`
/// set; otherwise fails unless the checked-in copy is the same.
fn check_or_update(relative: &str, fresh: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("create folder");
        std::fs::write(&path, fresh).expect("write the generated file");
        return;
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == fresh,
        "{relative} is stale. Run `cargo xtask bindings` and commit the result."
    );
}

#[test]
fn the_ui_tests_catalogues_are_up_to_date() {
    check_or_update("ui/tests/generated/catalogues.json", &catalogues_json());
}

/// The cases the UI's unit tests need Rust's answer to, as they list them in
/// `ui/tests/rust-cases.json`: sets of answers to review, and saves to apply.
#[derive(serde::Deserialize)]
struct RustCases {
    reviews: Vec<ReviewCase>,
    saves: Vec<SaveCase>,
    plans: Vec<PlanCase>,
    #[serde(default)]
    training: Vec<TrainingCase>,
    /// A training export for the import screen, with its mapping.
    training_import: ImportCase,
}

#[derive(serde::Deserialize)]
struct ImportCase {
    file_name: String,
    csv: String,
    mapping: prevent_core::training_import::ImportMapping,
}

/// What the window's training screens get, through the application layer
/// on the same database as the training page.
#[derive(serde::Serialize)]
struct TrainingScreens {
    needs: prevent_app::training::NeedsAnalysis,
    /// The export read with no mapping: its columns only.
    import_columns: prevent_app::training_screens::ImportScreen,
    /// The same export counted with the case's mapping.
    import_counted: prevent_app::training_screens::ImportScreen,
    board: prevent_app::board_screen::BoardReportView,
    /// The latest quarter's summary, with referrals and the leads named.
    quarterly: prevent_core::quarterly::QuarterlyReturn,
}

/// The actions a plan page shows, for Rust to count and list, as the UI's
/// tests wrote them (their ids need not be UUIDs).
#[derive(serde::Deserialize, serde::Serialize)]
struct PlanCase {
    actions: Vec<serde_json::Value>,
}

impl PlanCase {
    /// The actions as Rust's type, each id that is not a UUID (the UI's
    /// tests write "a-1") replaced by one made from it: ids are neither
    /// counted nor listed.
    fn actions(&self) -> Vec<prevent_core::plan::view::ActionView> {
        fn with_uuids(value: &mut serde_json::Value) {
            match value {
                serde_json::Value::Object(map) => {
                    for (key, field) in map.iter_mut() {
                        match field {
                            serde_json::Value::String(text)
                                if (key == "id" || key.ends_with("_id"))
                                    && uuid::Uuid::parse_str(text).is_err() =>
                            {
                                let digest = prevent_core::digest::sha256_hex(text.as_bytes());
                                *text = uuid::Uuid::parse_str(&digest[..32])
                                    .expect("32 hex digits")
                                    .to_string();
                            }
                            other => with_uuids(other),
                        }
                    }
                }
                serde_json::Value::Array(items) => items.iter_mut().for_each(with_uuids),
                _ => {}
            }
        }
        self.actions
            .iter()
            .map(|action| {
                let mut action = action.clone();
                with_uuids(&mut action);
                serde_json::from_value(action).expect("an ActionView as the UI's tests write it")
            })
            .collect()
    }
}

#[derive(serde::Deserialize, serde::Serialize)]
struct ReviewCase {
    assessment_date: chrono::NaiveDate,
    today: chrono::NaiveDate,
    answers: Vec<prevent_core::Answer>,
}

#[derive(serde::Deserialize, serde::Serialize)]
struct SaveCase {
    entry_id: String,
    existing: Option<prevent_core::Answer>,
    input: prevent_core::AnswerInput,
}

/// Each case with what the app's own code makes of it.
#[derive(serde::Serialize)]
struct RustAnswers {
    reviews: Vec<Reviewed>,
    saves: Vec<Saved>,
    plans: Vec<Planned>,
    training: Vec<TrainingShown>,
    training_page: prevent_app::training::TrainingView,
    training_screens: TrainingScreens,
}

/// An organisation's figures on a reporting date (group, level, headcount,
/// in date), for Rust to show beside a framework's training standards.
#[derive(serde::Deserialize, serde::Serialize)]
struct TrainingCase {
    framework: String,
    as_of: chrono::NaiveDate,
    figures: Vec<prevent_core::training::GroupFigures>,
}

/// What an assessment's details carry of those figures.
#[derive(serde::Serialize)]
struct TrainingShown {
    #[serde(flatten)]
    case: TrainingCase,
    beside: Option<prevent_core::training::TrainingBeside>,
}

/// What the window's training page gets for an organisation whose figures
/// are the training cases', one reporting date each, through the
/// application layer on a real (temporary) SQLite file.
fn training_page(
    cases: &[TrainingCase],
    import: &ImportCase,
) -> (prevent_app::training::TrainingView, TrainingScreens) {
    use chrono::{Datelike, TimeZone};
    let dir = tempfile::TempDir::new().expect("temp dir");
    let now = chrono::Utc
        .with_ymd_and_hms(2026, 11, 30, 9, 0, 0)
        .single()
        .expect("time");
    let today = now.date_naive();
    let ledger = prevent_app::Ledger::open(&dir.path().join("page.sqlite3"), now).expect("open");
    let actor = prevent_core::Actor::new("Sam Lee", "Safeguarding lead").expect("actor");
    let mut service = prevent_app::Service::new(
        ledger,
        std::sync::Arc::new(prevent_app::FixedClock { now, today }),
        prevent_app::ActorSource::Given(actor),
    );
    const ORGANISATION: &str = "Northshire Community NHS Trust";
    for (index, case) in cases.iter().enumerate() {
        for figures in &case.figures {
            service
                .set_training_group(ORGANISATION, &figures.group, figures.level)
                .expect("group");
            service
                .record_training_figures(&prevent_app::training::FiguresInput {
                    organisation: ORGANISATION.to_owned(),
                    // One case a month, oldest first.
                    as_of: case.as_of
                        - chrono::Months::new(
                            u32::try_from(cases.len() - 1 - index).expect("few cases"),
                        ),
                    group: figures.group.clone(),
                    headcount: figures.headcount,
                    in_date: figures.in_date,
                })
                .expect("figures");
        }
    }
    let page = service
        .get_training(ORGANISATION.to_owned())
        .expect("training view");
    let upload = |mapping| prevent_app::training_screens::TrainingExportUpload {
        organisation: ORGANISATION.to_owned(),
        as_of: today,
        file: prevent_app::UploadedFile {
            name: import.file_name.clone(),
            base64: base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &import.csv),
        },
        mapping,
        counted_sha256: None,
    };
    let screens = TrainingScreens {
        needs: service
            .get_training_needs(ORGANISATION.to_owned())
            .expect("needs"),
        import_columns: service.read_training_export(upload(None)).expect("columns"),
        import_counted: service
            .read_training_export(upload(Some(import.mapping.clone())))
            .expect("counted"),
        board: service
            .get_board_report(ORGANISATION.to_owned(), today.year())
            .expect("board report"),
        quarterly: service
            .get_quarterly_return(prevent_app::training_screens::QuarterlyRequest {
                organisation: ORGANISATION.to_owned(),
                quarter: page.quarters[0].code.clone(),
                referrals: Some(2),
                accountable_lead: "Dr Priya Shah".to_owned(),
                operational_lead: String::new(),
            })
            .expect("quarterly"),
    };
    (page, screens)
}

/// A plan's counts and its filter's lists, as `plan::view` makes them.
#[derive(serde::Serialize)]
struct Planned {
    #[serde(flatten)]
    case: PlanCase,
    counts: prevent_core::plan::view::PlanCounts,
    owners: Vec<String>,
    departments: Vec<String>,
}

#[derive(serde::Serialize)]
struct Reviewed {
    #[serde(flatten)]
    case: ReviewCase,
    review: prevent_core::Review,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "snake_case")]
enum SaveResult {
    Answer(prevent_core::Answer),
    Error(String),
}

#[derive(serde::Serialize)]
struct Saved {
    #[serde(flatten)]
    case: SaveCase,
    result: SaveResult,
}

/// `ui/tests/generated/rust-answers.json`: the review (`review::review`) of
/// each set of answers and the answer each save makes (`Answer::apply`),
/// against the 2011 toolkit, so the UI's tests use the app's own rules
/// rather than a TypeScript copy of them. One case a line, for readable diffs.
fn rust_answers_json() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cases: RustCases = serde_json::from_str(
        &std::fs::read_to_string(root.join("ui/tests/rust-cases.json"))
            .expect("read rust-cases.json"),
    )
    .expect("ui/tests/rust-cases.json holds { reviews, saves, plans }");
    let frameworks = prevent_core::Frameworks::embedded().expect("embedded frameworks load");
    let toolkit = frameworks
        .get(prevent_core::PREVENT_TOOLKIT_2011)
        .expect("the 2011 toolkit");
    let (training_page, training_screens) = training_page(&cases.training, &cases.training_import);
    let answers = RustAnswers {
        reviews: cases
            .reviews
            .into_iter()
            .map(|case| Reviewed {
                review: prevent_core::review::review(
                    toolkit,
                    &case.answers,
                    case.assessment_date,
                    case.today,
                ),
                case,
            })
            .collect(),
        saves: cases
            .saves
            .into_iter()
            .map(|case| Saved {
                result: match prevent_core::Answer::apply(
                    toolkit,
                    &case.entry_id,
                    case.existing.as_ref(),
                    case.input.clone(),
                ) {
                    Ok(answer) => SaveResult::Answer(answer),
                    Err(error) => SaveResult::Error(error.to_string()),
                },
                case,
            })
            .collect(),
        training_page,
        training_screens,
        training: cases
            .training
            .into_iter()
            .map(|case| {
                let framework = frameworks
                    .get(&case.framework)
                    .expect("a shipped framework");
                let report =
                    prevent_core::training::ComplianceReport::build(case.as_of, &case.figures);
                TrainingShown {
                    beside: prevent_core::training::TrainingBeside::of(framework, report),
                    case,
                }
            })
            .collect(),
        plans: cases
            .plans
            .into_iter()
            .map(|case| {
                let actions = case.actions();
                let (owners, departments) = prevent_core::plan::view::owners_and_departments(
                    actions
                        .iter()
                        .map(|a| (a.action.owners.as_str(), a.action.department.as_str())),
                );
                Planned {
                    counts: prevent_core::plan::view::PlanCounts::of(&actions),
                    owners,
                    departments,
                    case,
                }
            })
            .collect(),
    };
    format!(
        "{{\n\"reviews\": [\n{}\n],\n\"saves\": [\n{}\n],\n\"plans\": [\n{}\n],\n\"training\": [\n{}\n],\n\"training_page\": {},\n\"training_screens\": {}\n}}\n",
        one_a_line(&answers.reviews),
        one_a_line(&answers.saves),
        one_a_line(&answers.plans),
        one_a_line(&answers.training),
        serde_json::to_string(&answers.training_page).expect("training page as JSON"),
        serde_json::to_string(&answers.training_screens).expect("training screens as JSON")
    )
}

/// A JSON array's items, one a line.
fn one_a_line<T: serde::Serialize>(items: &[T]) -> String {
    items
        .iter()
        .map(|item| serde_json::to_string(item).expect("a case as JSON"))
        .collect::<Vec<_>>()
        .join(",\n")
}

/// Fails when a rule in Rust or a case in `ui/tests/rust-cases.json` changed
/// and the answers the UI's tests read were not made again.
#[test]
fn the_ui_tests_rust_answers_are_up_to_date() {
    check_or_update("ui/tests/generated/rust-answers.json", &rust_answers_json());
}
