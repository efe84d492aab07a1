// The derived lanes held column-wise in typed arrays: what the model, the solve and the plan read.
// A lane is read as an object (a small view) only where an analysis asks for one.
//
// A lane as a plain object was six heap objects (the object and a box per double field): at a
// million lanes those were most of what the garbage collector's mark-compacts walked, 0.4-0.5 s each.

/** Where a lane goes: a smelter or a port, by its index in network.smelters or network.ports. */
export interface LaneDestination {
  kind: "smelter" | "port";
  index: number;
}

/** One plant-to-destination lane by one mode, with its derived economics. */
export interface LaneTerms {
  plant: number; // index into network.plants
  destination: LaneDestination;
  mode: number; // index into network.modes
  distanceKm: number;
  freightPerT: number; // CNY/t, port handling excluded
  surchargePerT: number; // CNY/t, the network's surcharges on this lane (0 without)
  co2KgPerT: number;
  capacityT: number; // Infinity when the lane has no capacity
  lotT?: number; // the lane's lot size (lanes[].lotT), absent when it ships any tonnage
}

/**
 * Lanes in typed arrays, filled in order by `push`; `at(l)` and `views()` read them as LaneTerms
 * objects. `destinations` are shared: every lane to a node has the same object.
 */
export class LaneTable {
  length = 0;
  readonly plant: Int32Array;
  readonly destination: Int32Array; // index into `destinations`
  readonly mode: Int32Array;
  readonly distanceKm: Float64Array;
  readonly freightPerT: Float64Array;
  readonly surchargePerT: Float64Array;
  readonly co2KgPerT: Float64Array;
  readonly capacityT: Float64Array;
  readonly lotT: Float64Array; // NaN: no lot size

  /** At most `capacity` lanes. */
  constructor(
    capacity: number,
    readonly destinations: readonly LaneDestination[],
  ) {
    this.plant = new Int32Array(capacity);
    this.destination = new Int32Array(capacity);
    this.mode = new Int32Array(capacity);
    this.distanceKm = new Float64Array(capacity);
    this.freightPerT = new Float64Array(capacity);
    this.surchargePerT = new Float64Array(capacity);
    this.co2KgPerT = new Float64Array(capacity);
    this.capacityT = new Float64Array(capacity);
    this.lotT = new Float64Array(capacity);
  }

  /** Adds a lane; `lotT` NaN for none. */
  push(
    plant: number,
    destination: number,
    mode: number,
    distanceKm: number,
    freightPerT: number,
    surchargePerT: number,
    co2KgPerT: number,
    capacityT: number,
    lotT: number,
  ): void {
    const l = this.length++;
    this.plant[l] = plant;
    this.destination[l] = destination;
    this.mode[l] = mode;
    this.distanceKm[l] = distanceKm;
    this.freightPerT[l] = freightPerT;
    this.surchargePerT[l] = surchargePerT;
    this.co2KgPerT[l] = co2KgPerT;
    this.capacityT[l] = capacityT;
    this.lotT[l] = lotT;
  }

  /** Lane l as a view (a new one each call): for reading a few lanes, such as a plan's used ones. */
  at(l: number): LaneTerms {
    if (!(l >= 0 && l < this.length)) throw new Error(`lane ${l} missing`);
    return new LaneView(this, l);
  }

  /** Where lane l goes. */
  destinationOf(l: number): LaneDestination {
    return this.destinations[this.destination[l] as number] as LaneDestination;
  }

  /** One view per lane, in order. */
  views(): LaneTerms[] {
    const views = new Array<LaneTerms>(this.length);
    for (let l = 0; l < this.length; l++) views[l] = new LaneView(this, l);
    return views;
  }
}

/**
 * A lane read from its table: one object of two fields where a plain one had five boxed doubles.
 * Read-only; its figures are getters, so a spread (`{ ...lane }`) does not copy them.
 */
class LaneView implements LaneTerms {
  constructor(
    private readonly table: LaneTable,
    private readonly l: number,
  ) {}
  get plant(): number {
    return this.table.plant[this.l] as number;
  }
  get destination(): LaneDestination {
    return this.table.destinations[this.table.destination[this.l] as number] as LaneDestination;
  }
  get mode(): number {
    return this.table.mode[this.l] as number;
  }
  get distanceKm(): number {
    return this.table.distanceKm[this.l] as number;
  }
  get freightPerT(): number {
    return this.table.freightPerT[this.l] as number;
  }
  get surchargePerT(): number {
    return this.table.surchargePerT[this.l] as number;
  }
  get co2KgPerT(): number {
    return this.table.co2KgPerT[this.l] as number;
  }
  get capacityT(): number {
    return this.table.capacityT[this.l] as number;
  }
  get lotT(): number | undefined {
    const lotT = this.table.lotT[this.l] as number;
    return Number.isNaN(lotT) ? undefined : lotT;
  }
}
