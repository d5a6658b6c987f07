import { CUSTODY_MODELS, DOCUMENT_TYPES, VASP_SERVICES, APPLICATION_STATUSES } from "../../../lambdas/schemas/application.ts";
import { CATEGORIES, ENERGY_CATEGORIES, REGIONS } from "../../../lambdas/schemas/common.ts";
import { LICENCE_STATUSES, QUEUE_STATUSES } from "../../../lambdas/schemas/review.ts";
import { CATEGORY_LABELS, DOCUMENT_LABELS, humanize, label, REGION_LABELS, SERVICE_LABELS } from "./format.ts";
import type { Option } from "./form.tsx";

// Select options straight from the schema enums, so the UI offers exactly what the API accepts.
const options = (values: readonly string[], table?: Record<string, string>): Option[] =>
  values.map((value) => ({ value, label: table ? label(table, value) : humanize(value) }));

export const CATEGORY_OPTIONS = options(CATEGORIES, CATEGORY_LABELS);
export const ENERGY_CATEGORY_OPTIONS = options(ENERGY_CATEGORIES, CATEGORY_LABELS);
export const REGION_OPTIONS = options(REGIONS, REGION_LABELS);
export const SERVICE_OPTIONS = options(VASP_SERVICES, SERVICE_LABELS);
export const CUSTODY_OPTIONS = options(CUSTODY_MODELS, {
  NO_CLIENT_ASSETS: "We never hold clients' assets",
  SELF_CUSTODY: "We hold clients' assets ourselves",
  THIRD_PARTY_CUSTODIAN: "A licensed third-party custodian holds them",
  HYBRID: "Partly ourselves, partly a custodian",
});
export const DOCUMENT_OPTIONS = options(DOCUMENT_TYPES, DOCUMENT_LABELS);
export const LICENCE_STATUS_OPTIONS = options(LICENCE_STATUSES);
export const QUEUE_STATUS_OPTIONS = options(QUEUE_STATUSES);
export const APPLICATION_STATUS_OPTIONS = options(APPLICATION_STATUSES);
