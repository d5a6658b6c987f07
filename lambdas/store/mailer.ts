import nodemailer, { type Transporter } from "nodemailer";
import { SendEmailCommand, SESv2Client } from "@aws-sdk/client-sesv2";
import { traced } from "../observability/tracing.ts";

// Mail through one library with two transports: Amazon SES v2 on AWS, SMTP locally (MailDev behind
// `npm start`). The transport is chosen by configuration (MAIL_TRANSPORT), built once per cold start.

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable per notice: a resend (which the notifier avoids) would carry the same Message-ID. */
  messageId: string;
  /** SES message tag (letters, digits, - and _): comes back in bounce and complaint events. */
  tag?: string;
}

export interface Mailer {
  /** Resolves with the transport's message id once the mail has been accepted. */
  send(mail: OutgoingMail): Promise<string>;
}

export interface MailSettings {
  transport: "smtp" | "ses";
  from: string;
  smtpHost?: string;
  smtpPort?: number;
  /** SES: the configuration set whose event destination records bounces and complaints. */
  configurationSet?: string;
  region?: string;
}

export function mailSettingsFromEnv(source: NodeJS.ProcessEnv = process.env): MailSettings {
  const transport = source.MAIL_TRANSPORT === "ses" ? "ses" : "smtp";
  const from = source.MAIL_FROM || "Sandbox registry <no-reply@sandbox-registry.local>";
  if (transport === "smtp") {
    const port = Number(source.SMTP_PORT);
    if (!source.SMTP_HOST || !Number.isInteger(port) || port <= 0) throw new Error("SMTP_HOST and SMTP_PORT are required when MAIL_TRANSPORT is smtp");
    return { transport, from, smtpHost: source.SMTP_HOST, smtpPort: port };
  }
  return { transport, from, configurationSet: source.SES_CONFIGURATION_SET || undefined, region: source.AWS_REGION };
}

/** A transporter over SES v2 (`sesClient.send(new SendEmailCommand(raw))`) or plain SMTP. */
export async function createTransporter(settings: MailSettings, ses?: { sesClient: unknown; SendEmailCommand: unknown }): Promise<Transporter> {
  if (settings.transport === "smtp") {
    // MailDev speaks plain SMTP on loopback; on AWS mail never goes through this branch.
    return nodemailer.createTransport({ host: settings.smtpHost, port: settings.smtpPort, secure: false, ignoreTLS: true, connectionTimeout: 5_000, socketTimeout: 10_000 });
  }
  return nodemailer.createTransport({ SES: ses ?? { sesClient: traced(new SESv2Client({ region: settings.region })), SendEmailCommand } } as never);
}

export function mailerOver(transporter: Transporter, settings: MailSettings): Mailer {
  return {
    async send(mail) {
      const info = await transporter.sendMail({
        from: settings.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        ...(settings.transport === "ses"
          ? { ses: { ...(settings.configurationSet ? { ConfigurationSetName: settings.configurationSet } : {}), ...(mail.tag ? { EmailTags: [{ Name: "notice", Value: mail.tag }] } : {}) } }
          : {}),
      });
      return String(info.messageId ?? mail.messageId);
    },
  };
}

let cached: Promise<Mailer> | undefined;

export function mailer(): Promise<Mailer> {
  cached ??= (async () => {
    const settings = mailSettingsFromEnv();
    return mailerOver(await createTransporter(settings), settings);
  })();
  return cached;
}

/** Tests and the local runtime point the mailer elsewhere (another SMTP port) by resetting it. */
export function resetMailer(): void {
  cached = undefined;
}
