// Separate request and response schemas in the OpenAPI document: a defaulted field is optional to send and present to read.
//
// zod-to-openapi renders every schema as its input (zod's `io: "input"`): a field with `.default()`
// is left out of `required`. That is right for a request, wrong for a response, where the server
// always fills it in (and generators that read `default` as "always there" make it required in
// requests too). This pass gives responses the output view: every property with a default is
// required. A component both sides use whose views differ is split: `XInput` for requests, `X`
// for responses, as the code names the types (`NetworkInput` is z.input, `Network` z.output).

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface OpenApiDocument {
  paths?: Record<string, Record<string, JsonObject>>;
  components?: { schemas?: Record<string, Json> } & Record<string, unknown>;
  [key: string]: unknown;
}

const prefix = "#/components/schemas/";

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The component names `value` refers to, wherever the `$ref` sits. */
function refsOf(value: Json, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) refsOf(item, into);
  else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (key === "$ref" && typeof item === "string" && item.startsWith(prefix)) {
        into.add(item.slice(prefix.length));
      } else refsOf(item, into);
    }
  }
  return into;
}

/** A deep copy of `value` with each `$ref` to a component renamed by `rename`. */
function renameRefs(value: Json, rename: (name: string) => string): Json {
  if (Array.isArray(value)) return value.map((item) => renameRefs(item, rename));
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) =>
      key === "$ref" && typeof item === "string" && item.startsWith(prefix)
        ? [key, `${prefix}${rename(item.slice(prefix.length))}`]
        : [key, renameRefs(item, rename)],
    ),
  );
}

/** The properties of an object schema that have a default but are not required. */
function defaultedOptional(schema: JsonObject): string[] {
  const properties = schema.properties;
  if (!isObject(properties)) return [];
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  return Object.entries(properties)
    .filter(
      ([name, property]) => isObject(property) && "default" in property && !required.has(name),
    )
    .map(([name]) => name);
}

/** A deep copy of `value` in which every defaulted property is required. */
function readView(value: Json): Json {
  if (Array.isArray(value)) return value.map(readView);
  if (!isObject(value)) return value;
  const copy = Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, key === "$ref" ? item : readView(item)]),
  );
  const added = defaultedOptional(value);
  if (added.length === 0) return copy;
  const required = Array.isArray(value.required) ? value.required : [];
  return { ...copy, required: [...required, ...added] };
}

/** Whether the schema, or one of its parts, reads differently from how it is sent. */
function hasDefaultedOptional(value: Json): boolean {
  if (Array.isArray(value)) return value.some(hasDefaultedOptional);
  if (!isObject(value)) return false;
  return defaultedOptional(value).length > 0 || Object.values(value).some(hasDefaultedOptional);
}

/** Every component reachable from `roots` through `$ref`s. */
function closure(roots: Set<string>, schemas: Record<string, Json>): Set<string> {
  const seen = new Set<string>();
  const stack = [...roots];
  for (let name = stack.pop(); name !== undefined; name = stack.pop()) {
    if (seen.has(name) || schemas[name] === undefined) continue;
    seen.add(name);
    stack.push(...refsOf(schemas[name] ?? null));
  }
  return seen;
}

/** The document with request and response views of its schemas (see the module comment). */
export function withReadSchemas(document: OpenApiDocument): OpenApiDocument {
  const schemas = document.components?.schemas ?? {};
  const operations = Object.values(document.paths ?? {}).flatMap((item) => Object.values(item));
  const sent = operations.flatMap((op) => [op.requestBody ?? null, op.parameters ?? null]);
  const read = operations.map((op) => op.responses ?? null);
  const sentNames = closure(refsOf(sent), schemas);
  const readNames = closure(refsOf(read), schemas);

  const differs = new Map<string, boolean>();
  const differsFor = (name: string): boolean => {
    const known = differs.get(name);
    if (known !== undefined) return known;
    differs.set(name, false); // a cycle adds nothing the rest of the walk does not find
    const schema = schemas[name] ?? null;
    const result = hasDefaultedOptional(schema) || [...refsOf(schema)].some(differsFor);
    differs.set(name, result);
    return result;
  };
  const split = new Set([...sentNames].filter((n) => readNames.has(n) && differsFor(n)));
  const sentName = (name: string) => (split.has(name) ? `${name}Input` : name);

  const out: Record<string, Json> = {};
  for (const [name, schema] of Object.entries(schemas)) {
    if (sentNames.has(name)) out[sentName(name)] = renameRefs(schema, sentName);
    if (readNames.has(name)) out[name] = readView(schema);
    if (!sentNames.has(name) && !readNames.has(name)) out[name] = schema;
  }

  const paths = Object.fromEntries(
    Object.entries(document.paths ?? {}).map(([path, item]) => [
      path,
      Object.fromEntries(
        Object.entries(item).map(([method, op]) => {
          const copy: JsonObject = { ...op };
          if (op.requestBody !== undefined) copy.requestBody = renameRefs(op.requestBody, sentName);
          if (op.parameters !== undefined) copy.parameters = renameRefs(op.parameters, sentName);
          if (op.responses !== undefined) copy.responses = readView(op.responses);
          return [method, copy];
        }),
      ),
    ]),
  );
  return { ...document, paths, components: { ...document.components, schemas: out } };
}
