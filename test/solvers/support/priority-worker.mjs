// A worker module for the pool tests: answers the scheduling priority (nice) of the thread it runs on.
import { getPriority } from "node:os";

export default function priority() {
  return getPriority();
}
