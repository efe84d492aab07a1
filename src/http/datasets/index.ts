// Wiring of the dataset routes.
import { createRouter } from "../shared/context.ts";
import * as handlers from "./datasets.handlers.ts";
import * as routes from "./datasets.routes.ts";

export const datasetsRouter = () =>
  createRouter()
    // Large uploads leave the event loop, and workbooks and CSV files are read, before the route's
    // own (JSON) validator would see them.
    .openapi(
      {
        ...routes.create,
        middleware: [
          ...routes.create.middleware,
          handlers.spreadsheetUpload,
          handlers.offloadLargeUpload,
        ],
      },
      handlers.create,
    )
    .openapi(routes.list, handlers.list)
    .openapi(
      { ...routes.get, middleware: [...routes.get.middleware, handlers.datasetDownload] },
      handlers.get,
    )
    .openapi(routes.workbook, handlers.workbook)
    .openapi(routes.remove, handlers.remove);
