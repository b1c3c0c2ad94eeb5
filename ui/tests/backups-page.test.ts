// Backups, restoring one, and the page shown when the database was refused
// at start-up: driven through the real IPC layer with Tauri's `invoke`
// replaced. A restore is confirmed on a page naming the backup's date and
// what it replaces, and then the window starts afresh; a refused file is
// offered its newest good backup or another file; text from files is shown
// as text.

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

const { startApp } = await import("../src/app");
const { windowReload } = await import("../src/lib/router");
import type { BackupView, BackupsScreen, CommandName } from "../src/ipc/api";
import { appInfo, settle } from "./fixtures";

const HOSTILE = "<img src=x onerror=alert(1)>";
const DATABASE = "/home/user/.local/share/prevent-self-assessment/prevent.sqlite3";

function backup(overrides: Partial<BackupView> = {}): BackupView {
  return {
    name: "prevent-2026-12-01T09-30-00Z-daily.sqlite3",
    path: `/home/user/.local/share/prevent-self-assessment/backups/prevent-2026-12-01T09-30-00Z-daily.sqlite3`,
    taken_at: "2026-12-01T09:30:00Z",
    reason: "daily",
    reason_words: "Daily backup",
    bytes: 2_400_000,
    size: "2.3 MB",
    ...overrides,
  };
}

const SIGN_OFF = backup({
  name: "prevent-2026-11-20T14-05-00Z-sign-off.sqlite3",
  taken_at: "2026-11-20T14:05:00Z",
  reason: "sign-off",
  reason_words: "After a sign-off",
});

function screen(backups: BackupView[] = [backup(), SIGN_OFF]): BackupsScreen {
  return {
    database_path: DATABASE,
    folder: "/home/user/.local/share/prevent-self-assessment/backups",
    daily_kept: 10,
    backups,
  };
}

let handlers: Partial<Record<CommandName, (args: unknown) => unknown>>;
let reload: ReturnType<typeof vi.spyOn>;

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) {
    throw new Error(`no #${id}`);
  }
  return el as T;
}

async function settleMany(): Promise<void> {
  for (let i = 0; i < 6; i += 1) {
    await settle();
  }
}

async function start(hash: string): Promise<void> {
  window.history.replaceState(null, "", hash);
  const root = document.createElement("div");
  document.body.append(root);
  await startApp(root);
  await settleMany();
}

beforeEach(() => {
  invoke.mockReset();
  reload = vi.spyOn(windowReload, "reload").mockImplementation(() => undefined);
  handlers = {
    app_info: () => appInfo(),
    list_backups: () => screen(),
  };
  invoke.mockImplementation((command: CommandName, args: unknown) => {
    const handler = handlers[command];
    return handler === undefined
      ? Promise.reject(new Error(`unexpected command ${command}`))
      : Promise.resolve().then(() => handler(args));
  });
});

afterEach(() => {
  reload.mockRestore();
  document.body.replaceChildren();
  window.history.replaceState(null, "", "#");
});

