/**
 * The `OrganizationMember` resource class, what programs construct. Its provider module,
 * `./organizationMember.provider`, is imported at the top; that module takes its handlers from
 * `./organizationMember`, which never imports this file, so no require cycle exists.
 */
import * as pulumi from "@pulumi/pulumi";
import { resourceClass } from "../core/fields";
import { fields, OrganizationMemberArgs } from "./organizationMember";
import provider = require("./organizationMember.provider");

export class OrganizationMember extends resourceClass(fields, provider, "edubase", "OrganizationMember") {
    /** Reads an existing membership, by its `<organization>/<user>` id, into the program. */
    static get(name: string, id: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions): OrganizationMember {
        return new OrganizationMember(name, {} as OrganizationMemberArgs, { ...opts, id });
    }
}
