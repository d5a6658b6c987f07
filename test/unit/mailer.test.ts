import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SendEmailCommand } from "@aws-sdk/client-sesv2";
import { createTransporter, mailerOver, mailSettingsFromEnv, type MailSettings } from "../../lambdas/store/mailer.ts";

// The SES v2 adapter against a recorded SendEmail answer (no SES emulator runs here): what the
// transport sends (raw MIME, sender, configuration set, the notice tag) and what it makes of the answer.

const recorded = JSON.parse(readFileSync(new URL("../events/ses-v2-send-email-response.json", import.meta.url), "utf8"));

describe("the SES v2 mail transport", () => {
  it("sends raw MIME with both bodies from the council's address through its configuration set, tagged with the notice", async () => {
    const sent: SendEmailCommand[] = [];
    const sesClient = { config: { region: async () => "eu-west-1" }, send: async (command: SendEmailCommand) => (sent.push(command), recorded) };
    const settings: MailSettings = { transport: "ses", from: "registry@sandbox-council.example", configurationSet: "MailConfigurationSet", region: "eu-west-1" };
    const mailer = mailerOver(await createTransporter(settings, { sesClient, SendEmailCommand }), settings);
    const messageId = await mailer.send({ to: "compliance@firm.example", subject: "Licence PCC-BTC-2026-000001 suspended", text: "plain body", html: "<p>html body</p>", messageId: "<abc@sandbox-registry>", tag: "WyJhIiwiYiJd" });

    expect(sent).toHaveLength(1);
    const input = sent[0].input;
    expect(input.FromEmailAddress).toBe("registry@sandbox-council.example");
    expect(input.Destination?.ToAddresses).toEqual(["compliance@firm.example"]);
    expect(input.ConfigurationSetName).toBe("MailConfigurationSet");
    expect(input.EmailTags).toEqual([{ Name: "notice", Value: "WyJhIiwiYiJd" }]);
    const raw = Buffer.from(input.Content!.Raw!.Data as Uint8Array).toString("utf8");
    expect(raw).toContain("Subject: Licence PCC-BTC-2026-000001 suspended");
    expect(raw).toMatch(/Content-Type: multipart\/alternative/);
    expect(raw).toContain("plain body");
    expect(raw).toContain("<p>html body</p>");
    // SES answers its own id; nodemailer reports it as SES's Message-ID.
    expect(messageId).toBe(`<${recorded.MessageId}@eu-west-1.amazonses.com>`);
  });

  it("reads its settings from the environment and refuses SMTP without a host and port", () => {
    expect(mailSettingsFromEnv({ MAIL_TRANSPORT: "ses", MAIL_FROM: "a@b.example", SES_CONFIGURATION_SET: "set" })).toMatchObject({ transport: "ses", from: "a@b.example", configurationSet: "set" });
    expect(mailSettingsFromEnv({ SMTP_HOST: "127.0.0.1", SMTP_PORT: "2525" })).toMatchObject({ transport: "smtp", smtpHost: "127.0.0.1", smtpPort: 2525 });
    expect(() => mailSettingsFromEnv({ SMTP_HOST: "127.0.0.1" })).toThrow(/SMTP_PORT/);
  });
});
