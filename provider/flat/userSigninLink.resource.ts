/**
 * The `UserSigninLink` resource class, what programs construct. Its provider module,
 * `./userSigninLink.provider`, is imported at the top; that module takes its handlers from `./userSigninLink`,
 * which never imports this file, so no require cycle exists.
 */
import * as pulumi from "@pulumi/pulumi";
import { withSecretOutputs } from "../core/resource";
import { UserSigninLinkArgs } from "./userSigninLink";
import provider = require("./userSigninLink.provider");

/**
 * No `get` static: Flat cannot look a link up, so there is nothing to read into a program that did
 * not create it.
 */
export class UserSigninLink extends pulumi.dynamic.Resource {
    declare readonly user: pulumi.Output<string>;
    declare readonly destinationPath: pulumi.Output<string>;
    declare readonly renewBefore: pulumi.Output<string>;
    /** The one-click sign-in URL (secret). */
    declare readonly url: pulumi.Output<string>;
    /** The raw sign-in token (secret). */
    declare readonly token: pulumi.Output<string | undefined>;
    declare readonly expirationDate: pulumi.Output<string | undefined>;

    constructor(name: string, args: UserSigninLinkArgs, opts?: pulumi.CustomResourceOptions) {
        const props = { url: undefined, token: undefined, expirationDate: undefined, ...args };
        super(provider, name, props, withSecretOutputs(opts, ["url", "token"]), "flat", "UserSigninLink");
    }
}
