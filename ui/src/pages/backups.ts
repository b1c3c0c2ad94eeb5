// Backups (#/backups) and restoring one (#/backups/restore?name=…). The app
// backs the database file up by itself (before it updates the file to a new
// version, after every sign-off, once a day while in use); this page lists
// those backups, makes one on request, and restores one after a page that
// names its date and says what will be replaced. A restore backs the current
// file up first, so the page after it offers the way back. After a restore
// the window starts afresh: what it had read belonged to the replaced file.

import { errorSummary } from "../components/errors";
import { backLink, focusProgrammatically, notificationBanner, pageGrid, summaryList, table } from "../components/layout";
import {
  createBackup,
  listBackups,
  restoreBackup,
  toAppError,
  type BackupView,
  type BackupsScreen,
} from "../ipc/api";
import { formatDateTimeToSecond } from "../lib/dates";
import { h, visuallyHidden } from "../lib/dom";
import { navigate, paths, reloadAt } from "../lib/router";
import { documentTitle, type PageView } from "../state";

export const BACKUPS_HEADING = "Backups";

/**
 * "20 November 2026 at 2:05:09pm": the backup's time in the computer's time
 * zone, to the second, as backups can be taken moments apart.
 */
export function backupTaken(backup: BackupView): string {
  return formatDateTimeToSecond(backup.taken_at);
}

/**
 * A button that runs `action` once at a time and says so while it runs
 * ("Restoring…"); when the action fails, the button is ready again and
 * `failed` shows why.
 */
export function oneAtATimeButton(options: {
  id: string;
  text: string;
  busyText: string;
  kind: "warning" | "secondary";
  action: () => Promise<void>;
  failed: (reason: unknown) => void;
}): HTMLButtonElement {
  let busy = false;
  const button: HTMLButtonElement = h(
    "button",
    {
      class: ["nhsuk-button", `nhsuk-button--${options.kind}`],
      type: "button",
      id: options.id,
      onClick: () => {
        if (busy) {
          return;
        }
        busy = true;
        button.setAttribute("aria-disabled", "true");
        button.textContent = options.busyText;
        const ready = (): void => {
          busy = false;
          button.removeAttribute("aria-disabled");
          button.textContent = options.text;
        };
        options.action().then(ready, (reason: unknown) => {
          ready();
          options.failed(reason);
        });
      },
    },
    options.text,
  );
  return button;
}

/** Restores the backup `name`, then starts the window afresh on the Backups page saying so. */
export async function restoreAndStartAfresh(name: string): Promise<void> {
  const summary = await restoreBackup(name);
  reloadAt(paths.backups({ restored: name, undo: summary.undo_with }));
}

/** Shows a failed action's message in an error summary in `slot`, and focuses it. */
export function showFailure(slot: HTMLElement, title: string, reason: unknown, heading?: string): void {
  const summary = errorSummary([{ message: toAppError(reason).message }], { title });
  slot.replaceChildren(summary);
  if (heading !== undefined) {
    document.title = documentTitle(heading, true);
  }
  focusProgrammatically(summary);
}

function whatIsKept(screen: BackupsScreen): HTMLElement {
  return h(
    "div",
    null,
    h(
      "p",
      { class: "nhsuk-body" },
      "The app backs up your database file by itself: before it updates the file for a new version of the app, " +
        "after every sign-off, and once a day while you use it. You can also make a backup at any time.",
    ),
    h(
      "p",
      { class: "nhsuk-body" },
      `The last ${screen.daily_kept} daily backups are kept; every other backup is kept until you delete it. ` +
        "Backups are kept in this folder: ",
      h("span", { class: "app-path", id: "backups-folder" }, screen.folder),
    ),
  );
}

/** What a finished restore, or a backup made, did: shown at the top of the list. */
function outcomeBanner(
  screen: BackupsScreen,
  outcome: { restored: string | null; undo: string | null; made: string | null },
): HTMLElement | null {
  const named = (name: string | null): BackupView | undefined =>
    name === null ? undefined : screen.backups.find((backup) => backup.name === name);
  if (outcome.restored !== null) {
    const restored = named(outcome.restored);
    const undo = named(outcome.undo);
    return notificationBanner({
      id: "backup-outcome",
      title: "Success",
      heading:
        restored === undefined
          ? `Your database has been restored from ${outcome.restored}`
          : `Your database has been restored from the backup taken on ${backupTaken(restored)}`,
      body:
        undo === undefined
          ? null
          : h(
              "p",
              { class: "nhsuk-body" },
              "The file as it was just before is kept as a backup. To undo this restore, ",
              h(
                "a",
                { class: "nhsuk-link", id: "undo-restore", href: paths.restoreBackup(undo.name) },
                "restore the backup taken on ",
                backupTaken(undo),
              ),
              ".",
            ),
      success: true,
    });
  }
  const made = named(outcome.made);
  if (made !== undefined) {
    return notificationBanner({
      id: "backup-outcome",
      title: "Success",
      heading: `Backup made on ${backupTaken(made)}`,
      body: h("p", { class: "nhsuk-body" }, "It has been checked and can be restored."),
      success: true,
    });
  }
  return null;
}

