// Wiring of the dataset routes.
import { createRouter } from "../shared/context.ts";
import * as handlers from "./datasets.handlers.ts";
import * as routes from "./datasets.routes.ts";

export const datasetsRouter = () =>
  createRouter()
    .openapi(routes.create, handlers.create)
    .openapi(routes.list, handlers.list)
    .openapi(routes.get, handlers.get);
