// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from "@testing-library/preact";
import { afterEach, describe, expect, test, vi } from "vitest";
import { mapProblem } from "../api/problem";
import type { PipelineMember } from "../api/types";
import { MemberCard } from "../screens/pipeline/MemberCard";
import { Field, FormAlert } from "./Field";
import { Meter } from "./widgets";

afterEach(cleanup);

const problem = {
  type: "about:blank",
  title: "",
  status: 422,
  code: "invalid-input",
  detail: "Some fields are not valid; see errors.",
  errors: [
    { field: "shop", code: "invalid", message: "must be the shop's myshopify.com domain" },
    { field: "platform", code: "invalid", message: "must be one of shopify, woocommerce, stripe" },
  ],
};

describe("form fields", () => {
  test("an error is shown beside its field, read with it, and marks it invalid", () => {
    const errors = mapProblem(problem, ["shop"]);
    render(
      <form>
        <Field name="shop" label="Shop domain" hint="The myshopify.com domain." errors={errors}>
          {(p) => <input {...p} />}
        </Field>
        <FormAlert errors={errors} />
      </form>,
    );
    const input = screen.getByLabelText("Shop domain");
    expect(input.getAttribute("aria-invalid")).toBe("true");
    const described = input.getAttribute("aria-describedby")!.split(" ").map((id) => document.getElementById(id)?.textContent);
    expect(described).toEqual(["The myshopify.com domain.", "Must be the shop's myshopify.com domain"]);
    expect(screen.getByRole("alert").textContent).toContain("platform: must be one of shopify, woocommerce, stripe");
  });

  test("a valid field carries no error attributes", () => {
    render(<Field name="name" label="Name" errors={mapProblem(null, ["name"])}>{(p) => <input {...p} />}</Field>);
    const input = screen.getByLabelText("Name");
    expect(input.hasAttribute("aria-invalid")).toBe(false);
    expect(input.hasAttribute("aria-describedby")).toBe(false);
  });
});

describe("Meter", () => {
  test("no value reads as no data, not as zero", () => {
    render(<Meter label="Progress to goal" value={null} />);
    expect(screen.queryByRole("meter")).toBeNull();
    expect(screen.getByText("no data yet")).toBeTruthy();
  });

  test("a share is drawn and named", () => {
    render(<Meter label="Reply rate" value={0.25} />);
    expect(screen.getByRole("meter", { name: "Reply rate" }).getAttribute("aria-valuenow")).toBe("25");
    expect(screen.getByText("25%")).toBeTruthy();
  });
});

describe("pipeline card", () => {
  const member: PipelineMember = {
    workspaceId: "w1",
    campaignId: "c1",
    creatorId: "cr1",
    creatorName: "Lena Trails",
    handles: { tiktok: "lena.trails" },
    stage: "vetted",
    agreedCost: { amount: 45000, currency: "USD" },
    compensation: { model: "flat_fee", currency: "USD" },
    codes: [{ code: "LENA15", connectionId: "k1", assignedAt: "2027-01-02T00:00:00Z" }],
    notes: "Two videos",
    history: [],
    deliverables: [],
    outreach: [],
    relevance: 1,
    revisions: 0,
    addedAt: "2027-01-01T00:00:00Z",
    updatedAt: "2027-01-01T00:00:00Z",
    version: 2,
  };

  test("shows cost, codes and notes", () => {
    render(<MemberCard member={member} editable onMove={() => undefined} onOpen={() => undefined} />);
    const card = screen.getByRole("listitem", { name: "Lena Trails, Vetted" });
    expect(card.textContent).toContain("$450.00");
    expect(card.textContent).toContain("Flat fee");
    expect(card.textContent).toContain("LENA15");
    expect(card.textContent).toContain("Two videos");
  });

  test("moves with the stage menu and with Alt+arrows", () => {
    const onMove = vi.fn();
    render(<MemberCard member={member} editable onMove={onMove} onOpen={() => undefined} />);
    fireEvent.change(screen.getByLabelText("Stage of Lena Trails"), { target: { value: "contracted" } });
    const card = screen.getByRole("listitem");
    fireEvent.keyDown(card, { key: "ArrowRight", altKey: true });
    fireEvent.keyDown(card, { key: "ArrowLeft", altKey: true });
    fireEvent.keyDown(card, { key: "ArrowLeft" });
    expect(onMove.mock.calls).toEqual([["contracted"], ["contacted"], ["shortlisted"]]);
  });

  test("a viewer's card has no stage menu and does not drag", () => {
    render(<MemberCard member={member} editable={false} onMove={() => undefined} onOpen={() => undefined} />);
    expect(screen.queryByLabelText("Stage of Lena Trails")).toBeNull();
    expect(screen.getByRole("listitem").getAttribute("draggable")).not.toBe("true");
  });
});