function backupsTable(backups: readonly BackupView[]): HTMLElement {
  if (backups.length === 0) {
    return h("p", { class: "nhsuk-body", id: "no-backups" }, "There are no backups of this file yet.");
  }
  return table({
    caption: "Backups of this file, newest first",
    captionClass: "nhsuk-table__caption--m",
    headings: ["Taken", "Why", "Size", "Action"],
    id: "backups-table",
    extraClass: "app-backups-table",
    rows: backups.map((backup) => [
      backupTaken(backup),
      backup.reason_words,
      backup.size,
      h(
        "a",
        { class: "nhsuk-link", href: paths.restoreBackup(backup.name), "data-backup": backup.name },
        "Restore",
        visuallyHidden(` the backup taken on ${backupTaken(backup)}`),
      ),
    ]),
  });
}

export async function backupsPage(outcome: {
  restored: string | null;
  undo: string | null;
  made: string | null;
}): Promise<PageView> {
  const screen = await listBackups();
  const banner = outcomeBanner(screen, outcome);
  const problem = h("div", { class: "app-error-summary-slot" });
  const makeButton = oneAtATimeButton({
    id: "make-backup",
    text: "Make a backup now",
    busyText: "Making a backup…",
    kind: "secondary",
    action: async () => navigate(paths.backups({ made: (await createBackup()).name })),
    failed: (reason) => showFailure(problem, "No backup was made", reason, BACKUPS_HEADING),
  });
  return {
    heading: BACKUPS_HEADING,
    backLink: backLink(paths.list(), "Back to your assessments"),
    focus: banner,
    content: pageGrid(
      "full",
      banner,
      problem,
      h("h1", null, BACKUPS_HEADING),
      whatIsKept(screen),
      makeButton,
      backupsTable(screen.backups),
    ),
  };
}

/** The page that names the backup and what it replaces, before restoring it. */
export async function restoreBackupPage(name: string | null): Promise<PageView> {
  const screen = await listBackups();
  const backup = name === null ? undefined : screen.backups.find((b) => b.name === name);
  if (backup === undefined) {
    const heading = "Backup not found";
    return {
      heading,
      backLink: backLink(paths.backups(), "Back to backups"),
      content: pageGrid(
        "two-thirds",
        h("h1", null, heading),
        h(
          "p",
          { class: "nhsuk-body", id: "backup-not-found" },
          "There is no backup with that name in the backups folder. It may have been deleted.",
        ),
        h("p", { class: "nhsuk-body" }, h("a", { class: "nhsuk-link", href: paths.backups() }, "See the backups there are")),
      ),
    };
  }
  const taken = backupTaken(backup);
  const heading = `Restore the backup taken on ${taken}?`;
  const problem = h("div", { class: "app-error-summary-slot" });
  const restoreButton = oneAtATimeButton({
    id: "confirm-restore",
    text: "Restore this backup",
    busyText: "Restoring…",
    kind: "warning",
    action: () => restoreAndStartAfresh(backup.name),
    failed: (reason) => showFailure(problem, "The backup was not restored", reason, heading),
  });
  return {
    heading,
    backLink: backLink(paths.backups(), "Back to backups"),
    content: pageGrid(
      "two-thirds",
      problem,
      h("h1", null, heading),
      summaryList(
        [
          { key: "Taken", value: taken, valueId: "restore-taken" },
          { key: "Why", value: backup.reason_words },
          { key: "Size", value: backup.size },
          { key: "File", value: h("span", { class: "app-path" }, backup.name) },
        ],
        { id: "restore-backup-details" },
      ),
      h(
        "div",
        { class: "nhsuk-warning-callout", id: "restore-replaces" },
        h(
          "h2",
          { class: "nhsuk-warning-callout__label" },
          h("span", { role: "text" }, visuallyHidden("Important: "), "What will be replaced"),
        ),
        h(
          "p",
          null,
          "Everything in your database file is replaced by what it held on ",
          taken,
          ": every assessment, answer, action, sign-off and training figure. Anything added or changed since " +
            "then will not be shown. The file is: ",
          h("span", { class: "app-path", id: "restore-database-path" }, screen.database_path),
        ),
        h(
          "p",
          null,
          "The file as it is now is backed up first, so you can undo this by restoring that backup.",
        ),
      ),
      h(
        "div",
        { class: "nhsuk-button-group" },
        restoreButton,
        h("a", { class: "nhsuk-link", id: "cancel-restore", href: paths.backups() }, "Cancel"),
      ),
    ),
  };
}
