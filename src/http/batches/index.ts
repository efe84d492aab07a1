// Wiring of the batch route.
import { createRouter } from "../shared/context.ts";
import * as handlers from "./batches.handlers.ts";
import * as routes from "./batches.routes.ts";

export const batchesRouter = () => createRouter().openapi(routes.create, handlers.create);
