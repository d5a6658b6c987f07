// Words and numbers as people read them.

export const CATEGORY_LABELS: Record<string, string> = {
  BITCOIN_MINING: "Bitcoin mining",
  AI_DATA_CENTRE: "AI data centre",
  VIRTUAL_ASSET_SERVICE: "Virtual asset service",
};

export const REGION_LABELS: Record<string, string> = {
  PESCO: "PESCO (Peshawar)",
  TESCO: "TESCO (Tribal areas)",
  IESCO: "IESCO (Islamabad)",
  GEPCO: "GEPCO (Gujranwala)",
  LESCO: "LESCO (Lahore)",
  FESCO: "FESCO (Faisalabad)",
  MEPCO: "MEPCO (Multan)",
  HESCO: "HESCO (Hyderabad)",
  SEPCO: "SEPCO (Sukkur)",
  QESCO: "QESCO (Quetta)",
  HAZECO: "HAZECO (Hazara)",
  KE: "KE (K-Electric, Karachi)",
};

export const DOCUMENT_LABELS: Record<string, string> = {
  CERTIFICATE_OF_INCORPORATION: "Certificate of incorporation",
  BENEFICIAL_OWNERSHIP_DECLARATION: "Beneficial ownership declaration",
  AML_CFT_POLICY: "AML/CFT policy",
  SITE_LEASE_OR_TITLE: "Site lease or title",
  GRID_INTERCONNECTION_FEASIBILITY: "Grid interconnection feasibility study",
  BUSINESS_PLAN: "Business plan",
  INFORMATION_SECURITY_POLICY: "Information security policy",
};

export const SERVICE_LABELS: Record<string, string> = {
  EXCHANGE: "Exchange",
  CUSTODY: "Custody",
  BROKERAGE: "Brokerage",
  WALLET: "Wallet provider",
  TOKENISATION: "Tokenisation",
};

/** `UNDER_REVIEW` -> `Under review`. */
export function humanize(value: string | undefined | null): string {
  if (!value) return "";
  const words = value.replace(/[_-]+/g, " ").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const label = (table: Record<string, string>, value: string | undefined | null) => (value ? (table[value] ?? humanize(value)) : "");

const mwFormat = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 3 });
export const formatMw = (value: number | undefined | null) => (typeof value === "number" ? `${mwFormat.format(value)} MW` : "—");
export const formatNumber = (value: number | undefined | null) => (typeof value === "number" ? mwFormat.format(value) : "—");

export function formatDate(value: string | undefined | null): string {
  if (!value) return "—";
  const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return value;
  return date.toLocaleDateString("en-GB", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
}

export function formatDateTime(value: string | undefined | null): string {
  if (!value) return "—";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return `${date.toLocaleString("en-GB", { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC" })} UTC`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
