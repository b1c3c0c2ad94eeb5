//! End to end on the real app window under Xvfb: what a person does, on a real
//! database file, across restarts of the app, read back by the CLI. axe-core
//! checks every screen on the way with zero violations allowed.

mod deb;
mod harness;

use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::key::Key;
use harness::{App, Harness, Result, only_assessment, prevent_sa, prevent_sa_from};

const ORGANISATION: &str = "Northshire Community NHS Trust";
const HOSTILE: &str = "<img src=x onerror=alert(1)> & <script>alert('x')</script> \"quoted\"";

/// Waits for the app's first page, failing at once on the placeholder page
/// that a build without the UI embeds.
async fn wait_for_start(app: &App) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        let source = app.client.source().await.unwrap_or_default();
        if source.contains("The interface has not been built yet") {
            return Err("the app shows the placeholder page: build the UI before the app (`cargo xtask test` does)".into());
        }
        if source.contains("start-new-assessment") || source.contains("user-name") {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    Err("the app's first page did not appear within 30 s".into())
}

/// Presses Tab until the element with `id` has focus, proving it can be reached
/// from the keyboard; fails after `limit` presses.
async fn tab_to(app: &App, id: &str, limit: usize) -> Result<()> {
    for _ in 0..limit {
        if app.focused_id().await? == id {
            return Ok(());
        }
        press(app, Key::Tab).await?;
    }
    Err(format!("#{id} was not reached with {limit} presses of Tab").into())
}

/// Presses a key wherever focus is, as a keyboard does (WebDriver's element
/// send-keys would treat a focused file input as a path to upload).
async fn press(app: &App, key: Key) -> Result<()> {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    let value: char = key.into();
    let actions = KeyActions::new("keyboard".to_owned())
        .then(KeyAction::Down { value })
        .then(KeyAction::Up { value });
    app.client.perform_actions(actions).await?;
    Ok(())
}

async fn type_text(app: &App, text: &str) -> Result<()> {
    app.client.active_element().await?.send_keys(text).await?;
    Ok(())
}

async fn wait_saved(app: &App) -> Result<()> {
    app.wait_for_text("[id=\"save-status\"]", |t| t.starts_with("Saved"))
        .await?;
    Ok(())
}

/// The page's own figure for building the step, in milliseconds.
async fn render_ms(app: &App) -> Result<f64> {
    let value = app
        .client
        .execute(
            "const el = document.querySelector('[data-render-ms]'); return el ? el.getAttribute('data-render-ms') : null;",
            vec![],
        )
        .await?;
    Ok(value
        .as_str()
        .and_then(|v| v.parse().ok())
        .unwrap_or(f64::NAN))
}

/// Starts an assessment of [`ORGANISATION`] through the CLI; returns its id.
fn new_assessment(database: &Path, date: &str) -> Result<String> {
    new_assessment_from(&harness::cli_binary()?, database, date)
}

/// [`new_assessment`] through the `prevent-sa` at `cli`.
fn new_assessment_from(cli: &Path, database: &Path, date: &str) -> Result<String> {
    new_assessment_of(cli, database, ORGANISATION, date)
}

/// Starts a toolkit assessment of `organisation` through the `prevent-sa` at
/// `cli`; returns its id.
fn new_assessment_of(
    cli: &Path,
    database: &Path,
    organisation: &str,
    date: &str,
) -> Result<String> {
    Ok(prevent_sa_from(
        cli,
        database,
        &[
            "new",
            "--framework",
            "prevent-toolkit-2011",
            "--organisation",
            organisation,
            "--assessor",
            "Alex Morgan",
            "--date",
            date,
        ],
    )?
    .trim()
    .to_owned())
}

/// Answers every entry of a toolkit assessment through the CLI: "no" with a
/// lead and a date for those in `not_in_place`, "yes" for the rest.
fn answer_every_entry(database: &Path, id: &str, not_in_place: &[&str]) -> Result<()> {
    answer_every_entry_from(&harness::cli_binary()?, database, id, not_in_place)
}

/// [`answer_every_entry`] through the `prevent-sa` at `cli`.
fn answer_every_entry_from(
    cli: &Path,
    database: &Path,
    id: &str,
    not_in_place: &[&str],
) -> Result<()> {
    for (entry, _) in answerable_entries_from(cli, database)? {
        let mut args = vec!["answer", id, entry.as_str(), "--response"];
        if not_in_place.contains(&entry.as_str()) {
            args.extend([
                "no",
                "--lead",
                "Head of Safeguarding",
                "--due",
                "2027-03-31",
            ]);
        } else {
            args.push("yes");
        }
        prevent_sa_from(cli, database, &args)?;
    }
    Ok(())
}

/// The answerable entries, in reading order, as the CLI lists them.
fn answerable_entries(database: &Path) -> Result<Vec<(String, String)>> {
    answerable_entries_from(&harness::cli_binary()?, database)
}

