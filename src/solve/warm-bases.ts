// Kept optimal bases, per thread: a re-solve of a dataset with the same shape starts from the last one (issue 15).

import {
  columnArraysOf,
  columnCount,
  columnValues,
  type LinearProgram,
  type LpResult,
  rowTermsOf,
  termArrays,
} from "../../models/lp.ts";
import { certificateFailure } from "../../models/lp-certificate.ts";
import {
  createWarmNetworkSimplex,
  networkSimplexSolver,
} from "../solvers/network-simplex/index.ts";
import type { LpSolver, SolveOptions } from "../solvers/solver.ts";

/** A network simplex that keeps its last optimal basis, and says whether it holds one. */
export interface WarmSimplex extends LpSolver {
  /** Whether the last solve ended optimal (and certified), so the next can start from its basis. */
  holdsBasis(): boolean;
}

/**
 * The warm network simplex (createWarmNetworkSimplex) with each answer marked
 * (`solver.warmStart`) and each warm one checked: an optimum must carry its certificate
 * (models/lp-certificate.ts: feasible, duals whose signs fit the active bounds), and a warm start
 * that ends infeasible or unbounded is not taken on its word. Either is solved again cold, with a
 * fresh solver, so a warm answer is never less sure than a cold one; the time of both is counted.
 */
export function createCertifiedWarmSimplex(): WarmSimplex {
  let warm = createWarmNetworkSimplex();
  let holds = false;
  const mark = (result: LpResult, warmStart: boolean, extraMs = 0): LpResult => ({
    ...result,
    solver: { ...result.solver, ms: result.solver.ms + extraMs, warmStart },
  });
  return {
    ...networkSimplexSolver,
    holdsBasis: () => holds,
    async solve(lp: LinearProgram, options: SolveOptions): Promise<LpResult> {
      const before = warm.warmStarts();
      const result = await warm.solve(lp, options);
      const warmStart = warm.warmStarts() > before;
      holds = result.status === "optimal";
      if (!warmStart || result.status === "timeLimit" || result.status === "error")
        return mark(result, warmStart);
      if (result.status === "optimal" && result.duals) {
        if (certificateFailure(lp, result.columnValues, result.duals) === null)
          return mark(result, true);
      }
      // Not certified: a basis that should not have been kept. Start over, cold.
      warm = createWarmNetworkSimplex();
      const cold = await warm.solve(lp, {
        ...options,
        timeLimitMs: Math.max(1, options.timeLimitMs - result.solver.ms),
      });
      holds = cold.status === "optimal";
      return mark(cold, false, result.solver.ms);
    },
  };
}

/**
 * What tells two programs apart whose bases do not fit each other: the sense, the numbers of rows
 * and columns, each column's and row's kind of bounds (as the network translation reads them:
 * lower bound or not, upper only, free; equality, ranged or lower, upper only, free) and every
 * term. Costs, bound values and right-hand sides stay out: a change of those keeps the shape. A
 * 32-bit FNV-1a hash with the counts in clear; the warm solver checks the terms again itself
 * (retranslation), so a collision costs a cold start, never a wrong answer.
 */
export function shapeSignature(lp: LinearProgram): string {
  let hash = 0x811c9dc5;
  let terms = 0;
  const mix = (value: number) => {
    hash = Math.imul(hash ^ (value & 0xffff), 0x01000193);
    hash = Math.imul(hash ^ (value >>> 16), 0x01000193);
  };
  // The column arrays when the program has them: no column object is made.
  const arrays = columnArraysOf(lp);
  const { lower, upper } = columnValues(lp);
  const columns = columnCount(lp);
  for (let j = 0; j < columns; j++) {
    mix((lower[j] as number) > -Infinity ? 1 : (upper[j] as number) < Infinity ? 2 : 3);
    mix((arrays ? arrays.isInteger(j) : lp.columns[j]?.integer) ? 1 : 0);
  }
  // The term arrays: a builder's program has them, so its million term objects are not made.
  const { start, column, coef } = termArrays(lp);
  lp.rows.forEach((row, i) => {
    const kind =
      row.lower === -Infinity && row.upper === Infinity
        ? 0
        : row.lower === row.upper
          ? 1
          : row.lower > -Infinity
            ? 2
            : 3;
    mix(kind);
    const from = start[i] as number;
    const to = start[i + 1] as number;
    mix(to - from);
    for (let p = from; p < to; p++) {
      mix(column[p] as number);
      // Coefficients of the allocation programs are small integers and yields; 1e6 keeps six decimals.
      mix(Math.round((coef[p] as number) * 1e6));
    }
    terms += to - from;
  });
  return `${lp.sense}:${lp.rows.length}x${columns}:${terms}:${(hash >>> 0).toString(16)}`;
}

