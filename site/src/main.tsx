import { render } from "preact";
import { newApi } from "./api/client";
import { Root } from "./app/Root";
import { Session } from "./auth/session";
import { loadConfig } from "./config";
import "./styles.css";

async function boot(el: HTMLElement) {
  let config;
  try {
    config = await loadConfig();
  } catch (err) {
    render(
      <main class="center">
        <h1>Hypetrack</h1>
        <p role="alert">{(err as Error).message}</p>
      </main>,
      el,
    );
    return;
  }
  const session = new Session(config.auth, {
    storage: sessionStorage,
    fetch: (input, init) => fetch(input, init),
    navigate: (url) => location.assign(url),
    now: Date.now,
  });
  const api = newApi(config.apiUrl, session);

  // The issuer sends the browser back to the callback path with a code (or an error).
  let signInError: string | null = null;
  const callback = new URL(config.auth.redirectUri);
  const params = new URLSearchParams(location.search);
  if (location.pathname === callback.pathname && (params.has("code") || params.has("error"))) {
    try {
      const returnTo = await session.completeSignIn(params);
      history.replaceState(null, "", `/${returnTo ? `#${returnTo}` : ""}`);
    } catch (err) {
      signInError = (err as Error).message;
      history.replaceState(null, "", "/");
    }
  }
  session.resume();
  render(<Root config={config} session={session} api={api} signInError={signInError} />, el);
}

boot(document.getElementById("app")!);
