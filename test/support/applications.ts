import { randomUUID } from "node:crypto";
import type { Category } from "../../lambdas/schemas/common.ts";

// Complete, valid application bodies per category, for API tests. Override what a test is about.
// Each body is a company of its own (a fresh SECP registration number): the per-firm rules (cap, four
// eyes, the firm guard) count by registration number, so tests about one firm say so by passing one.

export function completeApplication(category: Category = "BITCOIN_MINING", overrides: Record<string, unknown> = {}): Record<string, any> {
  const base = {
    category,
    organisation: {
      legalName: "Indus Hash Works (Pvt) Ltd",
      registrationNumber: `0187${randomUUID().slice(0, 8).toUpperCase()}`,
      taxNumber: "NTN-4455667-8",
      address: "Plot 12, Industrial Estate, Peshawar",
      contactEmail: "compliance@indushash.example",
    },
    beneficialOwners: [
      { name: "Ayesha Khan", idNumber: "35202-1234567-1", ownershipPercent: 60 },
      { name: "Bilal Ahmed", idNumber: "AB1234567", ownershipPercent: 40 },
    ],
  };
  const energy = { region: "PESCO", requestedMw: 20, startDate: "2026-01-01", curtailable: true };
  const vasp = { services: ["EXCHANGE", "CUSTODY"], paidUpCapitalUsd: 2_500_000, complianceOfficerEmail: "mlro@exchange.example" };
  return { ...base, ...(category === "VIRTUAL_ASSET_SERVICE" ? { vasp } : { energy }), ...overrides };
}
