/**
 * The `OrganizationMember` resource class, what programs construct. Its provider module,
 * `./organizationMember.provider`, is imported at the top; that module takes its handlers from
 * `./organizationMember`, which never imports this file, so no require cycle exists.
 */
import * as pulumi from "@pulumi/pulumi";
import { ResourceClass, resourceClass } from "../core/fields";
import { fields, OrganizationMemberArgs } from "./organizationMember";
import provider = require("./organizationMember.provider");

// Typed by name so that the published declarations keep each field's documentation.
const Base: ResourceClass<typeof fields> = resourceClass(fields, provider, "edubase", "OrganizationMember");

export class OrganizationMember extends Base {
    /** Reads an existing membership, by its `<organization>/<user>` id, into the program. */
    static get(name: string, id: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions): OrganizationMember {
        return new OrganizationMember(name, {} as OrganizationMemberArgs, { ...opts, id });
    }
}
