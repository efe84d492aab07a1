// Wiring of the transfer routes.
import { createRouter } from "../shared/context.ts";
import * as handlers from "./transfer.handlers.ts";
import * as routes from "./transfer.routes.ts";

export const transferRouter = () =>
  createRouter()
    .openapi(routes.exportOrganisation, handlers.exportOrganisation)
    .openapi(routes.importBundle, handlers.importBundle);
