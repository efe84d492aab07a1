// The little of workerd's "cloudflare:workers" module the Worker entry uses (the Durable Object base
// class and its SQLite storage), typed here instead of pulling in @cloudflare/workers-types.
declare module "cloudflare:workers" {
  export type SqlValue = string | number | null | ArrayBuffer;

  export interface SqlCursor<Row> {
    toArray(): Row[];
    one(): Row;
    readonly rowsWritten: number;
  }

  export interface SqlStorage {
    exec<Row extends Record<string, SqlValue> = Record<string, SqlValue>>(
      query: string,
      ...bindings: SqlValue[]
    ): SqlCursor<Row>;
  }

  export interface DurableObjectState {
    readonly storage: { readonly sql: SqlStorage };
  }

  export abstract class DurableObject<Env = unknown> {
    protected readonly ctx: DurableObjectState;
    protected readonly env: Env;
    constructor(ctx: DurableObjectState, env: Env);
  }
}
