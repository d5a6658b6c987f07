import type { Benchmark } from "./lib/context.ts";
import { type Figure } from "./lib/figures.ts";
import { measuredJourney } from "./lib/measured-journey.ts";
import { round } from "./lib/stats.ts";

// DynamoDB read and write units per API operation, as DynamoDB Local reports them
// (ReturnConsumedCapacity=INDEXES, added by the bench's SDK middleware), against the minimum the item
// sizes allow: each distinct item read once (4 KB units, half when eventually consistent), each
// distinct item written once (1 KB units, doubled in a transaction). What a ratio above 1 points at:
// index writes (every GSI an item is projected into is written again), re-reading the same item, or a
// Query reading more than it returns. Budget: equal to the minimum.

const EPSILON = 1e-9;

function unitsFigure(name: string, value: number, floor: number, note: string | undefined): Figure {
  return {
    name,
    value: Number(value.toFixed(2)),
    unit: "units",
    floor: Number(floor.toFixed(2)),
    ...(floor > 0 ? { ratio: Number((value / floor).toFixed(3)) } : {}),
    budget: "= minimum",
    ok: value <= floor + EPSILON,
    ...(note ? { note } : {}),
  };
}

export const capacityBenchmark: Benchmark = {
  name: "capacity",
  async run(ctx) {
    const journey = await measuredJourney(ctx);
    const figures: Figure[] = [];
    for (const op of journey.ops) {
      const note = op.computed ? "computed" : undefined;
      if (op.rcu > 0 || op.minRcu > 0) figures.push(unitsFigure(`capacity ${op.routeId} read units`, op.rcu, op.minRcu, note));
      if (op.wcu > 0 || op.minWcu > 0) figures.push(unitsFigure(`capacity ${op.routeId} write units`, op.wcu, op.minWcu, note));
      const tableCheck =
        op.tableWcuByRules > 0
          ? `; table writes: DynamoDB Local ${round(op.tableWcuReported)} u, published rules on the item sizes ${round(op.tableWcuByRules)} u; index writes ${round(op.indexWcuReported)} u`
          : "";
      ctx.detail(`capacity ${op.routeId}: ${op.summary}${tableCheck}${op.s3Put + op.s3Get ? `; S3 ${op.s3Put} PUT-class + ${op.s3Get} GET-class` : ""}`);
    }
    const computed = journey.ops.some((op) => op.computed);
    const under = journey.ops.filter((op) => op.tableWcuReported + EPSILON < op.tableWcuByRules).map((op) => op.routeId);
    ctx.detail(
      (computed
        ? "capacity: DynamoDB Local returned no ConsumedCapacity for some requests; those units were computed from item sizes (marked computed)."
        : "capacity: every unit figure is what DynamoDB Local returned (ReturnConsumedCapacity=INDEXES); the minimum is computed from the item sizes.") +
        (under.length
          ? ` DynamoDB Local reports fewer table write units than the published rules give for the same items in ${under.join(", ")}: on AWS expect the rules' numbers, i.e. more.`
          : ""),
    );
    return figures;
  },
};
