/**
 * The `UserAccessToken` resource class, what programs construct. Its provider module,
 * `./userAccessToken.provider`, is imported at the top; that module takes its handlers from `./userAccessToken`,
 * which never imports this file, so no require cycle exists.
 */
import * as pulumi from "@pulumi/pulumi";
import { withSecretOutputs } from "../core/resource";
import { AppScope } from "./models";
import { UserAccessTokenArgs } from "./userAccessToken";
import provider = require("./userAccessToken.provider");

/**
 * No `get` static: Flat cannot look a token up, so there is nothing to read into a program that
 * did not create it.
 */
export class UserAccessToken extends pulumi.dynamic.Resource {
    declare readonly user: pulumi.Output<string>;
    declare readonly scopes: pulumi.Output<AppScope[]>;
    declare readonly renewBefore: pulumi.Output<string>;
    /** The bearer token (secret). */
    declare readonly token: pulumi.Output<string>;
    declare readonly tokenId: pulumi.Output<string>;
    declare readonly issuedDate: pulumi.Output<string | undefined>;
    declare readonly expirationDate: pulumi.Output<string | undefined>;

    constructor(name: string, args: UserAccessTokenArgs, opts?: pulumi.CustomResourceOptions) {
        const props = {
            token: undefined,
            tokenId: undefined,
            issuedDate: undefined,
            expirationDate: undefined,
            ...args,
        };
        super(provider, name, props, withSecretOutputs(opts, ["token"]), "flat", "UserAccessToken");
    }
}
