// Wiring of the dataset routes.
import { createRouter } from "../shared/context.ts";
import * as handlers from "./datasets.handlers.ts";
import * as routes from "./datasets.routes.ts";

export const datasetsRouter = () =>
  createRouter()
    // Large uploads leave the event loop before the route's own validator would parse them.
    .openapi(
      { ...routes.create, middleware: [...routes.create.middleware, handlers.offloadLargeUpload] },
      handlers.create,
    )
    .openapi(routes.list, handlers.list)
    .openapi(routes.get, handlers.get)
    .openapi(routes.remove, handlers.remove);
