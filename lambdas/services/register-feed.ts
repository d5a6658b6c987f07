import { atomFeed } from "../domain/register-feed.ts";
import { latestFeedEntries } from "../store/notifications.ts";
import { clock } from "../store/clock.ts";
import { notifierSettings } from "./notice-settings.ts";

export const FEED_ENTRIES = 100;

export async function registerFeed(): Promise<string> {
  return atomFeed(await latestFeedEntries(FEED_ENTRIES), notifierSettings().siteUrl, clock.now().toISOString());
}
