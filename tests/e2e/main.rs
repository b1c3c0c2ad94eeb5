//! End to end on the real app window under Xvfb: what a person does, on a real
//! database file, across a restart of the app, then read back by the CLI.

mod harness;

use fantoccini::key::Key;
use harness::{App, Harness, Result, only_assessment, prevent_sa};

const ORGANISATION: &str = "Northshire Community NHS Trust";
const COMMENT: &str = "No Prevent policy in the estates department yet";

async fn click_label(app: &App, input_id: &str) -> Result<()> {
    let selector = format!("label[for=\"{input_id}\"]");
    app.element(input_id).await?;
    app.client
        .find(fantoccini::Locator::Css(&selector))
        .await?
        .click()
        .await?;
    Ok(())
}

/// Waits for the assessment list, failing at once if the app shows the
/// placeholder page that a build without the UI embeds.
async fn wait_for_home(app: &App) -> Result<()> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while std::time::Instant::now() < deadline {
        let source = app.client.source().await.unwrap_or_default();
        if source.contains("The interface has not been built yet") {
            return Err("the app shows the placeholder page: build the UI before the app (`cargo xtask test` does)".into());
        }
        if source.contains("start-new-assessment") {
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    Err("the assessment list did not appear within 30 s".into())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_answer_survives_a_restart_and_the_cli_sees_it() -> Result<()> {
    let harness = Harness::start("answer-survives-restart")?;
    let database = harness.scratch_dir().join("prevent.sqlite3");

    // First run: create an assessment and answer item 1 as "No" with a comment.
    let app = harness.launch(&database).await?;
    let outcome = first_run(&app).await;
    app.screenshot("1-after-first-run").await;
    app.quit().await?;
    outcome?;

    // Second run on the same file: the answer is there.
    let app = harness.launch(&database).await?;
    let outcome = second_run(&app).await;
    app.screenshot("2-after-restart").await;
    app.quit().await?;
    outcome?;

    // The CLI reads the same file and sees the same answer.
    let detail = only_assessment(&database)?;
    assert_eq!(detail["assessment"]["organisation"], ORGANISATION);
    assert_eq!(detail["answers"][0]["entry_id"], "1");
    assert_eq!(detail["answers"][0]["response"], "no");
    assert_eq!(detail["answers"][0]["comment"], COMMENT);
    assert_eq!(detail["answers"][0]["action_required"], true);
    assert_eq!(detail["answers"][0]["updated_by"], "Sam Lee");

    let id = detail["assessment"]["id"].as_str().ok_or("no id")?;
    let text = prevent_sa(&database, &["show", id])?;
    assert!(text.contains("item 1: No"), "{text}");
    assert!(text.contains(COMMENT), "{text}");
    Ok(())
}

async fn first_run(app: &App) -> Result<()> {
    wait_for_home(app).await?;
    app.wait_for_text("h1", |t| t == "Your assessments").await?;
    app.screenshot("0-empty-list").await;
    app.click("start-new-assessment").await?;

    // Submitting the empty form shows the error summary and writes nothing.
    app.fill("organisation", "").await?;
    app.click("create-assessment").await?;
    app.wait_for_text(".nhsuk-error-summary", |t| {
        t.contains("Enter the organisation")
    })
    .await?;
    app.screenshot("0-new-assessment-errors").await;

    app.fill("organisation", ORGANISATION).await?;
    app.fill("assessor", "Alex Morgan").await?;
    app.fill("assessment-date-day", "20").await?;
    app.fill("assessment-date-month", "11").await?;
    app.fill("assessment-date-year", "2026").await?;
    app.click("create-assessment").await?;
    app.wait_for_text("h1", |t| t == ORGANISATION).await?;
    app.wait_for_text("[id=\"entry-status-1\"]", |t| t == "Not started")
        .await?;
    app.screenshot("0-overview").await;

    app.click("entry-link-1").await?;
    app.wait_for_text("h1", |t| {
        t.starts_with("Policies and procedures are in place")
    })
    .await?;
    click_label(app, "response-no").await?;
    app.fill("comment", COMMENT).await?;
    app.fill("actor", "Sam Lee").await?;
    app.screenshot("1-question-filled").await;
    app.click("save-and-return").await?;
    app.wait_for_text("[id=\"entry-status-1\"]", |t| t == "No")
        .await?;

    // The audit trail shows who changed what, newest first.
    app.click("view-audit-trail").await?;
    let trail = app
        .wait_for_text("[id=\"audit-trail\"]", |t| t.contains(COMMENT))
        .await?;
    assert!(
        trail.contains("Sam Lee") && trail.contains("Alex Morgan"),
        "{trail}"
    );
    assert!(
        trail.contains("Item 1") && trail.contains("Response"),
        "{trail}"
    );
    let newest_row = app
        .wait_for_text("[id=\"audit-trail\"] tbody tr", |t| !t.is_empty())
        .await?;
    assert!(newest_row.contains("Sam Lee"), "newest first: {newest_row}");
    app.screenshot("1-audit-trail").await;
    Ok(())
}

async fn second_run(app: &App) -> Result<()> {
    wait_for_home(app).await?;
    app.wait_for_text("table", |t| {
        t.contains(ORGANISATION) && t.contains("1 of 47")
    })
    .await?;
    app.screenshot("2-list").await;
    let link = app
        .client
        .find(fantoccini::Locator::LinkText(ORGANISATION))
        .await?;
    link.click().await?;
    app.wait_for_text("[id=\"entry-status-1\"]", |t| t == "No")
        .await?;
    app.click("entry-link-1").await?;
    app.element("response-no").await?;
    let selected = app.element("response-no").await?.is_selected().await?;
    assert!(selected, "the saved response is selected again");
    assert_eq!(app.value("comment").await?, COMMENT);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_database_from_a_newer_version_is_explained_and_left_untouched() -> Result<()> {
    let harness = Harness::start("newer-database")?;
    let database = harness.scratch_dir().join("from-the-future.sqlite3");
    prevent_sa(
        &database,
        &[
            "new",
            "--framework",
            "prevent-toolkit-2011",
            "--organisation",
            ORGANISATION,
            "--assessor",
            "Alex Morgan",
            "--date",
            "2026-11-20",
        ],
    )?;
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

/// Presses Tab until the element with `id` has focus, proving it can be reached
/// from the keyboard; fails after `limit` presses.
async fn tab_to(app: &App, id: &str, limit: usize) -> Result<()> {
    for _ in 0..limit {
        let focused = app
            .client
            .execute(
                "return document.activeElement ? document.activeElement.id : ''",
                vec![],
            )
            .await?;
        if focused.as_str() == Some(id) {
            return Ok(());
        }
        press(app, Key::Tab).await?;
    }
    Err(format!("#{id} was not reached with {limit} presses of Tab").into())
}

async fn press(app: &App, key: Key) -> Result<()> {
    app.client
        .active_element()
        .await?
        .send_keys(&key.to_string())
        .await?;
    Ok(())
}

async fn type_text(app: &App, text: &str) -> Result<()> {
    app.client.active_element().await?.send_keys(text).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_assessment_can_be_started_and_answered_from_the_keyboard_alone() -> Result<()> {
    let harness = Harness::start("keyboard-only")?;
    let database = harness.scratch_dir().join("keyboard.sqlite3");
    let app = harness.launch(&database).await?;
    let outcome = async {
        wait_for_home(&app).await?;
        app.wait_for_text("h1", |t| t == "Your assessments").await?;

        tab_to(&app, "start-new-assessment", 10).await?;
        press(&app, Key::Enter).await?;
        app.wait_for_text("h1", |t| t == "Start a new assessment")
            .await?;
        tab_to(&app, "organisation", 10).await?;
        type_text(&app, ORGANISATION).await?;
        press(&app, Key::Tab).await?;
        type_text(&app, "Alex Morgan").await?;
        // The date is prefilled with today; Enter in a field submits the form.
        press(&app, Key::Enter).await?;
        app.wait_for_text("h1", |t| t == ORGANISATION).await?;

        tab_to(&app, "entry-link-1", 20).await?;
        press(&app, Key::Enter).await?;
        app.wait_for_text("h1", |t| t.starts_with("Policies and procedures"))
            .await?;
        // Tab enters the radio group on its first option; arrows move the choice.
        tab_to(&app, "response-yes", 10).await?;
        press(&app, Key::Down).await?;
        press(&app, Key::Down).await?;
        tab_to(&app, "comment", 10).await?;
        type_text(&app, COMMENT).await?;
        tab_to(&app, "actor", 10).await?;
        type_text(&app, "Sam Lee").await?;
        tab_to(&app, "save-and-return", 5).await?;
        press(&app, Key::Enter).await?;
        app.wait_for_text("[id=\"entry-status-1\"]", |t| t == "No")
            .await?;
        Result::Ok(())
    }
    .await;
    app.screenshot("keyboard-only").await;
    app.quit().await?;
    outcome?;

    let detail = only_assessment(&database)?;
    assert_eq!(detail["answers"][0]["response"], "no");
    assert_eq!(detail["answers"][0]["comment"], COMMENT);
    Ok(())
}
