// What each field is called on screen; the checklist and the error summary use the same words.

export const FIELD_LABELS: Record<string, string> = {
  organisation: "Organisation details",
  energy: "Energy request",
  vasp: "Virtual asset services",
  "organisation.legalName": "Legal name",
  "organisation.registrationNumber": "Registration number (SECP incorporation no.)",
  "organisation.taxNumber": "Tax number (NTN)",
  "organisation.address": "Registered address",
  "organisation.contactEmail": "Contact e-mail",
  beneficialOwners: "Beneficial owners",
  "energy.region": "Grid region",
  "energy.requestedMw": "Requested MW",
  "energy.startDate": "Start date",
  "energy.curtailable": "Curtailable on grid request",
  "energy.details": "Site details",
  "vasp.services": "Services offered",
  "vasp.paidUpCapitalUsd": "Paid-up capital (USD)",
  "vasp.complianceOfficerEmail": "AML/CFT compliance officer e-mail",
  "vasp.custodyModel": "Custody model",
};

/** `beneficialOwners.1.idNumber` -> `Beneficial owner 2: ID number`. */
export function fieldLabel(path: string): string {
  if (FIELD_LABELS[path]) return FIELD_LABELS[path];
  const owner = /^beneficialOwners\.(\d+)\.(\w+)$/.exec(path);
  if (owner) return `Beneficial owner ${Number(owner[1]) + 1}: ${OWNER_FIELDS[owner[2]] ?? owner[2]}`;
  return path;
}

export const OWNER_FIELDS: Record<string, string> = {
  name: "Full name",
  idNumber: "National ID or passport number",
  ownershipPercent: "Ownership %",
};
