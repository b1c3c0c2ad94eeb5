// The app: builds the page frame, reads the start-up information, and renders
// the page for the current hash on every hash change. After each page renders
// it sets the window title and moves focus to the page's h1.

import { buildShell, fillFooter, focusProgrammatically, type Shell } from "./components/layout";
import { appInfo, toAppError, type AppInfo } from "./ipc/api";
import { assessmentListPage } from "./pages/list";
import { auditPage } from "./pages/audit";
import { newAssessmentPage } from "./pages/new-assessment";
import { overviewPage } from "./pages/overview";
import { databaseErrorPage, loadFailedPage, notFoundPage, startFailedPage } from "./pages/problem";
import { questionPage } from "./pages/question";
import { isRouteHash, navigate, parseRoute, type Route } from "./lib/router";
import { documentTitle, type PageContext, type PageView } from "./state";

function renderRoute(ctx: PageContext, route: Route): Promise<PageView> | PageView {
  switch (route.name) {
    case "list":
      return assessmentListPage();
    case "new":
      return newAssessmentPage(ctx);
    case "overview":
      return overviewPage(route.id);
    case "audit":
      return auditPage(route.id);
    case "question":
      return questionPage(ctx, route.id, route.entryId);
    case "not-found":
      return notFoundPage();
  }
}

/** Puts a page in the frame, titles the window and focuses the h1. */
export function showPage(shell: Shell, view: PageView): void {
  shell.beforeMain.replaceChildren(...(view.backLink ? [view.backLink] : []));
  shell.main.replaceChildren(view.content);
  shell.main.removeAttribute("aria-busy");
  document.title = documentTitle(view.heading);
  document.documentElement.scrollTop = 0;
  document.body.scrollTop = 0;
  const h1 = shell.main.querySelector("h1");
  if (h1) {
    focusProgrammatically(h1);
  }
}

export interface App {
  shell: Shell;
  info: AppInfo | null;
  /** Renders the page for the current hash (resolves when it is shown). */
  render(): Promise<void>;
}

export async function startApp(root: HTMLElement): Promise<App> {
  const shell = buildShell();
  root.replaceChildren(shell.root);

  let info: AppInfo;
  try {
    info = await appInfo();
  } catch (reason) {
    fillFooter(shell, null, null);
    showPage(shell, startFailedPage(toAppError(reason)));
    return { shell, info: null, render: () => Promise.resolve() };
  }
  fillFooter(shell, info.database_path, info.app_version);

  if (info.startup_error !== null) {
    showPage(shell, databaseErrorPage(info.startup_error, info.database_path));
    return { shell, info, render: () => Promise.resolve() };
  }

  const ctx: PageContext = { info, navigate };
  let latest = 0;
  const render = async (): Promise<void> => {
    const hash = window.location.hash;
    if (!isRouteHash(hash)) {
      return;
    }
    const token = ++latest;
    shell.main.setAttribute("aria-busy", "true");
    let view: PageView;
    try {
      view = await renderRoute(ctx, parseRoute(hash));
    } catch (reason) {
      view = loadFailedPage(toAppError(reason));
    }
    if (token === latest) {
      showPage(shell, view);
    }
  };
  window.addEventListener("hashchange", () => {
    void render();
  });
  await render();
  return { shell, info, render };
}
