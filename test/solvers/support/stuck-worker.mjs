// A solve worker for the pool tests: a network named "stuck" starts and never answers, as a solve
// that cannot stop on its own; any other network goes to the real (compiled) worker.
import { BroadcastChannel } from "node:worker_threads";
import solveTask from "../../../dist/node/src/solve/solve-worker.js";

/** The channel on which a stuck solve says it is running, so a test knows a thread holds it. */
export const stuckChannel = "anodeflow-stuck-solve";

export default function stuckOrReal(task) {
  if (task.network.name !== "stuck") return solveTask(task);
  const channel = new BroadcastChannel(stuckChannel);
  channel.postMessage("running");
  channel.close();
  // Blocks the thread without spending CPU; only terminating the thread ends it.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  throw new Error("a stuck solve woke up");
}
