// Contracts of /v1/keys: an admin lists, creates and revokes the API keys of their own organisation.
import { createRoute, z } from "@hono/zod-openapi";
import { plainText } from "../../../models/text.ts";
import { roleSchema } from "../../storage/records.ts";
import { authorised } from "../shared/auth.ts";
import { requestExamples } from "../shared/examples.ts";
import { jsonBodyProblems, keyProblems, problems } from "../shared/problems.ts";
import { idParamSchema, timestampSchema } from "../shared/schemas.ts";

export const apiKeySchema = z
  .object({
    id: z.string().openapi({ example: "ak_3v8k2m9q7r4t6x0f" }),
    role: roleSchema,
    name: z.string().nullable().describe("A note on who holds the key"),
    createdAt: timestampSchema,
    revokedAt: z.iso.datetime().nullable().describe("When it was revoked; null while valid"),
  })
  .openapi("ApiKey");

export const newApiKeySchema = z
  .strictObject({
    role: roleSchema,
    name: plainText(1, 200).optional().openapi({ example: "procurement ERP" }),
  })
  .openapi("NewApiKey");

export const createdApiKeySchema = apiKeySchema
  .extend({
    key: z
      .string()
      .describe(
        "The bearer token. Shown this once: the server keeps only its hash, so store it now.",
      )
      .openapi({ example: "afk_3v8k2m9q7r4t6x0f_0123456789abcdefghjkmnpqrstvwxyz01234567" }),
  })
  .openapi("CreatedApiKey");

export const list = createRoute({
  ...authorised("admin"),
  method: "get",
  path: "/v1/keys",
  tags: ["Keys"],
  operationId: "listKeys",
  summary: "List the organisation's API keys, newest first",
  responses: {
    200: {
      description: "Every key of the organisation, revoked ones included; never a secret",
      content: { "application/json": { schema: z.object({ items: z.array(apiKeySchema) }) } },
    },
    ...problems(...keyProblems),
  },
});

export const create = createRoute({
  ...authorised("admin"),
  method: "post",
  path: "/v1/keys",
  tags: ["Keys"],
  operationId: "createKey",
  summary: "Create an API key in the organisation",
  description:
    "The one create without Idempotency-Key: replaying the answer would mean keeping the secret. A retried create makes a second key; list and revoke the one you do not use.",
  request: {
    body: {
      required: true,
      content: {
        "application/json": { schema: newApiKeySchema, example: requestExamples.newApiKey },
      },
    },
  },
  responses: {
    201: {
      description: "Created; the answer holds the secret key, once",
      content: { "application/json": { schema: createdApiKeySchema } },
    },
    ...problems(...jsonBodyProblems, ...keyProblems, "invalid_parameter", "quota_exceeded"),
  },
});

export const revoke = createRoute({
  ...authorised("admin"),
  method: "delete",
  path: "/v1/keys/{id}",
  tags: ["Keys"],
  operationId: "revokeKey",
  summary: "Revoke an API key",
  description:
    "From now on the key is a 401. Revoking a revoked key changes nothing. Revoking the key you call with is allowed.",
  request: { params: idParamSchema("API key", "ak_3v8k2m9q7r4t6x0f") },
  responses: {
    200: {
      description: "The revoked key",
      content: { "application/json": { schema: apiKeySchema } },
    },
    ...problems("not_found", ...keyProblems),
  },
});