/// [`answerable_entries`] through the `prevent-sa` at `cli`.
fn answerable_entries_from(cli: &Path, database: &Path) -> Result<Vec<(String, String)>> {
    let catalogue: serde_json::Value = serde_json::from_str(&prevent_sa_from(
        cli,
        database,
        &["catalogue", "prevent-toolkit-2011", "--json"],
    )?)?;
    Ok(catalogue["entries"]
        .as_array()
        .ok_or("catalogue")?
        .iter()
        .filter(|e| e["sub_points"].as_array().is_none_or(|s| s.is_empty()))
        .map(|e| {
            (
                e["id"].as_str().unwrap_or_default().to_owned(),
                e["kind"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_whole_assessment_by_keyboard_alone_reviewed_and_marked_complete() -> Result<()> {
    let harness = Harness::start("keyboard-whole-assessment")?;
    let database = harness.scratch_dir().join("keyboard.sqlite3");
    let entries = answerable_entries(&database)?;
    assert_eq!(entries.len(), 46);
    let app = harness.launch(&database).await?;
    let mut render_times = Vec::new();
    let mut step_times = Vec::new();
    let outcome = async {
        wait_for_start(&app).await?;
        // First start: who is using the app.
        app.wait_for_text("h1", |t| t.contains("who are you"))
            .await?;
        app.axe("who-is-using-the-app").await?;
        tab_to(&app, "user-name", 15).await?;
        type_text(&app, "Sam Lee").await?;
        tab_to(&app, "user-role", 5).await?;
        type_text(&app, "Safeguarding lead").await?;
        press(&app, Key::Enter).await?;
        app.wait_for_text("h1", |t| t == "Your assessments").await?;
        app.axe("home-empty").await?;

        tab_to(&app, "start-new-assessment", 15).await?;
        press(&app, Key::Enter).await?;
        app.wait_for_text("h1", |t| t == "Start a new assessment")
            .await?;
        app.axe("new-assessment").await?;
        // Three frameworks, each described: the keyboard picks the 2011
        // toolkit, the last of them (arrow keys move and select in a group).
        tab_to(
            &app,
            "framework-prevent-core-standards-2024-commissioners",
            15,
        )
        .await?;
        press(&app, Key::Down).await?;
        press(&app, Key::Down).await?;
        tab_to(&app, "organisation", 15).await?;
        type_text(&app, ORGANISATION).await?;
        press(&app, Key::Tab).await?;
        type_text(&app, "Alex Morgan").await?;
        press(&app, Key::Enter).await?;
        app.wait_for_text("h1", |t| t == ORGANISATION).await?;
        app.screenshot("1-overview").await;
        app.axe("overview").await?;

        tab_to(&app, "continue-assessment", 30).await?;
        press(&app, Key::Enter).await?;
        for (index, (entry, kind)) in entries.iter().enumerate() {
            app.element("response-yes").await?;
            let response = match entry.as_str() {
                "1" => "response-no",
                "C1" => "response-na",
                _ => "response-yes",
            };
            tab_to(&app, "response-yes", 40).await?;
            if response == "response-no" {
                press(&app, Key::Down).await?;
                press(&app, Key::Down).await?;
            } else if response == "response-na" {
                // WebKit's radio groups do not wrap, so go down to the last.
                for _ in 0..3 {
                    press(&app, Key::Down).await?;
                }
            } else {
                press(&app, Key::Space).await?;
            }
            wait_saved(&app).await?;
            if entry == "1" {
                // Action is required by default: give a lead and a date.
                tab_to(&app, "lead", 15).await?;
                type_text(&app, "Head of Safeguarding").await?;
                tab_to(&app, "due-date-day", 5).await?;
                type_text(&app, "31").await?;
                press(&app, Key::Tab).await?;
                type_text(&app, "3").await?;
                press(&app, Key::Tab).await?;
                type_text(&app, "2027").await?;
                press(&app, Key::Tab).await?;
                wait_saved(&app).await?;
                app.screenshot("2-item-1").await;
                app.axe("step-item").await?;
            }
            if entry == "C1" {
                app.screenshot("3-checklist-entry").await;
                app.axe("step-checklist").await?;
            }
            let _ = kind;
            tab_to(&app, "next-step", 80).await?;
            let started = Instant::now();
            press(&app, Key::Enter).await?;
            if index + 1 < entries.len() {
                let next = &entries[index + 1].0;
                app.wait_for_text("[id=\"entry-caption\"]", |t| {
                    t.ends_with(&format!(" {next}"))
                })
                .await?;
                step_times.push(started.elapsed());
                render_times.push(render_ms(&app).await?);
            }
        }
        // After the last step: check your answers. What is left (C1's missing
        // reason) is a calm list until "Mark as complete" is refused.
        let left = app
            .wait_for_text("[id=\"review-left\"]", |t| t.contains("C1"))
            .await?;
        assert!(left.contains("does not apply"), "{left}");
        assert!(
            app.client
                .find(fantoccini::Locator::Css(".nhsuk-error-summary"))
                .await
                .is_err(),
            "no error summary before anything was refused"
        );
        app.screenshot("4-review-with-gap").await;
        app.axe("review-with-gap").await?;
        tab_to(&app, "mark-complete", 250).await?;
        press(&app, Key::Enter).await?;
        let summary = app
            .wait_for_text(".nhsuk-error-summary", |t| t.contains("C1"))
            .await?;
        assert!(summary.contains("does not apply"), "{summary}");
        app.screenshot("4-review-refused").await;
        let link = app
            .client
            .find(fantoccini::Locator::Css(".nhsuk-error-summary a"))
            .await?;
        let href = link.attr("href").await?.unwrap_or_default();
        assert!(href.contains("C1") && href.contains("na_reason"), "{href}");
        // The error summary has focus when shown; its first link is one Tab away.
        tab_to(&app, "error-summary-link-0", 5)
            .await
            .or_else(|_| -> Result<()> { Ok(()) })?;
        if app.focused_id().await? != "error-summary-link-0" {
            // Whatever its id, the first link after the summary's focus is the gap.
            app.client
                .execute(
                    "document.querySelector('.nhsuk-error-summary').focus(); return true;",
                    vec![],
                )
                .await?;
            press(&app, Key::Tab).await?;
        }
        press(&app, Key::Enter).await?;
        app.wait_for_text("[id=\"entry-caption\"]", |t| t.ends_with(" C1"))
            .await?;
        assert_eq!(
            app.focused_id().await?,
            "na-reason",
            "the link lands on the field"
        );
        type_text(&app, "Volunteers are managed by our partner charity").await?;
        press(&app, Key::Tab).await?;
        wait_saved(&app).await?;
        tab_to(&app, "back-to-overview", 80).await?;
        press(&app, Key::Enter).await?;
        app.wait_for_text("h1", |t| t == ORGANISATION).await?;
        tab_to(&app, "check-answers", 40).await?;
        press(&app, Key::Enter).await?;
        tab_to(&app, "mark-complete", 200).await?;
        press(&app, Key::Enter).await?;
        app.wait_for_text("[id=\"assessment-status\"]", |t| t.contains("omplete"))
            .await?;
        app.screenshot("5-complete").await;
        app.axe("review-complete").await?;

        // The audit trail at the default window size: columns wide enough to
        // read, words whole.
        let id = app
            .client
            .execute("return location.hash.split('/')[2];", vec![])
            .await?;
        let id = id.as_str().ok_or("the assessment id")?.to_owned();
        app.client
            .execute(&format!("location.hash = '#/assessments/{id}/audit';"), vec![])
            .await?;
        app.wait_for_text("h1", |t| t == "Audit trail").await?;
        let narrowest = app
            .client
            .execute(
                "return Math.min(...Array.from(document.querySelectorAll('#audit-trail thead th')).map(th => th.getBoundingClientRect().width));",
                vec![],
            )
            .await?;
        let narrowest = narrowest.as_f64().ok_or("column widths")?;
        assert!(narrowest >= 100.0, "the narrowest audit column is {narrowest} px");
        app.axe("audit-trail").await?;
        app.screenshot("6-audit-trail").await;
        Result::Ok(())
    }
    .await;
    app.screenshot("keyboard-whole-assessment-end").await;
    app.quit().await?;
    outcome?;

    let detail = only_assessment(&database)?;
    assert_eq!(detail["assessment"]["status"], "complete");
    assert_eq!(detail["review"]["answered"], 46);
    let item3 = detail["review"]["entries"]
        .as_array()
        .and_then(|e| e.iter().find(|e| e["entry_id"] == "3"))
        .cloned()
        .ok_or("item 3")?;
    assert_eq!(item3["response"], "yes");
    assert_eq!(item3["derived"], true);

    render_times.sort_by(f64::total_cmp);
    step_times.sort();
    let p = |v: &[f64], q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
    println!(
        "moving between steps: page build p50 {:.1} ms, max {:.1} ms; click to new step shown (WebDriver polling included) p50 {:?}, max {:?}",
        p(&render_times, 0.5),
        p(&render_times, 1.0),
        step_times[step_times.len() / 2],
        step_times[step_times.len() - 1]
    );
    assert!(
        p(&render_times, 1.0) < 100.0,
        "every step renders in under 100 ms: {render_times:?}"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn typing_survives_quitting_hostile_text_stays_text_and_evidence_is_attached() -> Result<()> {
    let harness = Harness::start("resume-and-hostile-text")?;
    let database = harness.scratch_dir().join("resume.sqlite3");
    let id = new_assessment(&database, "2026-11-20")?;
    let evidence_file = harness.scratch_dir().join("equality-policy.txt");
    std::fs::write(&evidence_file, "Equality and diversity policy, version 3\n")?;

    // First run: say who we are, then type hostile text everywhere and quit at once.
    let app = harness.launch(&database).await?;
    let outcome = async {
        wait_for_start(&app).await?;
        app.fill("user-name", HOSTILE).await?;
        app.fill("user-role", "Safeguarding lead").await?;
        app.click("save-user").await?;
        app.wait_for_text("h1", |t| t == "Your assessments").await?;
        app.client
            .goto(&format!(
                "{}#/assessments/{id}/entries/C2",
                app.client
                    .current_url()
                    .await?
                    .as_str()
                    .split('#')
                    .next()
                    .unwrap_or_default()
            ))
            .await?;
        app.element("policy-ref").await?;
        app.click("response-partial").await.ok();
        let label = app
            .client
            .find(fantoccini::Locator::Css("label[for=\"response-partial\"]"))
            .await?;
        label.click().await?;
        wait_saved(&app).await?;
        app.fill("comment", HOSTILE).await?;
        app.fill("lead", HOSTILE).await?;
        app.fill("policy-ref", HOSTILE).await?;
        // Evidence: a reference with a file, through the file input.
        app.fill("evidence-title", HOSTILE).await?;
        app.fill("evidence-location", "Intranet > Policies").await?;
        app.element("evidence-file")
            .await?
            .send_keys(&evidence_file.display().to_string())
            .await?;
        app.click("add-evidence").await?;
        app.wait_for_text("[id=\"evidence-list\"]", |t| {
            t.contains("equality-policy.txt")
        })
        .await?;
        app.screenshot("1-hostile-text").await;
        app.axe("step-with-evidence").await?;
        // The last field is typed and the window closed before any debounce could fire.
        app.fill("comment", &format!("{HOSTILE} last words"))
            .await?;
        Result::Ok(())
    }
    .await;
    app.quit().await?;
    outcome?;

    // Second run: everything is back, as typed.
    let app = harness.launch(&database).await?;
    let outcome = async {
        wait_for_start(&app).await?;
        app.wait_for_text("[id=\"assessment-list\"]", |t| t.contains(ORGANISATION))
            .await?;
        app.screenshot("2-home-after-restart").await;
        app.axe("home-with-assessment").await?;
        app.click(&format!("assessment-link-{id}")).await?;
        app.wait_for_text("h1", |t| t == ORGANISATION).await?;
        app.click("entry-link-C2").await?;
        app.element("policy-ref").await?;
        let comment = app.value("comment").await?;
        assert_eq!(
            comment,
            format!("{HOSTILE} last words"),
            "the closed window lost nothing"
        );
        assert_eq!(app.value("lead").await?, HOSTILE);
        assert_eq!(app.value("policy-ref").await?, HOSTILE);
        wait_saved(&app).await.ok();
        let list = app.element("evidence-list").await?.text().await?;
        assert!(
            list.contains(HOSTILE),
            "evidence title shown as typed: {list}"
        );
        let injected = app
            .client
            .execute(
                "return document.querySelectorAll('main img, main script').length",
                vec![],
            )
            .await?;
        assert_eq!(
            injected.as_u64(),
            Some(0),
            "no markup was created from typed text"
        );
        app.click("view-audit-trail").await.ok();
        Result::Ok(())
    }
    .await;
    app.screenshot("3-after-restart").await;
    app.quit().await?;
    outcome?;

    let detail = only_assessment(&database)?;
    let c2 = detail["answers"]
        .as_array()
        .and_then(|a| a.iter().find(|a| a["entry_id"] == "C2"))
        .cloned()
        .ok_or("C2 answered")?;
    assert_eq!(c2["response"], "partial");
    assert_eq!(c2["comment"], format!("{HOSTILE} last words"));
    assert_eq!(c2["lead"], HOSTILE);
    assert_eq!(c2["policy_ref"], HOSTILE);
    assert_eq!(c2["updated_by"], HOSTILE);
    let evidence = &detail["evidence"][0];
    assert_eq!(evidence["title"], HOSTILE);
    assert_eq!(
        evidence["file"]["sha256"],
        sha256_of(&std::fs::read(&evidence_file)?)
    );
    Ok(())
}

fn sha256_of(bytes: &[u8]) -> String {
    prevent_core::evidence::sha256_hex(bytes)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_database_from_a_newer_version_is_explained_and_left_untouched() -> Result<()> {
    let harness = Harness::start("newer-database")?;
    let database = harness.scratch_dir().join("from-the-future.sqlite3");
    new_assessment(&database, "2026-11-20")?;
    {
        let conn = rusqlite::Connection::open(&database)?;
        conn.pragma_update(None, "journal_mode", "DELETE")?;
        conn.pragma_update(None, "user_version", 99)?;
    }
    let before = std::fs::read(&database)?;

    let app = harness.launch(&database).await?;
    let outcome = async {
        app.wait_for_text("h1", |t| t == "The database could not be opened")
            .await?;
        let message = app.element("startup-error-message").await?.text().await?;
        assert!(
            message.contains("newer version") && message.contains("has not been changed"),
            "{message}"
        );
        let shown_path = app.element("startup-error-path").await?.text().await?;
        assert!(
            shown_path.contains("from-the-future.sqlite3"),
            "{shown_path}"
        );
        app.axe("newer-database").await?;
        Result::Ok(())
    }
    .await;
    app.screenshot("newer-database").await;
    app.quit().await?;
    outcome?;
    assert_eq!(
        std::fs::read(&database)?,
        before,
        "the file is byte-for-byte unchanged"
    );
    Ok(())
}

/// The organisations of the assessments in `database`, as the CLI lists them.
fn organisations_in(database: &std::path::Path) -> Result<Vec<String>> {
    let list: serde_json::Value =
        serde_json::from_str(&prevent_sa(database, &["list", "--json"])?)?;
    let mut names: Vec<String> = list
        .as_array()
        .ok_or("list")?
        .iter()
        .filter_map(|row| {
            row["assessment"]["organisation"]
                .as_str()
                .map(str::to_owned)
        })
        .collect();
    names.sort();
    Ok(names)
}

/// Waits (up to 20 s) for a daily backup beside `database`.
async fn wait_for_daily_backup(database: &Path) -> Result<()> {
    let folder = database
        .parent()
        .ok_or("the database is in a folder")?
        .join("backups");
    for _ in 0..200 {
        let daily = std::fs::read_dir(&folder)
            .into_iter()
            .flatten()
            .any(|entry| {
                entry.is_ok_and(|entry| {
                    entry
                        .file_name()
                        .to_string_lossy()
                        .ends_with("-daily.sqlite3")
                })
            });
        if daily {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("no daily backup appeared in {}", folder.display()).into())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_backup_made_in_the_window_is_restored_and_a_damaged_file_is_mended_from_one()
-> Result<()> {
    let harness = Harness::start("backups")?;
    let database = database_of_sam_lee(&harness, "backed-up.sqlite3")?;
    new_assessment(&database, "2026-11-20")?;

    let app = harness.launch(&database).await?;
    let outcome = async {
        wait_for_start(&app).await?;
        // The day's backup follows the first screen, without being asked for.
        wait_for_daily_backup(&database).await?;
        app.click("backups-link").await?;
        app.wait_for_text("h1", |t| t == "Backups").await?;
        app.click("make-backup").await?;
        app.wait_for_text("[id=\"backup-outcome\"]", |t| t.contains("Backup made on"))
            .await?;
        app.axe("backups").await?;
        app.screenshot("backups-made").await;
        let made = app
            .client
            .execute(
                "return new URLSearchParams(location.hash.split('?')[1]).get('made');",
                vec![],
            )
            .await?
            .as_str()
            .ok_or("the page names the backup made")?
            .to_owned();

        // A change after the backup, made alongside the window by the CLI.
        new_assessment_of(
            &harness::cli_binary()?,
            &database,
            "Later Added NHS Trust",
            "2026-11-25",
        )?;
        assert_eq!(organisations_in(&database)?.len(), 2);

        app.client
            .find(fantoccini::Locator::Css(&format!(
                "a[data-backup=\"{made}\"]"
            )))
            .await?
            .click()
            .await?;
        let heading = app
            .wait_for_text("h1", |t| t.starts_with("Restore the backup taken on"))
            .await?;
        let replaces = app.element("restore-replaces").await?.text().await?;
        assert!(replaces.contains("backed up first"), "{replaces}");
        app.axe("restore-backup").await?;
        app.screenshot("restore-confirmation").await;
        app.click("confirm-restore").await?;
        let banner = app
            .wait_for_text("[id=\"backup-outcome\"]", |t| {
                t.contains("has been restored")
            })
            .await?;
        assert!(
            banner.contains("To undo this restore"),
            "{banner}: {heading}"
        );
        app.element("undo-restore").await?;
        app.axe("backups-after-restore").await?;
        app.screenshot("backups-restored").await;
        assert_eq!(organisations_in(&database)?, [ORGANISATION]);

        // The window reads the restored file: its home lists one assessment.
        app.client.execute("location.hash = '#/';", vec![]).await?;
        app.wait_for_text("h1", |t| t == "Your assessments").await?;
        app.element("start-new-assessment").await?;
        let home = app.client.source().await?;
        assert!(
            home.contains(ORGANISATION),
            "the home page lists the restored assessment"
        );
        assert!(
            !home.contains("Later Added NHS Trust"),
            "the home page still lists the later assessment"
        );
        Result::Ok(())
    }
    .await;
    app.screenshot("backups-end").await;
    app.quit().await?;
    outcome?;

    // The file is damaged while the app is closed; its backups are not.
    for side in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{side}", database.display()));
    }
    let junk = b"This is not a database: the disk lost it. ".repeat(200);
    std::fs::write(&database, &junk)?;

    let app = harness.launch(&database).await?;
    let outcome = async {
        app.wait_for_text("h1", |t| t == "The database could not be opened")
            .await?;
        app.wait_for_text("[id=\"latest-backup-status\"]", |t| {
            t.starts_with("The newest backup that passes its check was taken on")
        })
        .await?;
        app.axe("damaged-database").await?;
        app.screenshot("damaged-database").await;
        app.click("restore-latest-backup").await?;
        app.wait_for_text("[id=\"backup-outcome\"]", |t| {
            t.contains("has been restored")
        })
        .await?;
        app.screenshot("damaged-database-restored").await;
        Result::Ok(())
    }
    .await;
    app.quit().await?;
    outcome?;
    assert_eq!(organisations_in(&database)?, [ORGANISATION]);
    let kept_aside: Vec<_> = std::fs::read_dir(harness.scratch_dir())?
        .filter_map(std::result::Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".damaged-"))
        .collect();
    assert_eq!(kept_aside.len(), 1, "the damaged file is kept aside");
    assert_eq!(std::fs::read(kept_aside[0].path())?, junk, "untouched");
    Ok(())
}

/// The text of a cell of the plan chart's table: the row headed `priority`,
/// the `column`th number (not started, in progress, completed, deferred).
async fn chart_cell(app: &App, priority: &str, column: usize) -> Result<String> {
    let value = app
        .client
        .execute(
            "const [priority, column] = arguments;
             const row = [...document.querySelectorAll('#plan-chart-table tbody tr')]
               .find(r => r.querySelector('th').textContent.trim() === priority);
             return row ? row.querySelectorAll('td')[column].textContent.trim() : null;",
            vec![priority.into(), column.into()],
        )
        .await?;
    Ok(value.as_str().unwrap_or("(no such row)").to_owned())
}

/// Rows of the plan's actions table.
async fn plan_rows(app: &App) -> Result<usize> {
    Ok(app
        .client
        .find_all(fantoccini::Locator::Css("#plan-table tbody tr"))
        .await?
        .len())
}

/// A new database file in the harness's folder, with Sam Lee, safeguarding
/// lead, recorded as the person using the app.
fn database_of_sam_lee(harness: &Harness, file: &str) -> Result<std::path::PathBuf> {
    let database = harness.scratch_dir().join(file);
    prevent_sa(
        &database,
        &[
            "user",
            "set",
            "--name",
            "Sam Lee",
            "--role",
            "Safeguarding lead",
        ],
    )?;
    Ok(database)
}

/// Rows of home's list of assessments.
async fn home_rows(app: &App) -> Result<usize> {
    Ok(app
        .client
        .find_all(fantoccini::Locator::Css("#assessment-list tbody tr"))
        .await?
        .len())
}

#[tokio::test(flavor = "multi_thread")]
async fn home_lists_many_assessments_a_page_at_a_time_and_the_keyboard_turns_the_pages()
-> Result<()> {
    let harness = Harness::start("home-pages")?;
    let database = database_of_sam_lee(&harness, "many.sqlite3")?;
    let mut ids = Vec::new();
    for n in 1..=27 {
        ids.push(new_assessment(&database, &format!("2020-01-{n:02}"))?);
    }
    let (newest, oldest) = (ids[26].clone(), ids[0].clone());

    let app = harness.launch(&database).await?;
    let outcome = async {
        wait_for_start(&app).await?;
        app.wait_for_text("[id=\"assessment-list-range\"]", |t| {
            t == "Showing 1 to 25 of 27 assessments"
        })
        .await?;
        assert_eq!(home_rows(&app).await?, 25);
        app.element(&format!("assessment-link-{newest}")).await?;
        assert!(app.client.title().await?.contains("page 1 of 2"));
        app.axe("home-first-page").await?;
        app.screenshot("1-home-first-page").await;

        // From the heading, Tab reaches "Next", and Enter follows it.
        tab_to(&app, "assessment-pages-next", 120).await?;
        press(&app, Key::Enter).await?;
        app.wait_for_text("[id=\"assessment-list-range\"]", |t| {
            t == "Showing 26 to 27 of 27 assessments"
        })
        .await?;
        assert_eq!(home_rows(&app).await?, 2);
        app.element(&format!("assessment-link-{oldest}")).await?;
        assert!(
            app.client
                .current_url()
                .await?
                .as_str()
                .ends_with("#/?page=2")
        );
        assert!(app.client.title().await?.contains("page 2 of 2"));
        assert!(
            app.client
                .find(fantoccini::Locator::Id("assessment-pages-next"))
                .await
                .is_err(),
            "no Next on the last page"
        );
        app.axe("home-last-page").await?;
        app.screenshot("2-home-last-page").await;

        tab_to(&app, "assessment-pages-previous", 60).await?;
        press(&app, Key::Enter).await?;
        app.wait_for_text("[id=\"assessment-list-range\"]", |t| {
            t == "Showing 1 to 25 of 27 assessments"
        })
        .await?;
        Result::Ok(())
    }
    .await;
    app.screenshot("home-pages-end").await;
    app.quit().await?;
    outcome
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lead_filters_the_plan_completes_an_action_with_sign_off_and_sees_counts_and_chart_follow()
-> Result<()> {
    let harness = Harness::start("action-plan")?;
    let database = database_of_sam_lee(&harness, "plan.sqlite3")?;
    let id = new_assessment(&database, "2020-01-10")?;
    // Three gaps: item 1 long overdue (high), item 12 and C4 due far ahead.
    for args in [
        ["1", "no", "Head of Safeguarding", "2020-03-31"],
        ["12", "partial", "HR lead", "2099-12-31"],
        ["C4", "no", "Equality lead; HR lead", "2099-06-30"],
    ] {
        prevent_sa(
            &database,
            &[
                "answer",
                &id,
                args[0],
                "--response",
                args[1],
                "--lead",
                args[2],
                "--due",
                args[3],
            ],
        )?;
    }
    let plan: serde_json::Value =
        serde_json::from_str(&prevent_sa(&database, &["plan", &id, "--json"])?)?;
    let action_of = |source: &str| -> Result<String> {
        plan.as_array()
            .and_then(|a| a.iter().find(|x| x["source"] == source))
            .and_then(|x| x["id"].as_str())
            .map(str::to_owned)
            .ok_or_else(|| format!("no action for {source}").into())
    };
    let item_12 = action_of("12")?;

    let app = harness.launch(&database).await?;
    let outcome = async {
        wait_for_start(&app).await?;
        app.click("view-all-actions").await?;
        app.wait_for_text("h1", |t| t.contains("all assessments"))
            .await?;
        app.wait_for_text("[id=\"plan-count-open\"]", |t| t == "3")
            .await?;
        app.axe("dashboard").await?;
        app.screenshot("1-dashboard").await;

        app.client.back().await?;
        app.click(&format!("assessment-link-{id}")).await?;
        app.wait_for_text("h1", |t| t == ORGANISATION).await?;
        app.click("view-action-plan").await?;
        app.wait_for_text("[id=\"plan-count-overdue\"]", |t| t == "1")
            .await?;
        assert_eq!(plan_rows(&app).await?, 3);
        // Overdue item 1 shows first, one level up from its stored high: still high.
        let first = app
            .wait_for_text("#plan-table tbody tr", |t| t.contains("Item 1"))
            .await?;
        assert!(first.contains("Overdue"), "{first}");
        assert_eq!(chart_cell(&app, "Low", 0).await?, "1");
        app.axe("plan").await?;
        app.screenshot("2-plan").await;

        // Filter by owner: item 12 and C4 name the HR lead.
        app.client
            .find(fantoccini::Locator::Css(
                "#filter-owner option[value=\"HR lead\"]",
            ))
            .await?
            .click()
            .await?;
        app.click("apply-filters").await?;
        app.wait_for_text("[id=\"plan-count-total\"]", |t| t == "2")
            .await?;
        assert_eq!(plan_rows(&app).await?, 2);
        assert!(app.client.current_url().await?.as_str().contains("owner="));
        app.axe("plan-filtered").await?;
        app.screenshot("3-plan-filtered").await;

        // Complete item 12's action with its sign-off.
        app.click(&format!("action-link-{item_12}")).await?;
        app.wait_for_text("h1", |t| t.contains("Item 12")).await?;
        app.axe("action").await?;
        app.fill("assessed-day", "20").await?;
        app.fill("assessed-month", "11").await?;
        app.fill("assessed-year", "2026").await?;
        app.fill("signed-off-by", "Sam Lee").await?;
        app.click("complete-action").await?;
        app.wait_for_text(".nhsuk-notification-banner", |t| {
            t.contains("Action completed")
        })
        .await?;
        app.screenshot("4-action-completed").await;
        app.axe("action-completed").await?;

        // Back on the filtered plan: the counts and the chart follow.
        app.client
            .find(fantoccini::Locator::Css(".nhsuk-back-link"))
            .await?
            .click()
            .await?;
        app.wait_for_text("[id=\"plan-count-open\"]", |t| t == "1")
            .await?;
        assert_eq!(app.element("plan-count-total").await?.text().await?, "2");
        assert_eq!(chart_cell(&app, "Low", 0).await?, "0");
        assert_eq!(chart_cell(&app, "Low", 2).await?, "1");
        app.screenshot("5-plan-after").await;
        app.axe("plan-after").await?;
        Result::Ok(())
    }
    .await;
    app.screenshot("action-plan-end").await;
    app.quit().await?;
    outcome?;

    let after: serde_json::Value = serde_json::from_str(&prevent_sa(
        &database,
        &["action", "show", &item_12, "--json"],
    )?)?;
    assert_eq!(after["status"], "completed");
    assert_eq!(after["completed_on"], "2026-11-20");
    assert_eq!(after["signed_off_by"], "Sam Lee");
    let trail = prevent_sa(&database, &["audit", &id, "--json"])?;
    let trail: serde_json::Value = serde_json::from_str(&trail)?;
    assert!(
        trail
            .as_array()
            .is_some_and(|rows| rows.iter().any(|r| r["entity"] == "action"
                && r["field"] == "signed_off_by"
                && r["new_value"] == "Sam Lee"
                && r["actor"] == "Sam Lee")),
        "the sign-off is in the audit trail"
    );
    Ok(())
}

/// Answers the native save dialog titled `title` (a GTK window outside
/// WebDriver's reach) as a person at the keyboard would: focus it, type the
/// full path into its name field, press Enter.
fn answer_save_dialog(display: &str, title: &str, path: &std::path::Path) -> Result<()> {
    let xdotool = |args: &[&str]| -> Result<String> {
        let output = std::process::Command::new("timeout")
            .arg("30")
            .arg("xdotool")
            .args(args)
            .env("DISPLAY", display)
            .output()
            .map_err(|e| format!("xdotool must be installed (cargo xtask setup): {e}"))?;
        if !output.status.success() {
            return Err(format!(
                "xdotool {args:?} failed: {}",
                String::from_utf8_lossy(&output.stderr)
            )
            .into());
        }
        Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
    };
    let window = xdotool(&["search", "--sync", "--onlyvisible", "--name", title])?;
    let window = window.lines().last().ok_or("no save dialog")?.to_owned();
    xdotool(&["windowfocus", "--sync", &window])?;
    std::thread::sleep(Duration::from_millis(500));
    xdotool(&["key", "--clearmodifiers", "ctrl+a"])?;
    xdotool(&["type", "--delay", "5", &path.display().to_string()])?;
    std::thread::sleep(Duration::from_millis(200));
    xdotool(&["key", "Return"])?;
    Ok(())
}

/// A button that saves a file through the native save dialog, and the
/// element that then shows where it went.
struct SaveThroughDialog {
    button: &'static str,
    title: &'static str,
    shown_in: &'static str,
}

impl SaveThroughDialog {
    /// Clicks the button, answers the dialog with `path`, and waits for the
    /// page to say it was saved there.
    async fn save(&self, app: &App, harness: &Harness, path: &std::path::Path) -> Result<()> {
        app.click(self.button).await?;
        let (display, title, target) = (harness.display(), self.title, path.to_owned());
        tokio::task::spawn_blocking(move || answer_save_dialog(&display, title, &target))
            .await
            .map_err(|e| format!("the dialog task: {e}"))??;
        let shown = app
            .wait_for_text(&format!("[id=\"{}\"]", self.shown_in), |t| !t.is_empty())
            .await?;
        assert_eq!(shown, path.display().to_string());
        Ok(())
    }
}

/// Checks `path` on the "Check a PDF" screen (already open or opening),
/// waiting for it to be found valid; returns the result's text.
async fn check_on_screen(app: &App, path: &std::path::Path) -> Result<String> {
    app.wait_for_text("h1", |t| t == "Check a PDF").await?;
    app.element("pdf-file")
        .await?
        .send_keys(&path.display().to_string())
        .await?;
    app.click("check-file").await?;
    app.wait_for_text("[id=\"check-result\"]", |t| t.contains("Valid"))
        .await
}

#[tokio::test]
async fn two_people_sign_off_the_report_is_saved_through_the_dialog_and_checks_as_valid()
-> Result<()> {
    let harness = Harness::start("sign-off")?;
    let database = harness.scratch_dir().join("signed.sqlite3");
    let saved = harness.scratch_dir().join("northshire-signed.pdf");
    prevent_sa(
        &database,
        &["user", "set", "--name", "Alex Morgan", "--role", "Assessor"],
    )?;
    let id = new_assessment(&database, "2026-11-20")?;
    answer_every_entry(&database, &id, &["1", "C4"])?;

    let app = harness.launch(&database).await?;
    let outcome = async {
        wait_for_start(&app).await?;
        app.click(&format!("assessment-link-{id}")).await?;
        app.wait_for_text("h1", |t| t == ORGANISATION).await?;

        // Complete it in the window, then go to sign-off.
        app.click("check-answers").await?;
        app.click("mark-complete").await?;
        app.wait_for_text("[id=\"completion-heading\"]", |t| t.contains("complete"))
            .await?;
        app.click("sign-off-link").await?;
        app.wait_for_text("h1", |t| t.contains("Sign off")).await?;
        app.axe("sign-off-unsigned").await?;

        // Alex, using the app, records Dr Priya Shah's sign-off: the app asks
        // him to say he is doing so on her behalf.
        app.fill("sign-off-name", "Dr Priya Shah").await?;
        app.fill("sign-off-role", "Accountable Prevent lead")
            .await?;
        app.click("sign-off").await?;
        app.wait_for_text(".nhsuk-error-summary", |t| t.contains("on their behalf"))
            .await?;
        app.axe("sign-off-on-behalf-refused").await?;
        app.screenshot("1-on-behalf-asked").await;
        app.scroll_to("sign-off-form-heading").await?;
        app.screenshot("1-on-behalf-field").await;
        app.click("sign-off-on-behalf").await?;
        app.click("sign-off").await?;
        app.wait_for_text("[id=\"signatories\"]", |t| {
            t.contains("Dr Priya Shah") && t.contains("on behalf of Dr Priya Shah")
        })
        .await?;
        // Then his own, and the form is empty again: never filled in for him.
        assert_eq!(app.value("sign-off-name").await?, "");
        app.fill("sign-off-name", "Alex Morgan").await?;
        app.fill("sign-off-role", "Assessor").await?;
        app.click("sign-off").await?;
        app.wait_for_text("[id=\"signatories\"]", |t| t.contains("Alex Morgan"))
            .await?;
        app.wait_for_text("[id=\"sealed-notice\"]", |t| !t.is_empty())
            .await?;
        app.axe("sign-off-signed").await?;
        app.screenshot("1-signed-off").await;
        app.scroll_to("signatories-heading").await?;
        app.screenshot("1-signatories").await;

        // Download the report through the native save dialog.
        let saving = SaveThroughDialog {
            button: "download-report",
            title: "Save the report",
            shown_in: "report-path",
        };
        saving.save(&app, &harness, &saved).await?;
        app.screenshot("2-saved").await;

        // Check it on the "Check a PDF" screen.
        app.click("check-pdf-link").await?;
        let result = check_on_screen(&app, &saved).await?;
        assert!(result.contains("Dr Priya Shah"), "{result}");
        app.axe("check-valid").await?;
        app.screenshot("3-checked").await;
        Result::Ok(())
    }
    .await;
    app.screenshot("sign-off-end").await;
    app.quit().await?;
    outcome?;

    // The saved file is the sealed report: the CLI agrees, byte for byte.
    let verified = std::process::Command::new(harness::cli_binary()?)
        .args(["--db"])
        .arg(&database)
        .arg("verify")
        .arg(&saved)
        .output()?;
    assert_eq!(
        verified.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&verified.stdout)
    );
    let exported = harness.scratch_dir().join("again.pdf");
    prevent_sa(
        &database,
        &["export-pdf", &id, "--out", &exported.display().to_string()],
    )?;
    assert!(std::fs::read(&exported)? == std::fs::read(&saved)?);
    Ok(())
}

/// The answerable ids of a framework, from the CLI's catalogue.
fn answerable_ids_of(database: &std::path::Path, framework: &str) -> Result<Vec<String>> {
    let catalogue: serde_json::Value =
        serde_json::from_str(&prevent_sa(database, &["catalogue", framework, "--json"])?)?;
    Ok(catalogue["entries"]
        .as_array()
        .ok_or("catalogue")?
        .iter()
        .filter(|e| e["sub_points"].as_array().is_none_or(|s| s.is_empty()))
        .filter_map(|e| e["id"].as_str().map(str::to_owned))
        .collect())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_provider_assessment_started_from_the_toolkit_is_confirmed_signed_and_checked()
-> Result<()> {
    const PROVIDERS: &str = "prevent-core-standards-2024-providers";
    let harness = Harness::start("carry-over")?;
    let database = harness.scratch_dir().join("carry.sqlite3");
    let report = harness.scratch_dir().join("providers-signed.pdf");
    prevent_sa(
        &database,
        &["user", "set", "--name", "Alex Morgan", "--role", "Assessor"],
    )?;
    // Last year's toolkit assessment: item 1 not in place, the rest in place.
    let toolkit = new_assessment(&database, "2025-11-20")?;
    answer_every_entry(&database, &toolkit, &["1"])?;
    // This month's training figures: level 3 short of the 85% minimum.
    for (group, level, headcount, in_date) in [
        ("Estates", "1-2", "40", "38"),
        ("Registered nurses", "3", "133", "95"),
    ] {
        let org = ["--organisation", ORGANISATION];
        prevent_sa(
            &database,
            &[
                &["training", "group", "set"][..],
                &org,
                &["--group", group, "--level", level],
            ]
            .concat(),
        )?;
        prevent_sa(
            &database,
            &[
                &["training", "record"][..],
                &org,
                &[
                    "--as-of",
                    "2026-11-20",
                    "--group",
                    group,
                    "--headcount",
                    headcount,
                    "--in-date",
                    in_date,
                ],
            ]
            .concat(),
        )?;
    }

    let app = harness.launch(&database).await?;
    let outcome = async {
        wait_for_start(&app).await?;
        app.click("start-new-assessment").await?;
        app.wait_for_text("h1", |t| t == "Start a new assessment")
            .await?;
        app.click(&format!("framework-{PROVIDERS}")).await?;
        // Offered once the provider standards are chosen: the toolkit one.
        app.wait_for_text("[id=\"start-from\"]", |t| {
            t.contains("Prevent self-assessment tool for internal use")
        })
        .await?;
        app.element("start-from")
            .await?
            .select_by_value(&toolkit)
            .await?;
        app.axe("new-assessment-start-from").await?;
        app.screenshot("1-start-from").await;
        app.fill("organisation", ORGANISATION).await?;
        app.fill("assessor", "Alex Morgan").await?;
        app.click("create-assessment").await?;
        app.wait_for_text("h1", |t| t == ORGANISATION).await?;
        app.wait_for_text("[id=\"assessment-carried-count\"]", |t| {
            t.contains("carried over from an earlier assessment")
        })
        .await?;
        app.axe("overview-carried").await?;
        app.screenshot("2-overview").await;

        // A carried answer says where it came from; confirm it here.
        app.click("entry-link-P9a").await?;
        let notice = app
            .wait_for_text("[id=\"carried-notice\"]", |t| {
                t.contains("carried over from")
            })
            .await?;
        if !notice.contains("item 1 and checklist entry C15 of the Prevent self-assessment tool") {
            return Err(format!("the notice names where P9a came from: {notice}").into());
        }
        app.axe("carried-answer").await?;
        app.screenshot("3-carried").await;
        app.click("confirm-carried").await?;
        app.wait_for_text("[id=\"carried-status\"]", |t| t.starts_with("Confirmed"))
            .await?;

        // The standard on the 85% minimum shows the figures and proposes
        // its response from them.
        app.click("progress-link-T3").await?;
        let proposal = app
            .wait_for_text("[id=\"entry-training-proposal\"]", |t| {
                t.contains("Proposed response: Not met.")
            })
            .await?;
        if !proposal.contains("level 3: 71.4% in date, 85% required: 19 more staff") {
            return Err(format!("the proposal names the shortfall: {proposal}").into());
        }
        app.axe("training-figures").await?;
        app.scroll_to("entry-training").await?;
        app.screenshot("4-training-figures").await;

        // The training page: each level against the 85% line.
        app.client
            .execute("location.hash = '#/training';", vec![])
            .await?;
        app.wait_for_text("h1", |t| t == "Training compliance")
            .await?;
        let levels = app
            .wait_for_text("[id=\"training-levels-table\"]", |t| t.contains("71.4%"))
            .await?;
        if !levels.contains("below the minimum: 19 more staff needed") {
            return Err(format!("the level 3 shortfall is shown: {levels}").into());
        }
        app.axe("training-page").await?;
        app.screenshot("4-training-page").await;
        Result::Ok(())
    }
    .await;
    if outcome.is_err() {
        app.screenshot("carry-over-failed").await;
        app.quit().await?;
        return outcome;
    }

    // The rest by the CLI beside the window: confirm what else was carried,
    // answer what was not.
    let list: serde_json::Value =
        serde_json::from_str(&prevent_sa(&database, &["list", "--json"])?)?;
    let provider = list
        .as_array()
        .ok_or("list")?
        .iter()
        .find(|s| s["assessment"]["framework_id"] == PROVIDERS)
        .and_then(|s| s["assessment"]["id"].as_str())
        .ok_or("the provider assessment")?
        .to_owned();
    let show: serde_json::Value =
        serde_json::from_str(&prevent_sa(&database, &["show", &provider, "--json"])?)?;
    let carried: Vec<String> = show["review"]["entries"]
        .as_array()
        .ok_or("entries")?
        .iter()
        .filter(|e| !e["carried_from"].is_null())
        .filter_map(|e| e["entry_id"].as_str().map(str::to_owned))
        .collect();
    assert!(
        !carried.contains(&"P9a".to_owned()),
        "confirmed in the window"
    );
    let mut confirm = vec!["confirm", provider.as_str()];
    confirm.extend(carried.iter().map(String::as_str));
    prevent_sa(&database, &confirm)?;
    let answered: Vec<String> = show["answers"]
        .as_array()
        .ok_or("answers")?
        .iter()
        .filter_map(|a| a["entry_id"].as_str().map(str::to_owned))
        .collect();
    for entry in answerable_ids_of(&database, PROVIDERS)? {
        if !answered.contains(&entry) {
            prevent_sa(
                &database,
                &["answer", &provider, &entry, "--response", "met"],
            )?;
        }
    }
    // Met, against the figures' proposal: completion needs the reason why.
    prevent_sa(
        &database,
        &[
            "answer",
            &provider,
            "T3",
            "--response",
            "met",
            "--comment",
            "Level 3 sessions are booked for every ward this month",
        ],
    )?;

    let outcome = async {
        app.client
            .execute(
                &format!("location.hash = '#/assessments/{provider}';"),
                vec![],
            )
            .await?;
        app.wait_for_text("h1", |t| t == ORGANISATION).await?;
        app.click("check-answers").await?;
        app.click("mark-complete").await?;
        app.wait_for_text("[id=\"completion-heading\"]", |t| t.contains("complete"))
            .await?;
        app.click("sign-off-link").await?;
        app.wait_for_text("h1", |t| t.contains("Sign off")).await?;
        app.fill("sign-off-name", "Alex Morgan").await?;
        app.fill("sign-off-role", "Assessor").await?;
        app.click("sign-off").await?;
        app.wait_for_text("[id=\"signatories\"]", |t| t.contains("Alex Morgan"))
            .await?;
        Result::Ok(())
    }
    .await;
    if outcome.is_err() {
        app.screenshot("carry-over-sign-failed").await;
        app.quit().await?;
        return outcome;
    }
    prevent_sa(
        &database,
        &[
            "export-pdf",
            &provider,
            "--out",
            &report.display().to_string(),
        ],
    )?;
    let outcome = async {
        app.click("check-pdf-link").await?;
        app.wait_for_text("h1", |t| t == "Check a PDF").await?;
        app.element("pdf-file")
            .await?
            .send_keys(&report.display().to_string())
            .await?;
        app.click("check-file").await?;
        app.wait_for_text("[id=\"check-result\"]", |t| t.contains("Valid"))
            .await?;
        app.wait_for_text("[id=\"check-framework\"]", |t| {
            t.starts_with("Prevent duty core standards for healthcare providers")
        })
        .await?;
        app.axe("check-valid-providers").await?;
        app.screenshot("5-checked").await;
        Result::Ok(())
    }
    .await;
    app.quit().await?;
    outcome
}

/// A month's training export: level 3 short of the 85% minimum (5 of 8 in
/// date), levels 1 and 2 met (4 of 4). One row has no group.
const TRAINING_EXPORT: &str = "\
Assignment Number,Staff Group,Prevent L1-2 completed,Prevent L3 completed
E-1,Estates,01/06/2026,
E-2,Estates,02/06/2026,
E-3,Estates,03/06/2026,
E-4,Estates,04/06/2026,
N-1,Registered nurses,01/06/2026,01/06/2026
N-2,Registered nurses,01/06/2026,02/06/2026
N-3,Registered nurses,01/06/2026,03/06/2026
N-4,Registered nurses,01/06/2026,04/06/2026
N-5,Registered nurses,01/06/2026,05/06/2026
N-6,Registered nurses,01/06/2026,
N-7,Registered nurses,01/06/2026,
N-8,Registered nurses,01/06/2026,
X-1,,01/06/2026,
";

#[tokio::test(flavor = "multi_thread")]
async fn a_lead_imports_training_sees_the_chart_and_the_standard_and_signs_the_board_report()
-> Result<()> {
    const PROVIDERS: &str = "prevent-core-standards-2024-providers";
    let harness = Harness::start("training-board")?;
    let database = harness.scratch_dir().join("training.sqlite3");
    let export = harness.scratch_dir().join("esr export, november.csv");
    std::fs::write(&export, TRAINING_EXPORT)?;
    let report = harness.scratch_dir().join("board report.pdf");
    prevent_sa(
        &database,
        &[
            "user",
            "set",
            "--name",
            "Alex Morgan",
            "--role",
            "Accountable Prevent lead",
        ],
    )?;
    let provider = prevent_sa(
        &database,
        &[
            "new",
            "--framework",
            PROVIDERS,
            "--organisation",
            ORGANISATION,
            "--assessor",
            "Alex Morgan",
            "--date",
            "2026-11-20",
        ],
    )?
    .trim()
    .to_owned();

    let app = harness.launch(&database).await?;
    let outcome = async {
        wait_for_start(&app).await?;
        // The organisation's staff groups, from the home page.
        app.click("training-link").await?;
        app.wait_for_text("h1", |t| t == "Training compliance")
            .await?;
        app.click("staff-groups-link").await?;
        app.wait_for_text("h1", |t| t.starts_with("Staff groups"))
            .await?;
        for (group, level) in [
            ("Estates", "group-level-basic"),
            ("Registered nurses", "group-level-3"),
        ] {
            app.fill("group-name", group).await?;
            app.click(level).await?;
            app.click("add-group").await?;
            app.wait_for_text("[id=\"groups-status\"]", |t| t.contains(group))
                .await?;
        }
        app.wait_for_text("[id=\"training-groups-table\"]", |t| {
            t.contains("Registered nurses")
        })
        .await?;
        app.axe("training-groups").await?;
        app.screenshot("1-staff-groups").await;

        // Import the export: columns mapped, counts checked, then saved.
        app.click("groups-to-training").await?;
        app.click("import-export-link").await?;
        app.wait_for_text("h1", |t| t == "Import a training export")
            .await?;
        app.wait_for_text("[id=\"import-personal-data\"]", |t| {
            t.contains("never stored")
        })
        .await?;
        app.axe("training-import").await?;
        app.element("export-file")
            .await?
            .send_keys(&export.display().to_string())
            .await?;
        app.click("read-file").await?;
        app.wait_for_text("[id=\"mapping-heading\"]", |t| t.contains("Which column"))
            .await?;
        for (select, column) in [
            ("map-group", "Staff Group"),
            ("map-l12", "Prevent L1-2 completed"),
            ("map-l3", "Prevent L3 completed"),
            ("map-person", "Assignment Number"),
        ] {
            app.element(select).await?.select_by_value(column).await?;
        }
        app.click("count-file").await?;
        let groups = app
            .wait_for_text("[id=\"import-groups\"]", |t| t.contains("62.5%"))
            .await?;
        assert!(groups.contains("Estates"), "{groups}");
        let malformed = app
            .wait_for_text("[id=\"import-malformed\"]", |t| t.contains("14"))
            .await?;
        assert!(
            !malformed.contains("X-1"),
            "no person's value is shown: {malformed}"
        );
        app.axe("training-import-counted").await?;
        app.scroll_to("import-counts-heading").await?;
        app.screenshot("2-import-counted").await;
        app.click("save-import").await?;

        // The chart: level 3 below the line, and the groups below it first.
        app.wait_for_text("h1", |t| t == "Training compliance")
            .await?;
        let levels = app
            .wait_for_text("[id=\"training-levels-table\"]", |t| t.contains("62.5%"))
            .await?;
        assert!(
            levels.contains("below the minimum: 2 more staff needed"),
            "{levels}"
        );
        let sources = app
            .wait_for_text("[id=\"training-sources\"]", |t| t.contains("Imported from"))
            .await?;
        assert!(sources.contains("esr export, november.csv"), "{sources}");
        app.axe("training-after-import").await?;
        app.screenshot("3-training-chart").await;

        // The quarter's summary for the upward return, from the same figures.
        app.click("quarterly-link").await?;
        app.wait_for_text("h1", |t| t == "Quarterly summary")
            .await?;
        app.fill("quarterly-referrals", "2").await?;
        app.click("show-quarterly").await?;
        app.wait_for_text("[id=\"quarterly-rows\"]", |t| t.contains("62.5%"))
            .await?;
        app.axe("training-quarterly").await?;
        app.screenshot("3-quarterly").await;

        // The assessment's standard on the 85% minimum proposes "not met".
        app.client
            .execute(
                &format!("location.hash = '#/assessments/{provider}/entries/T3';"),
                vec![],
            )
            .await?;
        app.wait_for_text("[id=\"entry-training-proposal\"]", |t| {
            t.contains("Proposed response: Not met.")
        })
        .await?;
        app.screenshot("4-standard").await;

        // The report to the board: the year's figures, what people know,
        // signed off and saved through the native dialog.
        app.client
            .execute(
                &format!(
                    "location.hash = '#/board-report?organisation={}';",
                    ORGANISATION.replace(' ', "%20")
                ),
                vec![],
            )
            .await?;
        app.wait_for_text("h1", |t| t == "Annual report to the board")
            .await?;
        app.wait_for_text("[id=\"board-levels-table\"]", |t| t.contains("62.5%"))
            .await?;
        app.axe("board-report").await?;
        app.screenshot("5-board-report").await;
        app.fill("referrals", "4").await?;
        app.fill("incidents", "No significant incidents this year.")
            .await?;
        app.click("resources-partly").await?;
        app.fill(
            "resources-note",
            "A second trainer is needed for level 3 sessions.",
        )
        .await?;
        app.fill("activity", "Prevent awareness week in every division.")
            .await?;
        app.fill("lead", "Alex Morgan").await?;
        // What was typed is kept as the year's draft: away and back, it is there.
        app.wait_for_text("[id=\"board-draft-status\"]", |t| {
            t.starts_with("Draft kept")
        })
        .await?;
        app.client.execute("location.hash = '#/';", vec![]).await?;
        app.click("board-report-link").await?;
        app.wait_for_text("[id=\"board-draft-status\"]", |t| {
            t.starts_with("Started from")
        })
        .await?;
        let kept = app.value("activity").await?;
        assert_eq!(kept, "Prevent awareness week in every division.");
        let saving = SaveThroughDialog {
            button: "sign-board-report",
            title: "Save the report to the board",
            shown_in: "board-path",
        };
        saving.save(&app, &harness, &report).await?;
        app.screenshot("6-board-saved").await;

        // Anyone can check it.
        app.client
            .execute("location.hash = '#/check';", vec![])
            .await?;
        check_on_screen(&app, &report).await?;
        // Shown as a report of a year, not of an assessment.
        app.wait_for_text("[id=\"check-framework\"]", |t| {
            t.starts_with("Annual Prevent report to the board")
        })
        .await?;
        app.wait_for_text("[id=\"check-year\"]", |t| t.len() == 4)
            .await?;
        app.screenshot("7-board-checked").await;
        Result::Ok(())
    }
    .await;
    if outcome.is_err() {
        app.screenshot("training-board-failed").await;
    }
    app.quit().await?;
    outcome?;

    // The CLI agrees: the sealed report verifies, and no person number of
    // the export reached the database.
    let verified = prevent_sa(&database, &["verify", &report.display().to_string()])?;
    assert!(
        verified.contains(&format!(
            "Annual Prevent report to the board: {ORGANISATION}"
        )),
        "{verified}"
    );
    let mut bytes = std::fs::read(&database)?;
    if let Ok(wal) = std::fs::read(database.with_extension("sqlite3-wal")) {
        bytes.extend(wal);
    }
    for person in ["E-1,", "N-8", "01/06/2026"] {
        assert!(
            !bytes.windows(person.len()).any(|w| w == person.as_bytes()),
            "{person} is not stored"
        );
    }
    Ok(())
}

/// The address families of every socket `trace` (an `strace -e trace=socket`
/// log of a process and its children) shows opened.
fn socket_families(trace: &std::path::Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(trace)?;
    Ok(text
        .lines()
        .filter_map(|line| line.split_once("socket(").map(|(_, rest)| rest))
        .filter_map(|rest| rest.split([',', ')']).next())
        .map(str::to_owned)
        .collect())
}

/// Runs `program ARGS…` under strace, returning the families of the sockets
/// it and its children opened. Fails when strace cannot run it.
fn sockets_of(
    trace: &std::path::Path,
    program: &std::path::Path,
    args: &[&str],
    env: &[(&str, &str)],
    limit: Option<u64>,
) -> Result<Vec<String>> {
    let mut command = std::process::Command::new("timeout");
    command
        .arg(limit.map_or("120".to_owned(), |s| s.to_string()))
        .args(["strace", "-f", "-e", "trace=socket", "-o"])
        .arg(trace)
        .arg(program)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    for (key, value) in env {
        command.env(key, value);
    }
    let status = command
        .status()
        .map_err(|e| format!("strace must be installed (cargo xtask setup): {e}"))?;
    // `timeout` ends the app with 124; anything else must be a success.
    if limit.is_none() && !status.success() {
        return Err(format!(
            "{} {args:?} failed under strace: {status}",
            program.display()
        )
        .into());
    }
    socket_families(trace)
}

#[tokio::test]
async fn neither_the_cli_nor_the_app_opens_a_network_socket() -> Result<()> {
    let harness = Harness::start("no-network")?;
    let dir = harness.scratch_dir().to_owned();
    let database = dir.join("offline.sqlite3");
    let cli = harness::cli_binary()?;
    let data = dir.join("cli-data");
    let data = data.to_str().ok_or("path")?;
    let env = [("XDG_DATA_HOME", data)];
    let db = database.to_str().ok_or("path")?;
    let pdf = dir.join("report.pdf");
    let pdf = pdf.to_str().ok_or("path")?;
    let board = dir.join("board.pdf");
    let board = board.to_str().ok_or("path")?;

    // A whole journey through the CLI, each command under strace.
    let mut families = Vec::new();
    let mut run = |step: usize, args: &[&str]| -> Result<()> {
        let mut full = vec!["--db", db];
        full.extend_from_slice(args);
        let trace = dir.join(format!("cli-{step}.trace"));
        families.extend(sockets_of(&trace, &cli, &full, &env, None)?);
        Ok(())
    };
    run(
        1,
        &["user", "set", "--name", "Alex Morgan", "--role", "Assessor"],
    )?;
    // Started and answered untraced (the same commands as below).
    let id = new_assessment(&database, "2026-11-20")?;
    answer_every_entry(&database, &id, &["1"])?;
    run(2, &["complete", &id])?;
    run(
        3,
        &["sign", &id, "--name", "Alex Morgan", "--role", "Assessor"],
    )?;
    run(4, &["export-pdf", &id, "--out", pdf])?;
    run(5, &["verify", pdf])?;
    run(6, &["plan", &id, "--csv"])?;
    run(
        7,
        &[
            "training",
            "group",
            "set",
            "--organisation",
            ORGANISATION,
            "--group",
            "Estates",
            "--level",
            "1-2",
        ],
    )?;
    run(
        8,
        &[
            "training",
            "record",
            "--organisation",
            ORGANISATION,
            "--as-of",
            "2026-11-20",
            "--group",
            "Estates",
            "--headcount",
            "10",
            "--in-date",
            "9",
        ],
    )?;
    run(
        9,
        &[
            "board-report",
            "--organisation",
            ORGANISATION,
            "--year",
            "2026",
            "--lead",
            "Alex Morgan",
            "--out",
            board,
        ],
    )?;
    assert!(std::path::Path::new(board).is_file(), "the journey ran");
    let network: Vec<&String> = families
        .iter()
        .filter(|f| f.starts_with("AF_INET"))
        .collect();
    assert!(
        network.is_empty(),
        "the CLI opened network sockets: {network:?}"
    );

    // The app from start-up until its window has been up for a while,
    // every process it starts (the web view's) included, on a session bus as
    // on a desktop: the one-window-per-file check talks over it (AF_UNIX).
    let app_db = dir.join("app.sqlite3");
    let trace = dir.join("app.trace");
    let display = harness.display();
    let app_data = dir.join("app-data");
    let app_families = sockets_of(
        &trace,
        &harness::app_binary(),
        &["--db", app_db.to_str().ok_or("path")?],
        &[
            ("DISPLAY", display.as_str()),
            ("DBUS_SESSION_BUS_ADDRESS", harness.bus_address()),
            ("XDG_DATA_HOME", app_data.to_str().ok_or("path")?),
        ],
        Some(15),
    )?;
    assert!(app_db.is_file(), "the app started and opened its database");
    assert!(
        app_families.iter().any(|f| f == "AF_UNIX"),
        "strace followed the app (it talks to the X server): {app_families:?}"
    );
    let network: Vec<&String> = app_families
        .iter()
        .filter(|f| f.starts_with("AF_INET"))
        .collect();
    assert!(
        network.is_empty(),
        "the app opened network sockets: {network:?}"
    );
    Ok(())
}

/// How many app processes (`program`) are running on `database`.
fn processes_on(program: &std::path::Path, database: &std::path::Path) -> Result<usize> {
    let program = program.canonicalize()?;
    let database = database.as_os_str().as_encoded_bytes();
    let mut count = 0;
    for entry in std::fs::read_dir("/proc")? {
        let dir = entry?.path();
        let same_program = std::fs::read_link(dir.join("exe")).is_ok_and(|exe| exe == program);
        let on_database = std::fs::read(dir.join("cmdline"))
            .is_ok_and(|line| line.split(|b| *b == 0).any(|arg| arg == database));
        if same_program && on_database {
            count += 1;
        }
    }
    Ok(count)
}

/// Waits up to `limit` for `child` to exit; `None` (and the child killed)
/// when it is still running then.
fn exit_within(
    child: &mut std::process::Child,
    limit: Duration,
) -> Result<Option<std::process::ExitStatus>> {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.kill()?;
    child.wait()?;
    Ok(None)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_start_on_the_same_file_hands_over_to_the_one_window() -> Result<()> {
    let harness = Harness::start("single-window")?;
    let database = harness.scratch_dir().join("one.sqlite3");
    let app = harness.launch(&database).await?;
    wait_for_start(&app).await?;
    let program = harness::app_binary();

    // Started again on the same file (spelt differently), as from the menu.
    let roundabout = harness.scratch_dir().join(".").join("one.sqlite3");
    let started = Instant::now();
    let mut second = harness
        .desktop_command(&program)
        .arg("--db")
        .arg(&roundabout)
        .spawn()?;
    let status = exit_within(&mut second, Duration::from_secs(20))?
        .ok_or("the second start on the same file was still running after 20 s")?;
    let took = started.elapsed();
    eprintln!("the second start handed over and exited in {took:?} ({status})");
    assert!(status.success(), "the second start exits with 0: {status}");
    assert!(took < Duration::from_secs(10), "it exits quickly: {took:?}");
    assert_eq!(
        app.client.windows().await?.len(),
        1,
        "the first app still has exactly one window"
    );
    assert_eq!(processes_on(&program, &database)?, 1, "one app on the file");
    // The first window still answers.
    assert!(app.client.source().await?.contains("user-name"));

    // Another file opens a window of its own beside it.
    let other = harness.scratch_dir().join("other.sqlite3");
    let mut beside = harness
        .desktop_command(&program)
        .arg("--db")
        .arg(&other)
        .spawn()?;
    let still_running = exit_within(&mut beside, Duration::from_secs(5))?.is_none();
    assert!(still_running, "an app on another file keeps running");
    assert!(other.is_file(), "and opened its own file");

    app.quit().await?;
    Ok(())
}
