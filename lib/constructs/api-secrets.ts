import { Validations } from "aws-cdk-lib";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";

/**
 * Two generated secrets the API needs, made by CloudFormation (never in the template or the repo):
 * - the origin secret CloudFront adds to every /api/* request it forwards (header x-origin-verify) and
 *   the handlers check (env ORIGIN_SECRET), so the execute-api endpoint called directly, around
 *   CloudFront and its WAF, is refused;
 * - the HMAC key that signs list cursors (env CURSOR_KEY), one for every function so a cursor from one
 *   function instance pages on in the next.
 * Both reach their consumers as dynamic references resolved at deploy time.
 */
export class ApiSecrets extends Construct {
  readonly originSecret: Secret;
  readonly cursorKey: Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const generated = (name: string, description: string) => {
      const secret = new Secret(this, name, { description, generateSecretString: { passwordLength: 48, excludePunctuation: true } });
      Validations.of(secret).acknowledge({
        id: "AwsSolutions-SMG4",
        reason:
          "Read only at deploy time into CloudFront's origin header and the functions' environment; rotating it would need a redeploy of both, which is how it is rotated.",
      });
      return secret;
    };
    this.originSecret = generated("OriginSecret", "Header value CloudFront adds to API requests; the API refuses requests without it");
    this.cursorKey = generated("CursorKey", "HMAC key that signs the API's list cursors");
  }

  /** The values for the functions' environment. */
  environment(): Record<string, string> {
    return { ORIGIN_SECRET: this.originSecret.secretValue.unsafeUnwrap(), CURSOR_KEY: this.cursorKey.secretValue.unsafeUnwrap() };
  }
}
