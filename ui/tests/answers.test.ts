import { describe, expect, it } from "vitest";

import { buildAnswerInput, charCount, defaultActionRequired } from "../src/lib/answers";

describe("defaultActionRequired", () => {
  it("needs action for partial and no, not for yes and N/A", () => {
    expect(defaultActionRequired("partial")).toBe(true);
    expect(defaultActionRequired("no")).toBe(true);
    expect(defaultActionRequired("yes")).toBe(false);
    expect(defaultActionRequired("na")).toBe(false);
  });
});

describe("buildAnswerInput", () => {
  const base = {
    naReason: "We have no premises",
    actionRequired: true,
    comment: "",
    lead: "Head of safeguarding",
    dueDate: "",
  };

  it("sends every field explicitly, leaving the reason out unless the answer is N/A", () => {
    const input = buildAnswerInput({ ...base, response: "partial" });
    expect(input).toEqual({
      response: "partial",
      action_required: true,
      comment: "",
      lead: "Head of safeguarding",
      due_date: "",
    });
    expect("na_reason" in input).toBe(false);
  });

  it("sends the reason with N/A", () => {
    expect(buildAnswerInput({ ...base, response: "na", actionRequired: false })).toEqual({
      response: "na",
      na_reason: "We have no premises",
      action_required: false,
      comment: "",
      lead: "Head of safeguarding",
      due_date: "",
    });
  });

  it("falls back to the response's default when action required is unset", () => {
    expect(buildAnswerInput({ ...base, response: "no", actionRequired: null }).action_required).toBe(true);
    expect(buildAnswerInput({ ...base, response: "yes", actionRequired: null }).action_required).toBe(false);
  });
});

describe("charCount", () => {
  it("counts characters as the app does, not UTF-16 units", () => {
    expect(charCount("abc")).toBe(3);
    expect(charCount("😀é")).toBe(2);
  });
});
