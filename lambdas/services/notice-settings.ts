// What notices and the feed need to know of their deployment: the public site they link to, and the
// days a firm has to answer an information request. Read per call (the local runtime sets SITE_URL
// once it knows its port).
export interface NotifierSettings {
  siteUrl: string;
  infoResponseDays: number;
}

export function notifierSettings(source: NodeJS.ProcessEnv = process.env): NotifierSettings {
  const days = Number(source.INFO_RESPONSE_DAYS ?? 30);
  return { siteUrl: source.SITE_URL || "http://127.0.0.1:3000", infoResponseDays: Number.isFinite(days) && days > 0 ? days : 30 };
}
