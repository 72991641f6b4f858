import type { Post } from "../screens/content/posts";

/** samplePost is a tracked TikTok post of creator cr1 in campaign c1, with over applied. */
export const samplePost = (over: Partial<Post> = {}): Post => ({
  id: "tiktok#123",
  workspaceId: "w1",
  campaignId: "c1",
  creatorId: "cr1",
  platform: "tiktok",
  postId: "123",
  url: "https://www.tiktok.com/@lena/video/123",
  addedAt: "2027-03-01T00:00:00Z",
  addedBy: "ana@trail.example",
  pull: { status: "pulled", failures: 0 },
  recent: { at: [], views: [] },
  tracking: "pulling",
  ...over,
});
