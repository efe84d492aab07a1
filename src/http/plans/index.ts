// Wiring of the plan routes.
import { createRouter } from "../shared/context.ts";
import * as handlers from "./plans.handlers.ts";
import * as routes from "./plans.routes.ts";

export const plansRouter = () =>
  createRouter()
    .openapi(routes.create, handlers.create)
    .openapi(routes.list, handlers.list)
    .openapi(
      { ...routes.get, middleware: [...routes.get.middleware, handlers.planDownload] },
      handlers.get,
    )
    .openapi(routes.flowsCsv, handlers.flowsCsv)
    .openapi(routes.workbook, handlers.workbook)
    .openapi(routes.remove, handlers.remove);
