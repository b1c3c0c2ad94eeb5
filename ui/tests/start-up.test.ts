// Start-up, seen from the IPC boundary: which commands the window sends, in
// what order, before its first screen. (The other page tests mock the typed
// layer; this one mocks only Tauri's `invoke`, below it.)

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { appInfo, assessmentPageOf, assessmentSummary } from "./fixtures";

const invoke = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

const { startApp } = await import("../src/app");
type App = Awaited<ReturnType<typeof startApp>>;

/** A promise and the function that settles it, for answers held back until the test says. */
function held<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

describe("starting the app", () => {
  let app: App | null = null;

  beforeEach(() => {
    invoke.mockReset();
    document.body.replaceChildren();
  });

  afterEach(() => {
    app?.stop();
    app = null;
  });

  function mount(hash: string): HTMLElement {
    window.history.replaceState(null, "", hash === "" ? window.location.pathname : hash);
    const root = document.createElement("div");
    document.body.append(root);
    return root;
  }

  it("asks for the home list alongside the start-up information, and once", async () => {
    const info = held<unknown>();
    invoke.mockImplementation((command: string) => {
      if (command === "app_info") {
        return info.promise;
      }
      if (command === "list_assessment_page") {
        return Promise.resolve(assessmentPageOf([assessmentSummary(5)]));
      }
      return Promise.reject(new Error(`unexpected command ${command}`));
    });
    const root = mount("#/?page=1");
    const starting = startApp(root);
    // Both are on their way before either has answered.
    expect(invoke.mock.calls.map(([command]) => command)).toEqual(["list_assessment_page", "app_info"]);
    // Nothing is drawn until the first page is ready: no empty frame first.
    expect(root.childElementCount).toBe(0);
    info.resolve(appInfo());
    app = await starting;
    expect(document.querySelector("h1")?.textContent).toBe("Your assessments");
    expect(invoke.mock.calls.filter(([command]) => command === "list_assessment_page")).toEqual([
      ["list_assessment_page", { page: 1 }],
    ]);
    expect(root.contains(app.shell.root)).toBe(true);
  });

  it("asks for nothing early when it opens on another page", async () => {
    invoke.mockImplementation((command: string) =>
      command === "app_info" ? Promise.resolve(appInfo()) : Promise.reject(new Error("not needed here")),
    );
    app = await startApp(mount("#/check"));
    expect(invoke.mock.calls.map(([command]) => command)).not.toContain("list_assessment_page");
    expect(invoke.mock.calls[0]?.[0]).toBe("app_info");
    expect(document.querySelector("h1")?.textContent).not.toBe("Your assessments");
    expect(document.querySelector("h1")?.textContent).not.toBe("Page not found");
  });

  it("drops the early answer when the first start asks who is using the app, and asks afresh later", async () => {
    invoke.mockImplementation((command: string) => {
      if (command === "app_info") {
        return Promise.resolve(appInfo({ user: null }));
      }
      if (command === "list_assessment_page") {
        return Promise.resolve(assessmentPageOf([]));
      }
      return Promise.reject(new Error(`unexpected command ${command}`));
    });
    app = await startApp(mount(""));
    expect(window.location.hash).toBe("#/you");
    expect(invoke.mock.calls.map(([command]) => command)).toEqual(["list_assessment_page", "app_info"]);
    // The person says who they are (the "you" page records it in the start-up information).
    if (app.info) {
      app.info.user = { name: "Sam Lee", role: "Safeguarding lead" };
    }
    window.history.replaceState(null, "", "#/");
    await app.render();
    expect(document.querySelector("h1")?.textContent).toBe("Your assessments");
    expect(invoke.mock.calls.map(([command]) => command)).toEqual([
      "list_assessment_page",
      "app_info",
      "list_assessment_page",
    ]);
  });
});
