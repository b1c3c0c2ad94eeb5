// The app: builds the page frame, reads the start-up information, and renders
// the page for the current hash on every hash change. After each page renders
// it sets the window title and moves focus to the page's h1 (or to what the
// page asks, such as an error summary).
//
// Until the person has said who they are (`info.user` is null), every route
// shows the "you" page first; once they have, it continues to where they were
// going.

import { buildShell, fillFooter, fillUser, focusProgrammatically, showStorageWarning, type Shell } from "./components/layout";
import { appInfo, askEarly, forgetEarly, toAppError, type AppInfo } from "./ipc/api";
import { assessmentListPage } from "./pages/list";
import { databaseErrorPage, loadFailedPage, notFoundPage, startFailedPage } from "./pages/problem";
import { youPage } from "./pages/you";
import { allSaved } from "./lib/autosave";
import { isRouteHash, navigate, parseRoute, paths, type Route } from "./lib/router";
import { documentTitle, type PageContext, type PageView } from "./state";

// The pages a start can open on (home, "who are you", the problem pages) are
// in the first script; every other page is its own module, loaded when first
// visited. The window parses a third of the code before its first screen.
function renderRoute(ctx: PageContext, route: Route): Promise<PageView> | PageView {
  switch (route.name) {
    case "list":
      return assessmentListPage(ctx, route.page);
    case "you":
      return youPage(ctx);
    case "new":
      return import("./pages/new-assessment").then((page) => page.newAssessmentPage(ctx));
    case "overview":
      return import("./pages/overview").then((page) => page.overviewPage(route.id));
    case "audit":
      return import("./pages/audit").then((page) => page.auditPage(route.id));
    case "review":
      return import("./pages/review").then((page) => page.reviewPage(route.id));
    case "sign-off":
      return import("./pages/sign-off").then((page) => page.signOffPage(ctx, route.id));
    case "check":
      return import("./pages/check-pdf").then((page) => page.checkPdfPage());
    case "backups":
      return import("./pages/backups").then((page) => page.backupsPage(route));
    case "restore-backup":
      return import("./pages/backups").then((page) => page.restoreBackupPage(route.backup));
    case "training":
      return import("./pages/training").then((page) => page.trainingPage(route.organisation));
    case "training-groups":
      return import("./pages/training-groups").then((page) => page.trainingGroupsPage(route.organisation));
    case "training-record":
      return import("./pages/training-record").then((page) => page.trainingRecordPage(route.organisation));
    case "training-import":
      return import("./pages/training-import").then((page) => page.trainingImportPage(route.organisation));
    case "training-quarterly":
      return import("./pages/training-quarterly").then((page) => page.trainingQuarterlyPage(route.organisation));
    case "board-report":
      return import("./pages/board-report").then((page) => page.boardReportPage(ctx, route.organisation, route.year));
    case "question":
      return import("./pages/question").then((page) => page.questionPage(ctx, route.id, route.entryId, route.field));
    case "plan":
      return import("./pages/plan").then((page) => page.planPage(route.id, route.filter));
    case "dashboard":
      return import("./pages/dashboard").then((page) => page.dashboardPage(ctx, route.filter));
    case "action":
      return import("./pages/action").then((page) => page.actionPage(ctx, route));
    case "not-found":
      return notFoundPage();
  }
}

/** Puts a page in the frame, titles the window and moves focus. */
export function showPage(shell: Shell, view: PageView): void {
  shell.beforeMain.replaceChildren(...(view.backLink ? [view.backLink] : []));
  shell.beforeMain.hidden = !view.backLink;
  shell.main.replaceChildren(view.content);
  shell.main.removeAttribute("aria-busy");
  document.title = documentTitle(view.heading, view.hasErrors === true);
  document.documentElement.scrollTop = 0;
  document.body.scrollTop = 0;
  const target = view.focus ?? shell.main.querySelector("h1");
  if (target) {
    focusProgrammatically(target);
  }
}

export interface App {
  shell: Shell;
  info: AppInfo | null;
  /** Renders the page for the current hash (resolves when it is shown). */
  render(): Promise<void>;
  /** Stops following hash changes (for tests). */
  stop(): void;
}

/** Replaces the current hash without a new history entry or a hashchange. */
function replaceHash(hash: string): void {
  window.history.replaceState(window.history.state, "", hash);
}

export async function startApp(root: HTMLElement): Promise<App> {
  // The frame goes into the document with its first page, not before: one
  // layout and paint of the whole first screen rather than one for an empty
  // frame while the page's data is on its way, then another (cold start).
  const shell = buildShell();
  const attach = (): void => {
    if (!shell.root.isConnected) {
      root.replaceChildren(shell.root);
    }
  };

  // Opening on the home list (as almost every start does): its data is asked
  // for now, alongside the start-up information, not after it.
  const firstHash = window.location.hash;
  if (isRouteHash(firstHash)) {
    const first = parseRoute(firstHash);
    if (first.name === "list") {
      askEarly("list_assessment_page", { page: first.page });
    }
  }

  let info: AppInfo;
  try {
    info = await appInfo();
  } catch (reason) {
    forgetEarly();
    fillFooter(shell, null, null);
    attach();
    showPage(shell, startFailedPage(toAppError(reason)));
    return { shell, info: null, render: () => Promise.resolve(), stop: () => undefined };
  }
  fillFooter(shell, info.database_path, info.app_version, { backupsLink: info.startup_error === null });
  showStorageWarning(shell, info.storage_warning);

  if (info.startup_error !== null) {
    forgetEarly();
    attach();
    showPage(shell, databaseErrorPage(info.startup_error, info.database_path));
    return { shell, info, render: () => Promise.resolve(), stop: () => undefined };
  }

  const ctx: PageContext = { info, navigate, returnTo: null };
  /** The last page shown other than the "you" page: where "Change" comes back to. */
  let lastPage: string | null = null;
  let latest = 0;
  const render = async (): Promise<void> => {
    let hash = window.location.hash;
    if (!isRouteHash(hash)) {
      return;
    }
    let route = parseRoute(hash);
    if (route.name === "you") {
      ctx.returnTo ??= lastPage;
    } else if (ctx.info.user === null) {
      // First start: ask who is using the app, then carry on to this page.
      ctx.returnTo = route.name === "list" ? null : hash;
      hash = paths.you();
      replaceHash(hash);
      route = parseRoute(hash);
    }
    const token = ++latest;
    shell.main.setAttribute("aria-busy", "true");
    let view: PageView;
    try {
      // A save still in flight (a progress-list link, Back) lands before any page reads.
      await allSaved();
      view = await renderRoute(ctx, route);
    } catch (reason) {
      view = loadFailedPage(toAppError(reason));
    }
    if (token === latest) {
      fillUser(shell, ctx.info.user);
      attach();
      showPage(shell, view);
      if (route.name !== "you") {
        lastPage = hash === "" || hash === "#" ? paths.list() : hash;
        ctx.returnTo = null;
      }
    }
  };
  const onHashChange = (): void => {
    void render();
  };
  window.addEventListener("hashchange", onHashChange);
  await render();
  attach();
  forgetEarly();
  return { shell, info, render, stop: () => window.removeEventListener("hashchange", onHashChange) };
}
