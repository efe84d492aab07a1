// LimitsCoordinator: the Durable Object that counts the Worker's rate limits and solve slots for the whole deployment.
import { DurableObject, type DurableObjectState, type SqlStorage } from "cloudflare:workers";
import type { RateLimitPeek, RateLimitTake } from "../http/shared/types.ts";
import type { Acquired, GateTerms } from "./coordinated-limits.ts";

interface Waiter {
  organisationId: string;
  terms: GateTerms;
  grant: (lease: string) => void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * One class, two uses (src/entry/coordinated-limits.ts names the instances): an instance per rate
 * limit key holds that key's window; the instance "solves" holds every running solve's slot as a
 * lease. Both are rows in the object's SQLite storage, so a restarted or evicted object (a deploy,
 * an idle minute) still counts the windows and the slots that were running; a lease ends when its
 * solve gives it back or, if its isolate died first, at its expiry. Solves waiting for a slot are
 * in memory only: each is an open call, which keeps the object alive until it is answered.
 *
 * A Durable Object runs one call at a time between awaits, and SQLite calls here are synchronous,
 * so every check-then-count below is atomic.
 */
export class LimitsCoordinator extends DurableObject {
  readonly #sql: SqlStorage;
  readonly #waiters: Waiter[] = [];
  #expiryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    this.#sql = this.ctx.storage.sql;
    this.#sql.exec(
      "CREATE TABLE IF NOT EXISTS windows (key TEXT PRIMARY KEY, started_ms INTEGER NOT NULL, used INTEGER NOT NULL)",
    );
    // granted_ms: solve times (release - grant) give Retry-After its estimate, as on Node.
    this.#sql.exec(
      "CREATE TABLE IF NOT EXISTS leases (id TEXT PRIMARY KEY, organisation TEXT NOT NULL, granted_ms INTEGER NOT NULL, expires_ms INTEGER NOT NULL)",
    );
    this.#sql.exec("CREATE TABLE IF NOT EXISTS stats (name TEXT PRIMARY KEY, value REAL NOT NULL)");
  }

  /** Counts one request of `key` in its fixed window (createRateLimiter's rule, shared/rate-limit.ts). */
  take(key: string, limit: number, windowMs: number): RateLimitTake {
    const now = Date.now();
    // Windows of other keys that have ended: an instance keeps only live ones.
    this.#sql.exec("DELETE FROM windows WHERE started_ms <= ? AND key <> ?", now - windowMs, key);
    const window = this.#window(key, now, windowMs) ?? { startedMs: now, used: 0 };
    const allowed = window.used < limit;
    const used = allowed ? window.used + 1 : window.used;
    this.#sql.exec(
      "INSERT INTO windows (key, started_ms, used) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET started_ms = excluded.started_ms, used = excluded.used",
      key,
      window.startedMs,
      used,
    );
    return {
      allowed,
      remaining: limit - used,
      resetSeconds: resetSeconds(window.startedMs, now, windowMs),
    };
  }

  /** Whether `key` may go on, counting nothing. */
  peek(key: string, limit: number, windowMs: number): RateLimitPeek {
    const now = Date.now();
    const window = this.#window(key, now, windowMs);
    if (window === undefined) return { allowed: true, resetSeconds: windowMs / 1000 };
    return {
      allowed: window.used < limit,
      resetSeconds: resetSeconds(window.startedMs, now, windowMs),
    };
  }

  /**
   * A solve slot for the organisation, as the Node gate gives one (shared/solve-gate.ts): refused
   * with too_many_solves past the organisation's share, granted while slots are free, else queued
   * (refused with overloaded when the queue is full or the wait too long).
   */
  acquire(organisationId: string, terms: GateTerms): Acquired | Promise<Acquired> {
    const now = Date.now();
    this.#expire(now);
    const mine =
      this.#count("SELECT COUNT(*) AS n FROM leases WHERE organisation = ?", organisationId) +
      this.#waiters.filter((w) => w.organisationId === organisationId).length;
    if (mine >= terms.solvesPerOrganisation) {
      return this.#refused(
        "too_many_solves",
        `This organisation already has ${mine} solves running or waiting; at most ${terms.solvesPerOrganisation} are allowed`,
        terms,
        0,
      );
    }
    if (this.#running() < terms.concurrentSolves && this.#waiters.length === 0) {
      return { granted: true, lease: this.#grant(organisationId, terms, now) };
    }
    if (this.#waiters.length >= terms.queuedSolves) {
      return this.#refused(
        "overloaded",
        `All ${terms.concurrentSolves} solve slots and ${terms.queuedSolves} queue places are taken`,
        terms,
        this.#waiters.length,
      );
    }
    return new Promise<Acquired>((resolve) => {
      const waiter: Waiter = {
        organisationId,
        terms,
        grant: (lease) => {
          clearTimeout(waiter.timer);
          resolve({ granted: true, lease });
        },
        timer: setTimeout(() => {
          const at = this.#waiters.indexOf(waiter);
          if (at >= 0) this.#waiters.splice(at, 1);
          resolve(
            this.#refused(
              "overloaded",
              `No solve slot came free within ${terms.solveQueueTimeoutMs} ms`,
              terms,
              this.#waiters.length,
            ),
          );
        }, terms.solveQueueTimeoutMs),
      };
      this.#waiters.push(waiter);
      this.#scheduleExpiry();
    });
  }

  /** Gives a slot back (a lease already expired or unknown is ignored) and lets the next waiter in. */
  release(lease: string): void {
    const now = Date.now();
    const held = this.#sql
      .exec<{ granted_ms: number }>("SELECT granted_ms FROM leases WHERE id = ?", lease)
      .toArray()[0];
    if (held !== undefined) {
      this.#sql.exec("DELETE FROM leases WHERE id = ?", lease);
      const average = this.#averageSolveMs();
      this.#sql.exec(
        "INSERT INTO stats (name, value) VALUES ('averageSolveMs', ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        0.8 * average + 0.2 * (now - held.granted_ms),
      );
    }
    this.#expire(now);
  }

  /** Slots held (leases not expired) and solves waiting, for tests and operators. */
  load(): { running: number; queued: number } {
    this.#expire(Date.now());
    return { running: this.#running(), queued: this.#waiters.length };
  }

  #window(key: string, now: number, windowMs: number) {
    const row = this.#sql
      .exec<{ started_ms: number; used: number }>(
        "SELECT started_ms, used FROM windows WHERE key = ?",
        key,
      )
      .toArray()[0];
    if (row === undefined || now - row.started_ms >= windowMs) return undefined;
    return { startedMs: row.started_ms, used: row.used };
  }

  #count(query: string, ...bindings: string[]): number {
    return this.#sql.exec<{ n: number }>(query, ...bindings).one().n;
  }

  #running(): number {
    return this.#count("SELECT COUNT(*) AS n FROM leases");
  }

  #grant(organisationId: string, terms: GateTerms, now: number): string {
    const lease = crypto.randomUUID();
    this.#sql.exec(
      "INSERT INTO leases (id, organisation, granted_ms, expires_ms) VALUES (?, ?, ?, ?)",
      lease,
      organisationId,
      now,
      now + terms.leaseMs,
    );
    return lease;
  }

  /** Frees leases past their expiry, then passes free slots to the waiters, first come first. */
  #expire(now: number): void {
    this.#sql.exec("DELETE FROM leases WHERE expires_ms <= ?", now);
    for (let head = this.#waiters[0]; head !== undefined; head = this.#waiters[0]) {
      if (this.#running() >= head.terms.concurrentSolves) break;
      this.#waiters.shift();
      head.grant(this.#grant(head.organisationId, head.terms, now));
    }
    this.#scheduleExpiry();
  }

  /**
   * While solves wait, wakes at the earliest lease's expiry: a slot whose isolate died is then
   * passed on without waiting for another call to notice it.
   */
  #scheduleExpiry(): void {
    if (this.#expiryTimer !== undefined) clearTimeout(this.#expiryTimer);
    this.#expiryTimer = undefined;
    if (this.#waiters.length === 0) return;
    const next = this.#sql
      .exec<{ at: number | null }>("SELECT MIN(expires_ms) AS at FROM leases")
      .one().at;
    if (next === null) return;
    this.#expiryTimer = setTimeout(() => this.#expire(Date.now()), Math.max(0, next - Date.now()));
  }

  #averageSolveMs(): number {
    const row = this.#sql
      .exec<{ value: number }>("SELECT value FROM stats WHERE name = 'averageSolveMs'")
      .toArray()[0];
    // As the Node gate starts: a second, until solves say otherwise.
    return row?.value ?? 1000;
  }

  #refused(
    code: "too_many_solves" | "overloaded",
    detail: string,
    terms: GateTerms,
    waitingAhead: number,
  ): Acquired {
    // The Node gate's estimate: when a slot is likely to free up, 1 to 60 s.
    const seconds = Math.ceil(
      (this.#averageSolveMs() * (1 + waitingAhead / terms.concurrentSolves)) / 1000,
    );
    return {
      granted: false,
      code,
      detail,
      retryAfterSeconds: Math.min(60, Math.max(1, seconds)),
    };
  }
}

function resetSeconds(startedMs: number, nowMs: number, windowMs: number): number {
  return Math.max(1, Math.ceil((startedMs + windowMs - nowMs) / 1000));
}
