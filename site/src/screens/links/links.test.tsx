// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/preact";
import { afterEach, describe, expect, test } from "vitest";
import type { Campaign, PipelineMember } from "../../api/types";
import { json, withApp } from "../../test/app";
import { LinkForm } from "./LinkForm";
import { LinkItem, type Link } from "./LinkItem";

afterEach(cleanup);

const problem = (status: number, body: unknown) => json(status, body, "application/problem+json");

const campaign = { id: "c1", name: "Spring", destinationUrl: "https://trail.example/spring" } as Campaign;
const member = { creatorId: "cr1", creatorName: "Lena Trails", handles: {}, codes: [] } as unknown as PipelineMember;

describe("creating a link", () => {
  test("the API's refusal shows beside the field it names", async () => {
    const mount = withApp(async () =>
      problem(422, {
        type: "about:blank",
        title: "",
        status: 422,
        code: "invalid-input",
        detail: "Some fields are not valid; see errors.",
        errors: [{ field: "slug", code: "slug-reserved", message: "This word is reserved; choose another." }],
      }),
    );
    mount(<LinkForm campaign={campaign} member={member} onCreated={() => undefined} />);
    fireEvent.input(screen.getByLabelText("Vanity slug (optional)"), { target: { value: "api" } });
    fireEvent.click(screen.getByRole("button", { name: "Create link" }));
    await waitFor(() => expect(screen.getByLabelText("Vanity slug (optional)").getAttribute("aria-invalid")).toBe("true"));
    expect(screen.getByText("This word is reserved; choose another.")).toBeTruthy();
    expect(screen.queryByRole("alert")).toBeNull();
  });

  test("a slug in use, which the API answers without a field, shows under the slug too", async () => {
    const mount = withApp(async () =>
      problem(409, { type: "about:blank", title: "", status: 409, code: "link-code-taken", detail: "This code is already used on this domain; choose another." }),
    );
    mount(<LinkForm campaign={campaign} member={member} onCreated={() => undefined} />);
    fireEvent.input(screen.getByLabelText("Vanity slug (optional)"), { target: { value: "lena" } });
    fireEvent.click(screen.getByRole("button", { name: "Create link" }));
    await waitFor(() => expect(screen.getByText("This code is already used on this domain; choose another.")).toBeTruthy());
    expect(screen.getByLabelText("Vanity slug (optional)").getAttribute("aria-invalid")).toBe("true");
  });

  test("sends only what was typed; the API fills in the campaign's destination", async () => {
    let sent = "";
    const mount = withApp(async (r) => {
      sent = await r.text();
      return json(201, { id: "l.ink/abc" });
    });
    const created: unknown[] = [];
    mount(<LinkForm campaign={campaign} member={member} onCreated={(l) => created.push(l)} />);
    fireEvent.click(screen.getByRole("button", { name: "Create link" }));
    await waitFor(() => expect(created).toHaveLength(1));
    expect(JSON.parse(sent)).toEqual({ slug: "", destination: "" });
  });
});

const link: Link = {
  id: "l.ink/abc123",
  url: "https://l.ink/abc123",
  domain: "l.ink",
  code: "abc123",
  vanity: false,
  campaignId: "c1",
  creatorId: "cr1",
  creatorHandle: "lena.trails",
  platform: "tiktok",
  destination: "https://trail.example/spring",
  tracking: {},
  override: {},
  disabled: false,
  archived: false,
  createdAt: "2027-03-01T00:00:00Z",
  version: 3,
};

describe("a link", () => {
  test("disabling sends the version read, and shows the answer", async () => {
    let ifMatch = "";
    const mount = withApp(async (r) => {
      ifMatch = r.headers.get("If-Match") ?? "";
      return json(200, { ...link, disabled: true, version: 4 });
    });
    const changed: Link[] = [];
    mount(<LinkItem link={link} editable onChange={(l) => changed.push(l)} onArchived={() => undefined} />);
    expect(screen.getByLabelText("Short link")).toHaveProperty("value", "https://l.ink/abc123");
    fireEvent.click(screen.getByRole("button", { name: "Disable link" }));
    await waitFor(() => expect(changed).toHaveLength(1));
    expect(ifMatch).toBe('"3"');
    expect(changed[0].disabled).toBe(true);
  });

  test("a viewer sees the link but cannot change it", () => {
    const mount = withApp(async () => json(200, {}), "viewer");
    mount(<LinkItem link={{ ...link, disabled: true }} editable={false} onChange={() => undefined} onArchived={() => undefined} />);
    expect(screen.getByText("Disabled")).toBeTruthy();
    expect(screen.queryByRole("button", { name: /Enable link|Disable link|Archive link/ })).toBeNull();
    expect(screen.getByRole("button", { name: "Clicks and QR code" })).toBeTruthy();
  });
});
