// Entry of the planner page: the API client (with a key from the URL or storage) and the app.
import { render } from "preact";
import { createApiClient, readApiKey } from "./api.ts";
import { App } from "./components/app.tsx";
import { hasKey } from "./deep-link.ts";

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    // Some privacy settings make localStorage itself throw.
    return undefined;
  }
}

const apiKey = readApiKey(window.location, storage(), (url) =>
  window.history.replaceState(null, "", url),
);
// A login link opened in a tab that already shows the page only changes the fragment: start again
// so that the new key is read (and taken out of the address bar, leaving any view it links to).
// Other fragments are deep links, which the app opens itself.
window.addEventListener("hashchange", () => {
  if (hasKey(window.location.hash)) window.location.reload();
});
const root = document.getElementById("app");
if (root) render(<App api={createApiClient(apiKey)} />, root);
