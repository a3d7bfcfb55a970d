/**
 * The `OrganizationUsers` resource class, what programs construct. Its provider module,
 * `./organizationUsers.provider`, is imported at the top; that module takes its handlers from
 * `./organizationUsers`, which never imports this file, so no require cycle exists.
 */
import * as pulumi from "@pulumi/pulumi";
import { isPlain, OnRemove, OrganizationUsersArgs, toUserMap, UserState } from "./organizationUsers";
import provider = require("./organizationUsers.provider");

export class OrganizationUsers extends pulumi.dynamic.Resource {
    /** Lowercase username → the account as read back (id, role, profile). */
    declare readonly users: pulumi.Output<Record<string, UserState>>;
    declare readonly onRemove: pulumi.Output<OnRemove>;
    declare readonly adoptExisting: pulumi.Output<boolean>;
    declare readonly locale: pulumi.Output<string | undefined>;

    constructor(name: string, args: OrganizationUsersArgs, opts?: pulumi.CustomResourceOptions) {
        const users = isPlain(args?.users)
            ? toUserMap(name, args.users)
            : pulumi.output(args?.users).apply((u) => toUserMap(name, u));
        const props = {
            onRemove: undefined,
            adoptExisting: undefined,
            locale: undefined,
            ...args,
            users,
            initialPassword: args?.initialPassword === undefined ? undefined : pulumi.secret(args.initialPassword),
            passwords: args?.passwords === undefined ? undefined : pulumi.secret(args.passwords),
        };
        super(provider, name, props, opts, "flat", "OrganizationUsers");
    }
}
