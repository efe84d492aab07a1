// The network format's optional land routing graph (junctions, links, access) and its checks.
import { z } from "zod";
import { type IssueSink, idSchema, latitude, longitude } from "./network-primitives.ts";
import { LandRouter, type RoutedNode } from "./routing.ts";

const landKm = z.number().nonnegative().max(20_000);

export const landRoutesSchema = z
  .strictObject({
    junctions: z
      .array(
        z.strictObject({
          id: idSchema.describe("Junction id (its own namespace)"),
          name: z.string().min(1).max(200),
          province: z
            .string()
            .min(1)
            .max(100)
            .optional()
            .describe("Nodes of this province attach to its nearest junction in the province"),
          lat: latitude,
          lon: longitude,
        }),
      )
      .min(1),
    links: z.array(
      z
        .strictObject({
          from: idSchema.describe("Junction id"),
          to: idSchema.describe("Junction id"),
          km: landKm.describe("Network distance between the two junctions, km"),
          modes: z.array(idSchema).min(1).describe("Mode ids that use this link"),
        })
        .describe("A corridor between two junctions, usable both ways"),
    ),
    access: z
      .array(
        z.strictObject({
          node: idSchema.describe("Plant, smelter or port id"),
          junction: idSchema.describe("Junction id"),
          km: landKm.optional().describe("Access distance, km (default great-circle x circuity)"),
        }),
      )
      .optional()
      .describe(
        "Explicit attachments; other nodes attach to the nearest junction of their province, else the nearest",
      ),
  })
  .describe(
    "Land routing graph. A mode on some link is routed: lanes without distanceKm take the shortest path over its links (plus access at each end), and implied lanes with no such path are left out. Modes on no link keep great-circle km x circuity",
  );

export type LandRoutes = z.output<typeof landRoutesSchema>;

/** The parts of a network the land-route checks read. */
export interface LandRoutesOfNetwork {
  modes: readonly { id: string; circuity: number }[];
  plants: readonly RoutedNode[];
  smelters: readonly RoutedNode[];
  ports: readonly RoutedNode[];
  lanes?:
    | readonly { from: string; to: string; mode: string; distanceKm?: number | undefined }[]
    | undefined;
  landRoutes?: LandRoutes | undefined;
}

/** Land routes: references resolve, and every explicit lane without distanceKm has a route. */
export function checkLandRoutes(
  network: LandRoutesOfNetwork,
  ctx: IssueSink,
  nodes: Map<string, string>,
) {
  const routes = network.landRoutes;
  if (!routes) return;
  let sound = true;
  const issue = (path: PropertyKey[], message: string) => {
    sound = false;
    ctx.addIssue({ code: "custom", path: ["landRoutes", ...path], message });
  };
  const junctionIds = new Set<string>();
  routes.junctions.forEach((j, i) => {
    if (junctionIds.has(j.id)) issue(["junctions", i, "id"], `duplicate junction id "${j.id}"`);
    junctionIds.add(j.id);
  });
  const modeIds = new Set(network.modes.map((m) => m.id));
  routes.links.forEach((link, i) => {
    for (const end of ["from", "to"] as const) {
      if (!junctionIds.has(link[end]))
        issue(["links", i, end], `"${link[end]}" is not a junction id`);
    }
    link.modes.forEach((mode, k) => {
      if (!modeIds.has(mode)) issue(["links", i, "modes", k], `"${mode}" is not a mode id`);
    });
  });
  const attached = new Set<string>();
  routes.access?.forEach((a, i) => {
    if (!nodes.has(a.node)) issue(["access", i, "node"], `"${a.node}" is not a node id`);
    if (!junctionIds.has(a.junction))
      issue(["access", i, "junction"], `"${a.junction}" is not a junction id`);
    if (attached.has(a.node)) issue(["access", i, "node"], `"${a.node}" is attached twice`);
    attached.add(a.node);
  });
  if (sound) checkLaneRoutes(network, routes, ctx);
}

function checkLaneRoutes(network: LandRoutesOfNetwork, routes: LandRoutes, ctx: IssueSink) {
  const router = new LandRouter(routes);
  const byId = new Map<string, RoutedNode>(
    [...network.plants, ...network.smelters, ...network.ports].map((n) => [n.id, n]),
  );
  const modes = new Map(network.modes.map((m) => [m.id, m]));
  network.lanes?.forEach((lane, i) => {
    const from = byId.get(lane.from);
    const to = byId.get(lane.to);
    const mode = modes.get(lane.mode);
    if (lane.distanceKm !== undefined || !from || !to || !mode) return;
    if (router.distanceKm(from, to, mode.id, mode.circuity) === null) {
      ctx.addIssue({
        code: "custom",
        path: ["lanes", i],
        message: `no ${mode.id} route from "${lane.from}" to "${lane.to}" on landRoutes: give distanceKm`,
      });
    }
  });
}
