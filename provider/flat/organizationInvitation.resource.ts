/**
 * The `OrganizationInvitation` resource class, what programs construct. Its provider module,
 * `./organizationInvitation.provider`, is imported at the top; that module takes its handlers from
 * `./organizationInvitation`, which never imports this file, so no require cycle exists.
 */
import * as pulumi from "@pulumi/pulumi";
import { withSecretOutputs } from "../core/resource";
import { InvitationRole } from "./models";
import { OrganizationInvitationArgs } from "./organizationInvitation";
import provider = require("./organizationInvitation.provider");

const secretOutputs = ["customCode", "htmlUrl"];

export class OrganizationInvitation extends pulumi.dynamic.Resource {
    declare readonly email: pulumi.Output<string>;
    declare readonly role: pulumi.Output<InvitationRole>;
    declare readonly organization: pulumi.Output<string>;
    declare readonly invitedBy: pulumi.Output<string | undefined>;
    declare readonly usedBy: pulumi.Output<string[]>;
    declare readonly creationDate: pulumi.Output<string | undefined>;
    declare readonly customCode: pulumi.Output<string | undefined>;
    declare readonly htmlUrl: pulumi.Output<string | undefined>;
    declare readonly appliedToExistingMember: pulumi.Output<boolean>;

    constructor(name: string, args: OrganizationInvitationArgs, opts?: pulumi.CustomResourceOptions) {
        const props = {
            organization: undefined,
            invitedBy: undefined,
            usedBy: undefined,
            creationDate: undefined,
            customCode: undefined,
            htmlUrl: undefined,
            appliedToExistingMember: undefined,
            ...args,
        };
        super(provider, name, props, withSecretOutputs(opts, secretOutputs), "flat", "OrganizationInvitation");
    }

    /** Reads an existing invitation by its id. */
    static get(name: string, id: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions): OrganizationInvitation {
        return new OrganizationInvitation(name, {} as OrganizationInvitationArgs, { ...opts, id });
    }
}
