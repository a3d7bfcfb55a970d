// Each resource type's additionalSecretOutputs as its class sends them, read from the resources'
// field tables, for the mock engine (which cannot see resource options).
import { Fields, secretNames } from "../../provider/core/fields";
import * as ltiConfiguration from "../../provider/flat/ltiConfiguration";
import * as ltiCredentials from "../../provider/flat/ltiCredentials";
import * as organizationInvitation from "../../provider/flat/organizationInvitation";
import * as organizationUser from "../../provider/flat/organizationUser";
import * as userAccessToken from "../../provider/flat/userAccessToken";
import * as userSigninLink from "../../provider/flat/userSigninLink";

const tables: Record<string, Fields> = {
    "flat:OrganizationUser": organizationUser.fields,
    "flat:OrganizationInvitation": organizationInvitation.fields,
    "flat:LtiCredentials": ltiCredentials.fields,
    "flat:LtiConfiguration": ltiConfiguration.fields,
    "flat:UserAccessToken": userAccessToken.fields,
    "flat:UserSigninLink": userSigninLink.fields,
};

export const secretOutputs: Record<string, string[]> = Object.fromEntries(
    Object.entries(tables).map(([type, fields]) => [type, [...secretNames(fields)]]),
);
