// Wiring of the key routes.
import { createRouter } from "../shared/context.ts";
import * as handlers from "./keys.handlers.ts";
import * as routes from "./keys.routes.ts";

export const keysRouter = () =>
  createRouter()
    .openapi(routes.list, handlers.list)
    .openapi(routes.create, handlers.create)
    .openapi(routes.revoke, handlers.revoke);