describe("the Backups page", () => {
  it("is linked from the footer, says what is kept and where, and lists each backup newest first", async () => {
    await start("#/backups");
    expect(byId("backups-link").getAttribute("href")).toBe("#/backups");
    expect(document.querySelector("h1")?.textContent).toBe("Backups");
    expect(byId("backups-folder").textContent).toBe(screen().folder);
    expect(document.querySelector("main")?.textContent).toContain("The last 10 daily backups are kept");
    const rows = Array.from(byId("backups-table").querySelectorAll("tbody tr")).map((row) =>
      Array.from(row.children).map((cell) => cell.textContent),
    );
    expect(rows[0]?.slice(0, 3)).toEqual([expect.stringContaining("1 December 2026 at"), "Daily backup", "2.3 MB"]);
    expect(rows[1]?.[1]).toBe("After a sign-off");
    const restore = byId("backups-table").querySelector("a");
    expect(restore?.textContent).toMatch(/^Restore the backup taken on 1 December 2026 at/);
    expect(restore?.getAttribute("href")).toBe(`#/backups/restore?name=${backup().name}`);
  });

  it("says when there are none", async () => {
    handlers.list_backups = () => screen([]);
    await start("#/backups");
    expect(byId("no-backups").textContent).toBe("There are no backups of this file yet.");
  });

  it("makes a backup on request and says so", async () => {
    const made = backup({ name: "prevent-2026-12-03T10-00-00Z-manual.sqlite3", reason: "manual", reason_words: "Made on request", taken_at: "2026-12-03T10:00:00Z" });
    handlers.create_backup = () => {
      handlers.list_backups = () => screen([made, backup(), SIGN_OFF]);
      return made;
    };
    await start("#/backups");
    byId("make-backup").click();
    await settleMany();
    expect(window.location.hash).toBe(`#/backups?made=${made.name}`);
    await settleMany();
    expect(byId("backup-outcome").textContent).toContain("Backup made on 3 December 2026");
    expect(document.activeElement?.id).toBe("backup-outcome");
  });

  it("shows a backup that failed in an error summary, and stays", async () => {
    handlers.create_backup = () => {
      throw { kind: "database", message: "No backup was made in /x/backups: the disk is full." };
    };
    await start("#/backups");
    byId("make-backup").click();
    await settleMany();
    const summary = document.querySelector(".nhsuk-error-summary");
    expect(summary?.textContent).toContain("No backup was made");
    expect(summary?.textContent).toContain("the disk is full");
    expect(document.title).toBe("Error: Backups – Prevent Self-Assessment");
    expect(window.location.hash).toBe("#/backups");
  });

  it("shows names and reasons from the folder as text", async () => {
    handlers.list_backups = () => screen([backup({ reason_words: HOSTILE, size: HOSTILE })]);
    await start("#/backups");
    expect(document.querySelector("main img")).toBeNull();
    expect(byId("backups-table").textContent).toContain(HOSTILE);
  });
});

describe("restoring a backup", () => {
  it("names the backup's date and what is replaced before anything is done", async () => {
    await start(`#/backups/restore?name=${SIGN_OFF.name}`);
    expect(document.querySelector("h1")?.textContent).toMatch(/^Restore the backup taken on 20 November 2026 at .*\?$/);
    expect(byId("restore-replaces").textContent).toContain("Everything in your database file is replaced");
    expect(byId("restore-replaces").textContent).toContain("backed up first, so you can undo this");
    expect(byId("restore-database-path").textContent).toBe(DATABASE);
    expect(byId("cancel-restore").getAttribute("href")).toBe("#/backups");
    expect(invoke).not.toHaveBeenCalledWith("restore_backup", expect.anything());
  });

  it("restores, then starts the window afresh on the list with the way to undo it", async () => {
    const undo = "prevent-2026-12-03T10-00-00Z-before-restore.sqlite3";
    handlers.restore_backup = (args) => {
      expect(args).toEqual({ name: SIGN_OFF.name });
      return { message: "Restored.", undo_with: undo };
    };
    await start(`#/backups/restore?name=${SIGN_OFF.name}`);
    byId("confirm-restore").click();
    await settleMany();
    expect(reload).toHaveBeenCalledTimes(1);
    expect(window.location.hash).toBe(`#/backups?restored=${SIGN_OFF.name}&undo=${undo}`);

    // After the reload: the list says what happened and links the undo.
    document.body.replaceChildren();
    const before = backup({ name: undo, reason: "before-restore", reason_words: "The file as it was before a restore", taken_at: "2026-12-03T10:00:00Z" });
    handlers.list_backups = () => screen([before, backup(), SIGN_OFF]);
    await start(window.location.hash);
    expect(byId("backup-outcome").textContent).toContain("restored from the backup taken on 20 November 2026");
    expect(byId("undo-restore").getAttribute("href")).toBe(`#/backups/restore?name=${undo}`);
  });

  it("keeps the page and says why when the backup is refused", async () => {
    handlers.restore_backup = () => {
      throw { kind: "invalid_input", message: "x.sqlite3 cannot be restored: it fails its check. Nothing was changed." };
    };
    await start(`#/backups/restore?name=${SIGN_OFF.name}`);
    byId("confirm-restore").click();
    await settleMany();
    expect(reload).not.toHaveBeenCalled();
    expect(document.querySelector(".nhsuk-error-summary")?.textContent).toContain("Nothing was changed.");
    expect(document.title.startsWith("Error: ")).toBe(true);
  });

  it("says so when the backup named is not in the folder", async () => {
    await start("#/backups/restore?name=gone.sqlite3");
    expect(document.querySelector("h1")?.textContent).toBe("Backup not found");
    expect(document.getElementById("confirm-restore")).toBeNull();
    expect(byId("backup-not-found").textContent).toContain("It may have been deleted.");
  });
});

