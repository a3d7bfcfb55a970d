/**
 * The `LtiConfiguration` resource class, what programs construct. Its provider module,
 * `./ltiConfiguration.provider`, is imported at the top; that module takes its handlers from
 * `./ltiConfiguration`, which never imports this file, so no require cycle exists.
 */
import * as pulumi from "@pulumi/pulumi";
import { withSecretOutputs } from "../core/resource";
import { LmsName, LtiConfigurationMode } from "./models";
import { LtiConfigurationArgs, LtiPlatformInfo, platformFields } from "./ltiConfiguration";
import provider = require("./ltiConfiguration.provider");

export class LtiConfiguration extends pulumi.dynamic.Resource {
    declare readonly mode: pulumi.Output<LtiConfigurationMode>;
    declare readonly ltiVersion: pulumi.Output<"1p1" | "1p3">;
    declare readonly status: pulumi.Output<string | undefined>;
    declare readonly creationDate: pulumi.Output<string | undefined>;
    declare readonly organizationId: pulumi.Output<string | undefined>;
    declare readonly creatorId: pulumi.Output<string | undefined>;
    declare readonly name: pulumi.Output<string | undefined>;
    declare readonly lms: pulumi.Output<LmsName | undefined>;
    /** LTI 1.1: the OAuth 1 consumer key to enter in the LMS. */
    declare readonly consumerKey: pulumi.Output<string | undefined>;
    /** LTI 1.1: the consumer secret (secret). */
    declare readonly consumerSecret: pulumi.Output<string | undefined>;
    declare readonly platformInfo: pulumi.Output<LtiPlatformInfo | undefined>;
    declare readonly locale: pulumi.Output<string | undefined>;
    declare readonly deploymentType: pulumi.Output<string | undefined>;
    declare readonly deploymentId: pulumi.Output<string | undefined>;
    declare readonly clientId: pulumi.Output<string | undefined>;
    declare readonly deploymentBreakdownId: pulumi.Output<string | undefined>;
    declare readonly platformIss: pulumi.Output<string | undefined>;
    declare readonly platformName: pulumi.Output<string | undefined>;
    declare readonly accessTokenUrl: pulumi.Output<string | undefined>;
    declare readonly authorizationUrl: pulumi.Output<string | undefined>;
    declare readonly jwksUrl: pulumi.Output<string | undefined>;
    declare readonly enableEmailMatching: pulumi.Output<boolean | undefined>;
    /** LTI 1.3: Flat's JWKS URL, to enter in the LMS. */
    declare readonly publicKeysetUrl: pulumi.Output<string | undefined>;
    /** LTI 1.3: Flat's OIDC login initiation URL, to enter in the LMS. */
    declare readonly initiateLoginUrl: pulumi.Output<string | undefined>;
    /** LTI 1.3: Flat's launch (redirect) URIs, to enter in the LMS. */
    declare readonly redirectUris: pulumi.Output<string[] | undefined>;
    declare readonly deploymentMode: pulumi.Output<string | undefined>;
    declare readonly parentId: pulumi.Output<string | undefined>;
    declare readonly deploymentKey: pulumi.Output<string | undefined>;
    /** `1p3-dynamic`: the one-time registration token (secret). */
    declare readonly registrationToken: pulumi.Output<string | undefined>;
    /** `1p3-dynamic`: the one-time registration URL to paste into the LMS (secret). */
    declare readonly registrationUrl: pulumi.Output<string | undefined>;
    declare readonly registrationTokenUsed: pulumi.Output<boolean | undefined>;
    declare readonly registrationCompletionDate: pulumi.Output<string | null | undefined>;

    constructor(name: string, args: LtiConfigurationArgs, opts?: pulumi.CustomResourceOptions) {
        const computed = [
            "ltiVersion",
            "status",
            "creationDate",
            "organizationId",
            "creatorId",
            "consumerKey",
            "consumerSecret",
            "publicKeysetUrl",
            "initiateLoginUrl",
            "redirectUris",
            "deploymentMode",
            "parentId",
            "deploymentKey",
            "registrationToken",
            "registrationUrl",
            "registrationTokenUsed",
            "registrationCompletionDate",
            // Inputs of some modes that Flat reports in every LTI 1.3 mode.
            ...platformFields,
            "deploymentBreakdownId",
            "enableEmailMatching",
            "name",
            "lms",
            "platformInfo",
            "locale",
            "deploymentType",
        ];
        const props = { ...Object.fromEntries(computed.map((k) => [k, undefined])), ...args };
        super(
            provider,
            name,
            props,
            withSecretOutputs(opts, ["consumerSecret", "registrationToken", "registrationUrl"]),
            "flat",
            "LtiConfiguration",
        );
    }

    /** Reads an existing configuration by id; its secrets are known only where Flat's list returns them. */
    static get(name: string, id: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions): LtiConfiguration {
        return new LtiConfiguration(name, {} as LtiConfigurationArgs, { ...opts, id });
    }
}
