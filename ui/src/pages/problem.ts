// Pages shown instead of content: the database could not be opened at start-up,
// a page that does not exist, or a page that could not be loaded.

import { pageGrid } from "../components/layout";
import { latestGoodBackup, openDatabaseFile, toAppError, type AppError } from "../ipc/api";
import { h } from "../lib/dom";
import { paths, reloadAt } from "../lib/router";
import { backupTaken, oneAtATimeButton, restoreAndStartAfresh, showFailure } from "./backups";
import type { PageView } from "../state";

/**
 * Shown (and nothing else) when the app started but its database could not
 * be opened: what is wrong, where the file is, and the way on. A file the
 * app refused (damaged, not one of its files, from a newer version) was left
 * untouched; the page offers its newest backup that passes its check, or
 * another file. Either starts the window afresh.
 */
export function databaseErrorPage(error: AppError, databasePath: string): PageView {
  const heading = "The database could not be opened";
  const refused = error.kind === "damaged_database" || error.kind === "newer_database";
  return {
    heading,
    content: pageGrid(
      "two-thirds",
      h("h1", null, heading),
      h("p", { class: "nhsuk-body", id: "startup-error-message" }, error.message),
      h(
        "p",
        { class: "nhsuk-body" },
        "Database file: ",
        h("span", { class: "app-path", id: "startup-error-path" }, databasePath),
      ),
      refused ? recoverFromBackup(error) : null,
      openAnotherFile(),
    ),
  };
}

function recoverFromBackup(error: AppError): HTMLElement {
  const body = h(
    "p",
    { class: "nhsuk-body", id: "latest-backup-status", role: "status" },
    "Looking for the newest backup that passes its check…",
  );
  const problem = h("div", { class: "app-error-summary-slot" });
  const section = h(
    "section",
    { "aria-labelledby": "recover-heading" },
    h(
      "h2",
      { class: "nhsuk-heading-m", id: "recover-heading" },
      error.kind === "newer_database" ? "Or go back to a backup" : "Restore the latest good backup",
    ),
    problem,
    body,
  );
  latestGoodBackup()
    .then((backup) => {
      if (backup === null) {
        body.replaceChildren(
          "There is no backup of this file that passes its check. If you have a copy of the file elsewhere, open it instead.",
        );
        return;
      }
      const taken = backupTaken(backup);
      const button = oneAtATimeButton({
        id: "restore-latest-backup",
        text: "Restore this backup",
        busyText: "Restoring…",
        kind: "warning",
        action: () => restoreAndStartAfresh(backup.name),
        failed: (reason) => showFailure(problem, "The backup was not restored", reason),
      });
      body.replaceWith(
        h(
          "div",
          { id: "latest-backup" },
          h(
            "p",
            { class: "nhsuk-body", id: "latest-backup-status" },
            `The newest backup that passes its check was taken on ${taken} (${backup.reason_words.toLowerCase()}).`,
          ),
          h(
            "p",
            { class: "nhsuk-body" },
            `Restoring it replaces what is in the database file with what it held on ${taken}. ` +
              "The file as it is now is kept: backed up if it can still be read, otherwise moved aside beside it, unchanged.",
          ),
          button,
        ),
      );
    })
    .catch((reason: unknown) => {
      body.replaceChildren(`The backups could not be read. ${toAppError(reason).message}`);
    });
  return section;
}

function openAnotherFile(): HTMLElement {
  const problem = h("div", { class: "app-error-summary-slot" });
  const button = oneAtATimeButton({
    id: "open-another-file",
    text: "Open another file",
    busyText: "Open another file",
    kind: "secondary",
    action: async () => {
      if ((await openDatabaseFile()) !== null) {
        reloadAt(paths.list());
      }
    },
    failed: (reason) => showFailure(problem, "The file was not opened", reason),
  });
  return h(
    "section",
    { "aria-labelledby": "open-another-heading" },
    h("h2", { class: "nhsuk-heading-m", id: "open-another-heading" }, "Open another file"),
    problem,
    h(
      "p",
      { class: "nhsuk-body" },
      "If your database is kept somewhere else, open that file instead. Nothing in this file is changed. " +
        "To open another file every time the app starts, start it with --db followed by the file's path.",
    ),
    button,
  );
}

/** Shown when the app cannot reach its own back end at all. */
export function startFailedPage(error: AppError): PageView {
  const heading = "The app could not start";
  return {
    heading,
    content: pageGrid(
      "two-thirds",
      h("h1", null, heading),
      h("p", { class: "nhsuk-body" }, error.message),
      h("p", { class: "nhsuk-body" }, "Close the app and open it again."),
    ),
  };
}

export function notFoundPage(): PageView {
  const heading = "Page not found";
  return {
    heading,
    content: h(
      "div",
      null,
      h("h1", null, heading),
      h("p", { class: "nhsuk-body" }, h("a", { class: "nhsuk-link", href: paths.list() }, "Go to your assessments")),
    ),
  };
}

/** Shown when a page's data could not be loaded: the app's message, as written. */
export function loadFailedPage(error: AppError): PageView {
  const heading = error.kind === "not_found" ? "Not found" : "Sorry, there is a problem";
  return {
    heading,
    content: pageGrid(
      "two-thirds",
      h("h1", null, heading),
      h("p", { class: "nhsuk-body", id: "load-error-message" }, error.message),
      h("p", { class: "nhsuk-body" }, h("a", { class: "nhsuk-link", href: paths.list() }, "Go to your assessments")),
    ),
  };
}
