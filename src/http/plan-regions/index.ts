// Wiring of a plan's regional view.
import { createRouter } from "../shared/context.ts";
import * as handlers from "./plan-regions.handlers.ts";
import * as routes from "./plan-regions.routes.ts";

export const planRegionsRouter = () => createRouter().openapi(routes.regions, handlers.regions);