/**
 * Bytes a kept basis holds, roughly: the program it was solved for (kept, so the next can be
 * checked against it: a column object with its name, a term per coefficient, a row object) and the
 * solver's typed arrays (about 100 bytes per arc and node). Measured on the 250k-lane bench
 * network at about 0.5 KB per column all told when terms were objects; a builder's terms now take
 * 12 bytes each in its arrays, so this errs further on the high side.
 */
export function basisBytes(lp: LinearProgram): number {
  const own = rowTermsOf(lp);
  const terms = own
    ? (own.start[own.rowCount] as number)
    : lp.rows.reduce((sum, row) => sum + row.terms.length, 0);
  return 400 * columnCount(lp) + 40 * terms + 200 * lp.rows.length;
}

/** Settings of the kept bases (WARM_BASES_MB and its entries cap). */
export interface WarmBasesLimits {
  /** Bytes the kept bases may hold together (by basisBytes); a larger one is not kept. */
  maxBytes: number;
  /** Most bases kept. */
  maxEntries: number;
}

export const defaultWarmBasesLimits: WarmBasesLimits = {
  maxBytes: 256 * 1024 * 1024,
  maxEntries: 16,
};

interface Entry {
  solver: WarmSimplex;
  bytes: number;
}

/**
 * Least recently used bases, keyed by a caller's key (a dataset's content hash) and the program's
 * shape signature. A solve takes a base out while it runs, so two solves at once never share a
 * solver, and gives it back when it ended optimal: a key may then hold several bases (one per
 * solve that ran at the same time), and the next solves take the most recent first. So a run of
 * scenarios two at a time starts cold once on each side, then warm throughout.
 */
export class WarmBases {
  /** Insertion order is use order: the first entry is the least recently used. */
  private readonly entries = new Map<number, Entry & { key: string }>();
  private bytes = 0;
  private nextId = 0;

  constructor(private limits: WarmBasesLimits = defaultWarmBasesLimits) {}

  configure(limits: WarmBasesLimits): void {
    this.limits = limits;
    this.evict();
  }

  /**
   * A kept solver for `key` and `lp`'s shape (taken out), or a fresh one; `done` gives it back
   * when it holds a basis.
   */
  take(key: string, lp: LinearProgram): { solver: WarmSimplex; done(): void } {
    const full = `${key}|${shapeSignature(lp)}`;
    let kept: (Entry & { key: string }) | undefined;
    let keptId = -1;
    for (const [id, entry] of this.entries) {
      if (entry.key === full) {
        kept = entry;
        keptId = id;
      }
    }
    if (kept) {
      this.entries.delete(keptId);
      this.bytes -= kept.bytes;
    }
    const solver = kept?.solver ?? createCertifiedWarmSimplex();
    const bytes = kept?.bytes ?? basisBytes(lp);
    return {
      solver,
      done: () => {
        if (!solver.holdsBasis() || bytes > this.limits.maxBytes) return;
        this.entries.set(this.nextId++, { key: full, solver, bytes });
        this.bytes += bytes;
        this.evict();
      },
    };
  }

  /** Bases kept and the bytes they hold, for tests and the benchmark. */
  size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private evict(): void {
    for (const [id, entry] of this.entries) {
      if (this.bytes <= this.limits.maxBytes && this.entries.size <= this.limits.maxEntries) break;
      this.entries.delete(id);
      this.bytes -= entry.bytes;
    }
  }
}

/** This thread's kept bases: each solve-pool thread has its own (a basis cannot cross threads). */
export const warmBases = new WarmBases();
