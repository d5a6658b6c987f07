import {
  AiDetails,
  CompleteBeneficialOwners,
  Energy,
  MiningDetails,
  Organisation,
  Vasp,
} from "../../../lambdas/schemas/application.ts";
import type { z } from "zod";
import type { EnergyView as EnergyValue } from "../../../lambdas/schemas/application.ts";
import type { Application } from "../../../lambdas/schemas/review.ts";
import { checkAgainst as check, type Checked } from "../ui/errors.ts";
import { compact, fromNumber, toNumber, toText } from "../ui/values.ts";

// Between the record the API keeps and the strings the inputs hold, plus each step's check against
// the same zod schemas the API uses. A step saves only when its section is complete and valid.

// --- Organisation -------------------------------------------------------------------------------

export interface OrganisationForm {
  legalName: string;
  registrationNumber: string;
  taxNumber: string;
  address: string;
  contactEmail: string;
}

export function organisationForm(record: Application | null): OrganisationForm {
  const o = record?.organisation ?? {};
  return {
    legalName: o.legalName ?? "",
    registrationNumber: o.registrationNumber ?? "",
    taxNumber: o.taxNumber ?? "",
    address: o.address ?? "",
    contactEmail: o.contactEmail ?? "",
  };
}

export function checkOrganisation(form: OrganisationForm) {
  const value = compact({
    legalName: toText(form.legalName),
    registrationNumber: toText(form.registrationNumber),
    taxNumber: toText(form.taxNumber),
    address: toText(form.address),
    contactEmail: toText(form.contactEmail),
  });
  return check(Organisation, value, ["organisation"]);
}

// --- Beneficial owners ----------------------------------------------------------------------------

export interface OwnerForm {
  name: string;
  idNumber: string;
  ownershipPercent: string;
}

export const emptyOwner = (): OwnerForm => ({ name: "", idNumber: "", ownershipPercent: "" });

export function ownersForm(record: Application | null): OwnerForm[] {
  const owners = record?.beneficialOwners ?? [];
  return owners.length
    ? owners.map((o) => ({ name: o.name, idNumber: o.idNumber, ownershipPercent: fromNumber(o.ownershipPercent) }))
    : [emptyOwner()];
}

export function ownersTotal(owners: OwnerForm[]): number {
  return owners.reduce((sum, o) => {
    const n = toNumber(o.ownershipPercent);
    return sum + (n !== undefined && Number.isFinite(n) ? n : 0);
  }, 0);
}

export function checkOwners(owners: OwnerForm[]) {
  const value = owners.map((o) => compact({ name: toText(o.name), idNumber: toText(o.idNumber), ownershipPercent: toNumber(o.ownershipPercent) }));
  return check(CompleteBeneficialOwners, value, ["beneficialOwners"]);
}

// --- Energy -----------------------------------------------------------------------------------------

export interface MachineForm {
  count: string;
  model: string;
  efficiencyJPerTh: string;
}
export interface AcceleratorForm {
  count: string;
  model: string;
}

export interface EnergyForm {
  region: string;
  requestedMw: string;
  startDate: string;
  curtailable: boolean;
  machines: MachineForm[];
  expectedHashrateThs: string;
  cooling: string;
  accelerators: AcceleratorForm[];
  targetPue: string;
  tier: string;
}

export function energyForm(record: Application | null): EnergyForm {
  const e: EnergyValue = record?.energy ?? {};
  const d = e.details ?? {};
  return {
    region: e.region ?? "",
    requestedMw: fromNumber(e.requestedMw),
    startDate: e.startDate ?? "",
    curtailable: e.curtailable ?? false,
    machines: (d.machines ?? []).map((m) => ({ count: fromNumber(m.count), model: m.model, efficiencyJPerTh: fromNumber(m.efficiencyJPerTh) })),
    expectedHashrateThs: fromNumber(d.expectedHashrateThs),
    cooling: d.cooling ?? "",
    accelerators: (d.accelerators ?? []).map((a) => ({ count: fromNumber(a.count), model: a.model })),
    targetPue: fromNumber(d.targetPue),
    tier: d.tier ?? "",
  };
}

function energyDetails(category: string, form: EnergyForm): Record<string, unknown> | undefined {
  const details =
    category === "BITCOIN_MINING"
      ? compact({
          machines: form.machines.length
            ? form.machines.map((m) => compact({ count: toNumber(m.count), model: toText(m.model), efficiencyJPerTh: toNumber(m.efficiencyJPerTh) }))
            : undefined,
          expectedHashrateThs: toNumber(form.expectedHashrateThs),
          cooling: toText(form.cooling),
        })
      : compact({
          accelerators: form.accelerators.length ? form.accelerators.map((a) => compact({ count: toNumber(a.count), model: toText(a.model) })) : undefined,
          targetPue: toNumber(form.targetPue),
          tier: toText(form.tier),
        });
  return Object.keys(details).length ? details : undefined;
}

export function checkEnergy(category: string, form: EnergyForm): Checked<Record<string, unknown>> {
  const details = energyDetails(category, form);
  const base = compact({
    region: toText(form.region),
    requestedMw: toNumber(form.requestedMw),
    startDate: toText(form.startDate),
    curtailable: form.curtailable,
  });
  // Details are checked against the category's own schema: the union in Energy would only say "no match".
  const main = check(Energy.omit({ details: true }), base, ["energy"]);
  const detailSchema: z.ZodType<Record<string, unknown>> = category === "BITCOIN_MINING" ? MiningDetails : AiDetails;
  const detail = details ? check(detailSchema, details, ["energy", "details"]) : ({ ok: true, value: undefined } as const);
  if (main.ok && detail.ok) return { ok: true, value: compact({ ...main.value, details: detail.value }) };
  return {
    ok: false,
    errors: {
      title: "Please correct the highlighted fields",
      fields: { ...(main.ok ? {} : main.errors.fields), ...(detail.ok ? {} : detail.errors.fields) },
      page: [],
    },
  };
}

// --- Virtual asset services -------------------------------------------------------------------------

export interface VaspForm {
  services: string[];
  paidUpCapitalUsd: string;
  complianceOfficerEmail: string;
  custodyModel: string;
}

export function vaspForm(record: Application | null): VaspForm {
  const v = record?.vasp ?? {};
  return { services: v.services ?? [], paidUpCapitalUsd: fromNumber(v.paidUpCapitalUsd), complianceOfficerEmail: v.complianceOfficerEmail ?? "", custodyModel: v.custodyModel ?? "" };
}

export function checkVasp(form: VaspForm) {
  const value = compact({
    services: form.services,
    paidUpCapitalUsd: toNumber(form.paidUpCapitalUsd),
    complianceOfficerEmail: toText(form.complianceOfficerEmail),
    custodyModel: toText(form.custodyModel),
  });
  return check(Vasp, value, ["vasp"]);
}
