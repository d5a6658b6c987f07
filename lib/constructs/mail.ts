import { Duration, Stack } from "aws-cdk-lib";
import { EventBus, Rule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import { ConfigurationSet, ConfigurationSetEventDestination, EmailSendingEvent, EventDestination } from "aws-cdk-lib/aws-ses";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { Validations } from "aws-cdk-lib";
import { Construct } from "constructs";
import { RouteFunction } from "../route-function.ts";
import type { FunctionDefaults } from "./api.ts";

// Mail: notices leave through Amazon SES from the council's verified identity (cdk.json mailFrom /
// mailIdentity), through one configuration set whose bounce and complaint events reach EventBridge;
// a rule hands them to the mail-feedback function, which records them on the notice.

export class Mail extends Construct {
  readonly configurationSet: ConfigurationSet;
  readonly identityArn: string;
  readonly configurationSetArn: string;
  readonly fromAddress: string;
  feedback?: RouteFunction;
  feedbackDeadLetters?: Queue;

  constructor(scope: Construct, id: string, props: { readonly mailFrom: string; readonly mailIdentity: string }) {
    super(scope, id);
    const stack = Stack.of(this);
    this.fromAddress = props.mailFrom;
    this.configurationSet = new ConfigurationSet(this, "ConfigurationSet", { reputationMetrics: true, sendingEnabled: true });
    new ConfigurationSetEventDestination(this, "Feedback", {
      configurationSet: this.configurationSet,
      // SES delivers to the default bus only.
      destination: EventDestination.eventBus(EventBus.fromEventBusName(this, "DefaultBus", "default")),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT, EmailSendingEvent.REJECT],
    });
    this.identityArn = stack.formatArn({ service: "ses", resource: "identity", resourceName: props.mailIdentity });
    this.configurationSetArn = stack.formatArn({ service: "ses", resource: "configuration-set", resourceName: this.configurationSet.configurationSetName });
  }

  /** The function that records bounces and complaints on their notices, with its DLQ. */
  addFeedbackFunction(defaults: FunctionDefaults): RouteFunction {
    const deadLetters = new Queue(this, "feedback-dlq", { enforceSSL: true, encryption: QueueEncryption.SQS_MANAGED, retentionPeriod: Duration.days(14) });
    Validations.of(deadLetters).acknowledge({
      id: "Serverless-SQSRedrivePolicy",
      reason: "This queue is itself the dead-letter queue of the mail-feedback function and rule; its messages wait for an operator, whom the alarm calls.",
    });
    const fn = new RouteFunction(this, "mail-feedback", {
      ...defaults,
      entry: "lambdas/jobs/mail-feedback.ts",
      description: "SES bounces and complaints -> the notice's mail status",
      timeout: Duration.seconds(30),
      touches: { table: "write" },
      deadLetterQueue: deadLetters,
    });
    new Rule(this, "FeedbackRule", {
      description: "SES bounce, complaint and reject events of the registry's configuration set",
      eventPattern: {
        source: ["aws.ses"],
        detailType: ["Email Bounced", "Email Complaint Received", "Email Rejected"],
        detail: { mail: { tags: { "ses:configuration-set": [this.configurationSet.configurationSetName] } } },
      },
      targets: [new LambdaFunction(fn.function, { deadLetterQueue: deadLetters, retryAttempts: 2, maxEventAge: Duration.hours(6) })],
    });
    this.feedback = fn;
    this.feedbackDeadLetters = deadLetters;
    return fn;
  }
}
