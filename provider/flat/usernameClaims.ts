/**
 * Which resource of this deployment manages which username. Every resource of a deployment runs in
 * one provider process, so this sees them all: a username managed by both a `flat.OrganizationUser`
 * and a `flat.OrganizationUsers` (or by two sets) has each undo the other's changes, and removing
 * it from either deletes the account. The first clash per pair of owners is warned about.
 */
import * as pulumi from "@pulumi/pulumi";

const owners = new Map<string, string>();

/** Records that `owner` manages these usernames (any case) and warns about the ones another resource already manages. */
export function claimUsernames(owner: string, usernames: Iterable<string>): void {
    const clashes = new Map<string, string[]>();
    for (const username of usernames) {
        const key = username.toLowerCase();
        const previous = owners.get(key);
        if (previous !== undefined && previous !== owner)
            clashes.set(previous, [...(clashes.get(previous) ?? []), key]);
        owners.set(key, owner);
    }
    for (const [other, keys] of clashes) {
        pulumi.log.warn(
            `${owner} manages ${keys.length} username${keys.length > 1 ? "s" : ""} (${keys.slice(0, 3).join(", ")}${keys.length > 3 ? ", …" : ""}) that ${other} also manages. One account must be managed by one resource only: otherwise each undoes the other's changes and removing it from either deletes the account`,
        );
    }
}

/** Forgets the usernames `owner` managed (after a removal or a delete). */
export function releaseUsernames(owner: string, usernames: Iterable<string>): void {
    for (const username of usernames) {
        const key = username.toLowerCase();
        if (owners.get(key) === owner) owners.delete(key);
    }
}
