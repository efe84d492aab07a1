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
    /**
     * A new job, running in this process, or queued with its `task` for a queue consumer to run
     * (`claim`).
     */
    async create(
      organisationId: string,
      kind: JobKind,
      progress: JobProgress,
      queued?: { task: unknown },
    ): Promise<Job> {
      const now = clock();
      const [row] = await db
        .insert(jobs)
        .values({
          id: newId("jb"),
          organisationId,
          kind,
          status: queued === undefined ? "running" : "queued",
          progress,
          result: null,
          problem: null,
          task: queued?.task ?? null,
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
     * A queue consumer takes a queued job: it is running from now on. Undefined when it is not
     * queued (cancelled meanwhile, or taken by an earlier delivery of the same message); `current`
     * then says where it stands.
     */
    async claim(
      id: string,
    ): Promise<
      | { claimed: true; organisationId: string; job: Job; task: unknown }
      | { claimed: false; organisationId: string; job: Job }
      | undefined
    > {
      const [row] = await db
        .update(jobs)
        .set({ status: "running", updatedAt: clock() })
        .where(and(eq(jobs.id, id), eq(jobs.status, "queued")))
        .returning();
      if (row !== undefined)
        return {
          claimed: true,
          organisationId: row.organisationId,
          job: toJob(row),
          task: row.task,
        };
      const [current] = await db.select().from(jobs).where(eq(jobs.id, id));
      return current === undefined
        ? undefined
        : { claimed: false, organisationId: current.organisationId, job: toJob(current) };
    },

    /**
     * Stores a running job's progress (a queue consumer's, which other isolates read); false when
     * the job is no longer running (cancelled), so the work can stop.
     */
    async saveProgress(id: string, progress: JobProgress): Promise<boolean> {
      const saved = await db
        .update(jobs)
        .set({ progress, updatedAt: clock() })
        .where(and(eq(jobs.id, id), eq(jobs.status, "running")))
        .returning({ id: jobs.id });
      return saved.length > 0;
    },

    /**
     * Ends a queued or running job; a job that has already ended keeps its end (a cancel loses to
     * a finish). Says whether this call ended it.
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
          task: null,
          updatedAt: clock(),
        })
        .where(and(eq(jobs.id, id), inArray(jobs.status, ["queued", "running"])))
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
  const { organisationId: _, task: __, ...job } = row;
  return { ...job, result: job.result ?? null, problem: job.problem ?? null };
}
