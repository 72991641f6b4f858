// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/preact";
import { afterEach, expect, test } from "vitest";
import type { Campaign, PipelineMember } from "../../api/types";
import { json, withApp } from "../../test/app";
import Pipeline from "./Pipeline";

afterEach(cleanup);

const campaign = { id: "c1", name: "Spring", status: "active", budget: { amount: 0, currency: "USD" } } as Campaign;
const lena = {
  creatorId: "cr1", creatorName: "Lena Trails", stage: "shortlisted", version: 1, handles: {}, codes: [],
  agreedCost: { amount: 0, currency: "USD" }, compensation: { model: "flat_fee", flatFee: 0, currency: "USD" }, notes: "",
} as unknown as PipelineMember;

test("a second move of a card waits for the first to be saved, so it never sends a stale version", async () => {
  const sent: { stage: string; ifMatch: string | null }[] = [];
  let answer: (r: Response) => void = () => undefined;
  const mount = withApp(async (r) => {
    if (r.method === "GET") return json(200, { items: [lena] });
    const body = (await r.json()) as { stage: string };
    sent.push({ stage: body.stage, ifMatch: r.headers.get("If-Match") });
    return new Promise<Response>((resolve) => (answer = resolve));
  });
  mount(<Pipeline campaign={campaign} onChange={() => undefined} />);
  const card = await screen.findByRole("listitem", { name: "Lena Trails, Shortlisted" });
  fireEvent.keyDown(card, { key: "ArrowRight", altKey: true });
  await waitFor(() => expect(sent).toHaveLength(1));
  // The board shows the move at once; a second one now is refused in words, not sent.
  fireEvent.keyDown(await screen.findByRole("listitem", { name: /Lena Trails, / }), { key: "ArrowRight", altKey: true });
  await screen.findByText("Still saving the last move of Lena Trails; try again in a moment.");
  expect(sent).toEqual([{ stage: sent[0].stage, ifMatch: '"1"' }]);
  answer(json(200, { ...lena, stage: sent[0].stage, version: 2 }));
  await screen.findByText(/Lena Trails moved to/);
  fireEvent.keyDown(await screen.findByRole("listitem", { name: /Lena Trails, / }), { key: "ArrowRight", altKey: true });
  await waitFor(() => expect(sent).toHaveLength(2));
  expect(sent[1].ifMatch).toBe('"2"');
});
