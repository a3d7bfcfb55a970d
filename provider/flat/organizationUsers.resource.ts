/**
 * The `OrganizationUsers` resource class, what programs construct. Its provider module,
 * `./organizationUsers.provider`, is imported at the top; that module takes its handlers from
 * `./organizationUsers`, which never imports this file, so no require cycle exists.
 */
import * as pulumi from "@pulumi/pulumi";
import { ResourceClass, resourceClass } from "../core/fields";
import { fields, isPlain, OrganizationUsersArgs, toUserMap } from "./organizationUsers";
import provider = require("./organizationUsers.provider");

// Typed by name so that the published declarations keep each field's documentation.
const Base: ResourceClass<typeof fields> = resourceClass(fields, provider, "flat", "OrganizationUsers");

export class OrganizationUsers extends Base {
    constructor(name: string, args: OrganizationUsersArgs, opts?: pulumi.CustomResourceOptions) {
        // Roster entries become the map keyed by lowercase username that the provider checks and stores.
        const users = isPlain(args?.users)
            ? toUserMap(name, args.users)
            : pulumi.output(args?.users).apply((u) => toUserMap(name, u));
        super(name, { ...args, users }, opts);
    }
}
