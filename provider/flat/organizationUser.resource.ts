/**
 * The `OrganizationUser` resource class, what programs construct. Its provider module,
 * `./organizationUser.provider`, is imported at the top; that module takes its handlers from
 * `./organizationUser`, which never imports this file, so no require cycle exists.
 */
import * as pulumi from "@pulumi/pulumi";
import { secretInput, withSecretOutputs } from "../core/resource";
import { OrganizationRole } from "./models";
import { OnDelete, OrganizationUserArgs, OrganizationUserOutputs } from "./organizationUser";
import provider = require("./organizationUser.provider");

export class OrganizationUser extends pulumi.dynamic.Resource {
    declare readonly username: pulumi.Output<string>;
    declare readonly password: pulumi.Output<string>;
    declare readonly email: pulumi.Output<string | undefined>;
    declare readonly firstname: pulumi.Output<string | undefined>;
    declare readonly lastname: pulumi.Output<string | undefined>;
    /** The role read back from the API's `organizationRole`. */
    declare readonly role: pulumi.Output<OrganizationRole>;
    declare readonly locale: pulumi.Output<string | undefined>;
    declare readonly onDelete: pulumi.Output<OnDelete>;
    declare readonly printableName: pulumi.Output<string | undefined>;
    /** Id of the organization the account belongs to. */
    declare readonly organization: pulumi.Output<string>;
    /** Ids of the groups (classes) the account is part of. */
    declare readonly groups: pulumi.Output<string[]>;
    declare readonly license: pulumi.Output<OrganizationUserOutputs["license"]>;
    declare readonly adopted: pulumi.Output<boolean>;

    constructor(name: string, args: OrganizationUserArgs, opts?: pulumi.CustomResourceOptions) {
        const props = {
            printableName: undefined,
            organization: undefined,
            groups: undefined,
            license: undefined,
            adopted: undefined,
            ...args,
            password: secretInput(args?.password),
        };
        super(provider, name, props, withSecretOutputs(opts, ["password"]), "flat", "OrganizationUser");
    }

    /** Reads an existing user (by its Flat user id) into the program without managing its lifecycle. */
    static get(name: string, id: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions): OrganizationUser {
        return new OrganizationUser(name, {} as OrganizationUserArgs, { ...opts, id });
    }
}
