// Jobs: work answered later (Prefer: respond-async), stored so that its state outlives the request.
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "./db.ts";
import type { NewId } from "./ids.ts";
import type { JobKind, JobProblem, JobProgress, JobStatus } from "./records.ts";
import { jobs } from "./schema.ts";

export interface Job {
  id: string;
  kind: JobKind;
  status: JobStatus;
  progress: JobProgress;
  result: unknown;
  problem: JobProblem | null;
  createdAt: Date;
  updatedAt: Date;
}

export function createJobRepository(db: Db, newId: NewId, clock: () => Date) {
  return {
    async create(organisationId: string, kind: JobKind, progress: JobProgress): Promise<Job> {
      const now = clock();
      const [row] = await db
        .insert(jobs)
        .values({
          id: newId("jb"),
          organisationId,
          kind,
          status: "running",
          progress,
          result: null,
          problem: null,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      if (row === undefined) throw new Error("job insert returned no row");
      return toJob(row);
    },

    async get(organisationId: string, id: string): Promise<Job | undefined> {
      const [row] = await db
        .select()
        .from(jobs)
        .where(and(eq(jobs.organisationId, organisationId), eq(jobs.id, id)));
      return row === undefined ? undefined : toJob(row);
    },

    /**
     * Ends a running job; a job that has already ended keeps its end (a cancel loses to a finish).
     * Says whether this call ended it.
     */
    async finish(
      id: string,
      end: {
        status: Exclude<JobStatus, "running">;
        progress: JobProgress;
        result?: unknown;
        problem?: JobProblem;
      },
    ): Promise<boolean> {
      const ended = await db
        .update(jobs)
        .set({
          status: end.status,
          progress: end.progress,
          result: end.result ?? null,
          problem: end.problem ?? null,
          updatedAt: clock(),
        })
        .where(and(eq(jobs.id, id), eq(jobs.status, "running")))
        .returning({ id: jobs.id });
      return ended.length > 0;
    },

    /**
     * On start: jobs a previous process left running can no longer finish (their work lived in
     * that process), so they fail with this problem. Returns them.
     */
    async failUnfinished(problem: JobProblem): Promise<{ organisationId: string; job: Job }[]> {
      const ended = await db
        .update(jobs)
        .set({ status: "failed", problem, updatedAt: clock() })
        .where(inArray(jobs.status, ["running"]))
        .returning();
      return ended.map((row) => ({ organisationId: row.organisationId, job: toJob(row) }));
    },
  };
}

export type JobRepository = ReturnType<typeof createJobRepository>;

function toJob(row: typeof jobs.$inferSelect): Job {
  const { organisationId: _, ...job } = row;
  return { ...job, result: job.result ?? null, problem: job.problem ?? null };
}
