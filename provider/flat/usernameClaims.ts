/**
 * Which resource manages which Flat username (any case): a `flat.OrganizationUser` and a
 * `flat.OrganizationUsers`, or two sets, must not both manage one account.
 */
import { ClaimRegistry } from "../core/claims";

const usernames = new ClaimRegistry(
    "usernames",
    "One account must be managed by one resource only: otherwise each undoes the other's changes and removing it " +
        "from either deletes the account",
);

export function claimUsernames(owner: string, names: Iterable<string>): void {
    usernames.claim(
        owner,
        [...names].map((n) => n.toLowerCase()),
    );
}

export function releaseUsernames(owner: string, names: Iterable<string>): void {
    usernames.release(
        owner,
        [...names].map((n) => n.toLowerCase()),
    );
}
