/**
 * What this provider process knows about (organization, user) pairs across EduBase resources. Every
 * dynamic resource of a run is served by one provider process, so this sees them all:
 * - which pairs the program declares (from `check`, `create` and `update`): a removal skips them, so
 *   a user moved from one set to another in one run keeps the membership whichever write lands first;
 * - which resource manages which pair, to warn when two resources manage the same one.
 */
import { ClaimRegistry } from "../core/claims";
import { isUnknown } from "../core/dynamic";

/** `ORG/USER`: codes never contain a slash (check refuses them), and the claims warning names pairs so. */
const pairKey = (organization: string, user: string) => `${organization}/${user}`;

/** Known codes only: a value the engine does not know yet declares nothing. */
function codes(values: unknown): string[] {
    const list = Array.isArray(values) ? values : [values];
    return list.filter((v): v is string => typeof v === "string" && !isUnknown(v));
}

// ---- declared by the program ----

const declared = new Set<string>();

/**
 * Records that the program declares every listed user in every listed organization. A resource
 * never declares a pair it is about to remove (that is why it removes it), so a declared pair met
 * by a removal belongs to another resource of the run.
 */
export function declare(organizations: unknown, users: unknown): void {
    for (const organization of codes(organizations))
        for (const user of codes(users)) declared.add(pairKey(organization, user));
}

/** Whether another resource of this run declares the pair. */
export function declaredElsewhere(organization: string, user: string): boolean {
    return declared.has(pairKey(organization, user));
}

// ---- one pair, one resource ----

const newClaims = () =>
    new ClaimRegistry(
        "memberships",
        "One (organization, user) pair must be managed by one resource only: otherwise each undoes the other's " +
            "changes and destroying either removes the membership",
    );
let claims = newClaims();

function pairs(organizations: readonly string[], users: readonly string[]): string[] {
    return organizations.flatMap((organization) => users.map((user) => pairKey(organization, user)));
}

/** Records that `owner` manages these pairs and warns when another resource of this deployment already does. */
export function claim(owner: string, organizations: readonly string[], users: readonly string[]): void {
    claims.claim(owner, pairs(organizations, users));
}

/** Forgets the pairs `owner` managed (after a delete or a removal). */
export function release(owner: string, organizations: readonly string[], users: readonly string[]): void {
    claims.release(owner, pairs(organizations, users));
}

/** Forgets everything: the state of a new provider process (tests run many "runs" in one process). */
export function forgetPairs(): void {
    declared.clear();
    claims = newClaims();
}