describe("a database refused at start-up", () => {
  function refused(kind: "damaged_database" | "newer_database" | "database", message: string): void {
    handlers.app_info = () => appInfo({ startup_error: { kind, message } });
  }

  it("offers the newest good backup, restores it and starts afresh", async () => {
    refused("damaged_database", `The database at ${DATABASE} is damaged (file is not a database). It has not been changed.`);
    handlers.latest_good_backup = () => SIGN_OFF;
    handlers.restore_backup = () => ({ message: "Restored." });
    await start("#/");
    expect(document.querySelector("h1")?.textContent).toBe("The database could not be opened");
    expect(byId("startup-error-path").textContent).toBe(appInfo().database_path);
    expect(document.getElementById("backups-link")).toBeNull();
    expect(byId("recover-heading").textContent).toBe("Restore the latest good backup");
    expect(byId("latest-backup-status").textContent).toMatch(
      /^The newest backup that passes its check was taken on 20 November 2026 at .* \(after a sign-off\)\.$/,
    );
    byId("restore-latest-backup").click();
    await settleMany();
    expect(invoke).toHaveBeenCalledWith("restore_backup", { name: SIGN_OFF.name });
    expect(reload).toHaveBeenCalledTimes(1);
    expect(window.location.hash).toBe(`#/backups?restored=${SIGN_OFF.name}`);
  });

  it("says when no backup passes its check", async () => {
    refused("damaged_database", "damaged");
    handlers.latest_good_backup = () => null;
    await start("#/");
    expect(byId("latest-backup-status").textContent).toContain("There is no backup of this file that passes its check.");
    expect(document.getElementById("restore-latest-backup")).toBeNull();
  });

  it("puts the newer version first for a file from a newer version", async () => {
    refused("newer_database", "It was written by a newer version. Open it with the newer version.");
    handlers.latest_good_backup = () => backup();
    await start("#/");
    expect(byId("recover-heading").textContent).toBe("Or go back to a backup");
  });

  it("offers no backup when the file could not be opened at all, only another file", async () => {
    refused("database", "Cannot open the database at /x: permission denied.");
    await start("#/");
    expect(document.getElementById("recover-heading")).toBeNull();
    expect(byId("open-another-file").textContent).toBe("Open another file");
  });

  it("opens another file and starts afresh; a cancelled dialog changes nothing", async () => {
    refused("damaged_database", "damaged");
    handlers.latest_good_backup = () => null;
    let chosen: string | null = null;
    handlers.open_database_file = () => chosen;
    await start("#/");
    byId("open-another-file").click();
    await settleMany();
    expect(reload).not.toHaveBeenCalled();
    chosen = "/home/user/Documents/prevent.sqlite3";
    byId("open-another-file").click();
    await settleMany();
    expect(reload).toHaveBeenCalledTimes(1);
    expect(window.location.hash).toBe("#/");
  });
});
