import { AdminAddUserToGroupCommand, CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import type { PostConfirmationTriggerEvent } from "aws-lambda";
import type { Group } from "../route-def.ts";
import { logger } from "../middleware/logger.ts";

// Cognito has no default group: whoever signs themselves up is an applicant, and only an admin
// moves anyone into reviewer, admin or auditor.
export const SELF_SIGN_UP_GROUP: Group = "applicant";

export type AddUserToGroup = (userPoolId: string, username: string, group: Group) => Promise<void>;

export function postConfirmation(addUserToGroup: AddUserToGroup) {
  return async (event: PostConfirmationTriggerEvent): Promise<PostConfirmationTriggerEvent> => {
    // The trigger also fires after a forgotten-password reset; only a new sign-up joins the group.
    if (event.triggerSource === "PostConfirmation_ConfirmSignUp") {
      await addUserToGroup(event.userPoolId, event.userName, SELF_SIGN_UP_GROUP);
      logger.info("self sign-up joined group", { group: SELF_SIGN_UP_GROUP, sub: event.request.userAttributes.sub });
    }
    return event;
  };
}

let client: CognitoIdentityProviderClient | undefined;

// Built once per cold start.
const addWithSdk: AddUserToGroup = async (userPoolId, username, group) => {
  client ??= new CognitoIdentityProviderClient({});
  await client.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: username, GroupName: group }));
};

export const handler = postConfirmation(addWithSdk);
