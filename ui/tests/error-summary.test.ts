import { afterEach, describe, expect, it } from "vitest";

import { FormErrors, errorSummary } from "../src/components/errors";
import { dateInput, textInput } from "../src/components/fields";
import { h } from "../src/lib/dom";

afterEach(() => {
  document.body.replaceChildren();
});

describe("the error summary", () => {
  it("is an alert headed 'There is a problem' with a link per error", () => {
    const summary = errorSummary([
      { message: "Enter the organisation", href: "#organisation" },
      { message: "Something else" },
    ]);
    expect(summary.querySelector('[role="alert"]')).not.toBeNull();
    expect(summary.querySelector("h2")?.textContent).toBe("There is a problem");
    const items = summary.querySelectorAll("li");
    expect(items[0]?.querySelector("a")?.getAttribute("href")).toBe("#organisation");
    expect(items[1]?.querySelector("a")).toBeNull();
    expect(items[1]?.textContent).toBe("Something else");
  });

  it("moves focus to the field when a link is followed, without changing the route", () => {
    const organisation = textInput({ id: "organisation", label: "Organisation" });
    const summary = errorSummary([{ message: "Enter the organisation", href: "#organisation" }]);
    document.body.append(summary, organisation.group);
    window.location.hash = "#/new";
    const link = summary.querySelector("a")!;
    const event = new MouseEvent("click", { bubbles: true, cancelable: true });
    link.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(organisation.input);
    expect(window.location.hash).toBe("#/new");
  });

  it("links server and client errors to the right inputs and marks the fields", () => {
    const organisation = textInput({ id: "organisation", label: "Organisation" });
    const date = dateInput({
      idPrefix: "assessment-date",
      legend: "Date of assessment",
      value: { day: "", month: "", year: "" },
    });
    const slot = h("div");
    document.body.append(slot, organisation.group, date.group);
    const errors = new FormErrors(slot, {
      organisation: organisation.control,
      assessment_date: date.control,
    });

    const summary = errors.show([
      { field: "organisation", message: "Enter the organisation" },
      { field: "assessment_date", message: "Date of assessment must include a month", parts: ["month"] },
      { field: "framework_id", message: "There is no framework" },
    ]);
    expect(document.activeElement).toBe(summary);
    expect(Array.from(slot.querySelectorAll("li")).map((li) => li.querySelector("a")?.getAttribute("href") ?? null)).toEqual([
      "#organisation",
      "#assessment-date-month",
      null,
    ]);
    expect(organisation.group.classList.contains("nhsuk-form-group--error")).toBe(true);
    expect(document.getElementById("organisation-error")?.textContent).toBe("Error: Enter the organisation");
    expect(date.inputs.month.classList.contains("nhsuk-input--error")).toBe(true);
    expect(date.inputs.day.classList.contains("nhsuk-input--error")).toBe(false);
    expect(date.group.querySelector("fieldset")?.getAttribute("aria-describedby")).toBe("assessment-date-error");

    errors.show([]);
    expect(slot.childElementCount).toBe(0);
    expect(document.getElementById("organisation-error")).toBeNull();
    expect(organisation.input.hasAttribute("aria-describedby")).toBe(false);
    expect(date.inputs.month.classList.contains("nhsuk-input--error")).toBe(false);
  });
});
