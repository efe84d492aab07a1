// "Copy link": puts the address of the open plan or comparison on the clipboard; where the page may
// not write there, shows the address selected in a read-only field to copy by hand.
import { useEffect, useRef, useState } from "preact/hooks";

type State = "idle" | "copied" | "manual";

export function CopyLink({ url }: { url: string }) {
  const [state, setState] = useState<State>("idle");
  const [asked, setAsked] = useState(0);
  const field = useRef<HTMLInputElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  // Another view, another link: the confirmation was about the previous one.
  useEffect(() => setState("idle"), [url]);
  useEffect(() => {
    if (state !== "copied") return;
    const timer = setTimeout(() => setState("idle"), 4000);
    return () => clearTimeout(timer);
  }, [state, asked]);
  useEffect(() => {
    if (state !== "manual") return;
    field.current?.focus();
    field.current?.select();
  }, [state, asked]);

  async function copy() {
    setAsked((n) => n + 1);
    try {
      // Missing outside a secure context, and refused by some browsers' settings.
      if (typeof navigator.clipboard?.writeText !== "function") throw new Error("no clipboard");
      await navigator.clipboard.writeText(url);
      setState("copied");
    } catch {
      setState("manual");
    }
  }

  return (
    <>
      <span class="copy-link">
        <button type="button" ref={button} onClick={() => void copy()}>
          Copy link
        </button>
        <span class="copy-status" role="status">
          {state === "copied" ? "✓ Link copied" : ""}
        </span>
      </span>
      {state === "manual" && (
        <span class="copy-manual">
          <label for="share-link">Copy this link (Ctrl+C or ⌘C):</label>
          <input
            id="share-link"
            ref={field}
            type="text"
            readOnly
            value={url}
            onFocus={(e) => e.currentTarget.select()}
            onKeyDown={(e) => {
              if (e.key !== "Escape") return;
              setState("idle");
              button.current?.focus();
            }}
          />
        </span>
      )}
    </>
  );
}
