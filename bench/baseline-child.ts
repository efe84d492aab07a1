// The peak RSS of a benchmark process that loads the solve modules and does nothing else.
import "../models/allocation/build.ts";
import "../models/allocation/plan.ts";
import "../src/solvers/registry.ts";
import "./generate.ts";
import { maxRssMb, report } from "./stats.ts";

report({ maxRssMb: maxRssMb() });
