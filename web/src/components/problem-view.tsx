// An API problem in words: its title and detail, and each offending field by the name the panel gives it.
import type { Problem } from "../api.ts";

export function ProblemView(props: {
  problem: Problem;
  /** A sentence before the problem that says what could not be done (e.g. which link). */
  lead?: string;
  /** Readable name of the control behind a pointer, when the form made the field. */
  nameOf: (pointer: string) => string | undefined;
  onDismiss: () => void;
}) {
  const { problem } = props;
  return (
    <div class="problem" role="alert">
      {props.lead && <p class="problem-lead">{props.lead}</p>}
      <p class="problem-title">
        <strong>{problem.title}</strong>
        {problem.status === undefined ? "" : ` (${problem.status})`}: {problem.detail}
      </p>
      {problem.errors && problem.errors.length > 0 && (
        <ul>
          {problem.errors.map((error) => {
            const where =
              "pointer" in error
                ? (props.nameOf(error.pointer) ?? (error.pointer || "the request"))
                : `parameter ${error.parameter}`;
            return (
              <li key={`${where}:${error.message}`}>
                <strong>{where}</strong>: {error.message}
              </li>
            );
          })}
        </ul>
      )}
      {problem.status === 401 && (
        <p>
          This server needs an API key: open the login link <code>npm start</code> printed, or add{" "}
          <code>#key=YOUR_KEY</code> to the address.
        </p>
      )}
      <button type="button" onClick={props.onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
