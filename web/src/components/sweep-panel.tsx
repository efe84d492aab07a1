// The Economics tab's sweep: one mode's cost factor over a range (with the panel's other changes),
// POST /v1/sweeps, and the total cost against the factor as straight pieces with their breakpoints.
import { useEffect, useRef, useState } from "preact/hooks";
import { type Network, type Problem, ProblemError, type SweepResponse } from "../api.ts";
import { plain } from "../format.ts";
import { labelled, sweepCurve, sweepRange } from "../sweep.ts";
import { Axis, Figure, tickDigits, width } from "./charts.tsx";
import { ProblemView } from "./problem-view.tsx";

type Run = (mode: string, from: number, to: number, signal: AbortSignal) => Promise<SweepResponse>;

export function SweepPanel(props: { network: Network | undefined; onSweep: Run }) {
  const modes = props.network?.modes ?? [];
  const [mode, setMode] = useState(modes.find((m) => m.id === "rail")?.id ?? modes[0]?.id ?? "");
  const [from, setFrom] = useState("0.5");
  const [to, setTo] = useState("2");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [result, setResult] = useState<{ mode: string; sweep: SweepResponse } | null>(null);
  const controller = useRef<AbortController | null>(null);
  useEffect(() => () => controller.current?.abort(), []);

  async function run() {
    const range = sweepRange(from, to);
    if (typeof range === "string") {
      setProblem({ title: "Not swept", detail: range });
      return;
    }
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    setBusy(true);
    setProblem(null);
    try {
      const sweep = await props.onSweep(mode, range.from, range.to, current.signal);
      setResult({ mode, sweep });
    } catch (error) {
      if (current.signal.aborted) return;
      // The curve shown was of other changes: gone with the failure, so it is not read as this one.
      setResult(null);
      setProblem(
        error instanceof ProblemError
          ? error.problem
          : { title: "Something went wrong", detail: String(error) },
      );
    } finally {
      if (controller.current === current) {
        controller.current = null;
        setBusy(false);
      }
    }
  }

  if (modes.length === 0) return null;
  return (
    <section class="sweep" aria-labelledby="sweep-title" data-testid="sweep">
      <h3 id="sweep-title">Cost sweep</h3>
      <p class="table-note">
        The optimal total cost as one mode's cost factor moves, with the panel's other changes.
      </p>
      <form
        class="sweep-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <label>
          Mode
          <select value={mode} onChange={(e) => setMode(e.currentTarget.value)}>
            {modes.map((m) => (
              <option key={m.id} value={m.id}>
                {m.id}
              </option>
            ))}
          </select>
        </label>
        <label>
          Cost factor from
          <input
            type="number"
            inputMode="decimal"
            step="any"
            min="0"
            value={from}
            onInput={(e) => setFrom(e.currentTarget.value)}
          />
        </label>
        <label>
          to
          <input
            type="number"
            inputMode="decimal"
            step="any"
            min="0"
            value={to}
            onInput={(e) => setTo(e.currentTarget.value)}
          />
        </label>
        <button type="submit" disabled={busy}>
          Sweep
        </button>
        {busy && (
          <>
            <span class="busy-note" role="status">
              Sweeping…
            </span>
            <button type="button" onClick={() => controller.current?.abort()}>
              Cancel sweep
            </button>
          </>
        )}
      </form>
      {problem && (
        <ProblemView
          problem={problem}
          lead="The sweep failed."
          nameOf={() => undefined}
          onDismiss={() => setProblem(null)}
        />
      )}
      {result && <SweepResult mode={result.mode} sweep={result.sweep} />}
    </section>
  );
}

function SweepResult({ mode, sweep }: { mode: string; sweep: SweepResponse }) {
  const pieces = sweep.pieces ?? [];
  if (sweep.status !== "optimal" || pieces.length === 0) {
    return (
      <p class="empty" data-testid="sweep-status">
        The sweep ended {sweep.status}
        {sweep.at === undefined ? "" : ` at factor ${plain(sweep.at, 3)}`}
        {sweep.message ? `: ${sweep.message}` : "."}
      </p>
    );
  }
  return <SweepChart mode={mode} sweep={sweep} />;
}

/** The total cost (M CNY, ex-VAT) against the factor: straight pieces, a marker per breakpoint. */
export function SweepChart({ mode, sweep }: { mode: string; sweep: SweepResponse }) {
  const height = 240;
  const left = 64;
  const bottom = height - 34;
  const pieces = sweep.pieces ?? [];
  const breakpoints = sweep.breakpoints ?? [];
  const curve = sweepCurve(pieces, breakpoints, [left, width - 24], [bottom, 12]);
  const unit = `${mode} cost factor, ×`;
  const costUnit = "Total cost, M CNY ex-VAT";
  const m = (v: number) => plain(v, 0);
  const labels = labelled(curve.breakpoints, 34);
  const ends = curve.points;
  const first = ends[0];
  const last = ends.at(-1);
  const desc =
    `Total cost from ${first ? m(first.costM) : "?"} M CNY at ${mode} factor ${first ? plain(first.value, 2) : "?"} ` +
    `to ${last ? m(last.costM) : "?"} M CNY at ${last ? plain(last.value, 2) : "?"}, in ${pieces.length} straight pieces; ` +
    (curve.breakpoints.length === 0
      ? "no breakpoints."
      : `breakpoints at ${curve.breakpoints
          .map((b) => `factor ${plain(b.value, 3)} (${m(b.costM)} M CNY)`)
          .join(", ")}.`);
  return (
    <Figure
      id="sweep-curve"
      title={`Total cost against the ${mode} cost factor (${breakpoints.length} breakpoints)`}
      height={height}
      desc={desc}
      table={{
        head: ["Breakpoint", `${mode} cost factor`, "Total cost, M CNY ex-VAT"],
        rows: curve.breakpoints.map((b, i) => [String(i + 1), b.value, b.costM]),
        digits: [0, 3, 0],
      }}
    >
      <Axis scale={curve.x} ticks={curve.x.ticks} y={bottom} unit={unit} />
      <g class="axis">
        <line x1={left} x2={left} y1={12} y2={bottom} />
        {curve.y.ticks.map((t) => (
          <text key={t} x={left - 4} y={curve.y(t) + 4} text-anchor="end">
            {plain(t, tickDigits(curve.y.ticks))}
          </text>
        ))}
        <text
          class="axis-unit"
          transform={`translate(12,${(bottom + 12) / 2}) rotate(-90)`}
          text-anchor="middle"
        >
          {costUnit}
        </text>
      </g>
      <path
        class="sweep-line"
        d={curve.path}
        fill="none"
        stroke="#1d4e89"
        stroke-width="2"
        data-testid="sweep-path"
      />
      {curve.breakpoints.map((b, i) => (
        <g key={b.value} class="point" data-testid="sweep-breakpoint">
          <circle cx={b.x} cy={b.y} r="3.5" />
          {labels[i] && (
            <text
              x={b.x}
              y={b.y - 8}
              text-anchor={b.x > width - 60 ? "end" : "middle"}
              data-testid="sweep-label"
            >
              {plain(b.value, 2)}
            </text>
          )}
        </g>
      ))}
    </Figure>
  );
}
