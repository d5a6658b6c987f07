import { recordMailFeedback } from "../store/notifications.ts";
import { logger } from "../middleware/logger.ts";
import { runJob } from "../observability/job.ts";

// EventBridge -> SES bounce, complaint and reject events of the registry's configuration set
// (lib/constructs/mail.ts): the notice the message's "notice" tag names shows its mail as FAILED,
// with what SES said.

interface SesEvent {
  "detail-type"?: string;
  detail?: {
    eventType?: string;
    mail?: { timestamp?: string; messageId?: string; tags?: Record<string, string[]> };
    bounce?: { bounceType?: string; bounceSubType?: string; timestamp?: string };
    complaint?: { complaintFeedbackType?: string; timestamp?: string };
    reject?: { reason?: string };
  };
}

export const handler = runJob("mail-feedback", async function mailFeedback(event: SesEvent) {
  const detail = event.detail ?? {};
  const tag = detail.mail?.tags?.notice?.[0];
  const type = detail.eventType ?? event["detail-type"] ?? "unknown";
  const at = detail.bounce?.timestamp ?? detail.complaint?.timestamp ?? detail.mail?.timestamp ?? new Date().toISOString();
  const what = detail.bounce
    ? `${detail.bounce.bounceType ?? ""} ${detail.bounce.bounceSubType ?? ""}`.trim()
    : (detail.complaint?.complaintFeedbackType ?? detail.reject?.reason ?? "");
  const recorded = tag ? await recordMailFeedback(tag, { type, at, detail: what }) : false;
  logger.info("mail feedback", { type, messageId: detail.mail?.messageId, recorded });
  return { recorded };
});
