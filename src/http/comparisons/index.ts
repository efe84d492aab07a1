// Wiring of the comparison routes.

import { createRouter } from "../shared/context.ts";
import * as handlers from "./comparisons.handlers.ts";
import * as routes from "./comparisons.routes.ts";

export const comparisonsRouter = () =>
  createRouter()
    .openapi(routes.comparePair, handlers.comparePair)
    .openapi(routes.compareMany, handlers.compareMany);
