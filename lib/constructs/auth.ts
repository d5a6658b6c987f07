import { Duration, RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  OAuthScope,
  ResourceServerScope,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
  UserPoolEmail,
  UserPoolOperation,
} from "aws-cdk-lib/aws-cognito";
import { type IManagedPolicy, Policy, PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { AUDIT_SCOPE, GROUPS, METER_SCOPE_PREFIX, type Group } from "../../lambdas/routes.ts";
import { REGIONS, type Region } from "../../lambdas/schemas/common.ts";
import { RouteFunction } from "../route-function.ts";

export interface AuthProps {
  /** `https://<distribution domain>`: where the hosted UI sends people back. */
  readonly webOrigin: string;
  readonly domainPrefix: string;
  readonly logRetention: RetentionDays;
  readonly logLevel: string;
  readonly tracingPolicy: IManagedPolicy;
}

// Lower number wins when Cognito has to pick one group's role: the most trusted first.
const PRECEDENCE: Record<Group, number> = { admin: 0, reviewer: 1, auditor: 2, applicant: 3 };
/** The group lambdas/triggers/post-confirmation.ts puts self-signed-up users in. */
const SELF_SIGN_UP_GROUP: Group = "applicant";

/** `https://<prefix>.auth.<region>.amazoncognito.com`, known before the pool exists (the CSP needs it). */
export function hostedUiUrl(scope: Construct, domainPrefix: string): string {
  return `https://${domainPrefix}.auth.${Stack.of(scope).region}.amazoncognito.com`;
}

/**
 * Who is who: a user pool where applicants sign themselves up (and land in `applicant`), staff are
 * added to their group by an admin, and auditors' scripts use a client-credentials app client.
 */
export class Auth extends Construct {
  readonly userPool: UserPool;
  readonly domain: UserPoolDomain;
  readonly webClient: UserPoolClient;
  readonly auditClient: UserPoolClient;
  /** One client-credentials client per region's distribution company, each with only its region's scope. */
  readonly gridClients = new Map<Region, UserPoolClient>();
  readonly postConfirmation: RouteFunction;

  constructor(scope: Construct, id: string, props: AuthProps) {
    super(scope, id);

    this.postConfirmation = new RouteFunction(this, "PostConfirmation", {
      entry: "lambdas/triggers/post-confirmation.ts",
      description: `Adds self-signed-up users to the ${SELF_SIGN_UP_GROUP} group`,
      // Cognito waits at most 5 s for a trigger.
      timeout: Duration.seconds(5),
      memorySize: 256,
      environment: { LOG_LEVEL: props.logLevel, POWERTOOLS_SERVICE_NAME: "sandbox-registry" },
      logRetention: props.logRetention,
      tracingPolicy: props.tracingPolicy,
    });

    this.userPool = new UserPool(this, "UserPool", {
      selfSignUpEnabled: true,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      keepOriginal: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      userVerification: { emailSubject: "Confirm your sandbox registry account" },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      email: UserPoolEmail.withCognito(),
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.userPool).acknowledge({
      id: "AwsSolutions-COG2",
      reason: "MFA is optional (TOTP) by the council's decision: applicants sign themselves up; staff are asked to enrol (docs/deploy.md). Threat protection (Plus plan, full function) covers risky sign-ins.",
    });
    this.userPool.addTrigger(UserPoolOperation.POST_CONFIRMATION, this.postConfirmation.function);
    // A separate policy, not the role's inline one: the pool already depends on the function, so
    // the role itself must not depend on the pool.
    new Policy(this, "PostConfirmationGroups", {
      roles: [this.postConfirmation.role],
      statements: [new PolicyStatement({ actions: ["cognito-idp:AdminAddUserToGroup"], resources: [this.userPool.userPoolArn] })],
    });

    for (const group of GROUPS) {
      this.userPool.addGroup(`Group-${group}`, { groupName: group, precedence: PRECEDENCE[group], description: `The ${group} role` });
    }

    const [identifier, scopeName] = AUDIT_SCOPE.split("/");
    const auditRead = new ResourceServerScope({ scopeName, scopeDescription: "Read every record, event and document" });
    // `sandbox/meter.<REGION>`: a grid operator's token reaches only its region's licences (the handler reads the scope).
    const meterScopes = new Map(
      REGIONS.map((region) => [
        region,
        new ResourceServerScope({ scopeName: `${METER_SCOPE_PREFIX.slice(identifier.length + 1)}${region}`, scopeDescription: `Meter readings and curtailments of region ${region}` }),
      ]),
    );
    const resourceServer = this.userPool.addResourceServer("ResourceServer", {
      identifier,
      userPoolResourceServerName: identifier,
      scopes: [auditRead, ...meterScopes.values()],
    });

    this.domain = this.userPool.addDomain("HostedUi", { cognitoDomain: { domainPrefix: props.domainPrefix } });

    this.webClient = this.userPool.addClient("WebClient", {
      // A browser cannot keep a secret: authorization code + PKCE (the web app always sends S256).
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [`${props.webOrigin}/`],
        logoutUrls: [`${props.webOrigin}/`],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.minutes(60),
      idTokenValidity: Duration.minutes(60),
      refreshTokenValidity: Duration.hours(12),
      enableTokenRevocation: true,
    });

    this.auditClient = this.userPool.addClient("AuditClient", {
      // Auditors' scripts: client credentials, one scope, no user sign-in flows at all.
      generateSecret: true,
      authFlows: { userSrp: false },
      oAuth: { flows: { clientCredentials: true }, scopes: [OAuthScope.resourceServer(resourceServer, auditRead)] },
      accessTokenValidity: Duration.minutes(60),
      enableTokenRevocation: true,
    });

    for (const [region, meterScope] of meterScopes) {
      this.gridClients.set(
        region,
        this.userPool.addClient(`GridClient-${region}`, {
          // The distribution company's metering system: client credentials, its one region's scope.
          userPoolClientName: `grid-${region}`,
          generateSecret: true,
          authFlows: { userSrp: false },
          oAuth: { flows: { clientCredentials: true }, scopes: [OAuthScope.resourceServer(resourceServer, meterScope)] },
          accessTokenValidity: Duration.minutes(60),
          enableTokenRevocation: true,
        }),
      );
    }
  }

  /** What the web app reads from /config.json on AWS. */
  webConfig(webOrigin: string) {
    return {
      auth: {
        kind: "cognito",
        domain: this.domain.baseUrl(),
        clientId: this.webClient.userPoolClientId,
        redirectUri: `${webOrigin}/`,
        scopes: ["openid", "email", "profile"],
      },
    };
  }
}
