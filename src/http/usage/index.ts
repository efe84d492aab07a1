// Wiring of the usage route.
import { createRouter } from "../shared/context.ts";
import * as handlers from "./usage.handlers.ts";
import * as routes from "./usage.routes.ts";

export const usageRouter = () => createRouter().openapi(routes.get, handlers.get);
