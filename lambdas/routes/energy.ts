import { APPLICANT_OR_REVIEWER, GRID, PUBLIC, defineRoute } from "../route-def.ts";
import { EnergyUsage, LicenceEnergy, PostMeterReadings, ReadingsStored, UsageQuery } from "../schemas/energy.ts";
import { LicenceParams } from "../schemas/review.ts";

// Energy: metering and utilisation (a region's grid operator posts readings; licensees and reviewers read a licence's months; anyone reads a round's usage)
// Each definition is the route's one source: its handler, the CDK stack, the local gateway and the OpenAPI document read it.

export const postMeterReadingsRoute = defineRoute({
  id: "post-meter-readings",
  method: "POST",
  path: "/api/meter-readings",
  access: GRID,
  touches: { table: "write" },
  writes: true,
  summary: "Up to 500 readings (licence, month, MWh, peak MW), validated whole, stored in chunks",
  request: { body: PostMeterReadings },
  responses: { 200: ReadingsStored },
});

export const getLicenceEnergyRoute = defineRoute({
  id: "get-licence-energy",
  method: "GET",
  path: "/api/licences/{licenceNumber}/energy",
  access: APPLICANT_OR_REVIEWER,
  touches: { table: "read" },
  writes: false,
  summary: "Per month of the licence: allowed MW, peak, MWh, load factor and status",
  request: { params: LicenceParams },
  responses: { 200: LicenceEnergy },
});

export const energyUsageRoute = defineRoute({
  id: "energy-usage",
  method: "GET",
  path: "/api/energy/usage",
  access: PUBLIC,
  touches: { table: "read" },
  writes: false,
  summary: "A round's offered and approved MW, metered MWh and utilisation per line and month",
  request: { query: UsageQuery },
  responses: { 200: EnergyUsage },
});

/** This section of lambdas/routes.ts ROUTES, in order. */
export const energyRoutes = [postMeterReadingsRoute, getLicenceEnergyRoute, energyUsageRoute] as const;
