/**
 * The `OrganizationMember` resource class, what programs construct. Its provider module,
 * `./organizationMember.provider`, is imported at the top; that module takes its handlers from
 * `./organizationMember`, which never imports this file, so no require cycle exists.
 */
import * as pulumi from "@pulumi/pulumi";
import { PermissionContent, PermissionOrganization } from "./client";
import { OrganizationMemberArgs, OrganizationMemberOutputs } from "./organizationMember";
import provider = require("./organizationMember.provider");

export class OrganizationMember extends pulumi.dynamic.Resource {
    declare readonly organization: pulumi.Output<string>;
    declare readonly user: pulumi.Output<string>;
    declare readonly department: pulumi.Output<string | undefined>;
    /** The effective role: as declared, or the department's. */
    declare readonly permissionOrganization: pulumi.Output<PermissionOrganization>;
    /** The effective content rights: as declared, or the department's. */
    declare readonly permissionContent: pulumi.Output<PermissionContent>;
    declare readonly notify: pulumi.Output<boolean | undefined>;
    /** The department EduBase kept over the declared levels at the last write, with those levels. */
    declare readonly notApplied: pulumi.Output<OrganizationMemberOutputs["notApplied"]>;

    constructor(name: string, args: OrganizationMemberArgs, opts?: pulumi.CustomResourceOptions) {
        // Listed so that the outputs exist even when the program leaves them out.
        const props = {
            department: undefined,
            permissionOrganization: undefined,
            permissionContent: undefined,
            notify: undefined,
            notApplied: undefined,
            ...args,
        };
        super(provider, name, props, opts, "edubase", "OrganizationMember");
    }

    /** Reads an existing membership, by its `<organization>/<user>` id, into the program. */
    static get(name: string, id: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions): OrganizationMember {
        return new OrganizationMember(name, {} as OrganizationMemberArgs, { ...opts, id });
    }
}
