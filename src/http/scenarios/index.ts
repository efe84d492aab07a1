// Wiring of the scenario routes.
import { createRouter } from "../shared/context.ts";
import * as handlers from "./scenarios.handlers.ts";
import * as routes from "./scenarios.routes.ts";

export const scenariosRouter = () =>
  createRouter()
    .openapi(routes.create, handlers.create)
    .openapi(routes.list, handlers.list)
    .openapi(routes.get, handlers.get)
    .openapi(routes.rename, handlers.rename)
    .openapi(routes.remove, handlers.remove);
