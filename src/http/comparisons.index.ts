// Wiring of the comparison routes.

import * as handlers from "./comparisons.handlers.ts";
import * as routes from "./comparisons.routes.ts";
import { createRouter } from "./context.ts";

export const comparisonsRouter = () =>
  createRouter()
    .openapi(routes.comparePair, handlers.comparePair)
    .openapi(routes.compareMany, handlers.compareMany);
