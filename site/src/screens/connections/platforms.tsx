// What each shop platform needs from the marketer, and where to paste the webhook URL.

export interface PlatformInfo {
  id: "shopify" | "woocommerce" | "stripe";
  name: string;
  shopLabel: string;
  shopHint: string;
  shopExample: string;
  secretLabel: string;
  secretHint: string;
  /** generated tells whether Hypetrack proposes the secret (WooCommerce takes any you type). */
  generated: boolean;
  steps: string[];
  /** testHint says how to send a test webhook from the platform. */
  testHint: string;
}

export const PLATFORMS: PlatformInfo[] = [
  {
    id: "shopify",
    name: "Shopify",
    shopLabel: "Shop domain",
    shopHint: "The shop's myshopify.com domain.",
    shopExample: "brand.myshopify.com",
    secretLabel: "Webhook signing key",
    secretHint: "Shown under Settings → Notifications → Webhooks: “Your webhooks will be signed with …”. For webhooks of a Shopify app, the app's client secret.",
    generated: false,
    steps: [
      "In the Shopify admin, open Settings → Notifications → Webhooks.",
      "Create a webhook for each of these events: Order creation, Order payment, Order update, Order cancellation and Refund create.",
      "Format: JSON. URL: the webhook URL above. API version: the latest stable one.",
      "Save. Orders that use a creator's code, or follow a creator's link, are credited to them from now on.",
    ],
    testHint:
      "To send a test, open Settings → Notifications → Webhooks in the Shopify admin and choose “Send test” beside the order creation webhook; or place a test order.",
  },
  {
    id: "woocommerce",
    name: "WooCommerce",
    shopLabel: "Store address",
    shopHint: "The address of the WordPress site.",
    shopExample: "https://shop.example.com",
    secretLabel: "Webhook secret",
    secretHint: "Hypetrack proposed a random secret: keep it, and paste it into WooCommerce's Secret field below.",
    generated: true,
    steps: [
      "In WordPress, open WooCommerce → Settings → Advanced → Webhooks, and add a webhook.",
      "Add one webhook per topic: Order created, Order updated and Order deleted; status Active.",
      "Delivery URL: the webhook URL above. Secret: the secret you saved with this connection. API version: WP REST API Integration v3.",
      "Save. WooCommerce sends a test ping at once; Hypetrack accepts it and stores nothing.",
    ],
    testHint:
      "WooCommerce's ping on saving a webhook is accepted without being stored, so it does not show here. To send a test, create an order (or change a test order's status) in WooCommerce → Orders.",
  },
  {
    id: "stripe",
    name: "Stripe",
    shopLabel: "Account id (optional)",
    shopHint: "Such as acct_1A2b3C; leave empty for your own account.",
    shopExample: "acct_…",
    secretLabel: "Endpoint signing secret",
    secretHint: "Starts with whsec_. Stripe shows it once the endpoint exists: follow steps 1 to 3 below first.",
    generated: false,
    steps: [
      "In the Stripe Dashboard, open Developers → Webhooks and add an endpoint. Its URL here is only known once this connection is saved: enter your shop's address for now.",
      "Select the events checkout.session.completed, checkout.session.async_payment_succeeded, checkout.session.async_payment_failed, payment_intent.succeeded, payment_intent.canceled and charge.refunded.",
      "Reveal the endpoint's signing secret (whsec_…) and save it with this connection.",
      "Back in Stripe, change the endpoint's URL to the webhook URL of this connection; the signing secret stays the same. Stripe retries failed deliveries for up to three days.",
    ],
    testHint:
      "To send a test, open the endpoint under Developers → Webhooks in the Stripe Dashboard and choose “Send test webhook” with checkout.session.completed, or run `stripe trigger checkout.session.completed` with the Stripe CLI.",
  },
];

export function platform(id: string): PlatformInfo {
  return PLATFORMS.find((p) => p.id === id) ?? PLATFORMS[0];
}

/** newSecret proposes a webhook secret: 32 random bytes as hex. */
export function newSecret(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, "0")).join("");
}
