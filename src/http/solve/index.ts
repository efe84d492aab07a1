// Wiring of the solve route.
import { createRouter } from "../shared/context.ts";
import * as handlers from "./solve.handlers.ts";
import * as routes from "./solve.routes.ts";

export const solveRouter = () => createRouter().openapi(routes.solve, handlers.solve);
